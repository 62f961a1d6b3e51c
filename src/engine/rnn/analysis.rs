//! Why gradients vanish or explode: the two gradient-norm curves of one recorded sequence.
//!
//! - `‖∂L_T/∂h_t‖` — how much the loss at the *last* step alone reaches back to step t. For an
//!   RNN it is a product of Jacobians `∂h_k/∂h_{k−1} = diag(1 − h_k²) W_hh`, so it shrinks or
//!   grows geometrically with the distance T − t; an LSTM adds a path through `c` that is
//!   multiplied only by the forget gates.
//! - `‖∂h_t/∂h_{t−1}‖₂` — the spectral norm of one step's Jacobian (for the LSTM with
//!   `c_{t−1}` held fixed): `J_t = Σ_k diag(a_k) W_hh^k` over the gate chunks k = i, f, g, o.

use super::bptt::{backward, forward, SequenceRecord};
use super::model::CharModel;
use super::params::Tensor;
use crate::engine::gradcheck::{check, pick_entries, GradientCheck, Precision, TensorSpan};
use crate::engine::nn::kernels::{dot, matvec_t_add, norm};
use crate::engine::nn::{cell_backward, gru_backward, CellInputs, CellKind, GruInputs};

/// `‖∂L_T/∂h_t‖₂` for t = 1..T, where `L_T` is the cross-entropy of the last prediction alone
/// (norms summed in f64: far from T they fall below what a float32 square can hold).
pub fn last_loss_grad_norms(model: &CharModel, record: &SequenceRecord) -> Vec<f64> {
    last_loss_reach(model, record).0
}

/// `‖∂L_T/∂x_t‖₂` for t = 1..T: how much of the last prediction's loss reaches the input
/// (the embedding vector) fed at step t, at the distance T − t.
pub fn input_grad_norms(model: &CharModel, record: &SequenceRecord) -> Vec<f64> {
    last_loss_reach(model, record).1
}

/// The last step's loss `L_T` backpropagated alone: `(‖∂L_T/∂h_t‖, ‖∂L_T/∂x_t‖)` for t = 1..T.
fn last_loss_reach(model: &CharModel, record: &SequenceRecord) -> (Vec<f64>, Vec<f64>) {
    let steps = record.len();
    let dims = model.dims();
    let h_size = dims.hidden;
    let p = model.params();
    if steps == 0 {
        return (Vec::new(), Vec::new());
    }
    let last = steps - 1;
    let mut dlogits = record.probs.row(last).to_vec();
    dlogits[record.targets[last]] -= 1.0;
    let mut dh = vec![0.0f32; h_size];
    matvec_t_add(p.tensor(Tensor::DecoderWeight), &dlogits, &mut dh);
    let mut dc_carry = vec![0.0f32; h_size];
    let mut dz = vec![0.0f32; dims.gates * h_size];
    let mut dz_hidden = vec![0.0f32; dims.gates * h_size];
    let mut dc = vec![0.0f32; h_size];
    let mut dx = vec![0.0f32; dims.embedding];
    let mut norms = vec![0.0f64; steps];
    let mut input_norms = vec![0.0f64; steps];
    let (w_ih, w_hh) = (p.tensor(Tensor::WeightIh), p.tensor(Tensor::WeightHh));
    for t in (0..steps).rev() {
        norms[t] = norm(&dh);
        if model.kind() == CellKind::Gru {
            let mut direct = vec![0.0f32; h_size];
            gru_backward(
                GruInputs {
                    dh: &dh,
                    gates: record.gates.row(t).as_slice().expect("contiguous"),
                    h_prev: record.h.row(t).as_slice().expect("contiguous"),
                    hn: record.hn.row(t).as_slice().expect("contiguous"),
                },
                &mut dz,
                &mut dz_hidden,
                &mut direct,
            );
            dh.copy_from_slice(&direct);
            matvec_t_add(w_hh, &dz_hidden, &mut dh);
        } else {
            let (c_prev, tanh_c) = (record.c.row(t), record.tanh_c.row(t));
            cell_backward(
                model.kind(),
                CellInputs {
                    dh: &dh,
                    gates: record.gates.row(t).as_slice().expect("contiguous"),
                    c_prev: c_prev.as_slice().expect("contiguous"),
                    tanh_c: tanh_c.as_slice().expect("contiguous"),
                },
                &mut dc_carry,
                &mut dz,
                &mut dc,
            );
            dh.fill(0.0);
            matvec_t_add(w_hh, &dz, &mut dh);
        }
        dx.fill(0.0);
        matvec_t_add(w_ih, &dz, &mut dx);
        input_norms[t] = norm(&dx);
    }
    (norms, input_norms)
}

/// The Jacobian `∂h_t/∂h_{t−1}` of step t (0-based), `[H, H]` row-major.
pub fn step_jacobian(model: &CharModel, record: &SequenceRecord, t: usize) -> Vec<f32> {
    let h_size = model.dims().hidden;
    let w_hh = model.params().tensor(Tensor::WeightHh);
    let gates = record.gates.row(t);
    let mut jacobian = vec![0.0f32; h_size * h_size];
    // Row r of J is Σ_k a_k[r] · (row k·H + r of W_hh).
    let scales: Vec<[f32; 4]> = (0..h_size)
        .map(|r| match model.kind() {
            CellKind::Rnn => [1.0 - gates[r] * gates[r], 0.0, 0.0, 0.0],
            CellKind::Gru => {
                let (reset, keep, n) = (gates[r], gates[h_size + r], gates[2 * h_size + r]);
                let through_n = (1.0 - keep) * (1.0 - n * n);
                [
                    through_n * record.hn[[t, r]] * reset * (1.0 - reset),
                    (record.h[[t, r]] - n) * keep * (1.0 - keep),
                    through_n * reset,
                    0.0,
                ]
            }
            CellKind::Lstm => {
                let (i, f, g, o) = (
                    gates[r],
                    gates[h_size + r],
                    gates[2 * h_size + r],
                    gates[3 * h_size + r],
                );
                let tc = record.tanh_c[[t, r]];
                let through_c = o * (1.0 - tc * tc);
                [
                    through_c * g * i * (1.0 - i),
                    through_c * record.c[[t, r]] * f * (1.0 - f),
                    through_c * i * (1.0 - g * g),
                    tc * o * (1.0 - o),
                ]
            }
        })
        .collect();
    for (r, scale) in scales.iter().enumerate() {
        let row = &mut jacobian[r * h_size..(r + 1) * h_size];
        if model.kind() == CellKind::Gru {
            // The direct path h_t = … + z ⊙ h_{t−1}.
            row[r] += gates[h_size + r];
        }
        for (k, &a) in scale.iter().enumerate().take(model.dims().gates) {
            let source = &w_hh[(k * h_size + r) * h_size..(k * h_size + r + 1) * h_size];
            for (x, &w) in row.iter_mut().zip(source) {
                *x += a * w;
            }
        }
    }
    jacobian
}

/// Power iterations [`spectral_norm`] budgets for an `n × n` matrix (what the page's cost
/// check counts); a matrix whose two largest singular values are close takes more, up to
/// `SLOW_CONVERGENCE` times as many.
pub fn power_iterations(n: usize) -> usize {
    if n <= 64 {
        300
    } else {
        80
    }
}

/// How many times the budget of `power_iterations` a slowly converging matrix may take.
pub const SLOW_CONVERGENCE: usize = 10;

/// The spectral norm `‖A‖₂` of a square row-major matrix, by power iteration on `AᵀA`: every
/// 10 iterations it stops once the estimate has not grown by more than float32 can tell
/// (`1e-7` relative), and at 10 × `power_iterations(n)` at most. The estimate `‖Av‖` never
/// exceeds `‖A‖₂` and grows towards it.
pub fn spectral_norm(a: &[f32], n: usize) -> f32 {
    let most = power_iterations(n) * SLOW_CONVERGENCE;
    let mut v: Vec<f32> = (0..n).map(|k| 1.0 + (k as f32 * 0.618).fract()).collect();
    let mut av = vec![0.0f32; n];
    let mut sigma = 0.0f32;
    let mut checked = 0.0f32;
    for iteration in 0..most {
        let norm = dot(&v, &v).sqrt();
        if norm == 0.0 || !norm.is_finite() {
            return if norm.is_finite() { 0.0 } else { f32::INFINITY };
        }
        v.iter_mut().for_each(|x| *x /= norm);
        for (r, slot) in av.iter_mut().enumerate() {
            *slot = dot(&a[r * n..(r + 1) * n], &v);
        }
        sigma = dot(&av, &av).sqrt();
        v.fill(0.0);
        matvec_t_add(a, &av, &mut v);
        if iteration % 10 == 9 {
            if sigma - checked <= 1e-7 * sigma {
                break;
            }
            checked = sigma;
        }
    }
    sigma
}

/// `‖∂h_t/∂h_{t−1}‖₂` for t = 1..T.
pub fn jacobian_norms(model: &CharModel, record: &SequenceRecord) -> Vec<f32> {
    let h_size = model.dims().hidden;
    (0..record.len())
        .map(|t| spectral_norm(&step_jacobian(model, record, t), h_size))
        .collect()
}

/// The Frobenius norm of timestep t's contribution to each weight gradient: `δ_t x_tᵀ`
/// (`W_ih`), `δ_t h_{t−1}ᵀ` (`W_hh`), `δ_t` (biases), `(p_t − onehot_t)/T · h_tᵀ` (decoder),
/// in `Tensor::ALL` order (the embedding row gets `W_ihᵀ δ_t`).
pub fn contribution_norms(record: &SequenceRecord, t: usize) -> [f32; 7] {
    let norm = |v: ndarray::ArrayView1<'_, f32>| v.dot(&v).sqrt();
    let dz = norm(record.dz.row(t));
    let dz_hidden = norm(hidden_side(record).row(t));
    let dlogits = norm(record.dlogits.row(t));
    [
        norm(record.dx.row(t)),
        dz * norm(record.x.row(t)),
        dz_hidden * norm(record.h.row(t)),
        dz,
        dz_hidden,
        dlogits * norm(record.h.row(t + 1)),
        dlogits,
    ]
}

/// `‖Σ_{k ≥ t} δ_k h_{k−1}ᵀ‖_F`: how much of `∂W_hh` the timesteps from `t` (0-based) to T have
/// contributed, as backward reaches `t` (one matrix product).
pub fn partial_w_hh_grad_norm(record: &SequenceRecord, t: usize) -> f64 {
    let steps = record.len();
    if t >= steps {
        return 0.0;
    }
    let dz = hidden_side(record).slice(ndarray::s![t..steps, ..]);
    let h_prev = record.h.slice(ndarray::s![t..steps, ..]);
    norm(dz.t().dot(&h_prev))
}

/// `δ` of the hidden side `W_hh h_{t−1} + b_hh`, `[T, G·H]`: `dz` but for the GRU.
fn hidden_side(record: &SequenceRecord) -> &ndarray::Array2<f32> {
    if record.kind == CellKind::Gru {
        &record.dz_hidden
    } else {
        &record.dz
    }
}

/// The gradient-norm curves of one recorded chunk, for the "gradient norm over time" view.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct GradientCurves {
    /// `‖∂L_T/∂h_t‖` for t = 1..T (the last step's loss alone).
    pub last_loss: Vec<f64>,
    /// `‖∂L/∂h_t‖`, the total gradient reaching h_t.
    pub total: Vec<f64>,
    /// `‖∂h_t/∂h_{t−1}‖₂` for t = 1..T.
    pub jacobian: Vec<f64>,
    /// `Π_{k=t+1..T} ‖∂h_k/∂h_{k−1}‖₂`: the bound on how the last loss reaches back to t.
    pub running_product: Vec<f64>,
    /// `‖W_hh‖₂` (for the LSTM, of each gate block's largest).
    pub w_hh_norm: f64,
    /// `‖∂L_T/∂x_t‖` for t = 1..T: the last step's loss reaching the input fed at step t.
    pub input: Vec<f64>,
    /// Product of forget gates `Π_{k=t+1..T} f_k`, averaged over units (LSTM): the cell path;
    /// for the GRU the product of its update gates `Π z_k` (PyTorch's z is the share of
    /// `h_{t−1}` kept: the path the state survives along).
    pub forget_product: Vec<f64>,
    /// The first timestep (1-based) whose value overflowed, if any.
    pub overflow_at: Option<usize>,
}

/// The gradient-norm curves of `record` under `model`.
pub fn curves(model: &CharModel, record: &SequenceRecord) -> GradientCurves {
    let steps = record.len();
    let h_size = model.dims().hidden;
    let (last_loss, input) = last_loss_reach(model, record);
    let total: Vec<f64> = record.dh.rows().into_iter().map(norm).collect();
    let jacobian: Vec<f64> = jacobian_norms(model, record)
        .into_iter()
        .map(f64::from)
        .collect();
    let mut running_product = vec![1.0f64; steps];
    for t in (0..steps.saturating_sub(1)).rev() {
        running_product[t] = running_product[t + 1] * jacobian[t + 1];
    }
    let w_hh = model.params().tensor(Tensor::WeightHh);
    let w_hh_norm = (0..model.dims().gates)
        .map(|k| {
            f64::from(spectral_norm(
                &w_hh[k * h_size * h_size..(k + 1) * h_size * h_size],
                h_size,
            ))
        })
        .fold(0.0, f64::max);
    let mut forget_product = vec![1.0f64; steps];
    if matches!(model.kind(), CellKind::Lstm | CellKind::Gru) {
        // LSTM: f is chunk 1 of i, f, g, o; GRU: z is chunk 1 of r, z, n.
        let mut product = vec![1.0f64; h_size];
        for t in (0..steps).rev() {
            forget_product[t] = product.iter().sum::<f64>() / h_size as f64;
            for (j, p) in product.iter_mut().enumerate() {
                *p *= f64::from(record.gates[[t, h_size + j]]);
            }
        }
    }
    let overflow_at = (0..steps)
        .find(|&t| {
            !last_loss[t].is_finite() || !total[t].is_finite() || !running_product[t].is_finite()
        })
        .map(|t| t + 1);
    GradientCurves {
        last_loss,
        total,
        jacobian,
        running_product,
        w_hh_norm,
        input,
        forget_product,
        overflow_at,
    }
}

/// The gradient check of `model` on the chunk `record` holds (its inputs, targets and initial
/// state): the analytic gradient of the chunk's loss (unclipped) beside central finite
/// differences, in float32, for every tensor's largest entry and `extra` random ones.
pub fn gradient_check(
    model: &CharModel,
    record: &SequenceRecord,
    extra: usize,
    seed: u64,
) -> Option<GradientCheck> {
    if record.is_empty() {
        return None;
    }
    let (inputs, targets) = (record.inputs.clone(), record.targets.clone());
    let h0 = record.h.row(0).to_vec();
    let c0 = record.c.row(0).to_vec();
    let mut scratch = SequenceRecord::new(model.kind(), model.dims());
    forward(model, &inputs, &targets, Some((&h0, &c0)), &mut scratch);
    backward(model, &mut scratch);
    let grads: Vec<f64> = scratch
        .grads
        .as_slice()
        .iter()
        .map(|&g| f64::from(g))
        .collect();
    let dims = model.dims();
    let mut offset = 0;
    let tensors: Vec<TensorSpan> = Tensor::ALL
        .iter()
        .map(|&t| {
            let shape = dims.shape(t);
            let len: usize = shape.iter().product();
            let span = TensorSpan {
                name: t.name().to_string(),
                range: offset..offset + len,
                shape: (shape[0], shape.get(1).copied().unwrap_or(1)),
            };
            offset += len;
            span
        })
        .collect();
    let picks = pick_entries(Precision::Float32, &tensors, &grads, extra, seed);
    let mut probe = model.clone();
    Some(check(
        Precision::Float32,
        tensors,
        &grads,
        &picks,
        |i, delta| {
            let original = probe.params().as_slice()[i];
            probe.params_mut().as_mut_slice()[i] = original + delta as f32;
            forward(&probe, &inputs, &targets, Some((&h0, &c0)), &mut scratch);
            probe.params_mut().as_mut_slice()[i] = original;
            scratch.losses.iter().map(|&l| f64::from(l)).sum::<f64>() / scratch.len() as f64
        },
    ))
}
