//! Metrics that explain themselves: BLEU (equal to sacreBLEU 2.6.0), precision / recall / F1,
//! information measures, the perplexity of a character n-gram model, and the perplexity of any
//! model's pasted token log-probabilities.

/// `Display` by the name and `FromStr` from it, for an enum of choices with a `const ALL` list
/// and a naming method: an unknown name is refused for `option`, listing the choices
/// (`must be one of a, b, c; got "x"`, or `must be a or b; got "x"` for two).
macro_rules! named_choice {
    ($type:ty, $name:ident, $option:literal) => {
        impl std::fmt::Display for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.$name())
            }
        }

        impl std::str::FromStr for $type {
            type Err = crate::engine::Error;

            fn from_str(name: &str) -> Result<Self, crate::engine::Error> {
                <$type>::ALL
                    .into_iter()
                    .find(|choice| choice.$name() == name)
                    .ok_or_else(|| crate::engine::Error::InvalidOption {
                        name: $option,
                        message: crate::engine::metrics::choices_message(
                            &<$type>::ALL.map(<$type>::$name),
                            name,
                        ),
                    })
            }
        }
    };
}

mod bleu;
mod information;
mod ngram;
mod overlap;
mod surprisal;
mod token_scores;
mod tokenize;

pub use bleu::{
    corpus_bleu, corpus_bleu_variable, references_of, rescore, segment_detail, sentence_bleu, Bleu,
    BleuOptions, NgramRow, SegmentStats, SmoothMethod, MAX_NGRAM_ORDER, SACREBLEU_VERSION,
};
pub use information::{
    compare, cross_entropy, entropy, first_support_gap, identical_joint, independent_joint,
    kl_divergence, mutual_information, Comparison, Distribution, LogBase, MutualInformation,
};
pub use ngram::{
    perplexity, CharNgramModel, Perplexity, Smoothing, SymbolUnit, MAX_NGRAM_LM_ORDER,
    MAX_SCORE_CHARS, MAX_TRAIN_CHARS, UNK_NAME,
};
pub use overlap::{overlap, overlap_with, Overlap, OverlapItem, OverlapLevel, Whitespace};
pub use token_scores::{
    token_perplexity, ScoreFormat, ScoreScale, TokenPerplexity, TokenScoreIssue, MAX_TOKEN_SCORES,
    MAX_TOKEN_SCORES_BYTES,
};
pub use tokenize::{is_python_whitespace, python_split, Tokenize};

/// Why `got` is none of `names`: `must be one of a, b, c; got "x"` (`must be a or b` for two).
fn choices_message(names: &[&str], got: &str) -> String {
    match names {
        [a, b] => format!("must be {a} or {b}; got {got:?}"),
        _ => format!("must be one of {}; got {got:?}", names.join(", ")),
    }
}
