//! Unroll: see sequence models learn, one step at a time.
//!
//! Three layers, one direction (see `README.md`):
//! - [`engine`]: pure Rust on `ndarray`: the models and metrics, every intermediate kept.
//! - [`render`]: plotters drawings of engine records, generic over the drawing backend.
//! - `web` (wasm32 only): the `wasm-bindgen` handles the page calls.

pub mod engine;
pub mod render;

// wasm-bindgen's string enums add undocumented public items of their own (a variant for an
// unknown string and its conversions), so `missing_docs` cannot hold here; every export is
// documented all the same: its doc comment is what JavaScript readers see (the JSDoc).
#[cfg(target_arch = "wasm32")]
#[allow(missing_docs)]
pub mod web;

pub use engine::attention;
pub use engine::ctc;
pub use engine::divergence;
pub use engine::limits;
pub use engine::metrics;
pub use engine::nn;
pub use engine::rnn;
#[cfg(feature = "text")]
pub use engine::text;
pub use engine::word2vec;
pub use engine::Error;
