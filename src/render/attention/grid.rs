//! The heat-map style of the attention map: outputs down, inputs across, one cell per weight.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::attention::map::{AttentionMapView, Layout, SUM_LABEL};
use crate::render::kit::{bold, draw_cell, draw_highlight, fits, label, rounded, OVER, RIGHT};
use crate::render::kit::{fraction_text, label_every, shown, text_width};
use crate::render::{RenderError, Theme};

/// One heat-map cell with its value when it fits (and is not 0 at two decimals).
fn draw_weight<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    [x0, y0, x1, y1]: [i32; 4],
    value: f64,
    theme: &Theme,
) -> Result<(), RenderError> {
    let text = fraction_text(value);
    let room = f64::from(x1 - x0 - theme.px(2.0));
    let shown = text != ".00"
        && fits(&text, room, theme.small_font_size)
        && f64::from(y1 - y0) >= theme.small_font_size * 1.2;
    let text = shown.then_some((text, theme.small_font_size));
    draw_cell(area, [x0, y0, x1, y1], theme.sequential(value), text, theme)
}

/// The grid, its labels, the "Σ selected" row and the highlight outline.
pub(crate) fn draw_grid<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &AttentionMapView,
    layout: &Layout,
    theme: &Theme,
) -> Result<(), RenderError> {
    let pitch = f64::from(layout.right - layout.left) / layout.inputs as f64;
    let inset = if pitch >= f64::from(theme.px(6.0)) {
        theme.px(1.0).max(1)
    } else {
        0
    };
    for ((i, j), &value) in view.weights.indexed_iter() {
        let (x0, x1) = (layout.column(j), layout.column(j + 1) - inset);
        let (y0, y1) = (layout.row(i), layout.row(i + 1) - inset);
        draw_weight(area, [x0, y0, x1, y1], value, theme)?;
    }
    if let Some([top, bottom]) = layout.sum_band {
        for (j, value) in view.selected_sum().into_iter().enumerate() {
            let (x0, x1) = (layout.column(j), layout.column(j + 1) - inset);
            draw_weight(area, [x0, top, x1, bottom], value, theme)?;
        }
        let at = (layout.label_right, (top + bottom) / 2);
        label(area, SUM_LABEL, at, &theme.small_text(theme.accent, RIGHT))?;
    }
    draw_labels(area, view, layout, inset, theme)?;
    if let Some(i) = view.highlight.filter(|&i| i < layout.outputs) {
        let cells = [
            layout.left,
            layout.row(i),
            layout.right - inset,
            layout.row(i + 1) - inset,
        ];
        draw_highlight(area, cells, theme)?;
    }
    Ok(())
}

/// Input labels above the columns and output labels left of the rows, thinned to fit;
/// selected outputs kept, on a tinted label, in bold accent.
fn draw_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &AttentionMapView,
    layout: &Layout,
    inset: i32,
    theme: &Theme,
) -> Result<(), RenderError> {
    let pitch = f64::from(layout.right - layout.left) / layout.inputs as f64;
    let widest = view
        .input
        .iter()
        .map(|s| text_width(&shown(s), theme.small_font_size))
        .fold(0.0, f64::max);
    let every = label_every(pitch, widest + f64::from(theme.px(3.0)));
    let label_y = layout.top - theme.px(4.0);
    let over = theme.small_text(theme.ink, OVER);
    for j in (0..layout.inputs).filter(|j| j % every == 0) {
        let name = shown(view.input.get(j).map_or("", String::as_str));
        let x = (layout.column(j) + layout.column(j + 1) - inset) / 2;
        label(area, name, (x, label_y), &over)?;
    }
    let selected = view.selected_rows();
    let row_pitch = f64::from(layout.bottom - layout.top) / layout.outputs as f64;
    let every = label_every(row_pitch, theme.small_font_size * 1.1);
    for i in (0..layout.outputs).filter(|i| i % every == 0 || selected.contains(i)) {
        let name = shown(view.output.get(i).map_or("", String::as_str));
        let y = (layout.row(i) + layout.row(i + 1) - inset) / 2;
        let style = if selected.contains(&i) {
            let half_width = text_width(&name, theme.small_font_size) as i32 / 2 + theme.px(3.0);
            let centre = layout.label_right - half_width + theme.px(3.0);
            let half_height = (theme.small_font_size * 0.7).round() as i32;
            area.draw(&Polygon::new(
                rounded(
                    centre - half_width,
                    y - half_height,
                    centre + half_width,
                    y + half_height,
                    theme.px(3.0),
                ),
                theme.sequential(0.2).filled(),
            ))?;
            bold(theme.small_text(theme.accent, RIGHT))
        } else {
            theme.small_text(theme.ink, RIGHT)
        };
        label(area, name, (layout.label_right, y), &style)?;
    }
    Ok(())
}
