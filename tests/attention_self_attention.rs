//! The self-attention sequence model (a tiny decoder-only Transformer): every weight's gradient
//! against central finite differences; the causal mask hides the future; trained on reversal
//! it reads the mirrored source position; and without the mask it learns to read the answer.
#![cfg(not(target_arch = "wasm32"))]

use ndarray::s;
use unroll::attention::{
    SelfAttentionModel, SelfAttentionModelConfig, SelfAttentionTrainer, SelfAttentionTrainerConfig,
    Task, END,
};

fn model(layers: usize, causal: bool, width: usize, heads: usize) -> SelfAttentionModel {
    SelfAttentionModel::new(SelfAttentionModelConfig {
        vocab: 10,
        width,
        heads,
        layers,
        max_len: 24,
        causal,
        seed: 5,
    })
    .unwrap()
}

#[test]
fn gradients_match_finite_differences() {
    const EPS: f64 = 1e-6;
    for layers in [1, 2] {
        for causal in [false, true] {
            let mut m = model(layers, causal, 8, 2);
            let (source, target) = ([2, 5, 3, 7], [7, 3, 5, 2, END]);
            let (grad, _) = m.gradient(&source, &target).unwrap();
            let weights = m.weights();
            assert_eq!(grad.len(), weights.len());
            let mut worst = (f64::NEG_INFINITY, 0, 0.0, 0.0);
            let mut largest = 0.0f64;
            for k in 0..weights.len() {
                let mut w = weights.clone();
                w[k] = weights[k] + EPS;
                m.set_weights(&w);
                let plus = m.forward(&source, &target).unwrap().loss;
                w[k] = weights[k] - EPS;
                m.set_weights(&w);
                let minus = m.forward(&source, &target).unwrap().loss;
                let numeric = (plus - minus) / (2.0 * EPS);
                let excess = (numeric - grad[k]).abs() - (1e-6 * grad[k].abs() + 1e-8);
                largest = largest.max((numeric - grad[k]).abs());
                if excess > worst.0 {
                    worst = (excess, k, numeric, grad[k]);
                }
            }
            m.set_weights(&weights);
            println!(
                "layers {layers}, causal {causal}: {} weights, largest difference {largest:.1e}",
                weights.len()
            );
            assert!(
                worst.0 <= 0.0,
                "layers {layers}, causal {causal}: weight {} numeric {} analytic {}",
                worst.1,
                worst.2,
                worst.3
            );
        }
    }
}

#[test]
fn the_causal_mask_hides_later_tokens() {
    for layers in [1, 2] {
        for causal in [true, false] {
            let m = model(layers, causal, 8, 2);
            let (source, target) = ([2, 5, 3, 7], [7, 3, 5, 2, END]);
            let before = m.forward(&source, &target).unwrap();
            // Change y_3, which sits at position S + 3 = 7 (after S, SEP, y_1, y_2): rows 0–2
            // of `probs` (positions S … S + 2) come before it.
            let changed = [7, 3, 9, 2, END];
            let after = m.forward(&source, &changed).unwrap();
            let (position, row) = (source.len() + 3, 3);
            for (l, (a, b)) in before.maps.iter().zip(&after.maps).enumerate() {
                let early = (0..position).all(|i| a.slice(s![.., i, ..]) == b.slice(s![.., i, ..]));
                let late = (position..a.shape()[1]).all(|i| {
                    a.slice(s![.., i, ..])
                        .iter()
                        .zip(b.slice(s![.., i, ..]))
                        .any(|(x, y)| (x - y).abs() > 1e-9)
                });
                assert_eq!(
                    early, causal,
                    "layers {layers}, map {l}: earlier rows unchanged"
                );
                assert!(late, "layers {layers}, map {l}: later rows change");
            }
            let early = before.probs.slice(s![..row, ..]) == after.probs.slice(s![..row, ..]);
            assert_eq!(early, causal, "layers {layers}: earlier outputs unchanged");
            if causal {
                // Masked rows are exactly zero above the diagonal.
                let map = &before.maps[layers - 1];
                assert!(map.indexed_iter().all(|((_, i, j), &w)| j <= i || w == 0.0));
            }
        }
    }
}

#[test]
fn bad_sizes_and_inputs_are_refused_with_a_readable_message() {
    let config = SelfAttentionModelConfig {
        vocab: 10,
        width: 8,
        heads: 3,
        layers: 2,
        max_len: 8,
        causal: true,
        seed: 1,
    };
    let message = |config| SelfAttentionModel::new(config).unwrap_err().to_string();
    assert_eq!(
        message(config),
        "heads must divide the width 8 evenly, got 3"
    );
    let zero_width = SelfAttentionModelConfig { width: 0, ..config };
    assert_eq!(
        message(zero_width),
        "width must be between 1 and 256, got 0"
    );
    let layers = SelfAttentionModelConfig {
        layers: 5,
        heads: 2,
        ..config
    };
    assert_eq!(message(layers), "layers must be between 1 and 4, got 5");
    let m = SelfAttentionModel::new(SelfAttentionModelConfig { heads: 2, ..config }).unwrap();
    let error = m.forward(&[2, 3, 4, 5], &[5, 4, 3, 2, END]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "source and target make a sequence of 9 positions, but the model holds at most 8"
    );
    let error = m.forward(&[2, 12], &[END]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "source holds symbol 12, outside the vocabulary of 10"
    );
    assert_eq!(
        m.forward(&[], &[END]).unwrap_err().to_string(),
        "source is empty"
    );
    let trainer = SelfAttentionTrainerConfig {
        task: Task::Reverse,
        min_len: 3,
        max_len: 7,
        batch_size: 4,
        learning_rate: 3e-3,
        seed: 1,
    };
    let error = SelfAttentionTrainer::new(m, trainer).unwrap_err();
    assert_eq!(
        error.to_string(),
        "longest sequence must be at least 15 for these inputs, got 8"
    );
}

/// The share of output rows (SEP … y_{T−1}) of layer `layer` where the head with the most
/// mass on the source puts its argmax on source position `want(S, t)`.
fn map_hits(
    trainer: &SelfAttentionTrainer,
    layer: usize,
    count: usize,
    seed: u64,
    want: &dyn Fn(&[usize], usize) -> Vec<usize>,
) -> f64 {
    let model = trainer.model();
    let config = trainer.config();
    let alphabet = unroll::attention::task_alphabet(config.task);
    let mut rng = unroll::engine::Rng::new(seed);
    let (mut hits, mut rows) = (0, 0);
    for _ in 0..count {
        let (input, output) = unroll::attention::task_example_with_length(
            config.task,
            config.min_len,
            config.max_len,
            &mut rng,
        );
        let source = unroll::attention::encode(&alphabet, &input).unwrap();
        let mut target = unroll::attention::encode(&alphabet, &output).unwrap();
        target.extend([END]);
        let run = model.forward(&source, &target).unwrap();
        let map = &run.maps[layer];
        let s = source.len();
        for t in 0..target.len() - 1 {
            let row = s + t;
            let head = (0..map.shape()[0])
                .max_by(|&a, &b| {
                    let ma: f64 = (0..s).map(|j| map[[a, row, j]]).sum();
                    let mb: f64 = (0..s).map(|j| map[[b, row, j]]).sum();
                    ma.total_cmp(&mb)
                })
                .unwrap();
            let argmax = (0..map.shape()[2])
                .max_by(|&a, &b| map[[head, row, a]].total_cmp(&map[[head, row, b]]))
                .unwrap();
            hits += usize::from(want(&source, t).contains(&argmax));
            rows += 1;
        }
    }
    hits as f64 / rows as f64
}

fn mirrored(source: &[usize], t: usize) -> Vec<usize> {
    vec![source.len() - 1 - t]
}

/// A 2-layer, width-32, 2-head model trained on reversing 3 to 7 letters (Adam 3e-3, batches
/// of 4, seeds 1 and 2).
fn train_reversal(causal: bool, steps: usize) -> SelfAttentionTrainer {
    let model = SelfAttentionModel::new(SelfAttentionModelConfig {
        vocab: 10,
        width: 32,
        heads: 2,
        layers: 2,
        max_len: 15,
        causal,
        seed: 1,
    })
    .unwrap();
    let mut trainer = SelfAttentionTrainer::new(
        model,
        SelfAttentionTrainerConfig {
            task: Task::Reverse,
            min_len: 3,
            max_len: 7,
            batch_size: 4,
            learning_rate: 3e-3,
            seed: 2,
        },
    )
    .unwrap();
    for _ in 0..steps {
        trainer.train_step().unwrap();
    }
    assert_eq!(trainer.steps(), steps as u64);
    trainer
}

#[test]
fn reversal_is_learned_and_the_last_layer_reads_the_mirrored_position() {
    // Measured on 50 fresh examples at 1000 steps: 96 % exact, the last layer's most
    // source-bound head on the mirrored position in 95 % of output rows (the first layer's in
    // about a third). Seeds 2 and 3 give 96–100 % and 0.93–0.97; on the way there accuracy
    // wobbles (78–98 % between steps 500 and 900 with this seed).
    let trainer = train_reversal(true, 1000);
    let scores = trainer.evaluate(50, 99).unwrap();
    let first = map_hits(&trainer, 0, 50, 99, &mirrored);
    let last = map_hits(&trainer, 1, 50, 99, &mirrored);
    println!("reverse, causal, 1000 steps: {scores:?}, mirror hits: layer 0 {first:.2}, layer 1 {last:.2}");
    assert!(scores.exact_match >= 0.85, "{scores:?}");
    assert!(last >= 0.85, "last layer on the mirrored position {last}");
    // The page's run: generate returns the whole sequence's maps, [heads, N, N] per layer.
    let source = [2, 3, 4, 5, 6];
    let (output, run) = trainer.model().generate(&source, 10).unwrap();
    assert_eq!(output, [6, 5, 4, 3, 2]);
    assert_eq!(run.tokens, [2, 3, 4, 5, 6, 0, 6, 5, 4, 3, 2]);
    assert_eq!(run.maps.len(), 2);
    assert_eq!(run.maps[1].shape(), [2, 11, 11]);
    assert_eq!(run.probs.shape(), [6, 10]);
}

#[test]
fn without_the_mask_it_reads_the_answer_instead_of_learning_the_task() {
    // Position y_t may look at y_{t+1}, the symbol it must predict: teacher forcing is solved by
    // copying the next position, and greedy decoding, where that position does not exist yet,
    // fails. Measured at 1000 steps: teacher-forced loss 0.003 (the masked model's: 0.04), exact
    // match 0–4 %.
    let mut trainer = train_reversal(false, 1000);
    let scores = trainer.evaluate(50, 99).unwrap();
    let next = map_hits(&trainer, 1, 50, 99, &|source, t| vec![source.len() + t + 1]);
    println!(
        "reverse, not causal, 1000 steps: {scores:?}, last layer on the next position {next:.2}"
    );
    assert!(scores.loss < 0.05, "{scores:?}");
    assert!(scores.exact_match <= 0.2, "{scores:?}");
    assert!(next >= 0.5, "last layer on the next position {next}");
    // Switching the mask on after training does not rescue it.
    trainer.model_mut().set_causal(true);
    let masked = trainer.evaluate(50, 99).unwrap();
    println!("the same model with the mask switched on: {masked:?}");
    assert!(trainer.model().config().causal);
    assert!(masked.exact_match <= 0.2, "{masked:?}");
}

/// The page's gradient check (float64, each tensor's largest entry and three random ones): the
/// spans cover every weight and every relative error is below 1e-6.
#[test]
fn the_gradient_check_button_agrees_to_1e_6_in_float64() {
    for layers in [1, 2] {
        let m = model(layers, true, 8, 2);
        let (source, target) = ([2, 5, 3, 7], [7, 3, 5, 2, END]);
        let result = m.gradient_check(&source, &target, 3, 9).unwrap();
        assert_eq!(result.tensors.len(), 2 + 8 * layers + 2);
        assert_eq!(result.tensors.last().unwrap().range.end, m.weights().len());
        assert_eq!(
            result.entries.len() + result.unresolved.len(),
            result.tensors.len() + 3
        );
        for entry in &result.entries {
            assert!(
                entry.relative_error() < 1e-6,
                "{}[{:?}]: analytic {} numeric {}",
                result.tensors[entry.tensor].name,
                entry.at,
                entry.analytic,
                entry.numeric
            );
        }
    }
}
