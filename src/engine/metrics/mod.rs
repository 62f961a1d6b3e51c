//! Metrics that explain themselves: BLEU (equal to sacreBLEU 2.6.0), precision / recall / F1,
//! information measures, and the perplexity of a character n-gram model.

mod bleu;
mod bleu_options;
mod information;
mod ngram;
mod overlap;
mod surprisal;
mod tokenize;

pub use bleu::{
    corpus_bleu, rescore, segment_detail, sentence_bleu, Bleu, NgramRow, SegmentStats,
    MAX_NGRAM_ORDER, SACREBLEU_VERSION,
};
pub use bleu_options::{BleuOptions, SmoothMethod};
pub use information::{
    compare, cross_entropy, entropy, first_support_gap, identical_joint, independent_joint,
    kl_divergence, mutual_information, Comparison, Distribution, LogBase, MutualInformation,
};
pub use ngram::{
    perplexity, CharNgramModel, Perplexity, Smoothing, MAX_NGRAM_LM_ORDER, MAX_SCORE_CHARS,
    MAX_TRAIN_CHARS, UNK_NAME,
};
pub use overlap::{overlap, Overlap, OverlapItem, OverlapLevel};
pub use tokenize::{is_python_whitespace, python_split, Tokenize};
