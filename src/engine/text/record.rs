//! What each stage of the text pipeline did: its counts, a sentence, and examples of changes.

use std::fmt;

/// The most examples of changes a stage keeps.
pub const MAX_EXAMPLES: usize = 10;

/// A stage of the pipeline, in the order the stages run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Markup, URLs and e-mail addresses, control characters.
    Cleaning,
    /// Unicode NFKC, lowercase, numbers.
    Normalisation,
    /// Text into tokens.
    Tokenisation,
    /// Removing the words of a list.
    StopWords,
    /// Porter, Snowball or the dictionary lemmatiser.
    Stemming,
}

impl Stage {
    /// Every stage, in the order the pipeline runs them.
    pub const ALL: [Stage; 5] = [
        Stage::Cleaning,
        Stage::Normalisation,
        Stage::Tokenisation,
        Stage::StopWords,
        Stage::Stemming,
    ];

    /// The stage's name as the page shows it.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Cleaning => "cleaning",
            Stage::Normalisation => "normalisation",
            Stage::Tokenisation => "tokenisation",
            Stage::StopWords => "stop words",
            Stage::Stemming => "stemming",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a stage counts: the text stages count characters (Unicode scalar values), the token
/// stages count tokens. Tokenisation takes characters in and gives tokens out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Unicode scalar values (Rust `char`s).
    Characters,
    /// Tokens.
    Tokens,
}

/// One change a stage made: `before` became `after` (`after` is empty for a removal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The text or token before the stage.
    pub before: String,
    /// What the stage made of it.
    pub after: String,
}

/// A named count inside a stage, e.g. `("tags removed", 3)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// What was counted, as the page shows it.
    pub label: &'static str,
    /// How many.
    pub count: usize,
}

/// Everything one stage did, for the page to show beside the stage's output.
#[derive(Debug, Clone, PartialEq)]
pub struct StageRecord {
    /// Which stage.
    pub stage: Stage,
    /// Whether the reader switched it on; a stage that is off passes its input through.
    pub enabled: bool,
    /// What `count_in` counts (`count_out` counts tokens for every stage from tokenisation on).
    pub unit_in: Unit,
    /// Characters or tokens that came in.
    pub count_in: usize,
    /// Characters or tokens that went out.
    pub count_out: usize,
    /// How many items the stage changed: replacements made (cleaning), words changed
    /// (normalisation, stemming), whitespace-separated pieces split further (tokenisation).
    pub changed: usize,
    /// How many items it removed: characters (cleaning, normalisation), characters no token
    /// covers (tokenisation), tokens (stop words). Zero for stemming.
    pub removed: usize,
    /// The stage's own counts, each named (`"URLs replaced"`, `"numbers dropped"`, ...).
    pub tallies: Vec<Tally>,
    /// One sentence for a person, e.g. "removed 3 tags and 1 URL".
    pub summary: String,
    /// Up to [`MAX_EXAMPLES`] distinct changes, in the order they were made.
    pub examples: Vec<Change>,
    /// Tokens the stage leaves alone because it does not apply to them, said for a person
    /// (e.g. "does not apply to 7 Hangul tokens"); `None` when it applies to every token.
    pub not_applicable: Option<String>,
}

impl StageRecord {
    /// The stage's name as the page shows it.
    pub fn name(&self) -> &'static str {
        self.stage.name()
    }

    /// A named count, or 0 when the stage has no tally of that name.
    pub fn tally(&self, label: &str) -> usize {
        self.tallies
            .iter()
            .find(|t| t.label == label)
            .map_or(0, |t| t.count)
    }

    /// The record of a stage that is switched off: everything passes through.
    pub(crate) fn off(stage: Stage, unit_in: Unit, count: usize) -> Self {
        StageRecord {
            stage,
            enabled: false,
            unit_in,
            count_in: count,
            count_out: count,
            changed: 0,
            removed: 0,
            tallies: Vec::new(),
            summary: "off".to_string(),
            examples: Vec::new(),
            not_applicable: None,
        }
    }
}

/// Collects up to [`MAX_EXAMPLES`] distinct changes.
#[derive(Debug, Default)]
pub(crate) struct Examples(Vec<Change>);

impl Examples {
    /// Keeps `before → after` unless it is already kept or the list is full.
    pub(crate) fn push(&mut self, before: &str, after: &str) {
        if self.0.len() < MAX_EXAMPLES
            && !self
                .0
                .iter()
                .any(|c| c.before == before && c.after == after)
        {
            self.0.push(Change {
                before: before.to_string(),
                after: after.to_string(),
            });
        }
    }

    /// Whether no more examples will be kept.
    pub(crate) fn is_full(&self) -> bool {
        self.0.len() >= MAX_EXAMPLES
    }

    pub(crate) fn into_vec(self) -> Vec<Change> {
        self.0
    }
}

/// `"1 tag"` / `"3 tags"`: a count with its noun, plural by adding `s` (or the given plural).
pub(crate) fn count_of(count: usize, singular: &str, plural: &str) -> String {
    format!("{count} {}", if count == 1 { singular } else { plural })
}

/// Joins phrases as a person would: "a", "a and b", "a, b and c".
pub(crate) fn join_phrases(phrases: &[String]) -> String {
    match phrases {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
