//! One LSTM layer over a sequence of input vectors, forward and backward, for the models that
//! read features or embeddings (the CTC model, the encoder–decoder). PyTorch's equations:
//! `i, f, o = σ(·)`, `g = tanh(·)` of `z_t = W_ih x_t + W_hh h_{t−1} + b`,
//! `c_t = f ⊙ c_{t−1} + i ⊙ g`, `h_t = o ⊙ tanh c_t` (one bias `b = b_ih + b_hh`: both always
//! receive the same gradient). Each step is the cell of [`super::cell`], forward and backward.

use ndarray::{s, Array1, Array2, ArrayView1, ArrayView2, Axis};

use super::cell::{cell_backward, recurrent_step, CellInputs, CellKind, StepArrays};
use super::kernels::{matvec_cols_add, matvec_t_add};
use crate::engine::Rng;

/// The layer's weights: `W_ih [4H, F]`, `W_hh [4H, H]`, `b [4H]` (gate chunks i, f, g, o).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct Lstm {
    /// `W_ih`.
    pub w_ih: Array2<f32>,
    /// `W_hh`.
    pub w_hh: Array2<f32>,
    /// `b`.
    pub bias: Array1<f32>,
}

/// What the layer computed over a sequence (what backward needs).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default, PartialEq)]
pub struct LstmRun {
    /// Gates i, f, g, o, `[T, 4H]`.
    pub gates: Array2<f32>,
    /// Cell states, `[T+1, H]` (row 0: the initial state).
    pub c: Array2<f32>,
    /// Hidden states, `[T+1, H]` (row 0: the initial state).
    pub h: Array2<f32>,
    /// `tanh c_t`, `[T, H]`.
    pub tanh_c: Array2<f32>,
}

impl LstmRun {
    /// A run of `steps` steps of `hidden` units, all zeros (row 0: a zero initial state).
    pub fn zeros(steps: usize, hidden: usize) -> LstmRun {
        LstmRun {
            gates: Array2::zeros((steps, 4 * hidden)),
            c: Array2::zeros((steps + 1, hidden)),
            h: Array2::zeros((steps + 1, hidden)),
            tanh_c: Array2::zeros((steps, hidden)),
        }
    }

    /// Step `t` alone, as a one-step run (rows `t`, `t + 1` of the states).
    pub fn step(&self, t: usize) -> LstmRun {
        LstmRun {
            gates: self.gates.slice(s![t..t + 1, ..]).to_owned(),
            c: self.c.slice(s![t..t + 2, ..]).to_owned(),
            h: self.h.slice(s![t..t + 2, ..]).to_owned(),
            tanh_c: self.tanh_c.slice(s![t..t + 1, ..]).to_owned(),
        }
    }
}

/// Gradients of the layer and of what it read.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct LstmGrads {
    /// `∂W_ih`.
    pub w_ih: Array2<f32>,
    /// `∂W_hh`.
    pub w_hh: Array2<f32>,
    /// `∂b`.
    pub bias: Array1<f32>,
    /// `∂x_t`, `[T, F]`.
    pub x: Array2<f32>,
    /// `∂h_0`.
    pub h0: Array1<f32>,
    /// `∂c_0`.
    pub c0: Array1<f32>,
}

impl LstmGrads {
    /// Zero gradients for `lstm` over `steps` inputs.
    pub fn zeros(lstm: &Lstm, steps: usize) -> LstmGrads {
        let hidden = lstm.hidden();
        LstmGrads {
            w_ih: Array2::zeros(lstm.w_ih.dim()),
            w_hh: Array2::zeros(lstm.w_hh.dim()),
            bias: Array1::zeros(lstm.bias.len()),
            x: Array2::zeros((steps, lstm.w_ih.ncols())),
            h0: Array1::zeros(hidden),
            c0: Array1::zeros(hidden),
        }
    }

    /// The weights' gradients in the order of [`Lstm::parameters`].
    pub fn parameters(&self) -> impl Iterator<Item = &f32> {
        self.w_ih.iter().chain(&self.w_hh).chain(&self.bias)
    }
}

impl Lstm {
    /// Seeded `U(−1/√H, 1/√H)` weights for `features` inputs and `hidden` units.
    pub fn new(features: usize, hidden: usize, rng: &mut Rng) -> Lstm {
        let bound = 1.0 / (hidden as f32).sqrt();
        let mut uniform = |n: usize| {
            (0..n)
                .map(|_| rng.uniform(-bound, bound))
                .collect::<Vec<f32>>()
        };
        Lstm {
            w_ih: Array2::from_shape_vec((4 * hidden, features), uniform(4 * hidden * features))
                .expect("sizes"),
            w_hh: Array2::from_shape_vec((4 * hidden, hidden), uniform(4 * hidden * hidden))
                .expect("sizes"),
            bias: Array1::from(uniform(4 * hidden)),
        }
    }

    /// Hidden units H.
    pub fn hidden(&self) -> usize {
        self.w_hh.ncols()
    }

    /// The weights `W_ih`, `W_hh`, `b`, each row-major: how the models lay the layer out in
    /// their flat weight buffers.
    pub fn parameters(&self) -> impl Iterator<Item = &f32> {
        self.w_ih.iter().chain(&self.w_hh).chain(&self.bias)
    }

    /// [`Lstm::parameters`], mutable.
    pub fn parameters_mut(&mut self) -> impl Iterator<Item = &mut f32> {
        self.w_ih
            .iter_mut()
            .chain(self.w_hh.iter_mut())
            .chain(self.bias.iter_mut())
    }

    /// The number of weights.
    pub fn parameter_count(&self) -> usize {
        self.w_ih.len() + self.w_hh.len() + self.bias.len()
    }

    /// Runs over `x` (`[T, F]`) from `(h0, c0)` (zeros when `None`).
    pub fn forward(
        &self,
        x: ArrayView2<'_, f32>,
        state: Option<(ArrayView1<'_, f32>, ArrayView1<'_, f32>)>,
    ) -> LstmRun {
        let (frames, h) = (x.nrows(), self.hidden());
        let mut run = LstmRun::zeros(frames, h);
        if let Some((h0, c0)) = state {
            run.h.row_mut(0).assign(&h0);
            run.c.row_mut(0).assign(&c0);
        }
        let w_hh_t: Vec<f32> = self.w_hh.t().iter().copied().collect();
        let w_ih_t: Vec<f32> = self.w_ih.t().iter().copied().collect();
        let mut z = vec![0.0f32; 4 * h];
        for t in 0..frames {
            z.iter_mut().zip(&self.bias).for_each(|(z, &b)| *z = b);
            matvec_cols_add(&w_ih_t, &x.row(t).to_vec(), &mut z);
            let arrays = StepArrays {
                gates: &mut run.gates,
                c: &mut run.c,
                tanh_c: &mut run.tanh_c,
                h: &mut run.h,
            };
            recurrent_step(CellKind::Lstm, &w_hh_t, &mut z, t, arrays);
        }
        run
    }

    /// Backward through time from `∂L/∂h_t` arriving from outside at every step (`dh_out`,
    /// `[T, H]`) and from beyond the last step (`dh_last`, `dc_last`).
    pub fn backward(
        &self,
        x: ArrayView2<'_, f32>,
        run: &LstmRun,
        dh_out: ArrayView2<'_, f32>,
        dh_last: ArrayView1<'_, f32>,
        dc_last: ArrayView1<'_, f32>,
    ) -> LstmGrads {
        let (frames, h) = (x.nrows(), self.hidden());
        let mut dz = Array2::<f32>::zeros((frames, 4 * h));
        let mut dh_next = dh_last.to_vec();
        let mut dc_carry = dc_last.to_vec();
        let mut dc = vec![0.0f32; h];
        let w_hh = self.w_hh.as_standard_layout();
        for t in (0..frames).rev() {
            let dh: Vec<f32> = dh_out
                .row(t)
                .iter()
                .zip(&dh_next)
                .map(|(a, b)| a + b)
                .collect();
            let (c_prev, tanh_c, gates) = (
                run.c.row(t).to_vec(),
                run.tanh_c.row(t).to_vec(),
                run.gates.row(t).to_vec(),
            );
            cell_backward(
                CellKind::Lstm,
                CellInputs {
                    dh: &dh,
                    gates: &gates,
                    c_prev: &c_prev,
                    tanh_c: &tanh_c,
                },
                &mut dc_carry,
                dz.row_mut(t).into_slice().expect("contiguous"),
                &mut dc,
            );
            dh_next.fill(0.0);
            matvec_t_add(
                w_hh.as_slice().expect("standard layout"),
                dz.row(t).as_slice().expect("contiguous"),
                &mut dh_next,
            );
        }
        LstmGrads {
            w_ih: dz.t().dot(&x),
            w_hh: dz.t().dot(&run.h.slice(s![..frames, ..])),
            bias: dz.sum_axis(Axis(0)),
            x: dz.dot(&self.w_ih),
            h0: Array1::from(dh_next),
            c0: Array1::from(dc_carry),
        }
    }
}
