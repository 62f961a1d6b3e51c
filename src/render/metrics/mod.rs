//! The metrics bench: the BLEU build-up, two distributions, a joint heat map and surprisal bars.

mod bleu;
mod distributions;
mod joint_heatmap;
mod surprisal;

pub use bleu::draw_bleu_buildup;
pub use distributions::{distribution_plot_area, draw_distributions};
pub use joint_heatmap::draw_joint_heatmap;
pub use surprisal::{draw_surprisal, MAX_SURPRISAL_BARS};

use crate::render::charts::frame::Margins;
use crate::render::Theme;

/// Space right of a bar chart's plotting area, in CSS pixels.
pub(crate) const MARGIN_RIGHT: f64 = 10.0;
/// Space below a bar chart's x labels, in CSS pixels.
pub(crate) const MARGIN_BOTTOM: f64 = 4.0;
/// Space left of a bar chart's y labels, in CSS pixels.
pub(crate) const MARGIN_LEFT: f64 = 4.0;

/// The margins of a bar chart with `top` CSS pixels above the plot, x labels `x_labels` high
/// and y labels `y_labels` wide.
pub(crate) fn bar_chart_margins(top: f64, x_labels: f64, y_labels: f64, theme: &Theme) -> Margins {
    Margins {
        top: theme.px(top),
        right: theme.px(MARGIN_RIGHT),
        bottom: theme.px(MARGIN_BOTTOM),
        left: theme.px(MARGIN_LEFT),
        x_labels: theme.px(x_labels),
        y_labels: theme.px(y_labels),
    }
}

/// A probability for drawing: clamped to `[0, 1]`, 0 when not a number.
pub(crate) fn probability(value: f64) -> f64 {
    if value.is_nan() {
        0.0
    } else {
        value.clamp(0.0, 1.0)
    }
}
