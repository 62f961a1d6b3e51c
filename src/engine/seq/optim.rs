//! Optimisers and gradient clipping with PyTorch's exact update rules, over the flat buffers.

use super::params::Params;
use crate::engine::Error;

/// An optimiser and its hyper-parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
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
#[derive(Debug, Clone)]
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

    /// Updates `params` with `grads` (one step).
    pub fn step(&mut self, params: &mut Params, grads: &Params) {
        self.step_slice(params.as_mut_slice(), grads.as_slice());
    }

    /// Updates a flat parameter slice with its gradient (the same length as the state's).
    pub fn step_slice(&mut self, theta: &mut [f32], g: &[f32]) {
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
                let t = self.steps as i32;
                let bias1 = 1.0 - beta1.powi(t);
                let bias2_sqrt = (1.0 - beta2.powi(t)).sqrt();
                let step_size = learning_rate / bias1;
                for (((p, m), v), &g) in theta
                    .iter_mut()
                    .zip(self.first.iter_mut())
                    .zip(self.second.iter_mut())
                    .zip(g)
                {
                    *m += (g - *m) * (1.0 - beta1);
                    *v = *v * beta2 + (1.0 - beta2) * g * g;
                    let denom = v.sqrt() / bias2_sqrt + eps;
                    *p -= step_size * *m / denom;
                }
            }
        }
    }
}

/// `torch.nn.utils.clip_grad_norm_`: scales `grads` by `max_norm / (‖g‖ + 1e-6)` when that is
/// below 1. Returns the norm before clipping.
pub fn clip_grad_norm(grads: &mut Params, max_norm: f32) -> f64 {
    let norm = grads.norm();
    let coefficient = f64::from(max_norm) / (norm + 1e-6);
    if coefficient < 1.0 {
        let c = coefficient as f32;
        grads.as_mut_slice().iter_mut().for_each(|g| *g *= c);
    }
    norm
}
