//! Training does not grow memory: 100 000 steps reuse every buffer (a counting allocator; this
//! file holds one test so nothing else allocates meanwhile).
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/counting.rs"]
mod counting;
#[path = "support/small_rnn.rs"]
mod small_rnn;

use unroll::engine::rnn::{CellKind, Optimizer, Trainer};

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

#[test]
fn a_hundred_thousand_steps_do_not_grow_memory() {
    let text = "abc abc. ab c. abc ab.";
    let mut trainer = Trainer::new(
        small_rnn::model(CellKind::Lstm, None),
        text,
        small_rnn::config(Optimizer::adam(0.01), Some(1.0)),
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
