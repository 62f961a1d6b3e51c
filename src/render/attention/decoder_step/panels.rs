//! The panels of the decoder-step view: a diverging heat map, bars, a strip and an arrow.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::attention::decoder_step::layout::ARROW;
use crate::render::attention::decoder_step::DecoderStepView;
use crate::render::kit::split;
use crate::render::kit::RIGHT;
use crate::render::kit::{label, label_every, largest_magnitude, part_centre, shown, text_width};
use crate::render::{RenderError, Theme};

/// Write the text of every how many-th of `count` rows in `[top, bottom]` so lines of text
/// do not overlap.
fn text_every(top: i32, bottom: i32, count: usize, theme: &Theme) -> usize {
    label_every(
        f64::from(bottom - top) / count.max(1) as f64,
        theme.small_font_size * 0.95,
    )
}

/// The labels `names` (as shown) right-aligned at `right`, one per row of `[top, bottom]`,
/// thinned so lines of text do not overlap.
pub(crate) fn draw_row_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    names: &[&str],
    right: i32,
    [top, bottom]: [i32; 2],
    theme: &Theme,
) -> Result<(), RenderError> {
    let count = names.len();
    let every = text_every(top, bottom, count, theme);
    let style = theme.small_text(theme.ink, RIGHT);
    for (r, name) in names.iter().enumerate().filter(|(r, _)| r % every == 0) {
        let y = part_centre(top, bottom, count, r);
        label(area, shown(name), (right, y), &style)?;
    }
    Ok(())
}

/// The parts `[inputs, K]` as a diverging heat map in `[x0, y0, x1, y1]`.
pub(crate) fn draw_parts<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &DecoderStepView,
    [x0, y0, x1, y1]: [i32; 4],
    theme: &Theme,
) -> Result<(), RenderError> {
    let inputs = view.input.len();
    let parts = view.parts.ncols();
    let scale = largest_magnitude(view.parts.iter().copied());
    let pitch = f64::from(x1 - x0) / parts.max(1) as f64;
    let inset_x = i32::from(pitch >= f64::from(theme.px(5.0)));
    for j in 0..inputs {
        let (top, bottom) = (split(y0, y1, inputs, j), split(y0, y1, inputs, j + 1) - 1);
        for k in 0..parts {
            let value = view.parts.get((j, k)).copied().unwrap_or(f64::NAN);
            let fill = if value.is_nan() {
                theme.muted
            } else {
                theme.diverging(value / scale)
            };
            area.draw(&Rectangle::new(
                [
                    (split(x0, x1, parts, k), top),
                    (split(x0, x1, parts, k + 1) - inset_x, bottom),
                ],
                fill.filled(),
            ))?;
        }
    }
    Ok(())
}

/// Horizontal bars in `[x0, y0, x1, y1]`, one row each, as `(fraction, text, colour)`:
/// `fraction` in [-1, 1], from a zero line placed so the most negative bar and the most
/// positive one (or a bar of `full`, if longer) just fill the room; the text is written in a column at the right.
pub(crate) fn draw_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bars: &[(f64, String, RGBColor)],
    [x0, y0, x1, y1]: [i32; 4],
    full: f64,
    theme: &Theme,
) -> Result<(), RenderError> {
    let count = bars.len();
    if count == 0 {
        return Ok(());
    }
    let text_room = bars
        .iter()
        .map(|(_, text, _)| text_width(text, theme.small_font_size))
        .fold(0.0, f64::max)
        .ceil() as i32
        + theme.px(4.0);
    let bar_right = (x1 - text_room).max(x0 + 1);
    // The zero line splits the room in proportion to the negative and positive extents.
    let finite = || bars.iter().map(|(f, _, _)| *f).filter(|f| f.is_finite());
    let low = finite().fold(0.0f64, f64::min).max(-1.0);
    let high = finite().fold(full, f64::max).min(1.0);
    let span = if high > low { high - low } else { 1.0 };
    let room = f64::from(bar_right - x0);
    let zero = x0 + (room * -low / span).round() as i32;
    let font = theme.small_text(theme.ink, RIGHT);
    let every = text_every(y0, y1, count, theme);
    for (r, (fraction, text, colour)) in bars.iter().enumerate() {
        let (top, bottom) = (split(y0, y1, count, r), split(y0, y1, count, r + 1));
        let pad = ((bottom - top) / 6).max(1);
        let fraction = if fraction.is_finite() {
            fraction.clamp(-1.0, 1.0)
        } else {
            0.0
        };
        let end = zero + (room * fraction / span).round() as i32;
        area.draw(&Rectangle::new(
            [(zero.min(end), top + pad), (zero.max(end), bottom - pad)],
            colour.filled(),
        ))?;
        if r % every == 0 {
            label(area, text.as_str(), (x1, (top + bottom) / 2), &font)?;
        }
    }
    area.draw(&PathElement::new(
        vec![(zero, y0), (zero, y1)],
        theme.muted.stroke_width(1),
    ))?;
    Ok(())
}

/// The context vector as a diverging strip in `[x0, y0, x1, y1]`, down or across.
pub(crate) fn draw_context<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    context: &[f64],
    [x0, y0, x1, y1]: [i32; 4],
    down: bool,
    theme: &Theme,
) -> Result<(), RenderError> {
    let count = context.len();
    let scale = largest_magnitude(context.iter().copied());
    for (k, &value) in context.iter().enumerate() {
        let fill = if value.is_nan() {
            theme.muted
        } else {
            theme.diverging(value / scale)
        };
        let corners = if down {
            [
                (x0, split(y0, y1, count, k)),
                (x1, split(y0, y1, count, k + 1)),
            ]
        } else {
            [
                (split(x0, x1, count, k), y0),
                (split(x0, x1, count, k + 1), y1),
            ]
        };
        area.draw(&Rectangle::new(corners, fill.filled()))?;
    }
    if count > 0 {
        area.draw(&Rectangle::new(
            [(x0, y0), (x1, y1)],
            theme.unused.stroke_width(1),
        ))?;
    }
    Ok(())
}

/// A short arrow pointing right, centred on `(x, y)`.
pub(crate) fn draw_chevron<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
    theme: &Theme,
) -> Result<(), RenderError> {
    let half = theme.px(ARROW / 2.0 - 4.0);
    let head = theme.px(4.0);
    let style = theme.muted.stroke_width(theme.stroke);
    area.draw(&PathElement::new(vec![(x - half, y), (x + half, y)], style))?;
    area.draw(&PathElement::new(
        vec![
            (x + half - head, y - head),
            (x + half, y),
            (x + half - head, y + head),
        ],
        style,
    ))?;
    Ok(())
}
