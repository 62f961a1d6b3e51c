//! An LSTM encoder–decoder over characters, with attention (dot, general or additive) or
//! without (the baseline whose decoder sees only the encoder's final state), trained with
//! teacher forcing.
//!
//! Encoder: `h^enc = LSTM_enc(E[x_1..x_S])`; the decoder starts from its final state
//! `s_0 = h^enc_S` (and final cell). With `y_0` the start symbol, for `t = 1..T`:
//!
//! - Luong (**dot**, **general**): `s_t = LSTM_dec(E[y_{t−1}], s_{t−1})`,
//!   `c_t = attend(s_t, h^enc)`, `o_t = [s_t; c_t]`;
//! - Bahdanau (**additive**, with input feeding): the previous state asks,
//!   `c_t = attend(s_{t−1}, h^enc)`, and the context is also the decoder's input,
//!   `s_t = LSTM_dec([E[y_{t−1}]; c_t], s_{t−1})` (input size `E + H`), `o_t = [s_t; c_t]`;
//! - no attention: `s_t = LSTM_dec(E[y_{t−1}], s_{t−1})`, `o_t = s_t`;
//!
//! then `p_t = softmax(W o_t + b)` and the loss `L = (1/T) Σ_t −ln p_t[y_t]` (the target ends
//! with the end symbol). The decoder runs one step at a time ([`Seq2Seq::decoder_step`]);
//! teacher-forced [`Seq2Seq::forward`] chains the same steps, and [`Seq2Seq::gradient`]
//! (in `seq2seq/backward.rs`) goes back through them.

mod backward;
mod step;

use ndarray::{s, Array1, Array2, ArrayView1};

use super::encoder_decoder::{AttentionStep, Score, ScoreParams};
use super::tasks::check_symbols;
use crate::engine::nn::{Lstm, LstmRun};
use crate::engine::{Error, Rng};

pub use step::{DecoderState, DecoderStep, Encoded};

/// The start symbol's index (the end symbol is 1; characters start at 2).
pub const START: usize = 0;
/// The end symbol's index.
pub const END: usize = 1;

/// Sizes and the attention choice.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq)]
pub struct Seq2SeqConfig {
    /// Vocabulary size, the two special symbols included.
    pub vocab: usize,
    /// Embedding size.
    pub embedding: usize,
    /// Hidden units of encoder and decoder.
    pub hidden: usize,
    /// The score function, or `None` for the no-attention baseline.
    pub attention: Option<Score>,
    /// Seed of the initialisation.
    pub seed: u64,
}

/// The model's weights.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct Seq2Seq {
    config: Seq2SeqConfig,
    embedding: Array2<f32>,
    encoder: Lstm,
    decoder: Lstm,
    attention: Option<ScoreParams>,
    w_out: Array2<f32>,
    b_out: Array1<f32>,
}

/// What one (source, target) pair computed under teacher forcing.
#[derive(Debug, Clone)]
pub struct Seq2SeqRun {
    /// Encoder inputs (embeddings), `[S, E]`.
    pub enc_x: Array2<f32>,
    /// The encoder's run.
    pub enc: LstmRun,
    /// Decoder inputs: embeddings of the previous symbols, `[T, E]`, followed for additive
    /// attention by the context they were fed with, `[T, E + H]`.
    pub dec_x: Array2<f32>,
    /// The decoder's run (row 0 of `h`, `c`: the encoder's final state).
    pub dec: LstmRun,
    /// The state each step's attention was asked with: `s_t` (dot, general) or `s_{t−1}`
    /// (additive), `[T, H]` (`[0, H]` for the baseline).
    pub queries: Array2<f64>,
    /// Attention at every output step (empty for the baseline).
    pub attention: Vec<AttentionStep>,
    /// The output layer's inputs `o_t`, `[T, H or 2H]`.
    pub features: Array2<f32>,
    /// `p_t`, `[T, V]`.
    pub probs: Array2<f32>,
    /// The mean loss.
    pub loss: f32,
}

impl Seq2Seq {
    /// Seeded initialisation: embeddings `N(0, 1)`, everything else `U(−1/√H, 1/√H)`.
    pub fn new(config: Seq2SeqConfig) -> Result<Seq2Seq, Error> {
        for (name, value) in [
            ("vocabulary size", config.vocab),
            ("embedding size", config.embedding),
            ("hidden size", config.hidden),
        ] {
            Error::check_between(name, value, 1, 512)?;
        }
        let mut rng = Rng::new(config.seed);
        let (v, e, h) = (config.vocab, config.embedding, config.hidden);
        let embedding = Array2::from_shape_fn((v, e), |_| rng.normal());
        let encoder = Lstm::new(e, h, &mut rng);
        let feeds_context = config.attention == Some(Score::Additive);
        let decoder = Lstm::new(if feeds_context { e + h } else { e }, h, &mut rng);
        let attention = match config.attention {
            Some(score) => Some(ScoreParams::new(score, h, h, h, rng.next_u64())?),
            None => None,
        };
        let width = if attention.is_some() { 2 * h } else { h };
        let bound = 1.0 / (h as f32).sqrt();
        let w_out = Array2::from_shape_fn((v, width), |_| rng.uniform(-bound, bound));
        let b_out = Array1::from_shape_fn(v, |_| rng.uniform(-bound, bound));
        Ok(Seq2Seq {
            config,
            embedding,
            encoder,
            decoder,
            attention,
            w_out,
            b_out,
        })
    }

    /// The sizes.
    pub fn config(&self) -> Seq2SeqConfig {
        self.config
    }

    /// The score function's weights (`None` for the baseline).
    pub fn attention_params(&self) -> Option<&ScoreParams> {
        self.attention.as_ref()
    }

    /// Whether the context is also the decoder's input (Bahdanau, additive scores).
    fn feeds_context(&self) -> bool {
        self.config.attention == Some(Score::Additive)
    }

    fn check(&self, ids: &[usize], what: &'static str) -> Result<(), Error> {
        check_symbols(ids, self.config.vocab, what)
    }

    /// The output layer on `o_t`: `(p_t, z_t, ln Σ_k exp z_tk)` with logits `z_t = W o_t + b`
    /// and `p_t = softmax(z_t)` (so `−ln p_t[y] = ln Σ_k exp z_tk − z_ty`).
    fn output(&self, features: ArrayView1<'_, f32>) -> (Array1<f32>, Array1<f32>, f32) {
        let logits = self.w_out.dot(&features) + &self.b_out;
        let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let exp = logits.mapv(|l| (l - max).exp());
        let sum = exp.sum();
        (exp / sum, logits, max + sum.ln())
    }

    /// Teacher-forced forward over `source` and `target` (which should end with [`END`]):
    /// the decoder steps of [`Seq2Seq::decoder_step`], fed the target shifted right.
    pub fn forward(&self, source: &[usize], target: &[usize]) -> Result<Seq2SeqRun, Error> {
        let encoded = self.encode(source)?;
        self.check(target, "target")?;
        let (h, steps) = (self.config.hidden, target.len());
        let mut dec = LstmRun::zeros(steps, h);
        let mut state = self.initial_state(&encoded);
        dec.h.row_mut(0).assign(&state.h);
        dec.c.row_mut(0).assign(&state.c);
        let mut dec_x = Array2::zeros((steps, self.decoder.w_ih.ncols()));
        let query_rows = if self.attention.is_some() { steps } else { 0 };
        let mut queries = Array2::zeros((query_rows, h));
        let mut attention = Vec::new();
        let mut features = Array2::zeros((steps, self.w_out.ncols()));
        let mut probs = Array2::zeros((steps, self.config.vocab));
        let mut total = 0.0f64;
        for t in 0..steps {
            let previous = if t == 0 { START } else { target[t - 1] };
            let cell = self.advance(&encoded, &state, previous);
            dec.gates.row_mut(t).assign(&cell.lstm.gates.row(0));
            dec.tanh_c.row_mut(t).assign(&cell.lstm.tanh_c.row(0));
            dec.h.row_mut(t + 1).assign(&cell.lstm.h.row(1));
            dec.c.row_mut(t + 1).assign(&cell.lstm.c.row(1));
            dec_x.row_mut(t).assign(&cell.x);
            if let Some(step) = cell.attention {
                queries.row_mut(t).assign(&cell.query);
                attention.push(step);
            }
            features.row_mut(t).assign(&cell.features);
            let (p, logits, log_sum) = self.output(cell.features.view());
            probs.row_mut(t).assign(&p);
            total += f64::from(log_sum - logits[target[t]]);
            state = DecoderState {
                h: dec.h.row(t + 1).to_owned(),
                c: dec.c.row(t + 1).to_owned(),
            };
        }
        Ok(Seq2SeqRun {
            enc_x: encoded.x,
            enc: encoded.run,
            dec_x,
            dec,
            queries,
            attention,
            features,
            probs,
            loss: (total / steps as f64) as f32,
        })
    }

    /// Every weight, flattened, each tensor row-major: the embedding `[V, E]`; encoder
    /// `W_ih [4H, E]`, `W_hh [4H, H]`, `b [4H]`; decoder `W_ih [4H, E]` (additive:
    /// `[4H, E + H]`, the embedding's columns first), `W_hh`, `b`; attention (as f32): general
    /// `W [H, H]`, additive `W_s [H, H]`, `U [H, H]`, `v [H]`; output `W [V, H or 2H]` (`s_t`'s
    /// columns first), `b [V]`.
    pub fn weights(&self) -> Vec<f32> {
        let mut out = Vec::new();
        out.extend(self.embedding.iter());
        for lstm in [&self.encoder, &self.decoder] {
            out.extend(lstm.parameters());
        }
        if let Some(p) = &self.attention {
            out.extend(flat_score_params(p));
        }
        out.extend(self.w_out.iter());
        out.extend(self.b_out.iter());
        out
    }

    /// Sets every weight from `values` (in the order of [`Seq2Seq::weights`]).
    pub fn set_weights(&mut self, values: &[f32]) {
        let mut it = values.iter().copied();
        let fill32 = |a: &mut dyn Iterator<Item = &mut f32>, it: &mut dyn Iterator<Item = f32>| {
            for x in a {
                *x = it.next().unwrap_or(*x);
            }
        };
        fill32(&mut self.embedding.iter_mut(), &mut it);
        for lstm in [&mut self.encoder, &mut self.decoder] {
            fill32(&mut lstm.parameters_mut(), &mut it);
        }
        if let Some(p) = &mut self.attention {
            for x in
                p.w.iter_mut()
                    .chain(p.w_s.iter_mut())
                    .chain(p.u.iter_mut())
                    .chain(p.v.iter_mut())
            {
                *x = it.next().map_or(*x, f64::from);
            }
        }
        fill32(&mut self.w_out.iter_mut(), &mut it);
        fill32(&mut self.b_out.iter_mut(), &mut it);
    }
}

/// The score's weights in the order of [`Seq2Seq::weights`], as f32.
fn flat_score_params(p: &ScoreParams) -> impl Iterator<Item = f32> + '_ {
    p.w.iter()
        .chain(&p.w_s)
        .chain(&p.u)
        .chain(&p.v)
        .map(|&x| x as f32)
}

/// The encoder states `h^enc_1..h^enc_S` of `run` as f64, `[S, H]`.
fn encoder_states(run: &LstmRun) -> Array2<f64> {
    run.h.slice(s![1.., ..]).mapv(f64::from)
}
