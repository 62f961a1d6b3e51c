//! How long one step of the RNN lab takes at a size: `cargo run --release --example step_cost -- H T`.
use std::time::Instant;
use unroll::seq::{Cells, Optimizer, Session, SessionConfig};

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap())
        .collect();
    let (hidden, seq_len) = (
        args.first().copied().unwrap_or(256),
        args.get(1).copied().unwrap_or(200),
    );
    let mut session = Session::new(SessionConfig {
        cells: Cells::Both,
        text: "the quick brown fox jumps over the lazy dog. ".repeat(200),
        embedding_dim: 16,
        hidden_size: hidden,
        seq_len,
        optimizer: Optimizer::adam(0.005),
        clip: Some(1.0),
        recurrent_scale: 1.0,
        forget_bias: None,
        seed: 1,
    })
    .unwrap();
    let t = Instant::now();
    session.step_stage().unwrap();
    println!(
        "first stage (forward+backward of the chunk): {:?}",
        t.elapsed()
    );
    let t = Instant::now();
    for i in 0..2 {
        let _ = session.curves(i);
    }
    println!("gradient curves of both: {:?}", t.elapsed());
    for lab in session.models() {
        let (model, record) = (lab.trainer.model(), lab.trainer.record());
        let t = Instant::now();
        let j = unroll::seq::jacobian_norms(model, record);
        println!("jacobian norms: {:?} (first {:?})", t.elapsed(), &j[..3]);
        let t = Instant::now();
        for s in 0..record.len() {
            std::hint::black_box(unroll::seq::step_jacobian(model, record, s));
        }
        println!("building the jacobians: {:?}", t.elapsed());
    }
    let t = Instant::now();
    session.train(5).unwrap();
    println!("5 training steps: {:?}", t.elapsed());
}

#[allow(dead_code)]
fn unused() {}
