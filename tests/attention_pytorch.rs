//! Attention against PyTorch 2.15 autograd in float64 (`tests/fixtures/gen_attention.py` →
//! `attention.json`): scores, weights, context and every gradient of the dot, general and
//! additive scores; weights, output and gradients of multi-head (causal) self-attention.
//! Tolerance 1e-10 relative to each array's scale.
#![cfg(not(target_arch = "wasm32"))]

use ndarray::{Array1, Array2};
use serde_json::Value;
use unroll::attention::{
    attend, attend_backward, self_attention, self_attention_backward, Score, ScoreParams,
    SelfAttentionParams,
};

fn flat(value: &Value) -> Vec<f64> {
    match value {
        Value::Array(items) => items.iter().flat_map(flat).collect(),
        Value::Number(n) => vec![n.as_f64().unwrap()],
        Value::Null => Vec::new(),
        other => panic!("not a number: {other}"),
    }
}

fn vector(value: &Value) -> Array1<f64> {
    Array1::from(flat(value))
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
        "/tests/fixtures/attention.json"
    ))
    .expect("tests/fixtures/attention.json is readable");
    serde_json::from_str(&text).unwrap()
}

/// Records a failure when `ours` and `theirs` differ by more than 1e-10 of `theirs`' scale.
fn close(failures: &mut Vec<String>, what: String, ours: &[f64], theirs: &[f64]) {
    let scale = theirs
        .iter()
        .fold(1e-300f64, |m, x| m.max(x.abs()))
        .max(1.0);
    let worst = ours
        .iter()
        .zip(theirs)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    if ours.len() != theirs.len() || worst > 1e-10 * scale {
        failures.push(format!(
            "{what}: largest difference {worst:e} (lengths {} vs {})",
            ours.len(),
            theirs.len()
        ));
    }
}

fn cases<'a>(fixtures: &'a Value, key: &str) -> &'a Vec<Value> {
    fixtures[key]
        .as_array()
        .unwrap_or_else(|| panic!("attention.json has no {key:?} list"))
}

#[test]
fn encoder_decoder_attention_equals_pytorch() {
    let fixtures = fixtures();
    let mut failures = Vec::new();
    let list = cases(&fixtures, "encoder_decoder");
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
            close(
                &mut failures,
                format!("{name}: {what}"),
                &ours,
                &flat(&e[key]),
            )
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
    assert!(
        failures.is_empty(),
        "{} differences from PyTorch:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn self_attention_equals_pytorch() {
    let fixtures = fixtures();
    let mut failures = Vec::new();
    let list = cases(&fixtures, "self_attention");
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
            close(
                &mut failures,
                format!("{name}: {what}"),
                &ours,
                &flat(&e[key]),
            )
        };
        check("weights", run.weights.iter().copied().collect(), "weights");
        check("output", run.output.iter().copied().collect(), "output");
        check("loss", vec![(&run.output * &r).sum()], "loss");
        check("∂x", grads.d_x.iter().copied().collect(), "d_x");
        for (m, key) in ["d_W_q", "d_W_k", "d_W_v", "d_W_o"].iter().enumerate() {
            check(key, grads.d_w[m].iter().copied().collect(), key);
        }
    }
    assert!(
        failures.is_empty(),
        "{} differences from PyTorch:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
