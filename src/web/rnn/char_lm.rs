//! The sequence engine for JavaScript: a character-model trainer handle.

use wasm_bindgen::prelude::*;

use crate::engine::rnn::{self, CellKind, CharModel, ModelConfig, Optimizer, TrainConfig, Trainer};
use crate::engine::Rng;
use crate::web::js_error;

/// A character RNN or LSTM and its optimiser, training on a text with truncated BPTT.
#[wasm_bindgen]
pub struct CharLmTrainer {
    inner: Trainer,
    last_loss: f32,
}

fn optimizer(name: &str, learning_rate: f32) -> Result<Optimizer, JsError> {
    match name {
        "adam" => Ok(Optimizer::adam(learning_rate)),
        "sgd" => Ok(Optimizer::Sgd {
            learning_rate,
            momentum: 0.0,
        }),
        "momentum" => Ok(Optimizer::Sgd {
            learning_rate,
            momentum: 0.9,
        }),
        other => Err(JsError::new(&format!(
            "optimiser must be \"adam\", \"sgd\" or \"momentum\", got {other:?}"
        ))),
    }
}

#[wasm_bindgen]
impl CharLmTrainer {
    /// A fresh `kind` (`"rnn"` or `"lstm"`) model of embedding size `embeddingDim` and hidden
    /// size `hiddenSize` over the distinct characters of `text`, trained on `text` in chunks of
    /// `seqLen` with `optimizer` (`"adam"`, `"sgd"`, `"momentum"`) at `learningRate`, the
    /// gradient norm clipped to `clip` (0: no clipping), everything seeded by `seed`.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        kind: &str,
        text: &str,
        embedding_dim: usize,
        hidden_size: usize,
        seq_len: usize,
        optimizer_name: &str,
        learning_rate: f32,
        clip: f32,
        seed: u32,
    ) -> Result<CharLmTrainer, JsError> {
        let mut vocab: Vec<char> = text.chars().collect();
        vocab.sort_unstable();
        vocab.dedup();
        let mut config = ModelConfig::new(
            CellKind::from_name(kind).map_err(js_error)?,
            vocab,
            embedding_dim,
            hidden_size,
        );
        config.seed = u64::from(seed);
        let model = CharModel::new(&config).map_err(js_error)?;
        let train = TrainConfig {
            seq_len,
            optimizer: optimizer(optimizer_name, learning_rate)?,
            clip: (clip > 0.0).then_some(clip),
            seed: u64::from(seed) + 1,
        };
        let inner = Trainer::new(model, text, train).map_err(js_error)?;
        Ok(CharLmTrainer {
            inner,
            last_loss: f32::NAN,
        })
    }

    /// Runs `steps` training steps (forward + BPTT + update each); returns the last loss
    /// (nats per character). Throws "diverged at step k: …" if training blows up.
    pub fn train(&mut self, steps: u32) -> Result<f32, JsError> {
        for _ in 0..steps {
            self.last_loss = self.inner.step().map_err(js_error)?.loss;
        }
        Ok(self.last_loss)
    }

    /// The loss of the last step (NaN before the first).
    #[wasm_bindgen(getter)]
    pub fn loss(&self) -> f32 {
        self.last_loss
    }

    /// Training steps taken.
    #[wasm_bindgen(getter)]
    pub fn steps(&self) -> f64 {
        self.inner.steps() as f64
    }

    /// `length` characters sampled after `prime` at `temperature`, seeded.
    pub fn sample(
        &self,
        prime: &str,
        length: usize,
        temperature: f32,
        seed: u32,
    ) -> Result<String, JsError> {
        rnn::sample(
            self.inner.model(),
            prime,
            length,
            temperature,
            u64::from(seed),
        )
        .map_err(js_error)
    }

    /// The model as a PyTorch `state_dict` JSON file.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> Result<String, JsError> {
        rnn::to_json(self.inner.model()).map_err(js_error)
    }
}

/// A seeded text of `length` characters drawn uniformly from `vocabSize` distinct symbols
/// (for benchmarks: every configuration sees the same data).
#[wasm_bindgen(js_name = syntheticText)]
pub fn synthetic_text(vocab_size: u32, length: usize, seed: u32) -> Result<String, JsError> {
    if vocab_size == 0 || vocab_size > 4096 {
        return Err(JsError::new(&format!(
            "vocabulary size must be between 1 and 4096, got {vocab_size}"
        )));
    }
    let mut rng = Rng::new(u64::from(seed));
    Ok((0..length)
        .map(|_| char::from_u32(0x4E00 + rng.below(vocab_size as usize) as u32).unwrap_or('?'))
        .collect())
}
