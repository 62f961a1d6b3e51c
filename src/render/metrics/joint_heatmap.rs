//! A joint distribution `p(x, y)` as a heat map, with its marginals as bars beside it.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::engine::metrics::MutualInformation;
use crate::render::kit::{fits, luminance, split};
use crate::render::kit::{label, CENTRE, LEFT, OVER, RIGHT};
use crate::render::{RenderError, Theme};

/// Outer margin, in CSS pixels.
const MARGIN: f64 = 8.0;
/// Width of the row labels `x1..` (and `p(y)`) left of the grid, in CSS pixels.
const ROW_LABELS: f64 = 36.0;
/// Height of the column labels `y1..` (and `p(x)`) above the grid, in CSS pixels.
const COLUMN_LABELS: f64 = 20.0;
/// Width of the `p(x)` bar column right of the grid, in CSS pixels.
const RIGHT_BAND: f64 = 72.0;
/// Height of the `p(y)` bar row under the grid, in CSS pixels.
const BOTTOM_BAND: f64 = 60.0;
/// Room left in a band for the value written past a bar's end, in CSS pixels.
const VALUE_ROOM_RIGHT: f64 = 34.0;
const VALUE_ROOM_BOTTOM: f64 = 16.0;
/// Gap between the grid and the bands, in CSS pixels.
const GAP: f64 = 6.0;
/// Values are written in the cells only up to this many rows and columns.
const MAX_LABELLED: usize = 6;

/// A probability for drawing: clamped to `[0, 1]`, 0 when not a number.
fn clamp_probability(value: f64) -> f64 {
    if value.is_nan() {
        0.0
    } else {
        value.clamp(0.0, 1.0)
    }
}

/// Draws the normalised joint `p(x, y)` (rows `x1..`, columns `y1..`) as a heat map in the
/// sequential map, scaled so the largest cell is darkest, with the values in the cells when
/// the grid is at most 6 × 6; `p(x)` as a bar per row at the right and `p(y)` as a bar per
/// column at the bottom, both on one scale (the largest marginal is a full bar).
pub fn draw_joint_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    mi: &MutualInformation,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let (rows, cols) = mi.joint.dim();
    if rows == 0 || cols == 0 {
        area.present()?;
        return Ok(());
    }
    let (width, height) = area.dim_in_pixel();
    let (width, height) = (width as i32, height as i32);
    let margin = theme.px(MARGIN);
    let gap = theme.px(GAP);
    let right_band = theme.px(RIGHT_BAND);
    let bottom_band = theme.px(BOTTOM_BAND);
    let grid_left = margin + theme.px(ROW_LABELS);
    let grid_top = margin + theme.px(COLUMN_LABELS);
    let grid_right = (width - margin - right_band - gap).max(grid_left + 1);
    let grid_bottom = (height - margin - bottom_band - gap).max(grid_top + 1);
    let column = |j: usize| split(grid_left, grid_right, cols, j);
    let row = |i: usize| split(grid_top, grid_bottom, rows, i);

    let cell_ink = theme.body_text(theme.ink, CENTRE);
    let cell_light = theme.body_text(theme.background, CENTRE);

    // The cells, a one-pixel background gap between neighbours.
    let largest = mi.joint.iter().copied().fold(0.0, f64::max);
    let inset = theme.px(1.0).max(1);
    let labelled = rows <= MAX_LABELLED && cols <= MAX_LABELLED;
    for ((i, j), &value) in mi.joint.indexed_iter() {
        let value = clamp_probability(value);
        let shade = if largest > 0.0 { value / largest } else { 0.0 };
        let colour = theme.sequential(shade);
        let (x0, x1, y0, y1) = (column(j), column(j + 1), row(i), row(i + 1));
        area.draw(&Rectangle::new(
            [(x0, y0), (x1 - inset, y1 - inset)],
            colour.filled(),
        ))?;
        let text = format!("{value:.2}");
        if labelled && fits(&text, f64::from(x1 - x0 - inset), theme.font_size) {
            let style = if luminance(colour) < 0.4 {
                &cell_light
            } else {
                &cell_ink
            };
            label(
                area,
                text,
                ((x0 + x1 - inset) / 2, (y0 + y1 - inset) / 2),
                style,
            )?;
        }
    }

    // Row and column labels.
    let label_gap = theme.px(6.0);
    let beside = theme.small_text(theme.ink, RIGHT);
    for i in 0..rows {
        let at = (grid_left - label_gap, (row(i) + row(i + 1) - inset) / 2);
        label(area, format!("x{}", i + 1), at, &beside)?;
    }
    let over = theme.small_text(theme.ink, OVER);
    for j in 0..cols {
        let at = (
            (column(j) + column(j + 1) - inset) / 2,
            grid_top - label_gap,
        );
        label(area, format!("y{}", j + 1), at, &over)?;
    }

    // The marginals, on one scale.
    let scale = mi
        .p_x
        .iter()
        .chain(&mi.p_y)
        .copied()
        .map(clamp_probability)
        .fold(0.0, f64::max);
    let fraction = |value: f64| {
        if scale > 0.0 {
            clamp_probability(value) / scale
        } else {
            0.0
        }
    };
    let band_left = grid_right + gap;
    let bar_room = (right_band - theme.px(VALUE_ROOM_RIGHT)).max(1);
    let bar_inset = theme.px(2.0);
    for (i, &value) in mi.p_x.iter().enumerate() {
        let length = (f64::from(bar_room) * fraction(value)).round() as i32;
        let (y0, y1) = (row(i) + bar_inset, row(i + 1) - inset - bar_inset);
        area.draw(&Rectangle::new(
            [(band_left, y0), (band_left + length, y1.max(y0 + 1))],
            theme.accent.filled(),
        ))?;
        if f64::from(row(i + 1) - row(i)) >= theme.small_font_size {
            let text = format!("{:.2}", clamp_probability(value));
            let at = (band_left + length + theme.px(4.0), (y0 + y1) / 2);
            label(area, text, at, &theme.small_text(theme.ink, LEFT))?;
        }
    }
    let band_bottom = grid_bottom + gap + bottom_band;
    let bar_room = (bottom_band - theme.px(VALUE_ROOM_BOTTOM)).max(1);
    for (j, &value) in mi.p_y.iter().enumerate() {
        let length = (f64::from(bar_room) * fraction(value)).round() as i32;
        let (x0, x1) = (column(j) + bar_inset, column(j + 1) - inset - bar_inset);
        area.draw(&Rectangle::new(
            [(x0, band_bottom - length), (x1.max(x0 + 1), band_bottom)],
            theme.accent.filled(),
        ))?;
        let text = format!("{:.2}", clamp_probability(value));
        if fits(
            &text,
            f64::from(column(j + 1) - column(j)),
            theme.small_font_size,
        ) {
            let at = ((x0 + x1) / 2, band_bottom - length - theme.px(3.0));
            label(area, text, at, &over)?;
        }
    }

    // Band names and the baselines the bars grow from.
    let p_x = theme.small_text(theme.muted, (HPos::Left, VPos::Bottom));
    label(area, "p(x)", (band_left, grid_top - label_gap), &p_x)?;
    let p_y = theme.small_text(theme.muted, (HPos::Right, VPos::Bottom));
    label(
        area,
        "p(y)",
        (grid_left - label_gap, band_bottom - theme.px(8.0)),
        &p_y,
    )?;
    let axis = theme.muted.stroke_width(1);
    area.draw(&PathElement::new(
        vec![(band_left, grid_top), (band_left, grid_bottom - inset)],
        axis,
    ))?;
    area.draw(&PathElement::new(
        vec![(grid_left, band_bottom), (grid_right - inset, band_bottom)],
        axis,
    ))?;
    area.present()?;
    Ok(())
}
