//! The long-range experiment behind the lab's "matching environments" task:
//! `cargo run --release --example environments`.
//!
//! An RNN and an LSTM of the same size, seed and optimiser train on the same seeded text of
//! `\begin{name} … \end{name}` environments whose bodies are 1–60 characters long; then, for
//! several body lengths, 200 fresh environments are opened and each model greedily closes them.
//! The table is the fraction closed with the right name (chance is 1/4). A second run trains on
//! bodies of 1–5 characters only, to show the RNN can learn the task when the gap is short.

use unroll::engine::rnn::{
    environment_accuracy, environments_text, CellKind, CharModel, ModelConfig, Optimizer,
    TrainConfig, Trainer,
};

const STEPS: usize = 20_000;
const GAPS: [usize; 7] = [2, 5, 10, 20, 30, 45, 60];

fn main() -> Result<(), unroll::Error> {
    println!("{STEPS} Adam steps (lr 3e-3, clip 1), E = 16, H = 64, T = 100, seed 1; 200 environments per gap");
    for longest in [60, 5] {
        println!("\ntrained on bodies of 1–{longest} characters:");
        run(&environments_text(3_000, 1, longest, 7))?;
    }
    Ok(())
}

fn run(text: &str) -> Result<(), unroll::Error> {
    let mut vocab: Vec<char> = text.chars().collect();
    vocab.sort_unstable();
    vocab.dedup();
    print!("{:<6}", "cell");
    GAPS.iter().for_each(|g| print!(" gap {g:<3}"));
    println!();
    for kind in [CellKind::Rnn, CellKind::Lstm] {
        let mut config = ModelConfig::new(kind, vocab.clone(), 16, 64);
        config.seed = 1;
        let model = CharModel::new(&config)?;
        let train = TrainConfig {
            seq_len: 100,
            optimizer: Optimizer::adam(3e-3),
            clip: Some(1.0),
            seed: 2,
        };
        let mut trainer = Trainer::new(model, text, train)?;
        for _ in 0..STEPS {
            trainer.step()?;
        }
        let accuracy = environment_accuracy(trainer.model(), &GAPS, 200, 11)?;
        print!("{:<6}", kind.name());
        accuracy
            .iter()
            .for_each(|a| print!(" {:>6.0}%", 100.0 * a.rate()));
        println!();
    }
    Ok(())
}
