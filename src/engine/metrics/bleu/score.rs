//! The score from summed statistics, as sacreBLEU's `BLEU.compute_bleu` computes it: the
//! brevity penalty, the (smoothed) modified precisions and their geometric mean.

use super::options::{BleuOptions, SmoothMethod};
use super::MAX_NGRAM_ORDER;

/// The final score from summed statistics: sacreBLEU's `BLEU.compute_bleu`.
pub(super) struct Computed {
    pub score: f64,
    pub precisions: [f64; MAX_NGRAM_ORDER],
    pub counts: [f64; MAX_NGRAM_ORDER],
    pub totals: [f64; MAX_NGRAM_ORDER],
    pub bp: f64,
    pub orders_used: usize,
}

/// sacreBLEU's `my_log`: ln, floored at −9999999999 for 0.
fn floored_ln(value: f64) -> f64 {
    if value == 0.0 {
        -9_999_999_999.0
    } else {
        value.ln()
    }
}

/// The score of one segment's or the corpus's summed counts and lengths under `options`.
pub(super) fn compute(
    correct: [u64; MAX_NGRAM_ORDER],
    total: [u64; MAX_NGRAM_ORDER],
    sys_len: usize,
    ref_len: usize,
    options: &BleuOptions,
) -> Computed {
    let mut counts = correct.map(|c| c as f64);
    let mut totals = total.map(|t| t as f64);
    let bp = if sys_len < ref_len {
        if sys_len > 0 {
            (1.0 - ref_len as f64 / sys_len as f64).exp()
        } else {
            0.0
        }
    } else {
        1.0
    };
    let mut precisions = [0.0; MAX_NGRAM_ORDER];
    if correct.iter().all(|&c| c == 0) {
        return Computed {
            score: 0.0,
            precisions,
            counts,
            totals,
            bp,
            orders_used: 0,
        };
    }
    let smooth_value = options.effective_smooth_value().unwrap_or(0.0);
    let mut smooth_mteval = 1.0;
    let mut orders_used = MAX_NGRAM_ORDER;
    for n in 1..=MAX_NGRAM_ORDER {
        let i = n - 1;
        if options.smooth_method == SmoothMethod::AddK && n > 1 {
            counts[i] += smooth_value;
            totals[i] += smooth_value;
        }
        if totals[i] == 0.0 {
            break;
        }
        if options.effective_order {
            orders_used = n;
        }
        if counts[i] == 0.0 {
            match options.smooth_method {
                SmoothMethod::Exp => {
                    smooth_mteval *= 2.0;
                    precisions[i] = 100.0 / (smooth_mteval * totals[i]);
                }
                SmoothMethod::Floor => precisions[i] = 100.0 * smooth_value / totals[i],
                SmoothMethod::None | SmoothMethod::AddK => {}
            }
        } else {
            precisions[i] = 100.0 * counts[i] / totals[i];
        }
    }
    let log_sum = precisions[..orders_used]
        .iter()
        .fold(0.0, |sum, &p| sum + floored_ln(p));
    Computed {
        score: bp * (log_sum / orders_used as f64).exp(),
        precisions,
        counts,
        totals,
        bp,
        orders_used,
    }
}
