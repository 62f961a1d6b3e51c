//! How long one step of the RNN lab takes at a size, and what the engine estimates it costs:
//! `cargo run --release --example step_cost -- H T` (both cells, E 16).
use std::time::Instant;
use unroll::engine::rnn::{CellKind, Cells, Optimizer, Session, SessionConfig};

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let hidden = args.first().copied().unwrap_or(64);
    let seq_len = args.get(1).copied().unwrap_or(50);
    let config = SessionConfig {
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
    };
    let estimate: u64 = [CellKind::Rnn, CellKind::Lstm]
        .iter()
        .map(|&kind| config.step_cost(kind, 29))
        .sum();
    println!(
        "estimated cost of one step: {} million multiply-adds",
        estimate / 1_000_000
    );
    let mut session = match Session::new(config) {
        Ok(session) => session,
        Err(error) => {
            println!("refused: {error}");
            return;
        }
    };
    let t = Instant::now();
    session.step_stage().unwrap();
    println!("forward + backward of one chunk: {:?}", t.elapsed());
    let t = Instant::now();
    for i in 0..2 {
        let _ = session.curves(i);
    }
    println!("gradient-norm view of both: {:?}", t.elapsed());
    let t = Instant::now();
    session.train(5).unwrap();
    println!("5 training steps: {:?}", t.elapsed());
}
