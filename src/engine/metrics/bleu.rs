//! BLEU exactly as sacreBLEU 2.6.0 computes it, keeping every count on the way.
//!
//! For a hypothesis `h` and references `r₁..r_k`, with `c_n(g)` the count of n-gram `g`:
//!
//! - modified precision `p_n = Σ_g min(c_n^h(g), max_j c_n^{r_j}(g)) / Σ_g c_n^h(g)`,
//! - brevity penalty `BP = 1` if `c ≥ r`, else `exp(1 − r/c)` (`c` hypothesis length, `r` the
//!   reference length closest to `c`, the shorter on a tie),
//! - `BLEU = BP · exp((1/N) Σ_{n=1..N} ln p_n)` with `N = 4` (or the effective order).
//!
//! Corpus BLEU sums the counts and lengths over segments *before* dividing.

use super::bleu_options::{BleuOptions, SmoothMethod};
use crate::engine::hash::FastMap as HashMap;
use crate::engine::Error;

/// The largest n-gram order (sacreBLEU's `MAX_NGRAM_ORDER`).
pub const MAX_NGRAM_ORDER: usize = 4;
/// The sacreBLEU version whose numbers and signature this module reproduces.
pub const SACREBLEU_VERSION: &str = "2.6.0";
/// Hypotheses with more tokens than this keep their counts but not their n-gram table.
pub const MAX_TABLE_TOKENS: usize = 2_000;

/// One distinct hypothesis n-gram and how it was clipped.
#[derive(Debug, Clone, PartialEq)]
pub struct NgramRow {
    /// The order `n` (1..=4).
    pub order: usize,
    /// The n-gram's tokens joined by single spaces.
    pub text: String,
    /// Token positions where it starts in the hypothesis, in order.
    pub positions: Vec<usize>,
    /// How often it occurs in the hypothesis.
    pub count: u64,
    /// Its largest count in any one reference.
    pub max_ref_count: u64,
    /// `min(count, max_ref_count)`: what it adds to the matches of order `n`.
    pub clipped: u64,
}

/// Everything one segment contributed.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentStats {
    /// The hypothesis after preprocessing and tokenizing.
    pub hyp_tokens: Vec<String>,
    /// The length in tokens of each reference.
    pub ref_lens: Vec<usize>,
    /// Hypothesis length in tokens.
    pub sys_len: usize,
    /// The reference length closest to `sys_len` (the shorter on a tie).
    pub ref_len: usize,
    /// Clipped matches per order.
    pub correct: [u64; MAX_NGRAM_ORDER],
    /// Hypothesis n-grams per order.
    pub total: [u64; MAX_NGRAM_ORDER],
    /// Every distinct hypothesis n-gram, by order then first position. Filled by
    /// [`sentence_bleu`] and [`segment_detail`]; [`corpus_bleu`] leaves it empty (a table per
    /// segment would cost more than the score), and so does a hypothesis of more than
    /// `MAX_TABLE_TOKENS` tokens (see `table_omitted`).
    pub ngrams: Vec<NgramRow>,
    /// True when the table was left out because the hypothesis is too long to show.
    pub table_omitted: bool,
}

/// A BLEU score with sacreBLEU's fields and the statistics it was built from.
#[derive(Debug, Clone, PartialEq)]
pub struct Bleu {
    /// BLEU on a 0..100 scale.
    pub score: f64,
    /// Modified n-gram precisions `p_n` in percent (smoothed where smoothing applied).
    pub precisions: [f64; MAX_NGRAM_ORDER],
    /// Matches per order (with `add-k`'s `k` added for n ≥ 2, as sacreBLEU reports them).
    pub counts: [f64; MAX_NGRAM_ORDER],
    /// Hypothesis n-grams per order (with `add-k`'s `k` added for n ≥ 2).
    pub totals: [f64; MAX_NGRAM_ORDER],
    /// Brevity penalty.
    pub bp: f64,
    /// Total hypothesis length in tokens.
    pub sys_len: usize,
    /// Total effective reference length in tokens.
    pub ref_len: usize,
    /// sacreBLEU's signature of the options.
    pub signature: String,
    /// How many orders the geometric mean averaged over (4, or fewer with effective order;
    /// 0 when nothing matched and the score is 0 by sacreBLEU's early exit).
    pub orders_used: usize,
    /// Per-segment statistics, in input order.
    pub segments: Vec<SegmentStats>,
    /// Each segment's own BLEU under the same options.
    pub segment_scores: Vec<f64>,
}

impl Bleu {
    /// `sys_len / ref_len` (0 when the reference is empty), as sacreBLEU's `ratio`.
    pub fn ratio(&self) -> f64 {
        if self.ref_len == 0 {
            0.0
        } else {
            self.sys_len as f64 / self.ref_len as f64
        }
    }
}

/// The final score from summed statistics: sacreBLEU's `BLEU.compute_bleu`.
struct Computed {
    score: f64,
    precisions: [f64; MAX_NGRAM_ORDER],
    counts: [f64; MAX_NGRAM_ORDER],
    totals: [f64; MAX_NGRAM_ORDER],
    bp: f64,
    orders_used: usize,
}

/// sacreBLEU's `my_log`: ln, floored at −9999999999 for 0.
fn floored_ln(value: f64) -> f64 {
    if value == 0.0 {
        -9_999_999_999.0
    } else {
        value.ln()
    }
}

fn compute(
    correct: [u64; MAX_NGRAM_ORDER],
    total: [u64; MAX_NGRAM_ORDER],
    sys_len: usize,
    ref_len: usize,
    options: &BleuOptions,
) -> Computed {
    let mut counts = correct.map(|c| c as f64);
    let mut totals = total.map(|t| t as f64);
    let bp = if sys_len < ref_len {
        if sys_len > 0 {
            (1.0 - ref_len as f64 / sys_len as f64).exp()
        } else {
            0.0
        }
    } else {
        1.0
    };
    let mut precisions = [0.0; MAX_NGRAM_ORDER];
    if correct.iter().all(|&c| c == 0) {
        return Computed {
            score: 0.0,
            precisions,
            counts,
            totals,
            bp,
            orders_used: 0,
        };
    }
    let smooth_value = options.effective_smooth_value().unwrap_or(0.0);
    let mut smooth_mteval = 1.0;
    let mut orders_used = MAX_NGRAM_ORDER;
    for n in 1..=MAX_NGRAM_ORDER {
        let i = n - 1;
        if options.smooth_method == SmoothMethod::AddK && n > 1 {
            counts[i] += smooth_value;
            totals[i] += smooth_value;
        }
        if totals[i] == 0.0 {
            break;
        }
        if options.effective_order {
            orders_used = n;
        }
        if counts[i] == 0.0 {
            match options.smooth_method {
                SmoothMethod::Exp => {
                    smooth_mteval *= 2.0;
                    precisions[i] = 100.0 / (smooth_mteval * totals[i]);
                }
                SmoothMethod::Floor => precisions[i] = 100.0 * smooth_value / totals[i],
                SmoothMethod::None | SmoothMethod::AddK => {}
            }
        } else {
            precisions[i] = 100.0 * counts[i] / totals[i];
        }
    }
    let log_sum = precisions[..orders_used]
        .iter()
        .fold(0.0, |sum, &p| sum + floored_ln(p));
    Computed {
        score: bp * (log_sum / orders_used as f64).exp(),
        precisions,
        counts,
        totals,
        bp,
        orders_used,
    }
}

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

fn segment_stats(
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

fn score_segments(
    segments: Vec<SegmentStats>,
    nrefs: Option<usize>,
    options: &BleuOptions,
) -> Bleu {
    let mut correct = [0; MAX_NGRAM_ORDER];
    let mut total = [0; MAX_NGRAM_ORDER];
    let (mut sys_len, mut ref_len) = (0, 0);
    for segment in &segments {
        for n in 0..MAX_NGRAM_ORDER {
            correct[n] += segment.correct[n];
            total[n] += segment.total[n];
        }
        sys_len += segment.sys_len;
        ref_len += segment.ref_len;
    }
    let segment_scores = segments
        .iter()
        .map(|s| compute(s.correct, s.total, s.sys_len, s.ref_len, options).score)
        .collect();
    let computed = compute(correct, total, sys_len, ref_len, options);
    Bleu {
        score: computed.score,
        precisions: computed.precisions,
        counts: computed.counts,
        totals: computed.totals,
        bp: computed.bp,
        sys_len,
        ref_len,
        signature: options.signature(nrefs),
        orders_used: computed.orders_used,
        segments,
        segment_scores,
    }
}

/// Sentence BLEU of one hypothesis against one or more references (sacreBLEU's
/// `BLEU.sentence_score`; use [`BleuOptions::sentence`] for `sacrebleu.sentence_bleu`'s defaults).
pub fn sentence_bleu(hyp: &str, refs: &[&str], options: &BleuOptions) -> Result<Bleu, Error> {
    options.validate()?;
    if refs.is_empty() {
        return Err(Error::Empty("the list of references"));
    }
    let segment = segment_stats(hyp, refs, options, true);
    Ok(score_segments(vec![segment], Some(refs.len()), options))
}

/// Corpus BLEU: `hyps[i]` is scored against `refs[j][i]` for every reference stream `j`
/// (sacreBLEU's `BLEU.corpus_score`). Statistics are summed over segments, then scored.
pub fn corpus_bleu<S: AsRef<str>, R: AsRef<str>>(
    hyps: &[S],
    refs: &[Vec<R>],
    options: &BleuOptions,
) -> Result<Bleu, Error> {
    options.validate()?;
    if refs.is_empty() {
        return Err(Error::Empty("the list of reference streams"));
    }
    if hyps.is_empty() {
        return Err(Error::Empty("the list of hypotheses"));
    }
    for (index, stream) in refs.iter().enumerate() {
        if stream.len() != hyps.len() {
            return Err(Error::Mismatch(format!(
                "reference stream {} has {} lines but there are {} hypotheses",
                index + 1,
                stream.len(),
                hyps.len()
            )));
        }
    }
    let segments = hyps
        .iter()
        .enumerate()
        .map(|(i, hyp)| {
            let segment_refs: Vec<&str> = refs.iter().map(|stream| stream[i].as_ref()).collect();
            segment_stats(hyp.as_ref(), &segment_refs, options, false)
        })
        .collect();
    Ok(score_segments(segments, Some(refs.len()), options))
}

/// One segment's statistics *with* its n-gram table: what [`corpus_bleu`] leaves out, for the
/// segment a reader is looking at.
pub fn segment_detail(
    hyp: &str,
    refs: &[&str],
    options: &BleuOptions,
) -> Result<SegmentStats, Error> {
    options.validate()?;
    if refs.is_empty() {
        return Err(Error::Empty("the list of references"));
    }
    Ok(segment_stats(hyp, refs, options, true))
}

/// The BLEU of one segment's counted statistics under other scoring options (smoothing and
/// effective order; the tokenizer and case options are already baked into the counts), e.g. to
/// show what the same sentence scores without smoothing.
pub fn rescore(stats: &SegmentStats, options: &BleuOptions) -> Result<f64, Error> {
    options.validate()?;
    Ok(compute(
        stats.correct,
        stats.total,
        stats.sys_len,
        stats.ref_len,
        options,
    )
    .score)
}
