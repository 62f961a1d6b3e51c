//! The lab's training curves: loss in bits per character, gradient norm and clipping per step,
//! thinned so a long run keeps a bounded number of points.

use super::train::StepStats;
use crate::engine::curve::thin;

/// Most points kept per training curve; older points are thinned (every other one dropped).
pub const MAX_HISTORY: usize = 4_096;

/// A training curve, thinned to at most [`MAX_HISTORY`] points.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default, PartialEq)]
pub struct History {
    /// Step numbers.
    pub steps: Vec<u64>,
    /// Loss in bits per character.
    pub bits_per_char: Vec<f32>,
    /// Global gradient norm before clipping.
    pub grad_norm: Vec<f32>,
    /// Whether clipping scaled the gradient.
    pub clipped: Vec<bool>,
    stride: u64,
}

impl History {
    /// Adds a step's statistics if the stride keeps it, thinning when the curve is full.
    pub(super) fn push(&mut self, stats: &StepStats) {
        let stride = self.stride.max(1);
        if !stats.step.is_multiple_of(stride) {
            return;
        }
        self.steps.push(stats.step);
        self.bits_per_char.push(stats.loss / std::f32::consts::LN_2);
        self.grad_norm.push(stats.grad_norm as f32);
        self.clipped.push(stats.clipped);
        if self.steps.len() > MAX_HISTORY {
            thin(&mut self.steps);
            thin(&mut self.bits_per_char);
            thin(&mut self.grad_norm);
            thin(&mut self.clipped);
            self.stride = stride * 2;
        }
    }
}
