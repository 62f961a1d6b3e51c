//! What sets up a session of the lab, and the checks it passes before anything is allocated:
//! every setting against the page's limits, and one step's cost against the page's budget.

use super::analysis::power_iterations;
use crate::engine::nn::{CellKind, Optimizer};
use crate::engine::{limits, Error};

/// Which cells the lab trains.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cells {
    /// One model of this kind.
    One(CellKind),
    /// An RNN and an LSTM side by side.
    Both,
    /// An RNN, an LSTM and a GRU side by side.
    All,
}

impl Cells {
    /// The kinds of the models, in the order the lab shows them.
    pub fn kinds(self) -> Vec<CellKind> {
        match self {
            Cells::One(kind) => vec![kind],
            Cells::Both => vec![CellKind::Rnn, CellKind::Lstm],
            Cells::All => vec![CellKind::Rnn, CellKind::Lstm, CellKind::Gru],
        }
    }
}

/// Everything that sets up a session.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct SessionConfig {
    /// RNN, LSTM, GRU, or several side by side.
    pub cells: Cells,
    /// The training text (its distinct characters are the vocabulary).
    #[serde(skip)]
    pub text: String,
    /// Embedding size.
    pub embedding_dim: usize,
    /// Hidden size.
    pub hidden_size: usize,
    /// Truncation window T.
    pub seq_len: usize,
    /// The optimiser.
    pub optimizer: Optimizer,
    /// Gradient clipping threshold (`None`: off).
    pub clip: Option<f32>,
    /// Multiplies `W_hh` at initialisation.
    pub recurrent_scale: f32,
    /// LSTM forget-gate bias at initialisation (`None`: PyTorch's default).
    pub forget_bias: Option<f32>,
    /// Seed of everything.
    pub seed: u64,
}

impl SessionConfig {
    /// Checks every setting against the page's limits, and the text's length, before anything
    /// is allocated.
    pub fn validate(&self) -> Result<(), Error> {
        limits::RNN_HIDDEN.check_count(self.hidden_size)?;
        self.validate_training()
    }

    /// The multiply–adds of one step for a model of `kind` over `vocab` characters: forward
    /// and backward through T steps (backward ≈ twice forward) and the gradient-norm view
    /// (power iteration on each step's `H × H` Jacobian and on `W_hh`).
    pub fn step_cost(&self, kind: CellKind, vocab: usize) -> u64 {
        let (e, h, t) = (
            self.embedding_dim as u64,
            self.hidden_size as u64,
            self.seq_len as u64,
        );
        let g = kind.gates() as u64;
        let iterations = power_iterations(self.hidden_size) as u64;
        let training = 3 * t * (g * h * (e + h) + vocab as u64 * h);
        let analysis = t * (2 * iterations * h * h + g * h * h) + g * 2 * iterations * h * h;
        training + analysis
    }

    /// Refuses settings whose one step would cost more than [`limits::RNN_STEP_MACS`].
    pub(super) fn check_cost(&self, kinds: &[CellKind], vocab: usize) -> Result<(), Error> {
        let cost: u64 = kinds.iter().map(|&k| self.step_cost(k, vocab)).sum();
        if cost <= limits::RNN_STEP_MACS {
            return Ok(());
        }
        let cells = match kinds {
            [one] => format!("the {}", one.name().to_uppercase()),
            _ => "both cells".to_string(),
        };
        Err(Error::InvalidOption {
            name: "model size",
            message: format!(
                "is too large for one step: {cells} at H = {}, T = {} cost about {} million \
                 multiply-adds per step (training and the gradient-norm view), more than the {} \
                 million the page runs at once; lower H or T{}",
                self.hidden_size,
                self.seq_len,
                cost.div_ceil(1_000_000),
                limits::RNN_STEP_MACS / 1_000_000,
                if kinds.len() > 1 {
                    ", or train one cell"
                } else {
                    ""
                }
            ),
        })
    }

    /// The settings that also apply to a loaded model (its sizes come from its file).
    pub(super) fn validate_training(&self) -> Result<(), Error> {
        limits::RNN_SEQ_LEN.check_count(self.seq_len)?;
        limits::RNN_SCALE.check_f32(self.recurrent_scale)?;
        if let Some(bias) = self.forget_bias {
            limits::RNN_FORGET_BIAS.check_f32(bias)?;
        }
        if let Some(clip) = self.clip {
            limits::RNN_CLIP.check_f32(clip)?;
        }
        limits::RNN_LEARNING_RATE.check_f32(self.optimizer.learning_rate())?;
        let chars = self.text.chars().count();
        if chars > limits::RNN_TEXT_CHARS {
            return Err(Error::InvalidOption {
                name: "training text",
                message: format!(
                    "has {chars} characters; the lab takes up to {}",
                    limits::RNN_TEXT_CHARS
                ),
            });
        }
        Ok(())
    }
}
