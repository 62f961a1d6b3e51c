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

mod counts;
mod options;
mod score;

pub use options::{BleuOptions, SmoothMethod};

use counts::segment_stats;
use score::compute;

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
    let refs: Vec<Vec<Option<&str>>> = refs
        .iter()
        .map(|stream| stream.iter().map(|r| Some(r.as_ref())).collect())
        .collect();
    corpus_bleu_variable(hyps, &refs, options)
}

/// Corpus BLEU where a reference stream may have no reference for some segments: `refs[j][i]`
/// is `None` when stream `j` has none for `hyps[i]` (sacreBLEU's `None` entries). A `None` is
/// left out of that segment's references, while `Some("")` is a reference of length 0, as in
/// sacreBLEU. When the segments have different numbers of references the signature says
/// `nrefs:var`. A segment with no reference at all is refused (sacreBLEU raises a `TypeError`).
pub fn corpus_bleu_variable<S: AsRef<str>, R: AsRef<str>>(
    hyps: &[S],
    refs: &[Vec<Option<R>>],
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
    let mut counts = Vec::with_capacity(hyps.len());
    let mut segments = Vec::with_capacity(hyps.len());
    for (i, hyp) in hyps.iter().enumerate() {
        let segment_refs = references_of(refs, i);
        if segment_refs.is_empty() {
            return Err(Error::Mismatch(format!(
                "segment {} has no reference in any stream",
                i + 1
            )));
        }
        counts.push(segment_refs.len());
        segments.push(segment_stats(hyp.as_ref(), &segment_refs, options, false));
    }
    let nrefs = counts.iter().all(|&n| n == counts[0]).then(|| counts[0]);
    Ok(score_segments(segments, nrefs, options))
}

/// The references of segment `i`: `refs[j][i]` of every stream that has one, in stream order.
pub fn references_of<R: AsRef<str>>(refs: &[Vec<Option<R>>], i: usize) -> Vec<&str> {
    refs.iter()
        .filter_map(|stream| stream.get(i)?.as_ref().map(AsRef::as_ref))
        .collect()
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
