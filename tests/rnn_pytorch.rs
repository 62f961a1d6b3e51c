//! RNN, LSTM and GRU against PyTorch 2.15 (`tests/fixtures/gen_seq.py` → `seq.json`,
//! `gen_gru.py` → `gru.json`): logits, loss, states, gates, every parameter gradient,
//! `∂L/∂h_t`, `∂L/∂c_t`, the gradient-norm curves (`‖∂L_T/∂x_t‖` too, in `gru.json`), and three
//! SGD-with-momentum and Adam steps with clipping.
//!
//! Tolerance: for every array, `max |ours − torch| ≤ tol · max |torch|` with tol = 1e-4 —
//! except where the fixture's own float64 rerun shows float32 itself is only good to ~1e-4
//! (the chaotic "rnn exploding" case, scale 4), where tol = 3e-3. Failures name the case, the
//! quantity and the largest difference.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::{flat, indices, load, widen, Failures, Scale};
use serde_json::{json, Value};
use unroll::engine::rnn::{
    backward, clip_grad_norm, forward, from_json, input_grad_norms, jacobian_norms,
    last_loss_grad_norms, CharModel, Optimizer, OptimizerState, SequenceRecord, Tensor,
};

/// One case's comparisons: `max |ours − torch| ≤ tol · max |torch|` for every array.
struct Check {
    case: String,
    tol: f64,
    failures: Failures,
}

impl Check {
    fn new(case: String, chaotic: bool) -> Check {
        Check {
            case,
            tol: if chaotic { 3e-3 } else { 1e-4 },
            failures: Failures::default(),
        }
    }

    fn close(&mut self, what: &str, ours: impl IntoIterator<Item = f64>, torch: &[f64]) {
        let ours: Vec<f64> = ours.into_iter().collect();
        let what = format!("{}: {what}", self.case);
        let scale = Scale::Largest { floor: 1e-30 };
        self.failures.arrays(&what, &ours, torch, self.tol, scale);
    }

    /// A curve point by point, each relative to its own value (curves span decades).
    fn curve(&mut self, name: impl Fn(usize) -> String, ours: &[f64], torch: &[f64]) {
        assert_eq!(
            ours.len(),
            torch.len(),
            "{}: one point per timestep",
            name(0)
        );
        for (t, (a, b)) in ours.iter().zip(torch).enumerate() {
            self.close(&name(t), [*a], &[*b]);
        }
    }
}

fn model_of(case: &Value) -> CharModel {
    let v = case["V"].as_u64().unwrap() as u32;
    let vocab: Vec<String> = (0..v)
        .map(|i| char::from_u32(0x41 + i).unwrap().to_string())
        .collect();
    let file = json!({
        "kind": case["kind"], "vocab": vocab, "embedding_dim": case["E"],
        "hidden_size": case["H"], "state_dict": case["state_dict"],
    });
    from_json(&file.to_string()).expect("the fixture's state_dict loads")
}

fn f32s(values: &[f64]) -> Vec<f32> {
    values.iter().map(|&x| x as f32).collect()
}

#[test]
fn forward_backward_and_gradient_curves_equal_pytorch() {
    let (seq, gru) = (load("seq.json"), load("gru.json"));
    let mut all = Failures::default();
    let cases = seq["cases"].as_array().unwrap().iter();
    for case in cases.chain(gru["cases"].as_array().unwrap()) {
        let name = case["name"].as_str().unwrap().to_string();
        let chaotic = case["float64_deviation"]["grads_rel"].as_f64().unwrap() > 1e-5;
        let mut check = Check::new(name, chaotic);
        let model = model_of(case);
        let (inputs, targets) = (indices(&case["inputs"]), indices(&case["targets"]));
        let (h0, c0) = (f32s(&flat(&case["h0"])), f32s(&flat(&case["c0"])));
        let mut record = SequenceRecord::new(model.kind(), model.dims());
        forward(&model, &inputs, &targets, Some((&h0, &c0)), &mut record);
        backward(&model, &mut record);
        let e = &case["expected"];
        check.close("logits", widen(&record.logits), &flat(&e["logits"]));
        check.close(
            "loss",
            [f64::from(record.loss)],
            &[e["loss"].as_f64().unwrap()],
        );
        check.close(
            "per-step losses",
            record.losses.iter().map(|&x| f64::from(x)),
            &flat(&e["losses"]),
        );
        check.close("h", widen(&record.h), &flat(&e["h"]));
        check.close("dL/dh_t", widen(&record.dh), &flat(&e["dh"]));
        if case["kind"] == "lstm" {
            check.close("c", widen(&record.c), &flat(&e["c"]));
            check.close("gates i,f,g,o", widen(&record.gates), &flat(&e["gates"]));
            check.close("dL/dc_t", widen(&record.dc), &flat(&e["dc"]));
        }
        if case["kind"] == "gru" {
            check.close("gates r,z,n", widen(&record.gates), &flat(&e["gates"]));
            check.close("W_hn h + b_hn", widen(&record.hn), &flat(&e["hn"]));
        }
        if e.get("input_grad_norms").is_some() {
            check.curve(
                |t| format!("‖∂L_T/∂x_{}‖", t + 1),
                &input_grad_norms(&model, &record),
                &flat(&e["input_grad_norms"]),
            );
        }
        for tensor in Tensor::ALL {
            let ours = record.grads.tensor(tensor).iter().map(|&x| f64::from(x));
            check.close(
                &format!("grad {}", tensor.name()),
                ours,
                &flat(&e["grads"][tensor.name()]),
            );
        }
        check.close(
            "global grad norm",
            [record.grads.norm()],
            &[e["global_grad_norm"].as_f64().unwrap()],
        );
        check.curve(
            |t| format!("‖∂L_T/∂h_{}‖", t + 1),
            &last_loss_grad_norms(&model, &record),
            &flat(&e["last_loss_grad_norms"]),
        );
        let jacobian: Vec<f64> = jacobian_norms(&model, &record)
            .into_iter()
            .map(f64::from)
            .collect();
        check.curve(
            |t| format!("‖∂h_{}/∂h_{}‖₂", t + 1, t),
            &jacobian,
            &flat(&e["jacobian_norms"]),
        );
        all.extend(check.failures);
    }
    all.finish("PyTorch");
}

#[test]
fn sgd_and_adam_steps_with_clipping_equal_pytorch() {
    let (seq, gru) = (load("seq.json"), load("gru.json"));
    let mut all = Failures::default();
    let cases = seq["cases"].as_array().unwrap().iter();
    for case in cases.chain(gru["cases"].as_array().unwrap()) {
        let chaotic = case["float64_deviation"]["grads_rel"].as_f64().unwrap() > 1e-5;
        for which in ["sgd", "adam"] {
            let spec = &case["optim"][which];
            let lr = spec["lr"].as_f64().unwrap() as f32;
            let optimizer = if which == "sgd" {
                Optimizer::Sgd {
                    learning_rate: lr,
                    momentum: 0.9,
                }
            } else {
                Optimizer::Adam {
                    learning_rate: lr,
                    beta1: 0.9,
                    beta2: 0.999,
                    eps: 1e-8,
                }
            };
            let clip = spec["clip"].as_f64().unwrap() as f32;
            let mut check = Check::new(
                format!("{} {which}", case["name"].as_str().unwrap()),
                chaotic,
            );
            let mut model = model_of(case);
            let mut state = OptimizerState::new(optimizer, model.dims().total()).unwrap();
            let (inputs, targets) = (indices(&case["inputs"]), indices(&case["targets"]));
            let (h0, c0) = (f32s(&flat(&case["h0"])), f32s(&flat(&case["c0"])));
            let mut record = SequenceRecord::new(model.kind(), model.dims());
            // In the chaotic case float32 rounding differences grow through the recurrence with
            // every update, so only the first update is compared there.
            let steps = if chaotic {
                1
            } else {
                spec["steps"].as_u64().unwrap() as usize
            };
            for step in 0..steps {
                forward(&model, &inputs, &targets, Some((&h0, &c0)), &mut record);
                backward(&model, &mut record);
                check.close(
                    &format!("loss before step {}", step + 1),
                    [f64::from(record.loss)],
                    &[flat(&spec["losses"])[step]],
                );
                let norm = clip_grad_norm(record.grads.as_mut_slice(), clip);
                check.close(
                    &format!("grad norm at step {}", step + 1),
                    [norm],
                    &[flat(&spec["grad_norms_before_clip"])[step]],
                );
                state.step(model.params_mut().as_mut_slice(), record.grads.as_slice());
                for tensor in [Tensor::WeightHh, Tensor::DecoderBias] {
                    let mut torch = flat(&spec["params_after"][step][tensor.name()]);
                    let mut ours: Vec<f64> = model
                        .params()
                        .tensor(tensor)
                        .iter()
                        .map(|&x| f64::from(x))
                        .collect();
                    if which == "adam" {
                        // Adam's first update is lr · g / (|g| + ε): for a gradient within a
                        // few ε of 0 float32's rounding of g moves it by up to lr, so entries
                        // whose gradient is below 1e-6 of the tensor's largest are left out.
                        let grads = flat(&case["expected"]["grads"][tensor.name()]);
                        let largest = grads.iter().fold(0.0f64, |m, g| m.max(g.abs()));
                        let keep: Vec<bool> =
                            grads.iter().map(|g| g.abs() >= 1e-6 * largest).collect();
                        let mut k = keep.iter();
                        ours.retain(|_| *k.next().unwrap());
                        let mut k = keep.iter();
                        torch.retain(|_| *k.next().unwrap());
                    }
                    check.close(
                        &format!("{} after step {}", tensor.name(), step + 1),
                        ours,
                        &torch,
                    );
                }
            }
            all.extend(check.failures);
        }
    }
    all.finish("PyTorch");
}
