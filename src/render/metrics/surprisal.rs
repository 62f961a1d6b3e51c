//! How surprised a character model is by each character of a text, and the mean surprise.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use crate::engine::metrics::Perplexity;
use crate::render::kit::{label, LEFT, RIGHT, TOP_LEFT, UNDER};
use crate::render::{RenderError, Theme};

/// At most this many characters are drawn.
pub const MAX_SURPRISAL_BARS: usize = 120;
/// Space above the plotting area for the unit, the note and the mean's label, in CSS pixels.
const MARGIN_TOP: f64 = 26.0;
const MARGIN_RIGHT: f64 = 10.0;
const MARGIN_BOTTOM: f64 = 4.0;
const MARGIN_LEFT: f64 = 4.0;
/// Height of the characters under the axis, in CSS pixels.
const X_LABEL_AREA: f64 = 20.0;
/// Width of the bit labels left of the axis, in CSS pixels.
const Y_LABEL_AREA: f64 = 34.0;
/// Smallest font, in CSS pixels, the characters under the bars are shrunk to before they are
/// left out.
const MIN_CHAR_FONT: f64 = 7.0;

/// A character as it is printed under its bar: whitespace made visible.
fn visible(c: char) -> String {
    match c {
        ' ' => "␣".to_string(),
        '\n' => "↵".to_string(),
        '\t' => "⇥".to_string(),
        '\r' => "␍".to_string(),
        c if c.is_control() => "·".to_string(),
        c => c.to_string(),
    }
}

/// Draws one bar per character of its surprisal `−log₂ P` in bits (unknown characters in
/// `accent_2`, others in `accent`) on an axis from 0 to 1.1 × the largest (at least 1), the
/// character under its bar (space `␣`, newline `↵`, tab `⇥`), and a dashed line at the cross
/// entropy `H`, labelled `H = x.xx bits/char` in the top right corner. Only the first 120
/// characters are drawn, with a note in the top left corner; `H` is still the whole text's.
pub fn draw_surprisal<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    perplexity: &Perplexity,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let total = perplexity.surprisal_bits.len();
    let shown = total.min(MAX_SURPRISAL_BARS);
    let bits = &perplexity.surprisal_bits[..shown];
    let mean = perplexity.cross_entropy_bits;
    let largest = bits
        .iter()
        .copied()
        .chain(std::iter::once(mean))
        .filter(|b| b.is_finite())
        .fold(0.0, f64::max);
    let top = (largest * 1.1).max(1.0);

    let font = theme.small_text(theme.ink, TOP_LEFT);
    let mut chart = ChartBuilder::on(area)
        .margin_top(theme.px(MARGIN_TOP))
        .margin_right(theme.px(MARGIN_RIGHT))
        .margin_bottom(theme.px(MARGIN_BOTTOM))
        .margin_left(theme.px(MARGIN_LEFT))
        .x_label_area_size(theme.px(X_LABEL_AREA))
        .y_label_area_size(theme.px(Y_LABEL_AREA))
        .build_cartesian_2d(0.0..shown.max(1) as f64, 0.0..top)?;
    let decimals = if top < 5.0 { 1 } else { 0 };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&|y| format!("{y:.decimals$}"))
        .label_style(font.clone())
        .axis_style(theme.muted)
        .max_light_lines(0)
        .bold_line_style(theme.unused.mix(0.6))
        .draw()?;

    // The bars; an infinite surprisal (probability 0) reaches the top.
    chart.draw_series(bits.iter().enumerate().map(|(i, &b)| {
        let height = if b.is_nan() { 0.0 } else { b.clamp(0.0, top) };
        let unknown = perplexity.unknown.get(i).copied().unwrap_or(false);
        let colour = if unknown {
            theme.accent_2
        } else {
            theme.accent
        };
        let x = i as f64;
        Rectangle::new([(x + 0.1, 0.0), (x + 0.9, height)], colour.filled())
    }))?;

    // The characters under their bars, in a font no wider than a slot.
    let plot_width = f64::from(chart.plotting_area().dim_in_pixel().0);
    let slot = plot_width / shown.max(1) as f64;
    let char_font = theme.small_font_size.min(slot * 1.4);
    if char_font >= MIN_CHAR_FONT * theme.pixel_ratio {
        let style = theme.text(char_font, theme.ink, UNDER);
        let unknown_style = theme.text(char_font, theme.accent_2, UNDER);
        chart.draw_series(
            perplexity
                .chars
                .iter()
                .take(shown)
                .enumerate()
                .map(|(i, &c)| {
                    let unknown = perplexity.unknown.get(i).copied().unwrap_or(false);
                    EmptyElement::at((i as f64 + 0.5, 0.0))
                        + Text::new(
                            visible(c),
                            (0, theme.px(5.0)),
                            if unknown {
                                unknown_style.clone()
                            } else {
                                style.clone()
                            },
                        )
                }),
        )?;
    }

    // The mean: a dashed line across, named in the top right corner next to a sample of it.
    let mean_label = if mean.is_finite() {
        format!("H = {mean:.2} bits/char")
    } else {
        "H = ∞ bits/char".to_string()
    };
    let line_at = if mean.is_finite() { mean.max(0.0) } else { top };
    let (dash, dash_gap) = (theme.px(6.0), theme.px(4.0));
    let line_style = theme.result.stroke_width(theme.stroke);
    chart.draw_series(DashedLineSeries::new(
        [(0.0, line_at), (shown.max(1) as f64, line_at)],
        dash,
        dash_gap,
        line_style,
    ))?;
    let (width, _) = area.dim_in_pixel();
    let corner_y = theme.px(MARGIN_TOP) / 2;
    let right = width as i32 - theme.px(MARGIN_RIGHT);
    let sample_start = right - 2 * dash - dash_gap;
    area.draw(&DashedPathElement::new(
        [(sample_start, corner_y), (right, corner_y)],
        dash,
        dash_gap,
        line_style,
    ))?;
    let mean_at = (sample_start - theme.px(6.0), corner_y);
    label(
        area,
        mean_label,
        mean_at,
        &theme.body_text(theme.result, RIGHT),
    )?;

    // The unit over the axis labels and, when the text was cut, a note after it.
    let muted = theme.small_text(theme.muted, LEFT);
    label(area, "bits", (theme.px(MARGIN_LEFT), corner_y), &muted)?;
    if total > shown {
        let note = format!("first {shown} of {total} characters");
        let at = (theme.px(MARGIN_LEFT + Y_LABEL_AREA + 8.0), corner_y);
        label(area, note, at, &muted)?;
    }
    area.present()?;
    Ok(())
}
