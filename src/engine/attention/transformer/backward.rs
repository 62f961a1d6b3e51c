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
