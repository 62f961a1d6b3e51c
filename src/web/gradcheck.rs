//! A gradient check's result for JavaScript: one entry per checked parameter, as parallel
//! arrays (the page formats the table and its sentence).

use wasm_bindgen::prelude::*;

use crate::engine::gradcheck::{GradientCheck, Precision};

/// The analytic gradient beside the central finite difference for a few parameter entries.
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone, PartialEq)]
pub struct GradientCheckValues {
    /// `"float32"` or `"float64"`: what the model computes in.
    pub precision: String,
    /// The step ε of `(L(θ + ε) − L(θ − ε)) / 2ε`.
    pub epsilon: f64,
    /// The smallest |gradient| (as a share of the largest) an entry may have.
    pub resolvable: f64,
    /// The smallest |gradient| checked at all.
    pub floor: f64,
    /// Each entry's tensor name.
    pub tensors: Vec<String>,
    /// Each entry's row in its tensor.
    pub rows: Vec<u32>,
    /// Each entry's column in its tensor (0 for a vector).
    pub columns: Vec<u32>,
    /// Whether each entry's tensor is a vector (a bias).
    pub vectors: Vec<u8>,
    /// Each entry's analytic gradient.
    pub analytic: Vec<f64>,
    /// Each entry's central difference.
    pub numeric: Vec<f64>,
    /// Each entry's relative error `|a − n| / max(|a|, |n|)`.
    pub relative: Vec<f64>,
    /// The tensors left out: even their largest |gradient| is below `resolvable` of the
    /// model's largest.
    #[wasm_bindgen(js_name = unresolvedTensors)]
    pub unresolved_tensors: Vec<String>,
    /// Those tensors' largest |gradient|.
    #[wasm_bindgen(js_name = unresolvedLargest)]
    pub unresolved_largest: Vec<f64>,
}

impl From<&GradientCheck> for GradientCheckValues {
    fn from(check: &GradientCheck) -> GradientCheckValues {
        let entries = &check.entries;
        let span = |e: &crate::engine::gradcheck::CheckedEntry| &check.tensors[e.tensor];
        GradientCheckValues {
            precision: match check.precision {
                Precision::Float32 => "float32",
                Precision::Float64 => "float64",
            }
            .to_string(),
            epsilon: check.epsilon,
            resolvable: check.precision.resolvable(),
            floor: check.precision.floor(),
            tensors: entries.iter().map(|e| span(e).name.clone()).collect(),
            rows: entries.iter().map(|e| e.at.0 as u32).collect(),
            columns: entries.iter().map(|e| e.at.1 as u32).collect(),
            vectors: entries
                .iter()
                .map(|e| u8::from(span(e).shape.1 <= 1))
                .collect(),
            analytic: entries.iter().map(|e| e.analytic).collect(),
            numeric: entries.iter().map(|e| e.numeric).collect(),
            relative: entries.iter().map(|e| e.relative_error()).collect(),
            unresolved_tensors: check
                .unresolved
                .iter()
                .map(|&(k, _)| check.tensors[k].name.clone())
                .collect(),
            unresolved_largest: check.unresolved.iter().map(|&(_, g)| g).collect(),
        }
    }
}
