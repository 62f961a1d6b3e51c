//! Stage 2, normalisation: Unicode NFKC, lowercase, numbers — in that order.
//!
//! - NFKC (compatibility decomposition, then canonical composition) folds presentation
//!   variants into one spelling: `ﬁ` → `fi`, `ＡＢＣ１２３` → `ABC123`, `①` → `1`, `e` +
//!   combining acute → `é`, Hangul compatibility jamo `ㄱㅏ` → `가`, NBSP → space.
//! - Lowercasing is Unicode's full lowercase mapping (Rust's `str::to_lowercase`, equal to
//!   Python's `str.lower`), not full case folding: `ß` stays `ß` (case folding would give
//!   `ss`), and a final capital sigma becomes `ς`.
//! - A number is a run of decimal digits (Unicode category Nd, so full-width and Arabic-Indic
//!   digits too), continued by `.` or `,` and more digits (`3.14`, `1,000` are one number).
//!   Every number is kept, replaced by [`NUMBER_PLACEHOLDER`], or dropped, wherever it is
//!   (`word2vec` → `word<num>vec`).
//!
//! The text is worked through in pieces separated by space, tab or newline. None of the three
//! steps looks across those characters, so the result is the same as working on the whole
//! text, and each piece's change can be counted and shown.

use std::borrow::Cow;

use unicode_general_category::{get_general_category, GeneralCategory};
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

use super::record::{count_of, join_phrases, Examples, Stage, StageRecord, Tally, Unit};

/// What normalisation does with numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumberHandling {
    /// Leave them as they are.
    #[default]
    Keep,
    /// Replace each number by [`NUMBER_PLACEHOLDER`].
    Replace,
    /// Remove them.
    Drop,
}

/// The token that stands for a replaced number.
pub const NUMBER_PLACEHOLDER: &str = "<num>";

/// Counts of stage 2's three steps.
#[derive(Debug, Default)]
struct Counts {
    nfkc_words: usize,
    lowercased_words: usize,
    numbers: usize,
    changed_words: usize,
}

/// Runs stage 2 on `text`; returns the normalised text and the stage's record.
pub(crate) fn normalise(
    text: &str,
    nfkc: bool,
    case_fold: bool,
    numbers: NumberHandling,
) -> (String, StageRecord) {
    let chars_in = text.chars().count();
    if !nfkc && !case_fold && numbers == NumberHandling::Keep {
        return (
            text.to_string(),
            StageRecord::off(Stage::Normalisation, Unit::Characters, chars_in),
        );
    }
    let mut counts = Counts::default();
    let mut examples = Examples::default();
    let mut out = String::with_capacity(text.len());
    for piece in text.split_inclusive([' ', '\t', '\n']) {
        let word = piece.trim_end_matches([' ', '\t', '\n']);
        let separator = &piece[word.len()..];
        let mut current = Cow::Borrowed(word);
        if nfkc && is_nfkc_quick(word.chars()) != IsNormalized::Yes {
            let normalised: String = word.nfkc().collect();
            if normalised != word {
                counts.nfkc_words += 1;
                current = Cow::Owned(normalised);
            }
        }
        if case_fold && has_uppercase(&current) {
            let lower = current.to_lowercase();
            if lower != current {
                counts.lowercased_words += 1;
                current = Cow::Owned(lower);
            }
        }
        if numbers != NumberHandling::Keep {
            if let Some((replaced, found)) = replace_numbers(&current, numbers) {
                counts.numbers += found;
                current = Cow::Owned(replaced);
            }
        }
        if current != word {
            counts.changed_words += 1;
            examples.push(word, &current);
        }
        out.push_str(&current);
        out.push_str(separator);
    }
    let chars_out = out.chars().count();
    let number_label = match numbers {
        NumberHandling::Drop => "numbers dropped",
        _ => "numbers replaced",
    };
    let record = StageRecord {
        stage: Stage::Normalisation,
        enabled: true,
        unit_in: Unit::Characters,
        count_in: chars_in,
        count_out: chars_out,
        changed: counts.changed_words,
        removed: chars_in.saturating_sub(chars_out),
        tallies: vec![
            Tally {
                label: "words changed by NFKC",
                count: counts.nfkc_words,
            },
            Tally {
                label: "words lowercased",
                count: counts.lowercased_words,
            },
            Tally {
                label: number_label,
                count: counts.numbers,
            },
        ],
        summary: summarise(&counts, numbers),
        examples: examples.into_vec(),
        not_applicable: None,
    };
    (out, record)
}

/// Whether lowercasing could change `word` (any character whose lowercase differs, so
/// titlecase letters such as `ǅ` count too).
pub(super) fn has_uppercase(word: &str) -> bool {
    word.chars().any(|c| {
        if c.is_ascii() {
            c.is_ascii_uppercase()
        } else {
            let mut lower = c.to_lowercase();
            !(lower.len() == 1 && lower.next() == Some(c))
        }
    })
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
        || (!c.is_ascii() && get_general_category(c) == GeneralCategory::DecimalNumber)
}

/// `word` with every number replaced or dropped, and how many there were; `None` when it has
/// no digits.
fn replace_numbers(word: &str, handling: NumberHandling) -> Option<(String, usize)> {
    if !word.chars().any(is_digit) {
        return None;
    }
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut found = 0;
    let mut index = 0;
    while index < chars.len() {
        if !is_digit(chars[index]) {
            out.push(chars[index]);
            index += 1;
            continue;
        }
        found += 1;
        while index < chars.len() {
            if is_digit(chars[index]) {
                index += 1;
            } else if matches!(chars[index], '.' | ',')
                && chars.get(index + 1).is_some_and(|&c| is_digit(c))
            {
                index += 2;
            } else {
                break;
            }
        }
        if handling == NumberHandling::Replace {
            out.push_str(NUMBER_PLACEHOLDER);
        }
    }
    Some((out, found))
}

fn summarise(counts: &Counts, numbers: NumberHandling) -> String {
    let mut phrases = Vec::new();
    if counts.nfkc_words > 0 {
        phrases.push(format!(
            "NFKC changed {}",
            count_of(counts.nfkc_words, "word", "words")
        ));
    }
    if counts.lowercased_words > 0 {
        phrases.push(format!(
            "lowercased {}",
            count_of(counts.lowercased_words, "word", "words")
        ));
    }
    if counts.numbers > 0 {
        let numbers_phrase = count_of(counts.numbers, "number", "numbers");
        phrases.push(match numbers {
            NumberHandling::Drop => format!("dropped {numbers_phrase}"),
            _ => format!("replaced {numbers_phrase} with {NUMBER_PLACEHOLDER}"),
        });
    }
    if phrases.is_empty() {
        "nothing to normalise".to_string()
    } else {
        join_phrases(&phrases)
    }
}
