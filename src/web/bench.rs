//! The benchmark page's "wasm GEMV limit" for JavaScript: the engine's hand-written f32x4
//! matrix–vector kernel at a chosen shape (the page times it), and the multiply-adds of one
//! training step of the character model.

use wasm_bindgen::prelude::*;

use crate::engine::nn::limit;
use crate::engine::nn::CellKind;
use crate::web::js_error;

/// A `rows × cols` matrix and a vector, for timing the simd128 kernel `y = W x`.
#[wasm_bindgen]
pub struct GemvBench {
    inner: limit::GemvBench,
}

#[wasm_bindgen]
impl GemvBench {
    /// A seeded `rows × cols` matrix and vector (values in [−0.5, 0.5)).
    #[wasm_bindgen(constructor)]
    pub fn new(rows: usize, cols: usize, seed: u32) -> Result<GemvBench, JsError> {
        if rows == 0 || cols == 0 || rows.saturating_mul(cols) > 1 << 24 {
            return Err(JsError::new(&format!(
                "the GEMV benchmark takes 1 to 16,777,216 weights, got {rows} × {cols}"
            )));
        }
        Ok(GemvBench {
            inner: limit::GemvBench::new(rows, cols, u64::from(seed)),
        })
    }

    /// The multiply-adds of one product (`rows · cols`).
    #[wasm_bindgen(js_name = multiplyAdds)]
    pub fn multiply_adds(&self) -> f64 {
        self.inner.multiply_adds()
    }

    /// Runs `reps` products one after another; returns the sum of the last result (so the
    /// work cannot be skipped).
    pub fn run(&mut self, reps: u32) -> f32 {
        self.inner.run(reps)
    }
}

/// The multiply-adds of one training step of the character model: `3 · T · (G·H·(H + E) +
/// V·H)` with `G` = 1 for `"rnn"`, 4 for `"lstm"` (see `engine::nn::limit`).
#[wasm_bindgen(js_name = trainStepMultiplyAdds)]
pub fn train_step_multiply_adds(
    cell: &str,
    vocab: usize,
    embedding: usize,
    hidden: usize,
    seq_len: usize,
) -> Result<f64, JsError> {
    let kind = CellKind::from_name(cell).map_err(js_error)?;
    Ok(limit::train_step_multiply_adds(
        kind, vocab, embedding, hidden, seq_len,
    ))
}
