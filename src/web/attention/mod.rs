//! The attention lab for JavaScript: options, and one handle around the engine's session
//! (both models, the probe, the step-through, the curves).

mod self_attention;

pub use self_attention::{SelfAttentionLab, SelfAttentionOptions};

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::engine::attention::{self, AttentionLabConfig, Score, Task, EVAL_EVERY};
use crate::engine::limits;
use crate::render::{
    attention_chart_point_text, decoder_step_text, draw_attention_chart, draw_lab_beam_tree,
    draw_lab_decoder_step, draw_probe_map, probe_map_cell_at, probe_map_cell_text, AttentionChart,
    MapStyle, Theme,
};
use crate::web::canvas::draw_on;
use crate::web::js_error;

/// A task of the attention lab.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttentionTask {
    /// `abcd` → `dcba`.
    Reverse = "reverse",
    /// `dbca` → `abcd`.
    Sort = "sort",
    /// `26 November 2026` → `2026-11-26`.
    Dates = "dates",
}

impl AttentionTask {
    /// The engine's task.
    pub(crate) fn to_engine(self) -> Result<Task, JsError> {
        match self {
            AttentionTask::Reverse => Ok(Task::Reverse),
            AttentionTask::Sort => Ok(Task::Sort),
            AttentionTask::Dates => Ok(Task::Dates),
            _ => Err(JsError::new("task must be reverse, sort or dates")),
        }
    }
}

/// The attention model's score function.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttentionScore {
    /// Bahdanau's `vᵀ tanh(W_s s + U h_j)`.
    Additive = "additive",
    /// Luong's `sᵀ h_j`.
    Dot = "dot",
    /// Luong's `sᵀ W h_j`.
    General = "general",
}

/// How the attention map is drawn.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttentionMapStyle {
    /// A grid of cells, one per output step and input character.
    Heatmap = "heatmap",
    /// Lines from each output to the inputs, as thick as the weight.
    Links = "links",
}

impl AttentionMapStyle {
    /// The renderer's style.
    fn to_render(self) -> Result<MapStyle, JsError> {
        match self {
            AttentionMapStyle::Heatmap => Ok(MapStyle::Heatmap),
            AttentionMapStyle::Links => Ok(MapStyle::Links),
            _ => Err(JsError::new("the map style must be heatmap or links")),
        }
    }
}

/// A chart of the attention lab.
#[wasm_bindgen(js_name = AttentionChart)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttentionChartName {
    /// Training loss of both models.
    Loss = "loss",
    /// Held-out exact match of both models.
    Accuracy = "accuracy",
    /// Exact match per input length.
    Lengths = "lengths",
}

impl AttentionChartName {
    /// The renderer's chart.
    fn to_render(self) -> Result<AttentionChart, JsError> {
        match self {
            AttentionChartName::Loss => Ok(AttentionChart::Loss),
            AttentionChartName::Accuracy => Ok(AttentionChart::Accuracy),
            AttentionChartName::Lengths => Ok(AttentionChart::Lengths),
            _ => Err(JsError::new("chart must be loss, accuracy or lengths")),
        }
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
    fn to_config(self) -> Result<AttentionLabConfig, JsError> {
        let score = match self.score {
            AttentionScore::Additive => Score::Additive,
            AttentionScore::Dot => Score::Dot,
            AttentionScore::General => Score::General,
            _ => return Err(JsError::new("score must be additive, dot or general")),
        };
        Ok(AttentionLabConfig {
            task: self.task.to_engine()?,
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

/// A cell of the attention map under the pointer.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapCell {
    /// The output step (row, 0-based).
    pub row: usize,
    /// The input character (column, 0-based); undefined on the row's label.
    pub column: Option<usize>,
}

/// The attention lab: an encoder–decoder with attention and the no-attention baseline, trained
/// on the same examples, and one input decoded with every step kept.
#[wasm_bindgen(js_name = AttentionLab)]
pub struct AttentionLabHandle {
    lab: attention::AttentionLab,
    examples: u64,
}

/// The last value of a curve (NaN when empty).
fn last(points: &[(f64, f64)]) -> f64 {
    points.last().map_or(f64::NAN, |p| p.1)
}

#[wasm_bindgen(js_class = AttentionLab)]
impl AttentionLabHandle {
    /// Builds both models; a bad option throws with its name.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &AttentionLabOptions) -> Result<AttentionLabHandle, JsError> {
        Ok(AttentionLabHandle {
            lab: attention::AttentionLab::new(options.to_config()?).map_err(js_error)?,
            examples: 0,
        })
    }

    /// Trains both models `steps` steps; throws (and stops) if a run diverges.
    pub fn train(&mut self, steps: usize) -> Result<(), JsError> {
        self.lab.train(steps).map(|_| ()).map_err(js_error)
    }

    /// Decodes the input again if the models trained since (call once before drawing).
    pub fn refresh(&mut self) -> Result<(), JsError> {
        self.lab.refresh().map_err(js_error)
    }

    /// Training steps taken.
    #[wasm_bindgen(getter)]
    pub fn steps(&self) -> f64 {
        self.lab.step() as f64
    }

    /// Steps between two held-out evaluations.
    #[wasm_bindgen(getter, js_name = evalEvery)]
    pub fn eval_every() -> f64 {
        EVAL_EVERY as f64
    }

    /// The latest loss and accuracy of both models.
    pub fn summary(&self) -> AttentionSummary {
        AttentionSummary {
            loss: last(&self.lab.attention.loss.points),
            baseline_loss: last(&self.lab.baseline.loss.points),
            accuracy: last(&self.lab.attention.accuracy.points),
            baseline_accuracy: last(&self.lab.baseline.accuracy.points),
        }
    }

    /// Decodes `text` from now on; a bad input throws and the old one stays.
    #[wasm_bindgen(js_name = setInput)]
    pub fn set_input(&mut self, text: &str) -> Result<(), JsError> {
        self.lab.set_input(text).map_err(js_error)
    }

    /// A fresh seeded example as the input; returns its text.
    #[wasm_bindgen(js_name = newExample)]
    pub fn new_example(&mut self) -> Result<String, JsError> {
        self.examples += 1;
        let seed = self.lab.config().seed ^ self.examples.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.lab.new_example(seed).map_err(js_error)
    }

    /// The input being decoded.
    #[wasm_bindgen(getter)]
    pub fn input(&self) -> String {
        self.lab.input().to_string()
    }

    /// The right output, or `undefined` when the input is not a well-formed example.
    #[wasm_bindgen(getter)]
    pub fn expected(&self) -> Option<String> {
        self.lab.expected()
    }

    /// The attention model's best output.
    #[wasm_bindgen(getter, js_name = attentionOutput)]
    pub fn attention_output(&self) -> String {
        self.lab.attention_output()
    }

    /// The baseline's greedy output.
    #[wasm_bindgen(getter, js_name = baselineOutput)]
    pub fn baseline_output(&self) -> String {
        self.lab.baseline_output()
    }

    /// Reveals one more output step (after the last, all are shown again).
    #[wasm_bindgen(js_name = stepDecode)]
    pub fn step_decode(&mut self) {
        self.lab.step_decode();
    }

    /// Shows every output step.
    #[wasm_bindgen(js_name = showAllSteps)]
    pub fn show_all_steps(&mut self) {
        self.lab.show_all_steps();
    }

    /// Output steps revealed, or undefined when all are shown.
    #[wasm_bindgen(getter)]
    pub fn cursor(&self) -> Option<usize> {
        self.lab.cursor()
    }

    /// Output steps of the best output (`</s>` included).
    #[wasm_bindgen(getter, js_name = decodeSteps)]
    pub fn decode_steps(&self) -> usize {
        self.lab.decode_steps()
    }

    /// One sentence about decoder step `t` with its numbers, or "" past the end.
    #[wasm_bindgen(js_name = stepText)]
    pub fn step_text(&self, t: usize) -> String {
        decoder_step_text(&self.lab, t).unwrap_or_default()
    }

    /// Draws the attention map in `style`, the `selected` rows summed, the stepped row
    /// `highlight` outlined (undefined: none).
    #[wasm_bindgen(js_name = drawMap)]
    pub fn draw_map(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
        style: AttentionMapStyle,
        selected: Vec<u32>,
        highlight: Option<usize>,
    ) -> Result<(), JsError> {
        let style = style.to_render()?;
        let selected: Vec<usize> = selected.into_iter().map(|s| s as usize).collect();
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_probe_map(area, &self.lab, (style, &selected, highlight), theme)
        })
    }

    /// The map cell under a pointer (backend pixels), if any.
    #[wasm_bindgen(js_name = mapCellAt)]
    #[allow(clippy::too_many_arguments)]
    pub fn map_cell_at(
        &self,
        width: u32,
        height: u32,
        pixel_ratio: f64,
        style: AttentionMapStyle,
        selected: Vec<u32>,
        x: f64,
        y: f64,
    ) -> Result<Option<MapCell>, JsError> {
        let style = style.to_render()?;
        let selected: Vec<usize> = selected.into_iter().map(|s| s as usize).collect();
        let theme = Theme::light(pixel_ratio);
        Ok(probe_map_cell_at(
            &self.lab,
            (style, &selected),
            (width, height),
            &theme,
            (x, y),
        )
        .map(|(row, column)| MapCell { row, column }))
    }

    /// A short description of map cell (`row`, `column`; undefined: the whole row), or "".
    #[wasm_bindgen(js_name = mapCellText)]
    pub fn map_cell_text(&self, row: usize, column: Option<usize>) -> String {
        probe_map_cell_text(&self.lab, row, column).unwrap_or_default()
    }

    /// Decoder step `t` broken down: score parts, scores, softmax, context, top-k.
    #[wasm_bindgen(js_name = drawStep)]
    pub fn draw_step(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
        t: usize,
    ) -> Result<(), JsError> {
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_lab_decoder_step(area, &self.lab, t, theme)
        })
    }

    /// Beam search as a tree.
    #[wasm_bindgen(js_name = drawBeamTree)]
    pub fn draw_beam_tree(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
    ) -> Result<(), JsError> {
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_lab_beam_tree(area, &self.lab, theme)
        })
    }

    /// Draws chart `chart`.
    #[wasm_bindgen(js_name = drawChart)]
    pub fn draw_chart(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
        chart: AttentionChartName,
    ) -> Result<(), JsError> {
        let chart = chart.to_render()?;
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_attention_chart(area, &self.lab, chart, theme)
        })
    }

    /// The point of chart `chart` under a pointer, described, or "".
    #[wasm_bindgen(js_name = chartPointText)]
    pub fn chart_point_text(
        &self,
        chart: AttentionChartName,
        width: u32,
        height: u32,
        pixel_ratio: f64,
        x: f64,
        y: f64,
    ) -> Result<String, JsError> {
        let chart = chart.to_render()?;
        let theme = Theme::light(pixel_ratio);
        Ok(
            attention_chart_point_text(&self.lab, chart, (width, height), &theme, (x, y))
                .unwrap_or_default(),
        )
    }
}
