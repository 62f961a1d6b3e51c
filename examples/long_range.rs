//! The long-range experiment at the "through time" lab's default settings, for every recurrent
//! cell: `cargo run --release --example long_range [steps]`.
//!
//! An RNN, an LSTM and a GRU train in lockstep — exactly as the lab's "RNN, LSTM and GRU side
//! by side" does with its defaults (E 16, H 32, T 50, Adam 3e-3, clip 1, forget bias 1, seed 1; 3 000 environments or lines)
//! — on each of the lab's two long-range tasks, then recall is measured as the lab's "Measure
//! now" does:
//!
//! - matching environments (`\begin{name} … \end{name}`, bodies of 1–30 characters): 40 fresh
//!   environments per body length closed greedily after `\end{` (chance 25 %);
//! - remember the first character (`x`, 30 filler characters, `=x`): 40 fresh lines per delay,
//!   the character after `=` decoded greedily (chance 12.5 %).
//!
//! The numbers are seeded: the page shows the same ones after the same number of steps.

use unroll::engine::rnn::{
    environment_accuracy, environments_text, remember_first_accuracy, remember_first_text, Cells,
    GapAccuracy, Optimizer, Session, SessionConfig,
};

/// The body lengths and delays measured (the lab's "Measure now" uses the same).
const GAPS: [usize; 6] = [2, 5, 10, 20, 30, 45];
/// Trials per gap, and the seed of the probes (the lab's).
const TRIALS: usize = 40;
const PROBE_SEED: u64 = 11;

fn main() -> Result<(), unroll::Error> {
    let steps: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(60_000);
    println!("the lab's defaults, {steps} steps (Play runs about 2 300 steps/s with three cells):");
    let tasks = std::env::var("TASKS").unwrap_or_else(|_| "environments,remember".to_string());
    for task in tasks.split(',') {
        let text = match task {
            "environments" => environments_text(var("ENVS", 3_000), 1, 30, 1),
            _ => remember_first_text(var("LINES", 3_000), var("DELAY", 30), 1),
        };
        let mut session = Session::new(SessionConfig {
            cells: Cells::All,
            text,
            embedding_dim: 16,
            hidden_size: 32,
            seq_len: 50,
            optimizer: Optimizer::adam(var("LR_MILLI", 3) as f32 * 1e-3),
            clip: Some(1.0),
            recurrent_scale: 1.0,
            forget_bias: Some(1.0),
            seed: 1,
        })?;
        let start = std::time::Instant::now();
        session.train(steps)?;
        let seconds = start.elapsed().as_secs_f64();
        println!("\n{task} ({seconds:.0} s here):");
        print!("| cell | bits/char |");
        GAPS.iter().for_each(|g| print!(" gap {g} |"));
        println!();
        for lab in session.models() {
            let model = lab.trainer.model();
            let accuracy: Vec<GapAccuracy> = match task {
                "environments" => environment_accuracy(model, &GAPS, TRIALS, PROBE_SEED)?,
                _ => remember_first_accuracy(model, &GAPS, TRIALS, PROBE_SEED)?,
            };
            let bits = lab
                .last
                .map_or(f32::NAN, |s| s.loss / std::f32::consts::LN_2);
            print!("| {} | {bits:.2} |", model.kind().name().to_uppercase());
            accuracy
                .iter()
                .for_each(|a| print!(" {:.0} % |", 100.0 * a.rate()));
            println!();
        }
    }
    Ok(())
}

fn var(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
