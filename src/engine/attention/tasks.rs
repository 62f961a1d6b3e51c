//! Seeded tasks where the right alignment is known — reverse a string, sort its letters,
//! translate a human date to ISO (decoding a trained model is in `decode.rs`).

use crate::engine::{Error, Rng};

/// The tasks.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
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

/// A seeded (input, output) example of `task` with 3 to 7 letters.
pub fn task_example(task: Task, rng: &mut Rng) -> (String, String) {
    task_example_with_length(task, 3, 7, rng)
}

/// A seeded (input, output) example of `task`, the input `min_len..=max_len` letters long for
/// reversal and sorting (a date's length is set by its format; the range does not apply).
pub fn task_example_with_length(
    task: Task,
    min_len: usize,
    max_len: usize,
    rng: &mut Rng,
) -> (String, String) {
    let letters: Vec<char> = LETTERS.chars().collect();
    let (min_len, max_len) = (min_len.max(1), max_len.max(min_len.max(1)));
    match task {
        Task::Reverse | Task::Sort => {
            let input: String = (0..min_len + rng.below(max_len - min_len + 1))
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

/// Draws at most this many examples looking for one whose answer differs from its input.
const SHOWN_EXAMPLE_DRAWS: usize = 32;

/// A seeded example to show on the page: like [`task_example_with_length`], but one whose
/// answer differs from its input when one can be drawn (a palindrome is its own reversal and
/// sorted letters their own sort, so they would not show what the task does).
pub fn shown_example(
    task: Task,
    min_len: usize,
    max_len: usize,
    rng: &mut Rng,
) -> (String, String) {
    let mut example = task_example_with_length(task, min_len, max_len, rng);
    for _ in 1..SHOWN_EXAMPLE_DRAWS {
        if example.0 != example.1 {
            break;
        }
        example = task_example_with_length(task, min_len, max_len, rng);
    }
    example
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

/// Checks that `ids` (the `what` of a model's input) is not empty and holds only symbols below
/// `vocab`.
pub(super) fn check_symbols(ids: &[usize], vocab: usize, what: &'static str) -> Result<(), Error> {
    if ids.is_empty() {
        return Err(Error::Empty(what));
    }
    if let Some(&bad) = ids.iter().find(|&&id| id >= vocab) {
        return Err(Error::InvalidOption {
            name: what,
            message: format!("holds symbol {bad}, outside the vocabulary of {vocab}"),
        });
    }
    Ok(())
}

impl Task {
    /// `reverse`, `sort` or `dates`.
    pub fn name(self) -> &'static str {
        match self {
            Task::Reverse => "reverse",
            Task::Sort => "sort",
            Task::Dates => "dates",
        }
    }
}

/// The right output for `input`, when it is a well-formed input of `task`: the reversed or
/// sorted letters, or the ISO date of a date written in one of the task's four formats
/// (`26 November 2026`, `November 26, 2026`, `26/11/2026`, `26.11.2026`; years 1000–2999,
/// days checked against the month, 29 February only in leap years).
pub fn task_answer(task: Task, input: &str) -> Option<String> {
    match task {
        Task::Reverse => Some(input.chars().rev().collect()),
        Task::Sort => {
            let mut chars: Vec<char> = input.chars().collect();
            chars.sort_unstable();
            Some(chars.into_iter().collect())
        }
        Task::Dates => parse_date(input).map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
    }
}

/// `(year, month, day)` of a date in one of the task's formats.
fn parse_date(input: &str) -> Option<(u32, u32, u32)> {
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let month_number = |s: &str| MONTHS.iter().position(|&m| m == s).map(|i| i as u32 + 1);
    let words: Vec<&str> = input.split(' ').collect();
    let (year, month, day) = match words.as_slice() {
        [d, m, y] if !m.ends_with(',') => (number(y)?, month_number(m)?, number(d)?),
        [m, d, y] => (number(y)?, month_number(m)?, number(d.strip_suffix(',')?)?),
        [one] => {
            let parts: Vec<&str> = if one.contains('/') {
                one.split('/').collect()
            } else {
                one.split('.').collect()
            };
            match parts.as_slice() {
                [d, m, y] => (number(y)?, number(m)?, number(d)?),
                _ => return None,
            }
        }
        _ => return None,
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((1000..3000).contains(&year) && (1..=days).contains(&day)).then_some((year, month, day))
}
