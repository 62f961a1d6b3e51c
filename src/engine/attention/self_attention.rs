//! Scaled dot-product self-attention, single or multi-head, with an optional causal mask —
//! the Transformer's direct access to every position instead of recurrence — and its backward.
//!
//! For `x` (`[T, D]`) and `H` heads of size `d = D / H`: `Q = x W_q`, `K = x W_k`, `V = x W_v`
//! (`W [D, D]`, head h using columns `h·d .. (h+1)·d`), per head `S = Q_h K_hᵀ / √d` (with
//! `S_ij = −∞` for `j > i` when causal), `A = softmax` of each row, `O_h = A V_h`, and the output
//! `y = [O_1 … O_H] W_o`.

use ndarray::{s, Array2, Array3, ArrayView2};

use crate::engine::nn::kernels::softmax_f64;
use crate::engine::{Error, Rng};

/// The layer's weights, `[D, D]` each.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct SelfAttentionParams {
    /// Heads.
    pub heads: usize,
    /// Mask out the future (position i attends to j ≤ i only).
    pub causal: bool,
    /// `W_q`.
    pub w_q: Array2<f64>,
    /// `W_k`.
    pub w_k: Array2<f64>,
    /// `W_v`.
    pub w_v: Array2<f64>,
    /// `W_o`.
    pub w_o: Array2<f64>,
}

/// What the layer computed.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfAttention {
    /// `Q`, `K`, `V`, `[T, D]` each.
    pub q: Array2<f64>,
    /// Keys.
    pub k: Array2<f64>,
    /// Values.
    pub v: Array2<f64>,
    /// Attention weights per head, `[H, T, T]` (row i: where position i looks).
    pub weights: Array3<f64>,
    /// The heads' outputs side by side, `[T, D]`.
    pub concat: Array2<f64>,
    /// `y`, `[T, D]`.
    pub output: Array2<f64>,
}

/// Gradients of the layer.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfAttentionGrads {
    /// `∂L/∂x`.
    pub d_x: Array2<f64>,
    /// `∂L/∂W_q`, `∂L/∂W_k`, `∂L/∂W_v`, `∂L/∂W_o`.
    pub d_w: [Array2<f64>; 4],
}

impl SelfAttentionParams {
    /// Seeded weights `U(−1/√D, 1/√D)` for width `width` split into `heads` heads.
    pub fn new(width: usize, heads: usize, causal: bool, seed: u64) -> Result<Self, Error> {
        if heads == 0 || width == 0 || !width.is_multiple_of(heads) {
            return Err(Error::InvalidOption {
                name: "heads",
                message: format!("must divide the width {width} evenly, got {heads}"),
            });
        }
        let mut rng = Rng::new(seed);
        let bound = 1.0 / (width as f32).sqrt();
        let mut uniform =
            || Array2::from_shape_fn((width, width), |_| f64::from(rng.uniform(-bound, bound)));
        Ok(SelfAttentionParams {
            heads,
            causal,
            w_q: uniform(),
            w_k: uniform(),
            w_v: uniform(),
            w_o: uniform(),
        })
    }
}

/// The layer on `x` (`[T, D]`).
pub fn self_attention(
    p: &SelfAttentionParams,
    x: ArrayView2<'_, f64>,
) -> Result<SelfAttention, Error> {
    let (steps, width) = x.dim();
    if width != p.w_q.nrows() || steps == 0 {
        return Err(Error::Mismatch(format!(
            "the input has width {width} but the layer expects {} (and at least one position)",
            p.w_q.nrows()
        )));
    }
    let d = width / p.heads;
    let scale = 1.0 / (d as f64).sqrt();
    let (q, k, v) = (x.dot(&p.w_q), x.dot(&p.w_k), x.dot(&p.w_v));
    let mut weights = Array3::zeros((p.heads, steps, steps));
    let mut concat = Array2::zeros((steps, width));
    for h in 0..p.heads {
        let cols = s![.., h * d..(h + 1) * d];
        let scores = q.slice(cols).dot(&k.slice(cols).t()) * scale;
        for i in 0..steps {
            let visible = if p.causal { i + 1 } else { steps };
            let row = scores.row(i).to_vec();
            let mut weights_i = weights.slice_mut(s![h, i, ..visible]);
            softmax_f64(
                &row[..visible],
                weights_i.as_slice_mut().expect("row-major"),
            );
        }
        let out = weights.slice(s![h, .., ..]).dot(&v.slice(cols));
        concat.slice_mut(cols).assign(&out);
    }
    let output = concat.dot(&p.w_o);
    Ok(SelfAttention {
        q,
        k,
        v,
        weights,
        concat,
        output,
    })
}

/// Backward from `∂L/∂y` (`[T, D]`).
pub fn self_attention_backward(
    p: &SelfAttentionParams,
    x: ArrayView2<'_, f64>,
    run: &SelfAttention,
    d_output: ArrayView2<'_, f64>,
) -> SelfAttentionGrads {
    let (steps, width) = x.dim();
    let d = width / p.heads;
    let scale = 1.0 / (d as f64).sqrt();
    let d_w_o = run.concat.t().dot(&d_output);
    let d_concat = d_output.dot(&p.w_o.t());
    let (mut d_q, mut d_k, mut d_v) = (
        Array2::zeros((steps, width)),
        Array2::zeros((steps, width)),
        Array2::zeros((steps, width)),
    );
    for h in 0..p.heads {
        let cols = s![.., h * d..(h + 1) * d];
        let a = run.weights.slice(s![h, .., ..]);
        let d_out = d_concat.slice(cols);
        let d_a = d_out.dot(&run.v.slice(cols).t());
        d_v.slice_mut(cols).assign(&a.t().dot(&d_out));
        let mut d_s = Array2::zeros((steps, steps));
        for i in 0..steps {
            let mean: f64 = (0..steps).map(|j| a[[i, j]] * d_a[[i, j]]).sum();
            for j in 0..steps {
                d_s[[i, j]] = a[[i, j]] * (d_a[[i, j]] - mean);
            }
        }
        d_q.slice_mut(cols)
            .assign(&(d_s.dot(&run.k.slice(cols)) * scale));
        d_k.slice_mut(cols)
            .assign(&(d_s.t().dot(&run.q.slice(cols)) * scale));
    }
    let d_x = d_q.dot(&p.w_q.t()) + d_k.dot(&p.w_k.t()) + d_v.dot(&p.w_v.t());
    SelfAttentionGrads {
        d_x,
        d_w: [x.t().dot(&d_q), x.t().dot(&d_k), x.t().dot(&d_v), d_w_o],
    }
}
