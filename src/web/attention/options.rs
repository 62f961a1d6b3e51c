//! The attention lab's settings object and the values it hands to JavaScript: tasks, score
//! functions, map styles, charts, the summary and a map cell.

use wasm_bindgen::prelude::*;

use crate::engine::attention::{AttentionLabConfig, Score, Task};
use crate::engine::limits;
use crate::render::{AttentionChart, MapStyle};
use crate::web::choice::choice;
use crate::web::js_error;

choice! {
    #[doc = " A task of the attention lab."]
    #[wasm_bindgen]
    pub enum AttentionTask("task") => Task {
        /// `abcd` → `dcba`.
        Reverse = "reverse" => Task::Reverse,
        /// `dbca` → `abcd`.
        Sort = "sort" => Task::Sort,
        /// `26 November 2026` → `2026-11-26`.
        Dates = "dates" => Task::Dates,
    }
}

choice! {
    #[doc = " The attention model's score function."]
    #[wasm_bindgen]
    pub enum AttentionScore("score") => Score {
        /// Bahdanau's `vᵀ tanh(W_s s + U h_j)`.
        Additive = "additive" => Score::Additive,
        /// Luong's `sᵀ h_j`.
        Dot = "dot" => Score::Dot,
        /// Luong's `sᵀ W h_j`.
        General = "general" => Score::General,
    }
}

choice! {
    #[doc = " How the attention map is drawn."]
    #[wasm_bindgen]
    pub enum AttentionMapStyle("the map style") => MapStyle {
        /// A grid of cells, one per output step and input character.
        Heatmap = "heatmap" => MapStyle::Heatmap,
        /// Lines from each output to the inputs, as thick as the weight.
        Links = "links" => MapStyle::Links,
    }
}

choice! {
    #[doc = " A chart of the attention lab."]
    #[wasm_bindgen(js_name = AttentionChart)]
    pub enum AttentionChartName("chart") => AttentionChart {
        /// Training loss of both models.
        Loss = "loss" => AttentionChart::Loss,
        /// Held-out exact match of both models.
        Accuracy = "accuracy" => AttentionChart::Accuracy,
        /// Exact match per input length.
        Lengths = "lengths" => AttentionChart::Lengths,
    }
}

/// Settings of the attention lab (set the fields, then pass it to `new AttentionLab(options)`);
/// every number is checked against its field's range when the lab is built.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy)]
pub struct AttentionLabOptions {
    /// The task.
    pub task: AttentionTask,
    /// The attention model's score function.
    pub score: AttentionScore,
    /// Hidden units of encoder and decoder.
    pub hidden: f64,
    /// Adam's learning rate.
    #[wasm_bindgen(js_name = learningRate)]
    pub learning_rate: f64,
    /// Shortest training input.
    #[wasm_bindgen(js_name = minLen)]
    pub min_len: f64,
    /// Longest training input.
    #[wasm_bindgen(js_name = maxLen)]
    pub max_len: f64,
    /// Beam width of the probe's decoding (1: greedy).
    #[wasm_bindgen(js_name = beamWidth)]
    pub beam_width: f64,
    /// Seed of the weights and the examples.
    pub seed: f64,
}

#[wasm_bindgen]
impl AttentionLabOptions {
    /// Defaults: reversal, additive attention, H 32, E 16, Adam 0.005, inputs of 3–8, beam 3, seed 1.
    #[wasm_bindgen(constructor)]
    pub fn new() -> AttentionLabOptions {
        let config = AttentionLabConfig::default();
        AttentionLabOptions {
            task: AttentionTask::Reverse,
            score: AttentionScore::Additive,
            hidden: config.hidden as f64,
            learning_rate: f64::from(config.learning_rate),
            min_len: config.min_len as f64,
            max_len: config.max_len as f64,
            beam_width: config.beam_width as f64,
            seed: config.seed as f64,
        }
    }
}

impl Default for AttentionLabOptions {
    fn default() -> Self {
        AttentionLabOptions::new()
    }
}

impl AttentionLabOptions {
    /// The engine's settings; a JS `Error` names the first field out of range.
    pub(super) fn to_config(self) -> Result<AttentionLabConfig, JsError> {
        let score = self.score.value()?;
        Ok(AttentionLabConfig {
            task: self.task.value()?,
            score,
            hidden: limits::ATTENTION_HIDDEN
                .count(self.hidden)
                .map_err(js_error)?,
            learning_rate: limits::ATTENTION_LEARNING_RATE
                .check(self.learning_rate)
                .map_err(js_error)? as f32,
            min_len: limits::ATTENTION_SHORTEST
                .count(self.min_len)
                .map_err(js_error)?,
            max_len: limits::ATTENTION_LONGEST
                .count(self.max_len)
                .map_err(js_error)?,
            beam_width: limits::ATTENTION_BEAM
                .count(self.beam_width)
                .map_err(js_error)?,
            seed: limits::SEED.seed(self.seed).map_err(js_error)?,
            ..AttentionLabConfig::default()
        })
    }
}

/// The latest loss and accuracy of both models.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AttentionSummary {
    /// Training loss with attention (nats per character; NaN before any step).
    pub loss: f64,
    /// Training loss of the baseline without attention.
    #[wasm_bindgen(js_name = baselineLoss)]
    pub baseline_loss: f64,
    /// Held-out exact match with attention (NaN before an evaluation).
    pub accuracy: f64,
    /// Held-out exact match of the baseline.
    #[wasm_bindgen(js_name = baselineAccuracy)]
    pub baseline_accuracy: f64,
}

/// Why the probe's beam search stopped: `kind` is `"exhausted"` (every kept candidate
/// finished), `"bound"` (no live prefix can beat the best finished output) or `"limit"` (the
/// output length limit).
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone, PartialEq)]
pub struct BeamStopValues {
    /// `"exhausted"`, `"bound"` or `"limit"`.
    pub kind: String,
    /// Beam-search steps taken.
    pub steps: usize,
    /// `ln p` of the best finished output (NaN unless `kind` is `"bound"`).
    #[wasm_bindgen(js_name = bestFinished)]
    pub best_finished: f64,
    /// `ln p` of the best live prefix when it stopped (NaN unless `kind` is `"bound"`).
    #[wasm_bindgen(js_name = bestLive)]
    pub best_live: f64,
}

/// A cell of the attention map under the pointer.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapCell {
    /// The output step (row, 0-based).
    pub row: usize,
    /// The input character (column, 0-based); undefined on the row's label.
    pub column: Option<usize>,
}
