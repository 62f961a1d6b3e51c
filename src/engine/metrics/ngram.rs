//! A smoothed character n-gram language model and the perplexity it gives a text.
//!
//! Symbols are Unicode code points (spaces and newlines included). The vocabulary `V` is the
//! distinct training characters plus one `UNK`; a character never seen in training becomes
//! `UNK`, both where it is predicted and inside later histories. A text is left-padded with
//! `n − 1` `BOS` markers (not in `V`, never predicted), and position `i` is predicted from the
//! history `h`, the `n − 1` symbols before it; `h_m` is its last `m` symbols (`h_0` is empty).
//!
//! From the training text only: `C(h_m, c)` for every `m < n`, `C(h_m) = Σ_c C(h_m, c)` and
//! `N₁(h_m) = #{c : C(h_m, c) > 0}`. Then
//!
//! - add-k: `P(c | h) = (C(h_{n−1}, c) + k) / (C(h_{n−1}) + k |V|)`;
//! - interpolated Witten–Bell: `P_{−1}(c) = 1 / |V|` and, for `m = 0 .. n−1`,
//!   `P_m(c | h_m) = (C(h_m, c) + N₁(h_m) P_{m−1}(c | h_{m−1})) / (C(h_m) + N₁(h_m))`, or
//!   `P_m = P_{m−1}` when `C(h_m) = 0`; the model's probability is `P_{n−1}`.
//!
//! Both sum to 1 over `V` for every history. For a text `x₁..x_T`, the surprisal of `x_i` is
//! `−log₂ P(x_i | h_i)` bits, the cross entropy `H = (1/T) Σ_i −log₂ P(x_i | h_i)` and the
//! perplexity `2^H`, per character.

use crate::engine::Error;

/// The largest n-gram order.
pub const MAX_NGRAM_LM_ORDER: usize = 6;
/// The longest training text, in characters.
pub const MAX_TRAIN_CHARS: usize = 300_000;
/// The longest text [`CharNgramModel::score`] accepts, in characters.
pub const MAX_SCORE_CHARS: usize = 100_000;
/// How the unknown symbol is shown.
pub const UNK_NAME: &str = "<unk>";

/// Bits per symbol id in a packed key: 6 ids of 21 bits fit in a `u128`, and 2²¹ is more
/// than the number of Unicode code points.
const SYMBOL_BITS: u32 = 21;

/// A hash map keyed by ids or packed keys.
type KeyMap<K, V> = crate::engine::hash::FastMap<K, V>;

/// How probability mass is given to what training never showed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Smoothing {
    /// Add `k > 0` to every count of the longest history.
    AddK(f64),
    /// Interpolated Witten–Bell: back off by how many distinct symbols followed a history.
    WittenBell,
}

/// `C(h_m)` and `N₁(h_m)` of one history.
#[derive(Debug, Clone, Copy, Default)]
struct Context {
    total: u32,
    distinct: u32,
}

/// A character n-gram model: its vocabulary and counts.
///
/// Symbol ids: `0..vocab.len()` are the training characters in code point order, then `UNK`,
/// then `BOS`. Keys pack ids `SYMBOL_BITS` apart, the most recent symbol lowest; counts of
/// each history length `m` live in their own map, so keys of different lengths never meet.
#[derive(Debug, Clone)]
pub struct CharNgramModel {
    order: usize,
    smoothing: Smoothing,
    vocab: Vec<char>,
    ids: KeyMap<char, u32>,
    /// `[m]`: packed `h_m` → `C(h_m)`, `N₁(h_m)`.
    contexts: Vec<KeyMap<u128, Context>>,
    /// `[m]`: packed `(h_m, c)` → `C(h_m, c)`.
    counts: Vec<KeyMap<u128, u32>>,
}

/// What one surprisal of a [`Perplexity`] record is the surprisal of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SymbolUnit {
    /// A character (the n-gram model, the RNN lab's models).
    #[default]
    Character,
    /// A token of any model, from pasted scores (no text to show under the bars).
    Token,
}

impl SymbolUnit {
    /// The unit's name: `character` or `token`.
    pub fn name(self) -> &'static str {
        match self {
            SymbolUnit::Character => "character",
            SymbolUnit::Token => "token",
        }
    }
}

/// Per-character (or per-token) probabilities of a text and the perplexity they give.
#[derive(Debug, Clone, PartialEq)]
pub struct Perplexity {
    /// The text's characters, `[T]` (empty for pasted token scores).
    pub chars: Vec<char>,
    /// What each surprisal is of.
    pub unit: SymbolUnit,
    /// True where the character was not in the training text (and was scored as `UNK`).
    pub unknown: Vec<bool>,
    /// `P(x_i | h_i)`, `[T]`.
    pub probabilities: Vec<f64>,
    /// `−log₂ P(x_i | h_i)`, `[T]`.
    pub surprisal_bits: Vec<f64>,
    /// `Σ_i log₂ P(x_i | h_i)`.
    pub log2_prob_sum: f64,
    /// `H = (1/T) Σ_i −log₂ P(x_i | h_i)`, bits per character.
    pub cross_entropy_bits: f64,
    /// `2^H`.
    pub perplexity: f64,
}

/// The key of `h_m`, the last `m` ids of `history`, the most recent lowest.
fn pack(history: &[u32], m: usize) -> u128 {
    history[history.len() - m..]
        .iter()
        .fold(0, |key, &id| key << SYMBOL_BITS | id as u128)
}

/// The keys of `h_0..h_len` of `history` (ids, oldest first); later entries are unused.
fn context_keys(history: &[u32]) -> [u128; MAX_NGRAM_LM_ORDER] {
    std::array::from_fn(|m| {
        if m <= history.len() {
            pack(history, m)
        } else {
            0
        }
    })
}

/// The key of `(h_m, c)` from the key of `h_m`.
fn count_key(context: u128, c: u32) -> u128 {
    context << SYMBOL_BITS | c as u128
}

impl CharNgramModel {
    /// Counts every n-gram of `text` up to `order` (1..=6) for the given smoothing.
    /// Errors for an order outside 1..=6, a `k` that is not a finite number > 0, or a text
    /// longer than 300 000 characters. An empty text gives `V = {UNK}`.
    pub fn train(text: &str, order: usize, smoothing: Smoothing) -> Result<Self, Error> {
        Error::check_between("n-gram order", order, 1, MAX_NGRAM_LM_ORDER)?;
        if let Smoothing::AddK(k) = smoothing {
            crate::engine::limits::NGRAM_ADD_K.check(k)?;
        }
        let length = text.chars().count();
        if length > MAX_TRAIN_CHARS {
            return Err(Error::InvalidOption {
                name: "training text",
                message: format!("must be at most {MAX_TRAIN_CHARS} characters, got {length}"),
            });
        }
        let mut vocab: Vec<char> = text.chars().collect();
        vocab.sort_unstable();
        vocab.dedup();
        let ids: KeyMap<char, u32> = vocab.iter().zip(0..).map(|(&c, id)| (c, id)).collect();
        let mut model = CharNgramModel {
            order,
            smoothing,
            vocab,
            ids,
            contexts: vec![KeyMap::default(); order],
            counts: vec![KeyMap::default(); order],
        };
        let padded = model.padded_ids(text);
        // Add-k only reads the longest history; Witten–Bell reads them all.
        let shortest = match smoothing {
            Smoothing::AddK(_) => order - 1,
            Smoothing::WittenBell => 0,
        };
        // One order at a time, so one map is being filled at a time; then each context's
        // total and number of distinct followers, from its counts.
        for m in shortest..order {
            // Every (h_{m−1}, c) seen extends to some (h_m, c) seen: there are at least as many.
            let at_least = m
                .checked_sub(1)
                .map_or(0, |lower| model.counts[lower].len());
            let counts = &mut model.counts[m];
            counts.reserve(at_least);
            for window in padded.windows(order) {
                let (history, c) = window.split_at(order - 1);
                *counts.entry(count_key(pack(history, m), c[0])).or_insert(0) += 1;
            }
            let contexts = &mut model.contexts[m];
            for (&key, &count) in counts.iter() {
                let context = contexts.entry(key >> SYMBOL_BITS).or_default();
                context.total += count;
                context.distinct += 1;
            }
        }
        Ok(model)
    }

    /// `|V|`: distinct training characters plus `UNK`.
    pub fn vocab_size(&self) -> usize {
        self.vocab.len() + 1
    }

    /// The distinct training characters in code point order (`V` without `UNK`).
    pub fn vocabulary(&self) -> &[char] {
        &self.vocab
    }

    /// The order `n`: each character is predicted from the `n − 1` before it.
    pub fn order(&self) -> usize {
        self.order
    }

    /// The smoothing the model was trained for.
    pub fn smoothing(&self) -> Smoothing {
        self.smoothing
    }

    fn unk(&self) -> u32 {
        self.vocab.len() as u32
    }

    fn bos(&self) -> u32 {
        self.vocab.len() as u32 + 1
    }

    fn id(&self, c: char) -> u32 {
        self.ids.get(&c).copied().unwrap_or(self.unk())
    }

    /// `n − 1` `BOS` ids, then the ids of `text` (unseen characters as `UNK`).
    fn padded_ids(&self, text: &str) -> Vec<u32> {
        let bos = std::iter::repeat_n(self.bos(), self.order - 1);
        bos.chain(text.chars().map(|c| self.id(c))).collect()
    }

    /// The keys of the history for the next symbol after `history` (characters, oldest first):
    /// its last `n − 1` characters, left-padded with `BOS` when there are fewer.
    fn history_keys(&self, history: &[char]) -> [u128; MAX_NGRAM_LM_ORDER] {
        let width = self.order - 1;
        let tail = &history[history.len().saturating_sub(width)..];
        let mut ids = vec![self.bos(); width - tail.len()];
        ids.extend(tail.iter().map(|&c| self.id(c)));
        context_keys(&ids)
    }

    /// `P(c | h)` for symbol id `c` given the history keys.
    fn probability_of(&self, keys: &[u128; MAX_NGRAM_LM_ORDER], c: u32) -> f64 {
        let vocab_size = self.vocab_size() as f64;
        let lookup = |m: usize| {
            let context = self.contexts[m].get(&keys[m])?;
            let count = self.counts[m].get(&count_key(keys[m], c));
            Some((*context, count.copied().unwrap_or(0) as f64))
        };
        match self.smoothing {
            Smoothing::AddK(k) => {
                let (total, count) = lookup(self.order - 1)
                    .map_or((0.0, 0.0), |(context, count)| (context.total as f64, count));
                (count + k) / (total + k * vocab_size)
            }
            Smoothing::WittenBell => (0..self.order).fold(1.0 / vocab_size, |lower, m| {
                lookup(m).map_or(lower, |(context, count)| {
                    let (total, distinct) = (context.total as f64, context.distinct as f64);
                    (count + distinct * lower) / (total + distinct)
                })
            }),
        }
    }

    /// `P(c | h)`, where `history` is the text before `c` (only its last `n − 1` characters
    /// matter; a shorter history is the start of a text). Characters not in the training text
    /// count as `UNK`, so `c` unseen gives `P(UNK | h)`.
    pub fn probability(&self, history: &[char], c: char) -> f64 {
        self.probability_of(&self.history_keys(history), self.id(c))
    }

    /// The `k` most likely next symbols after `history` with their probabilities, most likely
    /// first (ties in code point order, `UNK` last), `UNK` shown as `<unk>`. With
    /// `k ≥ |V|` this is the whole distribution, which sums to 1.
    pub fn top_next(&self, history: &[char], k: usize) -> Vec<(String, f64)> {
        let keys = self.history_keys(history);
        let mut next: Vec<(String, f64)> = (0..=self.unk())
            .map(|id| {
                let name = self
                    .vocab
                    .get(id as usize)
                    .map_or(UNK_NAME.to_string(), char::to_string);
                (name, self.probability_of(&keys, id))
            })
            .collect();
        next.sort_by(|a, b| b.1.total_cmp(&a.1));
        next.truncate(k);
        next
    }

    /// Each character's probability, surprisal, and the text's cross entropy and perplexity.
    /// Errors for an empty text or one longer than 100 000 characters.
    pub fn score(&self, text: &str) -> Result<Perplexity, Error> {
        let length = text.chars().count();
        if length == 0 {
            return Err(Error::Empty("the text to score"));
        }
        if length > MAX_SCORE_CHARS {
            return Err(Error::InvalidOption {
                name: "text to score",
                message: format!("must be at most {MAX_SCORE_CHARS} characters, got {length}"),
            });
        }
        let chars: Vec<char> = text.chars().collect();
        let unknown = chars.iter().map(|c| !self.ids.contains_key(c)).collect();
        let padded = self.padded_ids(text);
        let probabilities: Vec<f64> = padded
            .windows(self.order)
            .map(|window| {
                let (history, c) = window.split_at(self.order - 1);
                self.probability_of(&context_keys(history), c[0])
            })
            .collect();
        // `+ 0.0` turns −0.0 (from P = 1) into 0.0.
        let surprisal_bits: Vec<f64> = probabilities.iter().map(|p| -p.log2() + 0.0).collect();
        let log2_prob_sum = probabilities.iter().map(|p| p.log2()).sum::<f64>() + 0.0;
        let cross_entropy_bits = surprisal_bits.iter().sum::<f64>() / length as f64;
        Ok(Perplexity {
            chars,
            unit: SymbolUnit::Character,
            unknown,
            probabilities,
            surprisal_bits,
            log2_prob_sum,
            cross_entropy_bits,
            perplexity: cross_entropy_bits.exp2(),
        })
    }
}

/// The per-character perplexity of `text` under an order-`order` model trained on `train`:
/// [`CharNgramModel::train`] then [`CharNgramModel::score`].
pub fn perplexity(
    train: &str,
    text: &str,
    order: usize,
    smoothing: Smoothing,
) -> Result<Perplexity, Error> {
    CharNgramModel::train(train, order, smoothing)?.score(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_pack_the_most_recent_symbol_lowest() {
        let keys = context_keys(&[3, 5]);
        assert_eq!(keys[0], 0);
        assert_eq!(keys[1], 5);
        assert_eq!(keys[2], 5 | 3 << SYMBOL_BITS);
        assert_eq!(count_key(keys[1], 7), 5 << SYMBOL_BITS | 7);
    }

    #[test]
    fn unigram_add_one_is_hand_checkable() {
        // V = {a, b, UNK}; P(a) = (1 + 1) / (2 + 3).
        let model = CharNgramModel::train("ab", 1, Smoothing::AddK(1.0)).unwrap();
        assert_eq!(model.probability(&[], 'a'), 0.4);
        assert_eq!(model.probability(&[], 'z'), 0.2);
    }
}
