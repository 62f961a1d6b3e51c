//! A small decoder-only Transformer (a tiny GPT without layer norm) on the lab's tasks: every
//! position reads every other one through self-attention instead of a recurrence.
//!
//! The tokens are one sequence `z = [x_1 … x_S, SEP, y_1 … y_T]` of `N = S + T + 1` positions,
//! SEP being the start symbol. With `E` (`[V, D]`) and a learned position table `P`
//! (`[max_len, D]`):
//!
//! - `x⁰_i = E[z_i] + P[i]` (`[N, D]`);
//! - each of the `layers` blocks: `h = x + SelfAttn(x)` (multi-head, causal or not, see
//!   [`self_attention()`]), then `x' = h + relu(h W_1ᵀ + b_1) W_2ᵀ + b_2` with `W_1` `[4D, D]`,
//!   `W_2` `[D, 4D]` (GPT's 4× hidden width);
//! - `p_i = softmax(x^L_i W_outᵀ + b_out)` (`W_out` `[V, D]`);
//! - `L = (1/(T+1)) Σ_{t=0..T} −ln p_{S+t}[y_{t+1}]` with `y_{T+1}` the end symbol: position
//!   SEP predicts `y_1`, position `y_t` predicts `y_{t+1}`; the source is not scored.
//!
//! Everything is f64, so gradients match finite differences to many digits.

mod backward;
mod trainer;

pub use trainer::{
    sequence_length, Evaluation, SelfAttentionTrainer, SelfAttentionTrainerConfig,
    LONGEST_DATE_INPUT,
};

use ndarray::{s, Array1, Array2, Array3, ArrayViewD, ArrayViewMutD};

use super::tasks::check_symbols;
use super::{self_attention, SelfAttention, SelfAttentionParams, START};
use crate::engine::nn::kernels::softmax_f64;
use crate::engine::{Error, Rng};

/// The largest vocabulary, width and sequence length (the page's models are tiny).
const MAX_SIZE: usize = 256;
/// The most blocks.
const MAX_LAYERS: usize = 4;

/// Sizes, the mask and the seed.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelfAttentionModelConfig {
    /// Vocabulary size `V`, the start and end symbols included.
    pub vocab: usize,
    /// Width `D` of embeddings and the residual stream.
    pub width: usize,
    /// Heads `H` per layer (each of size `D / H`).
    pub heads: usize,
    /// Blocks (attention + feed-forward), 1 to 4.
    pub layers: usize,
    /// The longest sequence `S + T + 1` (rows of the position table).
    pub max_len: usize,
    /// Mask out the future in every layer (position i attends to j ≤ i only).
    pub causal: bool,
    /// Seed of the initialisation.
    pub seed: u64,
}

/// One block's weights: the attention layer, then the feed-forward layer (PyTorch `Linear`
/// layout: `W_1` `[4D, D]`, `b_1` `[4D]`, `W_2` `[D, 4D]`, `b_2` `[D]`).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
struct Block {
    attention: SelfAttentionParams,
    w_1: Array2<f64>,
    b_1: Array1<f64>,
    w_2: Array2<f64>,
    b_2: Array1<f64>,
}

/// The weight tensors of a [`SelfAttentionModel`] (`&` or `&mut`), as views (`view` or
/// `view_mut`) in the order of [`SelfAttentionModel::weights`].
macro_rules! weight_tensors {
    ($model:expr, $iter:ident, $view:ident) => {{
        let model = $model;
        let mut out = vec![
            model.embedding.$view().into_dyn(),
            model.position.$view().into_dyn(),
        ];
        for block in model.blocks.$iter() {
            out.extend([
                block.attention.w_q.$view().into_dyn(),
                block.attention.w_k.$view().into_dyn(),
                block.attention.w_v.$view().into_dyn(),
                block.attention.w_o.$view().into_dyn(),
                block.w_1.$view().into_dyn(),
                block.b_1.$view().into_dyn(),
                block.w_2.$view().into_dyn(),
                block.b_2.$view().into_dyn(),
            ]);
        }
        out.push(model.w_out.$view().into_dyn());
        out.push(model.b_out.$view().into_dyn());
        out
    }};
}

/// The model's weights.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct SelfAttentionModel {
    config: SelfAttentionModelConfig,
    embedding: Array2<f64>,
    position: Array2<f64>,
    blocks: Vec<Block>,
    w_out: Array2<f64>,
    b_out: Array1<f64>,
}

/// What one block computed on its input `x` (`[N, D]` unless noted).
#[derive(Debug, Clone, PartialEq)]
pub struct BlockRun {
    /// The block's input `x`.
    pub input: Array2<f64>,
    /// The attention layer's record (its `weights` are this layer's map).
    pub attention: SelfAttention,
    /// `h = x + SelfAttn(x)`.
    pub mid: Array2<f64>,
    /// The feed-forward pre-activation `h W_1ᵀ + b_1`, `[N, 4D]`.
    pub pre: Array2<f64>,
    /// `x' = h + relu(pre) W_2ᵀ + b_2`.
    pub output: Array2<f64>,
}

/// What one (source, target) sequence computed: what backward needs and what the page draws.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfAttentionRun {
    /// The input sequence `z = [source, SEP, target without its last symbol]`, `N` symbols.
    pub tokens: Vec<usize>,
    /// `S`: position `S + t` (SEP for `t = 0`) predicts target symbol `t`.
    pub source_len: usize,
    /// Attention maps per layer, `[H, N, N]` (row i: where position i looks).
    pub maps: Vec<Array3<f64>>,
    /// Each block's record.
    pub blocks: Vec<BlockRun>,
    /// `p` at the scored positions `S … N−1`, `[T + 1, V]` (row t predicts target symbol t).
    pub probs: Array2<f64>,
    /// The mean cross-entropy over the target.
    pub loss: f64,
}

impl SelfAttentionModel {
    /// Seeded initialisation: `E`, `P` ~ `N(0, 1)`, the attention layers as
    /// [`SelfAttentionParams::new`], every `Linear` `U(−1/√fan_in, 1/√fan_in)` (PyTorch's).
    pub fn new(config: SelfAttentionModelConfig) -> Result<SelfAttentionModel, Error> {
        for (name, value, low, high) in [
            ("vocabulary size", config.vocab, 3, MAX_SIZE),
            ("width", config.width, 1, MAX_SIZE),
            ("longest sequence", config.max_len, 2, MAX_SIZE),
            ("layers", config.layers, 1, MAX_LAYERS),
            ("heads", config.heads, 1, config.width.max(1)),
        ] {
            Error::check_between(name, value, low, high)?;
        }
        let (v, d, hidden) = (config.vocab, config.width, 4 * config.width);
        let mut rng = Rng::new(config.seed);
        let mut normal =
            |rows, cols| Array2::from_shape_fn((rows, cols), |_| f64::from(rng.normal()));
        let (embedding, position) = (normal(v, d), normal(config.max_len, d));
        let linear = |rng: &mut Rng, out: usize, fan_in: usize| {
            let bound = 1.0 / (fan_in as f32).sqrt();
            let mut draw = || f64::from(rng.uniform(-bound, bound));
            let w = Array2::from_shape_fn((out, fan_in), |_| draw());
            let b = Array1::from_shape_fn(out, |_| draw());
            (w, b)
        };
        let mut blocks = Vec::with_capacity(config.layers);
        for _ in 0..config.layers {
            let attention =
                SelfAttentionParams::new(d, config.heads, config.causal, rng.next_u64())?;
            let (w_1, b_1) = linear(&mut rng, hidden, d);
            let (w_2, b_2) = linear(&mut rng, d, hidden);
            blocks.push(Block {
                attention,
                w_1,
                b_1,
                w_2,
                b_2,
            });
        }
        let (w_out, b_out) = linear(&mut rng, v, d);
        Ok(SelfAttentionModel {
            config,
            embedding,
            position,
            blocks,
            w_out,
            b_out,
        })
    }

    /// The sizes, mask and seed.
    pub fn config(&self) -> SelfAttentionModelConfig {
        self.config
    }

    /// Switches the causal mask of every layer (the weights stay as they are).
    pub fn set_causal(&mut self, causal: bool) {
        self.config.causal = causal;
        for block in &mut self.blocks {
            block.attention.causal = causal;
        }
    }

    /// Every weight tensor in the order of [`SelfAttentionModel::weights`]: `E`, `P`, per block
    /// `W_q, W_k, W_v, W_o, W_1, b_1, W_2, b_2`, then `W_out, b_out`.
    fn tensors(&self) -> Vec<ArrayViewD<'_, f64>> {
        weight_tensors!(self, iter, view)
    }

    /// [`SelfAttentionModel::tensors`], mutable.
    fn tensors_mut(&mut self) -> Vec<ArrayViewMutD<'_, f64>> {
        weight_tensors!(self, iter_mut, view_mut)
    }

    /// Every weight, flattened (row-major): `E`, `P`, per block `W_q, W_k, W_v, W_o, W_1, b_1,
    /// W_2, b_2`, then `W_out, b_out`.
    pub fn weights(&self) -> Vec<f64> {
        self.tensors()
            .iter()
            .flat_map(|t| t.iter().copied())
            .collect()
    }

    /// Sets the weights from `values` in the order of [`SelfAttentionModel::weights`]; weights
    /// past the end of a short `values` keep their value, extra values are ignored.
    pub fn set_weights(&mut self, values: &[f64]) {
        let mut it = values.iter();
        for mut tensor in self.tensors_mut() {
            for (w, &v) in tensor.iter_mut().zip(&mut it) {
                *w = v;
            }
        }
    }

    /// The same sizes with every weight zero (the gradient's accumulator).
    fn zeros_like(&self) -> SelfAttentionModel {
        let mut zero = self.clone();
        for mut tensor in zero.tensors_mut() {
            tensor.fill(0.0);
        }
        zero
    }

    /// Checks the symbols and the length of `source` + SEP + `target`.
    fn check(&self, source: &[usize], target: &[usize]) -> Result<(), Error> {
        check_symbols(source, self.config.vocab, "source")?;
        check_symbols(target, self.config.vocab, "target")?;
        let length = source.len() + target.len();
        if length > self.config.max_len {
            return Err(Error::Mismatch(format!(
                "source and target make a sequence of {length} positions, but the model holds \
                 at most {}",
                self.config.max_len
            )));
        }
        Ok(())
    }

    /// Teacher-forced forward over `source` and `target` (which should end with [`END`](super::END)).
    pub fn forward(&self, source: &[usize], target: &[usize]) -> Result<SelfAttentionRun, Error> {
        self.check(source, target)?;
        let tokens: Vec<usize> = source
            .iter()
            .copied()
            .chain(std::iter::once(START))
            .chain(target[..target.len() - 1].iter().copied())
            .collect();
        let mut x = Array2::zeros((tokens.len(), self.config.width));
        for (i, &z) in tokens.iter().enumerate() {
            x.row_mut(i)
                .assign(&(&self.embedding.row(z) + &self.position.row(i)));
        }
        let mut blocks = Vec::with_capacity(self.blocks.len());
        for block in &self.blocks {
            let attention = self_attention(&block.attention, x.view())?;
            let mid = &x + &attention.output;
            let pre = mid.dot(&block.w_1.t()) + &block.b_1;
            let output = &mid + &(pre.mapv(|u| u.max(0.0)).dot(&block.w_2.t()) + &block.b_2);
            let input = std::mem::replace(&mut x, output.clone());
            blocks.push(BlockRun {
                input,
                attention,
                mid,
                pre,
                output,
            });
        }
        let scored = x.slice(s![source.len().., ..]);
        let logits = scored.dot(&self.w_out.t()) + &self.b_out;
        let mut probs = Array2::zeros(logits.dim());
        let mut total = 0.0;
        for (t, (row, mut p)) in logits.rows().into_iter().zip(probs.rows_mut()).enumerate() {
            let row = row.to_vec();
            total += softmax_f64(&row, p.as_slice_mut().expect("row-major")) - row[target[t]];
        }
        Ok(SelfAttentionRun {
            tokens,
            source_len: source.len(),
            maps: blocks.iter().map(|b| b.attention.weights.clone()).collect(),
            blocks,
            probs,
            loss: total / target.len() as f64,
        })
    }
}
