//! The small character model and training settings the RNN lab's engine tests share
//! (`#[path = "support/small_rnn.rs"] mod small_rnn;`).
#![allow(dead_code)]

use unroll::engine::rnn::{CellKind, CharModel, ModelConfig, Optimizer, TrainConfig};

/// A model of `kind` over `abc .` with E = 4, H = 6 and seed 5; `forget_bias` as in
/// [`ModelConfig::forget_bias`].
pub fn model(kind: CellKind, forget_bias: Option<f32>) -> CharModel {
    let mut config = ModelConfig::new(kind, "abc .".chars().collect(), 4, 6);
    config.seed = 5;
    config.forget_bias = forget_bias;
    CharModel::new(&config).expect("a valid model")
}

/// Training in chunks of T = 5 with seed 9.
pub fn config(optimizer: Optimizer, clip: Option<f32>) -> TrainConfig {
    TrainConfig {
        seq_len: 5,
        optimizer,
        clip,
        seed: 9,
    }
}
