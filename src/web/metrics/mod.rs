//! The Metrics bench for JavaScript: BLEU, precision/recall, information measures, n-gram
//! perplexity and the perplexity of pasted token scores.

mod bleu;
mod information;
mod overlap;
mod perplexity;
mod token_scores;

pub use bleu::{corpus_bleu, sentence_bleu, BleuOptions, BleuScore, NgramTable};
pub use information::{
    compare_distributions, cross_entropy, entropy, identical_joint, independent_joint,
    kl_divergence, mutual_information, DistributionComparison, InformationUnit,
    MutualInformationResult, PlotRect,
};
pub use overlap::{overlap, OverlapScore, OverlapUnit};
pub use perplexity::{CharNgramModel, NextSymbol, NgramSmoothing, PerplexityResult};
