//! Training does not grow memory: 100 000 steps reuse every buffer (a counting allocator; this
//! file holds one test so nothing else allocates meanwhile).
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/counting.rs"]
mod counting;

use unroll::engine::rnn::{CellKind, CharModel, ModelConfig, Optimizer, TrainConfig, Trainer};

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

fn model(kind: CellKind) -> CharModel {
    let mut config = ModelConfig::new(kind, "abc .".chars().collect(), 4, 6);
    config.seed = 5;
    CharModel::new(&config).unwrap()
}

fn config(optimizer: Optimizer, clip: Option<f32>) -> TrainConfig {
    TrainConfig {
        seq_len: 5,
        optimizer,
        clip,
        seed: 9,
    }
}

#[test]
fn a_hundred_thousand_steps_do_not_grow_memory() {
    let text = "abc abc. ab c. abc ab.";
    let mut trainer = Trainer::new(
        model(CellKind::Lstm),
        text,
        config(Optimizer::adam(0.01), Some(1.0)),
    )
    .unwrap();
    for _ in 0..100 {
        trainer.step().unwrap();
    }
    let before = counting::live();
    for _ in 0..100_000 {
        trainer.step().unwrap();
    }
    let growth = counting::live() - before;
    // A leak of even one byte per step would show as 100 000 bytes; the bound leaves room for
    // the test harness's own bookkeeping (a few hundred bytes, once).
    assert!(
        growth < 4096,
        "live heap grew by {growth} bytes over 100 000 steps"
    );
}
