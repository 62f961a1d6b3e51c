//! One word2vec SGD step against PyTorch 2.15 autograd in float64
//! (`tests/fixtures/gen_word2vec.py` → `word2vec.json`): the SGNS loss, scores and both
//! matrices after `W -= lr * W.grad`, with a negative equal to the context, repeated
//! negatives, the centre as a negative and as the context when tied; the full softmax; and
//! the 2-D PCA against `numpy.linalg.eigh`. Tolerance 1e-12 absolute (PCA: 1e-10).
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::{flat, indices, list, load, matrix, Failures, Scale};
use ndarray::Array2;
use serde_json::Value;
use unroll::word2vec::{pca_2d, Scores, SkipGram};

/// One case's comparisons with its `expected` values, by absolute difference (everything is
/// float64 on both sides).
struct Case<'a> {
    name: &'a str,
    expected: &'a Value,
    failures: &'a mut Failures,
}

impl<'a> Case<'a> {
    /// The comparisons of fixture case `case` (its `name` and `expected` values).
    fn new(case: &'a Value, failures: &'a mut Failures) -> Case<'a> {
        let name = case["name"].as_str().expect("a named case");
        Case {
            name,
            expected: &case["expected"],
            failures,
        }
    }

    /// `ours` against `expected[key]`, within `tolerance`.
    fn close(&mut self, what: &str, ours: &[f64], key: &str, tolerance: f64) {
        let (what, theirs) = (format!("{}: {what}", self.name), flat(&self.expected[key]));
        self.failures
            .arrays(&what, ours, &theirs, tolerance, Scale::Absolute);
    }

    /// The matrices after the step (W′ only when untied).
    fn matrices(&mut self, model: &SkipGram) {
        self.close("W after", &flat_of(model.input()), "W", 1e-12);
        if !self.expected["W_out"].is_null() {
            self.close("W′ after", &flat_of(model.output()), "W_out", 1e-12);
        }
    }
}

fn flat_of(m: &Array2<f64>) -> Vec<f64> {
    m.iter().copied().collect()
}

fn model(case: &Value) -> SkipGram {
    let tied = case["tied"].as_bool().unwrap();
    let output = (!tied).then(|| matrix(&case["W_out"]));
    SkipGram::from_matrices(matrix(&case["W"]), output).unwrap()
}

fn id(case: &Value, key: &str) -> usize {
    case[key].as_u64().unwrap() as usize
}

#[test]
fn one_sgns_step_equals_pytorch() {
    let fixtures = load("word2vec.json");
    let cases = list(&fixtures, "sgns");
    assert!(cases.len() >= 10);
    let mut comparison = Failures::default();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let mut model = model(case);
        let negatives = indices(&case["negatives"]);
        let lr = case["lr"].as_f64().unwrap();
        let update = model
            .sgns_update(id(case, "centre"), id(case, "context"), &negatives, lr)
            .unwrap();
        let e = &case["expected"];
        let mut compare = Case::new(case, &mut comparison);
        compare.close("loss", &[update.loss], "loss", 1e-12);
        let Scores::NegativeSampling {
            dots,
            sigmoids,
            negatives: drawn,
        } = &update.scores
        else {
            panic!("{name}: not a negative-sampling record");
        };
        assert_eq!(drawn, &negatives, "{name}: the record's negatives");
        compare.close("dots", dots, "dots", 1e-12);
        compare.close("σ", sigmoids, "sigmoids", 1e-12);
        compare.matrices(&model);
        // The record lists exactly the rows PyTorch's gradient touches, each once.
        let before = self::model(case);
        let d_w = matrix(&e["d_W"]);
        let d_out = matrix(&e["d_W_out"]);
        let touched = |m: &Array2<f64>| {
            (0..m.nrows())
                .filter(|&r| m.row(r).iter().any(|&g| g != 0.0))
                .count()
        };
        let expected_rows = touched(&d_w) + if d_out.is_empty() { 0 } else { touched(&d_out) };
        assert_eq!(update.changes.len(), expected_rows, "{name}: rows recorded");
        for change in &update.changes {
            let row = before.row(change.matrix, change.row);
            let what = format!("{name}: before of {:?} row {}", change.matrix, change.row);
            let (ours, theirs) = (change.before.to_vec(), row.to_vec());
            compare
                .failures
                .arrays(&what, &ours, &theirs, 0.0, Scale::Absolute);
        }
    }
    comparison.finish("SGNS step");
}

#[test]
fn one_full_softmax_step_equals_pytorch() {
    let fixtures = load("word2vec.json");
    let cases = list(&fixtures, "softmax");
    assert!(cases.len() >= 4);
    let mut comparison = Failures::default();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let mut model = model(case);
        let lr = case["lr"].as_f64().unwrap();
        let update = model
            .softmax_update(id(case, "centre"), id(case, "context"), lr)
            .unwrap();
        let mut compare = Case::new(case, &mut comparison);
        compare.close("loss", &[update.loss], "loss", 1e-12);
        let Scores::Softmax {
            logits,
            probabilities,
        } = &update.scores
        else {
            panic!("{name}: not a softmax record");
        };
        compare.close("logits", logits, "logits", 1e-12);
        compare.close("softmax", probabilities, "probabilities", 1e-12);
        compare.matrices(&model);
    }
    comparison.finish("softmax step");
}

#[test]
fn pca_equals_numpy_eigh() {
    let fixtures = load("word2vec.json");
    let cases = list(&fixtures, "pca");
    assert!(cases.len() >= 4);
    let mut comparison = Failures::default();
    for case in cases {
        let x = matrix(&case["X"]);
        let projection = pca_2d(x.view()).unwrap();
        let mut compare = Case::new(case, &mut comparison);
        compare.close("mean", &projection.mean.to_vec(), "mean", 1e-12);
        compare.close("variances", &projection.variances, "variances", 1e-10);
        compare.close(
            "components",
            &flat_of(&projection.components),
            "components",
            1e-10,
        );
        compare.close("points", &flat_of(&projection.points), "points", 1e-10);
        compare.close(
            "total variance",
            &[projection.total_variance],
            "total_variance",
            1e-12,
        );
    }
    comparison.finish("PCA");
}
