//! The links style of the attention map: the input characters in a row on top, the output
//! characters in a row at the bottom, and a line from each output to each input.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::attention::map::{AttentionMapView, Layout, SUM_LABEL};
use crate::render::kit::{bold, closed, draw_cell, fits, label, rounded, CENTRE, RIGHT};
use crate::render::kit::{fraction_text, label_every, shown, text_width};
use crate::render::{RenderError, Theme};

/// Widest character box, in CSS pixels.
const MAX_BOX_WIDTH: f64 = 24.0;
/// Boxes narrower than this (CSS pixels) are left out; the characters stay.
const MIN_BOX_WIDTH: f64 = 8.0;
/// How much the lines of rows that are not selected fade when some rows are.
const FADE: f64 = 0.35;

/// How a character box is drawn.
struct BoxLook {
    fill: RGBColor,
    outline: RGBColor,
    outline_width: u32,
    bold: bool,
    text: RGBColor,
}

/// A character in a box centred on `(x, y)` of a slot `pitch` pixels wide.
fn draw_char<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    name: &str,
    (x, y): (i32, i32),
    (pitch, height): (i32, i32),
    look: &BoxLook,
    with_text: bool,
    theme: &Theme,
) -> Result<(), RenderError> {
    let box_width = (pitch - theme.px(2.0)).min(theme.px(MAX_BOX_WIDTH));
    if box_width >= theme.px(MIN_BOX_WIDTH) {
        let half = box_width / 2;
        let outline = rounded(
            x - half,
            y - height / 2,
            x + half,
            y + height / 2,
            theme.px(4.0),
        );
        area.draw(&Polygon::new(outline.clone(), look.fill.filled()))?;
        area.draw(&PathElement::new(
            closed(outline),
            look.outline.stroke_width(look.outline_width),
        ))?;
    }
    if with_text {
        let style = theme.body_text(look.text, CENTRE);
        let style = if look.bold { bold(style) } else { style };
        label(area, name, (x, y), &style)?;
    }
    Ok(())
}

/// Draws the links view of `view` in `layout`: the characters, the "Σ selected" strip under
/// the inputs when rows are selected, and `outputs × inputs` lines, each as opaque as its
/// weight; selected rows in `accent` (the others fade), the highlighted row in `ink`.
pub(crate) fn draw_links<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &AttentionMapView,
    layout: &Layout,
    theme: &Theme,
) -> Result<(), RenderError> {
    draw_lines(area, view, layout, theme)?;
    draw_characters(area, view, layout, theme)?;
    if let Some(band) = layout.sum_band {
        draw_sum_strip(area, view, layout, band, theme)?;
    }
    let [output_top, output_bottom] = layout.output_band;
    let (in_y, out_y) = (
        (layout.top + layout.bottom) / 2,
        (output_top + output_bottom) / 2,
    );
    let muted = theme.small_text(theme.muted, RIGHT);
    for (name, y) in [("input", in_y), ("output", out_y)] {
        label(area, name, (layout.label_right, y), &muted)?;
    }
    Ok(())
}

/// The centre of input `j` across.
fn input_x(layout: &Layout, j: usize) -> i32 {
    (layout.column(j) + layout.column(j + 1)) / 2
}

/// The centre of output `i` across.
fn output_x(layout: &Layout, i: usize) -> i32 {
    (layout.output_slot(i) + layout.output_slot(i + 1)) / 2
}

/// The lines: plain rows first, then the highlighted one, then the selected ones on top.
fn draw_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &AttentionMapView,
    layout: &Layout,
    theme: &Theme,
) -> Result<(), RenderError> {
    let selected = view.selected_rows();
    let lines_top = layout.sum_band.map_or(layout.bottom, |[_, bottom]| bottom) + theme.px(2.0);
    let lines_bottom = layout.output_band[0] - theme.px(2.0);
    let rank = |i: usize| {
        if selected.contains(&i) {
            2
        } else {
            usize::from(view.highlight == Some(i))
        }
    };
    let mut order: Vec<usize> = (0..layout.outputs).collect();
    order.sort_by_key(|&i| rank(i));
    for i in order {
        let (colour, fade) = match rank(i) {
            2 => (theme.accent, 1.0),
            1 => (theme.ink, 1.0),
            _ if selected.is_empty() => (theme.ink, 0.8),
            _ => (theme.muted, FADE),
        };
        for j in 0..layout.inputs {
            let weight = view.weights[[i, j]];
            let weight = if weight.is_finite() {
                weight.clamp(0.0, 1.0)
            } else {
                0.0
            };
            let width = theme.px(1.0 + 2.0 * weight).max(1) as u32;
            area.draw(&PathElement::new(
                vec![
                    (output_x(layout, i), lines_bottom),
                    (input_x(layout, j), lines_top),
                ],
                colour.mix(weight * fade).stroke_width(width),
            ))?;
        }
    }
    Ok(())
}

/// How output `i`'s box is drawn: tinted and bold in `accent` when selected, outlined in
/// `ink` when highlighted.
fn output_look(view: &AttentionMapView, selected: &[usize], i: usize, theme: &Theme) -> BoxLook {
    let is_selected = selected.contains(&i);
    let highlighted = view.highlight == Some(i);
    BoxLook {
        fill: if is_selected {
            theme.sequential(0.2)
        } else {
            theme.background
        },
        outline: if highlighted {
            theme.ink
        } else if is_selected {
            theme.accent
        } else {
            theme.unused
        },
        outline_width: if highlighted {
            theme.px(2.0).max(1) as u32
        } else {
            1
        },
        bold: is_selected,
        text: if is_selected { theme.accent } else { theme.ink },
    }
}

/// The input characters in plain boxes and the output characters, thinned when they would
/// touch (selected and highlighted outputs kept).
fn draw_characters<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &AttentionMapView,
    layout: &Layout,
    theme: &Theme,
) -> Result<(), RenderError> {
    let char_width = text_width("M", theme.font_size) + f64::from(theme.px(2.0));
    let plain = BoxLook {
        fill: theme.background,
        outline: theme.unused,
        outline_width: 1,
        bold: false,
        text: theme.ink,
    };
    let in_pitch = layout.column(1) - layout.column(0);
    let band = (in_pitch, layout.bottom - layout.top);
    let every = label_every(f64::from(in_pitch), char_width);
    let in_y = (layout.top + layout.bottom) / 2;
    for j in 0..layout.inputs {
        let name = shown(view.input.get(j).map_or("", String::as_str));
        let at = (input_x(layout, j), in_y);
        draw_char(area, &name, at, band, &plain, j % every == 0, theme)?;
    }
    let selected = view.selected_rows();
    let [output_top, output_bottom] = layout.output_band;
    let out_pitch = layout.output_slot(1) - layout.output_slot(0);
    let band = (out_pitch, output_bottom - output_top);
    let every = label_every(f64::from(out_pitch), char_width);
    let out_y = (output_top + output_bottom) / 2;
    for i in 0..layout.outputs {
        let name = shown(view.output.get(i).map_or("", String::as_str));
        let look = output_look(view, &selected, i, theme);
        let with_text = i % every == 0 || selected.contains(&i) || view.highlight == Some(i);
        let at = (output_x(layout, i), out_y);
        draw_char(area, &name, at, band, &look, with_text, theme)?;
    }
    Ok(())
}

/// The summed attention of the selected rows, as a strip under the inputs, named at the left.
fn draw_sum_strip<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &AttentionMapView,
    layout: &Layout,
    [top, bottom]: [i32; 2],
    theme: &Theme,
) -> Result<(), RenderError> {
    let inset = theme.px(1.0).max(1);
    for (j, value) in view.selected_sum().into_iter().enumerate() {
        let (x0, x1) = (layout.column(j), layout.column(j + 1) - inset);
        let text = fraction_text(value);
        let font = theme.small_font_size * 0.85;
        let shown =
            text != ".00" && bottom - top >= theme.px(9.0) && fits(&text, f64::from(x1 - x0), font);
        let text = shown.then_some((text, font));
        draw_cell(
            area,
            [x0, top, x1, bottom],
            theme.sequential(value),
            text,
            theme,
        )?;
    }
    let at = (layout.label_right, (top + bottom) / 2);
    label(area, SUM_LABEL, at, &theme.small_text(theme.accent, RIGHT))
}
