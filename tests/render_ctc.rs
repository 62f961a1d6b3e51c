#![cfg(not(target_arch = "wasm32"))]
//! The CTC drawings, rendered natively into SVG strings from real forward–backward records:
//! the lattice's cells, transitions (no skip between repeated labels), reveal cursor and
//! paths; the emission heat map; the hover functions against where things are drawn; and
//! golden-file snapshots.
//!
//! Snapshots live in `tests/snapshots/ctc_<name>.svg`. Run with `UPDATE_SNAPSHOTS=1` to
//! rewrite them after an intended change, then look at them before committing.

use ndarray::{array, Array2};
use unroll::ctc::{ctc, greedy, log_softmax, viterbi, CtcOptions, CtcRecord};
use unroll::render::{
    draw_emissions, draw_lattice, emission_cell_at, lattice_cell_at, path_states, LatticeValues,
    LatticeView, Theme,
};

mod support;

use support::{
    hex, polylines, polylines_in, rects, rounded_rects, svg_of, tags, texts, theme, Rect, Shape,
    Snapshots,
};

/// This file's snapshots: `tests/snapshots/ctc_<name>.svg`.
const SNAPSHOTS: Snapshots = Snapshots("ctc_");

// ---------------------------------------------------------------------------------------
// Engine records.

const BLANK: usize = 0;
const A: usize = 1;
const B: usize = 2;

/// T = 5 frames over C = 3 symbols (−, a, b) whose best path is `a a − b b`.
fn logits() -> Array2<f64> {
    array![
        [0.2, 2.0, 0.1],
        [0.5, 1.5, 0.3],
        [1.8, 0.4, 0.6],
        [0.3, 0.2, 1.7],
        [0.9, 0.1, 1.2],
    ]
}

fn log_probs() -> Array2<f64> {
    log_softmax(logits().view())
}

fn record(target: &[usize]) -> CtcRecord {
    ctc(log_probs().view(), target, CtcOptions::default()).expect("valid pair")
}

fn symbols() -> Vec<String> {
    ["−", "a", "b"].iter().map(|s| s.to_string()).collect()
}

fn lattice_svg(
    record: &CtcRecord,
    shown: LatticeValues,
    upto: Option<usize>,
    paths: &[(&str, Vec<usize>)],
    (width, height): (u32, u32),
    theme: &Theme,
) -> String {
    let symbols = symbols();
    let view = LatticeView {
        record,
        symbols: &symbols,
        shown,
        upto,
        paths,
    };
    svg_of((width, height), |area| draw_lattice(area, &view, theme))
}

/// The transitions: two-point lines in greys (not the paths' legend samples).
fn transitions(svg: &str, t: &Theme) -> Vec<Shape> {
    let paths = [hex(t.accent_2), hex(t.result), hex(t.accent)];
    polylines(svg)
        .into_iter()
        .filter(|p| p.points.len() == 2 && !paths.contains(&p.stroke))
        .collect()
}

/// Each transition as `(s_from, s_to, t_from)`, mapped back through the hover function.
fn transition_states(
    svg: &str,
    (width, height): (u32, u32),
    states: usize,
    t: &Theme,
) -> Vec<(usize, usize, usize)> {
    transitions(svg, t)
        .iter()
        .map(|line| {
            let (start, end) = (line.points[0], line.points[1]);
            let at = |x: f64, y: f64| lattice_cell_at(width, height, states, 5, t, x, y);
            let (from, frame) = at(start.0, start.1).expect("starts in a state's tile");
            let (to, _) = at(start.0, end.1).expect("ends in a row");
            (from, to, frame)
        })
        .collect()
}

const SIZE: (u32, u32) = (900, 420);

// ---------------------------------------------------------------------------------------
// The lattice.

#[test]
fn lattice_draws_a_cell_per_state_and_frame_where_the_hover_finds_it() {
    for (target, size, ratio) in [
        (vec![A, B], SIZE, 1.0),
        (vec![A, A], (720, 640), 2.0),
        (vec![A, B], (1200, 420), 1.0),
    ] {
        let t = Theme::light(ratio);
        let record = record(&target);
        let states = record.extended.len();
        let svg = lattice_svg(&record, LatticeValues::Alpha, None, &[], size, &t);
        let cells = rounded_rects(&svg);
        assert_eq!(cells.len(), states * 5, "S × T cells for {target:?}");
        let mut seen = vec![vec![false; 5]; states];
        for cell in &cells {
            let (x, y) = cell.centre();
            let (s, frame) =
                lattice_cell_at(size.0, size.1, states, 5, &t, x, y).expect("cell in the grid");
            assert!(!seen[s][frame], "two cells at ({s}, {frame})");
            seen[s][frame] = true;
            // Every point of the cell's outline is in the same tile.
            for &(px, py) in &cell.points {
                assert_eq!(
                    lattice_cell_at(size.0, size.1, states, 5, &t, px, py),
                    Some((s, frame))
                );
            }
        }
        // Rows top to bottom are l', so each row's cells are in order of s.
        let (x, y) = cells[0].centre();
        assert_eq!(lattice_cell_at(size.0, size.1, states, 5, &t, 2.0, y), None);
        assert_eq!(lattice_cell_at(size.0, size.1, states, 5, &t, x, 2.0), None);
        let bottom = f64::from(size.1) - 2.0;
        assert_eq!(
            lattice_cell_at(size.0, size.1, states, 5, &t, x, bottom),
            None
        );
        assert_eq!(lattice_cell_at(size.0, size.1, 0, 5, &t, x, y), None);
    }
}

#[test]
fn lattice_rows_are_named_by_the_extended_target() {
    let record = record(&[A, B]);
    let svg = lattice_svg(&record, LatticeValues::Alpha, None, &[], SIZE, &theme());
    let texts = texts(&svg);
    for name in ["−", "a", "b"] {
        let expected = match name {
            "−" => 3,
            _ => 1,
        };
        assert_eq!(
            texts.iter().filter(|text| text.as_str() == name).count(),
            expected,
            "{name}"
        );
    }
    for frame in 1..=5 {
        assert!(texts.contains(&frame.to_string()), "frame {frame} labelled");
    }
}

#[test]
fn no_skip_between_repeated_labels_but_one_between_different_ones() {
    let t = theme();
    // l' = − a − a −: the skip a → a would merge the two a's, so it is not allowed.
    let repeated = record(&[A, A]);
    let svg = lattice_svg(&repeated, LatticeValues::Alpha, None, &[], SIZE, &t);
    let moves = transition_states(&svg, SIZE, 5, &t);
    // Per pair of columns: 5 stays and 4 steps, no skip.
    assert_eq!(moves.len(), 4 * (5 + 4));
    assert!(moves
        .iter()
        .all(|&(from, to, _)| to == from || to == from + 1));

    // l' = − a − b −: the skip a → b (s = 1 → 3) between every pair of columns.
    let different = record(&[A, B]);
    let svg = lattice_svg(&different, LatticeValues::Alpha, None, &[], SIZE, &t);
    let moves = transition_states(&svg, SIZE, 5, &t);
    assert_eq!(moves.len(), 4 * (5 + 4 + 1));
    let skips: Vec<_> = moves
        .iter()
        .filter(|&&(from, to, _)| to == from + 2)
        .collect();
    assert_eq!(skips.len(), 4);
    assert!(skips.iter().all(|&&(from, _, _)| from == 1));
    let frames: Vec<usize> = skips.iter().map(|&&(_, _, frame)| frame).collect();
    assert_eq!(frames, [0, 1, 2, 3]);
}

#[test]
fn states_on_no_alignment_are_faded_and_zeros_are_empty() {
    let t = theme();
    let record = record(&[A, A]);
    let svg = lattice_svg(&record, LatticeValues::Alpha, None, &[], SIZE, &t);
    // The outlines: muted around states on some alignment, `unused` around the others.
    let outlines: Vec<Shape> = polylines(&svg)
        .into_iter()
        .filter(|p| p.points.len() >= 8)
        .collect();
    assert_eq!(outlines.len(), 25);
    let live = (0..5)
        .flat_map(|s| (0..5).map(move |frame| (s, frame)))
        .filter(|&(s, frame)| {
            record.log_alpha[[s, frame]].is_finite() && record.log_beta[[s, frame]].is_finite()
        })
        .count();
    assert!(live > 5 && live < 25, "some states are dead: {live} live");
    let muted = outlines.iter().filter(|o| o.stroke == hex(t.muted)).count();
    assert_eq!(muted, live);
    // α = 0 (unreachable in time, e.g. the last blank at frame 1): drawn empty.
    assert_eq!(record.log_alpha[[4, 0]], f64::NEG_INFINITY);
    let empty = rounded_rects(&svg)
        .into_iter()
        .filter(|c| c.fill == hex(t.background))
        .count();
    let zeros = record.log_alpha.iter().filter(|v| !v.is_finite()).count();
    assert_eq!(empty, zeros);
}

#[test]
fn revealing_alpha_up_to_frame_3_leaves_the_later_columns_empty() {
    let t = theme();
    let record = record(&[A, B]);
    let at = |x: f64, y: f64| lattice_cell_at(SIZE.0, SIZE.1, 5, 5, &t, x, y);
    for (shown, revealed) in [
        (LatticeValues::Alpha, [true, true, true, false, false]),
        (LatticeValues::Beta, [false, false, true, true, true]),
    ] {
        let svg = lattice_svg(&record, shown, Some(2), &[], SIZE, &t);
        let mut per_column = [0; 5];
        for cell in rounded_rects(&svg) {
            let (x, y) = cell.centre();
            per_column[at(x, y).expect("in the grid").1] += 1;
        }
        let expected = revealed.map(|r| if r { 5 } else { 0 });
        assert_eq!(per_column, expected, "{shown:?}");
        // The hidden states are dots, so the lattice keeps its shape.
        let dots = tags(&svg, "circle").len();
        assert_eq!(dots, 5 * revealed.iter().filter(|r| !**r).count());
        // Transitions into or out of a hidden column are lighter than any other.
        for line in transitions(&svg, &t) {
            let frame = at(line.points[0].0, line.points[0].1)
                .expect("in the grid")
                .1;
            let shown = revealed[frame] && revealed[frame + 1];
            let light = line.stroke != hex(t.unused) && line.stroke != hex(t.muted);
            assert_eq!(light, !shown, "{line:?}");
        }
        assert!(texts(&svg).iter().any(|text| text.ends_with("t = 3 of 5")));
    }
}

#[test]
fn lattice_cells_show_their_values_when_large_enough() {
    let record = record(&[A, B]);
    let svg = lattice_svg(
        &record,
        LatticeValues::Alpha,
        None,
        &[],
        (1200, 420),
        &theme(),
    );
    // α_0(1) = y_0(a) ≈ 0.76.
    let y0a = record.log_alpha[[1, 0]].exp();
    assert!((y0a - 0.76).abs() < 0.01, "{y0a}");
    assert!(texts(&svg).contains(&".76".to_string()));
    // Tiny cells show no values.
    let svg = lattice_svg(
        &record,
        LatticeValues::Alpha,
        None,
        &[],
        (200, 120),
        &theme(),
    );
    assert!(!texts(&svg).iter().any(|t| t.starts_with('.')));
}

#[test]
fn posterior_columns_sum_to_one_and_are_drawn() {
    let record = record(&[A, B]);
    let svg = lattice_svg(
        &record,
        LatticeValues::Posterior,
        Some(1),
        &[],
        SIZE,
        &theme(),
    );
    // The cursor does not apply to posteriors: every column is drawn.
    assert_eq!(rounded_rects(&svg).len(), 25);
    assert!(texts(&svg).iter().any(|text| text.starts_with("α·β")));
}

#[test]
fn paths_are_polylines_through_their_states() {
    let t = theme();
    let target = [A, B];
    let record = record(&target);
    let log_probs = log_probs();
    let best = greedy(log_probs.view(), BLANK).expect("greedy");
    assert_eq!(best.frames, [A, A, BLANK, B, B]);
    let (alignment, _) = viterbi(log_probs.view(), &target, BLANK)
        .expect("viterbi")
        .expect("feasible");
    let greedy_states = path_states(&record.extended, &best.frames, BLANK).expect("collapses");
    let viterbi_states = path_states(&record.extended, &alignment, BLANK).expect("collapses");
    let paths = [
        ("greedy", greedy_states.clone()),
        ("Viterbi", viterbi_states.clone()),
    ];
    let svg = lattice_svg(&record, LatticeValues::Alpha, Some(2), &paths, SIZE, &t);
    for (colour, states) in [(t.accent_2, &greedy_states), (t.result, &viterbi_states)] {
        let lines = polylines_in(&svg, colour);
        // The path through T points, a legend sample of two, and a ring around each of its
        // states in the revealed columns 1..3.
        let path: Vec<&Shape> = lines.iter().filter(|p| p.points.len() == 5).collect();
        assert_eq!(path.len(), 1);
        assert_eq!(lines.iter().filter(|p| p.points.len() == 2).count(), 1);
        let rings: Vec<&Shape> = lines.iter().filter(|p| p.points.len() > 5).collect();
        assert_eq!(rings.len(), 3);
        for (frame, ring) in rings.iter().enumerate() {
            let (x, y) = ring.centre();
            assert_eq!(
                lattice_cell_at(SIZE.0, SIZE.1, 5, 5, &t, x, y),
                Some((states[frame], frame))
            );
        }
        for (frame, &(x, y)) in path[0].points.iter().enumerate() {
            assert_eq!(
                lattice_cell_at(SIZE.0, SIZE.1, 5, 5, &t, x, y),
                Some((states[frame], frame))
            );
        }
    }
    let texts = texts(&svg);
    assert!(texts.contains(&"greedy".to_string()));
    assert!(texts.contains(&"Viterbi".to_string()));
    // A path of the wrong length is left out.
    let short = [("short", vec![0, 1])];
    let svg = lattice_svg(&record, LatticeValues::Alpha, None, &short, SIZE, &t);
    assert!(polylines(&svg).iter().all(|p| p.stroke != hex(t.accent_2)));
}

#[test]
fn path_states_follow_the_collapse_rule() {
    let log_probs = log_probs();
    let different = record(&[A, B]);
    let repeated = record(&[A, A]);
    let best = greedy(log_probs.view(), BLANK).expect("greedy");
    // a a − b b through − a − b −: stay on a, leave it for the blank, reach b, stay.
    assert_eq!(
        path_states(&different.extended, &best.frames, BLANK),
        Some(vec![1, 1, 2, 3, 3])
    );
    // a a − b b collapses to ab, not aa.
    assert_eq!(path_states(&repeated.extended, &best.frames, BLANK), None);
    // The skip a → b, and ending on the final blank.
    assert_eq!(
        path_states(&different.extended, &[BLANK, A, B, B, BLANK], BLANK),
        Some(vec![0, 1, 3, 3, 4])
    );
    // A repeat needs its blank: a − a stays a, steps to −, steps to the second a.
    assert_eq!(
        path_states(&repeated.extended, &[A, BLANK, A, A, BLANK], BLANK),
        Some(vec![1, 2, 3, 3, 4])
    );
    assert_eq!(
        path_states(&repeated.extended, &[A, A, A, A, A], BLANK),
        None
    );
    assert_eq!(
        path_states(&different.extended, &[B, B, A, A, A], BLANK),
        None
    );
    assert_eq!(path_states(&different.extended, &[BLANK; 5], BLANK), None);
    assert_eq!(path_states(&different.extended, &[], BLANK), None);
    // Viterbi's alignments always map, and stay within the lattice.
    for (target, record) in [(vec![A, B], &different), (vec![A, A], &repeated)] {
        let (alignment, _) = viterbi(log_probs.view(), &target, BLANK)
            .expect("viterbi")
            .expect("feasible");
        let states = path_states(&record.extended, &alignment, BLANK).expect("collapses");
        assert_eq!(states.len(), 5);
        for (frame, &s) in states.iter().enumerate() {
            assert_eq!(record.extended[s], alignment[frame]);
            assert!(record.log_alpha[[s, frame]].is_finite());
            assert!(record.log_beta[[s, frame]].is_finite());
        }
    }
}

#[test]
fn an_infeasible_pair_draws_an_empty_lattice_with_a_note() {
    let t = theme();
    // aaaa needs 7 frames; there are 5.
    let record = record(&[A, A, A, A]);
    assert!(record.infeasible.is_some());
    for shown in [LatticeValues::Alpha, LatticeValues::Posterior] {
        let svg = lattice_svg(&record, shown, None, &[], SIZE, &t);
        assert_eq!(rounded_rects(&svg).len(), 9 * 5);
        assert!(texts(&svg).contains(&"no alignment: p = 0".to_string()));
        assert!(transitions(&svg, &t)
            .iter()
            .all(|line| line.stroke == hex(t.unused)));
    }
}

#[test]
fn lattice_snapshots() {
    let target = [A, B];
    let record = record(&target);
    let log_probs = log_probs();
    let best = greedy(log_probs.view(), BLANK).expect("greedy");
    let (alignment, _) = viterbi(log_probs.view(), &target, BLANK)
        .expect("viterbi")
        .expect("feasible");
    let paths = [
        (
            "greedy",
            path_states(&record.extended, &best.frames, BLANK).expect("collapses"),
        ),
        (
            "Viterbi",
            path_states(&record.extended, &alignment, BLANK).expect("collapses"),
        ),
    ];
    let svg = lattice_svg(
        &record,
        LatticeValues::Alpha,
        Some(2),
        &paths,
        SIZE,
        &theme(),
    );
    SNAPSHOTS.check("lattice_alpha", &svg);
    let phone = Theme::light(2.0);
    let svg = lattice_svg(
        &record,
        LatticeValues::Beta,
        Some(2),
        &paths,
        (720, 600),
        &phone,
    );
    SNAPSHOTS.check("lattice_beta_phone", &svg);
    let repeated = self::record(&[A, A]);
    let svg = lattice_svg(
        &repeated,
        LatticeValues::Posterior,
        None,
        &[],
        (1200, 420),
        &theme(),
    );
    SNAPSHOTS.check("lattice_posterior_wide", &svg);
}

// ---------------------------------------------------------------------------------------
// The emissions.

fn probs() -> Array2<f64> {
    log_probs().mapv(f64::exp)
}

fn emissions_svg(highlight: Option<usize>, (width, height): (u32, u32), t: &Theme) -> String {
    let probs = probs();
    let symbols = symbols();
    svg_of((width, height), |area| {
        draw_emissions(area, probs.view(), &symbols, highlight, t)
    })
}

/// The filled rectangles whose centres are emission cells (not the background or the key).
fn emission_cells(svg: &str, (width, height): (u32, u32), t: &Theme) -> Vec<Rect> {
    rects(svg)
        .into_iter()
        .filter(|r| r.fill != "none" && r.width < f64::from(width))
        .filter(|r| {
            let (x, y) = r.centre();
            emission_cell_at(width, height, 5, 3, t, x, y).is_some()
        })
        .collect()
}

#[test]
fn emissions_draw_frames_by_symbols_in_the_sequential_map() {
    for (size, ratio) in [((600, 300), 1.0), ((720, 500), 2.0)] {
        let t = Theme::light(ratio);
        let svg = emissions_svg(None, size, &t);
        let cells = emission_cells(&svg, size, &t);
        assert_eq!(cells.len(), 5 * 3);
        let probs = probs();
        for cell in &cells {
            let (x, y) = cell.centre();
            let (frame, symbol, p) =
                emission_cell_at(size.0, size.1, 5, 3, &t, x, y).expect("in the grid");
            assert_eq!(cell.fill, hex(t.sequential(probs[[frame, symbol]])));
            assert!((p - 0.5).abs() < 0.05, "the middle of a cell is 0.5: {p}");
            // The top edge is 1, the bottom edge 0.
            let (_, _, top) =
                emission_cell_at(size.0, size.1, 5, 3, &t, x, cell.y).expect("in the grid");
            assert!(top > 0.97, "{top}");
            let bottom = cell.y + cell.height;
            let (_, _, low) =
                emission_cell_at(size.0, size.1, 5, 3, &t, x, bottom).expect("in the cell");
            assert!(low < 0.03, "{low}");
            // Rows are symbols from the top, columns frames from the left.
            assert_eq!(
                (cell.x, cell.y),
                (cells[symbol + 3 * frame].x, cells[symbol + 3 * frame].y),
                "cells are drawn frame by frame"
            );
        }
        let texts = texts(&svg);
        for name in ["−", "a", "b", "1", "5"] {
            assert!(texts.contains(&name.to_string()), "{name}");
        }
        // y_0(a) ≈ 0.76 is written in its cell.
        assert!(texts.contains(&".76".to_string()));
        assert_eq!(emission_cell_at(size.0, size.1, 5, 3, &t, 1.0, 150.0), None);
        assert_eq!(emission_cell_at(size.0, size.1, 5, 3, &t, 300.0, 1.0), None);
    }
}

#[test]
fn emissions_highlight_a_frame() {
    let t = theme();
    let svg = emissions_svg(Some(3), (600, 300), &t);
    let outline: Vec<Rect> = rects(&svg)
        .into_iter()
        .filter(|r| r.fill == "none")
        .collect();
    assert_eq!(outline.len(), 1);
    let (x, y) = (outline[0].x + outline[0].width / 2.0, outline[0].y + 20.0);
    assert_eq!(
        emission_cell_at(600, 300, 5, 3, &t, x, y).map(|(frame, _, _)| frame),
        Some(3)
    );
}

#[test]
fn emission_snapshots() {
    SNAPSHOTS.check("emissions", &emissions_svg(Some(2), (900, 420), &theme()));
    let phone = Theme::light(2.0);
    SNAPSHOTS.check("emissions_phone", &emissions_svg(None, (720, 400), &phone));
}
