//! Where the unrolled view puts each band and column, and which timestep a pointer is over:
//! one function of the area's size, `T` and the theme, shared by the drawing and the hit test.

use crate::render::kit::{part_at, split, MARGIN};
use crate::render::Theme;

/// Height of the band with the label and the stage, in CSS pixels.
pub(crate) const TITLE: f64 = 20.0;
/// Room left and right of the cells for the arrows of `h_0` and `h_T`, in CSS pixels.
pub(crate) const GUTTER: f64 = 12.0;
/// Height of one prediction row, in CSS pixels (less when `top_k + 1` rows would not fit in
/// the band).
pub(crate) const ROW: f64 = 14.0;
/// Height of the prediction band above the cells, in CSS pixels: `top_k` rows and one for a
/// target outside them.
const PREDICTIONS: f64 = 4.0 * ROW;
/// Gap between the predictions and the cells (the output arrows), in CSS pixels.
const OUT_GAP: f64 = 18.0;
/// Height of a cell, in CSS pixels.
const CELL: f64 = 28.0;
/// Gap between a cell and its input (the input arrow), in CSS pixels.
const IN_GAP: f64 = 12.0;
/// Height of the input characters' row, in CSS pixels.
const INPUT: f64 = 16.0;
/// Height of the per-step loss band at the bottom, in CSS pixels.
const LOSS: f64 = 30.0;

/// Where everything goes, in backend pixels; a function of the area's size, `T` and the theme
/// only, so the page can map a pointer to a timestep without the record.
pub(crate) struct Layout {
    /// The columns' outer edges: column `t` is `[split(left, right, T, t), …(t + 1))`.
    pub left: i32,
    pub right: i32,
    /// The number of timesteps, T.
    pub steps: usize,
    /// Top of the part that reacts to the pointer (below the title band).
    pub body_top: i32,
    /// Bottom of the drawing (above the margin).
    pub body_bottom: i32,
    /// Top of the prediction band.
    pub predictions_top: i32,
    /// The baseline of the loss bars.
    pub loss_bottom: i32,
    /// Where the gap between neighbouring cells starts, from a column's left edge.
    pub gap_left: i32,
    pub gap_right: i32,
    /// The cells' band.
    pub cell_top: i32,
    pub cell_bottom: i32,
    /// The bottom of the lowest prediction row.
    pub predictions_bottom: i32,
    /// The input characters' band.
    pub input_top: i32,
    pub input_bottom: i32,
    /// The top of the loss band.
    pub loss_top: i32,
}

impl Layout {
    /// The layout of `steps` timesteps in a `width × height` area.
    pub(crate) fn new(width: u32, height: u32, steps: usize, theme: &Theme) -> Layout {
        let (width, height) = (width as i32, height as i32);
        let margin = theme.px(MARGIN);
        let left = margin + theme.px(GUTTER);
        let right = (width - margin - theme.px(GUTTER)).max(left + 1);
        let pitch = f64::from(right - left) / steps.max(1) as f64;
        // About 30 % of a column is the gap the recurrent arrows run in.
        let gap = (pitch * 0.3).round().clamp(0.0, f64::from(theme.px(18.0))) as i32;
        let body_top = margin + theme.px(TITLE);
        let body_bottom = height - margin;
        // The stack of bands, centred in the body (from its top when it does not fit).
        let stack = theme.px(PREDICTIONS)
            + theme.px(OUT_GAP)
            + theme.px(CELL)
            + theme.px(IN_GAP)
            + theme.px(INPUT)
            + theme.px(LOSS);
        let predictions_top = body_top + ((body_bottom - body_top - stack) / 2).max(0);
        let cell_top = predictions_top + theme.px(PREDICTIONS) + theme.px(OUT_GAP);
        let cell_bottom = cell_top + theme.px(CELL);
        let input_top = cell_bottom + theme.px(IN_GAP);
        let loss_top = input_top + theme.px(INPUT);
        Layout {
            left,
            right,
            steps,
            body_top,
            body_bottom,
            predictions_top,
            loss_bottom: loss_top + theme.px(LOSS),
            gap_left: gap / 2,
            gap_right: gap - gap / 2,
            cell_top,
            cell_bottom,
            predictions_bottom: cell_top - theme.px(OUT_GAP),
            input_top,
            input_bottom: loss_top,
            loss_top,
        }
    }

    /// The left edge of timestep `t`'s column.
    pub(crate) fn column(&self, t: usize) -> i32 {
        split(self.left, self.right, self.steps, t)
    }

    /// The cell of timestep `t` (0-based): `[x0, x1]`.
    pub(crate) fn cell_x(&self, t: usize) -> (i32, i32) {
        let x0 = self.column(t) + self.gap_left;
        let x1 = (self.column(t + 1) - self.gap_right).max(x0 + 1);
        (x0, x1)
    }

    /// The centre of timestep `t`'s cell, across.
    pub(crate) fn centre_x(&self, t: usize) -> i32 {
        let (x0, x1) = self.cell_x(t);
        (x0 + x1) / 2
    }
}

/// The timestep (0-based) under a pointer at `(x, y)` in backend pixels of a `width × height`
/// drawing area (relative to its top-left corner: CSS offset × pixel ratio on the page) of an
/// unrolled view of `steps` timesteps. A timestep owns its whole column, from the top of its
/// predictions to the bottom of its loss bar, including the gaps beside its cell where the
/// arrows run; `None` left or right of the columns, above or below them.
pub fn unrolled_cell_at(
    width: u32,
    height: u32,
    steps: usize,
    theme: &Theme,
    x: f64,
    y: f64,
) -> Option<usize> {
    let layout = Layout::new(width, height, steps, theme);
    if !(f64::from(layout.predictions_top)..f64::from(layout.loss_bottom)).contains(&y) {
        return None;
    }
    part_at(layout.left, layout.right, steps, x)
}
