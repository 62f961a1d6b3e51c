//! The RNN & LSTM lab: the network unrolled through time, the gradient norms against
//! distance, the states as heat maps, and the formula of each stage with its numbers.

mod formula;
mod gradient_norms;
mod unrolled;
mod views;

pub use formula::rnn_formula;
pub use gradient_norms::{draw_gradient_norms, draw_input_reach, gradient_step_at, LOG_FLOOR};
pub use unrolled::{draw_unrolled, unrolled_cell_at, UnrolledView};
pub use views::{
    draw_rnn_gradient_norms, draw_rnn_heatmap, draw_rnn_input_reach, draw_rnn_training_curves,
    draw_rnn_unrolled, model_label, state_matrix, RecurrentState,
};
