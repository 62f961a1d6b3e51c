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
    /// A typed number outside its field's range, not whole where it must be, or not finite.
    OutOfRange {
        /// The field's name as the page shows it.
        name: &'static str,
        /// The smallest value allowed.
        min: f64,
        /// The largest value allowed.
        max: f64,
        /// Whether only whole numbers are allowed.
        integer: bool,
        /// What was given.
        got: f64,
    },
    /// Training is running away: the loss is far above a model that guesses uniformly, or the
    /// gradient norm exploded, while every number is still finite.
    Diverging {
        /// The training step (from 1) where it was seen.
        step: u64,
        /// The loss (mean of the last steps) in `unit`.
        loss: f64,
        /// The loss of a model that spreads its probability uniformly, in `unit`.
        uniform: f64,
        /// The unit of both losses, e.g. "bits per character".
        unit: &'static str,
        /// The gradient norm before clipping, when that is what exploded.
        grad_norm: Option<f64>,
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
    /// An error carried in a snapshot (a run trained in another thread): its message.
    Stored(String),
}

impl Error {
    /// Refuses `value` for the option `name` unless `low ≤ value ≤ high`, saying so: "must be
    /// between 1 and 6, got 9".
    pub(crate) fn check_between(
        name: &'static str,
        value: usize,
        low: usize,
        high: usize,
    ) -> Result<(), Error> {
        if (low..=high).contains(&value) {
            return Ok(());
        }
        Err(Error::InvalidOption {
            name,
            message: format!("must be between {low} and {high}, got {value}"),
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidOption { name, message } => write!(f, "{name} {message}"),
            Error::OutOfRange {
                name,
                min,
                max,
                integer,
                got,
            } => write!(
                f,
                "{name} must be {} from {min} to {max}, got {}",
                if *integer { "a whole number" } else { "a number" },
                shown(*got)
            ),
            Error::Diverging {
                step,
                loss,
                uniform,
                unit,
                grad_norm: Some(norm),
            } => write!(
                f,
                "diverging at step {step}: the gradient norm is {} with no clipping (the loss is \
                 {} {unit}, a uniform guess {} {unit}); lower the learning rate or set a \
                 clipping threshold, then build new models",
                significant(*norm),
                significant(*loss),
                significant(*uniform)
            ),
            Error::Diverging {
                step,
                loss,
                uniform,
                unit,
                grad_norm: None,
            } => write!(
                f,
                "diverging at step {step}: the loss is {} {unit}, more than {} times the {} {unit} \
                 of a uniform guess; lower the learning rate or set a clipping threshold, then \
                 build new models",
                significant(*loss),
                crate::engine::divergence::LOSS_FACTOR,
                significant(*uniform)
            ),
            Error::Mismatch(message) => f.write_str(message),
            Error::Empty(what) => write!(f, "{what} is empty"),
            Error::InvalidNumber(message) => f.write_str(message),
            Error::InvalidModel(message) => f.write_str(message),
            Error::Stored(message) => f.write_str(message),
            Error::Diverged { step, what } => write!(
                f,
                "diverged at step {step}: {what} became infinite or NaN (lower the learning rate or clip the gradients)"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// A typed value as typed (whole numbers without a fraction, NaN named).
fn shown(value: f64) -> String {
    if value.is_nan() {
        "something that is not a number".to_string()
    } else {
        format!("{value}")
    }
}

/// Three significant digits, or scientific notation for very large or small values.
fn significant(value: f64) -> String {
    let magnitude = value.abs();
    if value == 0.0 {
        "0".to_string()
    } else if !(1e-3..1e6).contains(&magnitude) {
        format!("{value:.2e}")
    } else {
        let decimals = (2 - magnitude.log10().floor() as i32).max(0) as usize;
        format!("{value:.decimals$}")
    }
}
