//! CTC for JavaScript: the collapse rule, and a lattice handle over an emission matrix.

use ndarray::Array2;
use wasm_bindgen::prelude::*;

use crate::engine::ctc::{self, CtcOptions, CtcRecord};
use crate::web::js_error;

/// The collapse rule: merge repeated symbols, then drop blanks.
#[wasm_bindgen(js_name = ctcCollapse)]
pub fn ctc_collapse(path: Vec<u32>, blank: u32) -> Vec<u32> {
    let path: Vec<usize> = path.iter().map(|&s| s as usize).collect();
    ctc::collapse(&path, blank as usize)
        .into_iter()
        .map(|s| s as u32)
        .collect()
}

/// The fewest frames that can spell `target` (its length plus one per adjacent repeat).
#[wasm_bindgen(js_name = ctcMinFrames)]
pub fn ctc_min_frames(target: Vec<u32>) -> usize {
    let target: Vec<usize> = target.iter().map(|&s| s as usize).collect();
    ctc::min_frames(&target)
}

/// CTC of one target under one emission matrix: α, β, loss, posteriors, gradient, decoders.
#[wasm_bindgen]
pub struct CtcLattice {
    log_probs: Array2<f64>,
    target: Vec<usize>,
    blank: usize,
    record: CtcRecord,
}

fn to_u32(values: &[usize]) -> Vec<u32> {
    values.iter().map(|&v| v as u32).collect()
}

#[wasm_bindgen]
impl CtcLattice {
    /// `probs` holds `frames × symbols` probabilities row by row (each row is normalised
    /// first); `target` the label indices (never `blank`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        probs: Vec<f64>,
        frames: usize,
        symbols: usize,
        target: Vec<u32>,
        blank: u32,
        zero_infinity: bool,
    ) -> Result<CtcLattice, JsError> {
        let log_probs = ctc::log_emissions(probs, frames, symbols).map_err(js_error)?;
        let target: Vec<usize> = target.iter().map(|&s| s as usize).collect();
        let blank = blank as usize;
        let options = CtcOptions {
            blank,
            zero_infinity,
        };
        let record = ctc::ctc(log_probs.view(), &target, options).map_err(js_error)?;
        Ok(CtcLattice {
            log_probs,
            target,
            blank,
            record,
        })
    }

    /// `−ln p(target | x)` (Infinity when infeasible, 0 with zero-infinity).
    #[wasm_bindgen(getter)]
    pub fn loss(&self) -> f64 {
        self.record.loss
    }

    /// `p(target | x)`.
    #[wasm_bindgen(getter)]
    pub fn probability(&self) -> f64 {
        self.record.probability()
    }

    /// Why no alignment exists, or undefined.
    #[wasm_bindgen(getter)]
    pub fn infeasible(&self) -> Option<String> {
        self.record.infeasible.clone()
    }

    /// The blank-extended target.
    #[wasm_bindgen(getter)]
    pub fn extended(&self) -> Vec<u32> {
        to_u32(&self.record.extended)
    }

    /// `ln α`, `S × T` row by row.
    #[wasm_bindgen(getter, js_name = logAlpha)]
    pub fn log_alpha(&self) -> Vec<f64> {
        self.record.log_alpha.iter().copied().collect()
    }

    /// `ln β` (β includes the emission at t), `S × T` row by row.
    #[wasm_bindgen(getter, js_name = logBeta)]
    pub fn log_beta(&self) -> Vec<f64> {
        self.record.log_beta.iter().copied().collect()
    }

    /// Per-frame posteriors `γ_t(k)`, `T × C` row by row.
    #[wasm_bindgen(getter)]
    pub fn posteriors(&self) -> Vec<f64> {
        self.record.posteriors.iter().copied().collect()
    }

    /// `∂loss/∂logits`, `T × C` row by row.
    #[wasm_bindgen(getter)]
    pub fn grad(&self) -> Vec<f64> {
        self.record.grad.iter().copied().collect()
    }

    /// Best path: the argmax frames followed by their collapse, `[frames…, -1, collapsed…]`.
    pub fn greedy(&self) -> Result<Vec<i32>, JsError> {
        let best = ctc::greedy(self.log_probs.view(), self.blank).map_err(js_error)?;
        let mut out: Vec<i32> = best.frames.iter().map(|&s| s as i32).collect();
        out.push(-1);
        out.extend(best.collapsed.iter().map(|&s| s as i32));
        Ok(out)
    }

    /// The most probable alignment of the target (a frame path), empty when none exists.
    pub fn viterbi(&self) -> Result<Vec<u32>, JsError> {
        let best =
            ctc::viterbi(self.log_probs.view(), &self.target, self.blank).map_err(js_error)?;
        Ok(best.map_or(Vec::new(), |(path, _)| to_u32(&path)))
    }

    /// The best label sequence of a prefix beam search of width `width`.
    pub fn beam(&self, width: usize) -> Result<Vec<u32>, JsError> {
        let beams =
            ctc::prefix_beam_search(self.log_probs.view(), self.blank, width).map_err(js_error)?;
        Ok(beams
            .first()
            .map_or(Vec::new(), |(labels, _)| to_u32(labels)))
    }
}
