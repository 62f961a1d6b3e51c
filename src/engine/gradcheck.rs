//! A gradient check anyone can press: for a few parameter entries, the analytic gradient of a
//! model's loss beside the central finite difference `(L(θ + ε) − L(θ − ε)) / 2ε`, and their
//! relative error `|analytic − numeric| / max(|analytic|, |numeric|)`.
//!
//! Which entries: the largest-|gradient| entry of every tensor, then `extra` seeded random
//! entries — all among those whose gradient is at least [`Precision::resolvable`] of the
//! model's largest (a tensor whose gradients are all smaller is listed as unresolved, with its
//! largest) (in float32 the loss is known to about seven digits, so the difference of a small
//! gradient drowns in rounding: its relative error says nothing about the backward pass). Each model supplies its tensors (names and flat ranges), its analytic
//! gradient, and a loss with one entry changed.

use std::ops::Range;

use crate::engine::Rng;

/// The precision the model computes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// Single precision: ε = 1e-2 (the loss carries ~7 digits).
    Float32,
    /// Double precision: ε = 1e-5.
    Float64,
}

impl Precision {
    /// The smallest |gradient|, as a share of the model's largest, whose central difference
    /// the precision resolves well (10 % in float32, 1 % in float64).
    pub fn resolvable(self) -> f64 {
        match self {
            Precision::Float32 => 0.1,
            Precision::Float64 => 1e-2,
        }
    }

    /// The smallest |gradient| checked at all: a float32 loss carries about 1e-6 of rounding
    /// through the difference of two losses, so a gradient under 1e-3 cannot be checked to
    /// 1e-3 (float64: 1e-9).
    pub fn floor(self) -> f64 {
        match self {
            Precision::Float32 => 1e-3,
            Precision::Float64 => 1e-9,
        }
    }

    /// The smallest |gradient| checked in a model whose largest is `largest`.
    pub fn threshold(self, largest: f64) -> f64 {
        (self.resolvable() * largest).max(self.floor())
    }

    /// The step of the central difference.
    pub fn epsilon(self) -> f64 {
        match self {
            Precision::Float32 => 1e-2,
            Precision::Float64 => 1e-5,
        }
    }
}

/// A named tensor: its name and where its entries lie in the flat parameter vector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TensorSpan {
    /// The tensor's name, as the model file writes it (`rnn.weight_hh_l0`).
    pub name: String,
    /// Its entries in the flat vector.
    pub range: Range<usize>,
    /// Its shape (rows, columns; a vector has one column).
    pub shape: (usize, usize),
}

/// One checked entry.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedEntry {
    /// The tensor's index in the model's list.
    pub tensor: usize,
    /// Row and column of the entry in its tensor.
    pub at: (usize, usize),
    /// The analytic gradient (backpropagation).
    pub analytic: f64,
    /// The central finite difference.
    pub numeric: f64,
}

impl CheckedEntry {
    /// `|analytic − numeric| / max(|analytic|, |numeric|)` (0 when both are 0).
    pub fn relative_error(&self) -> f64 {
        let scale = self.analytic.abs().max(self.numeric.abs());
        if scale == 0.0 {
            0.0
        } else {
            (self.analytic - self.numeric).abs() / scale
        }
    }
}

/// A gradient check's result.
#[derive(Debug, Clone, PartialEq)]
pub struct GradientCheck {
    /// The precision the model computes in.
    pub precision: Precision,
    /// The step ε.
    pub epsilon: f64,
    /// The model's tensors (names and shapes).
    pub tensors: Vec<TensorSpan>,
    /// The entries checked, tensor by tensor.
    pub entries: Vec<CheckedEntry>,
    /// The tensors left out because even their largest |gradient| is below what the precision
    /// resolves (an index into `tensors`, and that largest |gradient|).
    pub unresolved: Vec<(usize, f64)>,
}

impl GradientCheck {
    /// The largest relative error over the entries (0 for none).
    pub fn worst(&self) -> f64 {
        self.entries
            .iter()
            .map(CheckedEntry::relative_error)
            .fold(0.0, f64::max)
    }
}

/// The flat indices to check: every tensor's largest-|g| entry, then `extra` random ones (seeded)
/// whose |g| is at least `precision.resolvable()` of the largest; at most one entry per index.
pub fn pick_entries(
    precision: Precision,
    tensors: &[TensorSpan],
    grads: &[f64],
    extra: usize,
    seed: u64,
) -> Vec<usize> {
    let largest = largest_gradient(grads);
    let mut picks = Vec::new();
    for span in tensors {
        let best = span
            .range
            .clone()
            .filter(|&i| grads[i].is_finite())
            .max_by(|&a, &b| grads[a].abs().total_cmp(&grads[b].abs()));
        if let Some(best) = best.filter(|&i| grads[i].abs() >= precision.threshold(largest)) {
            picks.push(best);
        }
    }
    let eligible: Vec<usize> = (0..grads.len())
        .filter(|&i| grads[i].is_finite() && grads[i].abs() >= precision.threshold(largest))
        .filter(|i| !picks.contains(i))
        .collect();
    let mut rng = Rng::new(seed);
    let mut pool = eligible;
    for _ in 0..extra.min(pool.len()) {
        let k = rng.below(pool.len());
        picks.push(pool.swap_remove(k));
    }
    picks.sort_by_key(|&i| {
        let tensor = tensors.iter().position(|s| s.range.contains(&i));
        (tensor, i)
    });
    picks
}

/// The largest finite |gradient|.
fn largest_gradient(grads: &[f64]) -> f64 {
    grads
        .iter()
        .filter(|g| g.is_finite())
        .fold(0.0f64, |m, g| m.max(g.abs()))
}

/// Checks entries `picks` of a model whose analytic gradient is `grads` (flat, in `tensors`'
/// order): `loss_at(i, Δ)` is the loss with entry `i` changed by `Δ` (and put back).
pub fn check(
    precision: Precision,
    tensors: Vec<TensorSpan>,
    grads: &[f64],
    picks: &[usize],
    mut loss_at: impl FnMut(usize, f64) -> f64,
) -> GradientCheck {
    let epsilon = precision.epsilon();
    let entries = picks
        .iter()
        .filter_map(|&i| {
            let tensor = tensors.iter().position(|s| s.range.contains(&i))?;
            let offset = i - tensors[tensor].range.start;
            let columns = tensors[tensor].shape.1.max(1);
            let plus = loss_at(i, epsilon);
            let minus = loss_at(i, -epsilon);
            Some(CheckedEntry {
                tensor,
                at: (offset / columns, offset % columns),
                analytic: grads[i],
                numeric: (plus - minus) / (2.0 * epsilon),
            })
        })
        .collect();
    let largest = largest_gradient(grads);
    let unresolved = tensors
        .iter()
        .enumerate()
        .filter_map(|(k, span)| {
            let top = largest_gradient(&grads[span.range.clone()]);
            (top < precision.threshold(largest)).then_some((k, top))
        })
        .collect();
    GradientCheck {
        precision,
        epsilon,
        tensors,
        entries,
        unresolved,
    }
}

/// [`check`] for a model whose weights are one flat vector: `loss_of(weights)` is the loss with
/// the given weights (each check passes `weights` with one entry moved by ±ε through `shift`).
pub fn check_flat<W: Copy>(
    precision: Precision,
    tensors: Vec<TensorSpan>,
    grads: &[f64],
    picks: &[usize],
    (weights, shift): (&[W], impl Fn(W, f64) -> W),
    mut loss_of: impl FnMut(&[W]) -> f64,
) -> GradientCheck {
    let mut changed = weights.to_vec();
    check(precision, tensors, grads, picks, |i, delta| {
        changed[i] = shift(weights[i], delta);
        let loss = loss_of(&changed);
        changed[i] = weights[i];
        loss
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `L(θ) = Σ θ_i³`: the gradient is `3θ²`, the central difference's error `ε²` exactly.
    #[test]
    fn a_cubic_checks_to_its_truncation_error() {
        let theta = [0.5, -1.0, 2.0, 0.0];
        let grads: Vec<f64> = theta.iter().map(|t| 3.0 * t * t).collect();
        let tensors = vec![TensorSpan {
            name: "w".into(),
            range: 0..4,
            shape: (2, 2),
        }];
        let picks = pick_entries(Precision::Float64, &tensors, &grads, 2, 7);
        assert_eq!(
            picks.len(),
            3,
            "the largest, then two of the rest with a gradient"
        );
        assert!(
            !picks.contains(&3),
            "a zero gradient is not picked at random"
        );
        let result = check(Precision::Float64, tensors, &grads, &picks, |i, d| {
            theta
                .iter()
                .enumerate()
                .map(|(k, t)| if k == i { (t + d).powi(3) } else { t.powi(3) })
                .sum()
        });
        for entry in &result.entries {
            assert!((entry.numeric - entry.analytic).abs() < 1e-9, "{entry:?}");
        }
        assert_eq!(result.entries[0].at, (0, 0));
    }
}
