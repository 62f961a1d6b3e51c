//! The limits for JavaScript: every number field's range (the page sets each input's `min`,
//! `max` and `step` from them and shows the range beside it) and the largest file or text each
//! lab takes, so that the page checks sizes before reading anything.

use wasm_bindgen::prelude::*;

use crate::engine::limits::{self, Field};

/// One number field's range, from the engine's table.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy)]
pub struct NumberField {
    field: Field,
}

#[wasm_bindgen]
impl NumberField {
    /// The key its input carries in `data-field`.
    #[wasm_bindgen(getter)]
    pub fn key(&self) -> String {
        self.field.key.to_string()
    }
    /// The smallest value allowed.
    #[wasm_bindgen(getter)]
    pub fn min(&self) -> f64 {
        self.field.min
    }
    /// The largest value allowed.
    #[wasm_bindgen(getter)]
    pub fn max(&self) -> f64 {
        self.field.max
    }
    /// Whether only whole numbers are allowed.
    #[wasm_bindgen(getter)]
    pub fn integer(&self) -> bool {
        self.field.integer
    }
}

/// Every number field on the page, with its range.
#[wasm_bindgen(js_name = numberFields)]
pub fn number_fields() -> Vec<NumberField> {
    limits::FIELDS
        .iter()
        .map(|&field| NumberField { field })
        .collect()
}

/// The largest inputs, checked by the page before it reads a file or sends a text.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, Default)]
pub struct InputLimits {}

#[wasm_bindgen]
impl InputLimits {
    /// The limits of this build.
    #[wasm_bindgen(constructor)]
    pub fn new() -> InputLimits {
        InputLimits {}
    }
    /// The largest model file, in bytes.
    #[wasm_bindgen(getter, js_name = modelFileBytes)]
    pub fn model_file_bytes(&self) -> f64 {
        limits::MODEL_FILE_BYTES as f64
    }
    /// The longest text the RNN lab trains on, in characters.
    #[wasm_bindgen(getter, js_name = rnnTextChars)]
    pub fn rnn_text_chars(&self) -> f64 {
        limits::RNN_TEXT_CHARS as f64
    }
    /// The longest text the character n-gram model trains on, in characters.
    #[wasm_bindgen(getter, js_name = ngramTrainChars)]
    pub fn ngram_train_chars(&self) -> f64 {
        crate::engine::metrics::MAX_TRAIN_CHARS as f64
    }
    /// The largest text the word2vec lab reads, in bytes of UTF-8.
    #[wasm_bindgen(getter, js_name = word2vecTextBytes)]
    pub fn word2vec_text_bytes(&self) -> f64 {
        crate::engine::limits::MAX_TEXT_BYTES as f64
    }
}
