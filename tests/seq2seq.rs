//! The encoder–decoder: gradients of every weight against central finite differences, with
//! each score function and without attention; and training on string reversal, where the
//! attention model beats the baseline.
#![cfg(not(target_arch = "wasm32"))]

use unroll::attention::{
    decode, encode, task_alphabet, task_example, Score, Seq2Seq, Seq2SeqConfig, Task, END,
};
use unroll::engine::Rng;

fn check(attention: Option<Score>) {
    let config = Seq2SeqConfig {
        vocab: 6,
        embedding: 3,
        hidden: 4,
        attention,
        seed: 3,
    };
    let mut model = Seq2Seq::new(config).unwrap();
    let (source, target) = ([2, 4, 3, 5], [5, 3, 4, 2, END]);
    let (grad, _) = model.gradient(&source, &target).unwrap();
    let weights = model.weights();
    assert_eq!(grad.len(), weights.len());
    let eps = 1e-2f32;
    let mut worst = (0.0f64, 0usize, 0.0, 0.0);
    for k in 0..weights.len() {
        let mut w = weights.clone();
        w[k] = weights[k] + eps;
        model.set_weights(&w);
        let plus = f64::from(model.forward(&source, &target).unwrap().loss);
        w[k] = weights[k] - eps;
        model.set_weights(&w);
        let minus = f64::from(model.forward(&source, &target).unwrap().loss);
        let numeric = (plus - minus) / (2.0 * f64::from(eps));
        let exact = f64::from(grad[k]);
        let excess = (numeric - exact).abs() - (1e-2 * exact.abs() + 2e-4);
        if excess > worst.0 {
            worst = (excess, k, numeric, exact);
        }
    }
    model.set_weights(&weights);
    assert!(
        worst.0 <= 0.0,
        "{attention:?}: weight {} numeric {} analytic {}",
        worst.1,
        worst.2,
        worst.3
    );
}

#[test]
fn gradients_match_finite_differences_with_and_without_attention() {
    check(None);
    check(Some(Score::Dot));
    check(Some(Score::General));
    check(Some(Score::Additive));
}

#[test]
fn reversal_is_learned_better_with_attention() {
    let mut results = Vec::new();
    for attention in [None, Some(Score::General)] {
        let config = Seq2SeqConfig {
            vocab: 8,
            embedding: 8,
            hidden: 24,
            attention,
            seed: 1,
        };
        let mut model = Seq2Seq::new(config).unwrap();
        let mut adam = unroll::seq::OptimizerState::new(
            unroll::seq::Optimizer::adam(0.01),
            model.weights().len(),
        )
        .unwrap();
        let mut rng = Rng::new(2);
        let mut losses = Vec::new();
        for _ in 0..1_500 {
            let length = 4 + rng.below(4);
            let source: Vec<usize> = (0..length).map(|_| 2 + rng.below(6)).collect();
            let mut target: Vec<usize> = source.iter().rev().copied().collect();
            target.push(END);
            let (grad, run) = model.gradient(&source, &target).unwrap();
            losses.push(run.loss);
            let mut weights = model.weights();
            adam.step_slice(&mut weights, &grad);
            model.set_weights(&weights);
        }
        let recent = losses[1_400..].iter().sum::<f32>() / 100.0;
        results.push(recent);
    }
    assert!(
        results[1] < 0.7 * results[0],
        "attention {} vs baseline {}",
        results[1],
        results[0]
    );
}

#[test]
fn a_trained_model_reverses_and_its_attention_runs_along_the_anti_diagonal() {
    let alphabet = task_alphabet(Task::Reverse);
    let config = Seq2SeqConfig {
        vocab: alphabet.len() + 2,
        embedding: 8,
        hidden: 32,
        attention: Some(Score::General),
        seed: 4,
    };
    let mut model = Seq2Seq::new(config).unwrap();
    let mut adam =
        unroll::seq::OptimizerState::new(unroll::seq::Optimizer::adam(0.01), model.weights().len())
            .unwrap();
    let mut rng = Rng::new(6);
    for _ in 0..3_000 {
        let (input, output) = task_example(Task::Reverse, &mut rng);
        let source = encode(&alphabet, &input).unwrap();
        let target: Vec<usize> = encode(&alphabet, &output)
            .unwrap()
            .into_iter()
            .chain([END])
            .collect();
        let (grad, _) = model.gradient(&source, &target).unwrap();
        let mut weights = model.weights();
        adam.step_slice(&mut weights, &grad);
        model.set_weights(&weights);
    }
    let (mut correct, mut aligned, mut steps) = (0, 0, 0);
    for _ in 0..30 {
        let (input, output) = task_example(Task::Reverse, &mut rng);
        let source = encode(&alphabet, &input).unwrap();
        let best = &decode(&model, &source, 1, 12).unwrap()[0];
        if best.symbols == encode(&alphabet, &output).unwrap() {
            correct += 1;
        }
        for (i, step) in best.attention.iter().enumerate().take(source.len()) {
            let argmax = (0..step.weights.len())
                .max_by(|&a, &b| step.weights[a].total_cmp(&step.weights[b]))
                .unwrap();
            aligned += usize::from(argmax == source.len() - 1 - i);
            steps += 1;
        }
    }
    assert!(correct >= 20, "reversed {correct} of 30");
    assert!(
        aligned * 10 >= steps * 7,
        "{aligned} of {steps} output steps look at the mirrored input position"
    );
    let beams = decode(&model, &encode(&alphabet, "abcdef").unwrap(), 3, 12).unwrap();
    assert!(beams.len() <= 3 && beams.windows(2).all(|w| w[0].log_prob >= w[1].log_prob));
}
