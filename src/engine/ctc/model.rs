//! A small model to train with CTC: an LSTM (optionally bidirectional) over feature frames,
//! then a linear layer to the labels and the blank, `log_softmax`, and the CTC loss.
//!
//! Per direction (the reverse one reads the frames last to first), PyTorch's LSTM:
//! `i, f, o = σ(·)`, `g = tanh(·)` of `W_ih x_t + b_ih + W_hh h_{t∓1} + b_hh`,
//! `c_t = f ⊙ c_{t∓1} + i ⊙ g`, `h_t = o ⊙ tanh c_t`; then `y_t = W [h→_t; h←_t] + b`.
//! The CTC loss (sum over the frames' alignments) gives `∂L/∂y_t = softmax(y_t) − γ_t`, which
//! flows back through the linear layer into each direction's BPTT.

use ndarray::{s, Array2, ArrayView2, Axis};

use super::lattice::{ctc, log_softmax, CtcOptions, CtcRecord};
use crate::engine::seq::bptt::{cell_backward, CellInputs};
use crate::engine::seq::kernels::{matvec_cols_add, matvec_t_add, sigmoid, tanh};
use crate::engine::seq::CellKind;
use crate::engine::{Error, Rng};

/// The model's sizes.
#[derive(Debug, Clone, Copy, PartialEq)]
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

/// One direction's LSTM weights: `W_ih [4H, F]`, `W_hh [4H, H]`, `b = b_ih + b_hh [4H]`
/// (one bias: the two PyTorch biases always receive the same gradient).
#[derive(Debug, Clone, PartialEq)]
struct Direction {
    w_ih: Array2<f32>,
    w_hh: Array2<f32>,
    bias: Vec<f32>,
}

/// What one direction computed over the frames (in its own reading order).
#[derive(Debug, Clone, Default)]
struct Pass {
    gates: Array2<f32>,
    c: Array2<f32>,
    h: Array2<f32>,
    tanh_c: Array2<f32>,
}

/// The model's weights.
#[derive(Debug, Clone, PartialEq)]
pub struct CtcModel {
    config: CtcModelConfig,
    directions: Vec<Direction>,
    /// `W [C, D·H]`.
    w_out: Array2<f32>,
    /// `b [C]`.
    b_out: Vec<f32>,
}

/// One utterance through the model: the emissions and the CTC record.
#[derive(Debug, Clone)]
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
            if value == 0 || value > max {
                return Err(Error::InvalidOption {
                    name,
                    message: format!("must be between 1 and {max}, got {value}"),
                });
            }
        }
        let mut rng = Rng::new(config.seed);
        let (f, h, c) = (config.features, config.hidden, config.symbols);
        let bound = 1.0 / (h as f32).sqrt();
        let mut uniform = |rows: usize, cols: usize| {
            Array2::from_shape_fn((rows, cols), |_| rng.uniform(-bound, bound))
        };
        let count = if config.bidirectional { 2 } else { 1 };
        let mut directions = Vec::new();
        for _ in 0..count {
            let (w_ih, w_hh) = (uniform(4 * h, f), uniform(4 * h, h));
            let bias = uniform(1, 4 * h).into_raw_vec_and_offset().0;
            directions.push(Direction { w_ih, w_hh, bias });
        }
        let w_out = uniform(c, count * h);
        let b_out = uniform(1, c).into_raw_vec_and_offset().0;
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
            .map(|d| d.w_ih.len() + d.w_hh.len() + d.bias.len())
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
            out.extend(d.w_ih.iter_mut());
            out.extend(d.w_hh.iter_mut());
            out.extend(d.bias.iter_mut());
        }
        out.extend(self.w_out.iter_mut());
        out.extend(self.b_out.iter_mut());
        out
    }

    /// Runs one direction over `x` (`[T, F]`), in reverse when `reverse`.
    fn run(&self, d: &Direction, x: ArrayView2<'_, f32>, reverse: bool) -> Pass {
        let (frames, h) = (x.nrows(), self.config.hidden);
        let mut pass = Pass {
            gates: Array2::zeros((frames, 4 * h)),
            c: Array2::zeros((frames + 1, h)),
            h: Array2::zeros((frames + 1, h)),
            tanh_c: Array2::zeros((frames, h)),
        };
        let w_hh_t: Vec<f32> = d.w_hh.t().iter().copied().collect();
        let w_ih_t: Vec<f32> = d.w_ih.t().iter().copied().collect();
        for k in 0..frames {
            let t = if reverse { frames - 1 - k } else { k };
            let mut z = d.bias.clone();
            matvec_cols_add(&w_ih_t, x.row(t).as_slice().expect("contiguous"), &mut z);
            matvec_cols_add(
                &w_hh_t,
                pass.h.row(k).as_slice().expect("contiguous"),
                &mut z,
            );
            for (j, zj) in z.iter().enumerate() {
                pass.gates[[k, j]] = if j / h == 2 { tanh(*zj) } else { sigmoid(*zj) };
            }
            for j in 0..h {
                let g = |chunk: usize| pass.gates[[k, chunk * h + j]];
                let c = g(1) * pass.c[[k, j]] + g(0) * g(2);
                pass.c[[k + 1, j]] = c;
                pass.tanh_c[[k, j]] = tanh(c);
                pass.h[[k + 1, j]] = g(3) * pass.tanh_c[[k, j]];
            }
        }
        pass
    }

    /// The concatenated hidden states `[T, D·H]` in frame order.
    fn states(&self, passes: &[Pass], frames: usize) -> Array2<f32> {
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
        let passes: Vec<Pass> = self
            .directions
            .iter()
            .enumerate()
            .map(|(i, d)| self.run(d, x, i == 1))
            .collect();
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
        let passes: Vec<Pass> = self
            .directions
            .iter()
            .enumerate()
            .map(|(i, d)| self.run(d, x, i == 1))
            .collect();
        let states = self.states(&passes, frames);
        let log_probs = self.log_probs(&states);
        let record = ctc(log_probs.view(), target, options)?;
        let dlogits = record.grad.mapv(|g| g as f32);
        let mut flat: Flat = Vec::with_capacity(self.parameter_count());
        let dstates = dlogits.dot(&self.w_out);
        let mut direction_grads = Vec::new();
        for (d, (dir, pass)) in self.directions.iter().zip(&passes).enumerate() {
            // ∂L/∂h from the output, in this direction's reading order.
            let mut dh_out = Array2::<f32>::zeros((frames, h));
            for t in 0..frames {
                let k = if d == 1 { frames - 1 - t } else { t };
                dh_out
                    .row_mut(k)
                    .assign(&dstates.slice(s![t, d * h..(d + 1) * h]));
            }
            let mut dz = Array2::<f32>::zeros((frames, 4 * h));
            let (mut dh_next, mut dc_carry, mut dc) =
                (vec![0.0f32; h], vec![0.0f32; h], vec![0.0f32; h]);
            for k in (0..frames).rev() {
                let dh: Vec<f32> = dh_out
                    .row(k)
                    .iter()
                    .zip(&dh_next)
                    .map(|(a, b)| a + b)
                    .collect();
                let (c_prev, tanh_c) = (pass.c.row(k), pass.tanh_c.row(k));
                cell_backward(
                    CellKind::Lstm,
                    CellInputs {
                        dh: &dh,
                        gates: pass.gates.row(k).as_slice().expect("contiguous"),
                        c_prev: c_prev.as_slice().expect("contiguous"),
                        tanh_c: tanh_c.as_slice().expect("contiguous"),
                    },
                    &mut dc_carry,
                    dz.row_mut(k).into_slice().expect("contiguous"),
                    &mut dc,
                );
                dh_next.fill(0.0);
                matvec_t_add(
                    dir.w_hh.as_slice().expect("standard layout"),
                    dz.row(k).as_slice().expect("contiguous"),
                    &mut dh_next,
                );
            }
            let x_ordered: Array2<f32> = if d == 1 {
                x.slice(s![..;-1, ..]).to_owned()
            } else {
                x.to_owned()
            };
            let d_w_ih = dz.t().dot(&x_ordered);
            let d_w_hh = dz.t().dot(&pass.h.slice(s![..frames, ..]));
            let d_bias = dz.sum_axis(Axis(0));
            direction_grads.push((d_w_ih, d_w_hh, d_bias));
        }
        for (d_w_ih, d_w_hh, d_bias) in &direction_grads {
            flat.extend(d_w_ih.iter());
            flat.extend(d_w_hh.iter());
            flat.extend(d_bias.iter());
        }
        flat.extend(dlogits.t().dot(&states).iter());
        flat.extend(dlogits.sum_axis(Axis(0)).iter());
        Ok((flat, CtcStep { log_probs, record }))
    }
}
