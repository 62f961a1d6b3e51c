//! Multiset precision, recall and F1 between a prediction and the truth (SQuAD's token F1).
//!
//! With `c_t(x)` and `c_p(x)` the counts of item `x` in the truth and in the prediction:
//!
//! - `overlap = Σ_x min(c_t(x), c_p(x))` (the multiset intersection),
//! - `precision = overlap / |pred|`, `recall = overlap / |truth|`,
//! - `F1 = 2 · overlap / (|pred| + |truth|)`, the harmonic mean of precision and recall
//!   whenever both are defined and the overlap is positive, and 0 when nothing overlaps.
//!
//! A ratio whose denominator is 0 is undefined and is `None`. Characters are counted with
//! whitespace ignored unless asked otherwise ([`Whitespace`]).

use std::collections::HashMap;

use super::tokenize::{is_python_whitespace, python_split};

/// Whether whitespace characters are items at the character level. Ignoring them is the
/// default: `"a b"` and `"ab"` are then the same characters, and a prediction is not rewarded
/// or punished for its spacing (tokens never contain whitespace either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Whitespace {
    /// Every whitespace character (Python's `str.isspace`) is removed before counting.
    #[default]
    Ignore,
    /// Whitespace characters are items like any other (a space, a tab, a newline each count).
    Count,
}

impl Whitespace {
    /// Both choices, the default first.
    pub const ALL: [Whitespace; 2] = [Whitespace::Ignore, Whitespace::Count];

    /// The choice's name as the page and the fixtures spell it: `ignore` or `count`.
    pub fn name(self) -> &'static str {
        match self {
            Whitespace::Ignore => "ignore",
            Whitespace::Count => "count",
        }
    }
}

named_choice!(Whitespace, name, "whitespace");

/// What the items of a text are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OverlapLevel {
    /// Unicode code points; whitespace (Python's `str.isspace`) is removed or kept as
    /// [`Whitespace`] says. No normalisation: `"e\u{301}"` is two items.
    #[default]
    Char,
    /// Whitespace-separated tokens (Python's `str.split()`), with no other normalisation.
    Token,
}

impl OverlapLevel {
    /// Both levels, in the order the page lists them.
    pub const ALL: [OverlapLevel; 2] = [OverlapLevel::Char, OverlapLevel::Token];

    /// The level's name as the page and the fixtures spell it: `char` or `token`.
    pub fn name(self) -> &'static str {
        match self {
            OverlapLevel::Char => "char",
            OverlapLevel::Token => "token",
        }
    }

    /// The items of `text` at this level, in order (`whitespace` matters only for characters).
    pub fn items(self, text: &str, whitespace: Whitespace) -> Vec<String> {
        match self {
            OverlapLevel::Char => text
                .chars()
                .filter(|&c| whitespace == Whitespace::Count || !is_python_whitespace(c))
                .map(String::from)
                .collect(),
            OverlapLevel::Token => python_split(text).map(str::to_string).collect(),
        }
    }
}

named_choice!(OverlapLevel, name, "overlap level");

/// One distinct item and how much of it the two texts share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverlapItem {
    /// The item (one code point or one token).
    pub text: String,
    /// How often it occurs in the truth, `c_t(x)`.
    pub truth_count: usize,
    /// How often it occurs in the prediction, `c_p(x)`.
    pub pred_count: usize,
    /// `min(c_t(x), c_p(x))`: what it adds to the overlap.
    pub matched: usize,
}

/// Precision, recall and F1 of a prediction, with the per-item counts they come from.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlap {
    /// The level the items were taken at.
    pub level: OverlapLevel,
    /// Whether whitespace characters were counted (characters only).
    pub whitespace: Whitespace,
    /// `Σ_x min(c_t(x), c_p(x))`.
    pub overlap: usize,
    /// The number of items in the prediction, `|pred|`.
    pub pred_len: usize,
    /// The number of items in the truth, `|truth|`.
    pub truth_len: usize,
    /// `overlap / |pred|`, `None` when the prediction has no items.
    pub precision: Option<f64>,
    /// `overlap / |truth|`, `None` when the truth has no items.
    pub recall: Option<f64>,
    /// `2 · overlap / (|pred| + |truth|)`, `None` when both have no items.
    pub f1: Option<f64>,
    /// Every distinct item in order of first appearance: the truth's items first, then the
    /// items that occur only in the prediction.
    pub items: Vec<OverlapItem>,
}

/// `numerator / denominator`, or `None` for a zero denominator.
fn ratio(numerator: usize, denominator: usize) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

/// Multiset precision, recall and F1 of `prediction` against `truth` at the given level, with
/// whitespace characters ignored (the default; see [`overlap_with`] to count them).
pub fn overlap(truth: &str, prediction: &str, level: OverlapLevel) -> Overlap {
    overlap_with(truth, prediction, level, Whitespace::Ignore)
}

/// Multiset precision, recall and F1 of `prediction` against `truth` at the given level, with
/// whitespace characters ignored or counted (characters only).
pub fn overlap_with(
    truth: &str,
    prediction: &str,
    level: OverlapLevel,
    whitespace: Whitespace,
) -> Overlap {
    let truth_items = level.items(truth, whitespace);
    let pred_items = level.items(prediction, whitespace);
    let mut items: Vec<OverlapItem> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (text, is_truth) in truth_items
        .iter()
        .map(|t| (t, true))
        .chain(pred_items.iter().map(|p| (p, false)))
    {
        let slot = *index.entry(text.as_str()).or_insert_with(|| {
            items.push(OverlapItem {
                text: text.clone(),
                truth_count: 0,
                pred_count: 0,
                matched: 0,
            });
            items.len() - 1
        });
        let item = &mut items[slot];
        if is_truth {
            item.truth_count += 1;
        } else {
            item.pred_count += 1;
        }
    }
    for item in &mut items {
        item.matched = item.truth_count.min(item.pred_count);
    }
    let overlap: usize = items.iter().map(|item| item.matched).sum();
    let (pred_len, truth_len) = (pred_items.len(), truth_items.len());
    Overlap {
        level,
        whitespace,
        overlap,
        pred_len,
        truth_len,
        precision: ratio(overlap, pred_len),
        recall: ratio(overlap, truth_len),
        f1: ratio(2 * overlap, pred_len + truth_len),
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prediction_only_items_come_after_the_truth() {
        let result = overlap("b a b", "c b", OverlapLevel::Token);
        let texts: Vec<&str> = result.items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(texts, ["b", "a", "c"]);
        assert_eq!(result.items[0].matched, 1);
        assert_eq!(result.overlap, 1);
        assert_eq!(result.f1, Some(0.4));
    }

    #[test]
    fn counted_whitespace_is_an_item() {
        let ignored = overlap("a b", "ab", OverlapLevel::Char);
        assert_eq!((ignored.overlap, ignored.truth_len), (2, 2));
        let counted = overlap_with("a b", "ab", OverlapLevel::Char, Whitespace::Count);
        assert_eq!((counted.overlap, counted.truth_len), (2, 3));
        assert_eq!(counted.items[1].text, " ");
    }
}
