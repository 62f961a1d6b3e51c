//! The sequence engine: RNN and LSTM character language models that record every step forward
//! and backward through time, read and write PyTorch `state_dict`s, and train.

mod bptt;
mod kernels;
mod model;
mod params;

pub use bptt::{backward, forward, SequenceRecord};
pub use model::{CellKind, CharModel, ModelConfig, MAX_SIZE, MAX_VOCAB};
pub use params::{Dims, Params, Tensor};
