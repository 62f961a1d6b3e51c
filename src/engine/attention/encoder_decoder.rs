//! Encoder–decoder attention for one decoder step, with its backward pass.
//!
//! For a decoder state `s` (`[D]`) and encoder states `h_j` (`[T, E]`):
//!
//! - scores `e_j`: Luong **dot** `sᵀ h_j` (needs D = E), Luong **general** `sᵀ W h_j`
//!   (`W [D, E]`), Bahdanau **additive** `vᵀ tanh(W_s s + U h_j)` (`W_s [A, D]`, `U [A, E]`, `v [A]`);
//! - weights `a = softmax(e)` over the encoder positions;
//! - context `c = Σ_j a_j h_j`.
//!
//! Backward from `∂L/∂c` (and optionally an extra `∂L/∂a`): `∂L/∂a_j = h_j · ∂L/∂c + extra_j`,
//! `∂L/∂e = a ⊙ (∂L/∂a − Σ_k a_k ∂L/∂a_k)`, then through the score function to `s`, every
//! `h_j` (which also receives `a_j ∂L/∂c`) and the score's weights.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

use crate::engine::{Error, Rng};

/// How a decoder state is compared with each encoder state.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Score {
    /// `sᵀ h_j`.
    Dot,
    /// `sᵀ W h_j`.
    General,
    /// `vᵀ tanh(W_s s + U h_j)`.
    Additive,
}

impl Score {
    /// `dot`, `general` or `additive`.
    pub fn name(self) -> &'static str {
        match self {
            Score::Dot => "dot",
            Score::General => "general",
            Score::Additive => "additive",
        }
    }
}

/// The score function's weights (unused ones are empty).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct ScoreParams {
    /// Which score.
    pub score: Score,
    /// `W [D, E]` (general).
    pub w: Array2<f64>,
    /// `W_s [A, D]` (additive).
    pub w_s: Array2<f64>,
    /// `U [A, E]` (additive).
    pub u: Array2<f64>,
    /// `v [A]` (additive).
    pub v: Array1<f64>,
}

impl ScoreParams {
    /// Seeded weights `U(−1/√E, 1/√E)` for decoder size `d`, encoder size `e`, attention size `a`.
    pub fn new(
        score: Score,
        d: usize,
        e: usize,
        a: usize,
        seed: u64,
    ) -> Result<ScoreParams, Error> {
        if score == Score::Dot && d != e {
            return Err(Error::Mismatch(format!(
                "dot attention needs equal decoder and encoder sizes, got {d} and {e}"
            )));
        }
        let mut rng = Rng::new(seed);
        let bound = 1.0 / (e.max(1) as f32).sqrt();
        let mut uniform = |rows: usize, cols: usize| {
            Array2::from_shape_fn((rows, cols), |_| f64::from(rng.uniform(-bound, bound)))
        };
        let (w, w_s, u, v) = match score {
            Score::Dot => (
                uniform(0, 0),
                uniform(0, 0),
                uniform(0, 0),
                Array1::zeros(0),
            ),
            Score::General => (
                uniform(d, e),
                uniform(0, 0),
                uniform(0, 0),
                Array1::zeros(0),
            ),
            Score::Additive => {
                let (w_s, u) = (uniform(a, d), uniform(a, e));
                let v = uniform(1, a).row(0).to_owned();
                (uniform(0, 0), w_s, u, v)
            }
        };
        Ok(ScoreParams {
            score,
            w,
            w_s,
            u,
            v,
        })
    }

    /// Gradients of the same shapes, all zero.
    pub fn zeros_like(&self) -> ScoreParams {
        ScoreParams {
            score: self.score,
            w: Array2::zeros(self.w.dim()),
            w_s: Array2::zeros(self.w_s.dim()),
            u: Array2::zeros(self.u.dim()),
            v: Array1::zeros(self.v.len()),
        }
    }
}

/// One decoder step's attention: what it computed.
#[derive(Debug, Clone, PartialEq)]
pub struct AttentionStep {
    /// `e_j`, `[T]`.
    pub scores: Array1<f64>,
    /// `a_j = softmax(e)_j`, `[T]`.
    pub weights: Array1<f64>,
    /// `c = Σ a_j h_j`, `[E]`.
    pub context: Array1<f64>,
    /// Additive only: `tanh(W_s s + U h_j)`, `[T, A]`.
    pub hidden: Array2<f64>,
}

/// Gradients of one step.
#[derive(Debug, Clone, PartialEq)]
pub struct AttentionGrads {
    /// `∂L/∂s`, `[D]`.
    pub d_state: Array1<f64>,
    /// `∂L/∂h_j`, `[T, E]`.
    pub d_encoder: Array2<f64>,
    /// `∂L/∂` the score's weights.
    pub d_params: ScoreParams,
}

/// Attention of decoder state `s` over `encoder` (`[T, E]`).
pub fn attend(
    params: &ScoreParams,
    s: ArrayView1<'_, f64>,
    encoder: ArrayView2<'_, f64>,
) -> AttentionStep {
    let frames = encoder.nrows();
    let mut hidden = Array2::zeros((0, 0));
    let scores: Array1<f64> = match params.score {
        Score::Dot => encoder.dot(&s),
        Score::General => encoder.dot(&params.w.t().dot(&s)),
        Score::Additive => {
            let projected = params.w_s.dot(&s);
            let mut pre = encoder.dot(&params.u.t());
            for mut row in pre.rows_mut() {
                row += &projected;
            }
            hidden = pre.mapv(f64::tanh);
            hidden.dot(&params.v)
        }
    };
    let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exp = scores.mapv(|e| (e - max).exp());
    let weights = &exp / exp.sum();
    let context = weights.dot(&encoder);
    debug_assert_eq!(weights.len(), frames);
    AttentionStep {
        scores,
        weights,
        context,
        hidden,
    }
}

/// Backward through one step from `∂L/∂c` (and `extra` = a direct `∂L/∂a`, if any).
pub fn attend_backward(
    params: &ScoreParams,
    s: ArrayView1<'_, f64>,
    encoder: ArrayView2<'_, f64>,
    step: &AttentionStep,
    d_context: ArrayView1<'_, f64>,
    extra: Option<ArrayView1<'_, f64>>,
) -> AttentionGrads {
    let mut d_weights = encoder.dot(&d_context);
    if let Some(extra) = extra {
        d_weights += &extra;
    }
    let mean = step.weights.dot(&d_weights);
    let d_scores = &step.weights * &d_weights.mapv(|g| g - mean);
    // c = Σ a_j h_j contributes a_j ∂L/∂c to every h_j.
    let mut d_encoder = Array2::zeros(encoder.dim());
    for (j, mut row) in d_encoder.rows_mut().into_iter().enumerate() {
        row.scaled_add(step.weights[j], &d_context);
    }
    let mut d_params = params.zeros_like();
    let d_state = match params.score {
        Score::Dot => {
            // e_j = sᵀ h_j.
            for (j, mut row) in d_encoder.rows_mut().into_iter().enumerate() {
                row.scaled_add(d_scores[j], &s);
            }
            encoder.t().dot(&d_scores)
        }
        Score::General => {
            // e_j = sᵀ W h_j: ∂s = W Σ_j de_j h_j, ∂h_j = de_j Wᵀ s, ∂W = s (Σ_j de_j h_j)ᵀ.
            let weighted = encoder.t().dot(&d_scores);
            let w_t_s = params.w.t().dot(&s);
            for (j, mut row) in d_encoder.rows_mut().into_iter().enumerate() {
                row.scaled_add(d_scores[j], &w_t_s);
            }
            d_params.w = Array2::from_shape_fn(params.w.dim(), |(i, k)| s[i] * weighted[k]);
            params.w.dot(&weighted)
        }
        Score::Additive => {
            // e_j = vᵀ z_j, z_j = tanh(W_s s + U h_j).
            let mut d_pre = Array2::zeros(step.hidden.dim());
            for (j, mut row) in d_pre.rows_mut().into_iter().enumerate() {
                for (k, slot) in row.iter_mut().enumerate() {
                    let z = step.hidden[[j, k]];
                    *slot = d_scores[j] * params.v[k] * (1.0 - z * z);
                }
            }
            d_params.v = step.hidden.t().dot(&d_scores);
            d_params.u = d_pre.t().dot(&encoder);
            let summed = d_pre.sum_axis(ndarray::Axis(0));
            d_params.w_s = Array2::from_shape_fn(params.w_s.dim(), |(i, k)| summed[i] * s[k]);
            d_encoder += &d_pre.dot(&params.u);
            params.w_s.t().dot(&summed)
        }
    };
    AttentionGrads {
        d_state,
        d_encoder,
        d_params,
    }
}
