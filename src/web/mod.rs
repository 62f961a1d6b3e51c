//! The JavaScript API (wasm32 only): handles and free functions the page calls. Thin glue:
//! convert, call the engine, convert back. Engine errors become JS `Error`s with the same text.

mod attention_lab;
mod bleu;
mod canvas;
mod ctc;
mod ctc_lab;
mod limits;
mod metrics;
mod rnn_formula;
mod rnn_lab;
mod rnn_options;
mod self_attention_lab;
mod seq;
mod text_pipeline;
mod word2vec_lab;
mod word2vec_views;

pub use attention_lab::{AttentionLabHandle, AttentionLabOptions};
pub use bleu::{corpus_bleu, sentence_bleu, BleuOptions, BleuScore, NgramTable};
pub use ctc::{ctc_collapse, ctc_min_frames, CtcLattice};
pub use ctc_lab::CtcLab;
pub use limits::{number_fields, InputLimits, NumberField};
pub use metrics::{
    compare_distributions, cross_entropy, entropy, identical_joint, independent_joint,
    kl_divergence, mutual_information, overlap, CharNgramModel, DistributionComparison,
    MutualInformationResult, OverlapScore, PerplexityResult,
};
pub use rnn_lab::{lab_task_text, tensor_names, BpttLab};
pub use rnn_options::BpttLabOptions;
pub use self_attention_lab::SelfAttentionLab;
pub use seq::{synthetic_text, CharLmTrainer};
pub use text_pipeline::{
    pipeline_tokens, preprocess_text, toy_corpus_text, TextOptions, TextPreview,
};
pub use word2vec_lab::{Word2VecLabHandle, Word2VecOptions};

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
