//! Built-in seeded training texts where a long-range dependency is known, and how to score a
//! model on them.
//!
//! - **Matching environments**: `\begin{lemma} … \end{lemma}` — the name must be remembered
//!   across a body of chosen length (the char-RNN example that opened `\begin{proof}` and
//!   closed `\end{lemma}`).
//! - **Remember the first character**: `a…(delay)…=a` — recall after a delay.

use super::infer::sample_greedy;
use super::model::CharModel;
use crate::engine::{Error, Rng};

/// Environment names: all start with a different letter after the brace, so the first letter
/// decides the rest.
pub const ENVIRONMENTS: [&str; 4] = ["lemma", "proof", "theorem", "definition"];
/// Filler characters for environment bodies and delays.
const FILLER: &str = "abcdefghijklmnopqrstuvwxyz      ";

/// A seeded text of `count` environments, each with a body of `gap_min..=gap_max` filler
/// characters: `\begin{name}body\end{name}\n`.
pub fn environments_text(count: usize, gap_min: usize, gap_max: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let filler: Vec<char> = FILLER.chars().collect();
    let mut text = String::new();
    for _ in 0..count {
        let name = ENVIRONMENTS[rng.below(ENVIRONMENTS.len())];
        let gap = gap_min + rng.below(gap_max.saturating_sub(gap_min) + 1);
        text.push_str("\\begin{");
        text.push_str(name);
        text.push('}');
        text.extend((0..gap).map(|_| filler[rng.below(filler.len())]));
        text.push_str("\\end{");
        text.push_str(name);
        text.push_str("}\n");
    }
    text
}

/// A seeded text of `count` lines `x` + delay filler + `=x`: the first character must be
/// recalled after `delay` characters.
pub fn remember_first_text(count: usize, delay: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let symbols: Vec<char> = "ABCDEFGH".chars().collect();
    let filler: Vec<char> = "abcdefghijklmnopqrstuvwxyz".chars().collect();
    let mut text = String::new();
    for _ in 0..count {
        let first = symbols[rng.below(symbols.len())];
        text.push(first);
        text.extend((0..delay).map(|_| filler[rng.below(filler.len())]));
        text.push('=');
        text.push(first);
        text.push('\n');
    }
    text
}

/// How often a model closes environments with the right name, for one gap length.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GapAccuracy {
    /// The body length.
    pub gap: usize,
    /// Environments tried.
    pub trials: usize,
    /// Closed with the right name (greedy decoding after `\end{`).
    pub correct: usize,
}

impl GapAccuracy {
    /// `correct / trials`.
    pub fn rate(&self) -> f64 {
        if self.trials == 0 {
            0.0
        } else {
            self.correct as f64 / self.trials as f64
        }
    }
}

/// For each gap length, opens `trials` seeded environments, feeds the body and `\end{`, and
/// counts how often greedy decoding writes the name that was opened.
pub fn environment_accuracy(
    model: &CharModel,
    gaps: &[usize],
    trials: usize,
    seed: u64,
) -> Result<Vec<GapAccuracy>, Error> {
    let mut rng = Rng::new(seed);
    let filler: Vec<char> = FILLER.chars().collect();
    gaps.iter()
        .map(|&gap| {
            let mut correct = 0;
            for _ in 0..trials {
                let name = ENVIRONMENTS[rng.below(ENVIRONMENTS.len())];
                let body: String = (0..gap).map(|_| filler[rng.below(filler.len())]).collect();
                let prompt = format!("\\begin{{{name}}}{body}\\end{{");
                let written = sample_greedy(model, &prompt, name.chars().count() + 1)?;
                if written == format!("{name}}}") {
                    correct += 1;
                }
            }
            Ok(GapAccuracy {
                gap,
                trials,
                correct,
            })
        })
        .collect()
}

/// For each delay, writes `trials` seeded lines `x` + delay filler + `=` and counts how often
/// greedy decoding recalls `x` (one of 8 symbols: chance is 1/8).
pub fn remember_first_accuracy(
    model: &CharModel,
    delays: &[usize],
    trials: usize,
    seed: u64,
) -> Result<Vec<GapAccuracy>, Error> {
    let mut rng = Rng::new(seed);
    let symbols: Vec<char> = "ABCDEFGH".chars().collect();
    let filler: Vec<char> = "abcdefghijklmnopqrstuvwxyz".chars().collect();
    delays
        .iter()
        .map(|&gap| {
            let mut correct = 0;
            for _ in 0..trials {
                let first = symbols[rng.below(symbols.len())];
                let mut prompt = String::from("\n");
                prompt.push(first);
                prompt.extend((0..gap).map(|_| filler[rng.below(filler.len())]));
                prompt.push('=');
                if sample_greedy(model, &prompt, 1)?.starts_with(first) {
                    correct += 1;
                }
            }
            Ok(GapAccuracy {
                gap,
                trials,
                correct,
            })
        })
        .collect()
}

/// A short plain-English corpus of the project's own, for the default lab text.
pub const PLAIN_TEXT: &str = "A recurrent network reads one character at a time and keeps a \
hidden state, a small memory of what it has read. At each step it mixes the new character into \
that memory and guesses the next one. Training compares the guess with the real next character \
and sends the error back through time, step by step, to every weight that shaped the memory. \
When the errors must travel far back, they shrink or grow at every step they cross. The plain \
recurrent network forgets quickly; the long short-term memory adds a cell with gates that \
decide what to keep, what to write and what to show, so a useful memory can survive a long \
way.\n";
