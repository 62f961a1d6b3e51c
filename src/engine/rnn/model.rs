//! The character language model: `Embedding(V, E) → RNN (tanh) or LSTM (E → H) → Linear(H → V)`,
//! with PyTorch's conventions and default initialisation.

use super::params::{Dims, Params, Tensor};
use crate::engine::hash::FastMap;
use crate::engine::nn::CellKind;
use crate::engine::{Error, Rng};

/// The largest embedding or hidden size a model may have.
pub const MAX_SIZE: usize = 1024;
/// The largest vocabulary.
pub const MAX_VOCAB: usize = 4096;

/// Everything needed to build a freshly initialised model.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct ModelConfig {
    /// RNN or LSTM.
    pub kind: CellKind,
    /// The characters, in index order (no duplicates).
    pub vocab: Vec<char>,
    /// Embedding size `E`.
    pub embedding_dim: usize,
    /// Hidden size `H`.
    pub hidden_size: usize,
    /// `W_hh` is multiplied by this after PyTorch's initialisation (1 = PyTorch's default;
    /// larger values make gradients explode, smaller ones vanish).
    pub recurrent_scale: f32,
    /// LSTM only: if set, the forget-gate chunk of `b_ih` is set to this and that of `b_hh`
    /// to 0 (a positive value keeps the cell's memory, and its gradient, alive at first).
    pub forget_bias: Option<f32>,
    /// The seed of the initialisation.
    pub seed: u64,
}

impl ModelConfig {
    /// A config with PyTorch's defaults for `kind`, `vocab`, `E`, `H`.
    pub fn new(kind: CellKind, vocab: Vec<char>, embedding_dim: usize, hidden_size: usize) -> Self {
        ModelConfig {
            kind,
            vocab,
            embedding_dim,
            hidden_size,
            recurrent_scale: 1.0,
            forget_bias: None,
            seed: 0,
        }
    }
}

/// A character model: its vocabulary and its parameters.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct CharModel {
    kind: CellKind,
    vocab: Vec<char>,
    index: FastMap<char, usize>,
    params: Params,
}

fn check_size(name: &'static str, value: usize, max: usize) -> Result<(), Error> {
    Error::check_between(name, value, 1, max)
}

/// The index of every character, refusing duplicates.
pub(crate) fn index_vocab(vocab: &[char]) -> Result<FastMap<char, usize>, Error> {
    check_size("vocabulary size", vocab.len(), MAX_VOCAB)?;
    let mut index = FastMap::default();
    for (i, &c) in vocab.iter().enumerate() {
        if let Some(first) = index.insert(c, i) {
            return Err(Error::InvalidOption {
                name: "vocabulary",
                message: format!("lists {c:?} twice (at {first} and {i})"),
            });
        }
    }
    Ok(index)
}

impl CharModel {
    /// A model initialised like PyTorch's modules (seeded): embedding `N(0, 1)`; every RNN/LSTM
    /// tensor and the decoder `U(−1/√H, 1/√H)`; then the config's recurrent scale and forget bias.
    pub fn new(config: &ModelConfig) -> Result<CharModel, Error> {
        let index = index_vocab(&config.vocab)?;
        check_size("embedding size", config.embedding_dim, MAX_SIZE)?;
        check_size("hidden size", config.hidden_size, MAX_SIZE)?;
        if !config.recurrent_scale.is_finite() {
            return Err(Error::InvalidNumber(format!(
                "recurrent-weight scale must be a finite number, got {}",
                config.recurrent_scale
            )));
        }
        if config.forget_bias.is_some_and(|b| !b.is_finite()) {
            return Err(Error::InvalidNumber(
                "forget-gate bias must be a finite number".to_string(),
            ));
        }
        let dims = Dims {
            vocab: config.vocab.len(),
            embedding: config.embedding_dim,
            hidden: config.hidden_size,
            gates: config.kind.gates(),
        };
        let mut params = Params::zeros(dims);
        let mut rng = Rng::new(config.seed);
        let bound = 1.0 / (config.hidden_size as f32).sqrt();
        for tensor in Tensor::ALL {
            for x in params.tensor_mut(tensor) {
                *x = match tensor {
                    Tensor::Embedding => rng.normal(),
                    _ => rng.uniform(-bound, bound),
                };
            }
        }
        for w in params.tensor_mut(Tensor::WeightHh) {
            *w *= config.recurrent_scale;
        }
        if let (CellKind::Lstm, Some(bias)) = (config.kind, config.forget_bias) {
            let h = config.hidden_size;
            params.tensor_mut(Tensor::BiasIh)[h..2 * h].fill(bias);
            params.tensor_mut(Tensor::BiasHh)[h..2 * h].fill(0.0);
        }
        Ok(CharModel {
            kind: config.kind,
            vocab: config.vocab.clone(),
            index,
            params,
        })
    }

    /// A model from parts already checked (used by the model-file reader).
    pub(crate) fn from_parts(
        kind: CellKind,
        vocab: Vec<char>,
        params: Params,
    ) -> Result<Self, Error> {
        let index = index_vocab(&vocab)?;
        Ok(CharModel {
            kind,
            vocab,
            index,
            params,
        })
    }

    /// RNN or LSTM.
    pub fn kind(&self) -> CellKind {
        self.kind
    }

    /// The characters in index order.
    pub fn vocab(&self) -> &[char] {
        &self.vocab
    }

    /// The sizes V, E, H, G.
    pub fn dims(&self) -> Dims {
        self.params.dims()
    }

    /// The parameters.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The parameters, mutable (for optimisers and tests).
    pub fn params_mut(&mut self) -> &mut Params {
        &mut self.params
    }

    /// The index of `c`, or an error naming the character (characters outside the vocabulary
    /// are refused, never mapped silently).
    pub fn char_index(&self, c: char) -> Result<usize, Error> {
        self.index
            .get(&c)
            .copied()
            .ok_or_else(|| Error::InvalidOption {
                name: "text",
                message: format!(
                    "contains {c:?} (U+{:04X}), which is not in the model's vocabulary",
                    c as u32
                ),
            })
    }

    /// The indices of every character of `text`.
    pub fn encode(&self, text: &str) -> Result<Vec<usize>, Error> {
        text.chars().map(|c| self.char_index(c)).collect()
    }
}
