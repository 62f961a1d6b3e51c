//! Two distributions over the same outcomes as grouped bars, on a fixed 0..1 axis, with the
//! outcomes where one gives probability 0 and the other does not marked.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::charts::frame::{build_chart, themed_mesh, Chart};
use crate::render::kit::{bold, label, LEFT, OVER, UNDER};
use crate::render::metrics::{bar_chart_margins, probability};
use crate::render::metrics::{MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT};
use crate::render::{figure_data, RenderError, Theme};
use serde_json::json;

/// Space above the plotting rectangle, in CSS pixels: the legend and the value labels of
/// full-height bars.
const MARGIN_TOP: f64 = 30.0;
/// Height of the outcome labels under the axis, in CSS pixels.
const X_LABEL_AREA: f64 = 22.0;
/// Width of the probability labels left of the axis, in CSS pixels.
const Y_LABEL_AREA: f64 = 36.0;
/// Where `p_i`'s bar sits within outcome `i`'s slot `[i, i + 1]`.
const P_BAR: (f64, f64) = (0.12, 0.48);
/// Where `q_i`'s bar sits within outcome `i`'s slot `[i, i + 1]`.
const Q_BAR: (f64, f64) = (0.52, 0.88);
/// Value labels are written above the bars only up to this many outcomes.
const MAX_LABELLED_OUTCOMES: usize = 8;

/// The plotting rectangle `[left, top, right, bottom]` in backend pixels of a
/// `width × height` drawing area (relative to its top-left corner; the whole canvas on the
/// page): probability 1 is drawn at `top` and 0 at `bottom`, the left edge of outcome 0's
/// slot at `left` and the right edge of the last slot (`x = n`) at `right`, linearly in
/// between. A pointer at `(px, py)` is over outcome `⌊(px − left) / (right − left) · n⌋`
/// (its `p` bar in the left half of the slot, its `q` bar in the right half) at probability
/// `(bottom − py) / (bottom − top)`; clamp both.
pub fn distribution_plot_area(width: u32, height: u32, theme: &Theme) -> [f64; 4] {
    let (width, height) = (i64::from(width), i64::from(height));
    let px = |css: f64| i64::from(theme.px(css));
    // plotters maps an axis onto the pixels `first..=last` of the plotting area, so the last
    // pixel row and column are one less than the area's exclusive end.
    let left = px(MARGIN_LEFT) + px(Y_LABEL_AREA);
    let top = px(MARGIN_TOP);
    let right = width - px(MARGIN_RIGHT) - 1;
    let bottom = height - px(MARGIN_BOTTOM) - px(X_LABEL_AREA) - 1;
    [left as f64, top as f64, right as f64, bottom as f64]
}

/// A value label for a bar, `0.25`, shortened to `.25` or dropped when the bar is narrower
/// than the text would be.
fn value_label(value: f64, room: f64, font_size: f64) -> Option<String> {
    let full = format!("{value:.2}");
    let short = full.strip_prefix('0').unwrap_or(&full).to_string();
    [full, short]
        .into_iter()
        .find(|text| text.chars().count() as f64 * 0.6 * font_size <= room)
}

/// Draws `p` (in `accent`) and `q` (in `accent_2`) as grouped bars on a fixed 0..1 axis,
/// outcomes labelled `1..n`, with a legend at the top right and the values above the bars
/// when there are at most 8 outcomes and room for them. Where one distribution is 0 and the
/// other is not (`q_i = 0 < p_i` makes `KL(p‖q)` infinite) the zero bar is outlined and
/// labelled `0` in its colour. The values should already be normalised; they are clamped to
/// `[0, 1]`. If the lengths differ, the missing bars are left out.
pub fn draw_distributions<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    p: &[f64],
    q: &[f64],
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let n = p.len().max(q.len());
    figure_data::record_table("p and q per outcome", &["outcome", "p", "q"], || {
        // As drawn: clamped to [0, 1], a missing bar `null`.
        let bar = |values: &[f64], i: usize| {
            figure_data::optional(values.get(i).map(|&v| probability(v)))
        };
        (0..n)
            .map(|i| vec![json!(i + 1), bar(p, i), bar(q, i)])
            .collect()
    });
    let margins = bar_chart_margins(MARGIN_TOP, X_LABEL_AREA, Y_LABEL_AREA, theme);
    let mut chart = build_chart(area, margins, 0.0..n.max(1) as f64, 0.0..1.0)?;
    themed_mesh(&mut chart.configure_mesh(), theme)
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&|y| format!("{y:.1}"))
        .draw()?;
    let (width, height) = area.dim_in_pixel();
    let [left, _, right, _] = distribution_plot_area(width, height, theme);
    let slot_pixels = (right - left) / n.max(1) as f64;
    let series = [(p, P_BAR, theme.accent), (q, Q_BAR, theme.accent_2)];
    for &(values, (from, to), colour) in &series {
        chart.draw_series(values.iter().enumerate().map(|(i, &value)| {
            let x = i as f64;
            Rectangle::new(
                [(x + from, 0.0), (x + to, probability(value))],
                colour.filled(),
            )
        }))?;
    }
    // Outcome labels 1..n under the axis, skipping some when they would collide.
    let label_every = {
        let widest = n.to_string().len() as f64 * 0.6 * theme.small_font_size + 4.0;
        (widest / slot_pixels.max(1.0)).ceil().max(1.0) as usize
    };
    let under = theme.small_text(theme.ink, UNDER);
    chart.draw_series((0..n).filter(|i| i % label_every == 0).map(|i| {
        EmptyElement::at((i as f64 + 0.5, 0.0))
            + Text::new((i + 1).to_string(), (0, theme.px(6.0)), &under)
    }))?;
    draw_values(area, &mut chart, (p, q), slot_pixels, theme)?;
    draw_legend(area, theme, right)?;
    area.present()?;
    Ok(())
}

/// Values above the bars, and the zero markers where the other distribution is not 0.
fn draw_values<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &mut Chart<'_, DB>,
    (p, q): (&[f64], &[f64]),
    slot_pixels: f64,
    theme: &Theme,
) -> Result<(), RenderError> {
    let n = p.len().max(q.len());
    let (width, height) = area.dim_in_pixel();
    let [_, top, _, bottom] = distribution_plot_area(width, height, theme);
    // One pixel-sized step on the y axis, for markers of a fixed pixel height.
    let y_per_pixel = 1.0 / (bottom - top).max(1.0);
    let label_room = slot_pixels * (P_BAR.1 - P_BAR.0 + 0.04);
    let marker_height = f64::from(theme.px(5.0)) * y_per_pixel;
    let gap = f64::from(theme.px(3.0));
    let over = theme.small_text(theme.ink, OVER);
    for (i, own, other, (from, to), colour) in (0..n).flat_map(|i| {
        let p_i = p.get(i).copied();
        let q_i = q.get(i).copied();
        [
            (i, p_i, q_i, P_BAR, theme.accent),
            (i, q_i, p_i, Q_BAR, theme.accent_2),
        ]
    }) {
        let Some(value) = own.map(probability) else {
            continue;
        };
        let centre = i as f64 + (from + to) / 2.0;
        let is_gap = value == 0.0 && other.is_some_and(|o| probability(o) > 0.0);
        if is_gap {
            let x = i as f64;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x + from, 0.0), (x + to, marker_height)],
                colour.stroke_width(theme.stroke),
            )))?;
            let style = bold(theme.body_text(colour, OVER));
            chart.draw_series(std::iter::once(
                EmptyElement::at((centre, marker_height)) + Text::new("0", (0, -gap as i32), style),
            ))?;
        } else if n <= MAX_LABELLED_OUTCOMES {
            if let Some(text) = value_label(value, label_room, theme.small_font_size) {
                chart.draw_series(std::iter::once(
                    EmptyElement::at((centre, value)) + Text::new(text, (0, -gap as i32), &over),
                ))?;
            }
        }
    }
    Ok(())
}

/// The legend `■ p  ■ q`, right-aligned with the plotting area, in the top margin.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    right: f64,
) -> Result<(), RenderError> {
    let swatch = theme.px(10.0);
    let centre_y = theme.px(10.0);
    let item_width = theme.px(32.0);
    let text_style = theme.body_text(theme.ink, LEFT);
    let items = [("p", theme.accent), ("q", theme.accent_2)];
    let start = right.round() as i32 - item_width * items.len() as i32 + theme.px(12.0);
    for (k, (name, colour)) in items.iter().enumerate() {
        let x = start + item_width * k as i32;
        area.draw(&Rectangle::new(
            [
                (x, centre_y - swatch / 2),
                (x + swatch, centre_y + swatch / 2),
            ],
            colour.filled(),
        ))?;
        label(
            area,
            *name,
            (x + swatch + theme.px(4.0), centre_y),
            &text_style,
        )?;
    }
    Ok(())
}
