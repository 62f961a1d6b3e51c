//! The attention lab for JavaScript: options, and one handle around the engine's session
//! (both models, the probe, the step-through, the curves).

mod self_attention;

pub use self_attention::SelfAttentionLab;

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::engine::attention::{self, AttentionLabConfig, Score, Task, EVAL_EVERY};
use crate::engine::{limits, Error};
use crate::render::{
    attention_cell_at, curves_point_at, draw_attention_map, draw_beam_tree, draw_curves,
    draw_decoder_step, AttentionMapView, BeamNode, BeamTreeView, CurvesView, DecoderStepView,
    MapStyle, Series, Theme,
};
use crate::web::canvas::draw_on;
use crate::web::js_error;

/// Settings of the attention lab (set the fields, then pass it to `new AttentionLab(options)`).
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct AttentionLabOptions {
    config: AttentionLabConfig,
}

/// A task's name as the page spells it.
pub(super) fn parse_task(name: &str) -> Result<Task, JsError> {
    match name {
        "reverse" => Ok(Task::Reverse),
        "sort" => Ok(Task::Sort),
        "dates" => Ok(Task::Dates),
        other => Err(JsError::new(&format!(
            "task must be reverse, sort or dates, got {other:?}"
        ))),
    }
}

#[wasm_bindgen]
impl AttentionLabOptions {
    /// Defaults: reversal, additive attention, H 32, E 16, Adam 0.005, inputs of 3–8, beam 3, seed 1.
    #[wasm_bindgen(constructor)]
    pub fn new() -> AttentionLabOptions {
        AttentionLabOptions {
            config: AttentionLabConfig::default(),
        }
    }

    /// `"reverse"`, `"sort"` or `"dates"`.
    #[wasm_bindgen(js_name = setTask)]
    pub fn set_task(&mut self, name: &str) -> Result<(), JsError> {
        self.config.task = parse_task(name)?;
        Ok(())
    }

    /// `"additive"`, `"dot"` or `"general"`.
    #[wasm_bindgen(js_name = setScore)]
    pub fn set_score(&mut self, name: &str) -> Result<(), JsError> {
        self.config.score = match name {
            "additive" => Score::Additive,
            "dot" => Score::Dot,
            "general" => Score::General,
            other => {
                return Err(JsError::new(&format!(
                    "score must be additive, dot or general, got {other:?}"
                )))
            }
        };
        Ok(())
    }

    /// Sets the sizes and training options; each is checked against its field's range (a JS
    /// `Error` names the field), and nothing is changed unless all are valid.
    #[wasm_bindgen(js_name = setNumbers)]
    pub fn set_numbers(
        &mut self,
        hidden: f64,
        learning_rate: f64,
        min_len: f64,
        max_len: f64,
        beam_width: f64,
        seed: f64,
    ) -> Result<(), JsError> {
        let config = AttentionLabConfig {
            hidden: limits::ATTENTION_HIDDEN.count(hidden).map_err(js_error)?,
            learning_rate: limits::ATTENTION_LEARNING_RATE
                .check(learning_rate)
                .map_err(js_error)? as f32,
            min_len: limits::ATTENTION_SHORTEST
                .count(min_len)
                .map_err(js_error)?,
            max_len: limits::ATTENTION_LONGEST.count(max_len).map_err(js_error)?,
            beam_width: limits::ATTENTION_BEAM.count(beam_width).map_err(js_error)?,
            seed: limits::SEED.seed(seed).map_err(js_error)?,
            ..self.config
        };
        self.config = config;
        Ok(())
    }
}

impl Default for AttentionLabOptions {
    fn default() -> Self {
        AttentionLabOptions::new()
    }
}

/// The attention lab: an encoder–decoder with attention and the no-attention baseline, trained
/// on the same examples, and one input decoded with every step kept.
#[wasm_bindgen(js_name = AttentionLab)]
pub struct AttentionLabHandle {
    lab: attention::AttentionLab,
    examples: u64,
}

fn style(name: &str) -> MapStyle {
    if name == "links" {
        MapStyle::Links
    } else {
        MapStyle::Heatmap
    }
}

fn last(points: &[(f64, f64)]) -> f64 {
    points.last().map_or(f64::NAN, |p| p.1)
}

#[wasm_bindgen(js_class = AttentionLab)]
impl AttentionLabHandle {
    /// Builds both models; a bad option throws with its name.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &AttentionLabOptions) -> Result<AttentionLabHandle, JsError> {
        Ok(AttentionLabHandle {
            lab: attention::AttentionLab::new(options.config).map_err(js_error)?,
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

    /// `[loss with attention, loss without, accuracy with, accuracy without]`, the latest.
    pub fn summary(&self) -> Vec<f64> {
        vec![
            last(&self.lab.attention.loss.points),
            last(&self.lab.baseline.loss.points),
            last(&self.lab.attention.accuracy.points),
            last(&self.lab.baseline.accuracy.points),
        ]
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

    /// Output steps revealed, or −1 when all are shown.
    #[wasm_bindgen(getter)]
    pub fn cursor(&self) -> i32 {
        self.lab.cursor().map_or(-1, |c| c as i32)
    }

    /// Output steps of the best output (`</s>` included).
    #[wasm_bindgen(getter, js_name = decodeSteps)]
    pub fn decode_steps(&self) -> usize {
        self.lab.decode_steps()
    }

    /// One sentence about decoder step `t` with its numbers, or "" past the end.
    #[wasm_bindgen(js_name = stepText)]
    pub fn step_text(&self, t: usize) -> String {
        let Some(d) = self.lab.step_detail(t) else {
            return String::new();
        };
        let input = self.lab.probe_map().input;
        let (best, weight) =
            d.weights
                .iter()
                .enumerate()
                .fold(
                    (0, f64::NEG_INFINITY),
                    |acc, (j, &a)| if a > acc.1 { (j, a) } else { acc },
                );
        let query = match self.lab.config().score {
            Score::Additive => "the previous decoder state sₜ₋₁ (Bahdanau)",
            _ => "the new decoder state sₜ (Luong)",
        };
        let top = d
            .top_k
            .iter()
            .take(3)
            .map(|(label, p)| format!("'{label}' {p:.2}"))
            .collect::<Vec<_>>()
            .join(", ");
        let norm = d.query.iter().map(|x| x * x).sum::<f64>().sqrt();
        let first: Vec<String> = d.query.iter().take(6).map(|x| format!("{x:.2}")).collect();
        let state = format!(
            "The query state ({} values, ‖·‖ = {norm:.2}) begins [{}{}].",
            d.query.len(),
            first.join(", "),
            if d.query.len() > 6 { ", …" } else { "" }
        );
        format!(
            "Step {}: fed '{}'. {state} The scores compare {query} with every input state; the softmax puts {:.0} % of the weight on input {} ('{}'). The context c = Σ a_j h_j and the state give the next-character distribution: {top} → emits '{}'.",
            d.step + 1,
            d.previous,
            100.0 * weight,
            best + 1,
            input.get(best).map_or("?", String::as_str),
            d.emitted
        )
    }

    /// The attention map (style `"heatmap"` or `"links"`), the `selected` rows summed, the
    /// stepped row outlined (−1: none).
    #[wasm_bindgen(js_name = drawMap)]
    pub fn draw_map(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
        map_style: &str,
        selected: Vec<u32>,
        highlight: i32,
    ) -> Result<(), JsError> {
        let map = self.lab.probe_map();
        let selected: Vec<usize> = selected
            .into_iter()
            .map(|s| s as usize)
            .filter(|&s| s < map.output.len())
            .collect();
        let view = AttentionMapView {
            input: &map.input,
            output: &map.output,
            weights: map.weights.view(),
            selected: &selected,
            highlight: usize::try_from(highlight).ok(),
            style: style(map_style),
            title: "attention a_tj: output steps × input characters",
        };
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_attention_map(area, &view, theme)
        })
    }

    /// The map cell under a pointer (backend pixels): `[row, column]` (column −1 on a row's
    /// label), or `[]`.
    #[wasm_bindgen(js_name = mapCellAt)]
    #[allow(clippy::too_many_arguments)]
    pub fn map_cell_at(
        &self,
        width: u32,
        height: u32,
        pixel_ratio: f64,
        map_style: &str,
        selected: Vec<u32>,
        x: f64,
        y: f64,
    ) -> Vec<i32> {
        let map = self.lab.probe_map();
        let selected: Vec<usize> = selected.into_iter().map(|s| s as usize).collect();
        let view = AttentionMapView {
            input: &map.input,
            output: &map.output,
            weights: map.weights.view(),
            selected: &selected,
            highlight: None,
            style: style(map_style),
            title: "",
        };
        let theme = Theme::light(pixel_ratio);
        match attention_cell_at(width, height, &view, &theme, x, y) {
            Some((row, col)) => vec![row as i32, col.map_or(-1, |c| c as i32)],
            None => Vec::new(),
        }
    }

    /// A short description of map cell (`row`, `column`; −1: the whole row).
    #[wasm_bindgen(js_name = mapCellText)]
    pub fn map_cell_text(&self, row: usize, column: i32) -> String {
        let map = self.lab.probe_map();
        let Some(out) = map.output.get(row) else {
            return String::new();
        };
        match usize::try_from(column)
            .ok()
            .and_then(|j| map.input.get(j).map(|c| (j, c)))
        {
            Some((j, input)) => format!(
                "output {} '{out}' → input {} '{input}': a = {:.3}",
                row + 1,
                j + 1,
                map.weights[[row, j]]
            ),
            None => format!("output {} '{out}' (click to select)", row + 1),
        }
    }

    /// Decoder step `t` broken down: score parts, scores, softmax, context, top-k.
    #[wasm_bindgen(js_name = drawStep)]
    pub fn draw_step(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
        t: usize,
    ) -> Result<(), JsError> {
        let input = self.lab.probe_map().input;
        let detail = self.lab.step_detail(t);
        draw_on(canvas, pixel_ratio, |area, theme| {
            let Some(d) = &detail else {
                area.fill(&theme.background)?;
                return Ok(());
            };
            let view = DecoderStepView {
                input: &input,
                parts: d.parts.view(),
                parts_caption: d.parts_caption,
                scores: &d.scores,
                weights: &d.weights,
                context: &d.context,
                top_k: &d.top_k,
            };
            draw_decoder_step(area, &view, theme)
        })
    }

    /// Beam search as a tree.
    #[wasm_bindgen(js_name = drawBeamTree)]
    pub fn draw_beam_tree(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
    ) -> Result<(), JsError> {
        let (columns, best) = self.lab.beam_tree();
        let columns: Vec<Vec<BeamNode>> = columns
            .into_iter()
            .map(|column| {
                column
                    .into_iter()
                    .map(|n| BeamNode {
                        parent: n.parent,
                        label: n.label,
                        log_prob: n.log_prob,
                        kept: n.kept,
                        finished: n.finished,
                    })
                    .collect()
            })
            .collect();
        let title = format!("beam width {}", self.lab.config().beam_width);
        let view = BeamTreeView {
            columns: &columns,
            best: &best,
            title: &title,
        };
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_beam_tree(area, &view, theme)
        })
    }

    /// A chart: `"loss"`, `"accuracy"` or `"lengths"` (accuracy per input length).
    #[wasm_bindgen(js_name = drawChart)]
    pub fn draw_chart(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
        which: &str,
    ) -> Result<(), JsError> {
        let data = self.chart_data(which).map_err(js_error)?;
        draw_on(canvas, pixel_ratio, |area, theme| {
            data.with_view(|view| draw_curves(area, view, theme))
        })
    }

    /// The point of chart `which` under a pointer, described, or "".
    #[wasm_bindgen(js_name = chartPointText)]
    pub fn chart_point_text(
        &self,
        which: &str,
        width: u32,
        height: u32,
        pixel_ratio: f64,
        x: f64,
        y: f64,
    ) -> String {
        let Ok(data) = self.chart_data(which) else {
            return String::new();
        };
        let theme = Theme::light(pixel_ratio);
        match data.with_view(|view| curves_point_at(width, height, view, &theme, x, y)) {
            Some((s, p)) => {
                let (x, y) = data.series[s].1[p];
                match which {
                    "loss" => format!("{}: step {x}, loss {y:.4}", data.series[s].0),
                    "accuracy" => {
                        format!("{}: step {x}, {:.0} % exact", data.series[s].0, 100.0 * y)
                    }
                    _ => format!("{}: length {x}, {:.0} % exact", data.series[s].0, 100.0 * y),
                }
            }
            None => String::new(),
        }
    }
}

/// The series of one chart, owned, and how to label it.
struct ChartData {
    series: Vec<(&'static str, Vec<(f64, f64)>)>,
    x_label: &'static str,
    y_label: &'static str,
    y_range: Option<(f64, f64)>,
    markers: bool,
    empty_text: &'static str,
}

impl ChartData {
    /// Calls `f` with a view of the chart.
    fn with_view<R>(&self, f: impl FnOnce(&CurvesView) -> R) -> R {
        let series: Vec<Series> = self
            .series
            .iter()
            .map(|(label, points)| Series { label, points })
            .collect();
        f(&CurvesView {
            series: &series,
            x_label: self.x_label,
            y_label: self.y_label,
            y_range: self.y_range,
            markers: self.markers,
            empty_text: self.empty_text,
        })
    }
}

impl AttentionLabHandle {
    fn chart_data(&self, which: &str) -> Result<ChartData, Error> {
        let (a, b) = (&self.lab.attention, &self.lab.baseline);
        let names = ("with attention", "without (baseline)");
        Ok(match which {
            "loss" => ChartData {
                series: vec![
                    (names.0, a.loss.points.clone()),
                    (names.1, b.loss.points.clone()),
                ],
                x_label: "step",
                y_label: "loss (nats/char)",
                y_range: None,
                markers: false,
                empty_text: "no training steps yet",
            },
            "accuracy" => ChartData {
                series: vec![
                    (names.0, a.accuracy.points.clone()),
                    (names.1, b.accuracy.points.clone()),
                ],
                x_label: "step",
                y_label: "exact match",
                y_range: Some((0.0, 1.0)),
                markers: true,
                empty_text: "no evaluation yet",
            },
            "lengths" => {
                let rate = |by: &[(usize, usize, usize)]| {
                    by.iter()
                        .map(|&(len, right, all)| (len as f64, right as f64 / all.max(1) as f64))
                        .collect()
                };
                ChartData {
                    series: vec![(names.0, rate(&a.by_length)), (names.1, rate(&b.by_length))],
                    x_label: "input length (characters)",
                    y_label: "exact match",
                    y_range: Some((0.0, 1.0)),
                    markers: true,
                    empty_text: "no evaluation yet",
                }
            }
            other => {
                return Err(Error::InvalidOption {
                    name: "chart",
                    message: format!("must be loss, accuracy or lengths, got {other:?}"),
                })
            }
        })
    }
}
