//! Where the lattice and the emission grid go, and which state or cell a pointer is over: one
//! function of the area's size, the grid's shape and the theme, shared by drawing and hit test.

use crate::render::kit::{grid_in, part_at, split};
use crate::render::Theme;

/// Width of the symbol names left of the grid, in CSS pixels.
pub(crate) const ROW_LABELS: f64 = 30.0;
/// Height of the frame numbers under the grid, in CSS pixels.
pub(crate) const FRAME_LABELS: f64 = 18.0;
/// Height of the band under the frame numbers with the legend and the colour key, in CSS
/// pixels.
pub(crate) const LEGEND: f64 = 18.0;
/// Widest lattice cell, in CSS pixels.
const MAX_CELL_WIDTH: f64 = 52.0;
/// Tallest lattice cell, in CSS pixels.
const MAX_CELL_HEIGHT: f64 = 32.0;

/// The lattice's place in a `width × height` area, in backend pixels: a function of the size,
/// S, T and the theme only, so the page can map a pointer to a state without the record.
pub(crate) struct Lattice {
    /// The grid spans `[left, right) × [top, bottom)`.
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
    /// S rows and T columns.
    pub states: usize,
    pub frames: usize,
    /// The size of a drawn cell, smaller than its tile.
    pub cell_width: i32,
    pub cell_height: i32,
}

impl Lattice {
    /// The lattice of `states` rows and `frames` columns in a `width × height` area.
    pub(crate) fn new(
        width: u32,
        height: u32,
        states: usize,
        frames: usize,
        theme: &Theme,
    ) -> Lattice {
        let bands = theme.px(FRAME_LABELS) + theme.px(LEGEND);
        let [left, top, right, bottom] =
            grid_in((width, height), theme.px(ROW_LABELS), bands, theme);
        let column_pitch = f64::from(right - left) / frames.max(1) as f64;
        let row_pitch = f64::from(bottom - top) / states.max(1) as f64;
        let cell_width = (column_pitch * 0.56).min(f64::from(theme.px(MAX_CELL_WIDTH)));
        let cell_height = (row_pitch * 0.7).min(f64::from(theme.px(MAX_CELL_HEIGHT)));
        Lattice {
            left,
            top,
            right,
            bottom,
            states,
            frames,
            cell_width: cell_width.round().max(2.0) as i32,
            cell_height: cell_height.round().max(2.0) as i32,
        }
    }

    /// The left edge of frame `t`'s column (its whole tile, gaps included).
    pub(crate) fn column(&self, t: usize) -> i32 {
        split(self.left, self.right, self.frames, t)
    }

    /// The top edge of state `s`'s row.
    pub(crate) fn row(&self, s: usize) -> i32 {
        split(self.top, self.bottom, self.states, s)
    }

    /// The centre of state `s` at frame `t`.
    pub(crate) fn centre(&self, s: usize, t: usize) -> (i32, i32) {
        (
            (self.column(t) + self.column(t + 1)) / 2,
            (self.row(s) + self.row(s + 1)) / 2,
        )
    }

    /// The drawn cell of state `s` at frame `t`: `[x0, y0, x1, y1]`.
    pub(crate) fn cell(&self, s: usize, t: usize) -> [i32; 4] {
        let (x, y) = self.centre(s, t);
        let (x0, y0) = (x - self.cell_width / 2, y - self.cell_height / 2);
        [x0, y0, x0 + self.cell_width, y0 + self.cell_height]
    }
}

/// The state under a pointer at `(x, y)` in backend pixels of a `width × height` drawing area
/// (relative to its top-left corner: CSS offset × pixel ratio on the page) of a lattice of
/// `states` rows (S, the extended target's length) and `frames` columns (T), as `(s, t)`, both
/// 0-based. A state owns its whole tile of the grid, the gaps around its cell included;
/// `None` outside the grid.
pub fn lattice_cell_at(
    width: u32,
    height: u32,
    states: usize,
    frames: usize,
    theme: &Theme,
    x: f64,
    y: f64,
) -> Option<(usize, usize)> {
    let lattice = Lattice::new(width, height, states, frames, theme);
    let t = part_at(lattice.left, lattice.right, frames, x)?;
    let s = part_at(lattice.top, lattice.bottom, states, y)?;
    Some((s, t))
}

/// The emission grid `[left, top, right, bottom)` of a `width × height` area and the gap left
/// under and right of each cell, in backend pixels.
pub(crate) fn emission_grid(
    width: u32,
    height: u32,
    frames: usize,
    symbols: usize,
    theme: &Theme,
) -> ([i32; 4], i32) {
    let grid = grid_in(
        (width, height),
        theme.px(ROW_LABELS),
        theme.px(FRAME_LABELS),
        theme,
    );
    let [left, top, right, bottom] = grid;
    let column = f64::from(right - left) / frames.max(1) as f64;
    let row = f64::from(bottom - top) / symbols.max(1) as f64;
    let inset = if column.min(row) < f64::from(theme.px(8.0)) {
        0
    } else {
        theme.px(1.0).max(1)
    };
    (grid, inset)
}

/// The emission cell under a pointer at `(x, y)` in backend pixels of a `width × height`
/// drawing area (relative to its top-left corner: CSS offset × pixel ratio on the page) of
/// `frames` × `symbols` emissions, as `(frame, symbol, probability)`: both 0-based, and the
/// probability the pointer's height implies within the drawn cell, 1 at its top edge and 0 at
/// its bottom (clamped), so dragging in a cell sets its value. A cell owns its whole tile,
/// the gaps included; `None` outside the grid.
pub fn emission_cell_at(
    width: u32,
    height: u32,
    frames: usize,
    symbols: usize,
    theme: &Theme,
    x: f64,
    y: f64,
) -> Option<(usize, usize, f64)> {
    let ([left, top, right, bottom], inset) = emission_grid(width, height, frames, symbols, theme);
    let frame = part_at(left, right, frames, x)?;
    let symbol = part_at(top, bottom, symbols, y)?;
    let y0 = f64::from(split(top, bottom, symbols, symbol));
    let y1 = f64::from(split(top, bottom, symbols, symbol + 1) - inset);
    let probability = ((y1 - y) / (y1 - y0).max(1.0)).clamp(0.0, 1.0);
    Some((frame, symbol, probability))
}
