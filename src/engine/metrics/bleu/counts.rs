//! One segment's statistics: its tokens, the hypothesis n-grams clipped by their largest count
//! in any reference, the closest reference length, and (for the page) the table of n-grams.
//! Tokens are interned so n-grams hash as small fixed arrays.

use super::options::BleuOptions;
use super::{NgramRow, SegmentStats, MAX_NGRAM_ORDER, MAX_TABLE_TOKENS};
use crate::engine::hash::FastMap as HashMap;

/// An n-gram as token ids: order and up to four ids.
type Key = (u8, [u32; MAX_NGRAM_ORDER]);

/// Interns tokens so n-grams hash as small fixed arrays.
#[derive(Default)]
struct Interner<'a> {
    ids: HashMap<&'a str, u32>,
}

impl<'a> Interner<'a> {
    fn ids(&mut self, tokens: &'a [String]) -> Vec<u32> {
        tokens
            .iter()
            .map(|token| {
                let next = self.ids.len() as u32;
                *self.ids.entry(token.as_str()).or_insert(next)
            })
            .collect()
    }
}

fn key(ids: &[u32]) -> Key {
    let mut gram = [u32::MAX; MAX_NGRAM_ORDER];
    gram[..ids.len()].copy_from_slice(ids);
    (ids.len() as u8, gram)
}

fn ngram_counts(ids: &[u32]) -> HashMap<Key, u64> {
    let mut counts = HashMap::default();
    for n in 1..=MAX_NGRAM_ORDER {
        for window in ids.windows(n) {
            *counts.entry(key(window)).or_insert(0) += 1;
        }
    }
    counts
}

/// sacreBLEU's `_get_closest_ref_len`.
fn closest_ref_len(hyp_len: usize, ref_lens: &[usize]) -> usize {
    let mut best: Option<(usize, usize)> = None;
    for &ref_len in ref_lens {
        let diff = hyp_len.abs_diff(ref_len);
        best = match best {
            None => Some((diff, ref_len)),
            Some((best_diff, _)) if diff < best_diff => Some((diff, ref_len)),
            Some((best_diff, best_len)) if diff == best_diff && ref_len < best_len => {
                Some((diff, ref_len))
            }
            keep => keep,
        };
    }
    best.map_or(0, |(_, len)| len)
}

/// The statistics of `hyp` against `refs`, with the n-gram table when `with_table` (and the
/// hypothesis is at most [`MAX_TABLE_TOKENS`] tokens long).
pub(super) fn segment_stats(
    hyp: &str,
    refs: &[&str],
    options: &BleuOptions,
    with_table: bool,
) -> SegmentStats {
    let hyp_tokens = options.tokens(hyp);
    let ref_tokens: Vec<Vec<String>> = refs.iter().map(|r| options.tokens(r)).collect();
    let mut interner = Interner::default();
    let hyp_ids = interner.ids(&hyp_tokens);
    let mut ref_max: HashMap<Key, u64> = HashMap::default();
    for tokens in &ref_tokens {
        for (gram, count) in ngram_counts(&interner.ids(tokens)) {
            let slot = ref_max.entry(gram).or_insert(0);
            *slot = (*slot).max(count);
        }
    }
    let ref_lens: Vec<usize> = ref_tokens.iter().map(Vec::len).collect();
    let sys_len = hyp_tokens.len();
    let ref_len = closest_ref_len(sys_len, &ref_lens);
    let table_omitted = sys_len > MAX_TABLE_TOKENS;
    let build_table = with_table && !table_omitted;
    let mut correct = [0; MAX_NGRAM_ORDER];
    let mut total = [0; MAX_NGRAM_ORDER];
    let mut ngrams: Vec<NgramRow> = Vec::new();
    let mut row_of: HashMap<Key, usize> = HashMap::default();
    let mut counts: HashMap<Key, u64> = HashMap::default();
    for n in 1..=MAX_NGRAM_ORDER {
        for (start, window) in hyp_ids.windows(n).enumerate() {
            let gram = key(window);
            total[n - 1] += 1;
            *counts.entry(gram).or_insert(0) += 1;
            if !build_table {
                continue;
            }
            let row = *row_of.entry(gram).or_insert_with(|| {
                ngrams.push(NgramRow {
                    order: n,
                    text: hyp_tokens[start..start + n].join(" "),
                    positions: Vec::new(),
                    count: 0,
                    max_ref_count: ref_max.get(&gram).copied().unwrap_or(0),
                    clipped: 0,
                });
                ngrams.len() - 1
            });
            ngrams[row].positions.push(start);
        }
    }
    for (gram, count) in &counts {
        let clipped = (*count).min(ref_max.get(gram).copied().unwrap_or(0));
        correct[usize::from(gram.0) - 1] += clipped;
    }
    for row in &mut ngrams {
        row.count = row.positions.len() as u64;
        row.clipped = row.count.min(row.max_ref_count);
    }
    SegmentStats {
        hyp_tokens,
        ref_lens,
        sys_len,
        ref_len,
        correct,
        total,
        ngrams,
        table_omitted,
    }
}
