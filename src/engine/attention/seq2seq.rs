//! An LSTM encoder–decoder over characters, with attention (dot, general or additive) or
//! without (the baseline whose decoder sees only the encoder's final state), trained with
//! teacher forcing.
//!
//! Encoder: `h^enc = LSTM(E[x_1..x_S])`. Decoder (starting from the encoder's final state):
//! `s_t = LSTM(E[y_{t−1}], s_{t−1})` with `y_0` the start symbol; with attention,
//! `c_t = attend(s_t, h^enc)` and `o_t = [s_t; c_t]`, without, `o_t = s_t`;
//! `p_t = softmax(W o_t + b)`, loss `L = (1/T) Σ_t −ln p_t[y_t]` (the target ends with the end
//! symbol).

use ndarray::{s, Array1, Array2};

use super::encoder_decoder::{attend, attend_backward, AttentionStep, Score, ScoreParams};
use crate::engine::lstm::{Lstm, LstmRun};
use crate::engine::{Error, Rng};

/// The start symbol's index (the end symbol is 1; characters start at 2).
pub const START: usize = 0;
/// The end symbol's index.
pub const END: usize = 1;

/// Sizes and the attention choice.
#[derive(Debug, Clone, Copy, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
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
    /// Decoder inputs (embeddings of the previous symbols), `[T, E]`.
    pub dec_x: Array2<f32>,
    /// The decoder's run.
    pub dec: LstmRun,
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
            if value == 0 || value > 512 {
                return Err(Error::InvalidOption {
                    name,
                    message: format!("must be between 1 and 512, got {value}"),
                });
            }
        }
        let mut rng = Rng::new(config.seed);
        let (v, e, h) = (config.vocab, config.embedding, config.hidden);
        let embedding = Array2::from_shape_fn((v, e), |_| rng.normal());
        let encoder = Lstm::new(e, h, &mut rng);
        let decoder = Lstm::new(e, h, &mut rng);
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

    fn embed(&self, ids: &[usize]) -> Array2<f32> {
        let mut x = Array2::zeros((ids.len(), self.config.embedding));
        for (t, &id) in ids.iter().enumerate() {
            x.row_mut(t).assign(&self.embedding.row(id));
        }
        x
    }

    fn check(&self, ids: &[usize], what: &'static str) -> Result<(), Error> {
        if ids.is_empty() {
            return Err(Error::Empty(what));
        }
        if let Some(&bad) = ids.iter().find(|&&id| id >= self.config.vocab) {
            return Err(Error::InvalidOption {
                name: what,
                message: format!(
                    "holds symbol {bad}, outside the vocabulary of {}",
                    self.config.vocab
                ),
            });
        }
        Ok(())
    }

    /// The encoder states `h^enc` as f64, `[S, H]`.
    fn encoder_states(run: &LstmRun) -> Array2<f64> {
        run.h.slice(s![1.., ..]).mapv(f64::from)
    }

    /// Teacher-forced forward over `source` and `target` (which should end with [`END`]).
    pub fn forward(&self, source: &[usize], target: &[usize]) -> Result<Seq2SeqRun, Error> {
        self.check(source, "source")?;
        self.check(target, "target")?;
        let h = self.config.hidden;
        let enc_x = self.embed(source);
        let enc = self.encoder.forward(enc_x.view(), None);
        let last = source.len();
        let inputs: Vec<usize> = std::iter::once(START)
            .chain(target[..target.len() - 1].iter().copied())
            .collect();
        let dec_x = self.embed(&inputs);
        let dec = self
            .decoder
            .forward(dec_x.view(), Some((enc.h.row(last), enc.c.row(last))));
        let states = Seq2Seq::encoder_states(&enc);
        let width = self.w_out.ncols();
        let mut features = Array2::zeros((target.len(), width));
        let mut attention = Vec::new();
        for t in 0..target.len() {
            let s_t = dec.h.row(t + 1);
            features.slice_mut(s![t, ..h]).assign(&s_t);
            if let Some(params) = &self.attention {
                let step = attend(params, s_t.mapv(f64::from).view(), states.view());
                features
                    .slice_mut(s![t, h..])
                    .assign(&step.context.mapv(|c| c as f32));
                attention.push(step);
            }
        }
        let mut logits = features.dot(&self.w_out.t());
        logits += &self.b_out;
        let mut probs = Array2::zeros(logits.dim());
        let mut total = 0.0f64;
        for (t, row) in logits.rows().into_iter().enumerate() {
            let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let sum: f32 = row.iter().map(|&l| (l - max).exp()).sum();
            for (k, &l) in row.iter().enumerate() {
                probs[[t, k]] = (l - max).exp() / sum;
            }
            total += f64::from(max + sum.ln() - row[target[t]]);
        }
        Ok(Seq2SeqRun {
            enc_x,
            enc,
            dec_x,
            dec,
            attention,
            features,
            probs,
            loss: (total / target.len() as f64) as f32,
        })
    }

    /// Every weight, flattened: embedding, encoder, decoder, attention (as f32), output.
    pub fn weights(&self) -> Vec<f32> {
        let mut out = Vec::new();
        out.extend(self.embedding.iter());
        for lstm in [&self.encoder, &self.decoder] {
            out.extend(lstm.w_ih.iter());
            out.extend(lstm.w_hh.iter());
            out.extend(lstm.bias.iter());
        }
        if let Some(p) = &self.attention {
            out.extend(
                p.w.iter()
                    .chain(&p.w_s)
                    .chain(&p.u)
                    .chain(&p.v)
                    .map(|&x| x as f32),
            );
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
            fill32(&mut lstm.w_ih.iter_mut(), &mut it);
            fill32(&mut lstm.w_hh.iter_mut(), &mut it);
            fill32(&mut lstm.bias.iter_mut(), &mut it);
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

    /// Forward and backward for one pair: the gradient of the mean loss for every weight, in
    /// the order of [`Seq2Seq::weights`], and the run.
    pub fn gradient(
        &self,
        source: &[usize],
        target: &[usize],
    ) -> Result<(Vec<f32>, Seq2SeqRun), Error> {
        let run = self.forward(source, target)?;
        let (h, steps) = (self.config.hidden, target.len());
        let mut dlogits = run.probs.clone();
        for (t, &y) in target.iter().enumerate() {
            dlogits[[t, y]] -= 1.0;
        }
        dlogits /= steps as f32;
        let d_w_out = dlogits.t().dot(&run.features);
        let d_b_out = dlogits.sum_axis(ndarray::Axis(0));
        let d_features = dlogits.dot(&self.w_out);
        let mut d_dec_h = d_features.slice(s![.., ..h]).to_owned();
        let states = Seq2Seq::encoder_states(&run.enc);
        let mut d_enc_states = Array2::<f64>::zeros(states.dim());
        let mut d_attention = self.attention.as_ref().map(ScoreParams::zeros_like);
        if let (Some(params), Some(d_params)) = (&self.attention, &mut d_attention) {
            for (t, step) in run.attention.iter().enumerate() {
                let s_t = run.dec.h.row(t + 1).mapv(f64::from);
                let d_context = d_features.slice(s![t, h..]).mapv(f64::from);
                let grads = attend_backward(
                    params,
                    s_t.view(),
                    states.view(),
                    step,
                    d_context.view(),
                    None,
                );
                d_enc_states += &grads.d_encoder;
                for (slot, g) in d_dec_h.row_mut(t).iter_mut().zip(grads.d_state.iter()) {
                    *slot += *g as f32;
                }
                d_params.w += &grads.d_params.w;
                d_params.w_s += &grads.d_params.w_s;
                d_params.u += &grads.d_params.u;
                d_params.v += &grads.d_params.v;
            }
        }
        let zeros = Array1::<f32>::zeros(h);
        let dec = self.decoder.backward(
            run.dec_x.view(),
            &run.dec,
            d_dec_h.view(),
            zeros.view(),
            zeros.view(),
        );
        let d_enc_out = d_enc_states.mapv(|x| x as f32);
        let enc = self.encoder.backward(
            run.enc_x.view(),
            &run.enc,
            d_enc_out.view(),
            dec.h0.view(),
            dec.c0.view(),
        );
        let mut d_embedding = Array2::<f32>::zeros(self.embedding.dim());
        for (t, &id) in source.iter().enumerate() {
            let mut row = d_embedding.row_mut(id);
            row += &enc.x.row(t);
        }
        let inputs = std::iter::once(START).chain(target[..steps - 1].iter().copied());
        for (t, id) in inputs.enumerate() {
            let mut row = d_embedding.row_mut(id);
            row += &dec.x.row(t);
        }
        let mut flat = Vec::with_capacity(self.weights().len());
        flat.extend(d_embedding.iter());
        for g in [&enc, &dec] {
            flat.extend(g.w_ih.iter());
            flat.extend(g.w_hh.iter());
            flat.extend(g.bias.iter());
        }
        if let Some(p) = &d_attention {
            flat.extend(
                p.w.iter()
                    .chain(&p.w_s)
                    .chain(&p.u)
                    .chain(&p.v)
                    .map(|&x| x as f32),
            );
        }
        flat.extend(d_w_out.iter());
        flat.extend(d_b_out.iter());
        Ok((flat, run))
    }
}
