//! The Euclidean norm of what a view lists (a row of a record, a gradient tensor): the engine's
//! one norm, [`crate::engine::nn::norm`], under the name `src/render` uses.

pub use crate::engine::nn::norm as l2_norm;
