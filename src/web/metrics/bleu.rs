//! BLEU for JavaScript: `sentenceBleu`, `corpusBleu`, their options and result.

use std::cell::RefCell;

use js_sys::Array;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::engine::metrics::{self, Bleu, SegmentStats, SmoothMethod, Tokenize};
use crate::render::draw_bleu_buildup;
use crate::web::canvas::draw_on;
use crate::web::js_error;

/// BLEU options, as in sacreBLEU. `new BleuOptions()` has `sacrebleu.sentence_bleu`'s
/// defaults (effective order on); set `effectiveOrder = false` for `corpus_bleu`'s.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct BleuOptions {
    tokenize: String,
    smooth_method: String,
    /// The value for `floor` (default 0.1) and `add-k` (default 1); `undefined` for the default.
    #[wasm_bindgen(js_name = smoothValue)]
    pub smooth_value: Option<f64>,
    /// Lowercase everything before tokenizing.
    pub lowercase: bool,
    /// Average only over the n-gram orders the hypothesis has.
    #[wasm_bindgen(js_name = effectiveOrder)]
    pub effective_order: bool,
}

#[wasm_bindgen]
impl BleuOptions {
    /// Options with sentence BLEU's defaults: `13a`, `exp`, mixed case, effective order.
    #[wasm_bindgen(constructor)]
    pub fn new() -> BleuOptions {
        BleuOptions {
            tokenize: "13a".to_string(),
            smooth_method: "exp".to_string(),
            smooth_value: None,
            lowercase: false,
            effective_order: true,
        }
    }

    /// The tokenizer: `13a`, `none`, `char` or `intl`.
    #[wasm_bindgen(getter)]
    pub fn tokenize(&self) -> String {
        self.tokenize.clone()
    }

    /// Sets the tokenizer (checked when scoring).
    #[wasm_bindgen(setter)]
    pub fn set_tokenize(&mut self, name: String) {
        self.tokenize = name;
    }

    /// The smoothing method: `exp`, `none`, `floor` or `add-k`.
    #[wasm_bindgen(getter, js_name = smoothMethod)]
    pub fn smooth_method(&self) -> String {
        self.smooth_method.clone()
    }

    /// Sets the smoothing method (checked when scoring).
    #[wasm_bindgen(setter, js_name = smoothMethod)]
    pub fn set_smooth_method(&mut self, name: String) {
        self.smooth_method = name;
    }
}

impl Default for BleuOptions {
    fn default() -> Self {
        BleuOptions::new()
    }
}

impl BleuOptions {
    fn to_engine(&self) -> Result<metrics::BleuOptions, JsError> {
        Ok(metrics::BleuOptions {
            tokenize: self.tokenize.parse::<Tokenize>().map_err(js_error)?,
            smooth_method: self
                .smooth_method
                .parse::<SmoothMethod>()
                .map_err(js_error)?,
            smooth_value: self.smooth_value,
            lowercase: self.lowercase,
            effective_order: self.effective_order,
        })
    }
}

/// A BLEU score with sacreBLEU's fields and the per-segment statistics behind it.
#[wasm_bindgen]
pub struct BleuScore {
    inner: Bleu,
    /// For corpus scores: the inputs, so one segment's n-gram table can be built on demand.
    corpus: Option<CorpusInputs>,
    /// The last segment whose table was built.
    detail: RefCell<Option<(usize, SegmentStats)>>,
    /// Whether the score used effective order (kept for rescoring).
    effective_order: bool,
}

struct CorpusInputs {
    hyps: Vec<String>,
    /// `refs[j][i]`: stream `j`'s reference for segment `i`, `None` where it has none.
    refs: Vec<Vec<Option<String>>>,
    options: metrics::BleuOptions,
}

/// The n-gram table of one segment: parallel arrays, one entry per distinct hypothesis n-gram.
#[wasm_bindgen(getter_with_clone)]
pub struct NgramTable {
    /// The n-gram order (1..4) of each row.
    pub orders: Vec<u8>,
    /// The n-gram's tokens joined by spaces.
    pub texts: Vec<String>,
    /// Its count in the hypothesis.
    pub counts: Vec<u32>,
    /// Its largest count in any one reference.
    #[wasm_bindgen(js_name = maxRefCounts)]
    pub max_ref_counts: Vec<u32>,
    /// `min(count, maxRefCount)`.
    pub clipped: Vec<u32>,
    /// True when the hypothesis was too long for a table (counts are still exact).
    pub omitted: bool,
}

#[wasm_bindgen]
impl BleuScore {
    /// BLEU, 0..100.
    #[wasm_bindgen(getter)]
    pub fn score(&self) -> f64 {
        self.inner.score
    }
    /// The four modified n-gram precisions in percent.
    #[wasm_bindgen(getter)]
    pub fn precisions(&self) -> Vec<f64> {
        self.inner.precisions.to_vec()
    }
    /// Matched (clipped) n-grams per order.
    #[wasm_bindgen(getter)]
    pub fn counts(&self) -> Vec<f64> {
        self.inner.counts.to_vec()
    }
    /// Hypothesis n-grams per order.
    #[wasm_bindgen(getter)]
    pub fn totals(&self) -> Vec<f64> {
        self.inner.totals.to_vec()
    }
    /// The brevity penalty.
    #[wasm_bindgen(getter)]
    pub fn bp(&self) -> f64 {
        self.inner.bp
    }
    /// `sysLen / refLen`.
    #[wasm_bindgen(getter)]
    pub fn ratio(&self) -> f64 {
        self.inner.ratio()
    }
    /// Hypothesis length in tokens.
    #[wasm_bindgen(getter, js_name = sysLen)]
    pub fn sys_len(&self) -> usize {
        self.inner.sys_len
    }
    /// Effective reference length in tokens.
    #[wasm_bindgen(getter, js_name = refLen)]
    pub fn ref_len(&self) -> usize {
        self.inner.ref_len
    }
    /// sacreBLEU's signature of the options.
    #[wasm_bindgen(getter)]
    pub fn signature(&self) -> String {
        self.inner.signature.clone()
    }
    /// How many orders the geometric mean used (0 when nothing matched).
    #[wasm_bindgen(getter, js_name = ordersUsed)]
    pub fn orders_used(&self) -> usize {
        self.inner.orders_used
    }
    /// How many segments were scored.
    #[wasm_bindgen(getter, js_name = segmentCount)]
    pub fn segment_count(&self) -> usize {
        self.inner.segments.len()
    }
    /// Each segment's own BLEU under the same options.
    #[wasm_bindgen(getter, js_name = segmentScores)]
    pub fn segment_scores(&self) -> Vec<f64> {
        self.inner.segment_scores.clone()
    }
    /// The tokens of hypothesis `segment` after preprocessing.
    #[wasm_bindgen(js_name = segmentTokens)]
    pub fn segment_tokens(&self, segment: usize) -> Result<Vec<String>, JsError> {
        Ok(self.segment(segment)?.hyp_tokens.clone())
    }
    /// `[sysLen, refLen, correct1..4, total1..4]` of segment `segment`.
    #[wasm_bindgen(js_name = segmentStats)]
    pub fn segment_stats(&self, segment: usize) -> Result<Vec<f64>, JsError> {
        let s = self.segment(segment)?;
        let mut stats = vec![s.sys_len as f64, s.ref_len as f64];
        stats.extend(s.correct.iter().map(|&c| c as f64));
        stats.extend(s.total.iter().map(|&t| t as f64));
        Ok(stats)
    }
    /// The token length of each reference of segment `segment`.
    #[wasm_bindgen(js_name = segmentRefLens)]
    pub fn segment_ref_lens(&self, segment: usize) -> Result<Vec<u32>, JsError> {
        Ok(self
            .segment(segment)?
            .ref_lens
            .iter()
            .map(|&l| l as u32)
            .collect())
    }
    /// The n-gram table of segment `segment`.
    #[wasm_bindgen(js_name = ngramTable)]
    pub fn ngram_table(&self, segment: usize) -> Result<NgramTable, JsError> {
        self.with_detail(segment, |s| NgramTable {
            orders: s.ngrams.iter().map(|r| r.order as u8).collect(),
            texts: s.ngrams.iter().map(|r| r.text.clone()).collect(),
            counts: s.ngrams.iter().map(|r| r.count as u32).collect(),
            max_ref_counts: s.ngrams.iter().map(|r| r.max_ref_count as u32).collect(),
            clipped: s.ngrams.iter().map(|r| r.clipped as u32).collect(),
            omitted: s.table_omitted,
        })
    }
    /// For each token of segment `segment`, the largest order of a matched (clipped) n-gram
    /// covering it: 0 for none, 1..4 otherwise. The first `clipped` occurrences count.
    #[wasm_bindgen(js_name = matchedOrders)]
    pub fn matched_orders(&self, segment: usize) -> Result<Vec<u8>, JsError> {
        self.with_detail(segment, |s| {
            let mut best = vec![0u8; s.hyp_tokens.len()];
            for row in &s.ngrams {
                for &start in row.positions.iter().take(row.clipped as usize) {
                    for slot in &mut best[start..start + row.order] {
                        *slot = (*slot).max(row.order as u8);
                    }
                }
            }
            best
        })
    }
    /// The BLEU of segment `segment` with another smoothing method (`exp`, `none`, `floor`,
    /// `add-k`, default values), everything else as scored.
    #[wasm_bindgen(js_name = segmentScoreWith)]
    pub fn segment_score_with(&self, segment: usize, smooth_method: &str) -> Result<f64, JsError> {
        let options = metrics::BleuOptions {
            smooth_method: smooth_method.parse().map_err(js_error)?,
            smooth_value: None,
            effective_order: self.effective_order,
            ..metrics::BleuOptions::default()
        };
        metrics::rescore(self.segment(segment)?, &options).map_err(js_error)
    }
    /// Draws how the score is built (precisions, mean, BP, BLEU) on `canvas`.
    pub fn draw(&self, canvas: HtmlCanvasElement, pixel_ratio: f64) -> Result<(), JsError> {
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_bleu_buildup(area, &self.inner, theme)
        })
    }
}

impl BleuScore {
    fn new(inner: Bleu, corpus: Option<CorpusInputs>, effective_order: bool) -> BleuScore {
        BleuScore {
            inner,
            corpus,
            detail: RefCell::new(None),
            effective_order,
        }
    }

    /// Runs `read` on segment `segment`'s statistics with its n-gram table (built once for a
    /// corpus segment, then kept until another segment is asked for).
    fn with_detail<T>(
        &self,
        segment: usize,
        read: impl FnOnce(&SegmentStats) -> T,
    ) -> Result<T, JsError> {
        let stats = self.segment(segment)?;
        let Some(corpus) = &self.corpus else {
            return Ok(read(stats));
        };
        let mut cache = self.detail.borrow_mut();
        if cache.as_ref().map(|(i, _)| *i) != Some(segment) {
            let refs = metrics::references_of(&corpus.refs, segment);
            let detail = metrics::segment_detail(&corpus.hyps[segment], &refs, &corpus.options)
                .map_err(js_error)?;
            *cache = Some((segment, detail));
        }
        Ok(read(&cache.as_ref().expect("filled above").1))
    }

    fn segment(&self, segment: usize) -> Result<&SegmentStats, JsError> {
        self.inner.segments.get(segment).ok_or_else(|| {
            JsError::new(&format!(
                "segment {segment} does not exist (there are {})",
                self.inner.segments.len()
            ))
        })
    }
}

/// Sentence BLEU of `hyp` against `refs` (one string per reference), as sacreBLEU computes it.
#[wasm_bindgen(js_name = sentenceBleu)]
pub fn sentence_bleu(
    hyp: &str,
    refs: Vec<String>,
    options: &BleuOptions,
) -> Result<BleuScore, JsError> {
    let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
    let inner = metrics::sentence_bleu(hyp, &refs, &options.to_engine()?).map_err(js_error)?;
    Ok(BleuScore::new(inner, None, options.effective_order))
}

/// Corpus BLEU: `hyps[i]` against `refs[j][i]` for each reference stream `j` (an array of
/// arrays, each as long as `hyps`). An entry may be `null` or `undefined` where a stream has no
/// reference for that segment (sacreBLEU's `None`; `""` is an empty reference, which counts);
/// every segment needs at least one reference.
#[wasm_bindgen(js_name = corpusBleu)]
pub fn corpus_bleu(
    hyps: Vec<String>,
    refs: Array,
    options: &BleuOptions,
) -> Result<BleuScore, JsError> {
    let mut streams = Vec::with_capacity(refs.length() as usize);
    for (j, stream) in refs.iter().enumerate() {
        let stream: Array = stream
            .dyn_into()
            .map_err(|_| JsError::new(&format!("refs[{j}] must be an array of strings")))?;
        let mut lines = Vec::with_capacity(stream.length() as usize);
        for (i, line) in stream.iter().enumerate() {
            if line.is_null() || line.is_undefined() {
                lines.push(None);
                continue;
            }
            lines.push(Some(line.as_string().ok_or_else(|| {
                JsError::new(&format!("refs[{j}][{i}] must be a string or null"))
            })?));
        }
        streams.push(lines);
    }
    let options = options.to_engine()?;
    let inner = metrics::corpus_bleu_variable(&hyps, &streams, &options).map_err(js_error)?;
    let effective_order = options.effective_order;
    let inputs = CorpusInputs {
        hyps,
        refs: streams,
        options,
    };
    Ok(BleuScore::new(inner, Some(inputs), effective_order))
}
