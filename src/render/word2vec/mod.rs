//! The word2vec lab: the W and W′ matrices, one training pair, the projection of the
//! vectors, and the negative-sampling distribution.

mod common;
mod matrices;
mod pair;
mod projection;
mod sampling;
mod views;

pub use matrices::{draw_matrices, matrices_cell_at, MatricesView};
pub use pair::{draw_pair, PairView};
pub use projection::{draw_projection, projection_point_at, ProjectionView};
pub use sampling::{draw_sampling, SamplingView};
pub use views::{
    draw_w2v_loss, draw_w2v_matrices, draw_w2v_pair, draw_w2v_projection, draw_w2v_sampling,
    w2v_matrices_cell_text, w2v_pair_text, w2v_projection_word_at,
};
