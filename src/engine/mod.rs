//! The engine: models and metrics in plain Rust, tested natively. It knows nothing of drawing or
//! of the web; every algorithm returns a record of its intermediates for the views to draw.

pub mod attention;
pub mod ctc;
pub mod curve;
pub mod divergence;
mod error;
pub mod gradcheck;
mod hash;
pub mod limits;
pub mod metrics;
pub mod nn;
mod rng;
pub mod rnn;
pub mod snapshot;
#[cfg(feature = "text")]
pub mod text;
pub mod word2vec;

pub use error::Error;
pub use rng::Rng;
