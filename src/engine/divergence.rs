//! Catching a run that is going wrong while every number is still finite.
//!
//! A model that spreads its probability uniformly has a known loss (`ln V` nats per character
//! for a character model over V symbols). A run whose recent losses average more than
//! [`LOSS_FACTOR`] times that has learned nothing and is running away; a gradient norm above
//! [`MAX_GRAD_NORM`] with no clipping will throw the weights far in one update. Either stops
//! training with [`Error::Diverging`], long before a value overflows to infinity.

use crate::engine::Error;

/// Stop when the mean recent loss is more than this many times a uniform guess's.
pub const LOSS_FACTOR: f64 = 3.0;
/// How many recent steps the mean loss is taken over.
pub const WINDOW: usize = 20;
/// Stop when an unclipped gradient norm is above this.
pub const MAX_GRAD_NORM: f64 = 1e6;

/// How a lab reports its loss: a unit and its size in nats.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LossUnit {
    /// The unit's name in a message, e.g. `"bits per character"`.
    pub name: &'static str,
    /// Nats in one unit (`ln 2` for bits).
    pub nats: f64,
}

/// Bits per character.
pub const BITS_PER_CHAR: LossUnit = LossUnit {
    name: "bits per character",
    nats: std::f64::consts::LN_2,
};

/// Nats per predicted symbol.
pub const NATS_PER_SYMBOL: LossUnit = LossUnit {
    name: "nats per symbol",
    nats: 1.0,
};

/// Nats per frame (CTC: the utterance's loss over its frames).
pub const NATS_PER_FRAME: LossUnit = LossUnit {
    name: "nats per frame",
    nats: 1.0,
};

/// Nats per (centre, context) pair (word2vec).
pub const NATS_PER_PAIR: LossUnit = LossUnit {
    name: "nats per pair",
    nats: 1.0,
};

/// Watches one run's losses and gradient norms.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct DivergenceWatch {
    uniform: f64,
    unit: LossUnit,
    recent: [f64; WINDOW],
    seen: usize,
}

impl DivergenceWatch {
    /// A watch for a run whose uniform guess has loss `uniform` nats.
    pub fn new(uniform: f64, unit: LossUnit) -> DivergenceWatch {
        DivergenceWatch {
            uniform,
            unit,
            recent: [0.0; WINDOW],
            seen: 0,
        }
    }

    /// The loss of a uniform guess, in nats.
    pub fn uniform(&self) -> f64 {
        self.uniform
    }

    /// Records step `step`'s loss (nats) and, when nothing clips it, its gradient norm; an
    /// error when the run is diverging.
    pub fn observe(
        &mut self,
        step: u64,
        loss: f64,
        unclipped_norm: Option<f64>,
    ) -> Result<(), Error> {
        self.recent[self.seen % WINDOW] = loss;
        self.seen += 1;
        let count = self.seen.min(WINDOW);
        let mean = self.recent[..count].iter().sum::<f64>() / count as f64;
        let in_unit = |nats: f64| nats / self.unit.nats;
        let exploded = unclipped_norm.filter(|norm| *norm > MAX_GRAD_NORM);
        if mean > LOSS_FACTOR * self.uniform || exploded.is_some() {
            return Err(Error::Diverging {
                step,
                loss: in_unit(mean),
                uniform: in_unit(self.uniform),
                unit: self.unit.name,
                grad_norm: exploded,
            });
        }
        Ok(())
    }
}
