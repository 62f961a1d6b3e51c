//! Unroll: see sequence models learn, one step at a time.
//!
//! Three layers, one direction (see `README.md`):
//! - [`engine`]: pure Rust on `ndarray`: the models and metrics, every intermediate kept.
//! - [`render`]: plotters drawings of engine records, generic over the drawing backend.
//! - `web` (wasm32 only): the `wasm-bindgen` handles the page calls.

pub mod engine;
pub mod render;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use engine::attention;
pub use engine::ctc;
pub use engine::divergence;
pub use engine::limits;
pub use engine::metrics;
pub use engine::nn;
pub use engine::rnn;
pub use engine::text;
pub use engine::word2vec;
pub use engine::Error;
