//! The few dense kernels the recurrence needs, written so LLVM vectorises them (natively and
//! with wasm `simd128`): independent partial sums for dot products, plain axpy for the rest.
//! Whole-sequence products go through `ndarray::linalg::general_mat_mul` (matrixmultiply).

/// `out[r] += Σ_j w[r, j] · x[j]` for a row-major `w` of `out.len()` rows and `x.len()` cols.
pub(crate) fn matvec_add(w: &[f32], x: &[f32], out: &mut [f32]) {
    let cols = x.len();
    debug_assert_eq!(w.len(), out.len() * cols);
    for (row, slot) in w.chunks_exact(cols).zip(out.iter_mut()) {
        *slot += dot(row, x);
    }
}

/// `out[j] += Σ_r w[r, j] · y[r]`: the transposed product, as one axpy per row.
pub(crate) fn matvec_t_add(w: &[f32], y: &[f32], out: &mut [f32]) {
    let cols = out.len();
    debug_assert_eq!(w.len(), y.len() * cols);
    for (row, &scale) in w.chunks_exact(cols).zip(y) {
        if scale != 0.0 {
            axpy(scale, row, out);
        }
    }
}

/// `Σ a_i b_i` with eight independent accumulators.
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let (a_chunks, b_chunks) = (a.chunks_exact(8), b.chunks_exact(8));
    let (a_rest, b_rest) = (a_chunks.remainder(), b_chunks.remainder());
    for (x, y) in a_chunks.zip(b_chunks) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    let mut sum = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
    for (x, y) in a_rest.iter().zip(b_rest) {
        sum += x * y;
    }
    sum
}

/// `y += a · x`.
pub(crate) fn axpy(a: f32, x: &[f32], y: &mut [f32]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += a * xi;
    }
}

/// The logistic function `σ(x) = 1 / (1 + e^{−x})`, stable for large |x|.
pub(crate) fn sigmoid(x: f32) -> f32 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// Softmax of `logits` into `probs`; returns `log Σ e^{logit}` (for the loss).
pub(crate) fn softmax(logits: &[f32], probs: &mut [f32]) -> f32 {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0f32;
    for (p, &l) in probs.iter_mut().zip(logits) {
        *p = (l - max).exp();
        sum += *p;
    }
    let inv = 1.0 / sum;
    for p in probs.iter_mut() {
        *p *= inv;
    }
    max + sum.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_match_the_definition() {
        let w: Vec<f32> = (0..12).map(|v| v as f32 * 0.5 - 2.0).collect();
        let x = [1.0, -2.0, 0.5, 3.0];
        let mut out = [0.0; 3];
        matvec_add(&w, &x, &mut out);
        for r in 0..3 {
            let want: f32 = (0..4).map(|j| w[r * 4 + j] * x[j]).sum();
            assert!((out[r] - want).abs() < 1e-5);
        }
        let y = [0.5, -1.0, 2.0];
        let mut back = [0.0; 4];
        matvec_t_add(&w, &y, &mut back);
        for j in 0..4 {
            let want: f32 = (0..3).map(|r| w[r * 4 + j] * y[r]).sum();
            assert!((back[j] - want).abs() < 1e-5);
        }
        let long: Vec<f32> = (0..19).map(|v| v as f32).collect();
        assert_eq!(
            dot(&long, &long),
            (0..19).map(|v| (v * v) as f32).sum::<f32>()
        );
    }
}
