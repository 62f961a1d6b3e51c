//! The word2vec lab: the W and W′ matrices, one training pair, the projection of the
//! vectors, and the negative-sampling distribution.

mod common;
mod matrices;
mod pair;
mod projection;
mod sampling;

pub use matrices::{draw_matrices, matrices_cell_at, MatricesView};
pub use pair::{draw_pair, PairView};
pub use projection::{draw_projection, projection_point_at, ProjectionView};
pub use sampling::{draw_sampling, SamplingView};
