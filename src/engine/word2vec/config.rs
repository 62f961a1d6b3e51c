//! The trainer's options and their checks.

use super::model::Tying;
use super::window::WindowShrink;
use crate::engine::{limits, Error};

/// Largest vocabulary trained with the full softmax (every step touches all of W′).
pub const MAX_SOFTMAX_VOCABULARY: usize = 2000;

/// What each pair is trained on.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Objective {
    /// Skip-gram with negative sampling: the context against `k` sampled words.
    #[default]
    NegativeSampling,
    /// The full softmax over the vocabulary: exact, `V` times the work (small vocabularies).
    FullSoftmax,
}

/// What to do with a drawn negative that is the pair's context word.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ContextNegatives {
    /// Keep it: the negatives are exactly `k` independent draws from `P(w) ∝ count^α`, and the
    /// pair's loss has both `−ln σ(s_j)` and `−ln σ(−s_j)` (their gradients add on one row).
    #[default]
    Keep,
    /// Drop it, as the word2vec C code and gensim do: that pair then has fewer than `k`
    /// negatives. (Both keep repeats, and negatives equal to the centre.)
    Skip,
}

/// Everything the reader can choose.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq)]
pub struct Word2VecConfig {
    /// Embedding size `D` (1 to 300).
    pub dimensions: usize,
    /// Window half-width `c`: contexts up to `c` words either side (1 to 10).
    pub window: usize,
    /// Fixed reach or the C code's random reduced window.
    pub shrink: WindowShrink,
    /// Negatives `k` per pair (1 to 20).
    pub negatives: usize,
    /// Exponent `α` of the negative-sampling distribution `count^α` (0 to 2).
    pub alpha: f64,
    /// Initial learning rate `lr0`; it decays linearly to `lr0 · 1e-4` over the planned pairs.
    pub learning_rate: f64,
    /// Subsampling threshold `t` (0: off; typical 1e-3 to 1e-5). Off by default: on a small
    /// text every word is "frequent" (a 60-word vocabulary has `f ≥ 1/60 ≫ 1e-3`), and the C
    /// code's 1e-3 would drop most of it.
    pub subsample: f64,
    /// Words seen fewer times are dropped.
    pub min_count: u64,
    /// Passes over the text the learning-rate schedule plans for (1 to 1000).
    pub epochs: usize,
    /// W′ separate or shared with W.
    pub tying: Tying,
    /// Negative sampling or the full softmax.
    pub objective: Objective,
    /// Keep or drop negatives equal to the context.
    pub context_negatives: ContextNegatives,
    /// Seed of the initial weights (one stream) and of subsampling, windows and negatives
    /// (another), so tied and untied runs with one seed see the same pairs and negatives.
    pub seed: u64,
}

impl Default for Word2VecConfig {
    fn default() -> Self {
        Word2VecConfig {
            dimensions: 20,
            window: 2,
            shrink: WindowShrink::Fixed,
            negatives: 5,
            alpha: 0.75,
            learning_rate: 0.025,
            subsample: 0.0,
            min_count: 1,
            epochs: 5,
            tying: Tying::Untied,
            objective: Objective::NegativeSampling,
            context_negatives: ContextNegatives::Keep,
            seed: 1,
        }
    }
}

impl Word2VecConfig {
    /// Checks every option (not the text: see the trainer).
    pub fn validate(&self) -> Result<(), Error> {
        limits::W2V_DIMENSIONS.check_count(self.dimensions)?;
        limits::W2V_WINDOW.check_count(self.window)?;
        limits::W2V_NEGATIVES.check_count(self.negatives)?;
        limits::W2V_EPOCHS.check_count(self.epochs)?;
        limits::W2V_MIN_COUNT.check(self.min_count as f64)?;
        limits::W2V_ALPHA.check(self.alpha)?;
        limits::W2V_LEARNING_RATE.check(self.learning_rate)?;
        limits::W2V_SUBSAMPLE.check(self.subsample)?;
        Ok(())
    }
}
