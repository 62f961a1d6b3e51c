//! One SGD step on one (centre, context) pair: the skip-gram-with-negative-sampling loss and
//! its exact gradient, or the full softmax, and the record of which rows moved.
//!
//! How the gradient accumulates is documented on the module (`word2vec`).

use ndarray::Array1;

use super::model::{Matrix, SkipGram};
use crate::engine::nn::kernels::softmax_f64;
use crate::engine::Error;

/// `σ(x) = 1 / (1 + e^{−x})`, evaluated without overflow.
pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// `−ln σ(x) = ln(1 + e^{−x})`, evaluated without overflow or cancellation.
pub fn neg_log_sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        (-x).exp().ln_1p()
    } else {
        -x + x.exp().ln_1p()
    }
}

/// What the step scored.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub enum Scores {
    /// Negative sampling: entry 0 is the context (`s_0 = W_i · W′_j`), entry `1 + k` the
    /// negative `n_k` (`s_k = W_i · W′_{n_k}`).
    NegativeSampling {
        /// The negatives `n_1 … n_k` as drawn (repeats kept).
        negatives: Vec<usize>,
        /// The dot products `s_0, s_1, …, s_k`.
        dots: Vec<f64>,
        /// `σ(s)` of each: the model's probability that the word is a real context.
        sigmoids: Vec<f64>,
    },
    /// Full softmax over the vocabulary.
    Softmax {
        /// `z = W′ W_i` `[V]`.
        logits: Vec<f64>,
        /// `softmax(z)` `[V]`.
        probabilities: Vec<f64>,
    },
}

/// `∂L/∂row` for one row of one matrix (each row appears once: contributions are summed).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct RowGradient {
    /// The matrix ([`Matrix::Input`] for every row when tied).
    pub matrix: Matrix,
    /// The row (word id).
    pub row: usize,
    /// `∂L/∂row` `[D]`.
    pub gradient: Array1<f64>,
}

/// The loss of one pair and its gradient, from the model as it is.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct Gradient {
    /// Centre word `i`.
    pub centre: usize,
    /// Context word `j`.
    pub context: usize,
    /// The loss.
    pub loss: f64,
    /// The scores.
    pub scores: Scores,
    /// The rows with a gradient: the centre's row of W first, then the rows of W′ in order of
    /// first appearance (context, then negatives; all of W′ for the softmax).
    pub rows: Vec<RowGradient>,
}

/// One row before and after a step.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct RowChange {
    /// The matrix.
    pub matrix: Matrix,
    /// The row (word id).
    pub row: usize,
    /// The row before the step `[D]`.
    pub before: Array1<f64>,
    /// The row after the step `[D]`.
    pub after: Array1<f64>,
}

impl RowChange {
    /// `after − before` `[D]`.
    pub fn delta(&self) -> Array1<f64> {
        &self.after - &self.before
    }
}

/// Everything one SGD step computed: what the page shows for the current pair.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct Update {
    /// Centre word `i`.
    pub centre: usize,
    /// Context word `j`.
    pub context: usize,
    /// The learning rate used.
    pub learning_rate: f64,
    /// The loss before the step.
    pub loss: f64,
    /// The scores before the step.
    pub scores: Scores,
    /// Every row that moved, in the order of [`Gradient::rows`].
    pub changes: Vec<RowChange>,
}

/// Adds `scale · vector` to the gradient of (`matrix`, `row`), creating it if needed.
fn accumulate(rows: &mut Vec<RowGradient>, matrix: Matrix, row: usize, scale: f64, vector: &[f64]) {
    let index = match rows.iter().position(|r| r.matrix == matrix && r.row == row) {
        Some(index) => index,
        None => {
            rows.push(RowGradient {
                matrix,
                row,
                gradient: Array1::zeros(vector.len()),
            });
            rows.len() - 1
        }
    };
    rows[index]
        .gradient
        .scaled_add(scale, &ndarray::aview1(vector));
}

impl SkipGram {
    /// The negative-sampling loss of centre `i`, context `j` and negatives `n_1 … n_k`
    /// (`u = W_i`, `v = W′`):
    ///
    /// `L = −ln σ(u·v_j) − Σ_k ln σ(−u·v_{n_k})`
    ///
    /// and its gradient: with `g_0 = σ(s_0) − 1` and `g_k = σ(s_k)`,
    /// `∂L/∂u = Σ_t g_t v_t` and `∂L/∂v_t += g_t u` for every term `t` (see the module docs
    /// for repeats and tying).
    pub fn sgns_gradient(
        &self,
        centre: usize,
        context: usize,
        negatives: &[usize],
    ) -> Result<Gradient, Error> {
        self.check_ids(&[centre, context])?;
        self.check_ids(negatives)?;
        let u = self.input().row(centre).to_vec();
        let output = self.output();
        let out_matrix = match self.tying() {
            super::Tying::Untied => Matrix::Output,
            super::Tying::Tied => Matrix::Input,
        };
        let targets: Vec<usize> = std::iter::once(context)
            .chain(negatives.iter().copied())
            .collect();
        let mut dots = Vec::with_capacity(targets.len());
        let mut sigmoids = Vec::with_capacity(targets.len());
        let mut loss = 0.0;
        let mut d_u = vec![0.0; u.len()];
        let mut outputs: Vec<(usize, f64)> = Vec::with_capacity(targets.len());
        for (t, &word) in targets.iter().enumerate() {
            let v = output.row(word);
            let s: f64 = v.iter().zip(&u).map(|(a, b)| a * b).sum();
            let sigma = sigmoid(s);
            let g = if t == 0 {
                loss += neg_log_sigmoid(s);
                sigma - 1.0
            } else {
                loss += neg_log_sigmoid(-s);
                sigma
            };
            for (d, x) in d_u.iter_mut().zip(v.iter()) {
                *d += g * x;
            }
            dots.push(s);
            sigmoids.push(sigma);
            outputs.push((word, g));
        }
        let mut rows = Vec::with_capacity(targets.len() + 1);
        accumulate(&mut rows, Matrix::Input, centre, 1.0, &d_u);
        for (word, g) in outputs {
            accumulate(&mut rows, out_matrix, word, g, &u);
        }
        Ok(Gradient {
            centre,
            context,
            loss,
            scores: Scores::NegativeSampling {
                negatives: negatives.to_vec(),
                dots,
                sigmoids,
            },
            rows,
        })
    }

    /// The full softmax loss `L = −ln softmax(W′ u)_j` (`u = W_i`) and its exact gradient:
    /// with `p = softmax(W′ u)` and `δ = p − e_j`, `∂L/∂u = W′ᵀ δ` and `∂L/∂W′_m = δ_m u` for
    /// every word `m` (every row of W′ moves). Tied: the centre's row gets both.
    pub fn softmax_gradient(&self, centre: usize, context: usize) -> Result<Gradient, Error> {
        self.check_ids(&[centre, context])?;
        let u = self.input().row(centre).to_owned();
        let output = self.output();
        let logits: Vec<f64> = output.rows().into_iter().map(|v| v.dot(&u)).collect();
        let mut probabilities = vec![0.0; logits.len()];
        let loss = softmax_f64(&logits, &mut probabilities) - logits[context];
        let delta: Vec<f64> = (0..logits.len())
            .map(|m| probabilities[m] - if m == context { 1.0 } else { 0.0 })
            .collect();
        let d_u = output.t().dot(&ndarray::aview1(&delta));
        let mut rows = vec![RowGradient {
            matrix: Matrix::Input,
            row: centre,
            gradient: d_u,
        }];
        for (m, &d) in delta.iter().enumerate() {
            match self.tying() {
                super::Tying::Tied if m == centre => rows[0].gradient.scaled_add(d, &u),
                super::Tying::Tied => rows.push(RowGradient {
                    matrix: Matrix::Input,
                    row: m,
                    gradient: &u * d,
                }),
                super::Tying::Untied => rows.push(RowGradient {
                    matrix: Matrix::Output,
                    row: m,
                    gradient: &u * d,
                }),
            }
        }
        Ok(Gradient {
            centre,
            context,
            loss,
            scores: Scores::Softmax {
                logits,
                probabilities,
            },
            rows,
        })
    }

    /// Moves every row of `gradient` by `−learning_rate · ∂L/∂row`.
    pub fn apply(&mut self, gradient: &Gradient, learning_rate: f64) {
        for row in &gradient.rows {
            self.matrix_mut(row.matrix)
                .row_mut(row.row)
                .scaled_add(-learning_rate, &row.gradient);
        }
    }

    /// Applies `gradient` and records each moved row before and after.
    pub fn apply_recorded(&mut self, gradient: Gradient, learning_rate: f64) -> Update {
        let before: Vec<Array1<f64>> = gradient
            .rows
            .iter()
            .map(|r| self.row(r.matrix, r.row).to_owned())
            .collect();
        self.apply(&gradient, learning_rate);
        let changes = gradient
            .rows
            .iter()
            .zip(before)
            .map(|(r, before)| RowChange {
                matrix: r.matrix,
                row: r.row,
                before,
                after: self.row(r.matrix, r.row).to_owned(),
            })
            .collect();
        Update {
            centre: gradient.centre,
            context: gradient.context,
            learning_rate,
            loss: gradient.loss,
            scores: gradient.scores,
            changes,
        }
    }

    /// One recorded SGD step on the negative-sampling loss (see [`SkipGram::sgns_gradient`]).
    pub fn sgns_update(
        &mut self,
        centre: usize,
        context: usize,
        negatives: &[usize],
        learning_rate: f64,
    ) -> Result<Update, Error> {
        let gradient = self.sgns_gradient(centre, context, negatives)?;
        Ok(self.apply_recorded(gradient, learning_rate))
    }

    /// One recorded SGD step on the full softmax loss (see [`SkipGram::softmax_gradient`]).
    pub fn softmax_update(
        &mut self,
        centre: usize,
        context: usize,
        learning_rate: f64,
    ) -> Result<Update, Error> {
        let gradient = self.softmax_gradient(centre, context)?;
        Ok(self.apply_recorded(gradient, learning_rate))
    }
}
