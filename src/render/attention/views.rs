//! The attention lab's drawings and hover read-outs straight from the engine's sessions: the
//! views are built here, natively (where tests reach them), so the web layer only converts
//! arguments and hands over a canvas.

use ndarray::ArrayView2;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::engine::attention::{AttentionLab, Score, SelfAttentionMaps};
use crate::render::kit::significant;
use crate::render::{
    attention_cell_at, curves_point_at, draw_attention_map, draw_beam_tree, draw_curves,
    draw_decoder_step, draw_self_attention_maps, self_attention_cell_at, AttentionMapView,
    BeamNode, BeamTreeView, CurvesView, DecoderStepView, MapStyle, RenderError,
    SelfAttentionMapView, Series, Theme,
};

/// The attention map's title.
const MAP_TITLE: &str = "attention a_tj: output steps × input characters";

/// A chart of the attention lab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttentionChart {
    /// Training loss of both models against the step.
    Loss,
    /// Held-out exact match of both models against the step.
    Accuracy,
    /// Exact match per input length at the last evaluation.
    Lengths,
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
    /// The data of `chart` in `lab`.
    fn of(lab: &AttentionLab, chart: AttentionChart) -> ChartData {
        let (a, b) = (&lab.attention, &lab.baseline);
        let names = ("with attention", "without (baseline)");
        match chart {
            AttentionChart::Loss => ChartData {
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
            AttentionChart::Accuracy => ChartData {
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
            AttentionChart::Lengths => {
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
        }
    }

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

/// Draws `chart` of the attention lab.
pub fn draw_attention_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lab: &AttentionLab,
    chart: AttentionChart,
    theme: &Theme,
) -> Result<(), RenderError> {
    ChartData::of(lab, chart).with_view(|view| draw_curves(area, view, theme))
}

/// The point of `chart` under a pointer at `(x, y)` (backend pixels), described.
pub fn attention_chart_point_text(
    lab: &AttentionLab,
    chart: AttentionChart,
    (width, height): (u32, u32),
    theme: &Theme,
    (x, y): (f64, f64),
) -> Option<String> {
    let data = ChartData::of(lab, chart);
    let (s, p) = data.with_view(|view| curves_point_at(width, height, view, theme, x, y))?;
    let (name, points) = &data.series[s];
    let (x, y) = points[p];
    Some(match chart {
        AttentionChart::Loss => format!("{name}: step {x}, loss {y:.4}"),
        AttentionChart::Accuracy => format!("{name}: step {x}, {:.0} % exact", 100.0 * y),
        AttentionChart::Lengths => format!("{name}: length {x}, {:.0} % exact", 100.0 * y),
    })
}

/// Draws the probe's attention map in `style`, the `selected` rows summed, `highlight`
/// (the stepped row) outlined.
pub fn draw_probe_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lab: &AttentionLab,
    (style, selected, highlight): (MapStyle, &[usize], Option<usize>),
    theme: &Theme,
) -> Result<(), RenderError> {
    let map = lab.probe_map();
    let selected: Vec<usize> = selected
        .iter()
        .copied()
        .filter(|&s| s < map.output.len())
        .collect();
    let view = AttentionMapView {
        input: &map.input,
        output: &map.output,
        weights: map.weights.view(),
        selected: &selected,
        highlight,
        style,
        title: MAP_TITLE,
    };
    draw_attention_map(area, &view, theme)
}

/// The probe map's cell under a pointer at `(x, y)`: `(row, column)`, the column `None` on a
/// row's label.
pub fn probe_map_cell_at(
    lab: &AttentionLab,
    (style, selected): (MapStyle, &[usize]),
    (width, height): (u32, u32),
    theme: &Theme,
    (x, y): (f64, f64),
) -> Option<(usize, Option<usize>)> {
    let map = lab.probe_map();
    let view = AttentionMapView {
        input: &map.input,
        output: &map.output,
        weights: map.weights.view(),
        selected,
        highlight: None,
        style,
        title: "",
    };
    attention_cell_at(width, height, &view, theme, x, y)
}

/// A short description of probe-map cell (`row`, `column`; `None`: the whole row), or `None`
/// past the last row.
pub fn probe_map_cell_text(
    lab: &AttentionLab,
    row: usize,
    column: Option<usize>,
) -> Option<String> {
    let map = lab.probe_map();
    let out = map.output.get(row)?;
    Some(
        match column.and_then(|j| map.input.get(j).map(|c| (j, c))) {
            Some((j, input)) => format!(
                "output {} '{out}' → input {} '{input}': a = {:.3}",
                row + 1,
                j + 1,
                map.weights[[row, j]]
            ),
            None => format!("output {} '{out}' (click to select)", row + 1),
        },
    )
}

/// One sentence about decoder step `t` with its numbers, or `None` past the end.
pub fn decoder_step_text(lab: &AttentionLab, t: usize) -> Option<String> {
    let d = lab.step_detail(t)?;
    let input = lab.probe_map().input;
    let (best, weight) = d.strongest();
    let query = match lab.config().score {
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
    let first: Vec<String> = d.query.iter().take(6).map(|&x| significant(x, 2)).collect();
    let state = format!(
        "The query state ({} values, ‖·‖ = {:.2}) begins [{}{}].",
        d.query.len(),
        d.query_norm(),
        first.join(", "),
        if d.query.len() > 6 { ", …" } else { "" }
    );
    Some(format!(
        "Step {}: fed '{}'. {state} The scores compare {query} with every input state; the softmax puts {:.0} % of the weight on input {} ('{}'). The context c = Σ a_j h_j and the state give the next-character distribution: {top} → emits '{}'.",
        d.step + 1,
        d.previous,
        100.0 * weight,
        best + 1,
        input.get(best).map_or("?", String::as_str),
        d.emitted
    ))
}

/// Draws decoder step `t` broken down (score parts, scores, softmax, context, top-k); blank
/// past the end.
pub fn draw_lab_decoder_step<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lab: &AttentionLab,
    t: usize,
    theme: &Theme,
) -> Result<(), RenderError> {
    let Some(d) = lab.step_detail(t) else {
        area.fill(&theme.background)?;
        return Ok(());
    };
    let input = lab.probe_map().input;
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
}

/// Draws the probe's beam search as a tree.
pub fn draw_lab_beam_tree<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lab: &AttentionLab,
    theme: &Theme,
) -> Result<(), RenderError> {
    let (columns, best) = lab.beam_tree();
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
    let title = format!("beam width {}", lab.config().beam_width);
    let view = BeamTreeView {
        columns: &columns,
        best: &best,
        title: &title,
    };
    draw_beam_tree(area, &view, theme)
}

/// Calls `f` with the view of the self-attention maps (`masked`: read with the causal mask).
fn with_maps_view<R>(
    maps: &SelfAttentionMaps,
    masked: bool,
    f: impl FnOnce(&SelfAttentionMapView) -> R,
) -> R {
    let views: Vec<ArrayView2<f64>> = maps.maps.iter().map(|m| m.view()).collect();
    f(&SelfAttentionMapView {
        tokens: &maps.tokens,
        maps: &views,
        titles: &maps.titles,
        causal: masked,
        query: None,
    })
}

/// Draws the self-attention maps of every layer and head.
pub fn draw_self_attention_lab<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    maps: &SelfAttentionMaps,
    masked: bool,
    theme: &Theme,
) -> Result<(), RenderError> {
    with_maps_view(maps, masked, |view| {
        draw_self_attention_maps(area, view, theme)
    })
}

/// The self-attention cell under a pointer at `(x, y)` (backend pixels), described.
pub fn self_attention_cell_text(
    maps: &SelfAttentionMaps,
    masked: bool,
    (width, height): (u32, u32),
    theme: &Theme,
    (x, y): (f64, f64),
) -> Option<String> {
    let (panel, i, j) = with_maps_view(maps, masked, |view| {
        self_attention_cell_at(width, height, view, theme, x, y)
    })?;
    Some(format!(
        "{}: position {} '{}' looks at {} '{}' with weight {:.3}",
        maps.titles[panel],
        i + 1,
        maps.tokens[i],
        j + 1,
        maps.tokens[j],
        maps.maps[panel][[i, j]]
    ))
}
