//! word2vec: skip-gram with negative sampling (SGNS), trained one (centre, context) pair at a
//! time with every number kept for the page (Mikolov et al. 2013, "Distributed
//! Representations of Words and Phrases and their Compositionality"; the word2vec C code).
//!
//! From a token stream (cleaning and tokenisation are `unroll::text`'s job):
//!
//! 1. [`Vocabulary`]: words seen at least `min_count` times, ids by descending count (ties
//!    alphabetical); `V × D` capped at [`MAX_WEIGHTS`] per matrix.
//! 2. [`subsample`]: each epoch keeps an occurrence of word `w` with probability
//!    `(√(f_w / t) + 1) · t / f_w` ([`keep_probability`]).
//! 3. [`Window`]: (centre `i`, context `j`) pairs, contexts up to `c` words either side within
//!    a sentence, in reading order.
//! 4. [`NegativeSampler`]: `k` negatives per pair from `P(w) ∝ count_w^α` (alias method).
//!    Negatives may repeat and may equal the centre; one equal to the context is kept by
//!    default ([`ContextNegatives`]; the C code and gensim drop it).
//! 5. [`SkipGram::sgns_gradient`]: with `u = W_i`, `v = W′`,
//!    `L = −ln σ(u·v_j) − Σ_k ln σ(−u·v_{n_k})`; one SGD step from the pre-update values
//!    (see below for repeats and tying), learning rate decaying
//!    linearly from `lr0` to `lr0 · 1e-4` over the planned pairs.
//!    Optionally the full softmax `L = −ln softmax(W′ u)_j` ([`Objective::FullSoftmax`]).
//! 6. Reading the result: [`nearest`], [`analogy`] (3CosAdd), [`pca_2d`], [`vectors_tsv`] /
//!    [`metadata_tsv`] for the TensorFlow Embedding Projector.
//!
//! Roles: here the centre's row of W scores the context's row of W′. The C code's skip-gram
//! loop does the mirror image (the context word's row of `syn0` predicts the centre through
//! `syn1neg`); since every pair (a, b) in a window comes with (b, a), the two train on the
//! same pairs.
//!
//! # How the gradient accumulates
//!
//! Every gradient is computed from the values *before* the step (W_i and every row of W′ as
//! they were), then all rows are moved at once: `row −= learning_rate · ∂L/∂row`. This is one
//! SGD step on the pair's loss, what PyTorch's autograd followed by `W -= lr * W.grad` gives.
//!
//! - A negative drawn twice is two terms of the loss: its row's gradient is the sum of both
//!   (`2 σ(s) W_i` for a row drawn twice), and `W_i` gets its `σ(s) W′_n` twice.
//! - A negative equal to the context adds to the same row of W′: `(σ(s) − 1 + σ(s)) W_i`.
//! - Tied (W′ = W): if the centre `i` also appears as the context or a negative, its one row
//!   gets the sum of both roles: `∂L/∂W_i = Σ_t g_t W_t + Σ_{t = i} g_t W_i` (for `j = i` the
//!   positive score is `|W_i|²`, and its gradient is `2 g_0 W_i`).
//!
//! The word2vec C code instead moves W′ rows one term at a time inside its loop over
//! negatives, so a repeated negative sees its own first update; the difference is of order
//! `learning_rate²`.
//!
//! [`Word2VecTrainer`] is the lab's session; [`ToyCorpus`] a generated language whose word
//! classes and analogies are known.

mod config;

mod export;
mod lab;
mod model;
mod pca;
mod query;
mod readout;
mod sampling;
mod toy;
mod trainer;
mod trainer_query;
mod update;
mod vocab;
mod window;

pub use crate::engine::curve::LossCurve;
pub use config::{ContextNegatives, Objective, Word2VecConfig, MAX_SOFTMAX_VOCABULARY};
pub use export::{metadata_tsv, vectors_tsv};
pub use lab::{LabRun, Word2VecLab, PROJECTED_WORDS, SHOWN_ROWS, TRAIL_LENGTH};
pub use model::{EmbeddingChoice, Matrix, SkipGram, Tying};
pub use pca::{pca_2d, Projection};
pub use query::{analogy, cosine, nearest, unit_rows, Neighbour};
pub use readout::{MatrixRows, WindowRole};
pub use sampling::{keep_probability, subsample, NegativeSampler};
pub use toy::{ToyCorpus, WordClass};
pub use trainer::{StepRecord, Word2VecTrainer, LEARNING_RATE_FLOOR};
pub use update::{neg_log_sigmoid, sigmoid, Gradient, RowChange, RowGradient, Scores, Update};
pub use vocab::{Corpus, Vocabulary, MAX_TOKENS, MAX_WEIGHTS};
pub use window::{Pair, Window, WindowShrink};
