//! The encoder–decoder against PyTorch 2.15 autograd in float64
//! (`tests/fixtures/gen_seq2seq.py` → `seq2seq.json`, weights drawn in Python and rounded to
//! float32): encoder and decoder states, each step's query, attention scores, weights and
//! context, the output distributions, the loss and the gradient of every weight, with no
//! attention and with dot, general and additive (input-feeding) attention. Our LSTMs and
//! output layer compute in float32, so the tolerance is 1e-5 of each array's scale.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::{flat, indices, list, load, widen, Failures, Scale};
use ndarray::s;
use serde_json::Value;
use unroll::attention::{AttentionStep, Score, Seq2Seq, Seq2SeqConfig};

/// Differences above 1e-5 of the reference's largest magnitude (at least 1e-3).
const TOLERANCE: (f64, Scale) = (1e-5, Scale::Largest { floor: 1e-3 });

/// The tensor of `layout` (`[[name, shape], …]` in flat order) that holds flat index `at`.
fn tensor_at(layout: &Value, mut at: usize) -> String {
    for entry in layout.as_array().unwrap() {
        let size: usize = indices(&entry[1]).iter().product();
        if at < size {
            return format!("{}[{at}]", entry[0].as_str().unwrap());
        }
        at -= size;
    }
    format!("past the end by {at}")
}

#[test]
fn encoder_decoder_runs_and_gradients_equal_pytorch() {
    let fixtures = load("seq2seq.json");
    let cases = list(&fixtures, "cases");
    let mut failures = Failures::default();
    let mut seen = Vec::new();
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
            let (source, target) = (indices(&pair["source"]), indices(&pair["target"]));
            let (grad, run) = model.gradient(&source, &target).unwrap();
            let e = &pair["expected"];
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
                    failures.arrays_at(&what, &ours, &flat(&e[key]), TOLERANCE, locate);
                };
            check(
                "encoder states",
                widen(run.enc.h.slice(s![1.., ..])),
                "enc_states",
                &unit,
            );
            check(
                "decoder states",
                widen(run.dec.h.slice(s![1.., ..])),
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
            check("probabilities", widen(&run.probs), "probs", &element);
            check("loss", vec![f64::from(run.loss)], "loss", &element);
            check("gradient", widen(&grad), "grad", &by_tensor);
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
    failures.finish("PyTorch");
}
