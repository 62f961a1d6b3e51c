//! Precision, recall and F1 of a prediction against the truth, for JavaScript.

use wasm_bindgen::prelude::*;

use crate::engine::metrics::{self, OverlapLevel, Whitespace};
use crate::web::choice::choice;

choice! {
    #[doc = " What precision and recall count."]
    #[wasm_bindgen]
    pub enum OverlapUnit("overlap level") => OverlapLevel {
        /// Characters, whitespace ignored.
        Char = "char" => OverlapLevel::Char,
        /// Whitespace-separated words.
        Token = "token" => OverlapLevel::Token,
    }
}

choice! {
    #[doc = " Whether whitespace characters count as items (characters only)."]
    #[wasm_bindgen]
    pub enum OverlapWhitespace("whitespace") => Whitespace {
        /// Whitespace is removed before counting (the default).
        Ignore = "ignore" => Whitespace::Ignore,
        /// Spaces, tabs and newlines are items like any other character.
        Count = "count" => Whitespace::Count,
    }
}

/// Multiset overlap of a prediction with the truth: precision, recall, F1 and every item.
#[wasm_bindgen(getter_with_clone)]
pub struct OverlapScore {
    /// `Σ min(count in prediction, count in truth)`.
    pub overlap: usize,
    /// Items in the prediction.
    #[wasm_bindgen(js_name = predLen)]
    pub pred_len: usize,
    /// Items in the truth.
    #[wasm_bindgen(js_name = truthLen)]
    pub truth_len: usize,
    /// `overlap / predLen` (undefined when the prediction is empty).
    pub precision: Option<f64>,
    /// `overlap / truthLen` (undefined when the truth is empty).
    pub recall: Option<f64>,
    /// `2·overlap / (predLen + truthLen)` (undefined when both are empty).
    pub f1: Option<f64>,
    /// Each distinct item, truth's first, then prediction-only ones.
    pub items: Vec<String>,
    /// How often each item occurs in the truth.
    #[wasm_bindgen(js_name = truthCounts)]
    pub truth_counts: Vec<u32>,
    /// How often each item occurs in the prediction.
    #[wasm_bindgen(js_name = predCounts)]
    pub pred_counts: Vec<u32>,
    /// `min` of the two counts.
    pub matched: Vec<u32>,
    /// The truth's items in order, as indices into `items`.
    #[wasm_bindgen(js_name = truthSequence)]
    pub truth_sequence: Vec<u32>,
    /// The prediction's items in order, as indices into `items`.
    #[wasm_bindgen(js_name = predSequence)]
    pub pred_sequence: Vec<u32>,
}

/// Precision, recall and F1 of `prediction` against `truth` at `"char"` level (characters;
/// whitespace ignored unless `whitespace` is `"count"`) or `"token"` level
/// (whitespace-separated words).
#[wasm_bindgen]
pub fn overlap(
    truth: &str,
    prediction: &str,
    level: OverlapUnit,
    whitespace: Option<OverlapWhitespace>,
) -> Result<OverlapScore, JsError> {
    let level = level.value()?;
    let whitespace = whitespace.map_or(Ok(Whitespace::Ignore), OverlapWhitespace::value)?;
    let o = metrics::overlap_with(truth, prediction, level, whitespace);
    let index: std::collections::HashMap<&str, u32> = o
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.text.as_str(), i as u32))
        .collect();
    let sequence = |text: &str| -> Vec<u32> {
        level
            .items(text, whitespace)
            .iter()
            .filter_map(|item| index.get(item.as_str()).copied())
            .collect()
    };
    let (truth_sequence, pred_sequence) = (sequence(truth), sequence(prediction));
    Ok(OverlapScore {
        overlap: o.overlap,
        pred_len: o.pred_len,
        truth_len: o.truth_len,
        precision: o.precision,
        recall: o.recall,
        f1: o.f1,
        items: o.items.iter().map(|i| i.text.clone()).collect(),
        truth_counts: o.items.iter().map(|i| i.truth_count as u32).collect(),
        pred_counts: o.items.iter().map(|i| i.pred_count as u32).collect(),
        matched: o.items.iter().map(|i| i.matched as u32).collect(),
        truth_sequence,
        pred_sequence,
    })
}
