//! Training-step benchmark: `cargo bench --bench train`. Forward + BPTT + an SGD or Adam update,
//! batch 1, float32, no gradient clipping (as on the benchmark page), for the two standard
//! configurations, RNN and LSTM. Warm-up, then the median of several batches. Compare
//! with `python3 benches/pytorch_train.py` (one CPU thread).

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
    optimizer: Optimizer,
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
        optimizer,
        clip: None,
        seed: 3,
    };
    Trainer::from_ids(model, text, train).unwrap()
}

fn main() {
    let optimizers = [
        (
            "sgd",
            Optimizer::Sgd {
                learning_rate: 0.05,
                momentum: 0.0,
            },
        ),
        ("adam", Optimizer::adam(1e-3)),
    ];
    println!("config  cell  optim  steps/s   ms/step");
    for (name, v, e, h, t) in CONFIGS {
        for kind in [CellKind::Rnn, CellKind::Lstm] {
            for (optimizer_name, optimizer) in optimizers {
                let mut trainer = trainer(kind, v, e, h, t, optimizer);
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
                    "{name:<7} {:<5} {optimizer_name:<5}  {median:8.1}  {:8.3}",
                    kind.name(),
                    1e3 / median
                );
            }
        }
    }
}
