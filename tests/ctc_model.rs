//! The CTC model: gradients against central finite differences (one- and two-directional), and
//! training on the seeded synthetic task lowers the loss and learns to decode.
#![cfg(not(target_arch = "wasm32"))]

use ndarray::Array2;
use unroll::ctc::{greedy, CtcModel, CtcModelConfig, CtcOptions, CtcTask, CtcTrainer};
use unroll::engine::Rng;

fn check_gradients(bidirectional: bool) {
    let config = CtcModelConfig {
        features: 3,
        hidden: 4,
        symbols: 3,
        bidirectional,
        seed: 2,
    };
    let mut model = CtcModel::new(config).unwrap();
    let mut rng = Rng::new(9);
    let x = Array2::from_shape_fn((6, 3), |_| rng.normal());
    let target = [1, 2, 2];
    let (grad, _) = model
        .gradient(x.view(), &target, CtcOptions::default())
        .unwrap();
    let weights = model.weights();
    assert_eq!(grad.len(), weights.len());
    let eps = 1e-2f32;
    let mut worst = (0.0f64, 0usize);
    for (k, &w) in weights.iter().enumerate() {
        let loss = |model: &CtcModel| {
            model
                .gradient(x.view(), &target, CtcOptions::default())
                .unwrap()
                .1
                .record
                .loss
        };
        model.set_weight(k, w + eps);
        let plus = loss(&model);
        model.set_weight(k, w - eps);
        let minus = loss(&model);
        model.set_weight(k, w);
        let numeric = (plus - minus) / (2.0 * f64::from(eps));
        let exact = f64::from(grad[k]);
        let excess = (numeric - exact).abs() - (1e-2 * exact.abs() + 2e-4);
        if excess > worst.0 {
            worst = (excess, k);
        }
    }
    assert!(
        worst.0 <= 0.0,
        "bidirectional {bidirectional}: weight {} off by {}",
        worst.1,
        worst.0
    );
}

#[test]
fn gradients_match_finite_differences() {
    check_gradients(false);
    check_gradients(true);
}

#[test]
fn training_on_the_synthetic_task_lowers_the_loss_and_learns_to_decode() {
    let task = CtcTask::new(3, 6, 0.3, 1);
    let config = CtcModelConfig {
        features: 6,
        hidden: 16,
        symbols: 4,
        bidirectional: true,
        seed: 3,
    };
    let mut trainer = CtcTrainer::new(CtcModel::new(config).unwrap(), task, 0.01, 5.0, 4).unwrap();
    let losses: Vec<f64> = (0..600).map(|_| trainer.step().unwrap()).collect();
    let mean = |s: &[f64]| s.iter().sum::<f64>() / s.len() as f64;
    let (first, last) = (mean(&losses[..50]), mean(&losses[550..]));
    assert!(last < 0.3 * first, "loss {first} -> {last}");
    let mut correct = 0;
    for _ in 0..50 {
        let utterance = trainer.sample();
        let emissions = trainer.model().emissions(utterance.frames.view()).unwrap();
        if greedy(emissions.view(), 0).unwrap().collapsed == utterance.target {
            correct += 1;
        }
    }
    assert!(correct >= 40, "decoded {correct} of 50 utterances");
}

#[test]
fn mismatched_sizes_are_refused() {
    let task = CtcTask::new(3, 6, 0.3, 1);
    let config = CtcModelConfig {
        features: 5,
        hidden: 8,
        symbols: 4,
        bidirectional: false,
        seed: 3,
    };
    let error = CtcTrainer::new(CtcModel::new(config).unwrap(), task, 0.01, 5.0, 4).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the model has 4 symbols and 5 features; the task needs 4 and 6"
    );
}

/// The page's gradient check (float32) before any step and after a few: every tensor named,
/// the spans covering every weight, every relative error below 1e-3.
#[test]
fn the_gradient_check_button_agrees_to_1e_3_in_float32() {
    for bidirectional in [false, true] {
        let task = CtcTask::new(3, 6, 0.3, 1);
        let config = CtcModelConfig {
            features: 6,
            hidden: 16,
            symbols: 4,
            bidirectional,
            seed: 3,
        };
        let model = CtcModel::new(config).unwrap();
        let count = model.parameter_count();
        let mut trainer = CtcTrainer::new(model, task, 0.01, 5.0, 4).unwrap();
        for steps in [0, 5] {
            for _ in 0..steps {
                trainer.step().unwrap();
            }
            let result = trainer.gradient_check(3, 1).unwrap();
            assert_eq!(result.tensors.last().unwrap().range.end, count);
            assert_eq!(result.tensors.len(), if bidirectional { 8 } else { 5 });
            assert_eq!(
                result.entries.len() + result.unresolved.len(),
                result.tensors.len() + 3
            );
            for entry in &result.entries {
                assert!(
                    entry.relative_error() < 1e-3,
                    "{}[{:?}]: analytic {} numeric {}",
                    result.tensors[entry.tensor].name,
                    entry.at,
                    entry.analytic,
                    entry.numeric
                );
            }
        }
    }
}
