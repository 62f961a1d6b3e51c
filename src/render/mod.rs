//! Drawings of engine records with plotters, generic over the drawing backend: the same
//! function draws on the page's canvas and into an SVG string for tests and downloads.

mod attention_common;
mod attention_grid;
mod attention_links;
mod attention_map;
mod beam_tree;
mod beam_tree_layout;
mod bleu_chart;
mod ctc;
mod curves;
mod decoder_step;
mod decoder_step_layout;
mod decoder_step_panels;
mod distribution_chart;
mod gradient_norms;
mod heatmap;
mod joint_heatmap;
mod self_attention_map;
mod shapes;
mod surprisal_chart;
mod theme;
mod training_curves;
mod unrolled;
mod word2vec_common;
mod word2vec_matrices;
mod word2vec_matrices_draw;
mod word2vec_matrices_layout;
mod word2vec_pair;
mod word2vec_projection;
mod word2vec_projection_labels;
mod word2vec_sampling;

pub use attention_map::{attention_cell_at, draw_attention_map, AttentionMapView, MapStyle};
pub use beam_tree::{draw_beam_tree, BeamNode, BeamTreeView};
pub use bleu_chart::draw_bleu_buildup;
pub use ctc::{
    draw_emissions, draw_lattice, emission_cell_at, lattice_cell_at, path_states, LatticeValues,
    LatticeView,
};
pub use curves::{curves_point_at, draw_curves, CurvesView, Series};
pub use decoder_step::{draw_decoder_step, DecoderStepView};
pub use distribution_chart::{distribution_plot_area, draw_distributions};
pub use gradient_norms::{draw_gradient_norms, gradient_step_at, LOG_FLOOR};
pub use heatmap::{draw_heatmap, heatmap_cell_at, HeatScale};
pub use joint_heatmap::draw_joint_heatmap;
pub use self_attention_map::{
    draw_self_attention_maps, self_attention_cell_at, SelfAttentionMapView,
};
pub use surprisal_chart::{draw_surprisal, MAX_SURPRISAL_BARS};
pub use theme::Theme;
pub use training_curves::draw_training_curves;
pub use unrolled::{draw_unrolled, unrolled_cell_at, UnrolledView};
pub use word2vec_matrices::{draw_matrices, matrices_cell_at, MatricesView};
pub use word2vec_pair::{draw_pair, PairView};
pub use word2vec_projection::{draw_projection, projection_point_at, ProjectionView};
pub use word2vec_sampling::{draw_sampling, SamplingView};

/// A drawing failed inside the backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError(pub String);

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "drawing failed: {}", self.0)
    }
}

impl std::error::Error for RenderError {}

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>>
    for RenderError
{
    fn from(error: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        RenderError(error.to_string())
    }
}
