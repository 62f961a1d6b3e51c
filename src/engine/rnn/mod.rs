//! The "RNN & LSTM through time" lab: RNN and LSTM character language models that record every
//! step forward and backward through time, read and write PyTorch `state_dict`s, and train.
//!
//! ```
//! use unroll::engine::rnn::{CellKind, CharModel, ModelConfig, Optimizer, TrainConfig, Trainer};
//! let text = "abcabcabcabc";
//! let vocab: Vec<char> = "abc".chars().collect();
//! let model = CharModel::new(&ModelConfig::new(CellKind::Lstm, vocab, 4, 8))?;
//! let config = TrainConfig { seq_len: 6, optimizer: Optimizer::adam(0.05), clip: Some(1.0), seed: 1 };
//! let mut trainer = Trainer::new(model, text, config)?;
//! let first = trainer.step()?.loss;
//! for _ in 0..50 { trainer.step()?; }
//! assert!(trainer.step()?.loss < first);
//! let json = unroll::engine::rnn::to_json(trainer.model())?;            // a PyTorch state_dict as JSON
//! let model = unroll::engine::rnn::from_json(&json)?;
//! assert_eq!(&model, trainer.model());                            // exact round trip
//!
//! // One sequence, every intermediate: states, gates, ∂L/∂h_t, gradients by PyTorch name.
//! let record = unroll::engine::rnn::run_sequence(&model, "abcab")?;
//! let dw_hh = record.grads.by_name("rnn.weight_hh_l0").unwrap();
//! let vanishing = unroll::engine::rnn::last_loss_grad_norms(&model, &record); // ‖∂L_T/∂h_t‖, t = 1..T
//! let per_step = unroll::engine::rnn::jacobian_norms(&model, &record);       // ‖∂h_t/∂h_{t−1}‖₂
//! assert_eq!((dw_hh.len(), vanishing.len(), per_step.len()), (4 * 8 * 8, 4, 4));
//! let text = unroll::engine::rnn::sample(&model, "ab", 20, 0.8, 7)?;         // seeded
//! let score = unroll::engine::rnn::score_text(&model, "abcabc")?;             // bits per character
//! # let _ = (text, score, record.perplexity());
//! # Ok::<(), unroll::Error>(())
//! ```

mod analysis;
mod bptt;
mod config;
mod decay;
mod history;
mod infer;
mod model;
mod model_file;
mod model_text;
mod params;
mod session;
mod state_dict;
mod tasks;
mod train;

pub use crate::engine::nn::{clip_grad_norm, CellKind, Optimizer, OptimizerState};
pub use analysis::{
    contribution_norms, curves, gradient_check, input_grad_norms, jacobian_norms,
    last_loss_grad_norms, partial_w_hh_grad_norm, spectral_norm, step_jacobian, GradientCurves,
};
pub use bptt::{backward, forward, SequenceRecord};
pub use config::{Cells, SessionConfig};
pub use decay::GradientDecay;
pub use history::{History, MAX_HISTORY};
pub use infer::{next_distribution, sample, sample_greedy, score_text, TextScore, MAX_INFER_CHARS};
pub use model::{CharModel, ModelConfig, MAX_SIZE, MAX_VOCAB};
pub use model_text::TrainingText;
pub use params::{Dims, Params, Tensor};
pub use session::{LabModel, Session, Stage};
pub use state_dict::{from_json, to_json};
pub use tasks::{
    environment_accuracy, environments_text, remember_first_accuracy, remember_first_text,
    GapAccuracy, ENVIRONMENTS, PLAIN_TEXT,
};
pub use train::{run_sequence, StepStats, TrainConfig, Trainer, MAX_SEQ_LEN};
