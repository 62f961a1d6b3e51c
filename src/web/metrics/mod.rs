//! Precision/recall, information measures and n-gram perplexity for JavaScript.

mod bleu;

pub use bleu::{corpus_bleu, sentence_bleu, BleuOptions, BleuScore, NgramTable};

use ndarray::Array2;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::engine::metrics::{
    self, CharNgramModel as Model, Comparison, Distribution, LogBase, MutualInformation,
    OverlapLevel, Perplexity, Smoothing,
};
use crate::render::{
    distribution_plot_area, draw_distributions, draw_joint_heatmap, draw_surprisal, Theme,
};
use crate::web::canvas::draw_on;
use crate::web::js_error;

/// The unit of an information measure.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InformationUnit {
    /// Logarithms to base 2.
    Bits = "bits",
    /// Natural logarithms.
    Nats = "nats",
}

/// The engine's base for `unit`.
fn unit(unit: InformationUnit) -> Result<LogBase, JsError> {
    match unit {
        InformationUnit::Bits => Ok(LogBase::Bits),
        InformationUnit::Nats => Ok(LogBase::Nats),
        _ => Err(JsError::new("unit must be \"bits\" or \"nats\"")),
    }
}

/// What precision and recall count.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverlapUnit {
    /// Characters, whitespace ignored.
    Char = "char",
    /// Whitespace-separated words.
    Token = "token",
}

/// How the character n-gram model smooths its counts.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NgramSmoothing {
    /// Add k to every count.
    AddK = "add-k",
    /// Witten–Bell interpolation with the lower orders.
    WittenBell = "witten-bell",
}

/// A likely next symbol and its probability.
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone, PartialEq)]
pub struct NextSymbol {
    /// The symbol (`<unk>` for an unknown character).
    pub symbol: String,
    /// Its probability after the history.
    pub probability: f64,
}

/// A rectangle in canvas pixels.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlotRect {
    /// Left edge.
    pub left: f64,
    /// Top edge.
    pub top: f64,
    /// Right edge.
    pub right: f64,
    /// Bottom edge.
    pub bottom: f64,
}

fn distribution(name: &str, values: &[f64]) -> Result<Distribution, JsError> {
    Distribution::new(values).map_err(|e| JsError::new(&format!("{name}: {e}")))
}

/// Multiset overlap of a prediction with the truth: precision, recall, F1 and every item.
#[wasm_bindgen(getter_with_clone)]
pub struct OverlapScore {
    /// `Σ min(count in prediction, count in truth)`.
    pub overlap: usize,
    /// Items in the prediction.
    #[wasm_bindgen(js_name = predLen)]
    pub pred_len: usize,
    /// Items in the truth.
    #[wasm_bindgen(js_name = truthLen)]
    pub truth_len: usize,
    /// `overlap / predLen` (undefined when the prediction is empty).
    pub precision: Option<f64>,
    /// `overlap / truthLen` (undefined when the truth is empty).
    pub recall: Option<f64>,
    /// `2·overlap / (predLen + truthLen)` (undefined when both are empty).
    pub f1: Option<f64>,
    /// Each distinct item, truth's first, then prediction-only ones.
    pub items: Vec<String>,
    /// How often each item occurs in the truth.
    #[wasm_bindgen(js_name = truthCounts)]
    pub truth_counts: Vec<u32>,
    /// How often each item occurs in the prediction.
    #[wasm_bindgen(js_name = predCounts)]
    pub pred_counts: Vec<u32>,
    /// `min` of the two counts.
    pub matched: Vec<u32>,
    /// The truth's items in order, as indices into `items`.
    #[wasm_bindgen(js_name = truthSequence)]
    pub truth_sequence: Vec<u32>,
    /// The prediction's items in order, as indices into `items`.
    #[wasm_bindgen(js_name = predSequence)]
    pub pred_sequence: Vec<u32>,
}

/// Precision, recall and F1 of `prediction` against `truth` at `"char"` level (characters,
/// whitespace ignored) or `"token"` level (whitespace-separated words).
#[wasm_bindgen]
pub fn overlap(truth: &str, prediction: &str, level: OverlapUnit) -> Result<OverlapScore, JsError> {
    let level = match level {
        OverlapUnit::Char => OverlapLevel::Char,
        OverlapUnit::Token => OverlapLevel::Token,
        _ => return Err(JsError::new("overlap level must be char or token")),
    };
    let o = metrics::overlap(truth, prediction, level);
    let index: std::collections::HashMap<&str, u32> = o
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.text.as_str(), i as u32))
        .collect();
    let sequence = |text: &str| -> Vec<u32> {
        level
            .items(text)
            .iter()
            .filter_map(|item| index.get(item.as_str()).copied())
            .collect()
    };
    let (truth_sequence, pred_sequence) = (sequence(truth), sequence(prediction));
    Ok(OverlapScore {
        overlap: o.overlap,
        pred_len: o.pred_len,
        truth_len: o.truth_len,
        precision: o.precision,
        recall: o.recall,
        f1: o.f1,
        items: o.items.iter().map(|i| i.text.clone()).collect(),
        truth_counts: o.items.iter().map(|i| i.truth_count as u32).collect(),
        pred_counts: o.items.iter().map(|i| i.pred_count as u32).collect(),
        matched: o.items.iter().map(|i| i.matched as u32).collect(),
        truth_sequence,
        pred_sequence,
    })
}

/// Entropy `H(p)` in `"bits"` or `"nats"` (`p` is normalised first).
#[wasm_bindgen]
pub fn entropy(p: &[f64], unit_name: InformationUnit) -> Result<f64, JsError> {
    Ok(metrics::entropy(&distribution("p", p)?, unit(unit_name)?))
}

/// Cross entropy `H(p, q)`; `Infinity` where some `q_i = 0 < p_i`.
#[wasm_bindgen(js_name = crossEntropy)]
pub fn cross_entropy(p: &[f64], q: &[f64], unit_name: InformationUnit) -> Result<f64, JsError> {
    Ok(compare_inner(p, q, unit_name)?.cross_entropy_pq)
}

/// `KL(p‖q)`; `Infinity` where some `q_i = 0 < p_i`.
#[wasm_bindgen(js_name = klDivergence)]
pub fn kl_divergence(p: &[f64], q: &[f64], unit_name: InformationUnit) -> Result<f64, JsError> {
    Ok(compare_inner(p, q, unit_name)?.kl_pq)
}

fn compare_inner(p: &[f64], q: &[f64], unit_name: InformationUnit) -> Result<Comparison, JsError> {
    let (p, q) = (distribution("p", p)?, distribution("q", q)?);
    metrics::compare(&p, &q, unit(unit_name)?).map_err(js_error)
}

/// Two distributions compared every way: entropies, cross entropies, KL both ways.
#[wasm_bindgen]
pub struct DistributionComparison {
    p: Distribution,
    q: Distribution,
    inner: Comparison,
}

/// Compares `p` and `q` (same length, entries ≥ 0, normalised first) in `"bits"` or `"nats"`.
#[wasm_bindgen(js_name = compareDistributions)]
pub fn compare_distributions(
    p: &[f64],
    q: &[f64],
    unit_name: InformationUnit,
) -> Result<DistributionComparison, JsError> {
    let (pd, qd) = (distribution("p", p)?, distribution("q", q)?);
    let inner = metrics::compare(&pd, &qd, unit(unit_name)?).map_err(js_error)?;
    Ok(DistributionComparison {
        p: pd,
        q: qd,
        inner,
    })
}

#[wasm_bindgen]
impl DistributionComparison {
    /// `H(p)`.
    #[wasm_bindgen(getter, js_name = entropyP)]
    pub fn entropy_p(&self) -> f64 {
        self.inner.entropy_p
    }
    /// `H(q)`.
    #[wasm_bindgen(getter, js_name = entropyQ)]
    pub fn entropy_q(&self) -> f64 {
        self.inner.entropy_q
    }
    /// `H(p, q)`.
    #[wasm_bindgen(getter, js_name = crossEntropyPQ)]
    pub fn cross_entropy_pq(&self) -> f64 {
        self.inner.cross_entropy_pq
    }
    /// `H(q, p)`.
    #[wasm_bindgen(getter, js_name = crossEntropyQP)]
    pub fn cross_entropy_qp(&self) -> f64 {
        self.inner.cross_entropy_qp
    }
    /// `KL(p‖q)`.
    #[wasm_bindgen(getter, js_name = klPQ)]
    pub fn kl_pq(&self) -> f64 {
        self.inner.kl_pq
    }
    /// `KL(q‖p)`.
    #[wasm_bindgen(getter, js_name = klQP)]
    pub fn kl_qp(&self) -> f64 {
        self.inner.kl_qp
    }
    /// The terms `p_i log(p_i/q_i)` of `KL(p‖q)`.
    #[wasm_bindgen(getter, js_name = klPQTerms)]
    pub fn kl_pq_terms(&self) -> Vec<f64> {
        self.inner.kl_pq_terms.to_vec()
    }
    /// The first index (from 0) where `q = 0 < p` (why `KL(p‖q)` is infinite), if any.
    #[wasm_bindgen(getter, js_name = gapPQ)]
    pub fn gap_pq(&self) -> Option<usize> {
        self.inner.gap_pq
    }
    /// The first index (from 0) where `p = 0 < q`, if any.
    #[wasm_bindgen(getter, js_name = gapQP)]
    pub fn gap_qp(&self) -> Option<usize> {
        self.inner.gap_qp
    }
    /// `p` normalised.
    #[wasm_bindgen(getter)]
    pub fn p(&self) -> Vec<f64> {
        self.p.probabilities().to_vec()
    }
    /// `q` normalised.
    #[wasm_bindgen(getter)]
    pub fn q(&self) -> Vec<f64> {
        self.q.probabilities().to_vec()
    }
    /// The sum of `p` as given (1 when already normalised).
    #[wasm_bindgen(getter, js_name = pSum)]
    pub fn p_sum(&self) -> f64 {
        self.p.given_sum()
    }
    /// The sum of `q` as given.
    #[wasm_bindgen(getter, js_name = qSum)]
    pub fn q_sum(&self) -> f64 {
        self.q.given_sum()
    }
    /// Draws `p` and `q` as grouped bars on `canvas`.
    pub fn draw(&self, canvas: HtmlCanvasElement, pixel_ratio: f64) -> Result<(), JsError> {
        let (p, q) = (self.p.probabilities(), self.q.probabilities());
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_distributions(area, &p.to_vec(), &q.to_vec(), theme)
        })
    }
    /// The bars' plotting rectangle in canvas pixels, for a canvas of `width × height`
    /// pixels: the y range 0..1 and x range 0..n map onto it.
    #[wasm_bindgen(js_name = plotArea)]
    pub fn plot_area(width: u32, height: u32, pixel_ratio: f64) -> PlotRect {
        let [left, top, right, bottom] =
            distribution_plot_area(width, height, &Theme::light(pixel_ratio));
        PlotRect {
            left,
            top,
            right,
            bottom,
        }
    }
}

/// Mutual information of a joint table and the entropies around it.
#[wasm_bindgen]
pub struct MutualInformationResult {
    inner: MutualInformation,
}

/// `I(X;Y)` of a `rows × cols` joint table given row by row in `joint` (entries ≥ 0,
/// normalised first), in `"bits"` or `"nats"`.
#[wasm_bindgen(js_name = mutualInformation)]
pub fn mutual_information(
    joint: Vec<f64>,
    rows: usize,
    cols: usize,
    unit_name: InformationUnit,
) -> Result<MutualInformationResult, JsError> {
    if rows == 0 || cols == 0 || rows * cols != joint.len() {
        return Err(JsError::new(&format!(
            "the joint table has {} entries, which is not {rows} rows × {cols} columns",
            joint.len()
        )));
    }
    let table = Array2::from_shape_vec((rows, cols), joint)
        .map_err(|e| JsError::new(&format!("the joint table has the wrong shape: {e}")))?;
    let inner = metrics::mutual_information(&table, unit(unit_name)?).map_err(js_error)?;
    Ok(MutualInformationResult { inner })
}

#[wasm_bindgen]
impl MutualInformationResult {
    /// `I(X;Y) = KL(p(x,y) ‖ p(x)p(y))`.
    #[wasm_bindgen(getter)]
    pub fn mi(&self) -> f64 {
        self.inner.mi
    }
    /// `H(X)`.
    #[wasm_bindgen(getter, js_name = hX)]
    pub fn h_x(&self) -> f64 {
        self.inner.h_x
    }
    /// `H(Y)`.
    #[wasm_bindgen(getter, js_name = hY)]
    pub fn h_y(&self) -> f64 {
        self.inner.h_y
    }
    /// `H(X,Y)`.
    #[wasm_bindgen(getter, js_name = hXY)]
    pub fn h_xy(&self) -> f64 {
        self.inner.h_xy
    }
    /// `H(X|Y)`.
    #[wasm_bindgen(getter, js_name = hXGivenY)]
    pub fn h_x_given_y(&self) -> f64 {
        self.inner.h_x_given_y
    }
    /// `H(Y|X)`.
    #[wasm_bindgen(getter, js_name = hYGivenX)]
    pub fn h_y_given_x(&self) -> f64 {
        self.inner.h_y_given_x
    }
    /// The normalised joint, row by row.
    #[wasm_bindgen(getter)]
    pub fn joint(&self) -> Vec<f64> {
        self.inner.joint.iter().copied().collect()
    }
    /// `p(x)`, the row sums.
    #[wasm_bindgen(getter, js_name = pX)]
    pub fn p_x(&self) -> Vec<f64> {
        self.inner.p_x.to_vec()
    }
    /// `p(y)`, the column sums.
    #[wasm_bindgen(getter, js_name = pY)]
    pub fn p_y(&self) -> Vec<f64> {
        self.inner.p_y.to_vec()
    }
    /// Draws the joint table as a heat map with its marginals.
    pub fn draw(&self, canvas: HtmlCanvasElement, pixel_ratio: f64) -> Result<(), JsError> {
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_joint_heatmap(area, &self.inner, theme)
        })
    }
}

/// The joint table of independent `X ~ pX`, `Y ~ pY` (`p(x,y) = p(x)p(y)`), row by row.
#[wasm_bindgen(js_name = independentJoint)]
pub fn independent_joint(p_x: &[f64], p_y: &[f64]) -> Result<Vec<f64>, JsError> {
    let (px, py) = (distribution("p(x)", p_x)?, distribution("p(y)", p_y)?);
    Ok(metrics::independent_joint(&px, &py)
        .iter()
        .copied()
        .collect())
}

/// The joint table of `Y = X` with `X ~ p` (diagonal), row by row.
#[wasm_bindgen(js_name = identicalJoint)]
pub fn identical_joint(p: &[f64]) -> Result<Vec<f64>, JsError> {
    Ok(metrics::identical_joint(&distribution("p", p)?)
        .iter()
        .copied()
        .collect())
}

/// A smoothed character n-gram language model trained on a text.
#[wasm_bindgen]
pub struct CharNgramModel {
    inner: Model,
}

#[wasm_bindgen]
impl CharNgramModel {
    /// Trains an order-`order` model (1..6) on `text` with `"add-k"` (parameter `k > 0`) or
    /// `"witten-bell"` smoothing.
    #[wasm_bindgen(constructor)]
    pub fn new(
        text: &str,
        order: usize,
        smoothing: NgramSmoothing,
        k: f64,
    ) -> Result<CharNgramModel, JsError> {
        let smoothing = match smoothing {
            NgramSmoothing::AddK => Smoothing::AddK(k),
            NgramSmoothing::WittenBell => Smoothing::WittenBell,
            _ => {
                return Err(JsError::new(
                    "smoothing must be \"add-k\" or \"witten-bell\"",
                ))
            }
        };
        let inner = Model::train(text, order, smoothing).map_err(js_error)?;
        Ok(CharNgramModel { inner })
    }

    /// `|V|`: distinct training characters plus the unknown symbol.
    #[wasm_bindgen(getter, js_name = vocabSize)]
    pub fn vocab_size(&self) -> usize {
        self.inner.vocab_size()
    }

    /// Per-character surprisal, cross entropy (bits/char) and perplexity of `text`.
    pub fn score(&self, text: &str) -> Result<PerplexityResult, JsError> {
        Ok(PerplexityResult {
            inner: self.inner.score(text).map_err(js_error)?,
        })
    }

    /// The `k` most likely next symbols after `history`, most likely first.
    #[wasm_bindgen(js_name = topNext)]
    pub fn top_next(&self, history: &str, k: usize) -> Vec<NextSymbol> {
        let chars: Vec<char> = history.chars().collect();
        self.inner
            .top_next(&chars, k)
            .into_iter()
            .map(|(symbol, probability)| NextSymbol {
                symbol,
                probability,
            })
            .collect()
    }
}

/// How surprising each character of a text is under a model.
#[wasm_bindgen]
pub struct PerplexityResult {
    inner: Perplexity,
}

#[wasm_bindgen]
impl PerplexityResult {
    /// The characters scored.
    #[wasm_bindgen(getter)]
    pub fn chars(&self) -> Vec<String> {
        self.inner.chars.iter().map(char::to_string).collect()
    }
    /// 1 where the character was not in the training text (scored as unknown).
    #[wasm_bindgen(getter)]
    pub fn unknown(&self) -> Vec<u8> {
        self.inner.unknown.iter().map(|&u| u8::from(u)).collect()
    }
    /// `P(x_i | history)`.
    #[wasm_bindgen(getter)]
    pub fn probabilities(&self) -> Vec<f64> {
        self.inner.probabilities.clone()
    }
    /// `−log₂ P(x_i | history)` in bits.
    #[wasm_bindgen(getter)]
    pub fn surprisal(&self) -> Vec<f64> {
        self.inner.surprisal_bits.clone()
    }
    /// Cross entropy `H` in bits per character.
    #[wasm_bindgen(getter, js_name = crossEntropyBits)]
    pub fn cross_entropy_bits(&self) -> f64 {
        self.inner.cross_entropy_bits
    }
    /// Perplexity `2^H` per character.
    #[wasm_bindgen(getter)]
    pub fn perplexity(&self) -> f64 {
        self.inner.perplexity
    }
    /// `Σ log₂ P(x_i | history)`.
    #[wasm_bindgen(getter, js_name = log2ProbSum)]
    pub fn log2_prob_sum(&self) -> f64 {
        self.inner.log2_prob_sum
    }
    /// Draws the surprisal bars with the mean `H`.
    pub fn draw(&self, canvas: HtmlCanvasElement, pixel_ratio: f64) -> Result<(), JsError> {
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_surprisal(area, &self.inner, theme)
        })
    }
}
