//! CTC against PyTorch 2.15's `ctc_loss` (sum reduction, gradient through log_softmax) and the
//! fixture's own float64 lattices (`tests/fixtures/gen_ctc.py` → `ctc.json`): loss, gradient,
//! ln α, ln β, posteriors, brute-force sums, best path and Viterbi, on 30 cases including
//! repeated labels, minimal T, empty targets, blank last, and infeasible pairs with and without
//! `zero_infinity`. Tolerance 1e-9 (relative to the value's scale; everything is float64).
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::{close, indices, list, load, matrix, number, Failures};
use ndarray::Array2;
use unroll::ctc::{ctc, greedy, log_softmax, viterbi, CtcOptions};

/// `|ours − theirs| ≤ 1e-9 · max(1, |theirs|)`, with equal infinities equal.
const TOLERANCE: f64 = 1e-9;

/// Every entry of `ours` [`close`] to the fixture's matrix `theirs`.
fn same(ours: &Array2<f64>, theirs: &serde_json::Value) -> bool {
    let theirs = matrix(theirs);
    ours.dim() == theirs.dim()
        && ours
            .iter()
            .zip(&theirs)
            .all(|(a, b)| close(*a, *b, TOLERANCE))
}

#[test]
fn every_case_equals_pytorch_and_the_reference_lattices() {
    let fixtures = load("ctc.json");
    let cases = list(&fixtures, "cases");
    assert!(cases.len() >= 25);
    let mut failures = Failures::default();
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
        let loss = (Some(record.loss), number(&e["loss"]));
        failures.numbers(&format!("{name}: loss"), loss.0, loss.1, TOLERANCE);
        let mut fail = |what: &str| failures.push(format!("{name}: {what}"));
        if !same(&record.log_alpha, &e["log_alpha"]) {
            fail("ln α");
        }
        if !same(&record.log_beta, &e["log_beta"]) {
            fail("ln β");
        }
        if case["feasible"].as_bool().unwrap() {
            assert!(record.infeasible.is_none(), "{name}");
            if !same(&record.grad, &e["grad"]) {
                fail("gradient");
            }
            if !same(&record.posteriors, &e["posteriors"]) {
                fail("posteriors");
            }
            if let Some(brute) = e["brute_force"].as_object() {
                let prob = brute["prob"].as_f64().unwrap();
                if !close(record.log_likelihood.exp(), prob, TOLERANCE) {
                    fail("brute-force sum");
                }
            }
            let (path, log_prob) = viterbi(log_probs.view(), &target, options.blank)
                .unwrap()
                .expect("feasible");
            let v = &e["viterbi"];
            if !close(log_prob, v["log_prob"].as_f64().unwrap(), TOLERANCE) {
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
    failures.finish("PyTorch and the reference lattices");
}
