//! The perplexity of pasted per-token probabilities or log-probabilities, for JavaScript.
//! A refused paste is a [`TokenIssue`] (a kind and its numbers) for the page to put in words.

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::engine::metrics::{self, ScoreScale, TokenPerplexity, TokenScoreIssue};
use crate::render::draw_surprisal;
use crate::web::canvas::draw_on;
use crate::web::choice::choice;

choice! {
    #[doc = " What the pasted numbers are: log-probabilities in base e, 2 or 10, or probabilities."]
    #[wasm_bindgen]
    pub enum TokenScale("scale") => ScoreScale {
        /// Natural-log probabilities `ln p`.
        Ln = "ln" => ScoreScale::LogE,
        /// Base-2 log-probabilities.
        Log2 = "log2" => ScoreScale::Log2,
        /// Base-10 log-probabilities.
        Log10 = "log10" => ScoreScale::Log10,
        /// Probabilities in (0, 1].
        Probability = "probability" => ScoreScale::Probability,
    }
}

/// Why a paste of token scores was refused.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenIssueKind {
    /// No number at all.
    Empty = "empty",
    /// Longer than `max` bytes (`count` is its length).
    TooLong = "too-long",
    /// More than `max` scores (`count` of them).
    TooMany = "too-many",
    /// Starts like JSON but is not (`line`, `column`).
    InvalidJson = "invalid-json",
    /// JSON of a shape that holds no scores.
    UnknownShape = "unknown-shape",
    /// Entry `entry` (on `line`) is `text`, not a number.
    NotANumber = "not-a-number",
    /// Entry `entry` is NaN or infinite.
    NotFinite = "not-finite",
    /// Entry `entry` is a probability outside (0, 1].
    ProbabilityOutOfRange = "probability-out-of-range",
    /// Entry `entry` is a log-probability above 0.
    PositiveLogProbability = "positive-log-probability",
    /// Entry `entry` is a log-probability too negative to score.
    TooNegative = "too-negative",
}

/// A refused paste: its kind and the numbers a message needs (`undefined` where they do not
/// apply). Entries count the scores from 1; lines are lines of the paste.
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone)]
pub struct TokenIssue {
    /// What is wrong.
    pub kind: TokenIssueKind,
    /// Which score, from 1.
    pub entry: Option<u32>,
    /// The line of the paste (one number per line, or where JSON stopped).
    pub line: Option<u32>,
    /// The column where JSON stopped.
    pub column: Option<u32>,
    /// The number refused.
    pub value: Option<f64>,
    /// The entry as written, when it is not a number.
    pub text: Option<String>,
    /// How many bytes or scores there are.
    pub count: Option<f64>,
    /// The limit they are over.
    pub max: Option<f64>,
}

impl TokenIssue {
    fn of(kind: TokenIssueKind) -> TokenIssue {
        TokenIssue {
            kind,
            entry: None,
            line: None,
            column: None,
            value: None,
            text: None,
            count: None,
            max: None,
        }
    }

    /// An issue about one entry.
    fn at(kind: TokenIssueKind, entry: usize, line: Option<usize>, value: f64) -> TokenIssue {
        TokenIssue {
            entry: Some(entry as u32),
            line: line.map(|l| l as u32),
            value: Some(value),
            ..TokenIssue::of(kind)
        }
    }

    fn new(issue: &TokenScoreIssue) -> TokenIssue {
        use TokenIssueKind as Kind;
        match issue {
            TokenScoreIssue::Empty => TokenIssue::of(Kind::Empty),
            TokenScoreIssue::TooLong { bytes, max } => TokenIssue {
                count: Some(*bytes as f64),
                max: Some(*max as f64),
                ..TokenIssue::of(Kind::TooLong)
            },
            TokenScoreIssue::TooMany { count, max } => TokenIssue {
                count: Some(*count as f64),
                max: Some(*max as f64),
                ..TokenIssue::of(Kind::TooMany)
            },
            TokenScoreIssue::InvalidJson { line, column } => TokenIssue {
                line: Some(*line as u32),
                column: Some(*column as u32),
                ..TokenIssue::of(Kind::InvalidJson)
            },
            TokenScoreIssue::UnknownShape => TokenIssue::of(Kind::UnknownShape),
            TokenScoreIssue::NotANumber { entry, line, text } => TokenIssue {
                entry: Some(*entry as u32),
                line: line.map(|l| l as u32),
                text: Some(text.clone()),
                ..TokenIssue::of(Kind::NotANumber)
            },
            TokenScoreIssue::NotFinite { entry, line, value } => {
                TokenIssue::at(Kind::NotFinite, *entry, *line, *value)
            }
            TokenScoreIssue::ProbabilityOutOfRange { entry, line, value } => {
                TokenIssue::at(Kind::ProbabilityOutOfRange, *entry, *line, *value)
            }
            TokenScoreIssue::PositiveLogProbability { entry, line, value } => {
                TokenIssue::at(Kind::PositiveLogProbability, *entry, *line, *value)
            }
            TokenScoreIssue::TooNegative { entry, line, value } => {
                TokenIssue::at(Kind::TooNegative, *entry, *line, *value)
            }
        }
    }
}

/// The perplexity of pasted token scores, or why the paste was refused: read `issue` first;
/// the numbers are `undefined` (the arrays empty) when there is one.
#[wasm_bindgen]
pub struct TokenScores {
    inner: Result<TokenPerplexity, TokenScoreIssue>,
}

#[wasm_bindgen]
impl TokenScores {
    /// Why the paste was refused; `undefined` when it was scored.
    #[wasm_bindgen(getter)]
    pub fn issue(&self) -> Option<TokenIssue> {
        self.inner.as_ref().err().map(TokenIssue::new)
    }
    /// Perplexity `exp(H)` per token (`Infinity` beyond about e^709.78: see `log10Perplexity`).
    #[wasm_bindgen(getter)]
    pub fn perplexity(&self) -> Option<f64> {
        self.ok().map(TokenPerplexity::perplexity)
    }
    /// `log₁₀` of the perplexity (finite where the perplexity overflows).
    #[wasm_bindgen(getter, js_name = log10Perplexity)]
    pub fn log10_perplexity(&self) -> Option<f64> {
        self.ok().map(|r| r.log10_perplexity)
    }
    /// Cross entropy `H`, nats per token.
    #[wasm_bindgen(getter, js_name = crossEntropyNats)]
    pub fn cross_entropy_nats(&self) -> Option<f64> {
        self.ok().map(|r| r.cross_entropy_nats)
    }
    /// `H / ln 2`, bits per token.
    #[wasm_bindgen(getter, js_name = bitsPerToken)]
    pub fn bits_per_token(&self) -> Option<f64> {
        self.ok().map(TokenPerplexity::bits_per_token)
    }
    /// Each token's surprisal `−ln P` in nats.
    #[wasm_bindgen(getter, js_name = surprisalNats)]
    pub fn surprisal_nats(&self) -> Vec<f64> {
        self.ok()
            .map_or_else(Vec::new, |r| r.surprisal_nats.clone())
    }
    /// Each token's probability `P = e^−s`.
    #[wasm_bindgen(getter)]
    pub fn probabilities(&self) -> Vec<f64> {
        self.ok()
            .map_or_else(Vec::new, |r| r.record.probabilities.clone())
    }
    /// The tokens, when the paste named them (else empty).
    #[wasm_bindgen(getter)]
    pub fn tokens(&self) -> Vec<String> {
        self.ok().and_then(|r| r.tokens.clone()).unwrap_or_default()
    }
    /// `null` entries left out (e.g. OpenAI's unscored first token).
    #[wasm_bindgen(getter, js_name = skippedNulls)]
    pub fn skipped_nulls(&self) -> Option<usize> {
        self.ok().map(|r| r.skipped_nulls)
    }
    /// How the paste was read: `lines`, `json-numbers`, `token-logprob-list` or `token-logprobs`.
    #[wasm_bindgen(getter)]
    pub fn format(&self) -> Option<String> {
        self.ok().map(|r| r.format.name().to_string())
    }
    /// The scale the numbers were read in (`ln` for OpenAI's keyed formats, whatever was asked).
    #[wasm_bindgen(getter)]
    pub fn scale(&self) -> Option<String> {
        self.ok().map(|r| r.scale.name().to_string())
    }
    /// Draws the surprisal bars (bits) with the mean `H` on `canvas` (nothing to draw when the
    /// paste was refused: an error).
    pub fn draw(&self, canvas: HtmlCanvasElement, pixel_ratio: f64) -> Result<(), JsError> {
        let result = self
            .ok()
            .ok_or_else(|| JsError::new("the paste was refused: nothing to draw"))?;
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_surprisal(area, &result.record, theme)
        })
    }
}

impl TokenScores {
    fn ok(&self) -> Option<&TokenPerplexity> {
        self.inner.as_ref().ok()
    }
}

/// Reads pasted per-token scores (a JSON array, OpenAI's `logprobs` objects, or one number per
/// line) in `scale` and gives their perplexity, or the issue that stops it. Throws only for a
/// scale that is none of the choices.
#[wasm_bindgen(js_name = tokenPerplexity)]
pub fn token_perplexity(text: &str, scale: TokenScale) -> Result<TokenScores, JsError> {
    Ok(TokenScores {
        inner: metrics::token_perplexity(text, scale.value()?),
    })
}
