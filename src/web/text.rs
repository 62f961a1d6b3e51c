//! The text pipeline for JavaScript: its options, and a preview of every stage.

use wasm_bindgen::prelude::*;

use crate::engine::text::{
    run_pipeline, NumberHandling, PipelineOptions, Stemmer, StopWords, Tokenizer, UrlHandling,
    DEFAULT_PATTERN, ENGLISH_STOP_WORDS,
};
use crate::engine::word2vec::ToyCorpus;
use crate::web::choice::choice;
use crate::web::js_error;

/// Tokens the preview hands back (the count is exact).
const PREVIEW_TOKENS: usize = 400;

choice! {
    #[doc = " What normalisation does with numbers."]
    #[wasm_bindgen]
    pub enum NumberMode("numbers") => NumberHandling {
        /// Numbers stay as they are.
        Keep = "keep" => NumberHandling::Keep,
        /// Each number becomes the token `<num>`.
        Token = "token" => NumberHandling::Replace,
        /// Numbers are removed.
        Drop = "drop" => NumberHandling::Drop,
    }
}

/// How text is split into tokens.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenizerKind {
    /// At white space.
    Whitespace = "whitespace",
    /// One token per character.
    Characters = "characters",
    /// Every match of `pattern`.
    Regex = "regex",
}

choice! {
    #[doc = " Which stemmer or lemmatiser runs."]
    #[wasm_bindgen]
    pub enum StemmerKind("stemmer") => Stemmer {
        /// None: the stage is off.
        None = "none" => Stemmer::None,
        /// The original Porter (1980) algorithm.
        Porter = "porter" => Stemmer::Porter,
        /// Snowball English (Porter2).
        Snowball = "snowball" => Stemmer::Snowball,
        /// The small dictionary lemmatiser.
        Lemma = "lemma" => Stemmer::Lemmatize,
    }
}

/// Which preprocessing stages run (set the fields, then pass to `preprocessText` or
/// `Word2VecLab`).
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone)]
pub struct TextOptions {
    /// Cleaning: strip markup.
    #[wasm_bindgen(js_name = cleanMarkup)]
    pub clean_markup: bool,
    /// Cleaning: URLs and e-mail addresses become placeholders.
    #[wasm_bindgen(js_name = cleanUrls)]
    pub clean_urls: bool,
    /// Cleaning: drop control characters.
    #[wasm_bindgen(js_name = cleanControls)]
    pub clean_controls: bool,
    /// Normalisation: Unicode NFKC.
    pub nfkc: bool,
    /// Normalisation: lowercase.
    #[wasm_bindgen(js_name = caseFold)]
    pub case_fold: bool,
    /// Normalisation: what numbers become.
    pub numbers: NumberMode,
    /// The tokenizer.
    pub tokenizer: TokenizerKind,
    /// The regular expression of the `regex` tokenizer.
    pub pattern: String,
    /// Whether stop words are removed.
    #[wasm_bindgen(js_name = stopWords)]
    pub stop_words: bool,
    /// The stop words (separated by spaces, commas or lines).
    #[wasm_bindgen(js_name = stopList)]
    pub stop_list: String,
    /// The stemmer.
    pub stemmer: StemmerKind,
}

#[wasm_bindgen]
impl TextOptions {
    /// Cleaning, NFKC and lowercase on; numbers kept; the default regular expression; no stop
    /// words (the English list ready); no stemmer.
    #[wasm_bindgen(constructor)]
    pub fn new() -> TextOptions {
        TextOptions {
            clean_markup: true,
            clean_urls: true,
            clean_controls: true,
            nfkc: true,
            case_fold: true,
            numbers: NumberMode::Keep,
            tokenizer: TokenizerKind::Regex,
            pattern: DEFAULT_PATTERN.to_string(),
            stop_words: false,
            stop_list: ENGLISH_STOP_WORDS.join(" "),
            stemmer: StemmerKind::None,
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
}

impl TextOptions {
    /// The engine's pipeline options; an unknown choice throws.
    pub(super) fn to_engine(&self) -> Result<PipelineOptions, JsError> {
        Ok(PipelineOptions {
            clean_markup: self.clean_markup,
            clean_urls: if self.clean_urls {
                UrlHandling::Placeholder
            } else {
                UrlHandling::Keep
            },
            clean_controls: self.clean_controls,
            nfkc: self.nfkc,
            case_fold: self.case_fold,
            numbers: self.numbers.value()?,
            tokenizer: match self.tokenizer {
                TokenizerKind::Whitespace => Tokenizer::Whitespace,
                TokenizerKind::Characters => Tokenizer::Characters,
                TokenizerKind::Regex => Tokenizer::Regex(self.pattern.clone()),
                _ => {
                    return Err(JsError::new(
                        "tokenizer must be whitespace, regex or characters",
                    ))
                }
            },
            stop_words: self
                .stop_words
                .then(|| StopWords::parse(&self.stop_list, true)),
            stemmer: self.stemmer.value()?,
        })
    }
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions::new()
    }
}

/// One stage of the pipeline as the preview shows it.
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextStage {
    /// The stage's name.
    pub name: String,
    /// Whether it ran.
    pub enabled: bool,
    /// What it did (and what it does not apply to).
    pub summary: String,
    /// Examples `before → after`, separated by ` · `.
    pub examples: String,
}

/// What the pipeline did to a text.
#[wasm_bindgen]
pub struct TextPreview {
    stages: Vec<TextStage>,
    tokens: Vec<String>,
    count: usize,
}

#[wasm_bindgen]
impl TextPreview {
    /// Every stage, in order.
    #[wasm_bindgen(getter)]
    pub fn stages(&self) -> Vec<TextStage> {
        self.stages.clone()
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
    let run = run_pipeline(text, &options.to_engine()?).map_err(js_error)?;
    let stages = run
        .stages
        .iter()
        .map(|stage| {
            let mut summary = stage.summary.clone();
            if let Some(note) = &stage.not_applicable {
                summary.push_str("; ");
                summary.push_str(note);
            }
            TextStage {
                name: stage.name().to_string(),
                enabled: stage.enabled,
                summary,
                examples: stage
                    .examples
                    .iter()
                    .map(|c| format!("{} → {}", visible(&c.before), visible(&c.after)))
                    .collect::<Vec<_>>()
                    .join(" · "),
            }
        })
        .collect();
    Ok(TextPreview {
        stages,
        count: run.tokens.len(),
        tokens: run.tokens.into_iter().take(PREVIEW_TOKENS).collect(),
    })
}

/// Every final token of `text` under `options` (for the Metrics bench's word-level scores).
#[wasm_bindgen(js_name = pipelineTokens)]
pub fn pipeline_tokens(text: &str, options: &TextOptions) -> Result<Vec<String>, JsError> {
    Ok(run_pipeline(text, &options.to_engine()?)
        .map_err(js_error)?
        .tokens)
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
