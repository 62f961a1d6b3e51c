//! The skip-gram model: the input matrix W `[V, D]` (row `i`: the word as a centre) and the
//! output matrix W′ `[V, D]` (row `j`: the word as a context), or one shared matrix.

use ndarray::{Array1, Array2, ArrayView1};

use crate::engine::{Error, Rng};

/// Whether W′ is a matrix of its own.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tying {
    /// W and W′ are separate (word2vec as published).
    #[default]
    Untied,
    /// W′ = W: one matrix plays both roles.
    Tied,
}

/// One of the two matrices.
#[derive(
    serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
pub enum Matrix {
    /// W, the centre ("input") vectors. When tied, the one matrix.
    Input,
    /// W′, the context ("output") vectors (never used when tied).
    Output,
}

/// Which vectors stand for a word once trained.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EmbeddingChoice {
    /// Rows of W (the usual choice).
    #[default]
    Input,
    /// Rows of W′.
    Output,
    /// `(W + W′) / 2` (GloVe's habit; equals W when tied).
    Average,
}

/// W and W′ (or W alone when tied), `f64`.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct SkipGram {
    w: Array2<f64>,
    w_out: Option<Array2<f64>>,
}

impl SkipGram {
    /// A freshly initialised model, like the word2vec C code: W ~ U(−0.5/D, 0.5/D) drawn row
    /// by row from `rng`, W′ = 0. A tied W′ = W cannot start at zero (every gradient would be
    /// zero for ever), so tied starts from the same uniform W.
    pub fn new(vocab_size: usize, dimensions: usize, tying: Tying, rng: &mut Rng) -> SkipGram {
        let half = 0.5 / dimensions.max(1) as f64;
        let w = Array2::from_shape_fn((vocab_size, dimensions), |_| {
            -half + 2.0 * half * rng.next_f64()
        });
        let w_out = match tying {
            Tying::Untied => Some(Array2::zeros((vocab_size, dimensions))),
            Tying::Tied => None,
        };
        SkipGram { w, w_out }
    }

    /// A model with given weights (`output` `None`: tied). Both must be `[V, D]` with `V ≥ 1`,
    /// `D ≥ 1`, and finite.
    pub fn from_matrices(
        input: Array2<f64>,
        output: Option<Array2<f64>>,
    ) -> Result<SkipGram, Error> {
        let model_error = |message: String| Err(Error::InvalidModel(message));
        if input.nrows() == 0 || input.ncols() == 0 {
            return model_error(format!("W must be at least 1 × 1, got {:?}", input.dim()));
        }
        if let Some(out) = &output {
            if out.dim() != input.dim() {
                return model_error(format!(
                    "W′ must have the shape of W {:?}, got {:?}",
                    input.dim(),
                    out.dim()
                ));
            }
        }
        let finite = |m: &Array2<f64>| m.iter().all(|x| x.is_finite());
        if !finite(&input) || !output.as_ref().is_none_or(finite) {
            return model_error("the weights must be finite numbers".to_string());
        }
        // Standard layout keeps every row contiguous for the update loops.
        let standard = |m: Array2<f64>| {
            if m.is_standard_layout() {
                m
            } else {
                m.as_standard_layout().to_owned()
            }
        };
        Ok(SkipGram {
            w: standard(input),
            w_out: output.map(standard),
        })
    }

    /// Tied or not.
    pub fn tying(&self) -> Tying {
        match self.w_out {
            Some(_) => Tying::Untied,
            None => Tying::Tied,
        }
    }

    /// `V`.
    pub fn vocab_size(&self) -> usize {
        self.w.nrows()
    }

    /// `D`.
    pub fn dimensions(&self) -> usize {
        self.w.ncols()
    }

    /// W `[V, D]`.
    pub fn input(&self) -> &Array2<f64> {
        &self.w
    }

    /// W′ `[V, D]` (W itself when tied).
    pub fn output(&self) -> &Array2<f64> {
        self.w_out.as_ref().unwrap_or(&self.w)
    }

    /// The matrix a [`Matrix`] names (W for either when tied).
    pub fn matrix(&self, matrix: Matrix) -> &Array2<f64> {
        match matrix {
            Matrix::Input => &self.w,
            Matrix::Output => self.output(),
        }
    }

    pub(super) fn matrix_mut(&mut self, matrix: Matrix) -> &mut Array2<f64> {
        match (matrix, &mut self.w_out) {
            (Matrix::Output, Some(out)) => out,
            _ => &mut self.w,
        }
    }

    /// Row `row` of `matrix`.
    pub fn row(&self, matrix: Matrix, row: usize) -> ArrayView1<'_, f64> {
        self.matrix(matrix).row(row)
    }

    /// The word vectors chosen by `choice`, `[V, D]`.
    pub fn embeddings(&self, choice: EmbeddingChoice) -> Array2<f64> {
        match choice {
            EmbeddingChoice::Input => self.w.clone(),
            EmbeddingChoice::Output => self.output().clone(),
            EmbeddingChoice::Average => (&self.w + self.output()) * 0.5,
        }
    }

    /// The vector of word `id` under `choice`.
    pub fn embedding(&self, choice: EmbeddingChoice, id: usize) -> Array1<f64> {
        match choice {
            EmbeddingChoice::Input => self.w.row(id).to_owned(),
            EmbeddingChoice::Output => self.output().row(id).to_owned(),
            EmbeddingChoice::Average => (&self.w.row(id) + &self.output().row(id)) * 0.5,
        }
    }

    /// Checks that word ids are in `0..V`.
    pub(super) fn check_ids(&self, ids: &[usize]) -> Result<(), Error> {
        match ids.iter().find(|&&id| id >= self.vocab_size()) {
            Some(id) => Err(Error::Mismatch(format!(
                "word id {id} is outside the vocabulary of {} words",
                self.vocab_size()
            ))),
            None => Ok(()),
        }
    }
}
