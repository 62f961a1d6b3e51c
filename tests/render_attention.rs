#![cfg(not(target_arch = "wasm32"))]
//! The attention lab's drawings, rendered natively into SVG strings: the attention map (heat
//! map and links), the beam tree, the line chart, the self-attention maps and the decoder
//! step. Structure (cells, lines, edges, masked cells), the hover functions against where
//! things are drawn, and golden-file snapshots.
//!
//! Snapshots live in `tests/snapshots/attn_<name>.svg`. Run with `UPDATE_SNAPSHOTS=1` to
//! rewrite them after an intended change, then look at them before committing.

use ndarray::{Array2, ArrayView2};
use unroll::render::{
    attention_cell_at, curves_point_at, draw_attention_map, draw_beam_tree, draw_curves,
    draw_decoder_step, draw_self_attention_maps, self_attention_cell_at, AttentionMapView,
    BeamNode, BeamTreeView, CurvesView, DecoderStepView, MapStyle, SelfAttentionMapView, Series,
    Theme,
};

mod support;

use support::{
    circles, has_text, hex, polylines, rects, segments, svg_of, text_boxes, texts, theme, Circle,
    Rect, Shape, Snapshots,
};

/// This file's snapshots: `tests/snapshots/attn_<name>.svg`.
const SNAPSHOTS: Snapshots = Snapshots("attn_");

const SIZES: [(u32, u32); 3] = [(360, 300), (640, 360), (1000, 420)];

fn chars(text: &str) -> Vec<String> {
    text.chars().map(|c| c.to_string()).collect()
}

/// Rows of weights peaked at `target[i]` (a softmax of `−(j − target)²`), each summing to 1.
fn peaked(inputs: usize, targets: &[f64], sharpness: f64) -> Array2<f64> {
    let mut weights = Array2::from_shape_fn((targets.len(), inputs), |(i, j)| {
        (-(j as f64 - targets[i]).powi(2) * sharpness).exp()
    });
    for mut row in weights.rows_mut() {
        let sum = row.sum();
        row /= sum;
    }
    weights
}

// ---------------------------------------------------------------------------------------
// The attention map.

fn map_view<'a>(
    input: &'a [String],
    output: &'a [String],
    weights: ArrayView2<'a, f64>,
    selected: &'a [usize],
    style: MapStyle,
) -> AttentionMapView<'a> {
    AttentionMapView {
        input,
        output,
        weights,
        selected,
        highlight: Some(1),
        style,
        title: "attention a_ij",
    }
}

/// The filled rectangles whose centre the hit test puts in a cell.
fn map_cells(svg: &str, size: (u32, u32), view: &AttentionMapView) -> Vec<(Rect, usize, usize)> {
    rects(svg)
        .into_iter()
        .filter(|r| r.fill != "none" && r.width < f64::from(size.0))
        .filter_map(|r| {
            let (x, y) = r.centre();
            match attention_cell_at(size.0, size.1, view, &theme(), x, y) {
                Some((i, Some(j))) => Some((r, i, j)),
                _ => None,
            }
        })
        .collect()
}

#[test]
fn a_3_by_4_heatmap_draws_12_cells_and_hovers_them() {
    let (input, output) = (chars("ab c"), chars("c b"));
    let weights = peaked(4, &[3.0, 1.0, 0.0], 1.0);
    let t = theme();
    for size in SIZES {
        let view = map_view(&input, &output, weights.view(), &[], MapStyle::Heatmap);
        let svg = svg_of(size, |area| draw_attention_map(area, &view, &t));
        let cells = map_cells(&svg, size, &view);
        assert_eq!(cells.len(), 12, "{size:?}");
        let mut seen: Vec<(usize, usize)> = cells.iter().map(|c| (c.1, c.2)).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 12, "every cell once at {size:?}");
        for (rect, i, j) in &cells {
            assert_eq!(rect.fill, hex(t.sequential(weights[[i.to_owned(), *j]])));
        }
        assert!(!has_text(&svg, "Σ selected"));
        // A space is shown as ␣; labels on both axes.
        assert!(has_text(&svg, "␣") && has_text(&svg, "a") && has_text(&svg, "c"));
        // Outside the grid: the title, the far right, the bottom margin.
        let (w, h) = (f64::from(size.0), f64::from(size.1));
        for (x, y) in [(w / 2.0, 3.0), (w - 2.0, h / 2.0), (w / 2.0, h - 2.0)] {
            assert_eq!(attention_cell_at(size.0, size.1, &view, &t, x, y), None);
        }
        // Left of a cell, on its row's label.
        let (rect, i, _) = cells.iter().find(|c| c.2 == 0).expect("a first column");
        let label_x = rect.x - 10.0;
        assert_eq!(
            attention_cell_at(size.0, size.1, &view, &t, label_x, rect.centre().1),
            Some((*i, None))
        );
    }
}

#[test]
fn the_selected_sum_row_appears_only_with_a_selection() {
    let (input, output) = (chars("abcd"), chars("dcb"));
    let weights = peaked(4, &[3.0, 2.0, 1.0], 0.7);
    let t = theme();
    let size = (640, 360);
    let selected = [0, 2];
    let view = map_view(
        &input,
        &output,
        weights.view(),
        &selected,
        MapStyle::Heatmap,
    );
    let svg = svg_of(size, |area| draw_attention_map(area, &view, &t));
    assert!(has_text(&svg, "Σ selected"));
    // 12 cells plus the 4 sums under the grid, which the hit test leaves out.
    let cells = map_cells(&svg, size, &view);
    assert_eq!(cells.len(), 12);
    let bottom = cells.iter().map(|c| c.0.y).fold(0.0, f64::max);
    let sums: Vec<Rect> = rects(&svg)
        .into_iter()
        .filter(|r| r.y > bottom && r.fill != "none")
        .collect();
    assert_eq!(sums.len(), 4, "{sums:?}");
    for (j, rect) in sums.iter().enumerate() {
        let sum = weights[[0, j]] + weights[[2, j]];
        assert_eq!(rect.fill, hex(t.sequential(sum)));
        let (x, y) = rect.centre();
        assert_eq!(attention_cell_at(size.0, size.1, &view, &t, x, y), None);
    }
}

#[test]
fn links_draw_a_line_per_weight_and_hover_the_outputs() {
    let (input, output) = (chars("abcd"), chars("dcb"));
    let weights = peaked(4, &[3.0, 2.0, 1.0], 1.5);
    let t = theme();
    for size in SIZES {
        for selected in [&[][..], &[1][..]] {
            let view = map_view(&input, &output, weights.view(), selected, MapStyle::Links);
            let svg = svg_of(size, |area| draw_attention_map(area, &view, &t));
            let lines = segments(&svg);
            assert_eq!(lines.len(), 12, "{size:?}");
            // The strongest line of each row is the most opaque; selected rows in accent.
            let strongest = lines.iter().fold(0.0, |m: f64, l| m.max(l.opacity));
            assert!(strongest > 0.5, "{lines:?}");
            let accent = lines.iter().filter(|l| l.stroke == hex(t.accent)).count();
            assert_eq!(accent, 4 * selected.len());
            assert_eq!(has_text(&svg, "Σ selected"), !selected.is_empty());
            // Each line starts at an output character: hovering there gives its row.
            for row in 0..3 {
                let line = lines
                    .iter()
                    .filter(|l| {
                        let (x, y) = l.points[0];
                        attention_cell_at(size.0, size.1, &view, &t, x, y + 12.0)
                            == Some((row, None))
                    })
                    .count();
                assert_eq!(line, 4, "row {row} at {size:?}");
            }
            let (w, h) = (f64::from(size.0), f64::from(size.1));
            assert_eq!(
                attention_cell_at(size.0, size.1, &view, &t, w / 2.0, h / 2.0),
                None
            );
        }
    }
}

#[test]
fn an_empty_attention_map_says_so() {
    let weights = Array2::<f64>::zeros((0, 4));
    let input = chars("abcd");
    for style in [MapStyle::Heatmap, MapStyle::Links] {
        let view = map_view(&input, &[], weights.view(), &[], style);
        let svg = svg_of((360, 300), |area| draw_attention_map(area, &view, &theme()));
        assert!(has_text(&svg, "no output yet") && has_text(&svg, "attention a_ij"));
        assert_eq!(
            attention_cell_at(360, 300, &view, &theme(), 180.0, 150.0),
            None
        );
    }
}

/// "26 November 2026" → "2026-11-26", each output looking at the character it copies.
fn dates() -> (Vec<String>, Vec<String>, Array2<f64>) {
    let targets = [12.0, 13.0, 14.0, 15.0, 6.5, 4.0, 5.0, 6.5, 0.0, 1.0];
    (
        chars("26 November 2026"),
        chars("2026-11-26"),
        peaked(16, &targets, 1.2),
    )
}

// ---------------------------------------------------------------------------------------
// The beam tree.

fn node(parent: usize, label: &str, log_prob: f64, kept: bool) -> BeamNode {
    BeamNode {
        parent,
        label: label.to_string(),
        log_prob,
        kept,
        finished: label == "</s>",
    }
}

/// Beam width 2 over "abc" with 3 candidates per hypothesis, reversing "ab" → "ba".
fn beam_columns() -> Vec<Vec<BeamNode>> {
    vec![
        vec![
            node(0, "b", -0.12, true),
            node(0, "a", -2.3, true),
            node(0, "c", -3.9, false),
        ],
        vec![
            node(0, "a", -0.25, true),
            node(0, "b", -3.1, false),
            node(0, "</s>", -4.0, false),
            node(1, "b", -2.6, true),
            node(1, "a", -5.2, false),
            node(1, "</s>", -6.0, false),
        ],
        vec![
            node(0, "</s>", -0.31, true),
            node(0, "a", -4.4, false),
            node(1, "</s>", -2.9, true),
            node(1, "a", -5.5, false),
        ],
    ]
}

#[test]
fn the_beam_tree_draws_one_edge_per_node() {
    let columns = beam_columns();
    let best = [0, 0, 0];
    let view = BeamTreeView {
        columns: &columns,
        best: &best,
        title: "beam search, width 2",
    };
    let t = theme();
    for size in SIZES {
        let svg = svg_of(size, |area| draw_beam_tree(area, &view, &t));
        let nodes: usize = columns.iter().map(Vec::len).sum();
        // One edge per node, plus the legend's two samples.
        let edges = segments(&svg);
        assert_eq!(edges.len(), nodes + 2, "{size:?}");
        let best_edges = edges.iter().filter(|e| e.stroke == hex(t.result)).count();
        assert_eq!(best_edges, best.len() + 1);
        let pruned = columns.iter().flatten().filter(|n| !n.kept).count();
        let grey = edges.iter().filter(|e| e.stroke == hex(t.unused)).count();
        assert_eq!(grey, pruned + 1);
        // Finished nodes are boxed (closed outlines).
        let boxes = polylines(&svg)
            .into_iter()
            .filter(|l| l.points.len() > 2)
            .count();
        let finished = columns.iter().flatten().filter(|n| n.finished).count();
        assert_eq!(boxes, finished);
        assert!(has_text(&svg, "<s>") && has_text(&svg, "step"));
    }
    let svg = svg_of((1000, 420), |area| draw_beam_tree(area, &view, &t));
    for label in ["b −0.12", "</s> −0.31", "c −3.90"] {
        assert!(has_text(&svg, label), "no {label}: {:?}", texts(&svg));
    }
}

/// Every number written in `svg` (the last word of each text, `−` read as a minus sign).
fn written_numbers(svg: &str) -> Vec<f64> {
    texts(svg)
        .iter()
        .filter_map(|t| t.split_whitespace().last()?.replace('−', "-").parse().ok())
        .collect()
}

/// Checks that every node's log-probability is written in `svg` (to two significant digits
/// at least, one text per node) and that no text overlaps another or leaves the drawing.
fn assert_every_score_is_readable(svg: &str, columns: &[Vec<BeamNode>], width: f64) {
    let mut numbers = written_numbers(svg);
    for node in columns.iter().flatten() {
        let v = node.log_prob;
        let tolerance = 0.5 * 10f64.powf(v.abs().log10().floor() - 1.0) + 1e-9;
        let found = numbers.iter().position(|n| (n - v).abs() <= tolerance);
        let Some(k) = found else {
            panic!("no score for {} {v} in {:?}", node.label, texts(svg));
        };
        numbers.remove(k);
    }
    let boxes = text_boxes(svg);
    for (i, a) in boxes.iter().enumerate() {
        assert!(a.left >= 0.0 && a.right <= width, "{a:?} is cut off");
        for b in &boxes[i + 1..] {
            assert!(!a.overlaps(b, 0.0), "{a:?} overlaps {b:?}");
        }
    }
}

#[test]
fn a_beam_tree_at_phone_width_keeps_every_score() {
    let columns = beam_columns();
    let view = BeamTreeView {
        columns: &columns,
        best: &[0, 0, 0],
        title: "beam search, width 2",
    };
    // A 360 px phone leaves the canvas about 330 CSS pixels.
    for ratio in [1.0, 2.0, 3.0] {
        let t = Theme::light(ratio);
        for (width, height) in [(330.0, 300.0), (300.0, 300.0), (360.0, 300.0)] {
            let size = ((width * ratio) as u32, (height * ratio) as u32);
            let svg = svg_of(size, |area| draw_beam_tree(area, &view, &t));
            assert_every_score_is_readable(&svg, &columns, f64::from(size.0));
            for label in ["<s>", "b", "a", "c", "</s>"] {
                let shown = texts(&svg)
                    .iter()
                    .any(|s| s == label || s.starts_with(&format!("{label} ")));
                assert!(shown, "no {label} at {size:?}: {:?}", texts(&svg));
            }
        }
    }
    // The lab's tree: beam width 3, six candidates a step, seven steps to `</s>`.
    let columns: Vec<Vec<BeamNode>> = (0..7)
        .map(|k| {
            (0..6)
                .map(|i| {
                    let label = if k == 6 && i < 3 { "</s>" } else { "f" };
                    node(
                        i / 2,
                        label,
                        -0.51 - 0.7 * k as f64 - 1.13 * i as f64,
                        i < 3,
                    )
                })
                .collect()
        })
        .collect();
    let view = BeamTreeView {
        columns: &columns,
        best: &[0; 7],
        title: "beam width 3",
    };
    for ratio in [1.0, 2.0] {
        let t = Theme::light(ratio);
        let size = ((330.0 * ratio) as u32, (300.0 * ratio) as u32);
        let svg = svg_of(size, |area| draw_beam_tree(area, &view, &t));
        assert_every_score_is_readable(&svg, &columns, f64::from(size.0));
    }
}

#[test]
fn a_long_beam_search_shrinks_to_dots() {
    let columns: Vec<Vec<BeamNode>> = (0..30)
        .map(|k| {
            (0..8)
                .map(|i| node(i / 2, "x", -(k as f64) - i as f64 * 0.1, i % 2 == 0))
                .collect()
        })
        .collect();
    let best: Vec<usize> = vec![0; 30];
    let view = BeamTreeView {
        columns: &columns,
        best: &best,
        title: "30 steps",
    };
    for size in [(360, 300), (1000, 420)] {
        let svg = svg_of(size, |area| draw_beam_tree(area, &view, &theme()));
        assert_eq!(segments(&svg).len(), 30 * 8 + 2);
        assert_eq!(
            circles(&svg).len(),
            30 * 8 + 1,
            "a dot per node and the root"
        );
    }
}

// ---------------------------------------------------------------------------------------
// The line chart.

const LOSS: [(f64, f64); 6] = [
    (0.0, 3.2),
    (100.0, 2.1),
    (200.0, f64::NAN),
    (300.0, 0.9),
    (400.0, 0.5),
    (500.0, 0.3),
];
const VALIDATION: [(f64, f64); 4] = [(0.0, 3.3), (200.0, 1.6), (400.0, 0.8), (500.0, 0.6)];

#[test]
fn curves_draw_lines_markers_and_hover_points() {
    let series = [
        Series {
            label: "train",
            points: &LOSS,
        },
        Series {
            label: "validation",
            points: &VALIDATION,
        },
    ];
    let view = CurvesView {
        series: &series,
        x_label: "step",
        y_label: "loss (nats/char)",
        y_range: None,
        markers: true,
        empty_text: "no training yet",
    };
    let t = theme();
    for size in SIZES {
        let svg = svg_of(size, |area| draw_curves(area, &view, &t));
        // The NaN splits the training line in two; one marker per finite point.
        let lines: Vec<Shape> = polylines(&svg)
            .into_iter()
            .filter(|l| l.points.len() > 2 || l.width >= 2.0)
            .collect();
        let train = lines.iter().filter(|l| l.stroke == hex(t.accent)).count();
        assert_eq!(train, 2 + 1, "two runs and the legend sample at {size:?}");
        let dots = circles(&svg);
        assert_eq!(dots.len(), 5 + 4 + 2, "points and the legend's");
        for Circle { x, y, fill, .. } in &dots {
            let hit = curves_point_at(size.0, size.1, &view, &t, *x, *y);
            if *y > 40.0 {
                let (s, i) = hit.expect("a marker is a point");
                let expected = [&LOSS[..], &VALIDATION[..]][s][i];
                assert!(expected.1.is_finite());
                assert_eq!(*fill, hex([t.accent, t.accent_2][s]));
                assert_eq!(
                    curves_point_at(size.0, size.1, &view, &t, x + 3.0, y - 2.0),
                    Some((s, i))
                );
            }
        }
        assert_eq!(curves_point_at(size.0, size.1, &view, &t, 2.0, 2.0), None);
        assert!(has_text(&svg, "step →") && has_text(&svg, "validation"));
    }
}

#[test]
fn empty_curves_show_the_empty_text() {
    let series = [Series {
        label: "accuracy",
        points: &[(1.0, f64::NAN)],
    }];
    let view = CurvesView {
        series: &series,
        x_label: "step",
        y_label: "sequence accuracy",
        y_range: Some((0.0, 1.0)),
        markers: false,
        empty_text: "no evaluation yet",
    };
    let svg = svg_of((360, 300), |area| draw_curves(area, &view, &theme()));
    assert!(has_text(&svg, "no evaluation yet"));
    assert_eq!(
        curves_point_at(360, 300, &view, &theme(), 180.0, 150.0),
        None
    );
}

// ---------------------------------------------------------------------------------------
// Self-attention maps.

/// A causal map: query i spreads over keys 0..=i, favouring the latest.
fn causal_map(tokens: usize, head: usize) -> Array2<f64> {
    let mut map = Array2::from_shape_fn((tokens, tokens), |(i, j)| {
        if j > i {
            0.0
        } else {
            ((j as f64 - i as f64) * (0.3 + head as f64)).exp()
        }
    });
    for mut row in map.rows_mut() {
        let sum = row.sum();
        row /= sum;
    }
    map
}

#[test]
fn causal_self_attention_masks_half_of_each_panel() {
    let tokens = chars("the cat");
    let maps: Vec<Array2<f64>> = (0..4).map(|h| causal_map(tokens.len(), h)).collect();
    let views: Vec<ArrayView2<f64>> = maps.iter().map(|m| m.view()).collect();
    let titles: Vec<String> = (0..4)
        .map(|h| format!("layer {} · head {}", h / 2 + 1, h % 2 + 1))
        .collect();
    let t = theme();
    let n = tokens.len();
    for causal in [true, false] {
        let view = SelfAttentionMapView {
            tokens: &tokens,
            maps: &views,
            titles: &titles,
            causal,
            query: Some(3),
        };
        for size in SIZES.into_iter().chain([(360, 900)]) {
            let svg = svg_of(size, |area| draw_self_attention_maps(area, &view, &t));
            let masked = rects(&svg)
                .iter()
                .filter(|r| r.fill == hex(t.unused))
                .count();
            let expected = if causal { 4 * n * (n - 1) / 2 } else { 0 };
            assert_eq!(masked, expected, "{size:?}");
            // Every cell's centre hovers that cell, each once.
            let mut hits: Vec<(usize, usize, usize)> = rects(&svg)
                .iter()
                .filter(|r| r.fill != "none" && r.width < 100.0)
                .filter_map(|r| {
                    let (x, y) = r.centre();
                    self_attention_cell_at(size.0, size.1, &view, &t, x, y)
                })
                .collect();
            hits.sort_unstable();
            hits.dedup();
            assert_eq!(hits.len(), 4 * n * n, "{size:?}");
            let (w, h) = (f64::from(size.0), f64::from(size.1));
            assert_eq!(
                self_attention_cell_at(size.0, size.1, &view, &t, w - 1.0, h - 1.0),
                None
            );
            assert!(has_text(&svg, "layer 2 · head 2"));
        }
    }
}

#[test]
fn self_attention_labels_every_key_that_fits_and_none_touch() {
    // As the page shows a reversal: the input, the separator, the output.
    let mut tokens = chars("dcbhag");
    tokens.push("<s>".to_string());
    tokens.extend(chars("gahbcdgahbcdga"));
    let n = tokens.len();
    let maps: Vec<Array2<f64>> = (0..4).map(|h| causal_map(n, h)).collect();
    let views: Vec<ArrayView2<f64>> = maps.iter().map(|m| m.view()).collect();
    let titles: Vec<String> = (0..4).map(|h| format!("head {h}")).collect();
    let t = theme();
    let view = SelfAttentionMapView {
        tokens: &tokens,
        maps: &views,
        titles: &titles,
        causal: true,
        query: None,
    };
    let svg = svg_of((1280, 420), |area| {
        draw_self_attention_maps(area, &view, &t)
    });
    let placed: Vec<(f64, f64, String)> = support::tags(&svg, "text")
        .into_iter()
        .zip(texts(&svg))
        .filter(|(_, text)| tokens.contains(text))
        .map(|(tag, text)| (support::number(tag, "x"), support::number(tag, "y"), text))
        .collect();
    // Keys: the labels along one line under the panels; queries: the column left of the first.
    let key_y = placed.iter().map(|p| p.1).fold(f64::MIN, f64::max);
    let mut keys: Vec<&(f64, f64, String)> = placed.iter().filter(|p| p.1 == key_y).collect();
    keys.sort_by(|a, b| a.0.total_cmp(&b.0));
    let query_x = placed.iter().map(|p| p.0).fold(f64::MAX, f64::min);
    let queries = placed.iter().filter(|p| p.0 == query_x).count();
    assert_eq!(queries, n, "every query row is labelled");
    assert!(
        keys.len() >= 4 * (n - 2),
        "nearly every key is labelled: {}",
        keys.len()
    );
    assert!(
        keys.iter().filter(|k| k.2 == "<s>").count() == 4,
        "the separator is labelled"
    );
    let width = |text: &str| text.chars().count() as f64 * 0.6 * t.small_font_size;
    for pair in keys.windows(2) {
        let room = (width(&pair[0].2) + width(&pair[1].2)) / 2.0;
        assert!(pair[1].0 - pair[0].0 >= room, "{pair:?} touch");
    }
}

// ---------------------------------------------------------------------------------------
// One decoder step.

struct Step {
    input: Vec<String>,
    parts: Array2<f64>,
    scores: Vec<f64>,
    weights: Vec<f64>,
    context: Vec<f64>,
    top_k: Vec<(String, f64)>,
}

/// Additive attention over "abcd" with K = 6 parts, the decoder about to write "c".
fn step() -> Step {
    let parts = Array2::from_shape_fn((4, 6), |(j, k)| {
        ((j * 7 + k * 3) as f64).sin() * 0.8 + if j == 1 { 0.5 } else { 0.0 }
    });
    let scores: Vec<f64> = parts.rows().into_iter().map(|r| r.sum()).collect();
    let largest = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exp: Vec<f64> = scores.iter().map(|e| (e - largest).exp()).collect();
    let total: f64 = exp.iter().sum();
    Step {
        input: chars("abcd"),
        parts,
        scores,
        weights: exp.iter().map(|e| e / total).collect(),
        context: (0..8).map(|k| (k as f64 * 0.9).cos() * 0.7).collect(),
        top_k: vec![
            ("c".to_string(), 0.81),
            ("b".to_string(), 0.12),
            (" ".to_string(), 0.04),
        ],
    }
}

fn step_view(step: &Step) -> DecoderStepView<'_> {
    DecoderStepView {
        input: &step.input,
        parts: step.parts.view(),
        parts_caption: "v_k · tanh(W_s s + U h_j)_k",
        scores: &step.scores,
        weights: &step.weights,
        context: &step.context,
        top_k: &step.top_k,
    }
}

#[test]
fn the_decoder_step_draws_every_panel() {
    let step = step();
    let view = step_view(&step);
    let t = theme();
    for size in SIZES {
        let svg = svg_of(size, |area| draw_decoder_step(area, &view, &t));
        let filled: Vec<Rect> = rects(&svg)
            .into_iter()
            .filter(|r| r.fill != "none" && r.width < f64::from(size.0))
            .collect();
        // 4 × 6 parts, 4 scores, 4 weights, 8 context cells, 3 top-k bars.
        assert_eq!(filled.len(), 24 + 4 + 4 + 8 + 3, "{size:?}");
        let negative = filled.iter().filter(|r| r.fill == hex(t.accent_2)).count();
        assert_eq!(negative, step.scores.iter().filter(|e| **e < 0.0).count());
        assert_eq!(filled.iter().filter(|r| r.fill == hex(t.result)).count(), 1);
        for label in ["softmax → a_j", "Σ a_j h_j → c", "c", "␣", ".81"] {
            assert!(has_text(&svg, label), "no {label} at {size:?}");
        }
    }
    let no_parts = Array2::<f64>::zeros((0, 0));
    let empty = DecoderStepView {
        input: &[],
        parts: no_parts.view(),
        ..view
    };
    let svg = svg_of((360, 300), |area| draw_decoder_step(area, &empty, &t));
    assert!(has_text(&svg, "no decoding step yet"));
}

// ---------------------------------------------------------------------------------------
// Snapshots.

#[test]
fn attention_map_snapshots() {
    let t = theme();
    let (input, output, weights) = dates();
    let selected = [0, 1, 2, 3];
    let mut view = AttentionMapView {
        input: &input,
        output: &output,
        weights: weights.view(),
        selected: &selected,
        highlight: Some(5),
        style: MapStyle::Heatmap,
        title: "attention: 26 November 2026 → 2026-11-26",
    };
    SNAPSHOTS.check_wide_and_phone("map", (760, 420), (360, 300), |a| {
        draw_attention_map(a, &view, &t)
    });
    view.style = MapStyle::Links;
    SNAPSHOTS.check_wide_and_phone("links", (760, 300), (360, 300), |a| {
        draw_attention_map(a, &view, &t)
    });
}

#[test]
fn beam_tree_snapshots() {
    let t = theme();
    let columns = beam_columns();
    let tree = BeamTreeView {
        columns: &columns,
        best: &[0, 0, 0],
        title: "beam search, width 2: ab → ba",
    };
    SNAPSHOTS.check_wide_and_phone("beam_tree", (640, 360), (360, 300), |a| {
        draw_beam_tree(a, &tree, &t)
    });
    // A 360 px phone's canvas: the scores go under the labels.
    SNAPSHOTS.check(
        "beam_tree_narrow",
        &svg_of((330, 300), |a| draw_beam_tree(a, &tree, &t)),
    );
}

#[test]
fn curves_snapshots() {
    let t = theme();
    let accuracy: Vec<(f64, f64)> = (3..=12)
        .map(|n| (f64::from(n), 1.0 / (1.0 + (f64::from(n) - 9.0).exp())))
        .collect();
    let trained: Vec<(f64, f64)> = accuracy.iter().map(|&(n, a)| (n, a.powf(0.3))).collect();
    let series = [
        Series {
            label: "no attention",
            points: &accuracy,
        },
        Series {
            label: "attention",
            points: &trained,
        },
    ];
    let curves = CurvesView {
        series: &series,
        x_label: "input length",
        y_label: "sequence accuracy",
        y_range: Some((0.0, 1.0)),
        markers: true,
        empty_text: "no evaluation yet",
    };
    SNAPSHOTS.check_wide_and_phone("curves", (640, 320), (360, 300), |a| {
        draw_curves(a, &curves, &t)
    });
}

#[test]
fn self_attention_snapshots() {
    let t = theme();
    let tokens = chars("the cat sat");
    let maps: Vec<Array2<f64>> = (0..4).map(|h| causal_map(tokens.len(), h)).collect();
    let views: Vec<ArrayView2<f64>> = maps.iter().map(|m| m.view()).collect();
    let titles: Vec<String> = (0..4)
        .map(|h| format!("layer {} · head {}", h / 2 + 1, h % 2 + 1))
        .collect();
    let view = SelfAttentionMapView {
        tokens: &tokens,
        maps: &views,
        titles: &titles,
        causal: true,
        query: Some(6),
    };
    SNAPSHOTS.check_wide_and_phone("self_attention", (900, 320), (360, 800), |a| {
        draw_self_attention_maps(a, &view, &t)
    });
}

#[test]
fn decoder_step_snapshots() {
    let t = theme();
    let step = step();
    let view = step_view(&step);
    SNAPSHOTS.check_wide_and_phone("decoder_step", (900, 300), (360, 460), |a| {
        draw_decoder_step(a, &view, &t)
    });
}
