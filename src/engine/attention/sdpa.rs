//! Scaled dot-product attention of given queries, keys and values, every intermediate kept, and
//! its backward — the attention explorer's numbers.
//!
//! For `Q` (`[Tq, d]`), `K` (`[Tk, d]`), `V` (`[Tk, dv]`) and a boolean mask `M` (`[Tq, Tk]`,
//! `true`: query i may attend to key j — PyTorch's boolean `attn_mask` convention):
//!
//! ```text
//! S = Q Kᵀ                     the scores
//! Ŝ = S · c                    c = 1/√d with scaling on, 1 with it off (PyTorch's scale=1.0)
//! S̃_ij = Ŝ_ij if M_ij else −∞  the masked scores
//! A = softmax of each row of S̃ the weights
//! O = A V                      the output, [Tq, dv]
//! ```
//!
//! A row of `M` with no `true` (a query that may attend to nothing) makes its softmax
//! `0 / 0`. What it becomes is a choice, [`FullyMasked`]: NaN as the formula says (and as
//! `torch.softmax` of −∞-filled scores gives), zeros as PyTorch's
//! `scaled_dot_product_attention` gives (since 2.5, its "safe softmax"), or a uniform row as a
//! large finite fill (−10⁹) gives. The backward is well defined in every case: masked cells
//! get no gradient, so a fully masked row sends nothing to `∂Q` (its row is 0), `∂K` or
//! (except the uniform fill's average) `∂V` — where autograd through the −∞ softmax makes
//! every entry of `∂V` NaN (`∂V = Aᵀ ∂O` sums the NaN row into each of them; `∂Q` and `∂K`
//! stay finite because `masked_fill` passes no gradient to masked cells).

use ndarray::{Array2, ArrayView2};

use crate::engine::Error;

/// The most queries or keys.
pub const SDPA_MAX_POSITIONS: usize = 8;
/// The largest width `d` of queries and keys, and `dv` of values.
pub const SDPA_MAX_WIDTH: usize = 4;
/// The largest magnitude of an entry of `Q`, `K`, `V` or `∂L/∂O` (scores stay far from
/// overflow: `|S_ij| ≤ d · 100²`).
pub const SDPA_MAX_VALUE: f64 = 100.0;
/// The finite fill of [`FullyMasked::Fill`] (masked scores are replaced by it).
pub const SDPA_FILL: f64 = -1e9;

/// Whether scores are divided by `√d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scaling {
    /// `Ŝ = S / √d` (PyTorch's default `scale=None`).
    Sqrt,
    /// `Ŝ = S` (PyTorch's `scale=1.0`).
    Off,
}

/// What the softmax of a fully masked row gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FullyMasked {
    /// −∞ in every cell, `e^−∞ / Σ e^−∞ = 0 / 0`: NaN weights and a NaN output row.
    Nan,
    /// Zero weights and a zero output row (PyTorch's `scaled_dot_product_attention`).
    Zeros,
    /// Masked scores replaced by −10⁹ rather than −∞: a fully masked row is `1/Tk` everywhere,
    /// so its output is the mean of every value, the masked ones included.
    Fill,
}

/// Everything one attention call computed: what the explorer draws and what backward needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Sdpa {
    /// Queries, `[Tq, d]`.
    pub q: Array2<f64>,
    /// Keys, `[Tk, d]`.
    pub k: Array2<f64>,
    /// Values, `[Tk, dv]`.
    pub v: Array2<f64>,
    /// `true`: query i may attend to key j, `[Tq, Tk]`.
    pub mask: Array2<bool>,
    /// The factor `c` the scores are multiplied by (`1/√d`, or 1 with scaling off).
    pub scale: f64,
    /// What a fully masked row gives.
    pub fully_masked: FullyMasked,
    /// `S = Q Kᵀ`, `[Tq, Tk]`.
    pub scores: Array2<f64>,
    /// `Ŝ = S · c`.
    pub scaled: Array2<f64>,
    /// `Ŝ` with masked cells −∞ (−10⁹ under [`FullyMasked::Fill`]).
    pub masked: Array2<f64>,
    /// `A`, each row a softmax (a fully masked row: NaN, zeros or uniform).
    pub weights: Array2<f64>,
    /// `O = A V`, `[Tq, dv]`.
    pub output: Array2<f64>,
    /// The queries (0-based) whose mask row has no `true`.
    pub fully_masked_rows: Vec<usize>,
}

/// Gradients of a loss `L` with respect to the inputs, given `∂L/∂O`.
#[derive(Debug, Clone, PartialEq)]
pub struct SdpaGrads {
    /// `∂L/∂Q = c · ∂S̃ K`, `[Tq, d]`.
    pub d_q: Array2<f64>,
    /// `∂L/∂K = c · ∂S̃ᵀ Q`, `[Tk, d]`.
    pub d_k: Array2<f64>,
    /// `∂L/∂V = Aᵀ ∂O` (a NaN row of `A` counts as 0), `[Tk, dv]`.
    pub d_v: Array2<f64>,
    /// `∂L/∂S̃_ij = A_ij (∂A_ij − Σ_k A_ik ∂A_ik)`, 0 in masked cells, `[Tq, Tk]`.
    pub d_scores: Array2<f64>,
}

/// `value` if it is a finite number of magnitude at most [`SDPA_MAX_VALUE`], else an error
/// naming `name` (e.g. "an entry of Q").
pub fn sdpa_value(name: &'static str, value: f64) -> Result<f64, Error> {
    if value.is_finite() && value.abs() <= SDPA_MAX_VALUE {
        Ok(value)
    } else {
        Err(Error::OutOfRange {
            name,
            min: -SDPA_MAX_VALUE,
            max: SDPA_MAX_VALUE,
            integer: false,
            got: value,
        })
    }
}

/// Refuses a matrix with no rows or columns, or too many (`names`: what its rows and columns
/// count), or a bad entry (`entry`: what one is called).
fn check_matrix(
    (rows_name, columns_name, entry): (&'static str, &'static str, &'static str),
    m: ArrayView2<'_, f64>,
) -> Result<(), Error> {
    let (rows, columns) = m.dim();
    Error::check_between(rows_name, rows, 1, SDPA_MAX_POSITIONS)?;
    Error::check_between(columns_name, columns, 1, SDPA_MAX_WIDTH)?;
    m.iter().try_for_each(|&x| sdpa_value(entry, x).map(|_| ()))
}

/// The causal mask of PyTorch's `is_causal=True` (top-left aligned): query i attends to keys
/// `j ≤ i`, `[Tq, Tk]`.
pub fn causal_mask(queries: usize, keys: usize) -> Array2<bool> {
    Array2::from_shape_fn((queries, keys), |(i, j)| j <= i)
}

/// The padding mask: the last `padded` keys are padding, which no query attends to.
pub fn padding_mask(queries: usize, keys: usize, padded: usize) -> Array2<bool> {
    Array2::from_shape_fn((queries, keys), |(_, j)| j + padded < keys)
}

/// The example's first entries, row by row (two columns): `Q`, `K` and `V`.
const EXAMPLE: [&[[f64; 2]]; 3] = [
    &[[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]],
    &[[2.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.0]],
    &[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 2.0]],
];

/// Example inputs of `Tq` queries, `Tk` keys, width `d` and value width `dv` with small
/// whole and half numbers, `[Q, K, V]`: the explorer's 3 × 4, d = dv = 2 start (`S = Q Kᵀ`
/// has rows 2 0 1 −1, 0 2 2 0, 2 1 2 −1), other entries from a fixed pattern of −1 … 2.
pub fn sdpa_example(queries: usize, keys: usize, d: usize, dv: usize) -> [Array2<f64>; 3] {
    let entry = |which: usize, (i, j): (usize, usize)| match EXAMPLE[which].get(i) {
        Some(row) if j < 2 => row[j],
        _ => ((i * 5 + j * 3 + which * 2 + 1) % 7) as f64 * 0.5 - 1.0,
    };
    let make = |which, shape| Array2::from_shape_fn(shape, |at| entry(which, at));
    [
        make(0, (queries, d)),
        make(1, (keys, d)),
        make(2, (keys, dv)),
    ]
}

/// Scaled dot-product attention of `q` (`[Tq, d]`), `k` (`[Tk, d]`), `v` (`[Tk, dv]`) under
/// `mask` (`[Tq, Tk]`, `true`: may attend): see the module's equations. Sizes from 1 to
/// [`SDPA_MAX_POSITIONS`] positions and [`SDPA_MAX_WIDTH`] widths, entries finite and at most
/// [`SDPA_MAX_VALUE`] in magnitude; anything else is an error.
pub fn sdpa(
    q: ArrayView2<'_, f64>,
    k: ArrayView2<'_, f64>,
    v: ArrayView2<'_, f64>,
    mask: ArrayView2<'_, bool>,
    scaling: Scaling,
    fully_masked: FullyMasked,
) -> Result<Sdpa, Error> {
    check_matrix(
        ("the number of queries Tq", "the width d", "an entry of Q"),
        q,
    )?;
    check_matrix(("the number of keys Tk", "the width d", "an entry of K"), k)?;
    check_matrix(
        (
            "the number of values",
            "the value width dv",
            "an entry of V",
        ),
        v,
    )?;
    let ((queries, d), (keys, d_k)) = (q.dim(), k.dim());
    if d_k != d || v.nrows() != keys || mask.dim() != (queries, keys) {
        return Err(Error::Mismatch(format!(
            "Q is {queries} × {d}, K {keys} × {d_k}, V {} × {} and the mask {} × {}: K needs Q's \
             width, V one row per key, the mask one row per query and one column per key",
            v.nrows(),
            v.ncols(),
            mask.nrows(),
            mask.ncols()
        )));
    }
    let scale = match scaling {
        Scaling::Sqrt => 1.0 / (d as f64).sqrt(),
        Scaling::Off => 1.0,
    };
    let scores = q.dot(&k.t());
    let scaled = &scores * scale;
    let fill = match fully_masked {
        FullyMasked::Fill => SDPA_FILL,
        FullyMasked::Nan | FullyMasked::Zeros => f64::NEG_INFINITY,
    };
    let masked = Array2::from_shape_fn((queries, keys), |(i, j)| {
        if mask[[i, j]] {
            scaled[[i, j]]
        } else {
            fill
        }
    });
    let mut weights = Array2::zeros((queries, keys));
    let mut fully_masked_rows = Vec::new();
    for i in 0..queries {
        let row = masked.row(i);
        let max = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if max == f64::NEG_INFINITY {
            fully_masked_rows.push(i);
            let value = match fully_masked {
                FullyMasked::Nan => f64::NAN,
                FullyMasked::Zeros | FullyMasked::Fill => 0.0,
            };
            weights.row_mut(i).fill(value);
            continue;
        }
        if !mask.row(i).iter().any(|&m| m) {
            fully_masked_rows.push(i);
        }
        let sum: f64 = row.iter().map(|&s| (s - max).exp()).sum();
        for j in 0..keys {
            weights[[i, j]] = (masked[[i, j]] - max).exp() / sum;
        }
    }
    let output = weights.dot(&v);
    Ok(Sdpa {
        q: q.to_owned(),
        k: k.to_owned(),
        v: v.to_owned(),
        mask: mask.to_owned(),
        scale,
        fully_masked,
        scores,
        scaled,
        masked,
        weights,
        output,
        fully_masked_rows,
    })
}

/// Backward of [`sdpa`] from `∂L/∂O` (`[Tq, dv]`, entries finite and at most
/// [`SDPA_MAX_VALUE`]): `∂A = ∂O Vᵀ`, `∂S̃` as in [`SdpaGrads`] (0 in masked cells, so 0 in a
/// fully masked row), `∂Q = c ∂S̃ K`, `∂K = c ∂S̃ᵀ Q`, `∂V = Aᵀ ∂O` with a NaN row of `A`
/// counted as 0 (what [`FullyMasked::Zeros`] gives: its row is 0).
pub fn sdpa_backward(run: &Sdpa, d_output: ArrayView2<'_, f64>) -> Result<SdpaGrads, Error> {
    if d_output.dim() != run.output.dim() {
        return Err(Error::Mismatch(format!(
            "∂L/∂O is {} × {} but the output is {} × {}",
            d_output.nrows(),
            d_output.ncols(),
            run.output.nrows(),
            run.output.ncols()
        )));
    }
    d_output
        .iter()
        .try_for_each(|&x| sdpa_value("an entry of ∂L/∂O", x).map(|_| ()))?;
    let (queries, keys) = run.weights.dim();
    let a = run.weights.mapv(|w| if w.is_nan() { 0.0 } else { w });
    let d_a = d_output.dot(&run.v.t());
    let mut d_scores = Array2::zeros((queries, keys));
    for i in 0..queries {
        let mean: f64 = (0..keys)
            .filter(|&j| run.mask[[i, j]])
            .map(|j| a[[i, j]] * d_a[[i, j]])
            .sum();
        for j in (0..keys).filter(|&j| run.mask[[i, j]]) {
            d_scores[[i, j]] = a[[i, j]] * (d_a[[i, j]] - mean);
        }
    }
    Ok(SdpaGrads {
        d_q: d_scores.dot(&run.k) * run.scale,
        d_k: d_scores.t().dot(&run.q) * run.scale,
        d_v: a.t().dot(&d_output),
        d_scores,
    })
}
