//! Training-step benchmark: `cargo bench --bench train`. Forward + BPTT + Adam update, batch 1,
//! float32, for the two standard configurations, RNN and LSTM. Warm-up, then the median of
//! several batches. Compare with `python3 benches/pytorch_train.py` (one CPU thread).

use std::time::Instant;

use unroll::engine::rnn::{CellKind, CharModel, ModelConfig, Optimizer, TrainConfig, Trainer};

/// `(name, V, E, H, T)`.
const CONFIGS: [(&str, usize, usize, usize, usize); 2] =
    [("small", 64, 32, 128, 32), ("medium", 64, 64, 256, 64)];

fn trainer(
    kind: CellKind,
    vocab: usize,
    embedding: usize,
    hidden: usize,
    seq_len: usize,
) -> Trainer {
    let chars: Vec<char> = (0..vocab as u32)
        .map(|i| char::from_u32(0x30 + i).unwrap())
        .collect();
    let mut config = ModelConfig::new(kind, chars, embedding, hidden);
    config.seed = 1;
    let model = CharModel::new(&config).unwrap();
    let mut rng = unroll::engine::Rng::new(2);
    let text: Vec<usize> = (0..20_000).map(|_| rng.below(vocab)).collect();
    let train = TrainConfig {
        seq_len,
        optimizer: Optimizer::adam(1e-3),
        clip: Some(5.0),
        seed: 3,
    };
    Trainer::from_ids(model, text, train).unwrap()
}

fn main() {
    println!("config  cell  steps/s   ms/step");
    for (name, v, e, h, t) in CONFIGS {
        for kind in [CellKind::Rnn, CellKind::Lstm] {
            let mut trainer = trainer(kind, v, e, h, t);
            let batch = if name == "small" { 200 } else { 50 };
            for _ in 0..batch {
                trainer.step().unwrap();
            }
            let mut rates: Vec<f64> = (0..7)
                .map(|_| {
                    let start = Instant::now();
                    for _ in 0..batch {
                        trainer.step().unwrap();
                    }
                    batch as f64 / start.elapsed().as_secs_f64()
                })
                .collect();
            rates.sort_by(f64::total_cmp);
            let median = rates[rates.len() / 2];
            println!(
                "{name:<7} {:<5} {median:8.1}  {:8.3}",
                kind.name(),
                1e3 / median
            );
        }
    }
}
