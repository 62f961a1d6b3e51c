//! A small model to train with CTC: an LSTM (optionally bidirectional) over feature frames,
//! then a linear layer to the labels and the blank, `log_softmax`, and the CTC loss.
//!
//! Per direction (the reverse one reads the frames last to first), PyTorch's LSTM:
//! `i, f, o = σ(·)`, `g = tanh(·)` of `W_ih x_t + b_ih + W_hh h_{t∓1} + b_hh`,
//! `c_t = f ⊙ c_{t∓1} + i ⊙ g`, `h_t = o ⊙ tanh c_t`; then `y_t = W [h→_t; h←_t] + b`.
//! The CTC loss (sum over the frames' alignments) gives `∂L/∂y_t = softmax(y_t) − γ_t`, which
//! flows back through the linear layer into each direction's BPTT.

use ndarray::{s, Array1, Array2, ArrayView2, Axis};

use super::lattice::{ctc, log_softmax, CtcOptions, CtcRecord};
use crate::engine::nn::{Lstm, LstmRun};
use crate::engine::{Error, Rng};

/// The model's sizes.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq)]
pub struct CtcModelConfig {
    /// Features per frame.
    pub features: usize,
    /// Hidden units per direction.
    pub hidden: usize,
    /// Output symbols, the blank included.
    pub symbols: usize,
    /// Read the frames in both directions.
    pub bidirectional: bool,
    /// Seed of the initialisation.
    pub seed: u64,
}

/// The model's weights.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct CtcModel {
    config: CtcModelConfig,
    directions: Vec<Lstm>,
    /// `W [C, D·H]`.
    w_out: Array2<f32>,
    /// `b [C]`.
    b_out: Vec<f32>,
}

/// One utterance through the model: the emissions and the CTC record.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct CtcStep {
    /// `ln softmax(y_t)`, `[T, C]`.
    pub log_probs: Array2<f64>,
    /// The CTC recursion over the target.
    pub record: CtcRecord,
}

/// Gradients in the same layout as the weights, flattened in one buffer.
pub type Flat = Vec<f32>;

impl CtcModel {
    /// PyTorch-style initialisation: every weight `U(−1/√H, 1/√H)`, seeded.
    pub fn new(config: CtcModelConfig) -> Result<CtcModel, Error> {
        for (name, value, max) in [
            ("feature size", config.features, 256),
            ("hidden size", config.hidden, 256),
            ("number of symbols", config.symbols, 256),
        ] {
            Error::check_between(name, value, 1, max)?;
        }
        let mut rng = Rng::new(config.seed);
        let (f, h, c) = (config.features, config.hidden, config.symbols);
        let count = if config.bidirectional { 2 } else { 1 };
        let directions: Vec<Lstm> = (0..count).map(|_| Lstm::new(f, h, &mut rng)).collect();
        let bound = 1.0 / (h as f32).sqrt();
        let w_out = Array2::from_shape_fn((c, count * h), |_| rng.uniform(-bound, bound));
        let b_out: Vec<f32> = (0..c).map(|_| rng.uniform(-bound, bound)).collect();
        Ok(CtcModel {
            config,
            directions,
            w_out,
            b_out,
        })
    }

    /// The sizes.
    pub fn config(&self) -> CtcModelConfig {
        self.config
    }

    /// The number of weights.
    pub fn parameter_count(&self) -> usize {
        self.directions
            .iter()
            .map(Lstm::parameter_count)
            .sum::<usize>()
            + self.w_out.len()
            + self.b_out.len()
    }

    /// Every weight, flattened: per direction `W_ih`, `W_hh`, `b`; then `W`, `b` of the output.
    pub fn weights(&self) -> Vec<f32> {
        let mut model = self.clone();
        model.flat_mut().into_iter().map(|w| *w).collect()
    }

    /// Sets weight `index` (in the order of [`CtcModel::weights`]); out of range does nothing.
    pub fn set_weight(&mut self, index: usize, value: f32) {
        if let Some(slot) = self.flat_mut().into_iter().nth(index) {
            *slot = value;
        }
    }

    /// Every weight, flattened in a fixed order (directions, then the output layer).
    pub(crate) fn flat_mut(&mut self) -> Vec<&mut f32> {
        let mut out: Vec<&mut f32> = Vec::with_capacity(self.parameter_count());
        for d in &mut self.directions {
            out.extend(d.parameters_mut());
        }
        out.extend(self.w_out.iter_mut());
        out.extend(self.b_out.iter_mut());
        out
    }

    /// The frames in direction `d`'s reading order (the reverse direction reads last to first).
    fn ordered(x: ArrayView2<'_, f32>, d: usize) -> Array2<f32> {
        if d == 1 {
            x.slice(s![..;-1, ..]).to_owned()
        } else {
            x.to_owned()
        }
    }

    /// Every direction's run over `x`.
    fn runs(&self, x: ArrayView2<'_, f32>) -> Vec<LstmRun> {
        self.directions
            .iter()
            .enumerate()
            .map(|(d, lstm)| lstm.forward(CtcModel::ordered(x, d).view(), None))
            .collect()
    }

    /// The concatenated hidden states `[T, D·H]` in frame order.
    fn states(&self, passes: &[LstmRun], frames: usize) -> Array2<f32> {
        let h = self.config.hidden;
        let mut out = Array2::zeros((frames, passes.len() * h));
        for (d, pass) in passes.iter().enumerate() {
            for t in 0..frames {
                let k = if d == 1 { frames - 1 - t } else { t };
                out.slice_mut(s![t, d * h..(d + 1) * h])
                    .assign(&pass.h.row(k + 1));
            }
        }
        out
    }

    /// Checks `x` and `target` against the model's sizes.
    fn check(&self, x: ArrayView2<'_, f32>) -> Result<(), Error> {
        if x.ncols() != self.config.features || x.nrows() == 0 {
            return Err(Error::Mismatch(format!(
                "the frames have {} features but the model expects {} (and at least one frame)",
                x.ncols(),
                self.config.features
            )));
        }
        Ok(())
    }

    /// The per-frame log-probabilities of `x` (`[T, F]`).
    pub fn emissions(&self, x: ArrayView2<'_, f32>) -> Result<Array2<f64>, Error> {
        self.check(x)?;
        let passes = self.runs(x);
        Ok(self.log_probs(&self.states(&passes, x.nrows())))
    }

    fn log_probs(&self, states: &Array2<f32>) -> Array2<f64> {
        let mut logits = states.dot(&self.w_out.t());
        logits += &ndarray::ArrayView1::from(&self.b_out[..]);
        log_softmax(logits.mapv(f64::from).view())
    }

    /// Forward, CTC and backward for one utterance: the loss's gradient for every weight
    /// (flattened in the order of [`CtcModel::weights`]) and what was computed.
    pub fn gradient(
        &self,
        x: ArrayView2<'_, f32>,
        target: &[usize],
        options: CtcOptions,
    ) -> Result<(Flat, CtcStep), Error> {
        self.check(x)?;
        let (frames, h) = (x.nrows(), self.config.hidden);
        let passes = self.runs(x);
        let states = self.states(&passes, frames);
        let log_probs = self.log_probs(&states);
        let record = ctc(log_probs.view(), target, options)?;
        let dlogits = record.grad.mapv(|g| g as f32);
        let mut flat: Flat = Vec::with_capacity(self.parameter_count());
        let dstates = dlogits.dot(&self.w_out);
        let zeros = Array1::<f32>::zeros(h);
        let mut direction_grads = Vec::new();
        for (d, (lstm, pass)) in self.directions.iter().zip(&passes).enumerate() {
            // ∂L/∂h from the output, in this direction's reading order.
            let mut dh_out = Array2::<f32>::zeros((frames, h));
            for t in 0..frames {
                let k = if d == 1 { frames - 1 - t } else { t };
                dh_out
                    .row_mut(k)
                    .assign(&dstates.slice(s![t, d * h..(d + 1) * h]));
            }
            let grads = lstm.backward(
                CtcModel::ordered(x, d).view(),
                pass,
                dh_out.view(),
                zeros.view(),
                zeros.view(),
            );
            direction_grads.push(grads);
        }
        for grads in &direction_grads {
            flat.extend(grads.parameters());
        }
        flat.extend(dlogits.t().dot(&states).iter());
        flat.extend(dlogits.sum_axis(Axis(0)).iter());
        Ok((flat, CtcStep { log_probs, record }))
    }
}
