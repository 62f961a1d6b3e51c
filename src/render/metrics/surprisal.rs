//! How surprised a model is by each character of a text (or each token of pasted scores), and
//! the mean surprise.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use crate::engine::metrics::{Perplexity, SymbolUnit};
use crate::render::charts::frame::{build_chart, themed_mesh, Chart};
use crate::render::kit::{label, visible, LEFT, RIGHT, UNDER};
use crate::render::metrics::{bar_chart_margins, MARGIN_LEFT, MARGIN_RIGHT};
use crate::render::{figure_data, RenderError, Theme};
use serde_json::json;

/// At most this many characters are drawn.
pub const MAX_SURPRISAL_BARS: usize = 120;
/// Space above the plotting area for the unit, the note and the mean's label, in CSS pixels.
const MARGIN_TOP: f64 = 26.0;
/// Height of the characters under the axis, in CSS pixels.
const X_LABEL_AREA: f64 = 20.0;
/// Width of the bit labels left of the axis, in CSS pixels.
const Y_LABEL_AREA: f64 = 34.0;
/// Smallest font, in CSS pixels, the characters under the bars are shrunk to before they are
/// left out.
const MIN_CHAR_FONT: f64 = 7.0;

/// A character as it is printed under its bar: whitespace made visible (a carriage return
/// `␍`).
fn shown_char(c: char) -> String {
    match c {
        '\r' => "␍".to_string(),
        c => visible(c),
    }
}

/// The unit's short name after "bits/" and its plural: `char`, `characters` or `token`,
/// `tokens`.
fn unit_names(unit: SymbolUnit) -> (&'static str, &'static str) {
    match unit {
        SymbolUnit::Character => ("char", "characters"),
        SymbolUnit::Token => ("token", "tokens"),
    }
}

/// Whether character `i` was unknown to the model.
fn unknown(perplexity: &Perplexity, i: usize) -> bool {
    perplexity.unknown.get(i).copied().unwrap_or(false)
}

/// Draws one bar per character of its surprisal `−log₂ P` in bits (unknown characters in
/// `accent_2`, others in `accent`) on an axis from 0 to 1.1 × the largest (at least 1), the
/// character under its bar (space `␣`, newline `↵`, tab `⇥`), and a dashed line at the cross
/// entropy `H`, labelled `H = x.xx bits/char` in the top right corner. Only the first 120
/// characters are drawn, with a note in the top left corner; `H` is still the whole text's.
/// A record of pasted token scores has no characters: its bars are unlabelled, and the mean
/// and the note speak of tokens (`bits/token`).
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
    record_numbers(perplexity, shown);
    let margins = bar_chart_margins(MARGIN_TOP, X_LABEL_AREA, Y_LABEL_AREA, theme);
    let mut chart = build_chart(area, margins, 0.0..shown.max(1) as f64, 0.0..top)?;
    let decimals = if top < 5.0 { 1 } else { 0 };
    themed_mesh(&mut chart.configure_mesh(), theme)
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&|y| format!("{y:.decimals$}"))
        .draw()?;
    // The bars; an infinite surprisal (probability 0) reaches the top.
    chart.draw_series(bits.iter().enumerate().map(|(i, &b)| {
        let height = if b.is_nan() { 0.0 } else { b.clamp(0.0, top) };
        let colour = if unknown(perplexity, i) {
            theme.accent_2
        } else {
            theme.accent
        };
        let x = i as f64;
        Rectangle::new([(x + 0.1, 0.0), (x + 0.9, height)], colour.filled())
    }))?;
    draw_chars(&mut chart, perplexity, shown, theme)?;
    draw_mean(
        area,
        &mut chart,
        (mean, top),
        (shown, perplexity.unit),
        theme,
    )?;
    // The unit over the axis labels and, when the text was cut, a note after it.
    let corner_y = theme.px(MARGIN_TOP) / 2;
    let muted = theme.small_text(theme.muted, LEFT);
    label(area, "bits", (theme.px(MARGIN_LEFT), corner_y), &muted)?;
    if total > shown {
        let note = format!("first {shown} of {total} {}", unit_names(perplexity.unit).1);
        let at = (theme.px(MARGIN_LEFT + Y_LABEL_AREA + 8.0), corner_y);
        label(area, note, at, &muted)?;
    }
    area.present()?;
    Ok(())
}

/// Records, while a figure is exported, the bars drawn (each character as printed under its
/// bar with its surprisal in bits and whether the model knew it) and the mean line's `H`.
fn record_numbers(perplexity: &Perplexity, shown: usize) {
    let first = match perplexity.unit {
        SymbolUnit::Character => "character",
        SymbolUnit::Token => "token",
    };
    let columns = [first, "surprisal −log₂ P (bits)", "unknown"];
    figure_data::record_table("surprisal (bits)", &columns, || {
        (0..shown)
            .map(|i| {
                let c = perplexity
                    .chars
                    .get(i)
                    .map_or(String::new(), |&c| shown_char(c));
                vec![
                    json!(c),
                    figure_data::number(perplexity.surprisal_bits[i]),
                    json!(unknown(perplexity, i)),
                ]
            })
            .collect()
    });
    let total = perplexity.surprisal_bits.len() as f64;
    let (h, count, drawn) = match perplexity.unit {
        SymbolUnit::Character => ("H (bits/char)", "characters", "characters drawn"),
        SymbolUnit::Token => ("H (bits/token)", "tokens", "tokens drawn"),
    };
    figure_data::record_values(
        "cross entropy",
        &[
            (h, perplexity.cross_entropy_bits),
            (count, total),
            (drawn, shown as f64),
        ],
    );
}

/// The first `shown` characters under their bars, in a font no wider than a slot (none when
/// that would be too small to read).
fn draw_chars<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    perplexity: &Perplexity,
    shown: usize,
    theme: &Theme,
) -> Result<(), RenderError> {
    let plot_width = f64::from(chart.plotting_area().dim_in_pixel().0);
    let slot = plot_width / shown.max(1) as f64;
    let char_font = theme.small_font_size.min(slot * 1.4);
    if char_font < MIN_CHAR_FONT * theme.pixel_ratio {
        return Ok(());
    }
    let style = theme.text(char_font, theme.ink, UNDER);
    let unknown_style = theme.text(char_font, theme.accent_2, UNDER);
    let chars = perplexity.chars.iter().take(shown).enumerate();
    chart.draw_series(chars.map(|(i, &c)| {
        let style = if unknown(perplexity, i) {
            unknown_style.clone()
        } else {
            style.clone()
        };
        EmptyElement::at((i as f64 + 0.5, 0.0))
            + Text::new(shown_char(c), (0, theme.px(5.0)), style)
    }))?;
    Ok(())
}

/// The mean: a dashed line across at `H` (at the top when infinite), named in the top right
/// corner next to a sample of it.
fn draw_mean<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &mut Chart<'_, DB>,
    (mean, top): (f64, f64),
    (shown, perplexity_unit): (usize, SymbolUnit),
    theme: &Theme,
) -> Result<(), RenderError> {
    let unit = unit_names(perplexity_unit).0;
    let mean_label = if mean.is_finite() {
        format!("H = {mean:.2} bits/{unit}")
    } else {
        format!("H = ∞ bits/{unit}")
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
    )
}
