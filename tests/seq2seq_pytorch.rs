//! The encoder–decoder against PyTorch 2.15 autograd in float64
//! (`tests/fixtures/gen_seq2seq.py` → `seq2seq.json`, weights drawn in Python and rounded to
//! float32): encoder and decoder states, each step's query, attention scores, weights and
//! context, the output distributions, the loss and the gradient of every weight, with no
//! attention and with dot, general and additive (input-feeding) attention. Our LSTMs and
//! output layer compute in float32, so the tolerance is 1e-5 of each array's scale.
#![cfg(not(target_arch = "wasm32"))]

use ndarray::s;
use serde_json::Value;
use unroll::attention::{AttentionStep, Score, Seq2Seq, Seq2SeqConfig};

const TOLERANCE: f64 = 1e-5;

fn flat(value: &Value) -> Vec<f64> {
    match value {
        Value::Array(items) => items.iter().flat_map(flat).collect(),
        Value::Number(n) => vec![n.as_f64().unwrap()],
        other => panic!("not a number: {other}"),
    }
}

fn fixtures() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seq2seq.json"
    ))
    .expect("tests/fixtures/seq2seq.json is readable");
    serde_json::from_str(&text).unwrap()
}

fn symbols(value: &Value) -> Vec<usize> {
    flat(value).into_iter().map(|x| x as usize).collect()
}

/// The tensor of `layout` (`[[name, shape], …]` in flat order) that holds flat index `at`.
fn tensor_at(layout: &Value, mut at: usize) -> String {
    for entry in layout.as_array().unwrap() {
        let size: usize = symbols(&entry[1]).iter().product();
        if at < size {
            return format!("{}[{at}]", entry[0].as_str().unwrap());
        }
        at -= size;
    }
    format!("past the end by {at}")
}

/// Compares `ours` with `theirs`; records the largest difference, and where, when it exceeds
/// [`TOLERANCE`] times `theirs`' largest magnitude. Returns the difference relative to scale.
fn compare(
    failures: &mut Vec<String>,
    what: &str,
    ours: &[f64],
    theirs: &[f64],
    locate: &dyn Fn(usize) -> String,
) -> f64 {
    if ours.len() != theirs.len() {
        failures.push(format!(
            "{what}: {} values, PyTorch has {}",
            ours.len(),
            theirs.len()
        ));
        return f64::INFINITY;
    }
    let scale = theirs.iter().fold(1e-3f64, |m, x| m.max(x.abs()));
    let (worst, at) = ours
        .iter()
        .zip(theirs)
        .map(|(a, b)| (a - b).abs())
        .enumerate()
        .fold(
            (0.0, 0),
            |best, (i, d)| if d > best.0 { (d, i) } else { best },
        );
    if worst > TOLERANCE * scale {
        failures.push(format!(
            "{what}: largest difference {worst:e} at {} (ours {}, PyTorch {}; scale {scale:e})",
            locate(at),
            ours[at],
            theirs[at]
        ));
    }
    worst / scale
}

#[test]
fn encoder_decoder_runs_and_gradients_equal_pytorch() {
    let fixtures = fixtures();
    let cases = fixtures["cases"]
        .as_array()
        .expect("seq2seq.json has cases");
    let mut failures = Vec::new();
    let mut seen = Vec::new();
    let mut largest = 0.0f64;
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let attention = match case["attention"].as_str().unwrap() {
            "none" => None,
            "dot" => Some(Score::Dot),
            "general" => Some(Score::General),
            "additive" => Some(Score::Additive),
            other => panic!("{name}: unknown attention {other:?}"),
        };
        seen.push(attention);
        let size = |key: &str| case[key].as_u64().unwrap() as usize;
        let mut model = Seq2Seq::new(Seq2SeqConfig {
            vocab: size("vocab"),
            embedding: size("embedding"),
            hidden: size("hidden"),
            attention,
            seed: 0,
        })
        .unwrap();
        let weights: Vec<f32> = flat(&case["weights"]).iter().map(|&w| w as f32).collect();
        assert_eq!(
            weights.len(),
            model.weights().len(),
            "{name}: the fixture's weight count"
        );
        model.set_weights(&weights);
        assert_eq!(model.weights(), weights, "{name}: weights round-trip");
        let layout = &case["layout"];
        let by_tensor = |at: usize| tensor_at(layout, at);
        for pair in case["pairs"].as_array().unwrap() {
            let (source, target) = (symbols(&pair["source"]), symbols(&pair["target"]));
            let (grad, run) = model.gradient(&source, &target).unwrap();
            let e = &pair["expected"];
            let to64 = |a: ndarray::ArrayView2<'_, f32>| a.iter().map(|&x| f64::from(x)).collect();
            let steps = |f: &dyn Fn(&AttentionStep) -> Vec<f64>| -> Vec<f64> {
                run.attention.iter().flat_map(f).collect()
            };
            let (h, positions) = (model.config().hidden, source.len());
            let unit = |at: usize| format!("step {} unit {}", at / h, at % h);
            let position =
                |at: usize| format!("step {} position {}", at / positions, at % positions);
            let element = |at: usize| format!("element {at}");
            let mut check =
                |what: &str, ours: Vec<f64>, key: &str, locate: &dyn Fn(usize) -> String| {
                    let what = format!("{name} {source:?}: {what}");
                    let relative = compare(&mut failures, &what, &ours, &flat(&e[key]), locate);
                    largest = largest.max(relative);
                };
            check(
                "encoder states",
                to64(run.enc.h.slice(s![1.., ..])),
                "enc_states",
                &unit,
            );
            check(
                "decoder states",
                to64(run.dec.h.slice(s![1.., ..])),
                "dec_states",
                &unit,
            );
            check(
                "queries",
                run.queries.iter().copied().collect(),
                "queries",
                &unit,
            );
            check("scores", steps(&|a| a.scores.to_vec()), "scores", &position);
            check(
                "weights",
                steps(&|a| a.weights.to_vec()),
                "weights",
                &position,
            );
            check("context", steps(&|a| a.context.to_vec()), "context", &unit);
            check("probabilities", to64(run.probs.view()), "probs", &element);
            check("loss", vec![f64::from(run.loss)], "loss", &element);
            let grad: Vec<f64> = grad.iter().map(|&g| f64::from(g)).collect();
            check("gradient", grad, "grad", &by_tensor);
        }
    }
    for variant in [
        None,
        Some(Score::Dot),
        Some(Score::General),
        Some(Score::Additive),
    ] {
        assert!(seen.contains(&variant), "no fixture case for {variant:?}");
    }
    assert!(
        failures.is_empty(),
        "{} differences from PyTorch (largest relative {largest:e}):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
