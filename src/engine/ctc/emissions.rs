//! Emission probabilities as a person types them, made into the log-probabilities the lattice
//! runs on.

use ndarray::Array2;

use super::CtcRecord;
use crate::engine::Error;

/// `ln` of `frames × symbols` probabilities given row by row, each frame normalised to sum 1
/// first. A wrong size, a negative or non-finite entry, or an all-zero frame is refused with
/// the frame named.
pub fn log_emissions(probs: Vec<f64>, frames: usize, symbols: usize) -> Result<Array2<f64>, Error> {
    if frames * symbols != probs.len() || frames == 0 {
        return Err(Error::InvalidNumber(format!(
            "the emission matrix has {} entries, which is not {frames} frames × {symbols} symbols",
            probs.len()
        )));
    }
    let mut log_probs = Array2::from_shape_vec((frames, symbols), probs)
        .map_err(|e| Error::InvalidNumber(e.to_string()))?;
    for (t, mut row) in log_probs.rows_mut().into_iter().enumerate() {
        if row.iter().any(|p| !p.is_finite() || *p < 0.0) {
            return Err(Error::InvalidNumber(format!(
                "frame {}: probabilities must be numbers ≥ 0",
                t + 1
            )));
        }
        let sum = row.sum();
        if sum <= 0.0 {
            return Err(Error::InvalidNumber(format!(
                "frame {}: every probability is 0",
                t + 1
            )));
        }
        row.mapv_inplace(|p| (p / sum).ln());
    }
    Ok(log_probs)
}

impl CtcRecord {
    /// `p(l | x) = exp(ln p(l | x))` (0 when no alignment exists).
    pub fn probability(&self) -> f64 {
        self.log_likelihood.exp()
    }
}
