#![cfg(not(target_arch = "wasm32"))]
//! The drawings of the "RNN & LSTM through time" lab, rendered natively into SVG strings from
//! real engine records: their structure (cells, arrows, heat-map cells, curves, ticks), the
//! hover functions against where things are drawn, and golden-file snapshots.
//!
//! Snapshots live in `tests/snapshots/lab_<name>.svg`. Run with `UPDATE_SNAPSHOTS=1` to
//! rewrite them after an intended change, then look at them before committing.

use ndarray::Array2;
use unroll::render::{
    draw_gradient_norms, draw_heatmap, draw_input_reach, draw_training_curves, draw_unrolled,
    heatmap_cell_at, unrolled_cell_at, HeatScale, Theme, UnrolledView,
};
use unroll::rnn::{
    curves, run_sequence, CellKind, Cells, CharModel, GradientCurves, History, ModelConfig,
    Optimizer, SequenceRecord, Session, SessionConfig, Stage,
};

mod support;

use support::{
    attribute, hex, number, polygons_in, polylines, polylines_in, rects, rounded_rects, svg_of,
    tags, text_boxes, texts, theme, Rect, Shape, Snapshots,
};

/// This file's snapshots: `tests/snapshots/lab_<name>.svg`.
const SNAPSHOTS: Snapshots = Snapshots("lab_");

const TEXT: &str = "hello world";

// ---------------------------------------------------------------------------------------
// Engine records.

fn vocab(text: &str) -> Vec<char> {
    let mut vocab: Vec<char> = text.chars().collect();
    vocab.sort_unstable();
    vocab.dedup();
    vocab
}

fn model(kind: CellKind, text: &str, recurrent_scale: f32) -> CharModel {
    let mut config = ModelConfig::new(kind, vocab(text), 4, 8);
    config.seed = 3;
    config.recurrent_scale = recurrent_scale;
    CharModel::new(&config).expect("valid model")
}

fn record(kind: CellKind, text: &str) -> (CharModel, SequenceRecord) {
    let model = model(kind, text, 1.0);
    let record = run_sequence(&model, text).expect("text in vocabulary");
    (model, record)
}

// ---------------------------------------------------------------------------------------
// The unrolled view.

fn unrolled_svg(
    record: &SequenceRecord,
    vocab: &[char],
    stage: Stage,
    (width, height): (u32, u32),
    theme: &Theme,
) -> String {
    let view = UnrolledView {
        record,
        vocab,
        stage,
        label: "LSTM",
        top_k: 3,
    };
    svg_of((width, height), |area| draw_unrolled(area, &view, theme))
}

fn norms(matrix: &Array2<f32>) -> Vec<f64> {
    matrix
        .rows()
        .into_iter()
        .map(|r| r.iter().map(|&x| f64::from(x).powi(2)).sum::<f64>().sqrt())
        .collect()
}

#[test]
fn unrolled_forward_draws_t_cells_and_fades_the_later_ones() {
    let (model, record) = record(CellKind::Lstm, TEXT);
    let t = theme();
    let steps = record.len();
    assert_eq!(steps, 10);
    let svg = unrolled_svg(&record, model.vocab(), Stage::Forward(4), (900, 300), &t);
    let cells = rounded_rects(&svg);
    assert_eq!(cells.len(), steps, "{cells:?}");
    assert!(cells.windows(2).all(|w| w[0].min_x() < w[1].min_x()));
    // Cells 1..3 computed, 4 highlighted, 5..10 not computed yet.
    assert_eq!(cells[3].fill, hex(t.accent));
    assert!(cells[..3].iter().all(|c| c.fill == hex(t.sequential(0.12))));
    assert!(cells[4..].iter().all(|c| c.fill == hex(t.background)));
    // No backward arrows, no losses; predictions (one target outline each) for cells 1..4.
    assert!(polylines_in(&svg, t.accent_2).is_empty());
    let outlines = rects(&svg)
        .into_iter()
        .filter(|r| r.fill == "none" && (r.stroke == hex(t.result) || r.stroke == hex(t.accent_2)))
        .count();
    assert_eq!(outlines, 4);
    let labels = texts(&svg);
    for label in ["LSTM", "forward: t = 4 of 10", "h", "␣", "w", "d"] {
        assert!(labels.iter().any(|s| s == label), "no {label}: {labels:?}");
    }
}

#[test]
fn unrolled_loss_stage_draws_a_loss_bar_per_step() {
    let (model, record) = record(CellKind::Rnn, TEXT);
    let t = theme();
    let svg = unrolled_svg(&record, model.vocab(), Stage::Loss, (900, 300), &t);
    let bars: Vec<Rect> = rects(&svg)
        .into_iter()
        .filter(|r| r.fill == hex(t.muted))
        .collect();
    assert_eq!(bars.len(), record.len(), "{bars:?}");
    assert!(bars
        .iter()
        .all(|b| b.y + b.height == bars[0].y + bars[0].height));
    let largest = record.losses.iter().copied().fold(0.0f32, f32::max);
    let tallest = bars.iter().map(|b| b.height).fold(0.0, f64::max);
    for (bar, &loss) in bars.iter().zip(&record.losses) {
        let expected = tallest * f64::from(loss / largest);
        assert!((bar.height - expected).abs() <= 1.0, "{bar:?}, loss {loss}");
    }
    let status = format!("loss: {:.2} bits/char", record.bits_per_char());
    assert!(texts(&svg).contains(&status));
}

#[test]
fn unrolled_backward_draws_arrows_for_t_to_the_end_only() {
    let (model, record) = record(CellKind::Lstm, TEXT);
    let t = theme();
    let steps = record.len();
    let carried = norms(&record.dh_next);
    let from_output = norms(&record.dh_out);
    let largest = carried
        .iter()
        .chain(&from_output)
        .copied()
        .fold(0.0, f64::max);
    let expected_width = |norm: f64| (6.0 * norm / largest).round().max(1.0);
    for current in [steps, 7, 1] {
        let svg = unrolled_svg(
            &record,
            model.vocab(),
            Stage::Backward(current),
            (900, 300),
            &t,
        );
        let cells = rounded_rects(&svg);
        assert_eq!(cells.len(), steps);
        assert_eq!(cells[current - 1].fill, hex(t.accent_2));
        // The arrows' shafts (the current cell's outline is in the same colour).
        let lines: Vec<Shape> = polylines_in(&svg, t.accent_2)
            .into_iter()
            .filter(|l| l.points.len() == 2)
            .collect();
        let heads = polygons_in(&svg, t.accent_2)
            .into_iter()
            .filter(|p| p.points.len() == 3)
            .count();
        // Back between cells for k = current..T−1, down from the output for k = current..T.
        let back: Vec<&Shape> = lines.iter().filter(|l| l.is_horizontal()).collect();
        let down: Vec<&Shape> = lines.iter().filter(|l| l.is_vertical()).collect();
        assert_eq!(back.len(), steps - current, "Backward({current})");
        assert_eq!(down.len(), steps - current + 1, "Backward({current})");
        assert_eq!(heads, lines.len());
        let first_cell = cells[current - 1].min_x();
        assert!(
            lines.iter().all(|l| l.min_x() >= first_cell),
            "Backward({current})"
        );
        for (k, line) in (current - 1..steps).zip(&down) {
            assert_eq!(
                line.width,
                expected_width(from_output[k]),
                "output arrow {k}"
            );
        }
        // The arrows into cells current..T−1 from their right neighbours, right to left.
        for (k, line) in (current - 1..steps - 1).rev().zip(&back) {
            assert_eq!(line.width, expected_width(carried[k]), "carried arrow {k}");
            assert!(line.points[0].0 > line.points[1].0, "points right to left");
        }
    }
}

#[test]
fn unrolled_view_skips_text_when_cells_are_narrow() {
    let text = "abcab cabba ".repeat(17);
    let (model, record) = record(CellKind::Rnn, &text);
    assert_eq!(record.len(), text.len() - 1);
    let t = Theme::light(2.0);
    let svg = unrolled_svg(&record, model.vocab(), Stage::Backward(100), (720, 400), &t);
    assert_eq!(rounded_rects(&svg).len(), record.len());
    // Only the label and the stage are written.
    assert_eq!(
        texts(&svg),
        ["LSTM", &format!("backward: t = 100 of {}", record.len())]
    );
    let lines = polylines_in(&svg, t.accent_2);
    let down = lines
        .iter()
        .filter(|l| l.points.len() == 2 && l.is_vertical())
        .count();
    assert_eq!(down, record.len() - 99);
}

#[test]
fn unrolled_hover_agrees_with_the_drawn_cells() {
    let (model, record) = record(CellKind::Lstm, TEXT);
    let steps = record.len();
    for (width, height, ratio) in [(900, 300, 1.0), (720, 420, 2.0), (1200, 260, 1.0)] {
        let t = Theme::light(ratio);
        let svg = unrolled_svg(&record, model.vocab(), Stage::Loss, (width, height), &t);
        let cells = rounded_rects(&svg);
        assert_eq!(cells.len(), steps);
        for (k, cell) in cells.iter().enumerate() {
            let (x, y) = cell.centre();
            assert_eq!(unrolled_cell_at(width, height, steps, &t, x, y), Some(k));
            // The whole column belongs to the timestep: its predictions above, input below.
            assert_eq!(
                unrolled_cell_at(width, height, steps, &t, x, y - 60.0),
                Some(k)
            );
            assert_eq!(
                unrolled_cell_at(width, height, steps, &t, x, y + 40.0),
                Some(k)
            );
            for &(px, _) in &cell.points {
                assert_eq!(unrolled_cell_at(width, height, steps, &t, px, y), Some(k));
            }
        }
        let (_, y) = cells[0].centre();
        assert_eq!(unrolled_cell_at(width, height, steps, &t, 2.0, y), None);
        let right = f64::from(width) - 2.0;
        assert_eq!(unrolled_cell_at(width, height, steps, &t, right, y), None);
        let (x, _) = cells[0].centre();
        assert_eq!(unrolled_cell_at(width, height, steps, &t, x, 3.0), None);
        assert_eq!(unrolled_cell_at(width, height, 0, &t, x, y), None);
    }
}

#[test]
fn unrolled_view_of_an_empty_record_says_so() {
    let m = model(CellKind::Lstm, TEXT, 1.0);
    let empty = SequenceRecord::new(m.kind(), m.dims());
    let svg = unrolled_svg(&empty, m.vocab(), Stage::Ready, (360, 200), &theme());
    assert!(rounded_rects(&svg).is_empty());
    assert!(texts(&svg).contains(&"no chunk yet: step to run one".to_string()));
}

// ---------------------------------------------------------------------------------------
// The heat map.

/// The filled rectangles whose centres are cells (not the background or the colour key).
fn heat_cells(svg: &str, size: (u32, u32), shape: (usize, usize), t: &Theme) -> Vec<Rect> {
    rects(svg)
        .into_iter()
        .filter(|r| r.fill != "none" && r.width < f64::from(size.0))
        .filter(|r| {
            let (x, y) = r.centre();
            heatmap_cell_at(size.0, size.1, shape.0, shape.1, t, x, y).is_some()
        })
        .collect()
}

fn matrix_10_by_6() -> Array2<f32> {
    Array2::from_shape_fn((10, 6), |(time, unit)| {
        (time as f32 - 4.5) / 4.5 * if unit % 2 == 0 { 1.0 } else { -0.5 } + 0.01
    })
}

#[test]
fn heatmap_of_10_by_6_draws_60_cells_transposed() {
    let t = theme();
    let values = matrix_10_by_6();
    let size = (640, 300);
    let svg = svg_of((size.0, size.1), |area| {
        draw_heatmap(
            area,
            values.view(),
            HeatScale::Signed(1.0),
            Some(3),
            "∂L/∂h_t",
            &t,
        )
    });
    let cells = heat_cells(&svg, size, (10, 6), &t);
    assert_eq!(cells.len(), 60, "{cells:?}");
    let mut seen = std::collections::BTreeSet::new();
    for cell in &cells {
        let (x, y) = cell.centre();
        let (time, unit) = heatmap_cell_at(size.0, size.1, 10, 6, &t, x, y).expect("in grid");
        assert!(
            seen.insert((time, unit)),
            "cell ({time}, {unit}) drawn twice"
        );
        let expected = t.diverging(f64::from(values[[time, unit]]).clamp(-1.0, 1.0));
        assert_eq!(cell.fill, hex(expected), "cell ({time}, {unit})");
    }
    // Time runs across (10 columns), units down (6 rows).
    let mut xs: Vec<i64> = cells.iter().map(|c| c.x as i64).collect();
    xs.dedup();
    xs.sort_unstable();
    xs.dedup();
    assert_eq!(xs.len(), 10);
    // The outline around timestep 3's column.
    let outline: Vec<Rect> = rects(&svg)
        .into_iter()
        .filter(|r| r.fill == "none" && r.stroke == hex(t.ink))
        .collect();
    assert_eq!(outline.len(), 1, "{outline:?}");
    let column: Vec<&Rect> = cells
        .iter()
        .filter(|c| {
            let (x, y) = c.centre();
            heatmap_cell_at(size.0, size.1, 10, 6, &t, x, y).map(|(time, _)| time) == Some(3)
        })
        .collect();
    assert_eq!(column.len(), 6);
    assert!(column.iter().all(|c| c.x > outline[0].x
        && c.x + c.width < outline[0].x + outline[0].width
        && c.y > outline[0].y
        && c.y + c.height < outline[0].y + outline[0].height));
    let labels = texts(&svg);
    for label in ["∂L/∂h_t", "1", "10", "6", "−1"] {
        assert!(labels.iter().any(|s| s == label), "no {label}: {labels:?}");
    }
}

#[test]
fn heatmap_hover_agrees_with_the_drawn_cells() {
    let values = matrix_10_by_6();
    for (width, height, ratio) in [(640, 300, 1.0), (720, 500, 2.0), (333, 181, 1.0)] {
        let t = Theme::light(ratio);
        let svg = svg_of((width, height), |area| {
            draw_heatmap(area, values.view(), HeatScale::Signed(1.0), None, "h", &t)
        });
        let cells = heat_cells(&svg, (width, height), (10, 6), &t);
        assert_eq!(cells.len(), 60, "{width}×{height}");
        // Every pixel corner of every cell maps to the same cell; the gap beside it to the
        // same one too (the cell owns it), so there is never a hole between cells.
        for cell in &cells {
            let centre = cell.centre();
            let at = |x: f64, y: f64| heatmap_cell_at(width, height, 10, 6, &t, x, y);
            let expected = at(centre.0, centre.1);
            assert_eq!(at(cell.x, cell.y), expected, "{cell:?}");
            assert_eq!(
                at(cell.x + cell.width - 0.5, cell.y + cell.height - 0.5),
                expected
            );
        }
        assert_eq!(heatmap_cell_at(width, height, 10, 6, &t, 1.0, 150.0), None);
        assert_eq!(heatmap_cell_at(width, height, 10, 6, &t, 300.0, 2.0), None);
    }
}

#[test]
fn heatmap_of_unit_values_uses_the_sequential_map() {
    let (model, record) = record(CellKind::Lstm, TEXT);
    let h = model.dims().hidden;
    // The forget gates, [T, H].
    let forget = record.gates.slice(ndarray::s![.., h..2 * h]);
    let t = theme();
    let svg = svg_of((500, 260), |area| {
        draw_heatmap(
            area,
            forget,
            HeatScale::Unit,
            Some(0),
            "forget gate f_t",
            &t,
        )
    });
    let cells = heat_cells(&svg, (500, 260), (record.len(), h), &t);
    assert_eq!(cells.len(), record.len() * h);
    let first = t.sequential(f64::from(forget[[0, 0]]));
    assert_eq!(cells[0].fill, hex(first));
}

#[test]
fn heatmap_draws_512_timesteps_by_256_units() {
    let values = Array2::from_shape_fn((512, 256), |(time, unit)| {
        ((time * 7 + unit * 13) % 97) as f32 / 48.0 - 1.0
    });
    let t = Theme::light(2.0);
    let svg = svg_of((2400, 1200), |area| {
        draw_heatmap(
            area,
            values.view(),
            HeatScale::Signed(0.0),
            Some(511),
            "h_t",
            &t,
        )
    });
    let drawn = rects(&svg).len();
    // Runs of equal colour along time may be merged, but every row is drawn.
    assert!(drawn > 256 && drawn <= 512 * 256 + 64, "{drawn} rectangles");
    let labels = texts(&svg);
    assert!(
        labels.contains(&"512".to_string()) && labels.contains(&"256".to_string()),
        "{labels:?}"
    );
}

// ---------------------------------------------------------------------------------------
// The gradient-norm chart.

/// Curves of a model with `W_hh` scaled by `scale` on `text`.
fn curves_of(kind: CellKind, text: &str, scale: f32) -> GradientCurves {
    let model = model(kind, text, scale);
    let record = run_sequence(&model, text).expect("text in vocabulary");
    curves(&model, &record)
}

/// The polylines through all `steps` timesteps (the curves, not legend samples or dashes).
fn full_curves(svg: &str, steps: usize) -> Vec<Shape> {
    polylines(svg)
        .into_iter()
        .filter(|p| p.points.len() == steps)
        .collect()
}

fn gradient_svg(curves: &[(&str, &GradientCurves)], normalised: bool) -> String {
    svg_of((900, 400), |area| {
        draw_gradient_norms(area, curves, normalised, &theme())
    })
}

#[test]
fn gradient_chart_draws_one_polyline_per_curve() {
    let text = "the cat sat on the mat";
    let rnn = curves_of(CellKind::Rnn, text, 1.0);
    let lstm = curves_of(CellKind::Lstm, text, 1.0);
    let steps = rnn.last_loss.len();
    let t = theme();
    let svg = gradient_svg(&[("RNN", &rnn), ("LSTM", &lstm)], false);
    let lines = full_curves(&svg, steps);
    // Per model: ‖∂L_T/∂h_t‖ (2 px) and ‖∂L/∂h_t‖ (1 px, lighter); the LSTM's Π f in result.
    for colour in [t.accent_2, t.accent] {
        let own: Vec<&Shape> = lines.iter().filter(|l| l.stroke == hex(colour)).collect();
        assert_eq!(own.len(), 2, "{own:?}");
        assert_eq!((own[0].width, own[0].opacity), (1.0, 0.7));
        assert_eq!((own[1].width, own[1].opacity), (2.0, 1.0));
    }
    let forget: Vec<&Shape> = lines.iter().filter(|l| l.stroke == hex(t.result)).collect();
    assert_eq!(forget.len(), 1);
    assert_eq!(lines.len(), 5);
    // The bound is dotted: short dashes in each model's colour.
    for colour in [t.accent_2, t.accent] {
        let dots = polylines(&svg)
            .into_iter()
            .filter(|p| p.stroke == hex(colour) && p.points.len() <= 3 && p.width == 2.0)
            .count();
        assert!(dots > 20, "{dots} dots");
    }
    // Points on ‖∂L_T/∂h_t‖.
    assert_eq!(tags(&svg, "circle").len(), 2 * steps + 1);
    let labels = texts(&svg);
    for label in [
        "RNN",
        "LSTM",
        "‖∂L_T/∂h_t‖",
        "‖∂L/∂h_t‖",
        "Π‖∂h_k/∂h_k−1‖",
        "Π f (cell path)",
        "1",
    ] {
        assert!(labels.iter().any(|s| s == label), "no {label}: {labels:?}");
    }
    assert!(!labels.iter().any(|s| s.contains("exploded")));
}

/// Curves that overflowed at step 1, with zeros, a negative number and a NaN besides.
fn exploding() -> GradientCurves {
    let steps = 6;
    GradientCurves {
        last_loss: vec![f64::INFINITY, 1e12, 1e6, 0.0, -1.0, 1.0],
        total: vec![f64::NAN, 1e13, 1e7, 1e-3, 1e-40, 2.0],
        jacobian: vec![1e6; steps],
        running_product: vec![f64::INFINITY, f64::INFINITY, 1e30, 1e18, 1e6, 1.0],
        w_hh_norm: 1e6,
        input: vec![f64::NAN, 1e9, 1e3, 0.0, 1e-2, 1.0],
        forget_product: vec![1.0; steps],
        overflow_at: Some(1),
    }
}

#[test]
fn gradient_chart_notes_an_overflow_and_survives_bad_values() {
    let curves = exploding();
    let steps = curves.last_loss.len();
    let t = theme();
    for normalised in [false, true] {
        let svg = gradient_svg(&[("RNN", &curves)], normalised);
        let labels = texts(&svg);
        assert!(
            labels.contains(&"RNN: exploded at step 1".to_string()),
            "{labels:?}"
        );
        // The finite points t = 2..6 form one line each; no Π f for an RNN.
        let lines: Vec<Shape> = polylines(&svg)
            .into_iter()
            .filter(|p| p.points.len() == steps - 1 && p.stroke == hex(t.accent_2))
            .collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(!labels.iter().any(|s| s == "Π f (cell path)"));
        // Clamped to 10⁻³⁰ at worst: the axis reaches down to it, no further.
        assert!(labels.iter().any(|s| s == "10⁻³⁰"), "{labels:?}");
    }
}

/// Curves over 12 steps whose bound reaches 1.2 · 10²⁵ at t = 1 while the measured norms
/// stay within 10⁻³ … 1 (W_hh scaled up: the bound explodes, the gradient does not).
fn far_bound() -> GradientCurves {
    let steps = 12;
    let share = |t: usize| t as f64 / (steps - 1) as f64;
    GradientCurves {
        last_loss: (0..steps)
            .map(|t| 10f64.powf(-3.0 + 3.0 * share(t)))
            .collect(),
        total: (0..steps).map(|t| 0.02 + 0.01 * share(t)).collect(),
        jacobian: vec![190.0; steps],
        running_product: (0..steps).map(|t| 1.2e25f64.powf(1.0 - share(t))).collect(),
        w_hh_norm: 5.0,
        input: vec![1e-3; steps],
        forget_product: vec![1.0; steps],
        overflow_at: None,
    }
}

/// The exponent of a decade label as `power_of_ten` writes it (`1`, `10`, `10⁻³`, `10²⁵`).
fn decade_of(label: &str) -> Option<i32> {
    let digits = label.strip_prefix("10")?;
    if label == "1" {
        return Some(0);
    }
    if digits.is_empty() {
        return Some(1);
    }
    let plain: String = digits
        .chars()
        .map(|c| match c {
            '⁻' => Some('-'),
            c => "⁰¹²³⁴⁵⁶⁷⁸⁹"
                .chars()
                .position(|d| d == c)
                .and_then(|d| char::from_digit(d as u32, 10)),
        })
        .collect::<Option<String>>()?;
    plain.parse().ok()
}

/// The decade labels (right-aligned, left of the plot) with their exponents and heights.
fn decades(svg: &str) -> Vec<(i32, f64)> {
    tags(svg, "text")
        .into_iter()
        .zip(texts(svg))
        .filter(|(tag, _)| attribute(tag, "text-anchor") == Some("end"))
        .filter_map(|(tag, text)| {
            let k = if text == "1" {
                Some(0)
            } else {
                decade_of(&text)
            };
            k.map(|k| (k, number(tag, "y")))
        })
        .collect()
}

#[test]
fn a_far_bound_is_cut_at_the_edge_and_the_range_follows_the_measured_norms() {
    let curves = far_bound();
    let steps = curves.last_loss.len();
    let t = theme();
    for normalised in [false, true] {
        let svg = gradient_svg(&[("RNN", &curves)], normalised);
        let decades = decades(&svg);
        let top = decades.iter().map(|d| d.0).max().expect("decades");
        let bottom = decades.iter().map(|d| d.0).min().expect("decades");
        // ‖∂L_T/∂h_t‖ runs over 10⁻³ … 1: a decade to spare each side, no 10²⁵.
        assert_eq!((bottom, top), (-4, 1), "{decades:?}");
        let y_of = |k: i32| decades.iter().find(|d| d.0 == k).expect("decade").1;
        let (y_top, y_bottom) = (y_of(top), y_of(bottom));
        let lines = full_curves(&svg, steps);
        let main = lines
            .iter()
            .find(|l| l.width == 2.0 && l.stroke == hex(t.accent_2))
            .expect("the solid curve");
        let (y_first, y_last) = (main.points[0].1, main.points[steps - 1].1);
        assert!((y_first - y_of(-3)).abs() <= 1.0, "{y_first} vs 10⁻³");
        assert!((y_last - y_of(0)).abs() <= 1.0, "{y_last} vs 1");
        // Nothing that starts in the plot runs past its top or bottom edge (the legend's
        // samples are above it).
        let inside = |y: f64| y >= y_top - 0.5 && y <= y_bottom + 0.5;
        let own = polylines(&svg)
            .into_iter()
            .filter(|l| l.stroke == hex(t.accent_2));
        for line in own.filter(|l| l.points.iter().any(|p| inside(p.1))) {
            for &(_, y) in &line.points {
                assert!(inside(y), "{y} outside {y_top}..{y_bottom}: {line:?}");
            }
        }
        // The bound says where it goes, at the top edge, clear of every other text.
        let boxes = text_boxes(&svg);
        let note = boxes
            .iter()
            .find(|b| b.text == "Π‖∂h‖ → 1.2e25 ↑")
            .unwrap_or_else(|| panic!("no edge note: {:?}", texts(&svg)));
        assert!(note.top >= y_top && note.bottom < y_of(0), "{note:?}");
        for other in boxes.iter().filter(|b| *b != note) {
            assert!(!note.overlaps(other, 0.0), "{note:?} overlaps {other:?}");
        }
    }
}

#[test]
fn an_exploding_bound_of_a_real_model_is_cut_and_named_by_its_model() {
    let text = "the quick brown fox jumps over the lazy dog";
    let rnn = curves_of(CellKind::Rnn, text, 5.0);
    let lstm = curves_of(CellKind::Lstm, text, 5.0);
    let peak = rnn.running_product.iter().copied().fold(0.0, f64::max);
    assert!(peak > 1e9, "W_hh × 5 makes the bound explode: {peak}");
    let measured = rnn
        .last_loss
        .iter()
        .chain(&rnn.total)
        .chain(&lstm.last_loss);
    let highest = measured.copied().fold(0.0, f64::max).log10().ceil() as i32;
    for (size, ratio) in [((900, 400), 1.0), ((660, 600), 2.0)] {
        let t = Theme::light(ratio);
        let svg = svg_of(size, |area| {
            draw_gradient_norms(area, &[("RNN", &rnn), ("LSTM", &lstm)], false, &t)
        });
        let top = decades(&svg).iter().map(|d| d.0).max().expect("decades");
        assert!(
            top <= highest + 1,
            "10^{top} over the measured 10^{highest}"
        );
        let note = texts(&svg)
            .into_iter()
            .find(|s| s.starts_with("RNN: Π‖∂h‖ → ") && s.ends_with('↑'));
        assert!(note.is_some(), "{:?}", texts(&svg));
        let boxes = text_boxes(&svg);
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(!a.overlaps(b, 0.0), "{a:?} overlaps {b:?}");
            }
        }
    }
}

#[test]
fn normalised_gradient_curves_end_at_one() {
    let rnn = curves_of(CellKind::Rnn, "abcabcabcabcabc", 0.5);
    let steps = rnn.last_loss.len();
    let svg = gradient_svg(&[("RNN", &rnn)], true);
    // The y label "1" (right-aligned, left of the axis) sits on the line of 10⁰; every curve
    // ends there.
    let one = tags(&svg, "text")
        .into_iter()
        .zip(texts(&svg))
        .find(|(tag, text)| text == "1" && attribute(tag, "text-anchor") == Some("end"))
        .map(|(tag, _)| number(tag, "y"))
        .expect("a label 1");
    let lines = full_curves(&svg, steps);
    assert_eq!(lines.len(), 2);
    for line in &lines {
        let last = line.points.last().unwrap();
        assert!((last.1 - one).abs() <= 1.0, "{last:?} vs {one}");
    }
    // Vanishing: t = 1 lies below t = T for ‖∂L_T/∂h_t‖ with W_hh halved.
    let main = lines.iter().find(|l| l.width == 2.0).unwrap();
    assert!(main.points[0].1 > main.points[steps - 1].1);
}

// ---------------------------------------------------------------------------------------
// The training curves.

fn session(steps: usize) -> Session {
    let mut session = Session::new(SessionConfig {
        cells: Cells::Both,
        text: "the quick brown fox jumps over the lazy dog. ".repeat(4),
        embedding_dim: 4,
        hidden_size: 8,
        seq_len: 12,
        optimizer: Optimizer::adam(0.02),
        clip: Some(0.3),
        recurrent_scale: 1.0,
        forget_bias: None,
        seed: 5,
    })
    .expect("valid session");
    session.train(steps).expect("training runs");
    session
}

/// Each model's training history, labelled.
fn histories(session: &Session) -> Vec<(&str, &History)> {
    ["RNN", "LSTM"]
        .into_iter()
        .zip(session.models())
        .map(|(label, m)| (label, &m.history))
        .collect()
}

#[test]
fn training_curves_draw_a_line_per_model_and_clipped_ticks() {
    let session = session(30);
    let histories = histories(&session);
    let t = theme();
    let svg = svg_of((900, 360), |area| {
        draw_training_curves(area, &histories, "bits/char", &t)
    });
    for ((_, history), colour) in histories.iter().zip([t.accent_2, t.accent]) {
        assert_eq!(history.steps.len(), 30);
        let own = polylines_in(&svg, colour);
        let lines: Vec<&Shape> = own.iter().filter(|l| l.points.len() == 30).collect();
        assert_eq!(lines.len(), 1);
        // Loss falls from left to right (y grows downwards).
        assert!(lines[0].points[0].1 < lines[0].points[29].1);
        let ticks = own
            .iter()
            .filter(|l| l.points.len() == 2 && l.is_vertical())
            .count();
        let clipped = history.clipped.iter().filter(|&&c| c).count();
        assert!(clipped > 0, "the test wants some clipped steps");
        assert_eq!(ticks, clipped);
    }
    let labels = texts(&svg);
    for label in ["RNN", "LSTM", "clipped", "bits/char"] {
        assert!(labels.iter().any(|s| s == label), "no {label}: {labels:?}");
    }
}

#[test]
fn training_curves_without_steps_say_so() {
    let empty = History::default();
    let t = theme();
    let svg = svg_of((360, 200), |area| {
        draw_training_curves(area, &[("LSTM", &empty)], "bits/char", &t)
    });
    assert!(texts(&svg).contains(&"no training steps yet".to_string()));
    // The axes and the legend's sample, no curve, no tick.
    let curves = polylines(&svg)
        .into_iter()
        .filter(|l| l.stroke != hex(t.muted) && !(l.points.len() == 2 && l.is_horizontal()))
        .count();
    assert_eq!(curves, 0);
}

// ---------------------------------------------------------------------------------------
// Snapshots.

#[test]
fn snapshots_match() {
    let (model, record) = record(CellKind::Lstm, TEXT);
    let t = theme();
    let phone = Theme::light(2.0);
    SNAPSHOTS.check(
        "unrolled_forward",
        &unrolled_svg(&record, model.vocab(), Stage::Forward(4), (900, 300), &t),
    );
    SNAPSHOTS.check(
        "unrolled_backward",
        &unrolled_svg(&record, model.vocab(), Stage::Backward(3), (900, 300), &t),
    );
    SNAPSHOTS.check(
        "unrolled_backward_phone",
        &unrolled_svg(
            &record,
            model.vocab(),
            Stage::Backward(6),
            (720, 560),
            &phone,
        ),
    );
    let text = "the cat sat on the mat, it sat";
    let (long_model, long_record) = self::record(CellKind::Rnn, text);
    SNAPSHOTS.check(
        "unrolled_forward_phone",
        &unrolled_svg(
            &long_record,
            long_model.vocab(),
            Stage::Forward(12),
            (720, 440),
            &phone,
        ),
    );
    SNAPSHOTS.check(
        "unrolled_loss_wide",
        &unrolled_svg(
            &long_record,
            long_model.vocab(),
            Stage::Loss,
            (1200, 300),
            &t,
        ),
    );
    let text = "the cat sat on the mat";
    let rnn = curves_of(CellKind::Rnn, text, 1.0);
    let lstm = curves_of(CellKind::Lstm, text, 1.0);
    SNAPSHOTS.check(
        "gradient_norms",
        &gradient_svg(&[("RNN", &rnn), ("LSTM", &lstm)], false),
    );
    SNAPSHOTS.check(
        "gradient_norms_phone",
        &svg_of((720, 560), |area| {
            draw_gradient_norms(area, &[("RNN", &rnn), ("LSTM", &lstm)], true, &phone)
        }),
    );
    SNAPSHOTS.check(
        "gradient_norms_exploding",
        &gradient_svg(&[("RNN", &exploding())], false),
    );
    SNAPSHOTS.check(
        "heatmap",
        &svg_of((640, 300), |area| {
            draw_heatmap(
                area,
                record.dh.view(),
                HeatScale::Signed(0.0),
                Some(3),
                "∂L/∂h_t",
                &t,
            )
        }),
    );
    let session = session(30);
    let histories = histories(&session);
    SNAPSHOTS.check(
        "training_curves",
        &svg_of((900, 360), |area| {
            draw_training_curves(area, &histories, "bits/char", &t)
        }),
    );
}

#[test]
fn gradient_hover_maps_the_plot_width_onto_timesteps() {
    use unroll::render::{gradient_step_at, Theme};
    let theme = Theme::light(1.0);
    let width = 800;
    let first = (0..width).find_map(|x| gradient_step_at(width, 10, &theme, f64::from(x)));
    let last = (0..width)
        .rev()
        .find_map(|x| gradient_step_at(width, 10, &theme, f64::from(x)));
    assert_eq!((first, last), (Some(1), Some(10)));
    assert_eq!(
        gradient_step_at(width, 10, &theme, 0.0),
        None,
        "left of the plot"
    );
    assert_eq!(
        gradient_step_at(width, 0, &theme, 400.0),
        None,
        "no chunk yet"
    );
}

#[test]
fn input_reach_chart_draws_one_line_per_model_by_distance() {
    let text = "the cat sat on the mat";
    let models = [
        ("RNN", curves_of(CellKind::Rnn, text, 1.0)),
        ("LSTM", curves_of(CellKind::Lstm, text, 1.0)),
        ("GRU", curves_of(CellKind::Gru, text, 1.0)),
    ];
    let steps = models[0].1.input.len();
    let views: Vec<(&str, &GradientCurves)> = models.iter().map(|(l, c)| (*l, c)).collect();
    let t = theme();
    let svg = svg_of((900, 320), |area| draw_input_reach(area, &views, &t));
    let lines = full_curves(&svg, steps);
    for colour in [t.accent_2, t.accent, t.accent_3] {
        let own = lines.iter().filter(|l| l.stroke == hex(colour)).count();
        assert_eq!(own, 1, "one line in {colour:?}");
    }
    // The line starts (distance 0, left) at the nearest input: x increases with T − t, so the
    // first point is ‖∂L_T/∂x_T‖, the largest for the RNN here.
    let labels = texts(&svg);
    for label in [
        "RNN",
        "LSTM",
        "GRU",
        "‖∂L_T/∂x_t‖ (log scale)",
        "T − t →",
        "0",
    ] {
        assert!(labels.iter().any(|s| s == label), "no {label}: {labels:?}");
    }
    // Every finite value lies inside the decades drawn.
    let decades: Vec<i32> = labels.iter().filter_map(|l| decade_of(l)).collect();
    let (low, high) = (
        *decades.iter().min().unwrap(),
        *decades.iter().max().unwrap(),
    );
    for (_, c) in &models {
        for v in &c.input {
            let k = v.log10();
            assert!(
                k >= f64::from(low) - 1.0 && k <= f64::from(high) + 1.0,
                "{v} outside 10^{low}..10^{high}"
            );
        }
    }
    SNAPSHOTS.check("input_reach", &svg);
}
