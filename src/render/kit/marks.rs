//! Small marks drawn over a chart: a cell with its value, an arrow with a triangular head, the
//! outline of a highlighted cell range, and the outline of a polygon.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::text::{ink_on, label, CENTRE};
use crate::render::{RenderError, Theme};

/// Fills the cell `[x0, y0, x1, y1]` with `fill` and, when given, writes its `(text, size)` in
/// the middle, in the ink that reads on the fill.
pub(crate) fn draw_cell<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    [x0, y0, x1, y1]: [i32; 4],
    fill: RGBColor,
    text: Option<(String, f64)>,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], fill.filled()))?;
    if let Some((text, size)) = text {
        let style = theme.text(size, ink_on(fill, theme), CENTRE);
        label(area, text, ((x0 + x1) / 2, (y0 + y1) / 2), &style)?;
    }
    Ok(())
}

/// The head of an arrow: `length` pixels long (but at most `share` of the arrow's length, and
/// at least `least`), `half` pixels from its axis to each corner.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Arrowhead {
    /// The head's length, in pixels.
    pub length: f64,
    /// The largest share of the arrow the head may take.
    pub share: f64,
    /// The head's least length, in pixels.
    pub least: f64,
    /// Half the head's width, in pixels.
    pub half: f64,
}

/// Draws a straight arrow from `from` to `to`: a line `width` pixels wide up to the head's base
/// and the head filled; nothing for an arrow shorter than a pixel.
pub(crate) fn draw_arrow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (from, to): ((i32, i32), (i32, i32)),
    head: Arrowhead,
    width: u32,
    colour: RGBColor,
) -> Result<(), RenderError> {
    let (dx, dy) = (f64::from(to.0 - from.0), f64::from(to.1 - from.1));
    let length = dx.hypot(dy);
    if length < 1.0 {
        return Ok(());
    }
    let (ux, uy) = (dx / length, dy / length);
    let size = head.length.min(length * head.share).max(head.least);
    let base = (f64::from(to.0) - ux * size, f64::from(to.1) - uy * size);
    let round = |(x, y): (f64, f64)| (x.round() as i32, y.round() as i32);
    area.draw(&PathElement::new(
        vec![from, round(base)],
        colour.stroke_width(width),
    ))?;
    let corner = |side: f64| {
        round((
            base.0 - uy * head.half * side,
            base.1 + ux * head.half * side,
        ))
    };
    area.draw(&Polygon::new(
        vec![to, corner(1.0), corner(-1.0)],
        colour.filled(),
    ))?;
    Ok(())
}

/// Outlines the cells `[x0, y0, x1, y1]` in `ink`, a pixel outside them (the row or column
/// being stepped through).
pub(crate) fn draw_highlight<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    [x0, y0, x1, y1]: [i32; 4],
    theme: &Theme,
) -> Result<(), RenderError> {
    let pad = theme.px(1.0).max(1);
    area.draw(&Rectangle::new(
        [(x0 - pad, y0 - pad), (x1 + pad, y1 + pad)],
        theme.ink.stroke_width(theme.px(1.5).max(1) as u32),
    ))?;
    Ok(())
}

/// The points of a polygon with the first repeated at the end: its outline as a path.
pub(crate) fn closed(mut points: Vec<(i32, i32)>) -> Vec<(i32, i32)> {
    if let Some(&first) = points.first() {
        points.push(first);
    }
    points
}
