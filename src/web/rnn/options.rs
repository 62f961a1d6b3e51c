//! The lab's settings object for JavaScript (`new RnnLabOptions()`, then set fields).

use wasm_bindgen::prelude::*;

use crate::engine::limits;
use crate::engine::rnn::{CellKind, Cells, Optimizer, SessionConfig};
use crate::web::choice::choice;
use crate::web::js_error;

choice! {
    #[doc = " Which cells a session trains side by side."]
    #[wasm_bindgen]
    pub enum RnnCells("cells") => Cells {
        /// The tanh RNN alone.
        Rnn = "rnn" => Cells::One(CellKind::Rnn),
        /// The LSTM alone.
        Lstm = "lstm" => Cells::One(CellKind::Lstm),
        /// The GRU alone.
        Gru = "gru" => Cells::One(CellKind::Gru),
        /// An RNN and an LSTM in lockstep, on the same data.
        Both = "both" => Cells::Both,
        /// An RNN, an LSTM and a GRU in lockstep, on the same data.
        All = "all" => Cells::All,
    }
}

choice! {
    #[doc = " The optimiser a session trains with."]
    #[wasm_bindgen]
    pub enum RnnOptimizer("optimiser") => Option<f32> {
        /// Adam (β₁ 0.9, β₂ 0.999, ε 1e-8), as `torch.optim.Adam`.
        Adam = "adam" => None,
        /// Plain stochastic gradient descent.
        Sgd = "sgd" => Some(0.0),
        /// SGD with momentum 0.9.
        Momentum = "momentum" => Some(0.9),
    }
}

/// Settings of a lab session (set the fields, then pass it to `new RnnLab(text, options)`).
#[wasm_bindgen(js_name = RnnLabOptions)]
#[derive(Debug, Clone, Copy)]
pub struct RnnLabOptions {
    /// Which cells train.
    pub cells: RnnCells,
    /// The optimiser.
    pub optimizer: RnnOptimizer,
    /// Embedding size E.
    #[wasm_bindgen(js_name = embeddingDim)]
    pub embedding_dim: usize,
    /// Hidden size H (checked against its field's range when the lab is built).
    #[wasm_bindgen(js_name = hiddenSize)]
    pub hidden_size: f64,
    /// Truncation window T (checked likewise).
    #[wasm_bindgen(js_name = seqLen)]
    pub seq_len: f64,
    /// Learning rate.
    #[wasm_bindgen(js_name = learningRate)]
    pub learning_rate: f32,
    /// Clip the gradient norm to this (0: off).
    pub clip: f32,
    /// Multiplies W_hh at initialisation.
    #[wasm_bindgen(js_name = recurrentScale)]
    pub recurrent_scale: f32,
    /// LSTM forget-gate bias at initialisation (NaN: PyTorch's default).
    #[wasm_bindgen(js_name = forgetBias)]
    pub forget_bias: f32,
    /// Seed of everything (a whole number from 0 to 2³² − 1).
    pub seed: f64,
}

#[wasm_bindgen]
impl RnnLabOptions {
    /// Defaults: both cells, E 16, H 64, T 32, Adam 0.003, clip 1, scale 1, default bias, seed 1.
    #[wasm_bindgen(constructor)]
    pub fn new() -> RnnLabOptions {
        RnnLabOptions {
            cells: RnnCells::Both,
            optimizer: RnnOptimizer::Adam,
            embedding_dim: 16,
            hidden_size: 64.0,
            seq_len: 32.0,
            learning_rate: 0.003,
            clip: 1.0,
            recurrent_scale: 1.0,
            forget_bias: f32::NAN,
            seed: 1.0,
        }
    }
}

impl Default for RnnLabOptions {
    fn default() -> Self {
        RnnLabOptions::new()
    }
}

impl RnnLabOptions {
    pub(crate) fn to_config(self, text: &str) -> Result<SessionConfig, JsError> {
        let cells = self.cells.value()?;
        let learning_rate = self.learning_rate;
        let optimizer = match self.optimizer.value()? {
            None => Optimizer::adam(learning_rate),
            Some(momentum) => Optimizer::Sgd {
                learning_rate,
                momentum,
            },
        };
        Ok(SessionConfig {
            cells,
            text: text.to_string(),
            embedding_dim: self.embedding_dim,
            hidden_size: limits::RNN_HIDDEN
                .count(self.hidden_size)
                .map_err(js_error)?,
            seq_len: limits::RNN_SEQ_LEN.count(self.seq_len).map_err(js_error)?,
            optimizer,
            clip: (self.clip > 0.0).then_some(self.clip),
            recurrent_scale: self.recurrent_scale,
            forget_bias: self.forget_bias.is_finite().then_some(self.forget_bias),
            seed: limits::SEED.seed(self.seed).map_err(js_error)?,
        })
    }
}
