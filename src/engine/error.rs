//! The engine's error type: every message is written for the person who caused it.

use std::fmt;

/// Everything the engine can refuse, with a message meant for a person.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// An option is outside its allowed range (`name`: what, `message`: why).
    InvalidOption {
        /// The option's name as the page shows it.
        name: &'static str,
        /// What was wrong, e.g. "must be between 1 and 6, got 9".
        message: String,
    },
    /// Parallel inputs do not line up (e.g. a reference stream shorter than the hypotheses).
    Mismatch(String),
    /// An input that must not be empty is empty.
    Empty(&'static str),
    /// A number that was typed is not usable (negative, not a number, ...).
    InvalidNumber(String),
    /// A model file that cannot be read (the message names the key and shapes).
    InvalidModel(String),
    /// Training produced a non-finite value at a step: the run diverged.
    Diverged {
        /// The training step (from 1) where it happened.
        step: u64,
        /// What became non-finite.
        what: &'static str,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidOption { name, message } => write!(f, "{name} {message}"),
            Error::Mismatch(message) => f.write_str(message),
            Error::Empty(what) => write!(f, "{what} is empty"),
            Error::InvalidNumber(message) => f.write_str(message),
            Error::InvalidModel(message) => f.write_str(message),
            Error::Diverged { step, what } => write!(
                f,
                "diverged at step {step}: {what} became infinite or NaN (lower the learning rate or clip the gradients)"
            ),
        }
    }
}

impl std::error::Error for Error {}
