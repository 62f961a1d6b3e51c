//! The neural-network core every lab builds on, and that no lab owns: the dense kernels
//! (`kernels`: products, σ and tanh, softmax, the cross-entropy gradient, norms), the recurrent
//! cells forward and backward (`cell`, written once for the RNN lab's character model, the CTC
//! model and the encoder–decoder alike), the LSTM layer over a sequence of vectors (`lstm`),
//! and PyTorch's optimisers and gradient clipping over flat weight buffers (`optim`, with one
//! Adam rule for f32 and f64 weights).
//!
//! Labs depend on this module and never on each other. Names and layouts follow PyTorch:
//! `weight_ih_l0 [G·H, in]`, `weight_hh_l0 [G·H, H]`, `bias_ih_l0`, `bias_hh_l0 [G·H]`, LSTM
//! gate chunks in the order i, f, g, o.

mod cell;
pub(crate) mod kernels;
pub mod limit;
mod lstm;
mod optim;

pub use cell::CellKind;
pub(crate) use cell::{
    cell_backward, gru_backward, gru_step, recurrent_step, CellInputs, GruInputs, StepArrays,
};
pub use kernels::norm;
pub use lstm::{Lstm, LstmGrads, LstmRun};
pub(crate) use optim::{adam_update, AdamRule};
pub use optim::{clip_grad_norm, Optimizer, OptimizerState};
