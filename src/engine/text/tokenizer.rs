//! Stage 3, tokenisation: whitespace, a regular expression the reader edits, or characters.
//!
//! The placeholders the earlier stages put in ([`URL_PLACEHOLDER`], [`EMAIL_PLACEHOLDER`],
//! [`NUMBER_PLACEHOLDER`]) are kept whole by the regular-expression and character tokenizers:
//! the text between them is tokenised, and each placeholder is one token. The whitespace
//! tokenizer splits only at whitespace, so `<num>th` stays one token there.
//!
//! Korean is written with spaces between eojeol (a word with its particles attached), so the
//! whitespace tokenizer gives eojeol (`학교에`), and the default pattern gives the same without
//! the punctuation (`\w` matches Hangul). Chinese and Japanese are written without spaces:
//! both give whole phrases there, and the character tokenizer is the one that helps.

use regex::{Regex, RegexBuilder};

use super::clean::{EMAIL_PLACEHOLDER, URL_PLACEHOLDER};
use super::normalise::NUMBER_PLACEHOLDER;
use super::record::{count_of, Examples, Stage, StageRecord, Tally, Unit};
use crate::engine::Error;

/// The default pattern: words with inner hyphens or apostrophes (`state-of-the-art`,
/// `isn't`), or any single character that is neither a word character nor whitespace.
pub const DEFAULT_PATTERN: &str = r"\w+(?:[-']\w+)*|[^\w\s]";

/// The most tokens one run may make.
pub const MAX_TOKENS: usize = 1_000_000;

/// The longest pattern accepted, in bytes.
pub const MAX_PATTERN_BYTES: usize = 1_000;

/// The most memory a compiled pattern may take (the `regex` crate's size limit), in bytes.
const MAX_COMPILED_BYTES: usize = 1 << 20;

/// How text becomes tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tokenizer {
    /// Split at runs of whitespace (`char::is_whitespace`).
    Whitespace,
    /// Every non-empty, non-overlapping match of this pattern (Rust `regex` syntax, Unicode
    /// aware: `\w` matches letters of every script), left to right. Empty matches are
    /// skipped; text no match covers is dropped.
    Regex(String),
    /// Every Unicode scalar value that is not whitespace. This is not grapheme clusters: `e` +
    /// combining acute is two tokens (after NFKC it is one, `é`), and an emoji sequence joined
    /// by U+200D is several.
    Characters,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Tokenizer::Regex(DEFAULT_PATTERN.to_string())
    }
}

impl Tokenizer {
    /// The tokenizer's name as the page shows it.
    pub fn name(&self) -> &'static str {
        match self {
            Tokenizer::Whitespace => "whitespace",
            Tokenizer::Regex(_) => "regular expression",
            Tokenizer::Characters => "characters",
        }
    }
}

/// Compiles a tokenizer pattern, or says for a person why it cannot be used.
pub fn compile_pattern(pattern: &str) -> Result<Regex, Error> {
    if pattern.len() > MAX_PATTERN_BYTES {
        return Err(Error::InvalidOption {
            name: "tokenizer pattern",
            message: format!(
                "must be at most {MAX_PATTERN_BYTES} bytes long, got {}",
                pattern.len()
            ),
        });
    }
    RegexBuilder::new(pattern)
        .size_limit(MAX_COMPILED_BYTES)
        .build()
        .map_err(|error| Error::InvalidOption {
            name: "tokenizer pattern",
            message: match error {
                regex::Error::CompiledTooBig(_) => {
                    "is too large once compiled (over 1 MB); simplify it".to_string()
                }
                other => format!("is not a valid regular expression: {other}"),
            },
        })
}

/// Counts gathered while tokenising.
#[derive(Default)]
struct Counts {
    empty_matches: usize,
    placeholders: usize,
}

/// Runs stage 3. `regex` is the pattern of a [`Tokenizer::Regex`] compiled beforehand (so a
/// bad pattern fails before any stage runs); without it the pattern is compiled here.
pub(crate) fn tokenise(
    text: &str,
    tokenizer: &Tokenizer,
    regex: Option<&Regex>,
) -> Result<(Vec<String>, StageRecord), Error> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut counts = Counts::default();
    match (tokenizer, regex) {
        (Tokenizer::Whitespace, _) => {
            for (start, piece) in pieces(text) {
                push_span(&mut spans, start, start + piece.len())?;
            }
        }
        (Tokenizer::Regex(pattern), precompiled) => {
            let compiled;
            let regex = match precompiled {
                Some(regex) => regex,
                None => {
                    compiled = compile_pattern(pattern)?;
                    &compiled
                }
            };
            for_each_between_placeholders(text, &mut spans, &mut counts, |from, to, spans, c| {
                for m in regex.find_iter(&text[from..to]) {
                    if m.is_empty() {
                        c.empty_matches += 1;
                    } else {
                        push_span(spans, from + m.start(), from + m.end())?;
                    }
                }
                Ok(())
            })?;
        }
        (Tokenizer::Characters, _) => {
            for_each_between_placeholders(text, &mut spans, &mut counts, |from, to, spans, _| {
                for (index, c) in text[from..to].char_indices() {
                    if !c.is_whitespace() {
                        push_span(spans, from + index, from + index + c.len_utf8())?;
                    }
                }
                Ok(())
            })?;
        }
    }
    let tokens: Vec<String> = spans.iter().map(|&(s, e)| text[s..e].to_string()).collect();
    let record = record(text, tokenizer, &spans, &counts);
    Ok((tokens, record))
}

fn push_span(spans: &mut Vec<(usize, usize)>, start: usize, end: usize) -> Result<(), Error> {
    if spans.len() >= MAX_TOKENS {
        return Err(Error::InvalidOption {
            name: "text",
            message: format!(
                "makes more than {MAX_TOKENS} tokens with this tokenizer; paste less text"
            ),
        });
    }
    spans.push((start, end));
    Ok(())
}

/// Calls `tokenise_range` on the text between placeholders, and makes each placeholder a span.
fn for_each_between_placeholders(
    text: &str,
    spans: &mut Vec<(usize, usize)>,
    counts: &mut Counts,
    mut tokenise_range: impl FnMut(
        usize,
        usize,
        &mut Vec<(usize, usize)>,
        &mut Counts,
    ) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut from = 0;
    while let Some((start, len)) = next_placeholder(&text[from..]) {
        tokenise_range(from, from + start, spans, counts)?;
        push_span(spans, from + start, from + start + len)?;
        counts.placeholders += 1;
        from += start + len;
    }
    tokenise_range(from, text.len(), spans, counts)
}

/// The byte offset and length of the first placeholder in `text`.
fn next_placeholder(text: &str) -> Option<(usize, usize)> {
    let mut search = 0;
    while let Some(offset) = text[search..].find('<') {
        let at = search + offset;
        for placeholder in [URL_PLACEHOLDER, EMAIL_PLACEHOLDER, NUMBER_PLACEHOLDER] {
            if text[at..].starts_with(placeholder) {
                return Some((at, placeholder.len()));
            }
        }
        search = at + 1;
    }
    None
}

fn record(
    text: &str,
    tokenizer: &Tokenizer,
    spans: &[(usize, usize)],
    counts: &Counts,
) -> StageRecord {
    let mut examples = Examples::default();
    let mut split_pieces = 0;
    let mut covered_chars = 0;
    let mut next_span = 0;
    // Walk the whitespace-separated pieces and the token spans together: a piece whose
    // tokens are not exactly the piece itself is shown as an example.
    for (start, piece) in pieces(text) {
        let end = start + piece.len();
        let mut piece_tokens: Vec<&str> = Vec::new();
        while next_span < spans.len() && spans[next_span].0 < end {
            let (s, e) = spans[next_span];
            covered_chars += text[s..e].chars().filter(|c| !c.is_whitespace()).count();
            piece_tokens.push(&text[s..e]);
            next_span += 1;
        }
        if piece_tokens != [piece] {
            split_pieces += 1;
            examples.push(piece, &piece_tokens.join(" | "));
        }
    }
    let chars_in = text.chars().count();
    let visible_chars = text.chars().filter(|c| !c.is_whitespace()).count();
    let dropped = visible_chars.saturating_sub(covered_chars);
    let mut summary = format!(
        "{} by {}",
        count_of(spans.len(), "token", "tokens"),
        tokenizer.name()
    );
    if dropped > 0 {
        summary.push_str(&format!(
            "; {} that no token covers dropped",
            count_of(dropped, "character", "characters")
        ));
    }
    if counts.empty_matches > 0 {
        summary.push_str(&format!(
            "; the pattern matched the empty string {} (skipped)",
            count_of(counts.empty_matches, "time", "times")
        ));
    }
    StageRecord {
        stage: Stage::Tokenisation,
        enabled: true,
        unit_in: Unit::Characters,
        count_in: chars_in,
        count_out: spans.len(),
        changed: split_pieces,
        removed: dropped,
        tallies: vec![
            Tally {
                label: "pieces split",
                count: split_pieces,
            },
            Tally {
                label: "characters dropped",
                count: dropped,
            },
            Tally {
                label: "empty matches skipped",
                count: counts.empty_matches,
            },
            Tally {
                label: "placeholders kept whole",
                count: counts.placeholders,
            },
        ],
        summary,
        examples: examples.into_vec(),
        not_applicable: None,
    }
}

/// The whitespace-separated pieces of `text` with their byte offsets.
fn pieces(text: &str) -> Vec<(usize, &str)> {
    let mut pieces = Vec::new();
    let mut start = None;
    for (index, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                pieces.push((s, &text[s..index]));
                start = None;
            }
            (false, None) => start = Some(index),
            _ => {}
        }
    }
    if let Some(s) = start {
        pieces.push((s, &text[s..]));
    }
    pieces
}
