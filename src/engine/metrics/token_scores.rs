//! The perplexity of per-token probabilities or log-probabilities that any language model or
//! API reports, pasted as text.
//!
//! With `s_i = −ln P(x_i)` the surprisal of token `i` in nats (from a probability `p`:
//! `s = −ln p`; from a log-probability `ℓ` in base `b`: `s = −ℓ · ln b`):
//!
//! - cross entropy `H = (1/T) Σ_i s_i` nats per token, or `H / ln 2` bits per token,
//! - perplexity `PPL = exp(H) = 2^(H / ln 2)`.
//!
//! Accepted text: a JSON array of numbers (`null` entries skipped), a JSON array of objects
//! with a `logprob` (OpenAI's `logprobs.content`), an object with `token_logprobs` (OpenAI's
//! completions, whose first entry is often `null`) or `content`, a response holding one of
//! those under `choices[0].logprobs`, or one number per line. OpenAI's `logprob`s are natural
//! logarithms, so the keyed formats are read in nats whatever scale was chosen.
//!
//! Everything that can be wrong is a [`TokenScoreIssue`], a value the page turns into a
//! sentence: nothing here is prose.

use serde_json::Value;

use super::{Perplexity, SymbolUnit};
use crate::engine::limits::MAX_TEXT_BYTES;

/// The most scores one paste may hold (as many as the characters a text may have).
pub const MAX_TOKEN_SCORES: usize = super::MAX_SCORE_CHARS;
/// The longest paste, in bytes of UTF-8.
pub const MAX_TOKEN_SCORES_BYTES: usize = MAX_TEXT_BYTES;
/// How much of an entry that is not a number is kept to show, in characters.
const SHOWN_CHARS: usize = 40;

/// What the pasted numbers are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScoreScale {
    /// Natural-log probabilities `ln p` (what OpenAI, Hugging Face and PyTorch report).
    #[default]
    LogE,
    /// Base-2 log-probabilities `log₂ p`.
    Log2,
    /// Base-10 log-probabilities `log₁₀ p` (KenLM, SRILM).
    Log10,
    /// Probabilities `p` in (0, 1].
    Probability,
}

impl ScoreScale {
    /// Every scale, in the order the page lists them.
    pub const ALL: [ScoreScale; 4] = [
        ScoreScale::LogE,
        ScoreScale::Log2,
        ScoreScale::Log10,
        ScoreScale::Probability,
    ];

    /// The scale's name as the page and the fixtures spell it.
    pub fn name(self) -> &'static str {
        match self {
            ScoreScale::LogE => "ln",
            ScoreScale::Log2 => "log2",
            ScoreScale::Log10 => "log10",
            ScoreScale::Probability => "probability",
        }
    }

    /// `ln b` for a log scale of base `b`.
    fn ln_base(self) -> f64 {
        match self {
            ScoreScale::LogE | ScoreScale::Probability => 1.0,
            ScoreScale::Log2 => std::f64::consts::LN_2,
            ScoreScale::Log10 => std::f64::consts::LN_10,
        }
    }
}

named_choice!(ScoreScale, name, "scale");

/// How the paste was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreFormat {
    /// One number per line (blank lines skipped).
    Lines,
    /// A JSON array of numbers.
    JsonNumbers,
    /// A JSON list of `{"token": …, "logprob": …}` objects (OpenAI's `logprobs.content`).
    TokenLogprobList,
    /// A JSON object with `token_logprobs` (and maybe `tokens`): OpenAI's completions.
    TokenLogprobs,
}

impl ScoreFormat {
    /// The format's name, for the page.
    pub fn name(self) -> &'static str {
        match self {
            ScoreFormat::Lines => "lines",
            ScoreFormat::JsonNumbers => "json-numbers",
            ScoreFormat::TokenLogprobList => "token-logprob-list",
            ScoreFormat::TokenLogprobs => "token-logprobs",
        }
    }

    /// Whether the format names natural-log `logprob`s itself (OpenAI's keys).
    fn is_natural_log(self) -> bool {
        matches!(
            self,
            ScoreFormat::TokenLogprobList | ScoreFormat::TokenLogprobs
        )
    }
}

/// Why a paste was refused. `entry` counts the scores from 1 (skipped `null`s not counted);
/// `line` is the line of the paste, for one number per line.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenScoreIssue {
    /// Nothing to score: no number at all (or only `null`s).
    Empty,
    /// The paste is longer than [`MAX_TOKEN_SCORES_BYTES`].
    TooLong {
        /// Its length in bytes.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// More than [`MAX_TOKEN_SCORES`] scores.
    TooMany {
        /// How many there are.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// The paste starts like JSON (`[` or `{`) but is not valid JSON.
    InvalidJson {
        /// Where the parser stopped, from 1.
        line: usize,
        /// The column there, from 1.
        column: usize,
    },
    /// Valid JSON of a shape that holds no scores this reads (see the module docs).
    UnknownShape,
    /// An entry that is not a number (a string, an object without `logprob`, a word on a line).
    NotANumber {
        /// Which score, from 1.
        entry: usize,
        /// The line, for one number per line.
        line: Option<usize>,
        /// The entry as written (at most 40 characters).
        text: String,
    },
    /// `NaN` or an infinity (one number per line; JSON has neither).
    NotFinite {
        /// Which score, from 1.
        entry: usize,
        /// The line, for one number per line.
        line: Option<usize>,
        /// The value.
        value: f64,
    },
    /// A probability outside (0, 1].
    ProbabilityOutOfRange {
        /// Which score, from 1.
        entry: usize,
        /// The line, for one number per line.
        line: Option<usize>,
        /// The value.
        value: f64,
    },
    /// A log-probability above 0 (a probability above 1).
    PositiveLogProbability {
        /// Which score, from 1.
        entry: usize,
        /// The line, for one number per line.
        line: Option<usize>,
        /// The value.
        value: f64,
    },
    /// A log-probability so negative that its surprisal in nats is not a finite number.
    TooNegative {
        /// Which score, from 1.
        entry: usize,
        /// The line, for one number per line.
        line: Option<usize>,
        /// The value.
        value: f64,
    },
}

/// The perplexity of pasted token scores, with everything it was built from.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenPerplexity {
    /// How the paste was read.
    pub format: ScoreFormat,
    /// The scale the numbers were read in (`LogE` for OpenAI's keyed formats).
    pub scale: ScoreScale,
    /// The tokens, when the paste named them (aligned with the scores).
    pub tokens: Option<Vec<String>>,
    /// `null` entries left out (OpenAI gives the first token of a completion none).
    pub skipped_nulls: usize,
    /// `s_i = −ln P(x_i)`, nats, `[T]`.
    pub surprisal_nats: Vec<f64>,
    /// `H = (1/T) Σ s_i`, nats per token.
    pub cross_entropy_nats: f64,
    /// `log₁₀ PPL = H / ln 10`, finite where `PPL` itself overflows.
    pub log10_perplexity: f64,
    /// The record the surprisal chart draws (bits, one bar per token, no labels).
    pub record: Perplexity,
}

impl TokenPerplexity {
    /// `H / ln 2`, bits per token.
    pub fn bits_per_token(&self) -> f64 {
        self.record.cross_entropy_bits
    }

    /// `exp(H)`; `+∞` when `H` is above about 709.78 nats (see `log10_perplexity`).
    pub fn perplexity(&self) -> f64 {
        self.record.perplexity
    }
}

/// One score read from the paste, before it is checked.
enum Raw {
    Number(f64),
    Null,
    Other(String),
}

/// One score and where it was written.
struct Read {
    raw: Raw,
    line: Option<usize>,
    token: Option<String>,
}

/// What a paste holds: its format and its entries in order.
struct Parsed {
    format: ScoreFormat,
    entries: Vec<Read>,
    has_tokens: bool,
}

/// The perplexity of the scores pasted as `text`, read in `scale` (see the module docs).
pub fn token_perplexity(text: &str, scale: ScoreScale) -> Result<TokenPerplexity, TokenScoreIssue> {
    if text.len() > MAX_TOKEN_SCORES_BYTES {
        return Err(TokenScoreIssue::TooLong {
            bytes: text.len(),
            max: MAX_TOKEN_SCORES_BYTES,
        });
    }
    let parsed = parse(text)?;
    let scale = if parsed.format.is_natural_log() {
        ScoreScale::LogE
    } else {
        scale
    };
    let count = parsed
        .entries
        .iter()
        .filter(|e| !matches!(e.raw, Raw::Null))
        .count();
    if count > MAX_TOKEN_SCORES {
        return Err(TokenScoreIssue::TooMany {
            count,
            max: MAX_TOKEN_SCORES,
        });
    }
    let mut surprisal_nats = Vec::with_capacity(count);
    let mut tokens = Vec::with_capacity(if parsed.has_tokens { count } else { 0 });
    let mut skipped_nulls = 0;
    for read in parsed.entries {
        let entry = surprisal_nats.len() + 1;
        let value = match read.raw {
            Raw::Null => {
                skipped_nulls += 1;
                continue;
            }
            Raw::Other(text) => {
                return Err(TokenScoreIssue::NotANumber {
                    entry,
                    line: read.line,
                    text: text.chars().take(SHOWN_CHARS).collect(),
                })
            }
            Raw::Number(value) => value,
        };
        surprisal_nats.push(surprisal(value, scale, entry, read.line)?);
        if parsed.has_tokens {
            tokens.push(read.token.unwrap_or_default());
        }
    }
    if surprisal_nats.is_empty() {
        return Err(TokenScoreIssue::Empty);
    }
    Ok(summarise(
        parsed.format,
        scale,
        parsed.has_tokens.then_some(tokens),
        skipped_nulls,
        surprisal_nats,
    ))
}

/// `−ln P` of one score, or why it is refused.
fn surprisal(
    value: f64,
    scale: ScoreScale,
    entry: usize,
    line: Option<usize>,
) -> Result<f64, TokenScoreIssue> {
    if !value.is_finite() {
        return Err(TokenScoreIssue::NotFinite { entry, line, value });
    }
    let nats = match scale {
        ScoreScale::Probability => {
            if !(value > 0.0 && value <= 1.0) {
                return Err(TokenScoreIssue::ProbabilityOutOfRange { entry, line, value });
            }
            -value.ln()
        }
        _ => {
            if value > 0.0 {
                return Err(TokenScoreIssue::PositiveLogProbability { entry, line, value });
            }
            -value * scale.ln_base()
        }
    };
    if !nats.is_finite() {
        return Err(TokenScoreIssue::TooNegative { entry, line, value });
    }
    // `+ 0.0` turns −0.0 (from P = 1) into 0.0.
    Ok(nats + 0.0)
}

/// The record of checked surprisals.
fn summarise(
    format: ScoreFormat,
    scale: ScoreScale,
    tokens: Option<Vec<String>>,
    skipped_nulls: usize,
    surprisal_nats: Vec<f64>,
) -> TokenPerplexity {
    let count = surprisal_nats.len() as f64;
    let sum: f64 = surprisal_nats.iter().sum();
    // A sum of huge surprisals can overflow where their mean does not.
    let cross_entropy_nats = if sum.is_finite() {
        sum / count
    } else {
        surprisal_nats.iter().map(|s| s / count).sum()
    };
    let ln2 = std::f64::consts::LN_2;
    let surprisal_bits: Vec<f64> = surprisal_nats.iter().map(|s| s / ln2).collect();
    let record = Perplexity {
        chars: Vec::new(),
        unit: SymbolUnit::Token,
        unknown: vec![false; surprisal_nats.len()],
        probabilities: surprisal_nats.iter().map(|s| (-s).exp()).collect(),
        log2_prob_sum: -surprisal_bits.iter().sum::<f64>() + 0.0,
        cross_entropy_bits: cross_entropy_nats / ln2,
        perplexity: cross_entropy_nats.exp(),
        surprisal_bits,
    };
    TokenPerplexity {
        format,
        scale,
        tokens,
        skipped_nulls,
        surprisal_nats,
        cross_entropy_nats,
        log10_perplexity: cross_entropy_nats / std::f64::consts::LN_10,
        record,
    }
}

/// Reads the paste as JSON (when it starts with `[` or `{`) or as one number per line.
fn parse(text: &str) -> Result<Parsed, TokenScoreIssue> {
    let trimmed = text.trim_start();
    if !(trimmed.starts_with('[') || trimmed.starts_with('{')) {
        return Ok(parse_lines(text));
    }
    let value: Value =
        serde_json::from_str(text).map_err(|error| TokenScoreIssue::InvalidJson {
            line: error.line(),
            column: error.column(),
        })?;
    parse_json(&value).ok_or(TokenScoreIssue::UnknownShape)
}

/// One number per line; blank lines are skipped, and so is a trailing comma.
fn parse_lines(text: &str) -> Parsed {
    let entries = text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let written = line.trim();
            let written = written.strip_suffix(',').unwrap_or(written).trim_end();
            (!written.is_empty()).then(|| Read {
                raw: written
                    .parse::<f64>()
                    .map_or_else(|_| Raw::Other(written.to_string()), Raw::Number),
                line: Some(i + 1),
                token: None,
            })
        })
        .collect();
    Parsed {
        format: ScoreFormat::Lines,
        entries,
        has_tokens: false,
    }
}

/// A JSON value as a score.
fn raw(value: &Value) -> Raw {
    match value {
        Value::Null => Raw::Null,
        Value::Number(n) => n.as_f64().map_or(Raw::Other(n.to_string()), Raw::Number),
        other => Raw::Other(other.to_string()),
    }
}

/// The scores of a JSON paste, or `None` for a shape this does not read.
fn parse_json(value: &Value) -> Option<Parsed> {
    match value {
        Value::Array(items) if items.iter().any(Value::is_object) => {
            Some(token_logprob_list(items))
        }
        Value::Array(items) => Some(Parsed {
            format: ScoreFormat::JsonNumbers,
            entries: items
                .iter()
                .map(|item| Read {
                    raw: raw(item),
                    line: None,
                    token: None,
                })
                .collect(),
            has_tokens: false,
        }),
        Value::Object(object) => {
            if let Some(Value::Array(scores)) = object.get("token_logprobs") {
                let tokens = object.get("tokens").and_then(Value::as_array);
                let entries = scores
                    .iter()
                    .enumerate()
                    .map(|(i, score)| Read {
                        raw: raw(score),
                        line: None,
                        token: tokens.and_then(|t| t.get(i)).map(token_text),
                    })
                    .collect();
                return Some(Parsed {
                    format: ScoreFormat::TokenLogprobs,
                    entries,
                    has_tokens: tokens.is_some(),
                });
            }
            if let Some(Value::Array(items)) = object.get("content") {
                return Some(token_logprob_list(items));
            }
            if let Some(inner) = object.get("logprobs") {
                return parse_json(inner);
            }
            let first = object.get("choices")?.as_array()?.first()?;
            parse_json(first)
        }
        _ => None,
    }
}

/// A token as text (a JSON string as it is, anything else as JSON).
fn token_text(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_string)
}

/// `[{"token": …, "logprob": …}, …]`: each object's `logprob` (an entry without one is not a
/// number).
fn token_logprob_list(items: &[Value]) -> Parsed {
    let entries = items
        .iter()
        .map(|item| {
            let score = item.get("logprob");
            Read {
                raw: score.map_or_else(|| Raw::Other(item.to_string()), raw),
                line: None,
                token: item.get("token").map(token_text),
            }
        })
        .collect();
    Parsed {
        format: ScoreFormat::TokenLogprobList,
        entries,
        has_tokens: items.iter().any(|item| item.get("token").is_some()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_half_is_one_bit_and_perplexity_two() {
        let result = token_perplexity("0.5\n0.5\n", ScoreScale::Probability).unwrap();
        assert_eq!(result.bits_per_token(), 1.0);
        assert!((result.perplexity() - 2.0).abs() < 1e-15);
        assert_eq!(result.format, ScoreFormat::Lines);
    }

    #[test]
    fn probability_one_has_no_negative_zero() {
        let result = token_perplexity("[0, -0.0]", ScoreScale::Log2).unwrap();
        assert!(result.surprisal_nats.iter().all(|s| s.is_sign_positive()));
        assert!(result.cross_entropy_nats.is_sign_positive());
    }
}
