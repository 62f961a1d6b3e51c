//! What the page reads beside the charts: how fast the last step's gradient shrinks (or grows)
//! going back through time, and the loss in bits.

use super::{GradientCurves, SequenceRecord};

/// The change of `‖∂L_T/∂h_t‖` from t = T back to t = 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradientDecay {
    /// `‖∂L_T/∂h_1‖ / ‖∂L_T/∂h_T‖`: the change over the whole chunk (0 when either is 0, i.e.
    /// the gradient vanished in float32).
    pub total: f64,
    /// `total^(1/(T−1))`: the geometric mean change per step (0 when `total` is 0).
    pub per_step: f64,
}

impl GradientCurves {
    /// The decay of the last step's gradient over the chunk, or `None` for fewer than two
    /// timesteps.
    pub fn decay(&self) -> Option<GradientDecay> {
        let norms = &self.last_loss;
        if norms.len() < 2 {
            return None;
        }
        let (first, last) = (norms[0], norms[norms.len() - 1]);
        if first > 0.0 && last > 0.0 {
            let total = first / last;
            Some(GradientDecay {
                total,
                per_step: total.powf(1.0 / (norms.len() - 1) as f64),
            })
        } else {
            Some(GradientDecay {
                total: 0.0,
                per_step: 0.0,
            })
        }
    }
}

impl SequenceRecord {
    /// The chunk's loss in bits per character, converted in f64 (for read-outs).
    pub fn bits_per_char_f64(&self) -> f64 {
        f64::from(self.loss) / std::f64::consts::LN_2
    }
}
