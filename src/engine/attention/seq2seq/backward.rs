//! The exact gradient of the mean loss, back through the decoder one step at a time.
//!
//! From `∂L/∂logits_t = (p_t − onehot(y_t)) / T`: `∂W = Σ_t ∂logits_t o_tᵀ`, `∂o_t = Wᵀ ∂logits_t`,
//! split into `∂s_t` and `∂c_t`. Going back from `t = T`, `∂s_t` also collects what step
//! `t + 1` sends back through the recurrence (`∂h_0`, `∂c_0` of its LSTM step) and, for
//! additive attention, through that step's query `s_t`. Luong: `∂c_t` goes through
//! `attend(s_t, h^enc)` into `∂s_t` before the LSTM step. Bahdanau: the LSTM step's `∂x_t`
//! splits into `∂E[y_{t−1}]` and a second `∂c_t`; both parts of `∂c_t` go through
//! `attend(s_{t−1}, h^enc)` into `∂s_{t−1}`. Every `∂h^enc_j` the attention produced, with
//! `∂s_0` and the cell's gradient as the final-state gradient, then goes back through the
//! encoder.

use ndarray::{s, Array1, Array2, ArrayView1, Axis};

use super::{encoder_states, flat_score_params, Seq2Seq, Seq2SeqRun, START};
use crate::engine::attention::encoder_decoder::{attend_backward, ScoreParams};
use crate::engine::gradcheck::{check_flat, pick_entries, GradientCheck, Precision, TensorSpan};
use crate::engine::nn::kernels::cross_entropy_grad;
use crate::engine::nn::LstmGrads;
use crate::engine::Error;

impl Seq2Seq {
    /// Forward and backward for one pair: the gradient of the mean loss for every weight, in
    /// the order of [`Seq2Seq::weights`], and the run.
    pub fn gradient(
        &self,
        source: &[usize],
        target: &[usize],
    ) -> Result<(Vec<f32>, Seq2SeqRun), Error> {
        let run = self.forward(source, target)?;
        let (e, h, steps) = (self.config.embedding, self.config.hidden, target.len());
        let dlogits = cross_entropy_grad(&run.probs, target);
        let d_w_out = dlogits.t().dot(&run.features);
        let d_b_out = dlogits.sum_axis(Axis(0));
        let d_features = dlogits.dot(&self.w_out);
        let states = encoder_states(&run.enc);
        let mut d_states = Array2::<f64>::zeros(states.dim());
        let mut d_attention = self.attention.as_ref().map(ScoreParams::zeros_like);
        let mut d_decoder = LstmGrads::zeros(&self.decoder, steps);
        // ∂L/∂s_t and ∂L/∂cell_t from the steps after t.
        let (mut dh_next, mut dc_next) = (Array1::<f32>::zeros(h), Array1::<f32>::zeros(h));
        let zeros = Array1::<f32>::zeros(h);
        for t in (0..steps).rev() {
            let mut dh = &d_features.slice(s![t, ..h]) + &dh_next;
            let d_context_out = d_features.slice(s![t, h..]).mapv(f64::from);
            let mut attend_back = |d_context: ArrayView1<'_, f64>| -> Option<Array1<f32>> {
                let (params, d_params) = (self.attention.as_ref()?, d_attention.as_mut()?);
                let grads = attend_backward(
                    params,
                    run.queries.row(t),
                    states.view(),
                    &run.attention[t],
                    d_context,
                    None,
                );
                d_states += &grads.d_encoder;
                add_score_params(d_params, &grads.d_params);
                Some(grads.d_state.mapv(|g| g as f32))
            };
            if !self.feeds_context() {
                if let Some(d_query) = attend_back(d_context_out.view()) {
                    dh += &d_query;
                }
            }
            let cell = self.decoder.backward(
                run.dec_x.slice(s![t..t + 1, ..]),
                &run.dec.step(t),
                dh.view().insert_axis(Axis(0)),
                zeros.view(),
                dc_next.view(),
            );
            d_decoder.w_ih += &cell.w_ih;
            d_decoder.w_hh += &cell.w_hh;
            d_decoder.bias += &cell.bias;
            d_decoder.x.row_mut(t).assign(&cell.x.row(0));
            (dh_next, dc_next) = (cell.h0, cell.c0);
            if self.feeds_context() {
                let d_context = d_context_out + &cell.x.slice(s![0, e..]).mapv(f64::from);
                if let Some(d_query) = attend_back(d_context.view()) {
                    dh_next += &d_query;
                }
            }
        }
        let encoder = self.encoder.backward(
            run.enc_x.view(),
            &run.enc,
            d_states.mapv(|x| x as f32).view(),
            dh_next.view(),
            dc_next.view(),
        );
        let mut d_embedding = Array2::<f32>::zeros(self.embedding.dim());
        for (t, &id) in source.iter().enumerate() {
            let mut row = d_embedding.row_mut(id);
            row += &encoder.x.row(t);
        }
        let inputs = std::iter::once(START).chain(target[..steps - 1].iter().copied());
        for (t, id) in inputs.enumerate() {
            let mut row = d_embedding.row_mut(id);
            row += &d_decoder.x.slice(s![t, ..e]);
        }
        let mut flat = Vec::with_capacity(self.weights().len());
        flat.extend(d_embedding.iter());
        for g in [&encoder, &d_decoder] {
            flat.extend(g.parameters());
        }
        if let Some(p) = &d_attention {
            flat.extend(flat_score_params(p));
        }
        flat.extend(d_w_out.iter());
        flat.extend(d_b_out.iter());
        Ok((flat, run))
    }
}

fn add_score_params(sum: &mut ScoreParams, grads: &ScoreParams) {
    sum.w += &grads.w;
    sum.w_s += &grads.w_s;
    sum.u += &grads.u;
    sum.v += &grads.v;
}

impl Seq2Seq {
    /// The tensors of [`Seq2Seq::weights`], in order, with their names and shapes:
    /// `embedding.weight`, `encoder.` / `decoder.` `weight_ih_l0`, `weight_hh_l0`, `bias_l0`
    /// (`b_ih + b_hh` in one), the attention's `W`, `W_s`, `U`, `v` (those the score has), and
    /// `out.weight`, `out.bias`.
    pub fn weight_spans(&self) -> Vec<TensorSpan> {
        let mut spans = Vec::new();
        let mut offset = 0;
        let mut push = |name: &str, shape: (usize, usize)| {
            let len = shape.0 * shape.1;
            if len > 0 {
                spans.push(TensorSpan {
                    name: name.to_string(),
                    range: offset..offset + len,
                    shape,
                });
            }
            offset += len;
        };
        push("embedding.weight", self.embedding.dim());
        for (part, lstm) in [("encoder", &self.encoder), ("decoder", &self.decoder)] {
            push(&format!("{part}.weight_ih_l0"), lstm.w_ih.dim());
            push(&format!("{part}.weight_hh_l0"), lstm.w_hh.dim());
            push(&format!("{part}.bias_l0"), (lstm.bias.len(), 1));
        }
        if let Some(p) = &self.attention {
            push("attention.W", p.w.dim());
            push("attention.W_s", p.w_s.dim());
            push("attention.U", p.u.dim());
            push("attention.v", (p.v.len(), 1));
        }
        push("out.weight", self.w_out.dim());
        push("out.bias", (self.b_out.len(), 1));
        spans
    }

    /// The gradient check of the mean loss of (`source`, `target`) (the target ending with the
    /// end symbol): backpropagation beside central differences in float32, for every tensor's
    /// largest entry and `extra` random ones (see [`crate::engine::gradcheck`]).
    pub fn gradient_check(
        &self,
        source: &[usize],
        target: &[usize],
        extra: usize,
        seed: u64,
    ) -> Result<GradientCheck, Error> {
        let (grad, _) = self.gradient(source, target)?;
        let grads: Vec<f64> = grad.iter().map(|&g| f64::from(g)).collect();
        let tensors = self.weight_spans();
        let picks = pick_entries(Precision::Float32, &tensors, &grads, extra, seed);
        let mut probe = self.clone();
        let weights = (&self.weights()[..], |w: f32, d: f64| w + d as f32);
        Ok(check_flat(
            Precision::Float32,
            tensors,
            &grads,
            &picks,
            weights,
            |w| {
                probe.set_weights(w);
                probe
                    .forward(source, target)
                    .map_or(f64::NAN, |run| f64::from(run.loss))
            },
        ))
    }
}
