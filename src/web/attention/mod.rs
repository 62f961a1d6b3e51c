//! The attention lab for JavaScript: options, and one handle around the engine's session
//! (both models, the probe, the step-through, the curves).

// The explorer's types reach JavaScript through wasm-bindgen alone (nothing in Rust uses them).
mod explorer;
mod options;
mod self_attention;

pub use options::{
    AttentionChartName, AttentionLabOptions, AttentionMapStyle, AttentionScore, AttentionSummary,
    AttentionTask, BeamStopValues, MapCell,
};
pub use self_attention::{SelfAttentionLab, SelfAttentionOptions};

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::engine::attention::{self, EVAL_EVERY};
use crate::render::{
    attention_chart_point_text, decoder_step_text, draw_attention_chart, draw_lab_beam_tree,
    draw_lab_decoder_step, draw_probe_map, probe_map_cell_at, probe_map_cell_text,
};
use crate::web::canvas::{draw_on, Pointer};
use crate::web::{js_error, GradientCheckValues};

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

    /// The training part of the lab (options, examples, both models) as bytes, for a Web
    /// Worker to go on training it or for the page to take back what the worker trained.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.lab.training_bytes()
    }

    /// A lab whose training part is `toBytes()`'s bytes (for the worker; `_text` is unused).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8], _text: String) -> Result<AttentionLabHandle, JsError> {
        Ok(AttentionLabHandle {
            lab: attention::AttentionLab::from_training_bytes(bytes).map_err(js_error)?,
            examples: 0,
        })
    }

    /// Takes over the training part of `bytes`, trained further elsewhere; the input and the
    /// step-through are kept. On an error nothing changes.
    pub fn restore(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        self.lab.restore_training(bytes).map_err(js_error)
    }

    /// Nothing is computed ahead for this lab's views (the worker's protocol asks every lab).
    #[wasm_bindgen(js_name = prepareViews)]
    pub fn prepare_views(&self) {}

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

    /// The attention model's gradient check on the probe and its right answer (or the first
    /// held-out example): each tensor's largest entry and three random ones (`seed`).
    #[wasm_bindgen(js_name = gradientCheck)]
    pub fn gradient_check(&self, seed: u64) -> Result<GradientCheckValues, JsError> {
        let check = self.lab.gradient_check(3, seed).map_err(js_error)?;
        Ok(GradientCheckValues::from(&check))
    }

    /// The input the gradient check is made on (the probe, or the first held-out example).
    #[wasm_bindgen(js_name = gradientCheckInput)]
    pub fn gradient_check_input(&self) -> Result<String, JsError> {
        Ok(self.lab.gradient_check_pair().map_err(js_error)?.2)
    }

    /// Why the probe's beam search stopped, and after how many steps.
    #[wasm_bindgen(getter, js_name = beamStop)]
    pub fn beam_stop(&self) -> BeamStopValues {
        let (stop, steps) = self.lab.beam_stop();
        let (kind, best_finished, best_live) = match stop {
            attention::Stop::Exhausted => ("exhausted", f64::NAN, f64::NAN),
            attention::Stop::Bound {
                best_finished,
                best_live,
            } => ("bound", best_finished, best_live),
            attention::Stop::MaxLen => ("limit", f64::NAN, f64::NAN),
        };
        BeamStopValues {
            kind: kind.to_string(),
            steps,
            best_finished,
            best_live,
        }
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
        let style = style.value()?;
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
        style: AttentionMapStyle,
        selected: Vec<u32>,
        pointer: Pointer,
    ) -> Result<Option<MapCell>, JsError> {
        let style = style.value()?;
        let selected: Vec<usize> = selected.into_iter().map(|s| s as usize).collect();
        let theme = pointer.theme();
        Ok(probe_map_cell_at(
            &self.lab,
            (style, &selected),
            pointer.size(),
            &theme,
            pointer.at(),
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
        let chart = chart.value()?;
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_attention_chart(area, &self.lab, chart, theme)
        })
    }

    /// The point of chart `chart` under a pointer, described, or "".
    #[wasm_bindgen(js_name = chartPointText)]
    pub fn chart_point_text(
        &self,
        chart: AttentionChartName,
        pointer: Pointer,
    ) -> Result<String, JsError> {
        let chart = chart.value()?;
        let theme = pointer.theme();
        Ok(
            attention_chart_point_text(&self.lab, chart, pointer.size(), &theme, pointer.at())
                .unwrap_or_default(),
        )
    }
}
