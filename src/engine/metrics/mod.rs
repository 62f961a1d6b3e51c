//! Metrics that explain themselves: BLEU (equal to sacreBLEU 2.6.0), precision / recall / F1,
//! information measures, and the perplexity of a character n-gram model.

mod bleu;
mod tokenize;

pub use bleu::{
    corpus_bleu, sentence_bleu, Bleu, BleuOptions, NgramRow, SegmentStats, SmoothMethod,
    MAX_NGRAM_ORDER, SACREBLEU_VERSION,
};
pub use tokenize::{is_python_whitespace, python_split, Tokenize};
