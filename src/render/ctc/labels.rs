//! The CTC drawings' labels: the colour key, the frame numbers under the columns and the
//! symbol names left of the rows.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::ctc::layout::ROW_LABELS;
use crate::render::kit::{bold, clipped, draw_key_strip, label, thinning_step, RIGHT, UNDER};
use crate::render::{RenderError, Theme};

/// Width of a colour key's strip, in CSS pixels.
const KEY_WIDTH: f64 = 48.0;
/// Number of swatches a colour key is drawn with.
const KEY_STEPS: usize = 12;

/// A colour key ending at `right`, centred on `y`: `low`, a strip of the sequential map,
/// `high`. Returns the left edge of the room it takes.
pub(crate) fn draw_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    right: i32,
    y: i32,
    (low, high): (&str, &str),
    theme: &Theme,
) -> Result<i32, RenderError> {
    let muted = theme.text(theme.small_font_size * 0.9, theme.muted, RIGHT);
    let gap = theme.px(4.0);
    let high_width = (high.chars().count() as f64 * 0.6 * theme.small_font_size * 0.9) as i32;
    let strip_right = right - high_width - gap;
    let strip_left = strip_right - theme.px(KEY_WIDTH);
    let strip = ((strip_left, strip_right), y);
    draw_key_strip(area, strip, KEY_STEPS, |t| theme.sequential(t), theme)?;
    label(area, high, (right, y), &muted)?;
    label(area, low, (strip_left - gap, y), &muted)?;
    Ok(strip_left - gap - theme.px(10.0))
}

/// Which of `count` positions `pitch` pixels apart to label so labels `size` pixels wide do
/// not touch: every k-th (k in 1, 2, 5, 10, …, numbering from 1) and the first.
pub(crate) fn thinned(count: usize, pitch: f64, size: f64) -> impl Iterator<Item = usize> {
    let every = thinning_step(count, |every| every as f64 * pitch >= size);
    (0..count).filter(move |&t| t == 0 || (t + 1) % every == 0)
}

/// Frame numbers 1..T under columns whose left edges `column(t)` gives, thinned to fit;
/// `current` (0-based) always, bold in `accent`.
pub(crate) fn draw_frame_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frames: usize,
    column: impl Fn(usize) -> i32,
    y: i32,
    current: Option<usize>,
    theme: &Theme,
) -> Result<(), RenderError> {
    let pitch = f64::from(column(frames) - column(0)) / frames.max(1) as f64;
    let size = (frames.to_string().len() as f64 + 1.0) * 0.6 * theme.small_font_size;
    let mut shown: Vec<usize> = thinned(frames, pitch, size).collect();
    if let Some(current) = current.filter(|&t| t < frames) {
        // The cursor's label replaces the labels it would touch.
        shown.retain(|&t| (t.abs_diff(current) as f64) * pitch >= size);
        shown.push(current);
    }
    for t in shown {
        let style = if Some(t) == current {
            bold(theme.small_text(theme.accent, UNDER))
        } else {
            theme.small_text(theme.muted, UNDER)
        };
        let x = (column(t) + column(t + 1)) / 2;
        label(area, (t + 1).to_string(), (x, y), &style)?;
    }
    Ok(())
}

/// A symbol's name right-aligned at `(right, y)` in `colour`, cut to the row labels' band.
pub(crate) fn draw_symbol_name<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    name: &str,
    (right, y): (i32, i32),
    colour: RGBColor,
    theme: &Theme,
) -> Result<(), RenderError> {
    let font_size = theme.font_size;
    let room = f64::from(theme.px(ROW_LABELS) - theme.px(6.0));
    let style = theme.text(font_size, colour, RIGHT);
    label(area, clipped(name, room, font_size), (right, y), &style)
}
