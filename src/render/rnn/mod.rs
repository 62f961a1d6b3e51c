//! The RNN & LSTM lab: the network unrolled through time and the gradient norms against
//! distance.

mod gradient_norms;
mod unrolled;

pub use gradient_norms::{draw_gradient_norms, gradient_step_at, LOG_FLOOR};
pub use unrolled::{draw_unrolled, unrolled_cell_at, UnrolledView};
