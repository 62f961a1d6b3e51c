//! The frame every drawing shares: the outer margin, the title band at the top, the grid left
//! inside them, and the note a view shows while it has nothing to draw.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::text::{draw_note, draw_title};
use crate::render::{RenderError, Theme};

/// The outer margin of every drawing, in CSS pixels.
pub(crate) const MARGIN: f64 = 6.0;
/// Height of the title band at the top of a drawing, in CSS pixels.
pub(crate) const TITLE_BAND: f64 = 22.0;

/// The line the title band's text is centred on, in pixels from the top.
pub(crate) fn title_y(theme: &Theme) -> i32 {
    theme.px(MARGIN) + theme.px(TITLE_BAND / 2.0) - theme.px(2.0)
}

/// Draws `title` in the title band at the top left, cut to the area's width less the margins
/// and `keep_right` pixels kept free at the right (for a colour key).
pub(crate) fn draw_heading<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    keep_right: i32,
    theme: &Theme,
) -> Result<(), RenderError> {
    let (width, _) = area.dim_in_pixel();
    let margin = theme.px(MARGIN);
    let room = width as i32 - 2 * margin - keep_right;
    draw_title(area, title, (margin, title_y(theme)), room, theme)
}

/// The grid `[left, top, right, bottom)` of a `width × height` area: inside the outer margin,
/// right of a band of `left` pixels, under the title band and above a band of `bottom` pixels
/// (at least one pixel across and down).
pub(crate) fn grid_in(
    (width, height): (u32, u32),
    left: i32,
    bottom: i32,
    theme: &Theme,
) -> [i32; 4] {
    let (width, height) = (width as i32, height as i32);
    let margin = theme.px(MARGIN);
    let left = margin + left;
    let top = margin + theme.px(TITLE_BAND);
    let right = (width - margin).max(left + 1);
    let bottom = (height - margin - bottom).max(top + 1);
    [left, top, right, bottom]
}

/// Finishes a drawing that has nothing to show yet: a muted note centred on `centre`.
pub(crate) fn draw_placeholder<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    note: &str,
    centre: (i32, i32),
    theme: &Theme,
) -> Result<(), RenderError> {
    draw_note(area, note, centre, theme)?;
    area.present()?;
    Ok(())
}
