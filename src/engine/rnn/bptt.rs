//! One sequence forward and backward through time, keeping every intermediate.
//!
//! Forward, for t = 1..T (PyTorch's equations; `z_t` the pre-activation):
//!
//! - `x_t = E[c_t]`, `z_t = W_ih x_t + b_ih + W_hh h_{t−1} + b_hh`
//! - the cell ([`crate::engine::nn`]): RNN `h_t = tanh(z_t)`; LSTM `i, f, o = σ(z^i, z^f, z^o)`,
//!   `g = tanh(z^g)`, `c_t = f ⊙ c_{t−1} + i ⊙ g`, `h_t = o ⊙ tanh(c_t)`
//! - `y_t = W_dec h_t + b_dec`, `p_t = softmax(y_t)`, `L = (1/T) Σ_t −log p_t[target_t]`
//!
//! Backward, for t = T..1, with `δ_t = ∂L/∂z_t`:
//!
//! - `∂L/∂h_t = W_decᵀ (p_t − onehot_t)/T` (from the output at t) `+ W_hhᵀ δ_{t+1}` (carried back)
//! - the cell: RNN `δ_t = ∂L/∂h_t ⊙ (1 − h_t²)`; LSTM
//!   `∂L/∂c_t = ∂L/∂h_t ⊙ o ⊙ (1 − tanh² c_t) + ∂L/∂c_{t+1} ⊙ f_{t+1}`,
//!   `δ^i = ∂c ⊙ g ⊙ i(1−i)`, `δ^f = ∂c ⊙ c_{t−1} ⊙ f(1−f)`, `δ^g = ∂c ⊙ i ⊙ (1−g²)`,
//!   `δ^o = ∂h ⊙ tanh c_t ⊙ o(1−o)`; GRU: see [`crate::engine::nn`] (its hidden side's
//!   `δb` differs from `δ_t` in the n chunk, and `∂L/∂h_{t−1}` has a direct part `∂h ⊙ z`)
//! - every timestep adds its share to the weight gradients: `∂W_hh += δ_t h_{t−1}ᵀ`,
//!   `∂W_ih += δ_t x_tᵀ`, `∂b += δ_t`, `∂E[c_t] += W_ihᵀ δ_t` (summed at the end as matrix
//!   products, which is the same sum).

use ndarray::linalg::general_mat_mul;
use ndarray::{s, Array1, Array2, Axis};

use super::model::CharModel;
use super::params::{Dims, Params, Tensor};
use crate::engine::nn::kernels::{matvec_t_add, softmax};
use crate::engine::nn::{
    cell_backward, gru_backward, gru_step, recurrent_step, CellInputs, CellKind, GruInputs,
    StepArrays,
};

/// Everything one sequence computed, forward and backward: what backward needs, and what the
/// page draws. Buffers are reused from one sequence to the next.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default)]
pub struct SequenceRecord {
    /// RNN or LSTM.
    pub kind: CellKind,
    /// Input character indices, `[T]`.
    pub inputs: Vec<usize>,
    /// Target character indices (the next characters), `[T]`.
    pub targets: Vec<usize>,
    /// Embeddings `x_t`, `[T, E]`.
    pub x: Array2<f32>,
    /// Pre-activations `z_t`, `[T, G·H]` (GRU: the n chunk holds only the input side
    /// `W_in x_t + b_in`; the hidden side is `hn`).
    pub z: Array2<f32>,
    /// Activations: RNN `h_t`; LSTM gates `i, f, g, o`; GRU gates `r, z, n` in chunk order,
    /// `[T, G·H]`.
    pub gates: Array2<f32>,
    /// Hidden states, `[T+1, H]`; row 0 is `h_0`.
    pub h: Array2<f32>,
    /// Cell states (LSTM; zeros for RNN), `[T+1, H]`; row 0 is `c_0`.
    pub c: Array2<f32>,
    /// `tanh(c_t)` (LSTM), `[T, H]`.
    pub tanh_c: Array2<f32>,
    /// Logits `y_t`, `[T, V]`.
    pub logits: Array2<f32>,
    /// Probabilities `p_t`, `[T, V]`.
    pub probs: Array2<f32>,
    /// Per-step losses `−log p_t[target_t]`, `[T]`.
    pub losses: Array1<f32>,
    /// The mean loss `L`.
    pub loss: f32,
    /// `∂L/∂h_t` in total, `[T, H]`.
    pub dh: Array2<f32>,
    /// The part of `∂L/∂h_t` from the output at t, `[T, H]`.
    pub dh_out: Array2<f32>,
    /// The part of `∂L/∂h_t` carried back from t+1, `[T, H]` (last row: from the next chunk, 0).
    pub dh_next: Array2<f32>,
    /// `∂L/∂c_t` (LSTM), `[T, H]`.
    pub dc: Array2<f32>,
    /// `δ_t = ∂L/∂z_t`, `[T, G·H]`.
    pub dz: Array2<f32>,
    /// GRU: `b^n_t = W_hn h_{t−1} + b_hn`, the hidden part of n's pre-activation, `[T, H]`
    /// (empty for the others).
    pub hn: Array2<f32>,
    /// GRU: `δb_t`, the gradient of the hidden side `W_hh h_{t−1} + b_hh`, `[T, G·H]`; for
    /// the RNN and LSTM it is `dz` and this is empty.
    pub dz_hidden: Array2<f32>,
    /// `∂L/∂logits`, `[T, V]`.
    pub dlogits: Array2<f32>,
    /// `∂L/∂x_t`, `[T, E]`.
    pub dx: Array2<f32>,
    /// Parameter gradients by PyTorch name.
    pub grads: Params,
    /// Scratch: `W_hhᵀ` of the last forward pass.
    w_hh_t: Option<Vec<f32>>,
}

impl SequenceRecord {
    /// An empty record for a model of `dims`.
    pub fn new(kind: CellKind, dims: Dims) -> SequenceRecord {
        let mut record = SequenceRecord {
            kind,
            ..SequenceRecord::default()
        };
        record.resize(0, dims);
        record
    }

    /// The number of timesteps `T`.
    pub fn len(&self) -> usize {
        self.inputs.len()
    }

    /// True for an empty sequence.
    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty()
    }

    /// Reallocates buffers only when `T` or the sizes change.
    fn resize(&mut self, steps: usize, dims: Dims) {
        let (e, h, v, gh) = (
            dims.embedding,
            dims.hidden,
            dims.vocab,
            dims.gates * dims.hidden,
        );
        let fit = |a: &mut Array2<f32>, rows: usize, cols: usize| {
            if a.dim() != (rows, cols) {
                *a = Array2::zeros((rows, cols));
            }
        };
        fit(&mut self.x, steps, e);
        fit(&mut self.z, steps, gh);
        fit(&mut self.gates, steps, gh);
        fit(&mut self.h, steps + 1, h);
        fit(&mut self.c, steps + 1, h);
        fit(&mut self.tanh_c, steps, h);
        fit(&mut self.logits, steps, v);
        fit(&mut self.probs, steps, v);
        fit(&mut self.dh, steps, h);
        fit(&mut self.dh_out, steps, h);
        fit(&mut self.dh_next, steps, h);
        fit(&mut self.dc, steps, h);
        fit(&mut self.dz, steps, gh);
        let gru = if self.kind == CellKind::Gru { 1 } else { 0 };
        fit(&mut self.hn, gru * steps, h);
        fit(&mut self.dz_hidden, gru * steps, gh);
        fit(&mut self.dlogits, steps, v);
        fit(&mut self.dx, steps, e);
        if self.losses.len() != steps {
            self.losses = Array1::zeros(steps);
        }
        if self.grads.dims() != dims {
            self.grads = Params::zeros(dims);
        }
    }

    /// Perplexity per character, `e^L` (the loss is in nats).
    pub fn perplexity(&self) -> f32 {
        self.loss.exp()
    }

    /// The loss in bits per character, `L / ln 2`.
    pub fn bits_per_char(&self) -> f32 {
        self.loss / std::f32::consts::LN_2
    }

    /// The final hidden state `h_T` (the next chunk's `h_0`).
    pub fn final_h(&self) -> ndarray::ArrayView1<'_, f32> {
        self.h.row(self.len())
    }

    /// The final cell state `c_T`.
    pub fn final_c(&self) -> ndarray::ArrayView1<'_, f32> {
        self.c.row(self.len())
    }
}

/// Runs `model` over `inputs` predicting `targets` from the state `(h0, c0)` (zeros when
/// `None`), filling `record`'s forward part. `inputs` and `targets` must be valid indices of
/// the same length ≥ 1 (the callers check).
pub fn forward(
    model: &CharModel,
    inputs: &[usize],
    targets: &[usize],
    state: Option<(&[f32], &[f32])>,
    record: &mut SequenceRecord,
) {
    forward_with(model, inputs, targets, state, record, false);
}

/// [`forward`] for a reader of a model that does not change between calls (sampling one
/// character at a time): `W_hhᵀ` is transposed on the first call only, not once per character.
pub(crate) fn forward_reusing(
    model: &CharModel,
    inputs: &[usize],
    targets: &[usize],
    state: Option<(&[f32], &[f32])>,
    record: &mut SequenceRecord,
) {
    forward_with(model, inputs, targets, state, record, true);
}

/// [`forward`]; `reuse` keeps a `W_hhᵀ` the record already holds (the model has not changed).
fn forward_with(
    model: &CharModel,
    inputs: &[usize],
    targets: &[usize],
    state: Option<(&[f32], &[f32])>,
    record: &mut SequenceRecord,
    reuse: bool,
) {
    let dims = model.dims();
    let steps = inputs.len();
    let p = model.params();
    record.kind = model.kind();
    record.resize(steps, dims);
    record.inputs.clear();
    record.inputs.extend_from_slice(inputs);
    record.targets.clear();
    record.targets.extend_from_slice(targets);

    let embedding = p.matrix(Tensor::Embedding);
    for (t, &c) in inputs.iter().enumerate() {
        record.x.row_mut(t).assign(&embedding.row(c));
    }
    // z_t = x_t W_ihᵀ + b_ih + b_hh for all t at once; W_hh h_{t−1} is added step by step.
    let mut bias = &p.vector(Tensor::BiasIh) + &p.vector(Tensor::BiasHh);
    let gru = model.kind() == CellKind::Gru;
    let h_size = dims.hidden;
    if gru {
        // b_hn stays inside the reset gate: the n chunk gets b_in only.
        let b_ih = p.vector(Tensor::BiasIh);
        bias.slice_mut(s![2 * h_size..])
            .assign(&b_ih.slice(s![2 * h_size..]));
    }
    record.z.assign(&bias);
    general_mat_mul(
        1.0,
        &record.x,
        &p.matrix(Tensor::WeightIh).t(),
        1.0,
        &mut record.z,
    );

    match state {
        Some((h0, c0)) => {
            record.h.row_mut(0).assign(&ndarray::ArrayView1::from(h0));
            record.c.row_mut(0).assign(&ndarray::ArrayView1::from(c0));
        }
        None => {
            record.h.row_mut(0).fill(0.0);
            record.c.row_mut(0).fill(0.0);
        }
    }
    // W_hhᵀ, row-major (see `recurrent_step`).
    let mut w_hh_t = record.w_hh_t.take().unwrap_or_default();
    let gates_by_hidden = dims.gates * dims.hidden * dims.hidden;
    if !(reuse && w_hh_t.len() == gates_by_hidden) {
        w_hh_t.clear();
        w_hh_t.extend(p.matrix(Tensor::WeightHh).t().iter());
    }
    let b_hn = gru.then(|| p.vector(Tensor::BiasHh).slice(s![2 * h_size..]).to_vec());
    for t in 0..steps {
        let z = record
            .z
            .row_mut(t)
            .into_slice()
            .expect("rows are contiguous");
        let arrays = StepArrays {
            gates: &mut record.gates,
            c: &mut record.c,
            tanh_c: &mut record.tanh_c,
            h: &mut record.h,
        };
        match &b_hn {
            Some(b_hn) => {
                let hn = record.hn.row_mut(t).into_slice().expect("contiguous");
                gru_step(&w_hh_t, b_hn, z, hn, t, arrays);
            }
            None => recurrent_step(model.kind(), &w_hh_t, z, t, arrays),
        }
    }
    record.w_hh_t = Some(w_hh_t);
    // y_t = W_dec h_t + b_dec, all t at once.
    record.logits.assign(&p.vector(Tensor::DecoderBias));
    let hs = record.h.slice(s![1.., ..]);
    general_mat_mul(
        1.0,
        &hs,
        &p.matrix(Tensor::DecoderWeight).t(),
        1.0,
        &mut record.logits,
    );
    let mut total = 0.0f64;
    for t in 0..steps {
        let logits = record.logits.row(t);
        let mut probs = record.probs.row_mut(t);
        let log_sum = softmax(
            logits.as_slice().expect("contiguous"),
            probs.as_slice_mut().expect("contiguous"),
        );
        let loss = log_sum - logits[targets[t]];
        record.losses[t] = loss;
        total += f64::from(loss);
    }
    record.loss = (total / steps as f64) as f32;
}

/// Backpropagates through the whole sequence in `record` (after [`forward`]), filling its
/// backward part: `∂L/∂h_t` and its two parts, `∂L/∂c_t`, `δ_t`, and every parameter gradient.
pub fn backward(model: &CharModel, record: &mut SequenceRecord) {
    let dims = model.dims();
    let steps = record.len();
    let h_size = dims.hidden;
    let p = model.params();
    let scale = 1.0 / steps as f32;
    record.dlogits.assign(&record.probs);
    for (t, &target) in record.targets.iter().enumerate() {
        record.dlogits[[t, target]] -= 1.0;
    }
    record.dlogits *= scale;
    // ∂L/∂h_t from the output: dlogits · W_dec.
    general_mat_mul(
        1.0,
        &record.dlogits,
        &p.matrix(Tensor::DecoderWeight),
        0.0,
        &mut record.dh_out,
    );

    let w_hh = p.tensor(Tensor::WeightHh);
    record.dh_next.fill(0.0);
    let mut dc_carry = vec![0.0f32; h_size];
    let gru = model.kind() == CellKind::Gru;
    let mut dh_direct = vec![0.0f32; h_size];
    for t in (0..steps).rev() {
        for j in 0..h_size {
            record.dh[[t, j]] = record.dh_out[[t, j]] + record.dh_next[[t, j]];
        }
        if gru {
            gru_backward(
                GruInputs {
                    dh: record.dh.row(t).as_slice().expect("contiguous"),
                    gates: record.gates.row(t).as_slice().expect("contiguous"),
                    h_prev: record.h.row(t).as_slice().expect("contiguous"),
                    hn: record.hn.row(t).as_slice().expect("contiguous"),
                },
                record.dz.row_mut(t).into_slice().expect("contiguous"),
                record
                    .dz_hidden
                    .row_mut(t)
                    .into_slice()
                    .expect("contiguous"),
                &mut dh_direct,
            );
            if t > 0 {
                let db = record.dz_hidden.row(t);
                let mut carried = record.dh_next.row_mut(t - 1);
                let carried = carried.as_slice_mut().expect("contiguous");
                carried.copy_from_slice(&dh_direct);
                matvec_t_add(w_hh, db.as_slice().expect("contiguous"), carried);
            }
            continue;
        }
        let (c_prev, tanh_c) = (record.c.row(t), record.tanh_c.row(t));
        cell_backward(
            model.kind(),
            CellInputs {
                dh: record.dh.row(t).as_slice().expect("contiguous"),
                gates: record.gates.row(t).as_slice().expect("contiguous"),
                c_prev: c_prev.as_slice().expect("contiguous"),
                tanh_c: tanh_c.as_slice().expect("contiguous"),
            },
            &mut dc_carry,
            record.dz.row_mut(t).into_slice().expect("contiguous"),
            record.dc.row_mut(t).into_slice().expect("contiguous"),
        );
        if t > 0 {
            let dz = record.dz.row(t);
            let mut carried = record.dh_next.row_mut(t - 1);
            matvec_t_add(
                w_hh,
                dz.as_slice().expect("contiguous"),
                carried.as_slice_mut().expect("contiguous"),
            );
        }
    }

    // Weight gradients: every timestep's share, summed as matrix products.
    let grads = &mut record.grads;
    grads.fill_zero();
    let hs = record.h.slice(s![1.., ..]);
    let h_prev = record.h.slice(s![..steps, ..]);
    general_mat_mul(
        1.0,
        &record.dlogits.t(),
        &hs,
        0.0,
        &mut grads.matrix_mut(Tensor::DecoderWeight),
    );
    grads
        .vector_mut(Tensor::DecoderBias)
        .assign(&record.dlogits.sum_axis(Axis(0)));
    let dz_hidden = if gru { &record.dz_hidden } else { &record.dz };
    general_mat_mul(
        1.0,
        &dz_hidden.t(),
        &h_prev,
        0.0,
        &mut grads.matrix_mut(Tensor::WeightHh),
    );
    general_mat_mul(
        1.0,
        &record.dz.t(),
        &record.x,
        0.0,
        &mut grads.matrix_mut(Tensor::WeightIh),
    );
    grads
        .vector_mut(Tensor::BiasIh)
        .assign(&record.dz.sum_axis(Axis(0)));
    grads
        .vector_mut(Tensor::BiasHh)
        .assign(&dz_hidden.sum_axis(Axis(0)));
    general_mat_mul(
        1.0,
        &record.dz,
        &p.matrix(Tensor::WeightIh),
        0.0,
        &mut record.dx,
    );
    let mut d_embedding = grads.matrix_mut(Tensor::Embedding);
    for (t, &c) in record.inputs.iter().enumerate() {
        let mut row = d_embedding.row_mut(c);
        row += &record.dx.row(t);
    }
}
