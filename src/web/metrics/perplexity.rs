//! The character n-gram language model and the perplexity of a text, for JavaScript.

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::engine::metrics::{CharNgramModel as Model, Perplexity, Smoothing};
use crate::render::draw_surprisal;
use crate::web::canvas::draw_on;
use crate::web::js_error;

/// How the character n-gram model smooths its counts.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NgramSmoothing {
    /// Add k to every count.
    AddK = "add-k",
    /// Witten–Bell interpolation with the lower orders.
    WittenBell = "witten-bell",
}

/// A likely next symbol and its probability.
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone, PartialEq)]
pub struct NextSymbol {
    /// The symbol (`<unk>` for an unknown character).
    pub symbol: String,
    /// Its probability after the history.
    pub probability: f64,
}

/// A smoothed character n-gram language model trained on a text.
#[wasm_bindgen]
pub struct CharNgramModel {
    inner: Model,
}

#[wasm_bindgen]
impl CharNgramModel {
    /// Trains an order-`order` model (1..6) on `text` with `"add-k"` (parameter `k > 0`) or
    /// `"witten-bell"` smoothing.
    #[wasm_bindgen(constructor)]
    pub fn new(
        text: &str,
        order: usize,
        smoothing: NgramSmoothing,
        k: f64,
    ) -> Result<CharNgramModel, JsError> {
        let smoothing = match smoothing {
            NgramSmoothing::AddK => Smoothing::AddK(k),
            NgramSmoothing::WittenBell => Smoothing::WittenBell,
            _ => {
                return Err(JsError::new(
                    "smoothing must be \"add-k\" or \"witten-bell\"",
                ))
            }
        };
        let inner = Model::train(text, order, smoothing).map_err(js_error)?;
        Ok(CharNgramModel { inner })
    }

    /// `|V|`: distinct training characters plus the unknown symbol.
    #[wasm_bindgen(getter, js_name = vocabSize)]
    pub fn vocab_size(&self) -> usize {
        self.inner.vocab_size()
    }

    /// Per-character surprisal, cross entropy (bits/char) and perplexity of `text`.
    pub fn score(&self, text: &str) -> Result<PerplexityResult, JsError> {
        Ok(PerplexityResult {
            inner: self.inner.score(text).map_err(js_error)?,
        })
    }

    /// The `k` most likely next symbols after `history`, most likely first.
    #[wasm_bindgen(js_name = topNext)]
    pub fn top_next(&self, history: &str, k: usize) -> Vec<NextSymbol> {
        let chars: Vec<char> = history.chars().collect();
        self.inner
            .top_next(&chars, k)
            .into_iter()
            .map(|(symbol, probability)| NextSymbol {
                symbol,
                probability,
            })
            .collect()
    }
}

/// How surprising each character of a text is under a model.
#[wasm_bindgen]
pub struct PerplexityResult {
    inner: Perplexity,
}

#[wasm_bindgen]
impl PerplexityResult {
    /// The characters scored.
    #[wasm_bindgen(getter)]
    pub fn chars(&self) -> Vec<String> {
        self.inner.chars.iter().map(char::to_string).collect()
    }
    /// 1 where the character was not in the training text (scored as unknown).
    #[wasm_bindgen(getter)]
    pub fn unknown(&self) -> Vec<u8> {
        self.inner.unknown.iter().map(|&u| u8::from(u)).collect()
    }
    /// `P(x_i | history)`.
    #[wasm_bindgen(getter)]
    pub fn probabilities(&self) -> Vec<f64> {
        self.inner.probabilities.clone()
    }
    /// `−log₂ P(x_i | history)` in bits.
    #[wasm_bindgen(getter)]
    pub fn surprisal(&self) -> Vec<f64> {
        self.inner.surprisal_bits.clone()
    }
    /// Cross entropy `H` in bits per character.
    #[wasm_bindgen(getter, js_name = crossEntropyBits)]
    pub fn cross_entropy_bits(&self) -> f64 {
        self.inner.cross_entropy_bits
    }
    /// Perplexity `2^H` per character.
    #[wasm_bindgen(getter)]
    pub fn perplexity(&self) -> f64 {
        self.inner.perplexity
    }
    /// `Σ log₂ P(x_i | history)`.
    #[wasm_bindgen(getter, js_name = log2ProbSum)]
    pub fn log2_prob_sum(&self) -> f64 {
        self.inner.log2_prob_sum
    }
    /// Draws the surprisal bars with the mean `H`.
    pub fn draw(&self, canvas: HtmlCanvasElement, pixel_ratio: f64) -> Result<(), JsError> {
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_surprisal(area, &self.inner, theme)
        })
    }
}
