//! The few dense kernels the models need, written so LLVM vectorises them (natively and with
//! wasm `simd128`): independent partial sums for dot products, plain axpy for the rest.
//! Whole-sequence products go through `ndarray::linalg::general_mat_mul` (matrixmultiply).
//! Also the float64 softmax of the attention models, word2vec and CTC, the cross-entropy
//! gradient `(p − onehot)/T` of the encoder–decoder and the Transformer (generic over f32 and
//! f64 through [`Real`]), and the float64 norm every gradient view reports.

use std::borrow::Borrow;
use std::ops::{Add, Div, DivAssign, Mul, Sub, SubAssign};

use ndarray::{Array2, ScalarOperand};

/// `out += Wᵀ x` for `wt` = Wᵀ row-major (`x.len()` rows of `out.len()`): one axpy per
/// entry of `x`, which vectorises with no horizontal sums (the recurrent product's fast form).
pub(crate) fn matvec_cols_add(wt: &[f32], x: &[f32], out: &mut [f32]) {
    matvec_t_add(wt, x, out);
}

/// `out[j] += Σ_r w[r, j] · y[r]`: the transposed product, as a sum of scaled rows.
///
/// Register-blocked: the rows with a non-zero scale are taken [`ROWS`] at a time, and each
/// [`LANES`]-wide piece of `out` is loaded once, given those rows' terms in order, and stored
/// once (an axpy per row would load and store `out` for every row, which bounds it by stores).
/// Every entry still receives `out[j] + y[r₀]w[r₀,j] + y[r₁]w[r₁,j] + …` in row order, rounded
/// after each term, so the result is bit for bit the one of one axpy per row.
pub(crate) fn matvec_t_add(w: &[f32], y: &[f32], out: &mut [f32]) {
    let cols = out.len();
    debug_assert_eq!(w.len(), y.len() * cols);
    if cols == 0 {
        return;
    }
    let mut rows: [(f32, &[f32]); ROWS] = [(0.0, &[]); ROWS];
    let mut filled = 0;
    for (row, &scale) in w.chunks_exact(cols).zip(y) {
        if scale != 0.0 {
            rows[filled] = (scale, row);
            filled += 1;
            if filled == ROWS {
                add_rows(&rows, out);
                filled = 0;
            }
        }
    }
    for &(scale, row) in &rows[..filled] {
        axpy(scale, row, out);
    }
}

/// Rows taken together by [`matvec_t_add`].
const ROWS: usize = 8;
/// The width of the pieces of `out` kept in registers (four 4-lane vectors).
const LANES: usize = 16;

/// `out += Σ_k a_k · row_k` for [`ROWS`] rows, in row order per entry.
#[inline(always)]
fn add_rows(rows: &[(f32, &[f32]); ROWS], out: &mut [f32]) {
    let cols = out.len();
    let whole = cols - cols % LANES;
    let mut start = 0;
    while start < whole {
        let piece: &mut [f32; LANES] = (&mut out[start..start + LANES])
            .try_into()
            .expect("LANES wide");
        let mut acc = [
            F4::load(&piece[0..4]),
            F4::load(&piece[4..8]),
            F4::load(&piece[8..12]),
            F4::load(&piece[12..16]),
        ];
        for &(scale, row) in rows {
            let scale = F4::splat(scale);
            let row: &[f32; LANES] = row[start..start + LANES].try_into().expect("LANES wide");
            for (k, a) in acc.iter_mut().enumerate() {
                *a = a.add(scale.mul(F4::load(&row[4 * k..4 * k + 4])));
            }
        }
        for (k, a) in acc.iter().enumerate() {
            a.store(&mut piece[4 * k..4 * k + 4]);
        }
        start += LANES;
    }
    for j in whole..cols {
        let mut sum = out[j];
        for &(scale, row) in rows {
            sum += scale * row[j];
        }
        out[j] = sum;
    }
}

pub(crate) use lanes::F4;

/// Four f32 lanes: wasm `simd128` vectors in the browser, plain arrays (which LLVM vectorises)
/// natively. Each lane is an IEEE multiply or add, never fused, so both give the same bits.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod lanes {
    #![allow(unsafe_code)]
    use core::arch::wasm32::{f32x4_add, f32x4_mul, f32x4_splat, v128, v128_load, v128_store};

    /// Four f32 lanes in one `v128`.
    #[derive(Clone, Copy)]
    pub(crate) struct F4(v128);

    impl F4 {
        /// The first four values of `values`.
        #[inline(always)]
        pub(crate) fn load(values: &[f32]) -> F4 {
            let values: &[f32; 4] = values[..4].try_into().expect("four values");
            // SAFETY: `values` is four readable f32 (16 bytes); wasm loads need no alignment.
            F4(unsafe { v128_load(values.as_ptr().cast::<v128>()) })
        }

        /// Writes the lanes into the first four entries of `out`.
        #[inline(always)]
        pub(crate) fn store(self, out: &mut [f32]) {
            let out: &mut [f32; 4] = (&mut out[..4]).try_into().expect("four values");
            // SAFETY: `out` is four writable f32 (16 bytes); wasm stores need no alignment.
            unsafe { v128_store(out.as_mut_ptr().cast::<v128>(), self.0) }
        }

        /// `x` in every lane.
        #[inline(always)]
        pub(crate) fn splat(x: f32) -> F4 {
            F4(f32x4_splat(x))
        }

        /// Lane-wise `self + other`.
        #[inline(always)]
        pub(crate) fn add(self, other: F4) -> F4 {
            F4(f32x4_add(self.0, other.0))
        }

        /// Lane-wise `self · other`.
        #[inline(always)]
        pub(crate) fn mul(self, other: F4) -> F4 {
            F4(f32x4_mul(self.0, other.0))
        }
    }
}

/// Four f32 lanes as an array (natively, and in a wasm build without `simd128`).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod lanes {
    /// Four f32 lanes.
    #[derive(Clone, Copy)]
    pub(crate) struct F4([f32; 4]);

    impl F4 {
        /// The first four values of `values`.
        #[inline(always)]
        pub(crate) fn load(values: &[f32]) -> F4 {
            F4(values[..4].try_into().expect("four values"))
        }

        /// Writes the lanes into the first four entries of `out`.
        #[inline(always)]
        pub(crate) fn store(self, out: &mut [f32]) {
            out[..4].copy_from_slice(&self.0);
        }

        /// `x` in every lane.
        #[inline(always)]
        pub(crate) fn splat(x: f32) -> F4 {
            F4([x; 4])
        }

        /// Lane-wise `self + other`.
        #[inline(always)]
        pub(crate) fn add(self, other: F4) -> F4 {
            F4(std::array::from_fn(|k| self.0[k] + other.0[k]))
        }

        /// Lane-wise `self · other`.
        #[inline(always)]
        pub(crate) fn mul(self, other: F4) -> F4 {
            F4(std::array::from_fn(|k| self.0[k] * other.0[k]))
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

/// `e^x` in float32 without a library call, so loops over it vectorise: Cody–Waite range
/// reduction `x = n ln 2 + r`, then Cephes' degree-5 polynomial for `e^r` (relative error
/// below 2e-7 over the whole range; see the test). Saturates to 0 below −87 and to `e^88`.
#[inline(always)]
pub(crate) fn exp(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    const ROUND: f32 = 12_582_912.0; // 1.5 · 2²³: adding and subtracting it rounds to an integer
    let x = x.clamp(-87.0, 88.0);
    let n = (x * LOG2E + ROUND) - ROUND;
    let r = x - n * 0.693_359_4 - n * -2.121_944_4e-4;
    let p = ((((1.987_569_2e-4 * r + 1.398_2e-3) * r + 8.333_452e-3) * r + 4.166_579_6e-2) * r
        + 0.166_666_65)
        * r
        + 0.5;
    let e_r = p * r * r + r + 1.0;
    e_r * f32::from_bits(((n as i32 + 127) as u32) << 23)
}

/// The logistic function `σ(x) = 1 / (1 + e^{−x})`.
#[inline(always)]
pub(crate) fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + exp(-x))
}

/// `tanh x = 2σ(2x) − 1` (absolute error below 1e-7).
#[inline(always)]
pub(crate) fn tanh(x: f32) -> f32 {
    2.0 / (1.0 + exp(-2.0 * x)) - 1.0
}

/// Softmax of `logits` into `probs`; returns `log Σ e^{logit}` (for the loss).
pub(crate) fn softmax(logits: &[f32], probs: &mut [f32]) -> f32 {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0f32;
    for (p, &l) in probs.iter_mut().zip(logits) {
        *p = exp(l - max);
    }
    for &p in probs.iter() {
        sum += p;
    }
    let inv = 1.0 / sum;
    for p in probs.iter_mut() {
        *p *= inv;
    }
    max + sum.ln()
}

/// `(m, Σ_j e^{x_j − m})` with `m = max_j x_j`: the overflow-free parts of a softmax.
fn shifted_exp_sum(x: &[f64]) -> (f64, f64) {
    let max = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = x.iter().map(|&v| (v - max).exp()).sum();
    (max, sum)
}

/// `ln Σ_j e^{x_j}`, computed as `m + ln Σ_j e^{x_j − m}` with `m = max_j x_j`.
pub(crate) fn log_sum_exp(x: &[f64]) -> f64 {
    let (max, sum) = shifted_exp_sum(x);
    max + sum.ln()
}

/// `softmax(x)_j = e^{x_j − m} / Σ_k e^{x_k − m}` into `probs` (`m = max_k x_k`); returns
/// `ln Σ_k e^{x_k}` (so `−ln softmax(x)_j` is that minus `x_j`).
pub(crate) fn softmax_f64(x: &[f64], probs: &mut [f64]) -> f64 {
    let (max, sum) = shifted_exp_sum(x);
    for (p, &v) in probs.iter_mut().zip(x) {
        *p = (v - max).exp() / sum;
    }
    max + sum.ln()
}

/// The Euclidean norm `‖v‖₂ = sqrt(Σ v_i²)` of float32 values (or references to them), summed
/// in f64: far from the output a float32 square underflows, and a large gradient's overflows.
pub fn norm<V: Borrow<f32>>(values: impl IntoIterator<Item = V>) -> f64 {
    values
        .into_iter()
        .map(|x| f64::from(*x.borrow()) * f64::from(*x.borrow()))
        .sum::<f64>()
        .sqrt()
}

/// The arithmetic the kernels generic over precision need (Adam's rule, the cross-entropy
/// gradient), for f32 and f64.
pub(crate) trait Real:
    Copy + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Div<Output = Self>
{
    /// 1.
    const ONE: Self;
    /// `√x`.
    fn sqrt(self) -> Self;
    /// `xⁿ`.
    fn powi(self, n: i32) -> Self;
    /// `n` in this precision.
    fn from_count(n: usize) -> Self;
}

macro_rules! real {
    ($t:ty) => {
        impl Real for $t {
            const ONE: $t = 1.0;
            fn sqrt(self) -> $t {
                <$t>::sqrt(self)
            }
            fn powi(self, n: i32) -> $t {
                <$t>::powi(self, n)
            }
            fn from_count(n: usize) -> $t {
                n as $t
            }
        }
    };
}
real!(f32);
real!(f64);

/// `∂L/∂logits = (p − onehot(y)) / T` for the mean cross-entropy `L` of `T` rows of softmax
/// outputs `probs` (`[T, V]`) against `targets` (`[T]`).
pub(crate) fn cross_entropy_grad<F>(probs: &Array2<F>, targets: &[usize]) -> Array2<F>
where
    F: Real + ScalarOperand + SubAssign + DivAssign,
{
    let mut grad = probs.clone();
    for (t, &y) in targets.iter().enumerate() {
        grad[[t, y]] -= F::ONE;
    }
    grad /= F::from_count(targets.len());
    grad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_sigmoid_and_tanh_are_accurate() {
        let mut worst = (0.0f64, 0.0f64, 0.0f64);
        for k in -86_999..88_000 {
            let x = k as f32 * 1e-3;
            let want = f64::from(x).exp();
            let rel = (f64::from(exp(x)) - want).abs() / want;
            worst.0 = worst.0.max(rel);
            let s = 1.0 / (1.0 + (-f64::from(x)).exp());
            worst.1 = worst.1.max((f64::from(sigmoid(x)) - s).abs());
            worst.2 = worst
                .2
                .max((f64::from(tanh(x)) - f64::from(x).tanh()).abs());
        }
        assert!(
            worst.0 < 2e-7 && worst.1 < 2e-7 && worst.2 < 3e-7,
            "{worst:?}"
        );
        assert_eq!(exp(-1000.0), (-87.0f32).exp().max(exp(-87.0)));
    }

    #[test]
    fn the_blocked_product_is_bit_for_bit_one_axpy_per_row() {
        let mut rng = crate::engine::Rng::new(7);
        for rows in [0, 1, 7, 8, 9, 17, 64] {
            for cols in [1, 3, 15, 16, 17, 33, 128] {
                let w: Vec<f32> = (0..rows * cols).map(|_| rng.normal()).collect();
                // Some scales exactly zero (one-hot inputs), some tiny, some large.
                let y: Vec<f32> = (0..rows)
                    .map(|r| match r % 5 {
                        0 => 0.0,
                        1 => 1e-30,
                        2 => 1e6,
                        _ => rng.normal(),
                    })
                    .collect();
                let start: Vec<f32> = (0..cols).map(|_| rng.normal()).collect();
                let mut want = start.clone();
                for (row, &scale) in w.chunks_exact(cols).zip(&y) {
                    if scale != 0.0 {
                        for (o, &v) in want.iter_mut().zip(row) {
                            *o += scale * v;
                        }
                    }
                }
                let mut got = start;
                matvec_t_add(&w, &y, &mut got);
                let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&got), bits(&want), "{rows} × {cols}");
            }
        }
    }

    #[test]
    fn products_match_the_definition() {
        let w: Vec<f32> = (0..12).map(|v| v as f32 * 0.5 - 2.0).collect();
        let x = [1.0, -2.0, 0.5, 3.0];
        // W is 3 × 4; its transpose, row-major, is 4 × 3.
        let wt: Vec<f32> = (0..12).map(|k| w[(k % 3) * 4 + k / 3]).collect();
        let mut out = [0.0; 3];
        matvec_cols_add(&wt, &x, &mut out);
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
