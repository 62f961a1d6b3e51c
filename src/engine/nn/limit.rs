//! The benchmark's "wasm GEMV limit": a hand-written matrix–vector product in explicit f32x4
//! lanes (simd128 in the browser), and the number of multiply-adds one training step of the
//! character model needs. `train_step_multiply_adds / rate` is the time a step would take if all
//! of its multiply-adds ran at this kernel's measured rate: a yardstick, not a strict floor, since
//! only the recurrent products must be matrix–vector products (the weight gradients and the input
//! and decoder products can be batched over T into faster matrix–matrix products). The page
//! times the kernel; the engine has no clock.
//!
//! The kernel is the dot-product form, four rows of `W` at a time: each row's dot product with
//! `x` is kept in two f32x4 accumulators (eight independent chains), so every `x` vector loaded
//! serves four rows. Each lane op is an IEEE multiply or add, never fused.

use super::CellKind;

/// The multiply-adds of one training step of the character model (batch 1): per timestep the
/// recurrent product forward, the recurrent product backward (`W_hhᵀ·δ`) and the recurrent
/// weight gradient (`δ·h_{t−1}ᵀ`), `G·H×H` each; the same three for the input weights
/// (`G·H×E`) and for the decoder (`V×H`). `G` is 1 for the RNN and 4 for the LSTM:
///
/// `3 · T · (G·H·(H + E) + V·H)`.
///
/// Element-wise work (nonlinearities, softmax, the optimiser's pass over the weights) is not
/// counted.
pub fn train_step_multiply_adds(
    kind: CellKind,
    vocab: usize,
    embedding: usize,
    hidden: usize,
    seq_len: usize,
) -> f64 {
    let gates = kind.gates() as f64;
    let (v, e, h, t) = (
        vocab as f64,
        embedding as f64,
        hidden as f64,
        seq_len as f64,
    );
    3.0 * t * (gates * h * (h + e) + v * h)
}

/// `y = W x` for `W` of `rows × cols` (row-major), with the f32x4 kernel. Panics when a slice
/// has the wrong length.
pub fn gemv(w: &[f32], rows: usize, cols: usize, x: &[f32], y: &mut [f32]) {
    assert_eq!(w.len(), rows * cols, "W is rows × cols");
    assert_eq!(x.len(), cols, "x has cols entries");
    assert_eq!(y.len(), rows, "y has rows entries");
    let blocked = cols - cols % 8;
    let mut r = 0;
    while r + 4 <= rows {
        let row = |k: usize| &w[(r + k) * cols..(r + k + 1) * cols];
        let (w0, w1, w2, w3) = (row(0), row(1), row(2), row(3));
        let mut acc = [lanes::F4::zero(); 8];
        let mut c = 0;
        while c < blocked {
            let (xa, xb) = (lanes::F4::load(&x[c..]), lanes::F4::load(&x[c + 4..]));
            for (k, wk) in [w0, w1, w2, w3].into_iter().enumerate() {
                acc[2 * k] = acc[2 * k].mul_add(lanes::F4::load(&wk[c..]), xa);
                acc[2 * k + 1] = acc[2 * k + 1].mul_add(lanes::F4::load(&wk[c + 4..]), xb);
            }
            c += 8;
        }
        for (k, wk) in [w0, w1, w2, w3].into_iter().enumerate() {
            let mut sum = acc[2 * k].add(acc[2 * k + 1]).sum();
            for j in blocked..cols {
                sum += wk[j] * x[j];
            }
            y[r + k] = sum;
        }
        r += 4;
    }
    for (i, out) in y.iter_mut().enumerate().skip(r) {
        *out = w[i * cols..(i + 1) * cols]
            .iter()
            .zip(x)
            .map(|(a, b)| a * b)
            .sum();
    }
}

/// A matrix and a vector of one shape, kept for timing `gemv` over and over.
pub struct GemvBench {
    rows: usize,
    cols: usize,
    w: Vec<f32>,
    x: Vec<f32>,
    y: Vec<f32>,
}

impl GemvBench {
    /// A `rows × cols` matrix and a vector, filled from `seed` with values in [−0.5, 0.5).
    pub fn new(rows: usize, cols: usize, seed: u64) -> GemvBench {
        let mut rng = crate::engine::Rng::new(seed);
        let mut fill = |n: usize| -> Vec<f32> { (0..n).map(|_| rng.uniform(-0.5, 0.5)).collect() };
        let w = fill(rows * cols);
        let x = fill(cols);
        GemvBench {
            rows,
            cols,
            w,
            x,
            y: vec![0.0; rows],
        }
    }

    /// The multiply-adds of one product, `rows · cols`.
    pub fn multiply_adds(&self) -> f64 {
        (self.rows * self.cols) as f64
    }

    /// Runs `reps` products `y = W x` (each reading the previous `y` into `x[0]`, so none can be
    /// skipped); returns the sum of the last `y`.
    pub fn run(&mut self, reps: u32) -> f32 {
        for _ in 0..reps {
            gemv(&self.w, self.rows, self.cols, &self.x, &mut self.y);
            if let (Some(x0), Some(y0)) = (self.x.first_mut(), self.y.first()) {
                *x0 = y0.clamp(-0.5, 0.5);
            }
        }
        self.y.iter().sum()
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod lanes {
    //! f32x4 lanes as wasm `simd128` vectors.
    #![allow(unsafe_code)]
    use core::arch::wasm32::{
        f32x4_add, f32x4_extract_lane, f32x4_mul, f32x4_splat, v128, v128_load,
    };

    /// Four f32 lanes in one `v128`.
    #[derive(Clone, Copy)]
    pub(super) struct F4(v128);

    impl F4 {
        /// Zero in every lane.
        #[inline(always)]
        pub(super) fn zero() -> F4 {
            F4(f32x4_splat(0.0))
        }

        /// The first four values of `values`.
        #[inline(always)]
        pub(super) fn load(values: &[f32]) -> F4 {
            let values: &[f32; 4] = values[..4].try_into().expect("four values");
            // SAFETY: `values` is four readable f32 (16 bytes); wasm loads need no alignment.
            F4(unsafe { v128_load(values.as_ptr().cast::<v128>()) })
        }

        /// Lane-wise `self + a · b` (a multiply, then an add: not fused).
        #[inline(always)]
        pub(super) fn mul_add(self, a: F4, b: F4) -> F4 {
            F4(f32x4_add(self.0, f32x4_mul(a.0, b.0)))
        }

        /// Lane-wise `self + other`.
        #[inline(always)]
        pub(super) fn add(self, other: F4) -> F4 {
            F4(f32x4_add(self.0, other.0))
        }

        /// `(l0 + l2) + (l1 + l3)`.
        #[inline(always)]
        pub(super) fn sum(self) -> f32 {
            let v = self.0;
            (f32x4_extract_lane::<0>(v) + f32x4_extract_lane::<2>(v))
                + (f32x4_extract_lane::<1>(v) + f32x4_extract_lane::<3>(v))
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod lanes {
    //! f32x4 lanes as arrays (natively, and in a wasm build without `simd128`): the same
    //! operations in the same order as the simd128 module, so both give the same bits.

    /// Four f32 lanes.
    #[derive(Clone, Copy)]
    pub(super) struct F4([f32; 4]);

    impl F4 {
        /// Zero in every lane.
        #[inline(always)]
        pub(super) fn zero() -> F4 {
            F4([0.0; 4])
        }

        /// The first four values of `values`.
        #[inline(always)]
        pub(super) fn load(values: &[f32]) -> F4 {
            F4(values[..4].try_into().expect("four values"))
        }

        /// Lane-wise `self + a · b` (a multiply, then an add: not fused).
        #[inline(always)]
        pub(super) fn mul_add(self, a: F4, b: F4) -> F4 {
            F4(std::array::from_fn(|k| self.0[k] + a.0[k] * b.0[k]))
        }

        /// Lane-wise `self + other`.
        #[inline(always)]
        pub(super) fn add(self, other: F4) -> F4 {
            F4(std::array::from_fn(|k| self.0[k] + other.0[k]))
        }

        /// `(l0 + l2) + (l1 + l3)`.
        #[inline(always)]
        pub(super) fn sum(self) -> f32 {
            (self.0[0] + self.0[2]) + (self.0[1] + self.0[3])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `y = W x` with one plain loop per row, in f64.
    fn plain(w: &[f32], rows: usize, cols: usize, x: &[f32]) -> Vec<f64> {
        (0..rows)
            .map(|i| {
                (0..cols)
                    .map(|j| f64::from(w[i * cols + j]) * f64::from(x[j]))
                    .sum()
            })
            .collect()
    }

    #[test]
    fn the_kernel_equals_a_plain_loop_at_every_shape_and_remainder() {
        let mut rng = crate::engine::Rng::new(7);
        for (rows, cols) in [
            (1, 1),
            (3, 5),
            (4, 8),
            (5, 9),
            (7, 17),
            (128, 128),
            (512, 128),
            (13, 40),
        ] {
            let w: Vec<f32> = (0..rows * cols).map(|_| rng.uniform(-0.5, 0.5)).collect();
            let x: Vec<f32> = (0..cols).map(|_| rng.uniform(-0.5, 0.5)).collect();
            let mut y = vec![f32::NAN; rows];
            gemv(&w, rows, cols, &x, &mut y);
            for (got, want) in y.iter().zip(plain(&w, rows, cols, &x)) {
                let tolerance = 1e-5 * (cols as f64).sqrt();
                assert!(
                    (f64::from(*got) - want).abs() < tolerance,
                    "{rows}×{cols}: {got} vs {want}"
                );
            }
        }
    }

    #[test]
    fn the_bench_runs_and_counts_its_multiply_adds() {
        let mut bench = GemvBench::new(8, 16, 1);
        assert_eq!(bench.multiply_adds(), 128.0);
        let sum = bench.run(3);
        assert!(sum.is_finite());
        assert_eq!(
            GemvBench::new(8, 16, 1).run(3),
            sum,
            "seeded, so repeatable"
        );
    }

    #[test]
    fn a_step_counts_three_products_per_weight_matrix_per_timestep() {
        // RNN small: 3 · 32 · (128 · 160 + 64 · 128).
        assert_eq!(
            train_step_multiply_adds(CellKind::Rnn, 64, 32, 128, 32),
            2_752_512.0
        );
        // LSTM medium: 3 · 64 · (4 · 256 · 320 + 64 · 256).
        assert_eq!(
            train_step_multiply_adds(CellKind::Lstm, 64, 64, 256, 64),
            66_060_288.0
        );
    }
}
