//! The CTC loss by the forward–backward recursion over the blank-extended target, in log space.
//!
//! With `y_t(k)` the probability of symbol k at frame t and `l' = (−, l₁, −, l₂, …, l_L, −)`
//! (S = 2L + 1 states, `−` the blank), Graves et al. (2006):
//!
//! - `α_0(0) = y_0(−)`, `α_0(1) = y_0(l₁)`;
//!   `α_t(s) = (α_{t−1}(s) + α_{t−1}(s−1) + [l'_s ≠ − and l'_s ≠ l'_{s−2}] α_{t−1}(s−2)) · y_t(l'_s)`
//! - `β_{T−1}(S−1) = y_{T−1}(−)`, `β_{T−1}(S−2) = y_{T−1}(l_L)`;
//!   `β_t(s) = (β_{t+1}(s) + β_{t+1}(s+1) + [l'_s ≠ − and l'_s ≠ l'_{s+2}] β_{t+1}(s+2)) · y_t(l'_s)`
//!   (β includes the emission at t, so `Σ_s α_t(s) β_t(s) / y_t(l'_s) = p(l | x)` for every t)
//! - `p(l | x) = α_{T−1}(S−1) + α_{T−1}(S−2)`, loss `= −ln p(l | x)`
//! - posteriors `γ_t(k) = Σ_{s: l'_s = k} α_t(s) β_t(s) / (y_t(k) p)`, and the gradient of the
//!   loss with respect to the logits (through log-softmax) is `softmax(logits)_t(k) − γ_t(k)`.
//!
//! The skip `s−2 → s` is allowed only between different labels: that is why `aa` needs a
//! blank between its two `a`s, and why T must be at least L plus the number of repeats.

use ndarray::{Array2, ArrayView2};

use crate::engine::nn::kernels::log_sum_exp;
use crate::engine::Error;

/// `ln 0`.
const NEG_INF: f64 = f64::NEG_INFINITY;

/// `ln(e^a + e^b)` without overflow; `ln 0 + ln 0 = ln 0`.
pub fn log_add(a: f64, b: f64) -> f64 {
    if a == NEG_INF {
        return b;
    }
    if b == NEG_INF {
        return a;
    }
    let (high, low) = if a > b { (a, b) } else { (b, a) };
    high + (low - high).exp().ln_1p()
}

/// Log-softmax over each row of `logits` (`[T, C]`).
pub fn log_softmax(logits: ArrayView2<'_, f64>) -> Array2<f64> {
    let mut out = logits.to_owned();
    for mut row in out.rows_mut() {
        let log_sum = log_sum_exp(&row.to_vec());
        row.mapv_inplace(|x| x - log_sum);
    }
    out
}

/// What to do with a target that cannot be aligned.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CtcOptions {
    /// The blank's index (PyTorch's default 0).
    pub blank: usize,
    /// Report an infeasible pair's loss (and gradient) as 0 instead of ∞, like PyTorch's
    /// `zero_infinity=True`.
    pub zero_infinity: bool,
}

/// Everything the recursion computed for one (emissions, target) pair.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct CtcRecord {
    /// The blank-extended target `l'`, `[S]`.
    pub extended: Vec<usize>,
    /// `ln α_t(s)`, `[S, T]`.
    pub log_alpha: Array2<f64>,
    /// `ln β_t(s)` (β includes the emission at t), `[S, T]`.
    pub log_beta: Array2<f64>,
    /// `ln p(l | x)`: `−∞` when no alignment exists.
    pub log_likelihood: f64,
    /// `−ln p(l | x)`; `∞` for an infeasible pair, or 0 with `zero_infinity`.
    pub loss: f64,
    /// Why the pair is infeasible, if it is.
    pub infeasible: Option<String>,
    /// `γ_t(k)`, `[T, C]` (zeros when infeasible).
    pub posteriors: Array2<f64>,
    /// `∂loss/∂logits = softmax − γ`, `[T, C]` (zeros when infeasible: never NaN).
    pub grad: Array2<f64>,
}

/// The fewest frames that can spell `target`: its length plus one blank per adjacent repeat.
pub fn min_frames(target: &[usize]) -> usize {
    target.len() + target.windows(2).filter(|w| w[0] == w[1]).count()
}

/// The blank-extended target `(−, l₁, −, …, l_L, −)`.
pub fn extend(target: &[usize], blank: usize) -> Vec<usize> {
    let mut extended = Vec::with_capacity(2 * target.len() + 1);
    extended.push(blank);
    for &label in target {
        extended.push(label);
        extended.push(blank);
    }
    extended
}

/// Whether state `s` of the extended target may be entered from `s − 2` (skipping the blank
/// between): only a label different from the one two states back.
pub(crate) fn can_skip(extended: &[usize], blank: usize, s: usize) -> bool {
    s >= 2 && extended[s] != blank && extended[s] != extended[s - 2]
}

/// The α recursion in log space over `frames × states` (`[S, T]`), with the emission of state
/// `s` at frame `t` from `emit` and the skip rule from `skip`: `α_0(0)`, `α_0(1)` the first
/// emissions; `α_t(s) = (α_{t−1}(s) ⊕ α_{t−1}(s−1) ⊕ [skip(s)] α_{t−1}(s−2)) + emit(t, s)`.
fn recursion(
    (frames, states): (usize, usize),
    emit: impl Fn(usize, usize) -> f64,
    skip: impl Fn(usize) -> bool,
) -> Array2<f64> {
    let mut alpha = Array2::from_elem((states, frames), NEG_INF);
    alpha[[0, 0]] = emit(0, 0);
    if states > 1 {
        alpha[[1, 0]] = emit(0, 1);
    }
    for t in 1..frames {
        for s in 0..states {
            let mut sum = alpha[[s, t - 1]];
            if s >= 1 {
                sum = log_add(sum, alpha[[s - 1, t - 1]]);
            }
            if skip(s) {
                sum = log_add(sum, alpha[[s - 2, t - 1]]);
            }
            alpha[[s, t]] = if sum == NEG_INF {
                NEG_INF
            } else {
                sum + emit(t, s)
            };
        }
    }
    alpha
}

/// Checks sizes and symbols (for every entry point).
pub(crate) fn check(
    log_probs: ArrayView2<'_, f64>,
    target: &[usize],
    blank: usize,
) -> Result<(), Error> {
    let (frames, symbols) = log_probs.dim();
    if frames == 0 {
        return Err(Error::Empty("the emission matrix (no frames)"));
    }
    if symbols < 2 {
        return Err(Error::InvalidOption {
            name: "alphabet",
            message: format!("needs the blank and at least one label, got {symbols} symbol(s)"),
        });
    }
    if blank >= symbols {
        return Err(Error::InvalidOption {
            name: "blank index",
            message: format!("must be below the number of symbols ({symbols}), got {blank}"),
        });
    }
    if let Some((i, &label)) = target
        .iter()
        .enumerate()
        .find(|&(_, &l)| l >= symbols || l == blank)
    {
        return Err(Error::InvalidOption {
            name: "target",
            message: if label == blank {
                format!(
                    "position {} is the blank, which a target cannot contain",
                    i + 1
                )
            } else {
                format!(
                    "position {} is symbol {label}, outside the alphabet of {symbols}",
                    i + 1
                )
            },
        });
    }
    if log_probs.iter().any(|x| x.is_nan() || *x > 1e-9) {
        return Err(Error::InvalidNumber(
            "emission log-probabilities must be numbers ≤ 0".to_string(),
        ));
    }
    Ok(())
}

/// CTC of `target` under per-frame log-probabilities `log_probs` (`[T, C]`, each row a
/// log-softmax): α, β, the loss, posteriors and the gradient with respect to the logits.
pub fn ctc(
    log_probs: ArrayView2<'_, f64>,
    target: &[usize],
    options: CtcOptions,
) -> Result<CtcRecord, Error> {
    check(log_probs, target, options.blank)?;
    let (frames, symbols) = log_probs.dim();
    let extended = extend(target, options.blank);
    let states = extended.len();
    let blank = options.blank;
    let log_alpha = recursion(
        (frames, states),
        |t, s| log_probs[[t, extended[s]]],
        |s| can_skip(&extended, blank, s),
    );
    // β is α's recursion from the last frame and state back: α over the mirrored lattice (the
    // frames and the extended target reversed), read back mirrored.
    let reversed: Vec<usize> = extended.iter().rev().copied().collect();
    let mirrored = recursion(
        (frames, states),
        |t, s| log_probs[[frames - 1 - t, reversed[s]]],
        |s| can_skip(&reversed, blank, s),
    );
    let log_beta = Array2::from_shape_fn((states, frames), |(s, t)| {
        mirrored[[states - 1 - s, frames - 1 - t]]
    });
    let mut log_likelihood = log_alpha[[states - 1, frames - 1]];
    if states > 1 {
        log_likelihood = log_add(log_likelihood, log_alpha[[states - 2, frames - 1]]);
    }
    let softmax = log_probs.mapv(f64::exp);
    let needed = min_frames(target);
    if log_likelihood == NEG_INF {
        let reason = if frames < needed {
            format!(
                "{frames} frame(s) cannot spell a target of {} label(s){}: it needs at least {needed}",
                target.len(),
                match needed - target.len() {
                    0 => String::new(),
                    r => format!(" with {r} repeat(s), each needing a blank between"),
                }
            )
        } else {
            "every alignment has probability 0 (an emission needed is 0)".to_string()
        };
        let zeros = Array2::zeros((frames, symbols));
        return Ok(CtcRecord {
            extended,
            log_alpha,
            log_beta,
            log_likelihood,
            loss: if options.zero_infinity {
                0.0
            } else {
                f64::INFINITY
            },
            infeasible: Some(reason),
            posteriors: zeros.clone(),
            grad: zeros,
        });
    }
    let mut log_gamma = Array2::from_elem((frames, symbols), NEG_INF);
    for t in 0..frames {
        for s in 0..states {
            let k = extended[s];
            let term = log_alpha[[s, t]] + log_beta[[s, t]] - log_probs[[t, k]];
            log_gamma[[t, k]] = log_add(log_gamma[[t, k]], term);
        }
    }
    let posteriors = log_gamma.mapv(|g| (g - log_likelihood).exp());
    let grad = &softmax - &posteriors;
    Ok(CtcRecord {
        extended,
        log_alpha,
        log_beta,
        log_likelihood,
        loss: -log_likelihood,
        infeasible: None,
        posteriors,
        grad,
    })
}

/// The collapse rule: merge repeated symbols, then drop blanks (`aa-a` → `aa`).
pub fn collapse(path: &[usize], blank: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut previous = None;
    for &symbol in path {
        if Some(symbol) != previous && symbol != blank {
            out.push(symbol);
        }
        previous = Some(symbol);
    }
    out
}
