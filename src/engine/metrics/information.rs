//! Entropy, cross entropy, KL divergence and mutual information, with every term kept.
//!
//! For distributions `p`, `q` over the same outcomes, in a base `b` (bits: 2, nats: e), with
//! the convention `0 · log 0 = 0`:
//!
//! - `H(p) = −Σ_i p_i log p_i`,
//! - `H(p, q) = −Σ_{p_i > 0} p_i log q_i = H(p) + KL(p‖q)`,
//! - `KL(p‖q) = Σ_{p_i > 0} p_i log(p_i / q_i) ≥ 0`,
//!
//! where `H(p, q)` and `KL(p‖q)` are `+∞` as soon as some `q_i = 0 < p_i` (`q` says impossible
//! what `p` says happens). For a joint table `p(x, y)` see [`mutual_information`].

use ndarray::{Array1, Array2, Axis};

use crate::engine::Error;

/// Sums closer to 1 than this count as already normalised.
const NORMALISED_TOLERANCE: f64 = 1e-9;

/// The base of the logarithm, i.e. the unit of information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogBase {
    /// Base 2: bits.
    #[default]
    Bits,
    /// Base e: nats.
    Nats,
}

impl LogBase {
    /// `ln b`: a value in nats divided by this is the value in this base.
    pub fn ln_factor(self) -> f64 {
        match self {
            LogBase::Bits => std::f64::consts::LN_2,
            LogBase::Nats => 1.0,
        }
    }

    /// The unit's name: `bits` or `nats`.
    pub fn unit(self) -> &'static str {
        match self {
            LogBase::Bits => "bits",
            LogBase::Nats => "nats",
        }
    }
}

/// A probability distribution: non-negative finite entries divided by their sum.
#[derive(Debug, Clone, PartialEq)]
pub struct Distribution {
    probabilities: Array1<f64>,
    given_sum: f64,
}

/// Checks one entry; `place` names it, counting from 1 ("entry 3", "row 1, column 2").
fn check_entry(place: impl Fn() -> String, value: f64) -> Result<(), Error> {
    let message = if value.is_nan() {
        format!(
            "{} is not a number; probabilities must be numbers ≥ 0",
            place()
        )
    } else if value.is_infinite() {
        format!(
            "{} is infinite ({value}); probabilities must be finite",
            place()
        )
    } else if value < 0.0 {
        format!(
            "{} is negative ({value}); probabilities must be ≥ 0",
            place()
        )
    } else {
        return Ok(());
    };
    Err(Error::InvalidNumber(message))
}

/// Checks that entries (already checked one by one) have a usable sum, and returns it.
fn check_sum(what: &str, sum: f64) -> Result<f64, Error> {
    if sum == 0.0 {
        return Err(Error::InvalidNumber(format!(
            "every entry of {what} is 0; at least one probability must be greater than 0"
        )));
    }
    if !sum.is_finite() {
        return Err(Error::InvalidNumber(format!(
            "the entries of {what} are too large to add up; scale them down"
        )));
    }
    Ok(sum)
}

impl Distribution {
    /// Validates `values` (non-empty, every entry finite and ≥ 0, not all 0; entries are
    /// numbered from 0) and divides them by their sum.
    pub fn new(values: &[f64]) -> Result<Distribution, Error> {
        if values.is_empty() {
            return Err(Error::Empty("the distribution"));
        }
        for (i, &value) in values.iter().enumerate() {
            check_entry(|| format!("entry {}", i + 1), value)?;
        }
        let values = Array1::from(values.to_vec());
        let given_sum = check_sum("the distribution", values.sum())?;
        Ok(Distribution {
            probabilities: values / given_sum,
            given_sum,
        })
    }

    /// The normalised probabilities, `[len]`.
    pub fn probabilities(&self) -> &Array1<f64> {
        &self.probabilities
    }

    /// The number of outcomes.
    pub fn len(&self) -> usize {
        self.probabilities.len()
    }

    /// Always false: a distribution has at least one outcome.
    pub fn is_empty(&self) -> bool {
        self.probabilities.is_empty()
    }

    /// The sum of the values as given, before normalising.
    pub fn given_sum(&self) -> f64 {
        self.given_sum
    }

    /// True when the given values did not already sum to 1 (within 1e-9), so the page can
    /// say they were rescaled.
    pub fn was_normalised(&self) -> bool {
        (self.given_sum - 1.0).abs() > NORMALISED_TOLERANCE
    }
}

/// `−p ln p` with `0 ln 0 = 0`, in nats.
fn entropy_term(p: f64) -> f64 {
    if p > 0.0 {
        -p * p.ln()
    } else {
        0.0
    }
}

/// `p ln(p / q)` in nats: 0 where `p = 0`, `+∞` where `q = 0 < p`. Written as `ln p − ln q`
/// so a tiny `q` cannot overflow the ratio.
fn kl_term(p: f64, q: f64) -> f64 {
    if p == 0.0 {
        0.0
    } else if q == 0.0 {
        f64::INFINITY
    } else {
        p * (p.ln() - q.ln())
    }
}

/// Panics with a clear message when `p` and `q` have different lengths.
fn assert_same_len(p: &Distribution, q: &Distribution) {
    assert_eq!(p.len(), q.len(), "p and q must have the same length");
}

/// A value in nats in `base` (`+ 0.0` turns a `−0` into `0`).
fn in_base(nats: f64, base: LogBase) -> f64 {
    nats / base.ln_factor() + 0.0
}

/// `H = −Σ p log p` over any iterator of probabilities, in the given base.
fn entropy_of<'a>(probabilities: impl IntoIterator<Item = &'a f64>, base: LogBase) -> f64 {
    in_base(
        probabilities.into_iter().map(|&p| entropy_term(p)).sum(),
        base,
    )
}

/// `H(p) = −Σ_i p_i log p_i` in the given base.
pub fn entropy(p: &Distribution, base: LogBase) -> f64 {
    entropy_of(&p.probabilities, base)
}

/// `H(p, q) = −Σ_{p_i > 0} p_i log q_i`, `+∞` where some `q_i = 0 < p_i`.
///
/// Panics when the lengths differ; [`compare`] checks them and returns an error instead.
pub fn cross_entropy(p: &Distribution, q: &Distribution, base: LogBase) -> f64 {
    assert_same_len(p, q);
    let nats: f64 = p
        .probabilities
        .iter()
        .zip(&q.probabilities)
        .map(|(&p_i, &q_i)| {
            if p_i == 0.0 {
                0.0
            } else if q_i == 0.0 {
                f64::INFINITY
            } else {
                -p_i * q_i.ln()
            }
        })
        .sum();
    in_base(nats, base)
}

/// `KL(p‖q) = Σ_{p_i > 0} p_i log(p_i / q_i)`, `+∞` where some `q_i = 0 < p_i`. Rounding
/// below 0 is clipped to 0 (the divergence is never negative).
///
/// Panics when the lengths differ; [`compare`] checks them and returns an error instead.
pub fn kl_divergence(p: &Distribution, q: &Distribution, base: LogBase) -> f64 {
    kl_terms(p, q, base).sum().max(0.0)
}

/// The terms `p_i log(p_i / q_i)` of `KL(p‖q)`, `[len]`.
fn kl_terms(p: &Distribution, q: &Distribution, base: LogBase) -> Array1<f64> {
    assert_same_len(p, q);
    let factor = base.ln_factor();
    ndarray::Zip::from(&p.probabilities)
        .and(&q.probabilities)
        .map_collect(|&p_i, &q_i| kl_term(p_i, q_i) / factor)
}

/// The first index where `q_i = 0 < p_i`: why `KL(p‖q)` and `H(p, q)` are infinite. `None`
/// when `q` covers the support of `p` (or the lengths differ).
pub fn first_support_gap(p: &Distribution, q: &Distribution) -> Option<usize> {
    if p.len() != q.len() {
        return None;
    }
    p.probabilities
        .iter()
        .zip(&q.probabilities)
        .position(|(&p_i, &q_i)| p_i > 0.0 && q_i == 0.0)
}

/// Everything that compares two distributions, in one base.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The unit of every value below.
    pub base: LogBase,
    /// `H(p)`.
    pub entropy_p: f64,
    /// `H(q)`.
    pub entropy_q: f64,
    /// `H(p, q)` (`+∞` when `gap_pq` is some index).
    pub cross_entropy_pq: f64,
    /// `H(q, p)` (`+∞` when `gap_qp` is some index).
    pub cross_entropy_qp: f64,
    /// `KL(p‖q)` (`+∞` when `gap_pq` is some index).
    pub kl_pq: f64,
    /// `KL(q‖p)` (`+∞` when `gap_qp` is some index).
    pub kl_qp: f64,
    /// The terms `p_i log(p_i / q_i)` of `KL(p‖q)`, `[len]`: 0 where `p_i = 0`, `+∞` where
    /// `q_i = 0 < p_i`. They can be negative; only their sum cannot.
    pub kl_pq_terms: Array1<f64>,
    /// [`first_support_gap`]`(p, q)`.
    pub gap_pq: Option<usize>,
    /// [`first_support_gap`]`(q, p)`.
    pub gap_qp: Option<usize>,
}

/// Entropies, cross entropies and KL divergences of `p` and `q` both ways, in the given base.
/// Errors when `p` and `q` have different lengths.
pub fn compare(p: &Distribution, q: &Distribution, base: LogBase) -> Result<Comparison, Error> {
    if p.len() != q.len() {
        return Err(Error::Mismatch(format!(
            "p has {} entries but q has {}; they must have the same number",
            p.len(),
            q.len()
        )));
    }
    let kl_pq_terms = kl_terms(p, q, base);
    Ok(Comparison {
        base,
        entropy_p: entropy(p, base),
        entropy_q: entropy(q, base),
        cross_entropy_pq: cross_entropy(p, q, base),
        cross_entropy_qp: cross_entropy(q, p, base),
        kl_pq: kl_pq_terms.sum().max(0.0),
        kl_qp: kl_divergence(q, p, base),
        kl_pq_terms,
        gap_pq: first_support_gap(p, q),
        gap_qp: first_support_gap(q, p),
    })
}

/// The mutual information of a joint table and the entropies around it, in one base.
#[derive(Debug, Clone, PartialEq)]
pub struct MutualInformation {
    /// The unit of every value below.
    pub base: LogBase,
    /// `p(x, y)`, normalised to sum to 1, `[rows (x), cols (y)]`.
    pub joint: Array2<f64>,
    /// `p(x) = Σ_y p(x, y)`, the row sums, `[rows]`.
    pub p_x: Array1<f64>,
    /// `p(y) = Σ_x p(x, y)`, the column sums, `[cols]`.
    pub p_y: Array1<f64>,
    /// `I(X; Y) = Σ_{x,y} pointwise(x, y) ≥ 0` (rounding below 0 is clipped to 0).
    pub mi: f64,
    /// `H(X)`.
    pub h_x: f64,
    /// `H(Y)`.
    pub h_y: f64,
    /// `H(X, Y)`, the entropy of the flattened joint.
    pub h_xy: f64,
    /// `H(X | Y) = H(X, Y) − H(Y)`.
    pub h_x_given_y: f64,
    /// `H(Y | X) = H(X, Y) − H(X)`.
    pub h_y_given_x: f64,
    /// `p(x, y) log(p(x, y) / (p(x) p(y)))`, 0 where `p(x, y) = 0`, `[rows, cols]`.
    pub pointwise: Array2<f64>,
}

/// `I(X; Y) = Σ_{p(x,y) > 0} p(x, y) log(p(x, y) / (p(x) p(y)))` of a joint table of
/// non-negative weights (rows are `x`, columns are `y`), normalised by its total first, with
/// `H(X)`, `H(Y)`, `H(X, Y)` and the conditional entropies. `I = H(X) + H(Y) − H(X, Y)`.
pub fn mutual_information(joint: &Array2<f64>, base: LogBase) -> Result<MutualInformation, Error> {
    if joint.is_empty() {
        return Err(Error::Empty("the joint table"));
    }
    for ((x, y), &value) in joint.indexed_iter() {
        check_entry(|| format!("row {}, column {}", x + 1, y + 1), value)?;
    }
    let total = check_sum("the joint table", joint.sum())?;
    let joint = joint / total;
    let p_x = joint.sum_axis(Axis(1));
    let p_y = joint.sum_axis(Axis(0));
    let factor = base.ln_factor();
    let pointwise = Array2::from_shape_fn(joint.raw_dim(), |(x, y)| {
        let p_xy = joint[[x, y]];
        if p_xy == 0.0 {
            0.0
        } else {
            p_xy * (p_xy.ln() - p_x[x].ln() - p_y[y].ln()) / factor
        }
    });
    let (h_x, h_y, h_xy) = (
        entropy_of(&p_x, base),
        entropy_of(&p_y, base),
        entropy_of(&joint, base),
    );
    Ok(MutualInformation {
        base,
        mi: pointwise.sum().max(0.0),
        h_x_given_y: (h_xy - h_y).max(0.0),
        h_y_given_x: (h_xy - h_x).max(0.0),
        h_x,
        h_y,
        h_xy,
        joint,
        p_x,
        p_y,
        pointwise,
    })
}

/// `p(x, y) = p(x) p(y)`: a joint table where `X` and `Y` are independent (`I = 0`),
/// `[len p_x, len p_y]`.
pub fn independent_joint(p_x: &Distribution, p_y: &Distribution) -> Array2<f64> {
    Array2::from_shape_fn((p_x.len(), p_y.len()), |(x, y)| {
        p_x.probabilities[x] * p_y.probabilities[y]
    })
}

/// `p(x, y) = p(x)` where `x = y`, else 0: `Y` is a copy of `X` (`I = H(X)`), `[len, len]`.
pub fn identical_joint(p: &Distribution) -> Array2<f64> {
    Array2::from_diag(&p.probabilities)
}
