//! A perplexity record from any model's per-character surprisal (e.g. the RNN lab's models),
//! so one chart draws every model's scores.

use super::{Perplexity, SymbolUnit};

impl Perplexity {
    /// The record of `text` scored by a model that gave `surprisal_bits` for every character
    /// after the first (which is not predicted), with its cross entropy (bits per character)
    /// and perplexity: `P = 2^−s` for each, no character unknown.
    pub fn from_surprisal(
        text: &str,
        surprisal_bits: &[f32],
        cross_entropy_bits: f32,
        perplexity: f32,
    ) -> Perplexity {
        let surprisal_bits: Vec<f64> = surprisal_bits.iter().map(|&s| f64::from(s)).collect();
        Perplexity {
            chars: text.chars().skip(1).collect(),
            unit: SymbolUnit::Character,
            unknown: vec![false; surprisal_bits.len()],
            probabilities: surprisal_bits.iter().map(|s| (-s).exp2()).collect(),
            log2_prob_sum: -surprisal_bits.iter().sum::<f64>(),
            cross_entropy_bits: f64::from(cross_entropy_bits),
            perplexity: f64::from(perplexity),
            surprisal_bits,
        }
    }
}
