//! What the word2vec lab's views read from a session, computed once here: the share of
//! variance the picture explains, the loss terms of a pair, the unigram distribution, the text
//! strip around the window, and the rows of W and W′ a drawing shows.

use ndarray::Array2;

use super::{
    neg_log_sigmoid, Matrix, Projection, Scores, Tying, Vocabulary, Word2VecLab, Word2VecTrainer,
};
use crate::engine::Error;

impl Projection {
    /// The share of the total variance the two components explain (NaN-free: 0 when the
    /// total is 0).
    pub fn explained(&self) -> f64 {
        (self.variances[0] + self.variances[1]) / self.total_variance.max(f64::MIN_POSITIVE)
    }
}

impl Scores {
    /// Each term of the negative-sampling loss: the context's `−ln σ(dot)`, then each
    /// negative's `−ln σ(−dot)` (empty for the full softmax).
    pub fn terms(&self) -> Vec<f64> {
        match self {
            Scores::NegativeSampling { dots, .. } => dots
                .iter()
                .enumerate()
                .map(|(k, &dot)| neg_log_sigmoid(if k == 0 { dot } else { -dot }))
                .collect(),
            Scores::Softmax { .. } => Vec::new(),
        }
    }
}

impl Vocabulary {
    /// `count / total` of the `shown` most frequent words.
    pub fn unigram(&self, shown: usize) -> Vec<f64> {
        let total = self.total().max(1) as f64;
        self.counts()[..shown.min(self.len())]
            .iter()
            .map(|&c| c as f64 / total)
            .collect()
    }
}

/// A token's part in the current pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowRole {
    /// Outside the window.
    Outside,
    /// In the window.
    Window,
    /// The centre word.
    Centre,
    /// The context word of the pair.
    Context,
}

impl Word2VecTrainer {
    /// The text around the last pair (or the next, before any): each token with its role,
    /// `margin` tokens either side of the window.
    pub fn window_strip(&self, margin: usize) -> Vec<(String, WindowRole)> {
        let Some(pair) = self.last().map(|r| r.pair).or_else(|| self.peek()) else {
            return Vec::new();
        };
        let corpus = self.corpus();
        let (ids, positions) = (corpus.ids(), corpus.positions());
        // The window's first and last original positions, inclusive.
        let (first, last) = pair.window;
        let from = positions
            .partition_point(|&p| p < first)
            .saturating_sub(margin);
        let to = (positions.partition_point(|&p| p <= last) + margin).min(ids.len());
        let vocabulary = self.vocabulary();
        ids[from..to]
            .iter()
            .zip(&positions[from..to])
            .map(|(&id, &position)| {
                let role = if position == pair.centre_position {
                    WindowRole::Centre
                } else if position == pair.context_position {
                    WindowRole::Context
                } else if (first..=last).contains(&position) {
                    WindowRole::Window
                } else {
                    WindowRole::Outside
                };
                (vocabulary.word(id).unwrap_or("?").to_string(), role)
            })
            .collect()
    }
}

/// The rows of W and W′ a drawing shows, with the last step's changes and roles.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixRows {
    /// The rows' words.
    pub words: Vec<String>,
    /// The rows of W `[rows, D]`.
    pub w: Array2<f64>,
    /// The rows of W′ `[rows, D]` (empty when tied).
    pub w_prime: Array2<f64>,
    /// Whether W′ is W.
    pub tied: bool,
    /// Rows of W the last step changed.
    pub changed_w: Vec<usize>,
    /// Rows of W′ the last step changed.
    pub changed_w_prime: Vec<usize>,
    /// The last step's change of each row of W.
    pub delta_w: Array2<f64>,
    /// The last step's change of each row of W′.
    pub delta_w_prime: Array2<f64>,
    /// `(row, role)`: `c` centre, `o` context, `n` negative.
    pub roles: Vec<(usize, char)>,
}

impl Word2VecLab {
    /// The rows of W and W′ of model `run` a drawing shows: the last pair's words first.
    pub fn matrix_rows(&self, run: usize) -> Result<MatrixRows, Error> {
        let lab_run = self.runs.get(run).ok_or(Error::InvalidOption {
            name: "model",
            message: format!("there is no model {run}"),
        })?;
        let trainer = &lab_run.trainer;
        let (rows, delta_w, delta_w_prime) = self.shown_rows(run);
        let model = trainer.model();
        let tied = model.tying() == Tying::Tied;
        let pick = |matrix: Matrix| {
            let full = model.matrix(matrix);
            Array2::from_shape_fn((rows.len(), full.ncols()), |(r, c)| full[[rows[r], c]])
        };
        let changed = |delta: &Array2<f64>| {
            (0..rows.len())
                .filter(|&r| delta.row(r).iter().any(|&d| d != 0.0))
                .collect::<Vec<_>>()
        };
        let mut roles = Vec::new();
        if let Some(last) = trainer.last() {
            let u = &last.update;
            let position = |id: usize| rows.iter().position(|&r| r == id);
            if let Scores::NegativeSampling { negatives, .. } = &u.scores {
                for &n in negatives {
                    if let Some(k) = position(n) {
                        roles.push((k, 'n'));
                    }
                }
            }
            if let Some(k) = position(u.context) {
                roles.push((k, 'o'));
            }
            if let Some(k) = position(u.centre) {
                roles.push((k, 'c'));
            }
        }
        Ok(MatrixRows {
            words: rows
                .iter()
                .map(|&id| trainer.vocabulary().word(id).unwrap_or("?").to_string())
                .collect(),
            w: pick(Matrix::Input),
            w_prime: if tied {
                Array2::zeros((0, 0))
            } else {
                pick(Matrix::Output)
            },
            tied,
            changed_w: changed(&delta_w),
            changed_w_prime: changed(&delta_w_prime),
            delta_w,
            delta_w_prime,
            roles,
        })
    }
}
