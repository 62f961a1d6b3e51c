//! Attention against PyTorch 2.15 autograd in float64 (`tests/fixtures/gen_attention.py` →
//! `attention.json`): scores, weights, context and every gradient of the dot, general and
//! additive scores; weights, output and gradients of multi-head (causal) self-attention.
//! Tolerance 1e-10 relative to each array's scale.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::{flat, list, load, matrix, vector, Failures, Scale};
use unroll::attention::{
    attend, attend_backward, self_attention, self_attention_backward, Score, ScoreParams,
    SelfAttentionParams,
};

/// Differences above 1e-10 of the reference's scale (its largest magnitude, at least 1).
const TOLERANCE: f64 = 1e-10;
const SCALE: Scale = Scale::Largest { floor: 1.0 };

#[test]
fn encoder_decoder_attention_equals_pytorch() {
    let fixtures = load("attention.json");
    let mut failures = Failures::default();
    let list = list(&fixtures, "encoder_decoder");
    assert!(list.len() >= 9);
    for case in list {
        let name = case["name"].as_str().unwrap();
        let score = match case["score"].as_str().unwrap() {
            "dot" => Score::Dot,
            "general" => Score::General,
            _ => Score::Additive,
        };
        let params = ScoreParams {
            score,
            w: matrix(&case["W"]),
            w_s: matrix(&case["W_s"]),
            u: matrix(&case["U"]),
            v: vector(&case["v"]),
        };
        let (s, h) = (vector(&case["s"]), matrix(&case["H"]));
        let (r, q) = (vector(&case["r"]), vector(&case["q"]));
        let step = attend(&params, s.view(), h.view());
        let grads = attend_backward(&params, s.view(), h.view(), &step, r.view(), Some(q.view()));
        let e = &case["expected"];
        let mut check = |what: &str, ours: Vec<f64>, key: &str| {
            let what = format!("{name}: {what}");
            failures.arrays(&what, &ours, &flat(&e[key]), TOLERANCE, SCALE);
        };
        check("scores", step.scores.to_vec(), "scores");
        check("weights", step.weights.to_vec(), "weights");
        check("context", step.context.to_vec(), "context");
        check(
            "loss",
            vec![r.dot(&step.context) + q.dot(&step.weights)],
            "loss",
        );
        check("∂s", grads.d_state.to_vec(), "d_s");
        check("∂H", grads.d_encoder.iter().copied().collect(), "d_H");
        check("∂W", grads.d_params.w.iter().copied().collect(), "d_W");
        check(
            "∂W_s",
            grads.d_params.w_s.iter().copied().collect(),
            "d_W_s",
        );
        check("∂U", grads.d_params.u.iter().copied().collect(), "d_U");
        check("∂v", grads.d_params.v.to_vec(), "d_v");
    }
    failures.finish("PyTorch");
}

#[test]
fn self_attention_equals_pytorch() {
    let fixtures = load("attention.json");
    let mut failures = Failures::default();
    let list = list(&fixtures, "self_attention");
    assert!(list.len() >= 6);
    for case in list {
        let name = case["name"].as_str().unwrap();
        let params = SelfAttentionParams {
            heads: case["heads"].as_u64().unwrap() as usize,
            causal: case["causal"].as_bool().unwrap(),
            w_q: matrix(&case["W_q"]),
            w_k: matrix(&case["W_k"]),
            w_v: matrix(&case["W_v"]),
            w_o: matrix(&case["W_o"]),
        };
        let (x, r) = (matrix(&case["x"]), matrix(&case["R"]));
        let run = self_attention(&params, x.view()).unwrap();
        let grads = self_attention_backward(&params, x.view(), &run, r.view());
        let e = &case["expected"];
        let mut check = |what: &str, ours: Vec<f64>, key: &str| {
            let what = format!("{name}: {what}");
            failures.arrays(&what, &ours, &flat(&e[key]), TOLERANCE, SCALE);
        };
        check("weights", run.weights.iter().copied().collect(), "weights");
        check("output", run.output.iter().copied().collect(), "output");
        check("loss", vec![(&run.output * &r).sum()], "loss");
        check("∂x", grads.d_x.iter().copied().collect(), "d_x");
        for (m, key) in ["d_W_q", "d_W_k", "d_W_v", "d_W_o"].iter().enumerate() {
            check(key, grads.d_w[m].iter().copied().collect(), key);
        }
    }
    failures.finish("PyTorch");
}
