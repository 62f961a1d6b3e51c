//! The two random draws of word2vec: frequent-word subsampling (which tokens an epoch skips)
//! and the negative sampler (which words play "not the context").

use super::vocab::{Corpus, Vocabulary};
use crate::engine::{Error, Rng};

/// The probability of keeping one occurrence of a word that makes up the fraction
/// `f = count / total` of the text, with threshold `t` (Mikolov et al. 2013, in the form of
/// the word2vec C code):
///
/// `keep(f) = (√(f / t) + 1) · t / f`, clamped to 1; `t = 0` turns subsampling off.
///
/// The paper's discard probability `1 − √(t / f)` is the same idea; the C code's formula keeps
/// a little more (`t / f` more), and words with `f ≤ 2.6 t` or so are always kept.
pub fn keep_probability(count: u64, total: u64, threshold: f64) -> f64 {
    if threshold <= 0.0 || count == 0 || total == 0 {
        return 1.0;
    }
    let f = count as f64 / total as f64;
    (((f / threshold).sqrt() + 1.0) * threshold / f).min(1.0)
}

/// One epoch's stream: each occurrence of word `w` kept with probability
/// [`keep_probability`]`(count_w, total, threshold)`, one uniform draw per occurrence whose
/// probability is below 1. Sentences and original positions are preserved.
pub fn subsample(
    corpus: &Corpus,
    vocabulary: &Vocabulary,
    threshold: f64,
    rng: &mut Rng,
) -> Corpus {
    let total = vocabulary.total();
    let keep: Vec<f64> = vocabulary
        .counts()
        .iter()
        .map(|&count| keep_probability(count, total, threshold))
        .collect();
    let mut kept = Corpus::default();
    for sentence in corpus.sentences() {
        for index in sentence {
            let id = corpus.ids()[index];
            if keep[id] >= 1.0 || rng.next_f64() < keep[id] {
                kept.push(id, corpus.positions()[index]);
            }
        }
        kept.end_sentence();
    }
    kept.set_token_count(corpus.token_count());
    kept
}

/// Draws negatives from the unigram distribution raised to `α`:
/// `P(w) = count_w^α / Σ_v count_v^α`, by Walker's alias method (Vose's construction), so a
/// draw costs one uniform index and one uniform number whatever the vocabulary size.
///
/// Draws are independent: a pair's negatives may repeat, and may equal its centre or its
/// context (what [`super::ContextNegatives`] does about the latter is the trainer's choice).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct NegativeSampler {
    probabilities: Vec<f64>,
    threshold: Vec<f64>,
    alias: Vec<usize>,
    alpha: f64,
}

impl NegativeSampler {
    /// The sampler for word counts `counts` and exponent `alpha` (0: uniform, 1: unigram).
    pub fn new(counts: &[u64], alpha: f64) -> Result<NegativeSampler, Error> {
        if !(0.0..=2.0).contains(&alpha) {
            return Err(Error::InvalidOption {
                name: "α (negative sampling exponent)",
                message: format!("must be between 0 and 2, got {alpha}"),
            });
        }
        if counts.is_empty() || counts.iter().all(|&c| c == 0) {
            return Err(Error::Empty("the vocabulary for negative sampling"));
        }
        let weights: Vec<f64> = counts
            .iter()
            .map(|&c| if c == 0 { 0.0 } else { (c as f64).powf(alpha) })
            .collect();
        let sum: f64 = weights.iter().sum();
        let probabilities: Vec<f64> = weights.iter().map(|w| w / sum).collect();
        let (threshold, alias) = alias_table(&probabilities);
        Ok(NegativeSampler {
            probabilities,
            threshold,
            alias,
            alpha,
        })
    }

    /// `P(w)` for every word, by id: what the page draws as a bar chart.
    pub fn probabilities(&self) -> &[f64] {
        &self.probabilities
    }

    /// The exponent `α`.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// One word id drawn from `P`.
    pub fn sample(&self, rng: &mut Rng) -> usize {
        let column = rng.below(self.threshold.len());
        if rng.next_f64() < self.threshold[column] {
            column
        } else {
            self.alias[column]
        }
    }
}

/// Vose's alias table: column `i` returns `i` with probability `threshold[i]`, else
/// `alias[i]`; each column carries `1 / n` of the mass. Deterministic (stacks, not sorting).
fn alias_table(probabilities: &[f64]) -> (Vec<f64>, Vec<usize>) {
    let n = probabilities.len();
    let mut scaled: Vec<f64> = probabilities.iter().map(|p| p * n as f64).collect();
    let mut threshold = vec![1.0; n];
    let mut alias: Vec<usize> = (0..n).collect();
    let (mut small, mut large): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| scaled[i] < 1.0);
    while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
        small.pop();
        large.pop();
        threshold[s] = scaled[s];
        alias[s] = l;
        scaled[l] = (scaled[l] + scaled[s]) - 1.0;
        if scaled[l] < 1.0 {
            small.push(l);
        } else {
            large.push(l);
        }
    }
    // Whatever is left holds (up to rounding) exactly one column of mass.
    for i in small.into_iter().chain(large) {
        threshold[i] = 1.0;
        alias[i] = i;
    }
    (threshold, alias)
}
