//! Charts several labs share: the heat map of a matrix, curves with hover, and training curves.

mod curves;
pub(crate) mod frame;
mod heatmap;
mod training_curves;

pub use curves::{curves_point_at, draw_curves, CurvesView, Series};
pub use heatmap::{draw_heatmap, draw_named_heatmap, heatmap_cell_at, HeatScale};
pub use training_curves::draw_training_curves;
