//! Entropy, cross entropy, KL divergence and mutual information, for JavaScript.

use ndarray::Array2;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::engine::metrics::{self, Comparison, Distribution, LogBase, MutualInformation};
use crate::render::{distribution_plot_area, draw_distributions, draw_joint_heatmap, Theme};
use crate::web::canvas::draw_on;
use crate::web::choice::choice;
use crate::web::js_error;

choice! {
    #[doc = " The unit of an information measure."]
    #[wasm_bindgen]
    pub enum InformationUnit("unit") => LogBase {
        /// Logarithms to base 2.
        Bits = "bits" => LogBase::Bits,
        /// Natural logarithms.
        Nats = "nats" => LogBase::Nats,
    }
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

/// Entropy `H(p)` in `"bits"` or `"nats"` (`p` is normalised first).
#[wasm_bindgen]
pub fn entropy(p: &[f64], unit_name: InformationUnit) -> Result<f64, JsError> {
    Ok(metrics::entropy(&distribution("p", p)?, unit_name.value()?))
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
    metrics::compare(&p, &q, unit_name.value()?).map_err(js_error)
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
    let inner = metrics::compare(&pd, &qd, unit_name.value()?).map_err(js_error)?;
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
    let inner = metrics::mutual_information(&table, unit_name.value()?).map_err(js_error)?;
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
