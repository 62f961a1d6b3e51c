#![cfg(not(target_arch = "wasm32"))]
//! The word2vec lab's drawings, rendered natively into SVG strings: W and W′ side by side, the
//! 2-D projection with trails, the negative-sampling distribution and one update's dot
//! products. Structure (cells, outlines, markers, trails, bars, rows), the hover functions
//! against where things are drawn, and golden-file snapshots.
//!
//! Snapshots live in `tests/snapshots/w2v_<name>.svg`. Run with `UPDATE_SNAPSHOTS=1` to
//! rewrite them after an intended change, then look at them before committing.

use ndarray::Array2;
use plotters::style::RGBColor;
use unroll::render::{
    draw_matrices, draw_pair, draw_projection, draw_sampling, matrices_cell_at,
    projection_point_at, MatricesView, PairView, ProjectionView, SamplingView, Theme,
};

mod support;

use support::{
    attribute, circles, has_text, hex, polylines, rects, svg_of, tags, text_boxes, texts, Circle,
    Rect, Shape, Snapshots, TextBox,
};

/// This file's snapshots: `tests/snapshots/w2v_<name>.svg`.
const SNAPSHOTS: Snapshots = Snapshots("w2v_");

/// The sizes every drawing is tried at, and the pixel ratios.
const SIZES: [(u32, u32); 3] = [(360, 300), (640, 360), (1100, 420)];
const RATIOS: [f64; 2] = [1.0, 2.0];

/// A size in CSS pixels at a pixel ratio, in device pixels.
fn scaled((width, height): (u32, u32), ratio: f64) -> (u32, u32) {
    (
        (f64::from(width) * ratio) as u32,
        (f64::from(height) * ratio) as u32,
    )
}

fn strings(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

/// Reproducible values in about [−1, 1].
fn wavy(rows: usize, cols: usize, seed: f64) -> Array2<f64> {
    Array2::from_shape_fn((rows, cols), |(r, c)| {
        ((r as f64 * 1.7 + c as f64 * 0.9 + seed).sin() * (c as f64 * 0.37 + seed).cos()) * 0.8
    })
}

const TOY: [&str; 12] = [
    "the", "dog", "cat", "eats", "apple", "red", "house", "king", "queen", "in", "bread", "river",
];

// ---------------------------------------------------------------------------------------
// W and W′.

/// The filled rectangles whose centre the hit test puts in a cell, with that cell.
fn matrix_cells(
    svg: &str,
    size: (u32, u32),
    view: &MatricesView,
    t: &Theme,
) -> Vec<(Rect, (usize, usize, usize))> {
    rects(svg)
        .into_iter()
        .filter(|r| r.fill != "none" && r.width < f64::from(size.0))
        .filter_map(|r| {
            let (x, y) = r.centre();
            matrices_cell_at(size.0, size.1, view, t, x, y).map(|cell| (r, cell))
        })
        .collect()
}

fn matrices_view<'a>(
    words: &'a [String],
    w: &'a Array2<f64>,
    w_prime: Option<&'a Array2<f64>>,
) -> MatricesView<'a> {
    MatricesView {
        words,
        w: w.view(),
        w_prime: w_prime.map(|m| m.view()),
        changed_w: &[],
        changed_w_prime: &[],
        delta_w: None,
        delta_w_prime: None,
        roles: &[],
    }
}

#[test]
fn a_5_by_4_pair_of_matrices_draws_40_cells_and_hovers_them() {
    let words = strings(&TOY[..5]);
    let (w, w_prime) = (wavy(5, 4, 0.0), wavy(5, 4, 2.0));
    for ratio in RATIOS {
        let t = Theme::light(ratio);
        for size in SIZES.map(|s| scaled(s, ratio)) {
            let view = matrices_view(&words, &w, Some(&w_prime));
            let svg = svg_of(size, |area| draw_matrices(area, &view, &t));
            let cells = matrix_cells(&svg, size, &view, &t);
            assert_eq!(cells.len(), 40, "{size:?}");
            let mut seen: Vec<_> = cells.iter().map(|c| c.1).collect();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), 40, "every cell once at {size:?}");
            // Each matrix on its own symmetric scale: its largest |value| is a full colour.
            for (rect, (matrix, row, col)) in &cells {
                let values = [&w, &w_prime][*matrix];
                let max = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
                assert_eq!(rect.fill, hex(t.diverging(values[[*row, *col]] / max)));
            }
            assert!(has_text(&svg, "W (input)") && has_text(&svg, "W′ (output)"));
            assert!(has_text(&svg, "dog") && has_text(&svg, "apple"));
            let (w_, h) = (f64::from(size.0), f64::from(size.1));
            for (x, y) in [(w_ / 2.0, 2.0), (w_ - 2.0, h - 2.0), (2.0, h / 2.0)] {
                assert_eq!(matrices_cell_at(size.0, size.1, &view, &t, x, y), None);
            }
        }
    }
}

#[test]
fn tied_matrices_draw_one_matrix_of_20_cells() {
    let words = strings(&TOY[..5]);
    let w = wavy(5, 4, 0.0);
    let t = Theme::light(1.0);
    for size in SIZES {
        let view = matrices_view(&words, &w, None);
        let svg = svg_of(size, |area| draw_matrices(area, &view, &t));
        let cells = matrix_cells(&svg, size, &view, &t);
        assert_eq!(cells.len(), 20, "{size:?}");
        assert!(cells.iter().all(|c| c.1 .0 == 0));
        assert!(has_text(&svg, "W = W′ (tied)") && !has_text(&svg, "W (input)"));
    }
}

#[test]
fn changed_rows_are_outlined_with_their_change_beside_them() {
    let words = strings(&TOY);
    let (w, w_prime) = (wavy(12, 6, 0.0), wavy(12, 6, 1.0));
    let (delta_w, delta_w_prime) = (wavy(12, 6, 3.0) * 0.01, wavy(12, 6, 4.0) * 0.02);
    let roles = [(1, 'c'), (2, 'o'), (5, 'n'), (7, 'n'), (2, 'n')];
    for ratio in RATIOS {
        let t = Theme::light(ratio);
        for size in SIZES.map(|s| scaled(s, ratio)) {
            let view = MatricesView {
                changed_w: &[1],
                changed_w_prime: &[2, 5, 7],
                delta_w: Some(delta_w.view()),
                delta_w_prime: Some(delta_w_prime.view()),
                roles: &roles,
                ..matrices_view(&words, &w, Some(&w_prime))
            };
            let svg = svg_of(size, |area| draw_matrices(area, &view, &t));
            let outlines = rects(&svg)
                .into_iter()
                .filter(|r| r.fill == "none" && r.stroke == hex(t.ink))
                .count();
            assert_eq!(outlines, 1 + 3, "{size:?}");
            // The matrices' cells, plus the change of each changed row in a Δ block.
            let cells = matrix_cells(&svg, size, &view, &t);
            assert_eq!(cells.len(), 2 * 12 * 6 + (1 + 3) * 6, "{size:?}");
            assert!(texts(&svg).iter().any(|s| s.starts_with("Δ")));
            // The marked rows keep their labels, however thin the rows.
            for word in ["dog", "cat", "red", "king"] {
                assert!(has_text(&svg, word), "{word} at {size:?}");
            }
            for role in ["c", "o", "n"] {
                assert!(has_text(&svg, role), "badge {role} at {size:?}");
            }
        }
    }
}

#[test]
fn empty_matrices_say_so() {
    let w = Array2::<f64>::zeros((0, 4));
    let view = matrices_view(&[], &w, None);
    let svg = svg_of((360, 300), |area| {
        draw_matrices(area, &view, &Theme::light(1.0))
    });
    assert!(has_text(&svg, "no vectors yet"));
    assert_eq!(
        matrices_cell_at(360, 300, &view, &Theme::light(1.0), 180.0, 150.0),
        None
    );
}

/// Vectors of the 12 toy words after one update of the pair (dog, cat) with negatives red
/// and king.
fn matrices_snapshot_data() -> (Vec<String>, [Array2<f64>; 4]) {
    let d = 10;
    (
        strings(&TOY),
        [
            wavy(12, d, 0.0) * 0.5,
            wavy(12, d, 1.3) * 0.3,
            wavy(12, d, 3.0) * 0.004,
            wavy(12, d, 4.0) * 0.006,
        ],
    )
}

#[test]
fn matrices_snapshots() {
    let t = Theme::light(1.0);
    let (words, [w, w_prime, delta_w, delta_w_prime]) = matrices_snapshot_data();
    let roles = [(1, 'c'), (2, 'o'), (5, 'n'), (7, 'n')];
    let view = MatricesView {
        changed_w: &[1],
        changed_w_prime: &[2, 5, 7],
        delta_w: Some(delta_w.view()),
        delta_w_prime: Some(delta_w_prime.view()),
        roles: &roles,
        ..matrices_view(&words, &w, Some(&w_prime))
    };
    SNAPSHOTS.check_wide_and_phone("matrices", (1100, 420), (360, 480), |a| {
        draw_matrices(a, &view, &t)
    });
    let tied = MatricesView {
        w_prime: None,
        ..view
    };
    SNAPSHOTS.check(
        "matrices_tied_phone",
        &svg_of((360, 300), |a| draw_matrices(a, &tied, &t)),
    );
}

// ---------------------------------------------------------------------------------------
// The projection.

/// The toy language's classes, four words each, and three words of no class.
const CLASS_NAMES: [&str; 6] = ["animal", "food", "colour", "place", "verb", "person"];
const CLASS_WORDS: [[&str; 4]; 6] = [
    ["dog", "cat", "horse", "cow"],
    ["apple", "bread", "cheese", "rice"],
    ["red", "green", "blue", "yellow"],
    ["house", "garden", "forest", "river"],
    ["eats", "likes", "wants", "finds"],
    ["king", "queen", "man", "woman"],
];

struct Scatter {
    words: Vec<String>,
    points: Vec<(f64, f64)>,
    trails: Vec<Vec<(f64, f64)>>,
    classes: Vec<usize>,
    class_names: Vec<String>,
}

/// 27 words in six clusters (plus "the", "a", "in" of no class near the middle), each having
/// moved out from near the origin along a curve; every third word has no trail yet.
fn scatter() -> Scatter {
    let mut out = Scatter {
        words: Vec::new(),
        points: Vec::new(),
        trails: Vec::new(),
        classes: Vec::new(),
        class_names: strings(&CLASS_NAMES),
    };
    for (class, words) in CLASS_WORDS.iter().enumerate() {
        let angle = class as f64 * std::f64::consts::TAU / 6.0;
        for (k, word) in words.iter().enumerate() {
            let jitter = (k as f64 * 2.1 + class as f64).sin() * 0.35;
            let end = (
                2.0 * angle.cos() + jitter,
                1.4 * angle.sin() + (k as f64 * 1.3).cos() * 0.3,
            );
            out.words.push(word.to_string());
            out.points.push(end);
            out.classes.push(class);
            let n = out.words.len();
            out.trails.push(if n.is_multiple_of(3) {
                Vec::new()
            } else {
                (1..6)
                    .map(|s| {
                        let f = s as f64 / 6.0;
                        (end.0 * f + 0.3 * (1.0 - f), end.1 * f * f - 0.2 * (1.0 - f))
                    })
                    .collect()
            });
        }
    }
    for (k, word) in ["the", "a", "in"].iter().enumerate() {
        out.words.push(word.to_string());
        out.points.push((0.1 * k as f64 - 0.1, 0.15 * k as f64));
        out.classes.push(usize::MAX);
        out.trails.push(Vec::new());
    }
    out
}

fn projection_view<'a>(scatter: &'a Scatter, neighbours: &'a [usize]) -> ProjectionView<'a> {
    ProjectionView {
        words: &scatter.words,
        points: &scatter.points,
        trails: &scatter.trails,
        classes: Some(&scatter.classes),
        class_names: &scatter.class_names,
        highlight: Some(0),
        neighbours,
        title: "embedding (W), PCA",
    }
}

#[test]
fn the_projection_draws_a_marker_per_point_and_a_line_per_trail() {
    let scatter = scatter();
    let neighbours = [1, 2, 3];
    let view = projection_view(&scatter, &neighbours);
    let trails = scatter.trails.iter().filter(|t| !t.is_empty()).count();
    for ratio in RATIOS {
        let t = Theme::light(ratio);
        for size in SIZES.map(|s| scaled(s, ratio)) {
            let svg = svg_of(size, |area| draw_projection(area, &view, &t));
            let all = circles(&svg);
            let markers: Vec<&Circle> = all.iter().filter(|c| c.fill != "none").collect();
            assert_eq!(markers.len(), scatter.points.len(), "{size:?}");
            let rings = all.iter().filter(|c| c.fill == "none").count();
            assert_eq!(rings, 1, "the picked word is ringed");
            // Trails end at their word: many points, faint.
            let lines = polylines(&svg);
            let faint: Vec<&Shape> = lines.iter().filter(|l| l.opacity < 0.5).collect();
            let trail_lines = faint.iter().filter(|l| l.points.len() == 6).count();
            assert_eq!(trail_lines, trails, "{size:?}");
            // The neighbour lines start at the picked word.
            let ring = all.iter().find(|c| c.fill == "none").expect("a ring");
            let from_ring = faint
                .iter()
                .filter(|l| l.points.len() == 2 && l.points[0] == (ring.x, ring.y))
                .count();
            assert_eq!(from_ring, neighbours.len());
            // Every marker hovers its own word; the empty corner none.
            for marker in &markers {
                let hit = projection_point_at(size.0, size.1, &view, &t, marker.x, marker.y)
                    .expect("a marker is a point");
                let expected = match scatter.classes[hit] {
                    0 => Some(t.accent),
                    1 => Some(t.accent_2),
                    2 => Some(t.result),
                    usize::MAX => Some(t.muted),
                    _ => None,
                };
                if let Some(colour) = expected {
                    assert_eq!(marker.fill, hex(colour), "{}", scatter.words[hit]);
                }
            }
            assert_eq!(
                projection_point_at(size.0, size.1, &view, &t, 1.0, 1.0),
                None
            );
            // The picked word and its neighbours are always labelled.
            for word in ["dog", "cat", "horse", "cow"] {
                assert!(has_text(&svg, word), "{word} at {size:?}");
            }
            assert!(has_text(&svg, "animal") && has_text(&svg, "person"));
        }
    }
}

// ---------------------------------------------------------------------------------------
// The negative-sampling distribution.

const ZIPF_WORDS: [&str; 30] = [
    "the", "a", "in", "near", "eats", "dog", "cat", "red", "apple", "house", "likes", "green",
    "bread", "king", "queen", "river", "sleeps", "blue", "cheese", "forest", "wants", "horse",
    "rice", "garden", "man", "woman", "finds", "cow", "yellow", "market",
];

/// Counts falling like Zipf's law, their unigram distribution and unigram^α.
fn zipf(n: usize, alpha: f64) -> (Vec<String>, Vec<f64>, Vec<f64>) {
    let counts: Vec<f64> = (0..n).map(|k| 1000.0 / (k as f64 + 1.0)).collect();
    let total: f64 = counts.iter().sum();
    let unigram = counts.iter().map(|c| c / total).collect();
    let powered: Vec<f64> = counts.iter().map(|c| c.powf(alpha)).collect();
    let sum: f64 = powered.iter().sum();
    let smoothed = powered.iter().map(|p| p / sum).collect();
    (strings(&ZIPF_WORDS[..n]), unigram, smoothed)
}

/// "cat" drawn twice, "the" and "river" once, and the context "dog" drawn as well.
const DRAWN: [usize; 5] = [6, 0, 6, 15, 5];

/// The distribution of [`zipf`] at α = 0.75 with the draws [`DRAWN`] for the context "dog".
fn sampling_view<'a>(
    (words, unigram, smoothed): &'a (Vec<String>, Vec<f64>, Vec<f64>),
) -> SamplingView<'a> {
    SamplingView {
        words,
        unigram,
        smoothed,
        alpha: 0.75,
        drawn: &DRAWN,
        positive: Some(5),
    }
}

#[test]
fn sampling_draws_two_bars_per_word_and_marks_the_draws() {
    let zipf = zipf(30, 0.75);
    let view = sampling_view(&zipf);
    for ratio in RATIOS {
        let t = Theme::light(ratio);
        for size in SIZES.map(|s| scaled(s, ratio)) {
            let svg = svg_of(size, |area| draw_sampling(area, &view, &t));
            let all = rects(&svg);
            // The bars stand on one baseline; the legend's swatches are above them.
            let baseline = all
                .iter()
                .filter(|r| r.fill == hex(t.accent))
                .map(|r| r.y + r.height)
                .fold(0.0, f64::max);
            let on_baseline = |colour: RGBColor| -> Vec<Rect> {
                all.iter()
                    .filter(|r| r.fill == hex(colour) && r.y + r.height == baseline)
                    .cloned()
                    .collect()
            };
            let (plain, smooth) = (on_baseline(t.unused), on_baseline(t.accent));
            assert_eq!((plain.len(), smooth.len()), (30, 30), "{size:?}");
            // The tallest unigram bar is taller than its unigram^α bar, the last is shorter.
            assert!(plain[0].height > smooth[0].height && plain[29].height < smooth[29].height);
            assert!(has_text(&svg, "unigram") && has_text(&svg, "unigram^0.75"));
            assert!(has_text(&svg, "×2"), "cat was drawn twice");
            // Triangles: the context, its own draw as a negative, cat and the others; and the
            // legend's two.
            let triangles = tags(&svg, "polygon")
                .into_iter()
                .filter(|p| {
                    attribute(p, "points").is_some_and(|s| s.split_whitespace().count() == 3)
                })
                .count();
            assert_eq!(triangles, 5 + 2, "{size:?}");
            for word in ["dog", "cat", "the", "river"] {
                assert!(has_text(&svg, word), "{word} at {size:?}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// One update.

/// σ(x).
fn sigma(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Labels, dot products, σ(dot), loss terms and the loss of one update.
type PairData = (Vec<String>, Vec<f64>, Vec<f64>, Vec<f64>, f64);

/// The pair (dog, cat) with five negatives, one of them drawn twice.
fn pair_data() -> PairData {
    let labels = strings(&["cat", "the", "river", "bread", "the", "queen"]);
    let dots = vec![1.83, -0.42, 0.35, -2.1, -0.42, 0.08];
    let sigmas: Vec<f64> = dots.iter().map(|&d| sigma(d)).collect();
    // −ln σ(dot) for the context, −ln σ(−dot) for each negative.
    let terms: Vec<f64> = std::iter::once(-sigmas[0].ln())
        .chain(dots[1..].iter().map(|&d| -sigma(-d).ln()))
        .collect();
    let loss = terms.iter().sum();
    (labels, dots, sigmas, terms, loss)
}

/// The view of [`pair_data`], centred on "dog".
fn pair_view<'a>((labels, dots, sigmas, terms, loss): &'a PairData) -> PairView<'a> {
    PairView {
        centre: "dog",
        labels,
        dots,
        sigmas,
        terms,
        loss: *loss,
    }
}

#[test]
fn the_pair_view_draws_one_row_per_label_with_its_loss_term() {
    let data = pair_data();
    let (labels, dots, sigmas, _, loss) = &data;
    let view = pair_view(&data);
    for ratio in RATIOS {
        let t = Theme::light(ratio);
        for size in SIZES.map(|s| scaled(s, ratio)) {
            let svg = svg_of(size, |area| draw_pair(area, &view, &t));
            let all = rects(&svg);
            let tracks: Vec<&Rect> = all.iter().filter(|r| r.fill == hex(t.unused)).collect();
            assert_eq!(tracks.len(), labels.len(), "{size:?}");
            // σ fills its track: the context in `result`, the negatives in `accent_2`.
            for (k, track) in tracks.iter().enumerate() {
                let colour = if k == 0 { t.result } else { t.accent_2 };
                let fill = all
                    .iter()
                    .find(|r| r.fill == hex(colour) && r.y == track.y && r.x == track.x)
                    .expect("a filled part");
                let share = fill.width / track.width;
                assert!((share - sigmas[k]).abs() < 0.02, "{share} vs {}", sigmas[k]);
            }
            // The loss terms add up to the loss in the caption.
            let terms = [-sigmas[0].ln()]
                .into_iter()
                .chain(dots[1..].iter().map(|&d| -sigma(-d).ln()));
            for term in terms {
                assert!(
                    has_text(&svg, &format!("{term:.3}")),
                    "{term:.3} at {size:?}"
                );
            }
            assert!(has_text(&svg, &format!("centre “dog”: loss {loss:.3}")));
            assert!(has_text(&svg, "1.83") && has_text(&svg, "−2.10"));
        }
    }
    let empty = PairView {
        labels: &[],
        dots: &[],
        sigmas: &[],
        terms: &[],
        ..view
    };
    let svg = svg_of((360, 300), |area| {
        draw_pair(area, &empty, &Theme::light(1.0))
    });
    assert!(has_text(&svg, "no update yet"));
}

// ---------------------------------------------------------------------------------------
// Snapshots of the other drawings.

#[test]
fn projection_snapshots() {
    let t = Theme::light(1.0);
    let scatter = scatter();
    let neighbours = [1, 3, 2];
    let view = projection_view(&scatter, &neighbours);
    SNAPSHOTS.check_wide_and_phone("projection", (1100, 420), (360, 300), |a| {
        draw_projection(a, &view, &t)
    });
}

#[test]
fn sampling_snapshots() {
    let t = Theme::light(1.0);
    let zipf = zipf(30, 0.75);
    let view = sampling_view(&zipf);
    SNAPSHOTS.check_wide_and_phone("sampling", (1100, 420), (360, 300), |a| {
        draw_sampling(a, &view, &t)
    });
}

#[test]
fn pair_snapshots() {
    let t = Theme::light(1.0);
    let data = pair_data();
    let view = pair_view(&data);
    SNAPSHOTS.check_wide_and_phone("pair", (1100, 420), (360, 300), |a| draw_pair(a, &view, &t));
}

#[test]
fn empty_projection_and_sampling_say_so() {
    let t = Theme::light(1.0);
    let words = strings(&["dog", "cat"]);
    let points = [(f64::NAN, 0.0), (0.0, f64::INFINITY)];
    let view = ProjectionView {
        words: &words,
        points: &points,
        trails: &[],
        classes: None,
        class_names: &[],
        highlight: Some(0),
        neighbours: &[1],
        title: "embedding",
    };
    let svg = svg_of((360, 300), |area| draw_projection(area, &view, &t));
    assert!(has_text(&svg, "no embedding yet") && circles(&svg).is_empty());
    assert_eq!(projection_point_at(360, 300, &view, &t, 180.0, 150.0), None);
    let sampling = SamplingView {
        words: &[],
        unigram: &[],
        smoothed: &[],
        alpha: 0.75,
        drawn: &[],
        positive: None,
    };
    let svg = svg_of((360, 300), |area| draw_sampling(area, &sampling, &t));
    assert!(has_text(&svg, "no words yet"));
}

#[test]
fn a_projection_without_classes_draws_every_finite_point_in_accent() {
    let t = Theme::light(1.0);
    let words = strings(&["dog", "cat", "gone", "cow"]);
    let points = [(0.0, 0.0), (1.0, 0.5), (f64::NAN, 1.0), (-1.0, 2.0)];
    let trails = vec![vec![(0.2, 0.1)], Vec::new(), vec![(0.0, 0.0)], Vec::new()];
    let view = ProjectionView {
        words: &words,
        points: &points,
        trails: &trails,
        classes: None,
        class_names: &[],
        highlight: None,
        neighbours: &[],
        title: "embedding",
    };
    let svg = svg_of((640, 360), |area| draw_projection(area, &view, &t));
    let markers = circles(&svg);
    assert_eq!(markers.len(), 3);
    assert!(markers.iter().all(|c| c.fill == hex(t.accent)));
    // Only the finite word with a trail gets one; "gone" has no position to end it at.
    let trails_drawn = polylines(&svg).iter().filter(|l| l.opacity < 0.5).count();
    assert_eq!(trails_drawn, 1);
    // Equal scales: one projection unit is as long across as down.
    let dog = &markers[0];
    let cat = &markers[1];
    let cow = &markers[2];
    let across = (cat.x - dog.x) / 1.0;
    let down = (dog.y - cow.y) / 2.0;
    assert!((across - down).abs() < 1.0, "{across} vs {down}");
    assert!(has_text(&svg, "dog") && !has_text(&svg, "gone"));
}

// ---------------------------------------------------------------------------------------
// The projection's labels in a crowd.

/// `count` words on a sunflower spiral packed into a small disc (the crowd PCA makes of a
/// barely trained embedding), named by `name(i)`.
fn crowd(count: usize, name: impl Fn(usize) -> String) -> (Vec<String>, Vec<(f64, f64)>) {
    let words = (0..count).map(name).collect();
    let points = (0..count)
        .map(|i| {
            let (angle, radius) = (i as f64 * 2.399_963, (i as f64).sqrt());
            (radius * angle.cos(), radius * angle.sin() * 0.6)
        })
        .collect();
    (words, points)
}

/// The word labels drawn (texts that are words of the view), with their boxes.
fn word_labels(svg: &str, words: &[String]) -> Vec<TextBox> {
    text_boxes(svg)
        .into_iter()
        .filter(|b| words.contains(&b.text))
        .collect()
}

/// Panics naming the first two word labels whose boxes overlap.
fn assert_no_two_overlap(labels: &[TextBox], what: &str) {
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            assert!(!a.overlaps(b, 0.0), "{what}: {a:?} overlaps {b:?}");
        }
    }
}

#[test]
fn projection_labels_never_overlap_even_in_a_crowd_or_in_hangul() {
    let english = [
        "and", "walking", "x", "sleeps", "mountain", "of", "queen", "WHAT",
    ];
    let korean = [
        "고양이가",
        "개",
        "먹는다",
        "마신다",
        "학생이",
        "선생님이",
        "책을",
    ];
    let names: [&dyn Fn(usize) -> String; 2] =
        [&|i| format!("{}{i}", english[i % english.len()]), &|i| {
            format!("{}{i}", korean[i % korean.len()])
        }];
    for name in names {
        let (words, points) = crowd(90, name);
        let trails = vec![Vec::new(); words.len()];
        let neighbours = [1, 2, 3, 4, 5, 6, 7, 8];
        let view = ProjectionView {
            words: &words,
            points: &points,
            trails: &trails,
            classes: None,
            class_names: &[],
            highlight: Some(0),
            neighbours: &neighbours,
            title: "embedding",
        };
        for ratio in RATIOS {
            let t = Theme::light(ratio);
            for size in SIZES.map(|s| scaled(s, ratio)) {
                let svg = svg_of(size, |area| draw_projection(area, &view, &t));
                let labels = word_labels(&svg, &words);
                assert_no_two_overlap(&labels, &format!("{size:?} at {ratio}"));
                // The picked word and its eight neighbours are always labelled.
                for &i in [0].iter().chain(&neighbours) {
                    assert!(has_text(&svg, &words[i]), "{} at {size:?}", words[i]);
                }
                assert!(labels.len() > 12, "{} labels at {size:?}", labels.len());
            }
        }
    }
}

#[test]
fn the_picked_word_and_its_neighbours_are_labelled_when_they_sit_on_one_spot() {
    // Nine words within a pixel or two of each other, and a few others around them.
    let words = strings(&[
        "dog", "cat", "horse", "cow", "sheep", "goat", "mouse", "duck", "hen", "river", "bread",
        "king",
    ]);
    let mut points: Vec<(f64, f64)> = (0..9).map(|i| (0.001 * i as f64, 0.0)).collect();
    points.extend([(-1.0, 0.8), (1.0, -0.5), (0.6, 0.9)]);
    let trails = vec![Vec::new(); words.len()];
    let neighbours = [1, 2, 3, 4, 5, 6, 7, 8];
    let view = ProjectionView {
        words: &words,
        points: &points,
        trails: &trails,
        classes: None,
        class_names: &[],
        highlight: Some(0),
        neighbours: &neighbours,
        title: "embedding",
    };
    for ratio in RATIOS {
        let t = Theme::light(ratio);
        for size in SIZES.map(|s| scaled(s, ratio)) {
            let svg = svg_of(size, |area| draw_projection(area, &view, &t));
            let labels = word_labels(&svg, &words);
            assert_no_two_overlap(&labels, &format!("{size:?} at {ratio}"));
            for word in &words[..9] {
                assert!(
                    has_text(&svg, word),
                    "{word} at {size:?}: {:?}",
                    texts(&svg)
                );
            }
            // Inside the frame, never cut off.
            for label in &labels {
                assert!(
                    label.left >= 0.0 && label.right <= f64::from(size.0),
                    "{label:?}"
                );
                assert!(
                    label.top >= 0.0 && label.bottom <= f64::from(size.1),
                    "{label:?}"
                );
            }
        }
    }
}
