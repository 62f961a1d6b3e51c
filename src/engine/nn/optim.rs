//! Optimisers and gradient clipping with PyTorch's exact update rules, over flat buffers of
//! weights and their gradients (every model can lay its weights out as one slice).

use std::ops::SubAssign;

use super::kernels::{norm, Real};
use crate::engine::Error;

/// An optimiser and its hyper-parameters.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq)]
pub enum Optimizer {
    /// `torch.optim.SGD`: `b ← μ b + g` (`b = g` at the first step), `θ ← θ − lr · b`.
    Sgd {
        /// Learning rate.
        learning_rate: f32,
        /// Momentum μ (0 for plain SGD).
        momentum: f32,
    },
    /// `torch.optim.Adam`: `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`,
    /// `θ ← θ − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε)`.
    Adam {
        /// Learning rate.
        learning_rate: f32,
        /// β₁.
        beta1: f32,
        /// β₂.
        beta2: f32,
        /// ε.
        eps: f32,
    },
}

impl Optimizer {
    /// Adam with PyTorch's defaults (β = (0.9, 0.999), ε = 1e-8) and learning rate `lr`.
    pub fn adam(learning_rate: f32) -> Optimizer {
        Optimizer::Adam {
            learning_rate,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
        }
    }

    /// The learning rate.
    pub fn learning_rate(&self) -> f32 {
        match *self {
            Optimizer::Sgd { learning_rate, .. } | Optimizer::Adam { learning_rate, .. } => {
                learning_rate
            }
        }
    }

    /// Checks the hyper-parameters.
    pub fn validate(&self) -> Result<(), Error> {
        let (learning_rate, ok) = match *self {
            Optimizer::Sgd {
                learning_rate,
                momentum,
            } => (learning_rate, (0.0..1.0).contains(&momentum)),
            Optimizer::Adam {
                learning_rate,
                beta1,
                beta2,
                eps,
            } => (
                learning_rate,
                (0.0..1.0).contains(&beta1) && (0.0..1.0).contains(&beta2) && eps > 0.0,
            ),
        };
        if !(learning_rate.is_finite() && learning_rate > 0.0) {
            return Err(Error::InvalidOption {
                name: "learning rate",
                message: format!("must be a number greater than 0, got {learning_rate}"),
            });
        }
        if !ok {
            return Err(Error::InvalidOption {
                name: "optimiser",
                message: "needs momentum and betas in [0, 1) and ε > 0".to_string(),
            });
        }
        Ok(())
    }
}

/// An optimiser with its running state (momentum buffer, Adam moments, step count).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct OptimizerState {
    optimizer: Optimizer,
    first: Vec<f32>,
    second: Vec<f32>,
    steps: u64,
}

impl OptimizerState {
    /// Fresh state for parameters of `len` entries.
    pub fn new(optimizer: Optimizer, len: usize) -> Result<OptimizerState, Error> {
        optimizer.validate()?;
        let second = match optimizer {
            Optimizer::Adam { .. } => vec![0.0; len],
            Optimizer::Sgd { .. } => Vec::new(),
        };
        Ok(OptimizerState {
            optimizer,
            first: vec![0.0; len],
            second,
            steps: 0,
        })
    }

    /// The optimiser.
    pub fn optimizer(&self) -> Optimizer {
        self.optimizer
    }

    /// One step: updates the flat weights `theta` with their gradient `g` (both of the length
    /// the state was made for).
    pub fn step(&mut self, theta: &mut [f32], g: &[f32]) {
        self.steps += 1;
        match self.optimizer {
            Optimizer::Sgd {
                learning_rate,
                momentum,
            } => {
                if momentum == 0.0 {
                    for (p, &g) in theta.iter_mut().zip(g) {
                        *p -= learning_rate * g;
                    }
                } else {
                    let first_step = self.steps == 1;
                    for ((p, b), &g) in theta.iter_mut().zip(self.first.iter_mut()).zip(g) {
                        *b = if first_step { g } else { momentum * *b + g };
                        *p -= learning_rate * *b;
                    }
                }
            }
            Optimizer::Adam {
                learning_rate,
                beta1,
                beta2,
                eps,
            } => {
                let rule = AdamRule {
                    learning_rate,
                    beta1,
                    beta2,
                    eps,
                };
                adam_update(
                    rule,
                    self.steps,
                    theta,
                    &mut self.first,
                    &mut self.second,
                    g,
                );
            }
        }
    }
}

/// Adam's hyper-parameters, in the weights' own precision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct AdamRule<F> {
    /// Learning rate.
    pub learning_rate: F,
    /// β₁.
    pub beta1: F,
    /// β₂.
    pub beta2: F,
    /// ε.
    pub eps: F,
}

impl AdamRule<f64> {
    /// PyTorch's defaults (β = (0.9, 0.999), ε = 1e-8) in float64, at `learning_rate`.
    pub(crate) fn pytorch(learning_rate: f64) -> AdamRule<f64> {
        AdamRule {
            learning_rate,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
        }
    }
}

/// Step `t` (from 1) of `torch.optim.Adam` on flat weights `theta` with gradient `g` and the
/// moments `m`, `v`: `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`,
/// `θ ← θ − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε)`.
pub(crate) fn adam_update<F: Real + SubAssign>(
    rule: AdamRule<F>,
    t: u64,
    theta: &mut [F],
    m: &mut [F],
    v: &mut [F],
    g: &[F],
) {
    let t = t.min(i32::MAX as u64) as i32;
    let AdamRule {
        learning_rate,
        beta1,
        beta2,
        eps,
    } = rule;
    let step_size = learning_rate / (F::ONE - beta1.powi(t));
    let bias2_sqrt = (F::ONE - beta2.powi(t)).sqrt();
    for (((p, m), v), &g) in theta.iter_mut().zip(m).zip(v).zip(g) {
        *m = *m + (g - *m) * (F::ONE - beta1);
        *v = *v * beta2 + (F::ONE - beta2) * g * g;
        let denom = v.sqrt() / bias2_sqrt + eps;
        *p -= step_size * *m / denom;
    }
}

/// `torch.nn.utils.clip_grad_norm_` on a flat gradient: scales `grads` by
/// `max_norm / (‖g‖ + 1e-6)` when that is below 1. Returns the norm before clipping.
pub fn clip_grad_norm(grads: &mut [f32], max_norm: f32) -> f64 {
    let norm = norm(grads.iter());
    let coefficient = f64::from(max_norm) / (norm + 1e-6);
    if coefficient < 1.0 {
        let c = coefficient as f32;
        grads.iter_mut().for_each(|g| *g *= c);
    }
    norm
}
