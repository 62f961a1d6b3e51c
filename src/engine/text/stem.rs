//! Stage 5, stemming or lemmatisation, for tokens written in Latin letters.
//!
//! All three are for English, so they apply only to tokens whose letters are all Latin
//! ([`Script::Latin`]). Tokens of other scripts (Hangul, Han, Cyrillic, ...) pass through,
//! and the record says how many per script; so do placeholders (`<num>`) and tokens without
//! letters (numbers, punctuation). Like NLTK's stemmers, each lowercases what it stems.

use std::fmt;

use super::clean::{EMAIL_PLACEHOLDER, URL_PLACEHOLDER};
use super::lemma::lemmatize;
use super::normalise::NUMBER_PLACEHOLDER;
use super::porter::porter_stem;
use super::record::{count_of, Examples, Stage, StageRecord, Tally, Unit};
use super::script::{describe_scripts, Script};
use crate::engine::hash::FastMap;

/// Which stemmer or lemmatiser stage 5 uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stemmer {
    /// None: the stage is off.
    #[default]
    None,
    /// The original Porter (1980) algorithm: [`porter_stem`].
    Porter,
    /// Snowball English, also called Porter2: [`snowball_stem`].
    Snowball,
    /// The small dictionary lemmatiser: [`lemmatize`].
    Lemmatize,
}

impl Stemmer {
    /// Every choice, in the order the page lists them.
    pub const ALL: [Stemmer; 4] = [
        Stemmer::None,
        Stemmer::Porter,
        Stemmer::Snowball,
        Stemmer::Lemmatize,
    ];

    /// The name as the page shows it.
    pub fn name(self) -> &'static str {
        match self {
            Stemmer::None => "none",
            Stemmer::Porter => "Porter",
            Stemmer::Snowball => "Snowball",
            Stemmer::Lemmatize => "lemmatiser",
        }
    }
}

impl fmt::Display for Stemmer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Stems one word with Snowball English (Porter2), after lowercasing it, through the
/// `rust-stemmers` crate (generated from the Snowball sources; equal to NLTK's
/// `SnowballStemmer("english")` on every word of `tests/fixtures/text.json`).
pub fn snowball_stem(word: &str) -> String {
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    stemmer.stem(&word.to_lowercase()).into_owned()
}

/// Whether a token is one of the placeholders cleaning and normalisation put in.
pub(crate) fn is_placeholder(token: &str) -> bool {
    [URL_PLACEHOLDER, EMAIL_PLACEHOLDER, NUMBER_PLACEHOLDER].contains(&token)
}

/// Runs stage 5 on `tokens` (`stemmer` is not [`Stemmer::None`]).
pub(crate) fn stem_tokens(tokens: &[String], stemmer: Stemmer) -> (Vec<String>, StageRecord) {
    let snowball = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let stem = |word: &str| -> String {
        match stemmer {
            Stemmer::Porter => porter_stem(word),
            Stemmer::Snowball => snowball.stem(&word.to_lowercase()).into_owned(),
            _ => lemmatize(word),
        }
    };
    let mut cache: FastMap<&str, String> = FastMap::default();
    let mut out = Vec::with_capacity(tokens.len());
    let mut examples = Examples::default();
    let mut changed = 0;
    let mut distinct_changed = 0;
    let mut placeholders = 0;
    let mut without_letters = 0;
    let mut skipped: Vec<(Script, usize)> = Vec::new();
    for token in tokens {
        if is_placeholder(token) {
            placeholders += 1;
            out.push(token.clone());
            continue;
        }
        match Script::of_token(token) {
            Script::Latin => {}
            Script::Common => {
                without_letters += 1;
                out.push(token.clone());
                continue;
            }
            script => {
                match skipped.iter_mut().find(|(s, _)| *s == script) {
                    Some((_, n)) => *n += 1,
                    None => skipped.push((script, 1)),
                }
                out.push(token.clone());
                continue;
            }
        }
        let result = cache.entry(token).or_insert_with(|| {
            let result = stem(token);
            if result != *token {
                distinct_changed += 1;
                examples.push(token, &result);
            }
            result
        });
        if result != token {
            changed += 1;
        }
        out.push(result.clone());
    }
    skipped.sort_by_key(|(s, _)| *s);
    let record = StageRecord {
        stage: Stage::Stemming,
        enabled: true,
        unit_in: Unit::Tokens,
        count_in: tokens.len(),
        count_out: out.len(),
        changed,
        removed: 0,
        tallies: vec![
            Tally {
                label: "tokens changed",
                count: changed,
            },
            Tally {
                label: "distinct words changed",
                count: distinct_changed,
            },
            Tally {
                label: "placeholders left alone",
                count: placeholders,
            },
            Tally {
                label: "tokens without letters left alone",
                count: without_letters,
            },
            Tally {
                label: "tokens in other scripts left alone",
                count: skipped.iter().map(|(_, n)| n).sum(),
            },
        ],
        summary: format!(
            "{} changed {} of {} ({})",
            stemmer.name(),
            count_of(changed, "token", "tokens"),
            tokens.len(),
            count_of(distinct_changed, "distinct word", "distinct words")
        ),
        examples: examples.into_vec(),
        not_applicable: (!skipped.is_empty()).then(|| {
            format!(
                "does not apply to {} ({} is for English)",
                describe_scripts(&skipped),
                stemmer.name()
            )
        }),
    };
    (out, record)
}
