//! Seeded tasks where the right alignment is known — reverse a string, sort its letters,
//! translate a human date to ISO — and decoding a trained encoder–decoder greedily or with a
//! beam, every step's attention recorded.

use super::encoder_decoder::AttentionStep;
use super::seq2seq::{Seq2Seq, END, START};
use crate::engine::{Error, Rng};

/// The tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// `abcd` → `dcba`: attention runs along the anti-diagonal.
    Reverse,
    /// `dbca` → `abcd`: each output looks at where its letter was.
    Sort,
    /// `26 November 2026` → `2026-11-26`, in several formats.
    Dates,
}

const LETTERS: &str = "abcdefgh";
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The characters a task uses (without the two special symbols).
pub fn task_alphabet(task: Task) -> Vec<char> {
    let mut chars: Vec<char> = match task {
        Task::Reverse | Task::Sort => LETTERS.chars().collect(),
        Task::Dates => {
            let mut all: String = "0123456789-/. ,".to_string();
            for month in MONTHS {
                all.push_str(month);
            }
            all.chars().collect()
        }
    };
    chars.sort_unstable();
    chars.dedup();
    chars
}

/// A seeded (input, output) example of `task`.
pub fn task_example(task: Task, rng: &mut Rng) -> (String, String) {
    let letters: Vec<char> = LETTERS.chars().collect();
    match task {
        Task::Reverse | Task::Sort => {
            let input: String = (0..3 + rng.below(5))
                .map(|_| letters[rng.below(letters.len())])
                .collect();
            let mut output: Vec<char> = input.chars().collect();
            if task == Task::Reverse {
                output.reverse();
            } else {
                output.sort_unstable();
            }
            (input, output.into_iter().collect())
        }
        Task::Dates => {
            let (year, month, day) = (1950 + rng.below(100), 1 + rng.below(12), 1 + rng.below(28));
            let name = MONTHS[month - 1];
            let input = match rng.below(4) {
                0 => format!("{day} {name} {year}"),
                1 => format!("{name} {day}, {year}"),
                2 => format!("{day:02}/{month:02}/{year}"),
                _ => format!("{day}.{month}.{year}"),
            };
            (input, format!("{year}-{month:02}-{day:02}"))
        }
    }
}

/// Maps text onto model symbols (characters start at index 2, after start and end).
pub fn encode(alphabet: &[char], text: &str) -> Result<Vec<usize>, Error> {
    text.chars()
        .map(|c| {
            alphabet
                .iter()
                .position(|&a| a == c)
                .map(|i| i + 2)
                .ok_or_else(|| Error::InvalidOption {
                    name: "input",
                    message: format!("contains {c:?}, which this task's model does not know"),
                })
        })
        .collect()
}

/// One decoded output: the text and each step's attention.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The output symbols (without the end symbol).
    pub symbols: Vec<usize>,
    /// Attention at each output step (empty for the baseline).
    pub attention: Vec<AttentionStep>,
    /// The sequence's `ln` probability.
    pub log_prob: f64,
}

/// Beam search (width 1: greedy) for at most `max_len` symbols.
pub fn decode(
    model: &Seq2Seq,
    source: &[usize],
    beam_width: usize,
    max_len: usize,
) -> Result<Vec<Decoded>, Error> {
    if beam_width == 0 {
        return Err(Error::InvalidOption {
            name: "beam width",
            message: "must be at least 1".to_string(),
        });
    }
    let mut beams: Vec<Decoded> = vec![Decoded {
        symbols: Vec::new(),
        attention: Vec::new(),
        log_prob: 0.0,
    }];
    let mut finished: Vec<Decoded> = Vec::new();
    for _ in 0..max_len {
        let mut candidates = Vec::new();
        for beam in &beams {
            let mut target = beam.symbols.clone();
            target.push(END);
            // Teacher-forced on the beam's own prefix: the last step's distribution is the next one.
            let run = model.forward(source, &target)?;
            let last = run.probs.nrows() - 1;
            let mut attention = beam.attention.clone();
            if let Some(step) = run.attention.get(last) {
                attention.push(step.clone());
            }
            for (k, &p) in run.probs.row(last).iter().enumerate() {
                if k == START || p <= 0.0 {
                    continue;
                }
                let mut symbols = beam.symbols.clone();
                symbols.push(k);
                candidates.push(Decoded {
                    symbols,
                    attention: attention.clone(),
                    log_prob: beam.log_prob + f64::from(p).ln(),
                });
            }
        }
        candidates.sort_by(|a, b| b.log_prob.total_cmp(&a.log_prob));
        beams.clear();
        for candidate in candidates.into_iter().take(beam_width) {
            if candidate.symbols.last() == Some(&END) {
                let mut done = candidate;
                done.symbols.pop();
                finished.push(done);
            } else {
                beams.push(candidate);
            }
        }
        if beams.is_empty() {
            break;
        }
    }
    finished.extend(beams);
    finished.sort_by(|a, b| b.log_prob.total_cmp(&a.log_prob));
    finished.truncate(beam_width);
    Ok(finished)
}
