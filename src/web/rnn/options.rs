//! The lab's settings object for JavaScript (`new BpttLabOptions()`, then set fields).

use wasm_bindgen::prelude::*;

use crate::engine::limits;
use crate::engine::seq::{CellKind, Cells, Optimizer, SessionConfig};
use crate::web::js_error;

/// Settings of a lab session (set the fields, then pass it to `new BpttLab(options)`).
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct BpttLabOptions {
    cells: String,
    optimizer: String,
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
impl BpttLabOptions {
    /// Defaults: both cells, E 16, H 64, T 32, Adam 0.003, clip 1, scale 1, default bias, seed 1.
    #[wasm_bindgen(constructor)]
    pub fn new() -> BpttLabOptions {
        BpttLabOptions {
            cells: "both".to_string(),
            optimizer: "adam".to_string(),
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
    /// `"rnn"`, `"lstm"` or `"both"`.
    #[wasm_bindgen(getter)]
    pub fn cells(&self) -> String {
        self.cells.clone()
    }
    /// Sets the cells (checked when the lab is built).
    #[wasm_bindgen(setter)]
    pub fn set_cells(&mut self, cells: String) {
        self.cells = cells;
    }
    /// `"adam"`, `"sgd"` or `"momentum"`.
    #[wasm_bindgen(getter)]
    pub fn optimizer(&self) -> String {
        self.optimizer.clone()
    }
    /// Sets the optimiser (checked when the lab is built).
    #[wasm_bindgen(setter)]
    pub fn set_optimizer(&mut self, optimizer: String) {
        self.optimizer = optimizer;
    }
}

impl Default for BpttLabOptions {
    fn default() -> Self {
        BpttLabOptions::new()
    }
}

impl BpttLabOptions {
    pub(crate) fn to_config(&self, text: &str) -> Result<SessionConfig, JsError> {
        let cells = match self.cells.as_str() {
            "both" => Cells::Both,
            name => Cells::One(CellKind::from_name(name).map_err(js_error)?),
        };
        let learning_rate = self.learning_rate;
        let optimizer = match self.optimizer.as_str() {
            "adam" => Optimizer::adam(learning_rate),
            "sgd" => Optimizer::Sgd {
                learning_rate,
                momentum: 0.0,
            },
            "momentum" => Optimizer::Sgd {
                learning_rate,
                momentum: 0.9,
            },
            other => {
                return Err(JsError::new(&format!(
                    "optimiser must be \"adam\", \"sgd\" or \"momentum\", got {other:?}"
                )))
            }
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
