//! The vocabulary (which tokens become words, their ids and counts) and the token stream as
//! word ids, sentence by sentence, each id remembering where it stood in the original tokens.

use std::collections::HashMap;
use std::ops::Range;

use crate::engine::Error;

/// Most weights one matrix may hold: a vocabulary of `V` words at `D` dimensions needs
/// `V × D ≤ MAX_WEIGHTS` (4 million, 32 MB of `f64` per matrix).
pub const MAX_WEIGHTS: usize = 4_000_000;
/// Most tokens a text may have (a 10 MB text, far beyond what a page trains on interactively).
pub const MAX_TOKENS: usize = 2_000_000;

/// The words kept from a token stream: ids by descending count, ties in alphabetical order.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct Vocabulary {
    words: Vec<String>,
    counts: Vec<u64>,
    index: HashMap<String, usize>,
    min_count: u64,
    dropped_words: usize,
    dropped_tokens: u64,
}

/// `n` with its digits grouped by threes: `120 000`.
pub(super) fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

fn text_error(message: String) -> Error {
    Error::InvalidOption {
        name: "text",
        message,
    }
}

impl Vocabulary {
    /// Counts `tokens` and keeps the words seen at least `min_count` times (`min_count` 0 acts
    /// as 1). Refuses an empty text, a text whose words are all rarer than the minimum count,
    /// and a text with a single distinct word (nothing to tell apart).
    pub fn new<S: AsRef<str>>(tokens: &[S], min_count: u64) -> Result<Vocabulary, Error> {
        Vocabulary::from_tokens(tokens.iter().map(AsRef::as_ref), min_count)
    }

    /// [`Vocabulary::new`] over any sequence of tokens (e.g. sentences flattened).
    pub fn from_tokens<'a>(
        tokens: impl IntoIterator<Item = &'a str>,
        min_count: u64,
    ) -> Result<Vocabulary, Error> {
        let min_count = min_count.max(1);
        let mut counted: HashMap<&str, u64> = HashMap::new();
        let mut total = 0usize;
        for token in tokens {
            total += 1;
            *counted.entry(token).or_insert(0) += 1;
        }
        if total == 0 {
            return Err(text_error(
                "has no words: type or paste some text (or pick a built-in corpus)".to_string(),
            ));
        }
        if total > MAX_TOKENS {
            return Err(text_error(format!(
                "has {} words, more than the {} this lab trains on: use a shorter text",
                grouped(total),
                grouped(MAX_TOKENS)
            )));
        }
        let distinct = counted.len();
        let mut kept: Vec<(&str, u64)> = counted
            .into_iter()
            .filter(|&(_, count)| count >= min_count)
            .collect();
        kept.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let kept_tokens: u64 = kept.iter().map(|&(_, count)| count).sum();
        let rare = if min_count > 1 {
            format!(" seen at least {min_count} times (the minimum count)")
        } else {
            String::new()
        };
        match kept.len() {
            0 => {
                return Err(text_error(format!(
                    "has no word{rare}: lower the minimum count or use a longer text"
                )))
            }
            1 => {
                return Err(text_error(format!(
                    "has only one distinct word{rare}, {:?}: word2vec learns by telling words \
                     apart, so it needs at least two; use a more varied text{}",
                    kept[0].0,
                    if min_count > 1 {
                        " or lower the minimum count"
                    } else {
                        ""
                    }
                )))
            }
            _ => {}
        }
        let words: Vec<String> = kept.iter().map(|&(word, _)| word.to_string()).collect();
        let index = words
            .iter()
            .enumerate()
            .map(|(id, word)| (word.clone(), id))
            .collect();
        Ok(Vocabulary {
            counts: kept.iter().map(|&(_, count)| count).collect(),
            words,
            index,
            min_count,
            dropped_words: distinct - kept.len(),
            dropped_tokens: total as u64 - kept_tokens,
        })
    }

    /// Refuses a vocabulary whose `V × dimensions` matrix would exceed [`MAX_WEIGHTS`].
    pub fn check_size(&self, dimensions: usize) -> Result<(), Error> {
        let most = MAX_WEIGHTS / dimensions.max(1);
        if self.len() <= most {
            return Ok(());
        }
        Err(Error::InvalidOption {
            name: "vocabulary",
            message: format!(
                "of {} words is too large for D = {dimensions}: at most {} × {dimensions} = {} \
                 weights per matrix; raise the minimum count, lower D or use a shorter text",
                grouped(self.len()),
                grouped(most),
                grouped(most * dimensions)
            ),
        })
    }

    /// Number of words `V`.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Always false: a vocabulary has at least two words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words, by id.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// The word with id `id`.
    pub fn word(&self, id: usize) -> Option<&str> {
        self.words.get(id).map(String::as_str)
    }

    /// The id of `word`, if it was kept.
    pub fn id(&self, word: &str) -> Option<usize> {
        self.index.get(word).copied()
    }

    /// The id of `word`, or an error naming it.
    pub fn require(&self, word: &str) -> Result<usize, Error> {
        self.id(word).ok_or_else(|| Error::InvalidOption {
            name: "word",
            message: format!("{word:?} is not in the vocabulary (too rare or not in the text)"),
        })
    }

    /// How often each word occurs, by id (descending).
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// Tokens that became words (the sum of the counts).
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The minimum count used.
    pub fn min_count(&self) -> u64 {
        self.min_count
    }

    /// Distinct tokens dropped for being rarer than the minimum count.
    pub fn dropped_words(&self) -> usize {
        self.dropped_words
    }

    /// Tokens dropped for being rarer than the minimum count.
    pub fn dropped_tokens(&self) -> u64 {
        self.dropped_tokens
    }
}

/// A token stream as word ids: tokens not in the vocabulary are left out, sentences are kept
/// apart (a window never crosses a sentence end), and each id remembers its position in the
/// original token stream (sentences concatenated), so the page can point at it.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq, Default)]
pub struct Corpus {
    ids: Vec<usize>,
    positions: Vec<usize>,
    sentence_ends: Vec<usize>,
    tokens: usize,
}

impl Corpus {
    /// One sentence: the whole stream.
    pub fn new<S: AsRef<str>>(vocabulary: &Vocabulary, tokens: &[S]) -> Corpus {
        Corpus::from_sentences(vocabulary, &[tokens])
    }

    /// Several sentences.
    pub fn from_sentences<T: AsRef<[S]>, S: AsRef<str>>(
        vocabulary: &Vocabulary,
        sentences: &[T],
    ) -> Corpus {
        let mut corpus = Corpus::default();
        for sentence in sentences {
            for token in sentence.as_ref() {
                if let Some(id) = vocabulary.id(token.as_ref()) {
                    corpus.ids.push(id);
                    corpus.positions.push(corpus.tokens);
                }
                corpus.tokens += 1;
            }
            corpus.end_sentence();
        }
        corpus
    }

    /// Closes the current sentence (empty sentences are not recorded).
    pub(super) fn end_sentence(&mut self) {
        if self.sentence_ends.last().copied().unwrap_or(0) < self.ids.len() {
            self.sentence_ends.push(self.ids.len());
        }
    }

    /// Appends one word (used by subsampling).
    pub(super) fn push(&mut self, id: usize, position: usize) {
        self.ids.push(id);
        self.positions.push(position);
    }

    /// Sets the length of the original token stream.
    pub(super) fn set_token_count(&mut self, tokens: usize) {
        self.tokens = tokens;
    }

    /// The word ids.
    pub fn ids(&self) -> &[usize] {
        &self.ids
    }

    /// Where each id stood in the original token stream.
    pub fn positions(&self) -> &[usize] {
        &self.positions
    }

    /// Index ranges into [`Corpus::ids`], one per non-empty sentence.
    pub fn sentences(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let starts = std::iter::once(0).chain(self.sentence_ends.iter().copied());
        starts
            .zip(self.sentence_ends.iter().copied())
            .map(|(s, e)| s..e)
    }

    /// Words in the stream.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when no token is in the vocabulary.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Length of the original token stream (kept or not).
    pub fn token_count(&self) -> usize {
        self.tokens
    }
}
