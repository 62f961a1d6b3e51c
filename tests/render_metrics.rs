#![cfg(not(target_arch = "wasm32"))]
//! The drawings, rendered natively into SVG strings: their structure (bars, cells, labels,
//! the exact plotting rectangle the page uses for dragging) and golden-file snapshots.
//!
//! Snapshots live in `tests/snapshots/<name>.svg`. Run with `UPDATE_SNAPSHOTS=1` to rewrite
//! them after an intended change, then look at them before committing.

use ndarray::array;
use plotters::style::RGBColor;
use unroll::metrics::{
    mutual_information, sentence_bleu, token_perplexity, BleuOptions, CharNgramModel, LogBase,
    ScoreScale, Smoothing,
};
use unroll::render::{
    distribution_plot_area, draw_bleu_buildup, draw_distributions, draw_joint_heatmap,
    draw_surprisal, Theme,
};

mod support;

use support::{check_snapshot, hex, rects, svg_of, texts, theme, Rect};

fn bleu_svg() -> String {
    let bleu = sentence_bleu(
        "the cat sat on the mat",
        &["the cat is on the mat"],
        &BleuOptions::sentence(),
    )
    .unwrap();
    svg_of((640, 320), |area| draw_bleu_buildup(area, &bleu, &theme()))
}

#[test]
fn bleu_chart_draws_seven_bars() {
    let svg = bleu_svg();
    let t = theme();
    let colours = [t.accent, t.unused, t.accent_2, t.muted, t.result].map(hex);
    let bars: Vec<Rect> = rects(&svg)
        .into_iter()
        .filter(|r| colours.contains(&r.fill))
        .collect();
    assert_eq!(bars.len(), 7, "{bars:?}");
    let baseline = bars[0].bottom();
    assert!(bars.iter().all(|b| b.bottom() == baseline), "{bars:?}");
    assert!(
        bars.windows(2).all(|w| w[0].x < w[1].x),
        "bars run left to right"
    );
    for label in ["p1", "p4", "mean", "× BP", "BLEU"] {
        assert!(texts(&svg).iter().any(|s| s == label), "no label {label}");
    }
}

/// The filled bars of one colour standing on the x axis (not legend swatches).
fn bars_of(svg: &str, colour: RGBColor, bottom: f64) -> Vec<Rect> {
    rects(svg)
        .into_iter()
        .filter(|r| r.fill == hex(colour) && r.bottom() == bottom)
        .collect()
}

const P: [f64; 4] = [0.1, 0.2, 0.3, 0.4];
const Q: [f64; 4] = [0.25, 0.25, 0.25, 0.25];

#[test]
fn distributions_draw_bars_proportional_to_p_and_q() {
    let (width, height) = (640, 320);
    let t = theme();
    let svg = svg_of((width, height), |area| draw_distributions(area, &P, &Q, &t));
    let [_, top, _, bottom] = distribution_plot_area(width, height, &t);
    for (values, colour) in [(P, t.accent), (Q, t.accent_2)] {
        let bars = bars_of(&svg, colour, bottom);
        assert_eq!(bars.len(), 4, "{bars:?}");
        for (bar, value) in bars.iter().zip(values) {
            let expected = value * (bottom - top);
            assert!(
                (bar.height - expected).abs() <= 1.0,
                "bar of {value} is {} pixels high, expected {expected}",
                bar.height
            );
        }
    }
    // Each q bar sits right of its p bar, inside the same outcome's slot.
    let (p_bars, q_bars) = (
        bars_of(&svg, t.accent, bottom),
        bars_of(&svg, t.accent_2, bottom),
    );
    for (p, q) in p_bars.iter().zip(&q_bars) {
        assert!(p.right() <= q.x && q.x - p.right() < 10.0, "{p:?} {q:?}");
    }
    let labels = texts(&svg);
    for label in ["1", "2", "3", "4", "p", "q", "0.40", "0.25"] {
        assert!(
            labels.iter().any(|s| s == label),
            "no label {label}: {labels:?}"
        );
    }
}

#[test]
fn distribution_plot_area_is_exact() {
    for (width, height, ratio) in [(640, 320, 1.0), (801, 333, 1.0), (1200, 700, 2.0)] {
        let t = Theme::light(ratio);
        let p = [1.0, 0.0, 0.0];
        let q = [0.0, 1.0, 0.0];
        let svg = svg_of((width, height), |area| draw_distributions(area, &p, &q, &t));
        let [left, top, right, bottom] = distribution_plot_area(width, height, &t);
        assert!(left < right && top < bottom);
        let full_p = bars_of(&svg, t.accent, bottom);
        let full_q = bars_of(&svg, t.accent_2, bottom);
        assert_eq!((full_p.len(), full_q.len()), (3, 3), "{width}×{height}");
        // Height 1 spans exactly from bottom to top.
        for full in [&full_p[0], &full_q[1]] {
            assert_eq!((full.y, full.bottom()), (top, bottom), "{width}×{height}");
        }
        // Every bar lies inside [left, right], and x = i + 0.12 maps linearly onto it.
        for bar in full_p.iter().chain(&full_q) {
            assert!(bar.x >= left && bar.right() <= right, "{bar:?}");
        }
        let n = p.len() as f64;
        for (i, bar) in full_p.iter().enumerate() {
            let expected = left + (i as f64 + 0.12) / n * (right - left);
            assert!((bar.x - expected).abs() <= 1.0, "{bar:?} vs {expected}");
        }
        // The grid lines at 0 and 1 run exactly from `left` to `right`.
        for y in [bottom, top] {
            let line = format!("x1=\"{left}\" y1=\"{y}\" x2=\"{right}\" y2=\"{y}\"");
            assert!(svg.contains(&line), "no grid line {line}");
        }
    }
}

#[test]
fn a_zero_in_q_where_p_is_positive_is_marked() {
    let t = theme();
    let (p, q) = ([0.5, 0.5, 0.0], [0.6, 0.0, 0.4]);
    let svg = svg_of((640, 320), |area| draw_distributions(area, &p, &q, &t));
    let [_, _, _, bottom] = distribution_plot_area(640, 320, &t);
    let outlines: Vec<Rect> = rects(&svg)
        .into_iter()
        .filter(|r| r.fill == "none" && r.bottom() == bottom)
        .collect();
    // q_2 = 0 < p_2 in accent_2, and p_3 = 0 < q_3 in accent.
    assert_eq!(outlines.len(), 2, "{outlines:?}");
    assert_eq!(outlines[0].stroke, hex(t.accent_2));
    assert_eq!(outlines[1].stroke, hex(t.accent));
    assert!(outlines.iter().all(|r| r.height > 0.0 && r.height < 12.0));
    assert_eq!(texts(&svg).iter().filter(|s| *s == "0").count(), 2);
}

fn heatmap_svg() -> String {
    let joint = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let mi = mutual_information(&joint, LogBase::Bits).unwrap();
    svg_of((640, 360), |area| draw_joint_heatmap(area, &mi, &theme()))
}

#[test]
fn joint_heatmap_draws_cells_and_marginal_bars() {
    let svg = heatmap_svg();
    let t = theme();
    let filled: Vec<Rect> = rects(&svg)
        .into_iter()
        .filter(|r| r.fill != hex(t.background) && r.fill != "none")
        .collect();
    assert_eq!(filled.len(), 6 + 2 + 3, "{filled:?}");
    let (cells, marginals) = filled.split_at(6);
    // Six cells on a 2 × 3 grid, the largest p(x, y) = 6/21 darkest (the accent).
    let mut xs: Vec<f64> = cells.iter().map(|c| c.x).collect();
    let mut ys: Vec<f64> = cells.iter().map(|c| c.y).collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    ys.sort_by(f64::total_cmp);
    ys.dedup();
    assert_eq!((xs.len(), ys.len()), (3, 2), "{cells:?}");
    assert_eq!(cells[5].fill, hex(t.accent));
    assert_eq!(cells[0].fill, hex(t.sequential(1.0 / 6.0)));
    // p(x) = (6, 15)/21: two bars from one left edge, lengths in that ratio.
    let (p_x, p_y) = marginals.split_at(2);
    assert_eq!(p_x[0].x, p_x[1].x);
    assert!((p_x[0].width / p_x[1].width - 6.0 / 15.0).abs() < 0.02);
    // p(y) = (5, 7, 9)/21: three bars on one baseline, heights in that ratio.
    assert!(p_y.iter().all(|b| b.bottom() == p_y[0].bottom()));
    assert!((p_y[0].height / p_y[2].height - 5.0 / 9.0).abs() < 0.03);
    let labels = texts(&svg);
    for label in [
        "x1", "x2", "y1", "y3", "p(x)", "p(y)", "0.29", "0.71", "0.43",
    ] {
        assert!(
            labels.iter().any(|s| s == label),
            "no label {label}: {labels:?}"
        );
    }
    // The darkest cell's value is written in the background colour to stay readable.
    assert!(
        svg.contains(&format!("fill=\"{}\">\n0.29", hex(t.background)))
            || svg.contains(&format!("fill=\"{}\">0.29", hex(t.background)))
    );
}

fn surprisal_svg(text: &str) -> (String, unroll::metrics::Perplexity) {
    let model = CharNgramModel::train("abracadabra", 2, Smoothing::AddK(1.0)).unwrap();
    let perplexity = model.score(text).unwrap();
    let svg = svg_of((640, 300), |area| {
        draw_surprisal(area, &perplexity, &theme())
    });
    (svg, perplexity)
}

#[test]
fn surprisal_chart_draws_a_bar_per_character_and_the_mean() {
    let (svg, perplexity) = surprisal_svg("abrz ");
    let t = theme();
    let bars: Vec<Rect> = rects(&svg)
        .into_iter()
        .filter(|r| r.fill == hex(t.accent) || r.fill == hex(t.accent_2))
        .collect();
    assert_eq!(bars.len(), 5, "{bars:?}");
    // 'z' and ' ' never occur in training: drawn in the second colour.
    let unknown: Vec<bool> = bars.iter().map(|b| b.fill == hex(t.accent_2)).collect();
    assert_eq!(unknown, perplexity.unknown);
    assert_eq!(unknown, [false, false, false, true, true]);
    // Heights proportional to surprisal.
    let ratio = bars[0].height / perplexity.surprisal_bits[0];
    for (bar, bits) in bars.iter().zip(&perplexity.surprisal_bits) {
        assert!(
            (bar.height - bits * ratio).abs() <= 1.0,
            "{bar:?} for {bits} bits"
        );
    }
    let label = format!("H = {:.2} bits/char", perplexity.cross_entropy_bits);
    let labels = texts(&svg);
    assert!(labels.contains(&label), "no {label}: {labels:?}");
    for c in ["a", "b", "r", "z", "␣"] {
        assert!(labels.iter().any(|s| s == c), "no character {c}");
    }
    assert!(!labels.iter().any(|s| s.starts_with("first ")));
}

#[test]
fn surprisal_chart_draws_only_the_first_120_characters() {
    let text = "abracadabra ".repeat(20);
    let (svg, _) = surprisal_svg(&text);
    let t = theme();
    let bars = rects(&svg)
        .into_iter()
        .filter(|r| r.fill == hex(t.accent) || r.fill == hex(t.accent_2))
        .count();
    assert_eq!(bars, 120);
    assert!(texts(&svg).contains(&"first 120 of 240 characters".to_string()));
}

#[test]
fn pasted_token_scores_draw_a_bar_per_token_in_bits_per_token() {
    // ln ½, ln ¼, ln 1: 1, 2 and 0 bits; H = 1 bit per token.
    let scores = token_perplexity(
        "[-0.6931471805599453, -1.3862943611198906, 0]",
        ScoreScale::LogE,
    )
    .unwrap();
    let svg = svg_of((640, 300), |area| {
        draw_surprisal(area, &scores.record, &theme())
    });
    let t = theme();
    let bars: Vec<Rect> = rects(&svg)
        .into_iter()
        .filter(|r| r.fill == hex(t.accent))
        .collect();
    // The third bar (0 bits) has no height.
    assert!(bars.len() >= 2, "{bars:?}");
    assert!(
        (bars[1].height - 2.0 * bars[0].height).abs() <= 1.0,
        "{bars:?}"
    );
    let labels = texts(&svg);
    assert!(
        labels.contains(&"H = 1.00 bits/token".to_string()),
        "{labels:?}"
    );
    assert!(!labels.iter().any(|s| s.contains("char")), "{labels:?}");
    let many = token_perplexity(&"-1\n".repeat(300), ScoreScale::Log2).unwrap();
    let svg = svg_of((640, 300), |area| {
        draw_surprisal(area, &many.record, &theme())
    });
    assert!(texts(&svg).contains(&"first 120 of 300 tokens".to_string()));
}

#[test]
fn snapshots_match() {
    let t = theme();
    check_snapshot("bleu_buildup", &bleu_svg());
    check_snapshot(
        "distributions",
        &svg_of((640, 320), |area| draw_distributions(area, &P, &Q, &t)),
    );
    check_snapshot(
        "distributions_gap",
        &svg_of((640, 320), |area| {
            draw_distributions(area, &[0.5, 0.3, 0.2, 0.0], &[0.6, 0.0, 0.1, 0.3], &t)
        }),
    );
    check_snapshot("joint_heatmap", &heatmap_svg());
    check_snapshot("surprisal", &surprisal_svg("abracadabra\tcab\nzebra").0);
}
