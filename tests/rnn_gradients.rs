//! BPTT gradients against central finite differences, for RNN, LSTM and GRU.
//!
//! `∂L/∂θ ≈ (L(θ + ε) − L(θ − ε)) / 2ε` with ε = 1e-2 on a tiny model (f32 forward), for every
//! parameter. Tolerance: |numeric − analytic| ≤ 1e-2 · |analytic| + 5e-5 (float32 forward
//! passes make the numeric side good to about 1e-5).
#![cfg(not(target_arch = "wasm32"))]

use unroll::engine::rnn::{
    backward, forward, CellKind, CharModel, ModelConfig, SequenceRecord, Tensor,
};

fn model(kind: CellKind, scale: f32) -> CharModel {
    let mut config = ModelConfig::new(kind, "abcde".chars().collect(), 3, 4);
    config.seed = 11;
    config.recurrent_scale = scale;
    CharModel::new(&config).unwrap()
}

fn loss(
    model: &CharModel,
    inputs: &[usize],
    targets: &[usize],
    state: Option<(&[f32], &[f32])>,
) -> f64 {
    let mut record = SequenceRecord::new(model.kind(), model.dims());
    forward(model, inputs, targets, state, &mut record);
    f64::from(record.loss)
}

fn check(kind: CellKind, scale: f32) {
    let mut model = model(kind, scale);
    let inputs = [0, 3, 1, 4, 2, 2, 0];
    let targets = [3, 1, 4, 2, 2, 0, 1];
    let h0 = [0.1, -0.2, 0.3, 0.05];
    let c0 = [-0.3, 0.2, 0.1, 0.4];
    let state = Some((&h0[..], &c0[..]));
    let mut record = SequenceRecord::new(kind, model.dims());
    forward(&model, &inputs, &targets, state, &mut record);
    backward(&model, &mut record);
    let analytic = record.grads.clone();
    let eps = 1e-2f32;
    let mut worst = (0.0f64, String::new());
    for tensor in Tensor::ALL {
        for k in 0..analytic.tensor(tensor).len() {
            let original = model.params().tensor(tensor)[k];
            model.params_mut().tensor_mut(tensor)[k] = original + eps;
            let plus = loss(&model, &inputs, &targets, state);
            model.params_mut().tensor_mut(tensor)[k] = original - eps;
            let minus = loss(&model, &inputs, &targets, state);
            model.params_mut().tensor_mut(tensor)[k] = original;
            let numeric = (plus - minus) / (2.0 * f64::from(eps));
            let exact = f64::from(analytic.tensor(tensor)[k]);
            let excess = (numeric - exact).abs() - (1e-2 * exact.abs() + 5e-5);
            if excess > worst.0 || worst.1.is_empty() {
                worst = (
                    excess,
                    format!(
                        "{}[{k}]: numeric {numeric:.6}, analytic {exact:.6}",
                        tensor.name()
                    ),
                );
            }
        }
    }
    assert!(worst.0 <= 0.0, "{kind}: worst gradient {}", worst.1);
}

#[test]
fn rnn_gradients_match_finite_differences() {
    check(CellKind::Rnn, 1.0);
}

#[test]
fn lstm_gradients_match_finite_differences() {
    check(CellKind::Lstm, 1.0);
}

#[test]
fn gru_gradients_match_finite_differences() {
    check(CellKind::Gru, 1.0);
}

#[test]
fn gradients_match_with_large_recurrent_weights() {
    check(CellKind::Rnn, 3.0);
    check(CellKind::Lstm, 3.0);
    check(CellKind::Gru, 3.0);
}

/// The page's gradient check (each tensor's largest entry and three random ones, float32,
/// ε = 1e-2) on a model of the lab's default size: every relative error is below 1e-3.
#[test]
fn the_gradient_check_button_agrees_to_1e_3_in_float32() {
    use unroll::engine::rnn::{environments_text, gradient_check};
    let text = environments_text(200, 1, 12, 3);
    for kind in [CellKind::Rnn, CellKind::Lstm, CellKind::Gru] {
        let mut vocab: Vec<char> = text.chars().collect();
        vocab.sort_unstable();
        vocab.dedup();
        let mut config = ModelConfig::new(kind, vocab, 16, 32);
        config.seed = 1;
        let model = CharModel::new(&config).unwrap();
        let ids = model.encode(&text).unwrap();
        let mut record = SequenceRecord::new(kind, model.dims());
        forward(&model, &ids[..50], &ids[1..51], None, &mut record);
        for seed in 0..3 {
            let result = gradient_check(&model, &record, 3, seed).unwrap();
            assert_eq!(
                result.entries.len() + result.unresolved.len(),
                Tensor::ALL.len() + 3
            );
            for entry in &result.entries {
                assert!(
                    entry.relative_error() < 1e-3,
                    "{kind}: {}[{:?}] analytic {} numeric {}",
                    result.tensors[entry.tensor].name,
                    entry.at,
                    entry.analytic,
                    entry.numeric
                );
            }
        }
    }
}
