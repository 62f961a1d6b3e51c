//! The posterior of each lattice state, for the lattice view and its hover read-out.

use ndarray::Array2;

use super::{log_add, CtcRecord};

impl CtcRecord {
    /// `ln` of each state's posterior `α_t(s) β_t(s) / (y_t(l'_s) p)`, `[S, T]`, split from
    /// the per-symbol posteriors `γ_t(k)` in proportion to `α_t(s) β_t(s)` among the states
    /// holding symbol k (they share `y_t(k)`). All `−∞` for an infeasible pair.
    pub fn log_state_posteriors(&self) -> Array2<f64> {
        let (states, frames) = self.log_alpha.dim();
        let mut out = Array2::from_elem((states, frames), f64::NEG_INFINITY);
        if self.infeasible.is_some() {
            return out;
        }
        let joint = |s: usize, t: usize| self.log_alpha[[s, t]] + self.log_beta[[s, t]];
        for t in 0..frames {
            for s in 0..states {
                let k = self.extended[s];
                let total = (0..states)
                    .filter(|&r| self.extended[r] == k)
                    .fold(f64::NEG_INFINITY, |sum, r| log_add(sum, joint(r, t)));
                let gamma = self.posteriors.get((t, k)).copied().unwrap_or(0.0);
                if total > f64::NEG_INFINITY && joint(s, t) > f64::NEG_INFINITY && gamma > 0.0 {
                    out[[s, t]] = gamma.ln() + joint(s, t) - total;
                }
            }
        }
        out
    }

    /// The values at lattice state `s`, frame `t`, or `None` outside the lattice.
    pub fn state_values(&self, s: usize, t: usize) -> Option<StateValues> {
        Some(StateValues {
            log_alpha: *self.log_alpha.get((s, t))?,
            log_beta: *self.log_beta.get((s, t))?,
            posterior: self.log_state_posteriors()[[s, t]].exp(),
        })
    }
}

/// What one lattice state holds at one frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StateValues {
    /// `ln α_t(s)`.
    pub log_alpha: f64,
    /// `ln β_t(s)`.
    pub log_beta: f64,
    /// The state's posterior `α_t(s) β_t(s) / (y_t(l'_s) p)`.
    pub posterior: f64,
}
