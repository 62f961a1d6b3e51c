//! One word2vec SGD step against PyTorch 2.15 autograd in float64
//! (`tests/fixtures/gen_word2vec.py` → `word2vec.json`): the SGNS loss, scores and both
//! matrices after `W -= lr * W.grad`, with a negative equal to the context, repeated
//! negatives, the centre as a negative and as the context when tied; the full softmax; and
//! the 2-D PCA against `numpy.linalg.eigh`. Tolerance 1e-12 absolute (PCA: 1e-10).
#![cfg(not(target_arch = "wasm32"))]

use ndarray::Array2;
use serde_json::Value;
use unroll::word2vec::{pca_2d, Scores, SkipGram};

fn flat(value: &Value) -> Vec<f64> {
    match value {
        Value::Array(items) => items.iter().flat_map(flat).collect(),
        Value::Number(n) => vec![n.as_f64().unwrap()],
        Value::Null => Vec::new(),
        other => panic!("not a number: {other}"),
    }
}

fn matrix(value: &Value) -> Array2<f64> {
    let rows = value.as_array().map_or(0, Vec::len);
    let values = flat(value);
    let cols = values.len().checked_div(rows).unwrap_or(0);
    Array2::from_shape_vec((rows, cols), values).unwrap()
}

fn fixtures() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/word2vec.json"
    ))
    .expect("tests/fixtures/word2vec.json is readable");
    serde_json::from_str(&text).unwrap()
}

/// Compares and keeps the worst difference seen; records a failure above `tolerance`.
struct Comparison {
    failures: Vec<String>,
    worst: f64,
}

impl Comparison {
    fn new() -> Comparison {
        Comparison {
            failures: Vec::new(),
            worst: 0.0,
        }
    }

    fn check(&mut self, what: String, ours: &[f64], theirs: &[f64], tolerance: f64) {
        let worst = ours
            .iter()
            .zip(theirs)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        self.worst = self.worst.max(worst);
        if ours.len() != theirs.len() || worst > tolerance || !worst.is_finite() {
            self.failures.push(format!(
                "{what}: largest difference {worst:e} (lengths {} vs {})",
                ours.len(),
                theirs.len()
            ));
        }
    }

    fn finish(self, what: &str) {
        assert!(
            self.failures.is_empty(),
            "{} differences from the reference:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
        eprintln!("{what}: largest difference {:e}", self.worst);
    }
}

fn model(case: &Value) -> SkipGram {
    let tied = case["tied"].as_bool().unwrap();
    let output = (!tied).then(|| matrix(&case["W_out"]));
    SkipGram::from_matrices(matrix(&case["W"]), output).unwrap()
}

fn id(case: &Value, key: &str) -> usize {
    case[key].as_u64().unwrap() as usize
}

/// The matrices after the step, compared with PyTorch's (W′ only when untied).
fn check_matrices(comparison: &mut Comparison, name: &str, model: &SkipGram, expected: &Value) {
    let flat_of = |m: &Array2<f64>| m.iter().copied().collect::<Vec<_>>();
    comparison.check(
        format!("{name}: W after"),
        &flat_of(model.input()),
        &flat(&expected["W"]),
        1e-12,
    );
    if !expected["W_out"].is_null() {
        comparison.check(
            format!("{name}: W′ after"),
            &flat_of(model.output()),
            &flat(&expected["W_out"]),
            1e-12,
        );
    }
}

#[test]
fn one_sgns_step_equals_pytorch() {
    let fixtures = fixtures();
    let cases = fixtures["sgns"].as_array().unwrap();
    assert!(cases.len() >= 10);
    let mut comparison = Comparison::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let mut model = model(case);
        let negatives: Vec<usize> = flat(&case["negatives"])
            .iter()
            .map(|&x| x as usize)
            .collect();
        let lr = case["lr"].as_f64().unwrap();
        let update = model
            .sgns_update(id(case, "centre"), id(case, "context"), &negatives, lr)
            .unwrap();
        let e = &case["expected"];
        comparison.check(
            format!("{name}: loss"),
            &[update.loss],
            &[e["loss"].as_f64().unwrap()],
            1e-12,
        );
        let Scores::NegativeSampling {
            dots,
            sigmoids,
            negatives: drawn,
        } = &update.scores
        else {
            panic!("{name}: not a negative-sampling record");
        };
        assert_eq!(drawn, &negatives, "{name}: the record's negatives");
        comparison.check(format!("{name}: dots"), dots, &flat(&e["dots"]), 1e-12);
        comparison.check(format!("{name}: σ"), sigmoids, &flat(&e["sigmoids"]), 1e-12);
        check_matrices(&mut comparison, name, &model, e);
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
            comparison.check(
                format!("{name}: before of {:?} row {}", change.matrix, change.row),
                &change.before.to_vec(),
                &row.to_vec(),
                0.0,
            );
        }
    }
    comparison.finish("SGNS step");
}

#[test]
fn one_full_softmax_step_equals_pytorch() {
    let fixtures = fixtures();
    let cases = fixtures["softmax"].as_array().unwrap();
    assert!(cases.len() >= 4);
    let mut comparison = Comparison::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let mut model = model(case);
        let lr = case["lr"].as_f64().unwrap();
        let update = model
            .softmax_update(id(case, "centre"), id(case, "context"), lr)
            .unwrap();
        let e = &case["expected"];
        comparison.check(
            format!("{name}: loss"),
            &[update.loss],
            &[e["loss"].as_f64().unwrap()],
            1e-12,
        );
        let Scores::Softmax {
            logits,
            probabilities,
        } = &update.scores
        else {
            panic!("{name}: not a softmax record");
        };
        comparison.check(
            format!("{name}: logits"),
            logits,
            &flat(&e["logits"]),
            1e-12,
        );
        comparison.check(
            format!("{name}: softmax"),
            probabilities,
            &flat(&e["probabilities"]),
            1e-12,
        );
        check_matrices(&mut comparison, name, &model, e);
    }
    comparison.finish("softmax step");
}

#[test]
fn pca_equals_numpy_eigh() {
    let fixtures = fixtures();
    let cases = fixtures["pca"].as_array().unwrap();
    assert!(cases.len() >= 4);
    let mut comparison = Comparison::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let x = matrix(&case["X"]);
        let projection = pca_2d(x.view()).unwrap();
        let e = &case["expected"];
        let flat_of = |m: &Array2<f64>| m.iter().copied().collect::<Vec<_>>();
        comparison.check(
            format!("{name}: mean"),
            &projection.mean.to_vec(),
            &flat(&e["mean"]),
            1e-12,
        );
        comparison.check(
            format!("{name}: variances"),
            &projection.variances,
            &flat(&e["variances"]),
            1e-10,
        );
        comparison.check(
            format!("{name}: components"),
            &flat_of(&projection.components),
            &flat(&e["components"]),
            1e-10,
        );
        comparison.check(
            format!("{name}: points"),
            &flat_of(&projection.points),
            &flat(&e["points"]),
            1e-10,
        );
        comparison.check(
            format!("{name}: total variance"),
            &[projection.total_variance],
            &[e["total_variance"].as_f64().unwrap()],
            1e-12,
        );
    }
    comparison.finish("PCA");
}
