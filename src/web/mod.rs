//! The JavaScript API (wasm32 only): handles and free functions the page calls. Thin glue:
//! convert, call the engine, convert back. Engine errors become JS `Error`s with the same text.

// Shared by every module: drawing on a canvas, choices, the number-field table. A module with
// one lab leaves parts of them unused.
#[cfg_attr(not(feature = "default"), allow(dead_code))]
mod canvas;
#[cfg_attr(
    not(feature = "default"),
    allow(dead_code, unused_imports, unused_macros)
)]
mod choice;
mod figure;
#[cfg_attr(not(feature = "default"), allow(dead_code))]
mod gradcheck;
mod limits;
mod rect_batch;

pub use canvas::Pointer;
pub use figure::{begin_figure, finish_figure, FigureFiles, PageBackend};
pub use gradcheck::GradientCheckValues;
pub use limits::{number_fields, InputLimits, NumberField};
pub use rect_batch::{BatchedCanvas, CanvasError};

// Each lab's API, behind its feature: the page loads one module per lab (see Cargo.toml).
#[cfg(feature = "attention")]
mod attention;
#[cfg(feature = "rnn")]
mod bench;
#[cfg(feature = "ctc")]
mod ctc;
#[cfg(feature = "metrics")]
mod metrics;
#[cfg(feature = "rnn")]
mod rnn;
#[cfg(feature = "text")]
mod text;
#[cfg(feature = "word2vec")]
mod word2vec;

#[cfg(feature = "attention")]
pub use attention::{
    AttentionChartName, AttentionLabHandle, AttentionLabOptions, AttentionMapStyle, AttentionScore,
    AttentionSummary, AttentionTask, MapCell, SelfAttentionLab, SelfAttentionOptions,
};
#[cfg(feature = "ctc")]
pub use ctc::{
    ctc_collapse, ctc_min_frames, CtcAlignment, CtcDecodings, CtcLab, CtcLattice, CtcReveal,
    CtcRevealKind, CtcStateValues, EmissionCell, LatticeCell,
};
#[cfg(feature = "metrics")]
pub use metrics::{
    compare_distributions, corpus_bleu, cross_entropy, entropy, identical_joint, independent_joint,
    kl_divergence, mutual_information, overlap, sentence_bleu, BleuOptions, BleuScore,
    CharNgramModel, DistributionComparison, InformationUnit, MutualInformationResult, NextSymbol,
    NgramSmoothing, NgramTable, OverlapScore, OverlapUnit, PerplexityResult, PlotRect,
};
#[cfg(feature = "rnn")]
pub use rnn::{
    lab_task_text, synthetic_text, tensor_names, CharLmTrainer, GradientDecayValues,
    GradientReadout, GradientValues, HeatmapCell, RnnCells, RnnLab, RnnLabOptions, RnnOptimizer,
    RnnState, RnnTask, StageName, TextScore,
};
#[cfg(feature = "text")]
pub use text::{
    pipeline_tokens, preprocess_text, toy_corpus_text, NumberMode, StemmerKind, TextOptions,
    TextPreview, TextStage, TokenizerKind,
};
#[cfg(feature = "word2vec")]
pub use word2vec::{
    NearWord, StripRole, StripToken, Word2VecLabHandle, Word2VecOptions, Word2VecSummary,
    Word2VecVectors,
};

use wasm_bindgen::prelude::*;

/// Installs the panic hook so a Rust panic reaches the console with its message; the page
/// shows it too (it catches every call).
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The version of this build of Unroll.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The size of this module's linear memory in bytes (it grows, never shrinks): what the page's
/// tests read to check that a refused input took no memory proportional to its claims.
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    core::arch::wasm32::memory_size(0) as f64 * 65_536.0
}

/// Turns an engine error into a JS `Error` carrying its message.
pub(crate) fn js_error(error: crate::Error) -> JsError {
    JsError::new(&error.to_string())
}
