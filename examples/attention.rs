//! Trains the attention lab's two models (with and without attention) on a task and prints
//! their held-out exact-match accuracy as they learn, then accuracy per input length.
//!
//! `cargo run --release --example attention -- [reverse|sort|dates] [additive|dot|general] [steps] [seed] [learning rate]`

use unroll::attention::{AttentionLab, AttentionLabConfig, Score, Task};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = match args.first().map(String::as_str) {
        Some("sort") => Task::Sort,
        Some("dates") => Task::Dates,
        _ => Task::Reverse,
    };
    let score = match args.get(1).map(String::as_str) {
        Some("dot") => Score::Dot,
        Some("general") => Score::General,
        _ => Score::Additive,
    };
    let steps: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(3000);
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let learning_rate: f32 = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(0.005);
    let config = AttentionLabConfig {
        task,
        score,
        seed,
        learning_rate,
        ..AttentionLabConfig::default()
    };
    let mut lab = AttentionLab::new(config).expect("valid options");
    let start = std::time::Instant::now();
    for _ in 0..steps / 500 {
        lab.train(500).expect("training");
        let last = |c: &unroll::attention::Curve| c.points.last().map_or(f64::NAN, |p| p.1);
        println!(
            "step {:>6}  loss {:.3} / {:.3}  accuracy with attention {:.2}, without {:.2}",
            lab.step(),
            last(&lab.attention.loss),
            last(&lab.baseline.loss),
            last(&lab.attention.accuracy),
            last(&lab.baseline.accuracy),
        );
    }
    println!(
        "{:.1} s, {:.0} steps/s (both models)",
        start.elapsed().as_secs_f64(),
        steps as f64 / start.elapsed().as_secs_f64()
    );
    println!("length  with attention  without");
    for (a, b) in lab.attention.by_length.iter().zip(&lab.baseline.by_length) {
        println!(
            "{:>6}  {:>5}/{:<5}      {:>5}/{:<5}",
            a.0, a.1, a.2, b.1, b.2
        );
    }
    println!(
        "probe {:?} → {:?} (baseline {:?}), expected {:?}",
        lab.input(),
        lab.attention_output(),
        lab.baseline_output(),
        lab.expected()
    );
}
