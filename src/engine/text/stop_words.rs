//! Stage 4, stop-word removal: drop every token that is in a list the reader can edit.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use super::normalise::has_uppercase;
use super::record::{count_of, Examples, Stage, StageRecord, Tally, Unit};
use super::script::{describe_scripts, Script};
use crate::engine::hash::FastHasher;

/// A set with the engine's fast, unkeyed hasher.
type FastSet<T> = HashSet<T, BuildHasherDefault<FastHasher>>;

/// NLTK's English stop words: the classic 179-word version of `nltk_data`
/// `corpora/stopwords/english` (`nltk.corpus.stopwords.words("english")`), in NLTK's order;
/// later `nltk_data` releases may add words. Contractions appear both whole (`don't`) and as the pieces a tokenizer that splits
/// at the apostrophe leaves (`don`, `t`).
#[rustfmt::skip]
pub const ENGLISH_STOP_WORDS: &[&str] = &[
    "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "you're", "you've",
    "you'll", "you'd", "your", "yours", "yourself", "yourselves", "he", "him", "his",
    "himself", "she", "she's", "her", "hers", "herself", "it", "it's", "its", "itself", "they",
    "them", "their", "theirs", "themselves", "what", "which", "who", "whom", "this", "that",
    "that'll", "these", "those", "am", "is", "are", "was", "were", "be", "been", "being",
    "have", "has", "had", "having", "do", "does", "did", "doing", "a", "an", "the", "and",
    "but", "if", "or", "because", "as", "until", "while", "of", "at", "by", "for", "with",
    "about", "against", "between", "into", "through", "during", "before", "after", "above",
    "below", "to", "from", "up", "down", "in", "out", "on", "off", "over", "under", "again",
    "further", "then", "once", "here", "there", "when", "where", "why", "how", "all", "any",
    "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not", "only",
    "own", "same", "so", "than", "too", "very", "s", "t", "can", "will", "just", "don",
    "don't", "should", "should've", "now", "d", "ll", "m", "o", "re", "ve", "y", "ain", "aren",
    "aren't", "couldn", "couldn't", "didn", "didn't", "doesn", "doesn't", "hadn", "hadn't",
    "hasn", "hasn't", "haven", "haven't", "isn", "isn't", "ma", "mightn", "mightn't", "mustn",
    "mustn't", "needn", "needn't", "shan", "shan't", "shouldn", "shouldn't", "wasn", "wasn't",
    "weren", "weren't", "won", "won't", "wouldn", "wouldn't",
];

/// A stop-word list and how to match it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopWords {
    /// The words to remove.
    pub words: Vec<String>,
    /// Match regardless of case (both sides lowercased): with it `The` is removed when the
    /// list has `the`.
    pub ignore_case: bool,
}

impl StopWords {
    /// [`ENGLISH_STOP_WORDS`], matched regardless of case.
    pub fn english() -> Self {
        StopWords {
            words: ENGLISH_STOP_WORDS.iter().map(|w| w.to_string()).collect(),
            ignore_case: true,
        }
    }

    /// A list as the reader typed it: words separated by whitespace or commas.
    pub fn parse(list: &str, ignore_case: bool) -> Self {
        StopWords {
            words: list
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect(),
            ignore_case,
        }
    }
}

/// Runs stage 4 on `tokens`; returns the tokens kept and the stage's record.
///
/// Every token is matched, whatever its script, so an edited list can hold Korean or Russian
/// words. When tokens of a script other than Latin are present but the list has no word in
/// that script, the record says the list does not cover them.
pub(crate) fn remove_stop_words(
    tokens: &[String],
    stop_words: &StopWords,
) -> (Vec<String>, StageRecord) {
    let key = |word: &str| -> String {
        if stop_words.ignore_case {
            word.to_lowercase()
        } else {
            word.to_string()
        }
    };
    let list: FastSet<String> = stop_words.words.iter().map(|w| key(w)).collect();
    let list_scripts: FastSet<Script> = list.iter().map(|w| Script::of_token(w)).collect();
    let mut kept = Vec::with_capacity(tokens.len());
    let mut examples = Examples::default();
    let mut found: FastSet<&str> = FastSet::default();
    let mut uncovered: Vec<(Script, usize)> = Vec::new();
    for token in tokens {
        let is_stop_word = if stop_words.ignore_case && has_uppercase(token) {
            list.contains(&key(token))
        } else {
            list.contains(token.as_str())
        };
        if is_stop_word {
            examples.push(token, "");
            found.insert(token);
            continue;
        }
        let script = Script::of_token(token);
        if !matches!(script, Script::Latin | Script::Common) && !list_scripts.contains(&script) {
            match uncovered.iter_mut().find(|(s, _)| *s == script) {
                Some((_, n)) => *n += 1,
                None => uncovered.push((script, 1)),
            }
        }
        kept.push(token.clone());
    }
    uncovered.sort_by_key(|(s, _)| *s);
    let removed = tokens.len() - kept.len();
    let percent = if tokens.is_empty() {
        0.0
    } else {
        100.0 * removed as f64 / tokens.len() as f64
    };
    let record = StageRecord {
        stage: Stage::StopWords,
        enabled: true,
        unit_in: Unit::Tokens,
        count_in: tokens.len(),
        count_out: kept.len(),
        changed: 0,
        removed,
        tallies: vec![
            Tally {
                label: "tokens removed",
                count: removed,
            },
            Tally {
                label: "distinct stop words found",
                count: found.len(),
            },
            Tally {
                label: "words in the list",
                count: list.len(),
            },
        ],
        summary: format!(
            "removed {} of {} ({percent:.1}%), {} of the list's {}",
            count_of(removed, "token", "tokens"),
            tokens.len(),
            count_of(found.len(), "distinct word", "distinct words"),
            list.len()
        ),
        examples: examples.into_vec(),
        not_applicable: (!uncovered.is_empty()).then(|| {
            format!(
                "the list has no words in their script: does not apply to {}",
                describe_scripts(&uncovered)
            )
        }),
    };
    (kept, record)
}
