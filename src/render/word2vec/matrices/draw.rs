//! Drawing one panel of the weight-matrix view: title and key, cells, Δ block, outlines and
//! row labels.

use ndarray::ArrayView2;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::kit::{bold, compact, draw_cell, draw_highlight, draw_key_strip, fits, label};
use crate::render::kit::{fraction_text, largest_magnitude, place_labels, text_width};
use crate::render::kit::{LEFT, RIGHT};
use crate::render::word2vec::common::{badge_size, draw_badge};
use crate::render::word2vec::matrices::layout::{label_pitch, Layout, Panel, HEADER};
use crate::render::word2vec::matrices::{row_label, title, MatricesView};
use crate::render::{RenderError, Theme};

/// Width of a key's colour strip, in CSS pixels.
const KEY_STRIP: f64 = 32.0;
/// Swatches in a key's strip.
const KEY_STEPS: usize = 10;

/// The value at `[row, col]`, NaN when the matrix is smaller.
fn value(values: ArrayView2<f64>, row: usize, col: usize) -> f64 {
    values.get([row, col]).copied().unwrap_or(f64::NAN)
}

/// The colour of `value` on a symmetric scale `±max` (NaN in `muted`).
fn colour(value: f64, max: f64, theme: &Theme) -> RGBColor {
    if value.is_nan() {
        theme.muted
    } else {
        theme.diverging(value / max)
    }
}

/// The text of a key for `±max`.
fn key_text(max: f64) -> String {
    format!("±{}", compact(max))
}

/// The width of [`draw_key`]'s drawing for `±max`, in pixels.
fn key_width(max: f64, theme: &Theme) -> i32 {
    let label = text_width(&key_text(max), theme.small_font_size);
    theme.px(KEY_STRIP) + label.ceil() as i32 + theme.px(4.0)
}

/// Draws the key `▭ ±max` of the diverging map (−max at the strip's left end, +max at its
/// right), ending at `right`, centred on `y`.
fn draw_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (right, y): (i32, i32),
    max: f64,
    theme: &Theme,
) -> Result<(), RenderError> {
    let text = key_text(max);
    let strip_right =
        right - text_width(&text, theme.small_font_size).ceil() as i32 - theme.px(4.0);
    let strip_left = strip_right - theme.px(KEY_STRIP);
    let strip = ((strip_left, strip_right), y);
    draw_key_strip(
        area,
        strip,
        KEY_STEPS,
        |t| theme.diverging(t * 2.0 - 1.0),
        theme,
    )?;
    label(
        area,
        text,
        (right, y),
        &theme.small_text(theme.muted, RIGHT),
    )
}

/// The title band: the matrix's name at the left, its key at the grid's right end, and the
/// Δ block's name and scale above it.
fn draw_header<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &MatricesView,
    panel: &Panel,
    (max, delta_max): (f64, Option<f64>),
    theme: &Theme,
) -> Result<(), RenderError> {
    let (top, left, _) = panel.header;
    let y = top + theme.px(HEADER / 2.0) - theme.px(2.0);
    let name = title(view, panel.matrix);
    let name_width = text_width(name, theme.font_size).ceil() as i32;
    let key = key_width(max, theme);
    let with_key = left + name_width + theme.px(8.0) + key <= panel.right;
    let name_room = if with_key {
        panel.right - key - left
    } else {
        panel.delta.map_or(panel.right, |d| d.0) - left
    };
    crate::render::kit::draw_title(area, name, (left, y), name_room, theme)?;
    if with_key {
        draw_key(area, (panel.right, y), max, theme)?;
    }
    if let (Some((from, to)), Some(delta_max)) = (panel.delta, delta_max) {
        let full = format!("Δ ±{}", compact(delta_max));
        let text = if fits(&full, f64::from(to - from), theme.small_font_size) {
            full
        } else {
            "Δ".to_string()
        };
        label(area, text, (from, y), &theme.small_text(theme.ink, LEFT))?;
    }
    Ok(())
}

/// Whether cells `[x0, x1)` wide and `[y0, y1)` high (the smallest of a grid) can hold a
/// value such as `−.42`.
fn values_fit(width: i32, height: i32, theme: &Theme) -> bool {
    fits(
        "−.00",
        f64::from(width - theme.px(2.0)),
        theme.small_font_size,
    ) && f64::from(height) >= theme.small_font_size * 1.15
}

/// One cell, with its value written in when `with_value` (nothing for an empty cell).
fn draw_value<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    cell: [i32; 4],
    (value, max): (f64, f64),
    with_value: bool,
    theme: &Theme,
) -> Result<(), RenderError> {
    let [x0, y0, x1, y1] = cell;
    if x1 <= x0 || y1 <= y0 {
        return Ok(());
    }
    let text =
        (with_value && value.is_finite()).then(|| (fraction_text(value), theme.small_font_size));
    draw_cell(area, cell, colour(value, max, theme), text, theme)
}

/// Draws one matrix's panel.
pub(crate) fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &MatricesView,
    layout: &Layout,
    panel: &Panel,
    values: ArrayView2<f64>,
    delta: Option<ArrayView2<f64>>,
    theme: &Theme,
) -> Result<(), RenderError> {
    let max = largest_magnitude(values.iter().copied());
    let delta_max = delta.map(|d| {
        largest_magnitude(
            panel
                .changed
                .iter()
                .flat_map(|&r| (0..layout.cols).map(move |c| value(d, r, c))),
        )
    });
    draw_header(area, view, panel, (max, delta_max), theme)?;
    let inset = layout.inset(panel, theme);
    let with_values = values_fit(
        (panel.right - panel.left) / layout.cols as i32 - inset,
        (panel.bottom - panel.top) / layout.rows as i32 - inset,
        theme,
    );
    for row in 0..layout.rows {
        let (y0, y1) = (layout.row(panel, row), layout.row(panel, row + 1) - inset);
        for col in 0..layout.cols {
            let (x0, x1) = (
                layout.column(panel, col),
                layout.column(panel, col + 1) - inset,
            );
            let value = (value(values, row, col), max);
            draw_value(area, [x0, y0, x1, y1], value, with_values, theme)?;
        }
    }
    if let (Some(span), Some(delta), Some(delta_max)) = (panel.delta, delta, delta_max) {
        for &row in &panel.changed {
            let (y0, y1) = (layout.row(panel, row), layout.row(panel, row + 1) - inset);
            for col in 0..layout.cols {
                let x0 = layout.delta_column(span, col);
                let x1 = layout.delta_column(span, col + 1) - inset.min(1);
                let change = value(delta, row, col);
                draw_value(area, [x0, y0, x1, y1], (change, delta_max), false, theme)?;
            }
        }
    }
    for &row in &panel.changed {
        let cells = [
            panel.left,
            layout.row(panel, row),
            panel.right - inset,
            layout.row(panel, row + 1) - inset,
        ];
        draw_highlight(area, cells, theme)?;
    }
    if let Some(label_right) = panel.label_right {
        draw_labels(area, view, layout, panel, label_right, theme)?;
    }
    Ok(())
}

/// Row labels right-aligned at `label_right`, thinned to fit (changed and marked rows kept,
/// in bold), with the role badges between them and the grid.
fn draw_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &MatricesView,
    layout: &Layout,
    panel: &Panel,
    label_right: i32,
    theme: &Theme,
) -> Result<(), RenderError> {
    let inset = layout.inset(panel, theme);
    let centre = |row: usize| (layout.row(panel, row) + layout.row(panel, row + 1) - inset) / 2;
    let panels = view.panels();
    let marked: Vec<bool> = (0..layout.rows)
        .map(|row| {
            panels.iter().any(|p| p.changed.contains(&row)) || !view.roles_of(row).is_empty()
        })
        .collect();
    let changed = |row: usize| marked[row];
    let low = f64::from(panel.top) + theme.small_font_size * 0.5;
    let high = f64::from(panel.bottom) - theme.small_font_size * 0.5;
    let placed = place_labels(
        layout.rows,
        label_pitch(theme),
        |r| f64::from(centre(r)),
        changed,
        (low, high.max(low)),
    );
    for (row, label_y) in placed {
        let y = label_y.round() as i32;
        if (y - centre(row)).abs() > theme.px(1.0) {
            area.draw(&PathElement::new(
                [
                    (label_right + theme.px(2.0), y),
                    (panel.left - theme.px(2.0), centre(row)),
                ],
                theme.muted.stroke_width(theme.px(1.0).max(1) as u32),
            ))?;
        }
        let roles = view.roles_of(row);
        for (k, &role) in roles.iter().enumerate() {
            let left = label_right - (roles.len() - k) as i32 * (badge_size(theme) + theme.px(2.0));
            draw_badge(area, role, (left + theme.px(2.0), y), theme)?;
        }
        let style = if changed(row) {
            bold(theme.small_text(theme.accent, RIGHT))
        } else {
            theme.small_text(theme.ink, RIGHT)
        };
        let x = label_right - layout.badge_room;
        let text = row_label(view, row, layout.label_room, theme);
        label(area, text, (x, y), &style)?;
    }
    Ok(())
}
