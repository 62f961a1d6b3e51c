//! The attention explorer's scaled dot-product attention against PyTorch 2.15 in float64
//! (`tests/fixtures/gen_sdpa.py` → `sdpa.json`): scores, scaled scores, weights, output and
//! `∂Q`, `∂K`, `∂V` under causal, padding, custom and no masks, scaling on and off, Tq ≠ Tk, and
//! each way of treating a fully masked row (PyTorch's `scaled_dot_product_attention` gives
//! zeros; the −∞ softmax NaN; a −10⁹ fill a uniform row). Tolerance 1e-12 of each array's
//! largest magnitude (at least 1). The backward is also checked against central finite
//! differences, and bad inputs are errors.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::{load, Failures, Scale};
use ndarray::Array2;
use serde_json::Value;
use unroll::attention::{
    causal_mask, padding_mask, sdpa, sdpa_backward, sdpa_example, FullyMasked, Scaling,
    SDPA_MAX_POSITIONS,
};
use unroll::Error;

const TOLERANCE: f64 = 1e-12;
const SCALE: Scale = Scale::Largest { floor: 1.0 };

/// A fixture matrix, `null` read as NaN (the generator writes NaN so).
fn nan_matrix(value: &Value) -> Array2<f64> {
    let rows = value.as_array().expect("a list of rows");
    let cells: Vec<f64> = rows
        .iter()
        .flat_map(|row| row.as_array().expect("a row").iter())
        .map(|x| x.as_f64().unwrap_or(f64::NAN))
        .collect();
    let columns = cells.len() / rows.len().max(1);
    Array2::from_shape_vec((rows.len(), columns), cells).expect("equal rows")
}

/// The mask of 0/1 rows as booleans.
fn mask_of(value: &Value) -> Array2<bool> {
    nan_matrix(value).mapv(|x| x != 0.0)
}

/// Compares `ours` with `theirs` where NaN must meet NaN: the NaN cells must agree, and the
/// others are compared as numbers.
fn compare(failures: &mut Failures, what: &str, ours: &Array2<f64>, theirs: &Array2<f64>) {
    let nan_ours: Vec<bool> = ours.iter().map(|x| x.is_nan()).collect();
    let nan_theirs: Vec<bool> = theirs.iter().map(|x| x.is_nan()).collect();
    failures.equal(&format!("{what}: NaN cells"), nan_ours, nan_theirs);
    let (a, b): (Vec<f64>, Vec<f64>) = ours
        .iter()
        .zip(theirs.iter())
        .filter(|(x, y)| !x.is_nan() && !y.is_nan())
        .map(|(&x, &y)| (x, y))
        .unzip();
    failures.arrays(what, &a, &b, TOLERANCE, SCALE);
}

#[test]
fn forward_and_backward_equal_pytorch() {
    let fixtures = load("sdpa.json");
    let cases = fixtures["cases"].as_array().expect("cases");
    assert!(cases.len() >= 7);
    let mut failures = Failures::default();
    let mut fully_masked_seen = 0;
    for case in cases {
        let name = case["name"].as_str().expect("a name");
        let (q, k, v) = (
            nan_matrix(&case["Q"]),
            nan_matrix(&case["K"]),
            nan_matrix(&case["V"]),
        );
        let (g, mask) = (nan_matrix(&case["G"]), mask_of(&case["mask"]));
        let scaling = if case["scaled"].as_bool().expect("scaled") {
            Scaling::Sqrt
        } else {
            Scaling::Off
        };
        let expected_rows: Vec<usize> = case["fully_masked_rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| r.as_u64().expect("a row") as usize)
            .collect();
        fully_masked_seen += expected_rows.len();
        for (policy, key) in [
            (FullyMasked::Zeros, "sdpa"),
            (FullyMasked::Nan, "neg_inf"),
            (FullyMasked::Fill, "fill"),
        ] {
            let what = |part: &str| format!("{name} {key}: {part}");
            let run = sdpa(q.view(), k.view(), v.view(), mask.view(), scaling, policy)
                .expect("a valid case");
            failures.equal(
                &what("fully masked rows"),
                &run.fully_masked_rows,
                &expected_rows,
            );
            compare(
                &mut failures,
                &what("QKᵀ"),
                &run.scores,
                &nan_matrix(&case["scores"]),
            );
            let scaled = nan_matrix(&case["scaled_scores"]);
            compare(&mut failures, &what("scaled scores"), &run.scaled, &scaled);
            let expected = &case["policies"][key];
            let weights = nan_matrix(&expected["weights"]);
            compare(&mut failures, &what("weights"), &run.weights, &weights);
            let output = nan_matrix(&expected["output"]);
            compare(&mut failures, &what("output"), &run.output, &output);
            let grads = sdpa_backward(&run, g.view()).expect("a valid gradient");
            // The −∞ softmax's autograd makes all of ∂V NaN; the engine gives SDPA's instead.
            let reference = if key == "neg_inf" {
                &case["policies"]["sdpa"]
            } else {
                expected
            };
            if key == "neg_inf" && !expected_rows.is_empty() {
                let d_v = nan_matrix(&expected["d_V"]);
                failures.equal(
                    &what("PyTorch's ∂V all NaN"),
                    d_v.iter().all(|x| x.is_nan()),
                    true,
                );
            }
            compare(
                &mut failures,
                &what("∂Q"),
                &grads.d_q,
                &nan_matrix(&reference["d_Q"]),
            );
            compare(
                &mut failures,
                &what("∂K"),
                &grads.d_k,
                &nan_matrix(&reference["d_K"]),
            );
            compare(
                &mut failures,
                &what("∂V"),
                &grads.d_v,
                &nan_matrix(&reference["d_V"]),
            );
        }
    }
    assert!(fully_masked_seen >= 3, "fully masked rows are covered");
    failures.finish("PyTorch 2.15 scaled_dot_product_attention (tests/fixtures/sdpa.json)");
}

/// `L = Σ G ⊙ O` over the rows that are numbers (a NaN row carries no loss).
fn loss(o: &Array2<f64>, g: &Array2<f64>) -> f64 {
    o.iter()
        .zip(g.iter())
        .filter(|(x, _)| !x.is_nan())
        .map(|(x, y)| x * y)
        .sum()
}

#[test]
fn backward_equals_central_differences() {
    let [q, k, v] = sdpa_example(4, 5, 3, 2);
    let g = Array2::from_shape_fn((4, 2), |(i, j)| 0.3 * i as f64 - 0.7 * j as f64 + 0.2);
    let mut custom = causal_mask(4, 5);
    custom.row_mut(1).fill(false);
    let masks = [causal_mask(4, 5), padding_mask(4, 5, 2), custom];
    let mut failures = Failures::default();
    for (m, mask) in masks.iter().enumerate() {
        for scaling in [Scaling::Sqrt, Scaling::Off] {
            for policy in [FullyMasked::Nan, FullyMasked::Zeros, FullyMasked::Fill] {
                let run = |q: &Array2<f64>, k: &Array2<f64>, v: &Array2<f64>| {
                    sdpa(q.view(), k.view(), v.view(), mask.view(), scaling, policy).expect("valid")
                };
                let grads = sdpa_backward(&run(&q, &k, &v), g.view()).expect("valid");
                let h = 1e-6;
                for (which, ours) in [(0, &grads.d_q), (1, &grads.d_k), (2, &grads.d_v)] {
                    let mut numeric = Array2::zeros(ours.dim());
                    for at in ndarray::indices(ours.dim()) {
                        let mut inputs = [q.clone(), k.clone(), v.clone()];
                        inputs[which][at] += h;
                        let up = loss(&run(&inputs[0], &inputs[1], &inputs[2]).output, &g);
                        inputs[which][at] -= 2.0 * h;
                        let down = loss(&run(&inputs[0], &inputs[1], &inputs[2]).output, &g);
                        numeric[at] = (up - down) / (2.0 * h);
                    }
                    let what = format!("mask {m} {scaling:?} {policy:?} input {which}");
                    let ours: Vec<f64> = ours.iter().copied().collect();
                    let numeric: Vec<f64> = numeric.iter().copied().collect();
                    failures.arrays(&what, &ours, &numeric, 1e-8, SCALE);
                }
            }
        }
    }
    failures.finish("central differences, h = 1e-6");
}

#[test]
fn bad_inputs_are_errors_not_panics() {
    let [q, k, v] = sdpa_example(3, 4, 2, 2);
    let mask = causal_mask(3, 4);
    let go = |q: &Array2<f64>, k: &Array2<f64>, v: &Array2<f64>, mask: &Array2<bool>| {
        sdpa(
            q.view(),
            k.view(),
            v.view(),
            mask.view(),
            Scaling::Sqrt,
            FullyMasked::Nan,
        )
    };
    let mut bad_q = q.clone();
    bad_q[[1, 1]] = f64::NAN;
    let message = go(&bad_q, &k, &v, &mask).unwrap_err().to_string();
    assert_eq!(
        message,
        "an entry of Q must be a number from -100 to 100, got something that is not a number"
    );
    bad_q[[1, 1]] = 1e3;
    assert!(matches!(
        go(&bad_q, &k, &v, &mask),
        Err(Error::OutOfRange { .. })
    ));
    let wide = Array2::zeros((3, 3));
    assert!(matches!(go(&wide, &k, &v, &mask), Err(Error::Mismatch(_))));
    assert!(matches!(
        go(&q, &k, &v, &causal_mask(4, 3)),
        Err(Error::Mismatch(_))
    ));
    let short_v = Array2::zeros((3, 2));
    assert!(matches!(
        go(&q, &k, &short_v, &mask),
        Err(Error::Mismatch(_))
    ));
    let empty = Array2::zeros((0, 2));
    let message = go(&empty, &k, &v, &causal_mask(0, 4))
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with("the number of queries Tq must be between 1"),
        "{message}"
    );
    let many = Array2::zeros((SDPA_MAX_POSITIONS + 1, 2));
    assert!(go(&many, &k, &v, &causal_mask(SDPA_MAX_POSITIONS + 1, 4)).is_err());
    let run = go(&q, &k, &v, &mask).expect("valid");
    assert!(sdpa_backward(&run, Array2::zeros((2, 2)).view()).is_err());
    assert!(sdpa_backward(&run, Array2::from_elem((3, 2), f64::INFINITY).view()).is_err());
    // Every key padding: every row fully masked, NaN by the formula, no panic, no gradient.
    let all_padding = padding_mask(3, 4, 4);
    let run = go(&q, &k, &v, &all_padding).expect("valid");
    assert_eq!(run.fully_masked_rows, vec![0, 1, 2]);
    assert!(run.output.iter().all(|x| x.is_nan()));
    let grads = sdpa_backward(&run, Array2::ones((3, 2)).view()).expect("valid");
    assert!(grads
        .d_q
        .iter()
        .chain(grads.d_k.iter())
        .chain(grads.d_v.iter())
        .all(|&x| x == 0.0));
}

#[test]
fn the_masks_are_pytorchs() {
    // is_causal's tril for Tq = 3, Tk = 4 (top-left aligned): row i attends to keys 0..=i.
    let causal = causal_mask(3, 4).mapv(u8::from);
    assert_eq!(
        causal,
        ndarray::array![[1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 1, 0]]
    );
    let padding = padding_mask(2, 4, 1).mapv(u8::from);
    assert_eq!(padding, ndarray::array![[1, 1, 1, 0], [1, 1, 1, 0]]);
    // The scale is 1/√d with scaling on and 1 with it off.
    let [q, k, v] = sdpa_example(3, 4, 2, 2);
    let on = sdpa(
        q.view(),
        k.view(),
        v.view(),
        causal_mask(3, 4).view(),
        Scaling::Sqrt,
        FullyMasked::Nan,
    );
    assert_eq!(on.expect("valid").scale, 1.0 / 2f64.sqrt());
    let off = sdpa(
        q.view(),
        k.view(),
        v.view(),
        causal_mask(3, 4).view(),
        Scaling::Off,
        FullyMasked::Nan,
    );
    assert_eq!(off.expect("valid").scale, 1.0);
}

#[test]
fn the_explorer_draws_every_step_and_the_nan_row() {
    use plotters::prelude::*;
    use unroll::render::{draw_explorer, explorer_cell_at, explorer_height};
    use unroll::render::{ExplorerChart, ExplorerView, Theme};
    let [q, k, v] = sdpa_example(3, 4, 2, 2);
    let mut custom = causal_mask(3, 4);
    custom.row_mut(1).fill(false);
    let masks: Vec<_> = [
        Array2::from_elem((3, 4), true),
        causal_mask(3, 4),
        padding_mask(3, 4, 1),
        custom,
    ]
    .iter()
    .map(|m| {
        sdpa(
            q.view(),
            k.view(),
            v.view(),
            m.view(),
            Scaling::Sqrt,
            FullyMasked::Nan,
        )
        .expect("valid")
    })
    .collect();
    let view = ExplorerView {
        run: &masks[3],
        masks: &masks,
        chosen: 3,
        selected: Some((0, 1, 1)),
    };
    let theme = Theme::light(1.0);
    for width in [1280, 360] {
        for chart in [
            ExplorerChart::Inputs,
            ExplorerChart::Steps,
            ExplorerChart::Masks,
        ] {
            let height = explorer_height(chart, &view, width, &theme);
            assert!(
                (60..1200).contains(&height),
                "{chart:?} at {width}: {height} px"
            );
            let mut svg = String::new();
            {
                let area = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
                draw_explorer(&area, chart, &view, &theme).expect("drawn");
            }
            if chart == ExplorerChart::Steps {
                assert!(
                    svg.matches("NaN").count() >= 6 && svg.contains("−∞"),
                    "{width}: NaN and −∞ cells"
                );
                assert!(svg.contains("S × 1/√2 = S × 0.707"), "the scale is written");
                assert!(!svg.contains("\n-"), "a true minus sign");
            }
            // The first cell of the first matrix is found under the pointer.
            let hit = (0..height)
                .step_by(2)
                .find_map(|y| explorer_cell_at(chart, &view, width, &theme, (40.0, f64::from(y))));
            assert_eq!(hit, Some((0, 0, 0)), "{chart:?} at {width}");
        }
    }
}
