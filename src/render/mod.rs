//! Drawings of engine records with plotters, generic over the drawing backend: the same
//! function draws on the page's canvas and into an SVG string for tests and downloads.

pub mod figure_data;
pub(crate) mod kit;
pub(crate) mod theme;

mod attention;
mod charts;
mod ctc;
mod metrics;
mod rnn;
mod word2vec;

pub use attention::{
    attention_cell_at, attention_chart_point_text, decoder_step_text, draw_attention_chart,
    draw_attention_map, draw_beam_tree, draw_decoder_step, draw_explorer, draw_lab_beam_tree,
    draw_lab_decoder_step, draw_probe_map, draw_self_attention_lab, draw_self_attention_maps,
    explorer_cell_at, explorer_height, probe_map_cell_at, probe_map_cell_text,
    self_attention_cell_at, self_attention_cell_text, AttentionChart, AttentionMapView, BeamNode,
    BeamTreeView, DecoderStepView, ExplorerChart, ExplorerView, MapStyle, SelfAttentionMapView,
};
pub use charts::{
    curves_point_at, draw_curves, draw_heatmap, draw_named_heatmap, draw_training_curves,
    heatmap_cell_at, CurvesView, HeatScale, Series,
};
pub use ctc::{
    ctc_symbol_names, draw_ctc_emissions, draw_ctc_gradient, draw_ctc_lattice, draw_ctc_loss_curve,
    draw_emissions, draw_lattice, emission_cell_at, lattice_cell_at, path_states, LatticeValues,
    LatticeView,
};
pub use metrics::{
    distribution_plot_area, draw_bleu_buildup, draw_distributions, draw_joint_heatmap,
    draw_surprisal, MAX_SURPRISAL_BARS,
};
pub use rnn::{
    draw_gradient_norms, draw_input_reach, draw_rnn_gradient_norms, draw_rnn_heatmap,
    draw_rnn_input_reach, draw_rnn_training_curves, draw_rnn_unrolled, draw_unrolled,
    gradient_step_at, model_label, rnn_formula, state_matrix, unrolled_cell_at, RecurrentState,
    UnrolledView, LOG_FLOOR,
};
pub use theme::Theme;
pub use word2vec::{
    draw_matrices, draw_pair, draw_projection, draw_sampling, draw_w2v_loss, draw_w2v_matrices,
    draw_w2v_pair, draw_w2v_projection, draw_w2v_sampling, matrices_cell_at, projection_point_at,
    w2v_matrices_cell_text, w2v_pair_text, w2v_projection_word_at, MatricesView, PairView,
    ProjectionView, SamplingView,
};

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
