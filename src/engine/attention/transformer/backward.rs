//! The model's backward pass: the gradient of the mean loss for every weight.
//!
//! With `g = ∂L/∂x'` of a block: `∂b_2 = Σ_i g_i`, `∂W_2 = gᵀ relu(pre)`,
//! `∂pre = (g W_2) ⊙ [pre > 0]`, `∂W_1 = ∂preᵀ h`, `∂b_1 = Σ_i ∂pre_i`,
//! `∂h = g + ∂pre W_1`, and `∂x = ∂h + SelfAttn'(∂h)` (see [`self_attention_backward`]).
//! The output layer's `∂logits = (p − onehot(y)) / (T+1)` at the scored rows, zero elsewhere;
//! `∂E[z_i] += ∂x⁰_i`, `∂P[i] += ∂x⁰_i`.

use ndarray::{s, Array2, Axis};

use super::{Block, BlockRun, SelfAttentionModel, SelfAttentionRun};
use crate::engine::attention::self_attention_backward;
use crate::engine::gradcheck::{check_flat, pick_entries, GradientCheck, Precision, TensorSpan};
use crate::engine::nn::kernels::cross_entropy_grad;
use crate::engine::Error;

impl SelfAttentionModel {
    /// Forward and backward for one pair: the gradient of the mean loss for every weight, in
    /// the order of [`SelfAttentionModel::weights`], and the run.
    pub fn gradient(
        &self,
        source: &[usize],
        target: &[usize],
    ) -> Result<(Vec<f64>, SelfAttentionRun), Error> {
        let run = self.forward(source, target)?;
        let mut grad = self.zeros_like();
        let (steps, scored_from) = (run.tokens.len(), run.source_len);
        let d_logits = cross_entropy_grad(&run.probs, target);
        let last = run.blocks.last().map_or_else(
            || Array2::zeros((steps, self.config.width)),
            |b| b.output.clone(),
        );
        grad.w_out = d_logits.t().dot(&last.slice(s![scored_from.., ..]));
        grad.b_out = d_logits.sum_axis(Axis(0));
        let mut d_x = Array2::zeros((steps, self.config.width));
        d_x.slice_mut(s![scored_from.., ..])
            .assign(&d_logits.dot(&self.w_out));
        for ((block, block_run), d_block) in self
            .blocks
            .iter()
            .zip(&run.blocks)
            .zip(&mut grad.blocks)
            .rev()
        {
            d_x = block_backward(block, block_run, &d_x, d_block);
        }
        for (i, &z) in run.tokens.iter().enumerate() {
            let mut row = grad.embedding.row_mut(z);
            row += &d_x.row(i);
            grad.position.row_mut(i).assign(&d_x.row(i));
        }
        Ok((grad.weights(), run))
    }
}

/// One block backward from `d_output` (`∂L/∂x'`, `[N, D]`): writes the weights' gradients into
/// `grad` and returns `∂L/∂x`.
fn block_backward(
    block: &Block,
    run: &BlockRun,
    d_output: &Array2<f64>,
    grad: &mut Block,
) -> Array2<f64> {
    let relu = run.pre.mapv(|u| u.max(0.0));
    grad.w_2 = d_output.t().dot(&relu);
    grad.b_2 = d_output.sum_axis(Axis(0));
    let mut d_pre = d_output.dot(&block.w_2);
    d_pre.zip_mut_with(&run.pre, |g, &u| {
        if u <= 0.0 {
            *g = 0.0;
        }
    });
    grad.w_1 = d_pre.t().dot(&run.mid);
    grad.b_1 = d_pre.sum_axis(Axis(0));
    let d_mid = d_output + &d_pre.dot(&block.w_1);
    let attention = self_attention_backward(
        &block.attention,
        run.input.view(),
        &run.attention,
        d_mid.view(),
    );
    let [d_q, d_k, d_v, d_o] = attention.d_w;
    let a = &mut grad.attention;
    (a.w_q, a.w_k, a.w_v, a.w_o) = (d_q, d_k, d_v, d_o);
    d_mid + attention.d_x
}

impl SelfAttentionModel {
    /// The tensors of [`SelfAttentionModel::weights`], in order, with their names and shapes:
    /// `embedding`, `position`, per block `k` `block{k}.W_q`, `W_k`, `W_v`, `W_o`, `W_1`, `b_1`,
    /// `W_2`, `b_2`, then `out.W`, `out.b`.
    pub fn weight_spans(&self) -> Vec<TensorSpan> {
        let mut names = vec!["embedding".to_string(), "position".to_string()];
        for k in 0..self.blocks.len() {
            for part in ["W_q", "W_k", "W_v", "W_o", "W_1", "b_1", "W_2", "b_2"] {
                names.push(format!("block{}.{part}", k + 1));
            }
        }
        names.extend(["out.W".to_string(), "out.b".to_string()]);
        let mut offset = 0;
        self.tensors()
            .iter()
            .zip(names)
            .map(|(tensor, name)| {
                let shape = tensor.shape();
                let shape = (shape[0], shape.get(1).copied().unwrap_or(1));
                offset += tensor.len();
                TensorSpan {
                    name,
                    range: offset - tensor.len()..offset,
                    shape,
                }
            })
            .collect()
    }

    /// The gradient check of the mean loss of (`source`, `target`) in float64: backpropagation
    /// beside central differences for every tensor's largest entry and `extra` random ones
    /// (see [`crate::engine::gradcheck`]).
    pub fn gradient_check(
        &self,
        source: &[usize],
        target: &[usize],
        extra: usize,
        seed: u64,
    ) -> Result<GradientCheck, Error> {
        let (grads, _) = self.gradient(source, target)?;
        let tensors = self.weight_spans();
        let picks = pick_entries(Precision::Float64, &tensors, &grads, extra, seed);
        let mut probe = self.clone();
        let weights = (&self.weights()[..], |w: f64, d: f64| w + d);
        Ok(check_flat(
            Precision::Float64,
            tensors,
            &grads,
            &picks,
            weights,
            |w| {
                probe.set_weights(w);
                probe
                    .forward(source, target)
                    .map_or(f64::NAN, |run| run.loss)
            },
        ))
    }
}
