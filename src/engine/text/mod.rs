//! Text preprocessing: raw text to tokens through stages the reader switches on and off, each
//! returning a record of what it did.
//!
//! 1. Cleaning: markup and entities, URLs and e-mail addresses (removed or replaced by
//!    `<url>` / `<email>`), control characters; the rules are under [`PipelineOptions`].
//! 2. Normalisation: Unicode NFKC, lowercase (Unicode's full lowercase mapping, not case
//!    folding: `ß` stays), numbers (keep, replace by `<num>`, drop).
//! 3. Tokenisation: whitespace, a regular expression the reader edits, or characters (Unicode
//!    scalar values, not grapheme clusters).
//! 4. Stop-word removal: an editable list, by default NLTK's 179 English words.
//! 5. Stemming: original Porter (1980), Snowball English (Porter2), or a small dictionary
//!    lemmatiser.
//!
//! Stages 1–2 work on text and count characters; stages 3–5 make and count tokens. Stages 4–5
//! are for English: the records say which tokens (by script, e.g. Hangul) they leave alone.

mod clean;
mod lemma;
mod lemma_forms;
mod markup;
mod normalise;
mod porter;
mod record;
mod script;
mod stem;
mod stop_words;
mod tokenizer;

pub use clean::{UrlHandling, EMAIL_PLACEHOLDER, URL_PLACEHOLDER};
pub use lemma::lemmatize;
pub use normalise::{NumberHandling, NUMBER_PLACEHOLDER};
pub use porter::porter_stem;
pub use record::{Change, Stage, StageRecord, Tally, Unit, MAX_EXAMPLES};
pub use script::Script;
pub use stem::{snowball_stem, Stemmer};
pub use stop_words::{StopWords, ENGLISH_STOP_WORDS};
pub use tokenizer::{compile_pattern, Tokenizer, DEFAULT_PATTERN, MAX_PATTERN_BYTES, MAX_TOKENS};

use crate::engine::Error;

pub use crate::engine::limits::MAX_TEXT_BYTES;

/// Which stages run and how. [`Default`] cleans, applies NFKC and lowercase, keeps numbers,
/// tokenises with [`DEFAULT_PATTERN`], and neither removes stop words nor stems.
///
/// Cleaning rules. Markup: HTML comments and `<script>`/`<style>` elements go, then every tag;
/// a block element's tag (`p`, `div`, `br`, `li`, `td`, ...) becomes a space, any other tag
/// nothing; then entities are decoded (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;`, a
/// few typographic ones, and every numeric one such as `&#39;`). URLs (`http(s)://`,
/// `ftp://`, `www.`) and e-mail addresses: per [`UrlHandling`]. Control characters: removed,
/// except tab and newline; `\r\n` and `\r` become `\n`, other whitespace controls a space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipelineOptions {
    /// Strip tags and decode entities.
    pub clean_markup: bool,
    /// Keep, remove, or replace URLs and e-mail addresses by placeholders.
    pub clean_urls: UrlHandling,
    /// Remove control characters (tab and newline stay).
    pub clean_controls: bool,
    /// Apply Unicode NFKC.
    pub nfkc: bool,
    /// Lowercase (full Unicode lowercase mapping).
    pub case_fold: bool,
    /// Keep, replace by [`NUMBER_PLACEHOLDER`], or drop numbers.
    pub numbers: NumberHandling,
    /// How the text becomes tokens (always on).
    pub tokenizer: Tokenizer,
    /// The stop words to remove; `None` switches the stage off.
    pub stop_words: Option<StopWords>,
    /// The stemmer or lemmatiser; [`Stemmer::None`] switches the stage off.
    pub stemmer: Stemmer,
}

impl Default for PipelineOptions {
    fn default() -> Self {
        PipelineOptions {
            clean_markup: true,
            clean_urls: UrlHandling::Placeholder,
            clean_controls: true,
            nfkc: true,
            case_fold: true,
            numbers: NumberHandling::Keep,
            tokenizer: Tokenizer::default(),
            stop_words: None,
            stemmer: Stemmer::None,
        }
    }
}

impl PipelineOptions {
    /// Every optional stage off, tokenising at whitespace: the tokens are `text`'s
    /// whitespace-separated pieces, as they are.
    pub fn all_off() -> Self {
        PipelineOptions {
            clean_markup: false,
            clean_urls: UrlHandling::Keep,
            clean_controls: false,
            nfkc: false,
            case_fold: false,
            numbers: NumberHandling::Keep,
            tokenizer: Tokenizer::Whitespace,
            stop_words: None,
            stemmer: Stemmer::None,
        }
    }
}

/// Everything one run of the pipeline made: each stage's output and record.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineRun {
    /// One record per stage, in [`Stage::ALL`] order, also for stages that are off.
    pub stages: Vec<StageRecord>,
    /// The text after stage 1.
    pub text_after_cleaning: String,
    /// The text after stage 2: what the tokenizer reads.
    pub text_after_normalisation: String,
    /// The tokens after stage 3.
    pub tokens_after_tokenisation: Vec<String>,
    /// The tokens after stage 4 (the same as after stage 3 when it is off).
    pub tokens_after_stop_words: Vec<String>,
    /// The final tokens, after stage 5.
    pub tokens: Vec<String>,
    /// How many final tokens each script has, in [`Script`] order, scripts with none left out.
    pub scripts: Vec<(Script, usize)>,
}

impl PipelineRun {
    /// The record of one stage.
    pub fn stage(&self, stage: Stage) -> &StageRecord {
        self.stages
            .iter()
            .find(|record| record.stage == stage)
            .expect("a run has a record for every stage")
    }
}

/// Runs every stage on `text` with `options`.
///
/// Fails, before doing anything, when the text is over [`MAX_TEXT_BYTES`] or the tokenizer
/// pattern does not compile (the message is the `regex` crate's, naming the place); fails
/// when the tokenizer makes more than [`MAX_TOKENS`] tokens.
pub fn run_pipeline(text: &str, options: &PipelineOptions) -> Result<PipelineRun, Error> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(Error::InvalidOption {
            name: "text",
            message: format!(
                "must be at most 2 MB ({MAX_TEXT_BYTES} bytes), got {} bytes",
                text.len()
            ),
        });
    }
    let regex = match &options.tokenizer {
        Tokenizer::Regex(pattern) => Some(compile_pattern(pattern)?),
        _ => None,
    };
    let (cleaned, cleaning) = clean::clean(
        text,
        options.clean_markup,
        options.clean_urls,
        options.clean_controls,
    );
    let (normalised, normalisation) =
        normalise::normalise(&cleaned, options.nfkc, options.case_fold, options.numbers);
    let (tokens, tokenisation) =
        tokenizer::tokenise(&normalised, &options.tokenizer, regex.as_ref())?;
    let (after_stop_words, stop_word_record) = match &options.stop_words {
        Some(list) => stop_words::remove_stop_words(&tokens, list),
        None => (
            tokens.clone(),
            StageRecord::off(Stage::StopWords, Unit::Tokens, tokens.len()),
        ),
    };
    let (stemmed, stemming) = match options.stemmer {
        Stemmer::None => (
            after_stop_words.clone(),
            StageRecord::off(Stage::Stemming, Unit::Tokens, after_stop_words.len()),
        ),
        stemmer => stem::stem_tokens(&after_stop_words, stemmer),
    };
    let scripts = script::count_scripts(stemmed.iter().map(String::as_str));
    Ok(PipelineRun {
        stages: vec![
            cleaning,
            normalisation,
            tokenisation,
            stop_word_record,
            stemming,
        ],
        text_after_cleaning: cleaned,
        text_after_normalisation: normalised,
        tokens_after_tokenisation: tokens,
        tokens_after_stop_words: after_stop_words,
        tokens: stemmed,
        scripts,
    })
}
