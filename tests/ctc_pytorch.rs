//! CTC against PyTorch 2.15's `ctc_loss` (sum reduction, gradient through log_softmax) and the
//! fixture's own float64 lattices (`tests/fixtures/gen_ctc.py` → `ctc.json`): loss, gradient,
//! ln α, ln β, posteriors, brute-force sums, best path and Viterbi, on 30 cases including
//! repeated labels, minimal T, empty targets, blank last, and infeasible pairs with and without
//! `zero_infinity`. Tolerance 1e-9 (relative to the value's scale; everything is float64).
#![cfg(not(target_arch = "wasm32"))]

use ndarray::Array2;
use serde_json::Value;
use unroll::ctc::{ctc, greedy, log_softmax, viterbi, CtcOptions};

fn number(value: &Value) -> f64 {
    match value {
        Value::String(s) if s == "inf" => f64::INFINITY,
        Value::String(s) if s == "-inf" => f64::NEG_INFINITY,
        other => other.as_f64().expect("a number"),
    }
}

fn matrix(value: &Value) -> Array2<f64> {
    let rows: Vec<Vec<f64>> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row.as_array().unwrap().iter().map(number).collect())
        .collect();
    let cols = rows.first().map_or(0, Vec::len);
    Array2::from_shape_vec((rows.len(), cols), rows.concat()).unwrap()
}

fn indices(value: &Value) -> Vec<usize> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize)
        .collect()
}

/// `|a − b| ≤ 1e-9 · max(1, |b|)`, with equal infinities equal.
fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn every_case_equals_pytorch_and_the_reference_lattices() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ctc.json"
    ))
    .unwrap();
    let fixtures: Value = serde_json::from_str(&text).unwrap();
    let cases = fixtures["cases"].as_array().unwrap();
    assert!(cases.len() >= 25);
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let options = CtcOptions {
            blank: case["blank"].as_u64().unwrap() as usize,
            zero_infinity: case["zero_infinity"].as_bool().unwrap(),
        };
        let logits = matrix(&case["logits"]);
        let target = indices(&case["target"]);
        let e = &case["expected"];
        let log_probs = log_softmax(logits.view());
        let record = ctc(log_probs.view(), &target, options).unwrap();
        let mut fail = |what: &str| failures.push(format!("{name}: {what}"));
        if !close(record.loss, number(&e["loss"])) {
            fail(&format!(
                "loss {} vs torch {}",
                record.loss,
                number(&e["loss"])
            ));
        }
        let compare = |ours: &Array2<f64>, theirs: &Array2<f64>| {
            ours.dim() == theirs.dim() && ours.iter().zip(theirs).all(|(a, b)| close(*a, *b))
        };
        if !compare(&record.log_alpha, &matrix(&e["log_alpha"])) {
            fail("ln α");
        }
        if !compare(&record.log_beta, &matrix(&e["log_beta"])) {
            fail("ln β");
        }
        if case["feasible"].as_bool().unwrap() {
            assert!(record.infeasible.is_none(), "{name}");
            if !compare(&record.grad, &matrix(&e["grad"])) {
                fail("gradient");
            }
            if !compare(&record.posteriors, &matrix(&e["posteriors"])) {
                fail("posteriors");
            }
            if let Some(brute) = e["brute_force"].as_object() {
                if !close(record.log_likelihood.exp(), brute["prob"].as_f64().unwrap()) {
                    fail("brute-force sum");
                }
            }
            let (path, log_prob) = viterbi(log_probs.view(), &target, options.blank)
                .unwrap()
                .expect("feasible");
            let v = &e["viterbi"];
            if !close(log_prob, v["log_prob"].as_f64().unwrap()) {
                fail("Viterbi log-probability");
            }
            if v["n_optimal"].as_u64() == Some(1) && path != indices(&v["path"]) {
                fail("Viterbi path");
            }
        } else {
            assert!(record.infeasible.is_some(), "{name} is infeasible");
            // torch gives NaN gradients here (or zeros with zero_infinity); Unroll gives zeros.
            assert!(record.grad.iter().all(|g| *g == 0.0), "{name}: never NaN");
        }
        let best = greedy(log_probs.view(), options.blank).unwrap();
        if best.frames != indices(&e["greedy"]["frames"])
            || best.collapsed != indices(&e["greedy"]["collapsed"])
        {
            fail("greedy path");
        }
    }
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
