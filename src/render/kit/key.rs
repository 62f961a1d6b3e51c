//! Colour keys: the scale of a diverging map, a strip of swatches, and the key of the
//! sequential map, `0 ▭ 1`.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::geometry::split;
use super::text::{label, RIGHT};
use crate::render::{RenderError, Theme};

/// Width of a colour key's strip, in CSS pixels.
const KEY_WIDTH: f64 = 44.0;

/// Number of swatches a colour key is drawn with.
const KEY_STEPS: usize = 12;

/// The scale of a diverging map for `values`: the largest finite `|value|`, or 1 when there is
/// none or it is 0.
pub(crate) fn largest_magnitude(values: impl Iterator<Item = f64>) -> f64 {
    let largest = values
        .filter(|v| v.is_finite())
        .fold(0.0f64, |m, v| m.max(v.abs()));
    if largest > 0.0 {
        largest
    } else {
        1.0
    }
}

/// Draws a strip of `steps` swatches across `[x0, x1]`, from `y0` down to `y1`, swatch `k`
/// in `colour(k)`.
pub(crate) fn draw_strip<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    [x0, y0, x1, y1]: [i32; 4],
    steps: usize,
    colour: impl Fn(usize) -> RGBColor,
) -> Result<(), RenderError> {
    for k in 0..steps {
        area.draw(&Rectangle::new(
            [
                (split(x0, x1, steps, k), y0),
                (split(x0, x1, steps, k + 1), y1),
            ],
            colour(k).filled(),
        ))?;
    }
    Ok(())
}

/// Draws a colour key's strip across `[left, right]`, 8 CSS pixels high, centred on `y`: `steps`
/// swatches, each in `colour(t)` for `t` the swatch's middle in (0, 1).
pub(crate) fn draw_key_strip<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    ((left, right), y): ((i32, i32), i32),
    steps: usize,
    colour: impl Fn(f64) -> RGBColor,
    theme: &Theme,
) -> Result<(), RenderError> {
    let (top, bottom) = (y - theme.px(4.0), y + theme.px(4.0));
    draw_strip(area, [left, top, right, bottom], steps, |k| {
        colour((k as f64 + 0.5) / steps as f64)
    })
}

/// The width of [`draw_unit_key`]'s drawing, in pixels.
pub(crate) fn unit_key_width(theme: &Theme) -> i32 {
    theme.px(KEY_WIDTH) + theme.px(24.0)
}

/// Draws the sequential map's key, `0 ▭ 1`, ending at `right` and centred on `y`.
pub(crate) fn draw_unit_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    right: i32,
    y: i32,
    theme: &Theme,
) -> Result<(), RenderError> {
    let muted = theme.small_text(theme.muted, RIGHT);
    let gap = theme.px(4.0);
    let strip_right = right - theme.px(8.0) - gap;
    let strip_left = strip_right - theme.px(KEY_WIDTH);
    let strip = ((strip_left, strip_right), y);
    draw_key_strip(area, strip, KEY_STEPS, |t| theme.sequential(t), theme)?;
    label(area, "1", (right, y), &muted)?;
    label(area, "0", (strip_left - gap, y), &muted)
}
