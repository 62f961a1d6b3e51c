//! The metrics bench: the BLEU build-up, two distributions, a joint heat map and surprisal bars.

mod bleu;
mod distributions;
mod joint_heatmap;
mod surprisal;

pub use bleu::draw_bleu_buildup;
pub use distributions::{distribution_plot_area, draw_distributions};
pub use joint_heatmap::draw_joint_heatmap;
pub use surprisal::{draw_surprisal, MAX_SURPRISAL_BARS};
