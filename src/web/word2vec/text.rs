//! The text pipeline for JavaScript: its options, and a preview of every stage.

use wasm_bindgen::prelude::*;

use crate::engine::text::{
    run_pipeline, NumberHandling, PipelineOptions, StopWords, Tokenizer, UrlHandling,
    DEFAULT_PATTERN, ENGLISH_STOP_WORDS,
};
use crate::engine::word2vec::ToyCorpus;
use crate::web::js_error;

/// Tokens the preview hands back (the count is exact).
const PREVIEW_TOKENS: usize = 400;

/// Which preprocessing stages run (set them, then pass to `preprocessText` or `Word2VecLab`).
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct TextOptions {
    pub(super) inner: PipelineOptions,
}

#[wasm_bindgen]
impl TextOptions {
    /// Cleaning, NFKC and lowercase on; numbers kept; the default regular expression.
    #[wasm_bindgen(constructor)]
    pub fn new() -> TextOptions {
        TextOptions {
            inner: PipelineOptions::default(),
        }
    }

    /// The tokenizer's default pattern.
    #[wasm_bindgen(js_name = defaultPattern)]
    pub fn default_pattern() -> String {
        DEFAULT_PATTERN.to_string()
    }

    /// The default English stop words (NLTK's list), space-separated.
    #[wasm_bindgen(js_name = englishStopWords)]
    pub fn english_stop_words() -> String {
        ENGLISH_STOP_WORDS.join(" ")
    }

    /// Cleaning: markup, URLs and e-mail addresses (replaced by placeholders), control characters.
    #[wasm_bindgen(js_name = setCleaning)]
    pub fn set_cleaning(&mut self, markup: bool, urls: bool, controls: bool) {
        self.inner.clean_markup = markup;
        self.inner.clean_urls = if urls {
            UrlHandling::Placeholder
        } else {
            UrlHandling::Keep
        };
        self.inner.clean_controls = controls;
    }

    /// Normalisation: NFKC, lowercase, numbers `"keep"`, `"token"` (→ `<num>`) or `"drop"`.
    #[wasm_bindgen(js_name = setNormalisation)]
    pub fn set_normalisation(
        &mut self,
        nfkc: bool,
        case_fold: bool,
        numbers: &str,
    ) -> Result<(), JsError> {
        self.inner.nfkc = nfkc;
        self.inner.case_fold = case_fold;
        self.inner.numbers = match numbers {
            "keep" => NumberHandling::Keep,
            "token" => NumberHandling::Replace,
            "drop" => NumberHandling::Drop,
            other => {
                return Err(JsError::new(&format!(
                    "numbers must be keep, token or drop, got {other:?}"
                )))
            }
        };
        Ok(())
    }

    /// The tokenizer: `"whitespace"`, `"characters"`, or `"regex"` with `pattern`.
    #[wasm_bindgen(js_name = setTokenizer)]
    pub fn set_tokenizer(&mut self, kind: &str, pattern: &str) -> Result<(), JsError> {
        self.inner.tokenizer = match kind {
            "whitespace" => Tokenizer::Whitespace,
            "characters" => Tokenizer::Characters,
            "regex" => Tokenizer::Regex(pattern.to_string()),
            other => {
                return Err(JsError::new(&format!(
                    "tokenizer must be whitespace, regex or characters, got {other:?}"
                )))
            }
        };
        Ok(())
    }

    /// Stop words: off, or the typed list (words separated by spaces, commas or lines).
    #[wasm_bindgen(js_name = setStopWords)]
    pub fn set_stop_words(&mut self, enabled: bool, list: &str) {
        self.inner.stop_words = enabled.then(|| StopWords::parse(list, true));
    }

    /// `"none"`, `"porter"`, `"snowball"` or `"lemma"`.
    #[wasm_bindgen(js_name = setStemmer)]
    pub fn set_stemmer(&mut self, name: &str) -> Result<(), JsError> {
        use crate::engine::text::Stemmer;
        self.inner.stemmer = match name {
            "none" => Stemmer::None,
            "porter" => Stemmer::Porter,
            "snowball" => Stemmer::Snowball,
            "lemma" => Stemmer::Lemmatize,
            other => {
                return Err(JsError::new(&format!(
                    "stemmer must be none, porter, snowball or lemma, got {other:?}"
                )))
            }
        };
        Ok(())
    }
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions::new()
    }
}

/// What the pipeline did to a text.
#[wasm_bindgen]
pub struct TextPreview {
    rows: Vec<String>,
    tokens: Vec<String>,
    count: usize,
}

#[wasm_bindgen]
impl TextPreview {
    /// Four strings per stage: name, `"on"`/`"off"`, what it did (and what it does not apply
    /// to), examples (`before → after`, separated by ` · `).
    #[wasm_bindgen(getter)]
    pub fn stages(&self) -> Vec<String> {
        self.rows.clone()
    }

    /// The first 400 final tokens.
    #[wasm_bindgen(getter)]
    pub fn tokens(&self) -> Vec<String> {
        self.tokens.clone()
    }

    /// How many final tokens there are.
    #[wasm_bindgen(getter, js_name = tokenCount)]
    pub fn token_count(&self) -> usize {
        self.count
    }
}

/// Runs every stage on `text`; a bad pattern or an oversized text throws with the reason.
#[wasm_bindgen(js_name = preprocessText)]
pub fn preprocess_text(text: &str, options: &TextOptions) -> Result<TextPreview, JsError> {
    let run = run_pipeline(text, &options.inner).map_err(js_error)?;
    let mut rows = Vec::new();
    for stage in &run.stages {
        rows.push(stage.name().to_string());
        rows.push(if stage.enabled { "on" } else { "off" }.to_string());
        let mut summary = stage.summary.clone();
        if let Some(note) = &stage.not_applicable {
            summary.push_str("; ");
            summary.push_str(note);
        }
        rows.push(summary);
        rows.push(
            stage
                .examples
                .iter()
                .map(|c| format!("{} → {}", visible(&c.before), visible(&c.after)))
                .collect::<Vec<_>>()
                .join(" · "),
        );
    }
    Ok(TextPreview {
        rows,
        count: run.tokens.len(),
        tokens: run.tokens.into_iter().take(PREVIEW_TOKENS).collect(),
    })
}

/// Every final token of `text` under `options` (for the Metrics bench's word-level scores).
#[wasm_bindgen(js_name = pipelineTokens)]
pub fn pipeline_tokens(text: &str, options: &TextOptions) -> Result<Vec<String>, JsError> {
    Ok(run_pipeline(text, &options.inner).map_err(js_error)?.tokens)
}

/// Shows an empty result as `∅` and keeps examples short.
fn visible(text: &str) -> String {
    if text.is_empty() {
        return "∅".to_string();
    }
    let mut short: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        short.push('…');
    }
    short
}

/// The built-in toy language: `sentences` seeded sentences, one per line.
#[wasm_bindgen(js_name = toyCorpusText)]
pub fn toy_corpus_text(sentences: usize, seed: f64) -> Result<String, JsError> {
    let seed = crate::engine::limits::SEED
        .seed(seed)
        .map_err(crate::web::js_error)?;
    Ok(ToyCorpus::generate(sentences.clamp(1, 20_000), seed).text())
}
