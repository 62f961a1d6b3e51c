//! One timestep of a recurrent cell, forward and backward, on the slices of one row of a
//! record. The pre-activation `z_t = W_ih x_t + b_ih + W_hh h_{t−1} + b_hh` (`[G·H]`) is the
//! caller's: the RNN lab adds `x_t W_ihᵀ` for a whole sequence at once, the LSTM layer one step
//! at a time.
//!
//! Forward:
//!
//! - RNN: `h_t = tanh(z_t)`;
//! - LSTM, chunks i, f, g, o of `z_t`: `i, f, o = σ(z^i, z^f, z^o)`, `g = tanh(z^g)`,
//!   `c_t = f ⊙ c_{t−1} + i ⊙ g`, `h_t = o ⊙ tanh(c_t)`.
//!
//! Backward, with `δ_t = ∂L/∂z_t` and `∂L/∂h_t` given:
//!
//! - RNN: `δ_t = ∂L/∂h_t ⊙ (1 − h_t²)`;
//! - LSTM: `∂L/∂c_t = ∂L/∂h_t ⊙ o ⊙ (1 − tanh² c_t) + ∂L/∂c_{t+1} ⊙ f_{t+1}`,
//!   `δ^i = ∂c ⊙ g ⊙ i(1−i)`, `δ^f = ∂c ⊙ c_{t−1} ⊙ f(1−f)`, `δ^g = ∂c ⊙ i ⊙ (1−g²)`,
//!   `δ^o = ∂h ⊙ tanh c_t ⊙ o(1−o)`.
//!
//! What reaches `h_{t−1}` is then `W_hhᵀ δ_t` (the caller's, with the weights it holds).
//!
//! The GRU (PyTorch's `nn.GRU`, chunks r, z, n) does not fit one pre-activation: its hidden
//! bias `b_hn` sits inside the reset gate. With `a = W_ih x_t + b_ih` and
//! `b = W_hh h_{t−1} + b_hh` (each `[3H]`):
//!
//! - forward: `r = σ(a^r + b^r)`, `z = σ(a^z + b^z)`, `n = tanh(a^n + r ⊙ b^n)`,
//!   `h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}` ([`gru_step`]);
//! - backward ([`gru_backward`]): `∂n = ∂h ⊙ (1 − z)`, `δa^n = ∂n ⊙ (1 − n²)`,
//!   `δb^n = δa^n ⊙ r`, `δa^r = δb^r = δa^n ⊙ b^n ⊙ r(1−r)`,
//!   `δa^z = δb^z = ∂h ⊙ (h_{t−1} − n) ⊙ z(1−z)`; what reaches `h_{t−1}` is
//!   `W_hhᵀ δb + ∂h ⊙ z` — the direct path through z, which keeps the gradient.
//!
//! [`recurrent_step`] is one forward step of a recurrence kept in a record's arrays: it adds
//! `W_hh h_{t−1}` and runs the cell.

use std::fmt;

use ndarray::Array2;

use super::kernels::{matvec_cols_add, sigmoid, tanh};
use crate::engine::Error;

/// The recurrent cell.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CellKind {
    /// Elman RNN: `h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)`.
    Rnn,
    /// LSTM with gates in PyTorch's chunk order i, f, g, o:
    /// `i, f, o = σ(·)`, `g = tanh(·)` of `W_ih x_t + b_ih + W_hh h_{t−1} + b_hh` (each chunk),
    /// `c_t = f ⊙ c_{t−1} + i ⊙ g`, `h_t = o ⊙ tanh(c_t)`.
    #[default]
    Lstm,
    /// GRU with gates in PyTorch's chunk order r, z, n:
    /// `r, z = σ(W_i· x_t + b_i· + W_h· h_{t−1} + b_h·)`,
    /// `n = tanh(W_in x_t + b_in + r ⊙ (W_hn h_{t−1} + b_hn))`, `h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}`.
    Gru,
}

impl CellKind {
    /// `rnn`, `lstm` or `gru`, as in model files.
    pub fn name(self) -> &'static str {
        match self {
            CellKind::Rnn => "rnn",
            CellKind::Lstm => "lstm",
            CellKind::Gru => "gru",
        }
    }

    /// Gate blocks: 1 for RNN, 4 for LSTM, 3 for GRU.
    pub fn gates(self) -> usize {
        match self {
            CellKind::Rnn => 1,
            CellKind::Lstm => 4,
            CellKind::Gru => 3,
        }
    }

    /// The kind named `name` (`rnn`, `lstm` or `gru`).
    pub fn from_name(name: &str) -> Result<CellKind, Error> {
        match name {
            "rnn" => Ok(CellKind::Rnn),
            "lstm" => Ok(CellKind::Lstm),
            "gru" => Ok(CellKind::Gru),
            other => Err(Error::InvalidOption {
                name: "kind",
                message: format!("must be \"rnn\", \"lstm\" or \"gru\", got {other:?}"),
            }),
        }
    }
}

impl fmt::Display for CellKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where one forward step writes (slices of a record's rows).
struct CellOutputs<'a> {
    /// The activations: RNN `h_t`; LSTM `i, f, g, o`, `[G·H]`.
    pub gates: &'a mut [f32],
    /// `c_t` (LSTM; the RNN leaves it alone), `[H]`.
    pub c: &'a mut [f32],
    /// `tanh(c_t)` (LSTM; the RNN leaves it alone), `[H]`.
    pub tanh_c: &'a mut [f32],
    /// `h_t`, `[H]`.
    pub h: &'a mut [f32],
}

/// One timestep forward from the pre-activation `z` (`[G·H]`) and, for the LSTM, `c_prev`
/// (`c_{t−1}`, `[H]`; the RNN does not read it). The equations are in the module documentation.
fn cell_forward(kind: CellKind, z: &[f32], c_prev: &[f32], out: CellOutputs<'_>) {
    let h_size = out.h.len();
    match kind {
        CellKind::Rnn => {
            for ((g, h), &z) in out.gates.iter_mut().zip(out.h.iter_mut()).zip(z) {
                *g = tanh(z);
                *h = *g;
            }
        }
        CellKind::Lstm => {
            // Chunks i, f, g, o: σ, σ, tanh, σ.
            for (chunk, (gate, z)) in out
                .gates
                .chunks_exact_mut(h_size)
                .zip(z.chunks_exact(h_size))
                .enumerate()
            {
                if chunk == 2 {
                    gate.iter_mut().zip(z).for_each(|(g, &z)| *g = tanh(z));
                } else {
                    gate.iter_mut().zip(z).for_each(|(g, &z)| *g = sigmoid(z));
                }
            }
            let (i, rest) = out.gates.split_at(h_size);
            let (f, rest) = rest.split_at(h_size);
            let (g, o) = rest.split_at(h_size);
            for j in 0..h_size {
                let c = f[j] * c_prev[j] + i[j] * g[j];
                out.c[j] = c;
                out.tanh_c[j] = tanh(c);
                out.h[j] = o[j] * out.tanh_c[j];
            }
        }
        CellKind::Gru => unreachable!("the GRU steps with gru_step"),
    }
}

/// One timestep's forward values that its backward step reads (slices of a record's rows).
pub(crate) struct CellInputs<'a> {
    /// `∂L/∂h_t`, `[H]`.
    pub dh: &'a [f32],
    /// The activations of step t: RNN `h_t`; LSTM `i, f, g, o`, `[G·H]`.
    pub gates: &'a [f32],
    /// `c_{t−1}` (LSTM), `[H]`.
    pub c_prev: &'a [f32],
    /// `tanh(c_t)` (LSTM), `[H]`.
    pub tanh_c: &'a [f32],
}

/// One timestep of the backward recurrence: `δ_t` into `dz` and, for the LSTM, `∂L/∂c_t` into
/// `dc` from `∂L/∂h_t` and the cell gradient carried from t+1 (`dc_carry`, which becomes
/// `∂L/∂c_t ⊙ f_t` for step t−1). The equations are in the module documentation.
pub(crate) fn cell_backward(
    kind: CellKind,
    step: CellInputs<'_>,
    dc_carry: &mut [f32],
    dz: &mut [f32],
    dc: &mut [f32],
) {
    let h_size = step.dh.len();
    let (dh, gates) = (step.dh, step.gates);
    match kind {
        CellKind::Rnn => {
            for j in 0..h_size {
                dz[j] = dh[j] * (1.0 - gates[j] * gates[j]);
            }
        }
        CellKind::Lstm => {
            for j in 0..h_size {
                let (i, f, g, o) = (
                    gates[j],
                    gates[h_size + j],
                    gates[2 * h_size + j],
                    gates[3 * h_size + j],
                );
                let tc = step.tanh_c[j];
                let dc_t = dh[j] * o * (1.0 - tc * tc) + dc_carry[j];
                dc[j] = dc_t;
                dz[j] = dc_t * g * i * (1.0 - i);
                dz[h_size + j] = dc_t * step.c_prev[j] * f * (1.0 - f);
                dz[2 * h_size + j] = dc_t * i * (1.0 - g * g);
                dz[3 * h_size + j] = dh[j] * tc * o * (1.0 - o);
                dc_carry[j] = dc_t * f;
            }
        }
        CellKind::Gru => unreachable!("the GRU steps back with gru_backward"),
    }
}

/// One GRU timestep forward: `z` holds `a = W_ih x_t + b_ih` with `b_hh`'s r and z chunks
/// added (`[3H]`; the n chunk without `b_hn`), `w_hh_t` is `W_hhᵀ` row-major and `b_hn` the n
/// chunk of `b_hh`. Adds `W_hh h_{t−1}` to the r and z chunks, writes `b^n = W_hn h_{t−1} +
/// b_hn` into `hn` (`[H]`), the gates r, z, n into `gates` and `h_t` into `arrays.h`.
pub(crate) fn gru_step(
    w_hh_t: &[f32],
    b_hn: &[f32],
    z: &mut [f32],
    hn: &mut [f32],
    t: usize,
    arrays: StepArrays<'_>,
) {
    let h_size = hn.len();
    let (h_prev, h_t) = adjacent_rows(arrays.h, t);
    let mut hidden = vec![0.0f32; 3 * h_size];
    matvec_cols_add(w_hh_t, h_prev, &mut hidden);
    let gates = arrays.gates.row_mut(t).into_slice().expect("row-major");
    for j in 0..h_size {
        let r = sigmoid(z[j] + hidden[j]);
        let u = sigmoid(z[h_size + j] + hidden[h_size + j]);
        let b_n = hidden[2 * h_size + j] + b_hn[j];
        let n = tanh(z[2 * h_size + j] + r * b_n);
        z[j] += hidden[j];
        z[h_size + j] += hidden[h_size + j];
        hn[j] = b_n;
        gates[j] = r;
        gates[h_size + j] = u;
        gates[2 * h_size + j] = n;
        h_t[j] = (1.0 - u) * n + u * h_prev[j];
    }
}

/// One GRU timestep's forward values that its backward step reads.
pub(crate) struct GruInputs<'a> {
    /// `∂L/∂h_t`, `[H]`.
    pub dh: &'a [f32],
    /// The gates r, z, n of step t, `[3H]`.
    pub gates: &'a [f32],
    /// `h_{t−1}`, `[H]`.
    pub h_prev: &'a [f32],
    /// `b^n = W_hn h_{t−1} + b_hn`, `[H]`.
    pub hn: &'a [f32],
}

/// One GRU timestep backward (equations in the module documentation): `δa` (the input
/// side's, `[3H]`) into `da`, `δb` (the hidden side's, `[3H]`) into `db`, and the direct path
/// `∂L/∂h_t ⊙ z` into `dh_direct` (`[H]`); what reaches `h_{t−1}` is `W_hhᵀ δb + dh_direct`.
pub(crate) fn gru_backward(
    step: GruInputs<'_>,
    da: &mut [f32],
    db: &mut [f32],
    dh_direct: &mut [f32],
) {
    let h_size = step.dh.len();
    let g = step.gates;
    for j in 0..h_size {
        let (r, u, n) = (g[j], g[h_size + j], g[2 * h_size + j]);
        let dh = step.dh[j];
        let da_n = dh * (1.0 - u) * (1.0 - n * n);
        let d_r = da_n * step.hn[j] * r * (1.0 - r);
        let d_u = dh * (step.h_prev[j] - n) * u * (1.0 - u);
        da[j] = d_r;
        da[h_size + j] = d_u;
        da[2 * h_size + j] = da_n;
        db[j] = d_r;
        db[h_size + j] = d_u;
        db[2 * h_size + j] = da_n * r;
        dh_direct[j] = dh * u;
    }
}

/// The arrays a recurrence writes, one row per step, all row-major: `gates` (`[T, G·H]`) and
/// `tanh_c` (`[T, H]`) at row t, the states `c` and `h` (`[T+1, H]`) at row t + 1 (row 0 is the
/// initial state).
pub(crate) struct StepArrays<'a> {
    /// The activations: RNN `h_t`; LSTM `i, f, g, o`.
    pub gates: &'a mut Array2<f32>,
    /// Cell states (LSTM; the RNN leaves them alone).
    pub c: &'a mut Array2<f32>,
    /// `tanh(c_t)` (LSTM; the RNN leaves them alone).
    pub tanh_c: &'a mut Array2<f32>,
    /// Hidden states.
    pub h: &'a mut Array2<f32>,
}

/// Step t forward: `z += W_hh h_{t−1}` (`z` holds the input's part `W_ih x_t + b` already;
/// `w_hh_t` is `W_hhᵀ` row-major, so the product is a sum of scaled rows), then the cell.
pub(crate) fn recurrent_step(
    kind: CellKind,
    w_hh_t: &[f32],
    z: &mut [f32],
    t: usize,
    arrays: StepArrays<'_>,
) {
    let (h_prev, h_t) = adjacent_rows(arrays.h, t);
    matvec_cols_add(w_hh_t, h_prev, z);
    let (c_prev, c_t) = adjacent_rows(arrays.c, t);
    cell_forward(
        kind,
        z,
        c_prev,
        CellOutputs {
            gates: arrays.gates.row_mut(t).into_slice().expect("row-major"),
            c: c_t,
            tanh_c: arrays.tanh_c.row_mut(t).into_slice().expect("row-major"),
            h: h_t,
        },
    );
}

/// Rows `t` and `t + 1` of a row-major state matrix (`[T+1, H]`): `(state_{t−1}, state_t)` of
/// step t in a record whose row 0 is the initial state.
fn adjacent_rows(states: &mut Array2<f32>, t: usize) -> (&[f32], &mut [f32]) {
    let cols = states.ncols();
    let flat = states.as_slice_mut().expect("states are row-major");
    let (before, after) = flat.split_at_mut((t + 1) * cols);
    (&before[t * cols..], &mut after[..cols])
}
