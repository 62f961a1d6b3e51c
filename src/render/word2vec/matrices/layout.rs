//! Where the weight-matrix view puts each matrix, its Δ block and its row labels: one function
//! of the size, the view's shape and the theme, shared by the drawing and the hit test.

use crate::render::kit::{split, text_width, MARGIN};
use crate::render::word2vec::common::badge_size;
use crate::render::word2vec::matrices::{MatricesView, MatrixPanel};
use crate::render::Theme;

/// Height of a panel's title band, in CSS pixels.
pub(crate) const HEADER: f64 = 22.0;
/// Widest a row label may be, in CSS pixels.
const MAX_LABEL: f64 = 96.0;
/// Largest cell, in CSS pixels (width, height).
const MAX_CELL: (f64, f64) = (44.0, 24.0);
/// The Δ block's width as a share of its matrix's width.
const DELTA_SHARE: f64 = 0.3;
/// Gap between a matrix and its Δ block, in CSS pixels.
const DELTA_GAP: f64 = 6.0;
/// Gap between the two panels, in CSS pixels.
const PANEL_GAP: f64 = 18.0;
/// Room for leader lines between spread-out row labels and thin rows, in CSS pixels.
const LEADER: f64 = 14.0;
/// Narrower areas than this (CSS pixels) stack W′ under W.
const SIDE_BY_SIDE_FROM: f64 = 520.0;

/// Where one matrix goes, in backend pixels.
#[derive(Debug, Clone)]
pub(crate) struct Panel {
    /// 0 for W (or the tied matrix), 1 for W′.
    pub matrix: usize,
    /// The title band's top, and its left and right ends.
    pub header: (i32, i32, i32),
    /// Row labels (with their badges) end here, right-aligned; `None` when the rows are
    /// labelled by the panel on the left.
    pub label_right: Option<i32>,
    /// The grid spans `[left, right) × [top, bottom)`.
    pub left: i32,
    pub right: i32,
    pub top: i32,
    pub bottom: i32,
    /// The Δ block spans `[delta.0, delta.1)` across, the same rows down.
    pub delta: Option<(i32, i32)>,
    /// The rows outlined and shown in the Δ block.
    pub changed: Vec<usize>,
}

/// Where everything goes in a `width × height` area: one function of the size, the view's
/// shape and the theme, shared by the drawing and the hit test.
pub(crate) struct Layout {
    /// The matrices' rows (words) and columns (dimensions).
    pub rows: usize,
    pub cols: usize,
    /// Room for a row label's text, and for the badges between it and the grid.
    pub label_room: f64,
    pub badge_room: i32,
    /// Where each matrix goes.
    pub panels: Vec<Panel>,
}

/// What every panel's place follows from: the arrangement, the cells' size and the row
/// labels' room, in pixels.
struct Measures {
    side_by_side: bool,
    stacked: bool,
    panel_height: i32,
    cell_height: f64,
    /// Room for a row label's text, for the badges, and between the labels and the grid.
    widest: f64,
    badge_room: i32,
    label_gap: i32,
    /// The whole row labels' band.
    labels: i32,
}

impl Measures {
    /// The measures of `view`'s `panels` matrices in a `width × height` area.
    fn new(
        (width, height): (i32, i32),
        view: &MatricesView,
        panels: usize,
        theme: &Theme,
    ) -> Measures {
        let rows = view.w.nrows();
        let margin = theme.px(MARGIN);
        let side_by_side =
            panels == 2 && f64::from(width) >= f64::from(theme.px(SIDE_BY_SIDE_FROM));
        let stacked = panels == 2 && !side_by_side;
        let panel_height = if stacked {
            (height - 2 * margin - theme.px(PANEL_GAP / 2.0)) / 2
        } else {
            height - 2 * margin
        };
        let cell_height = (f64::from(panel_height - theme.px(HEADER)) / rows.max(1) as f64)
            .min(f64::from(theme.px(MAX_CELL.1)))
            .max(1.0);
        let widest = (0..rows)
            .map(|r| {
                text_width(
                    view.words.get(r).map_or("", String::as_str),
                    theme.small_font_size,
                )
            })
            .fold(0.0, f64::max)
            .min(f64::from(theme.px(MAX_LABEL)))
            .min(f64::from(width) * 0.3);
        let badges = view.badges_per_row() as i32;
        let badge_room = badges * (badge_size(theme) + theme.px(2.0));
        // Rows thinner than a label get leader lines from spread-out labels: room for them.
        let label_gap = if cell_height < label_pitch(theme) {
            theme.px(LEADER)
        } else {
            theme.px(4.0)
        };
        Measures {
            side_by_side,
            stacked,
            panel_height,
            cell_height,
            widest,
            badge_room,
            label_gap,
            labels: widest.ceil() as i32 + badge_room + label_gap + theme.px(2.0),
        }
    }
}

impl Layout {
    /// The layout of `view` in a `width × height` area.
    pub(crate) fn new(width: u32, height: u32, view: &MatricesView, theme: &Theme) -> Layout {
        let (width, height) = (width as i32, height as i32);
        let (rows, cols) = view.w.dim();
        let margin = theme.px(MARGIN);
        let panels_in = view.panels();
        let m = Measures::new((width, height), view, panels_in.len(), theme);
        // The room for each panel's grid plus Δ block.
        let delta_factor = |delta: bool| if delta { 1.0 + DELTA_SHARE } else { 1.0 };
        let delta_gap = |delta: bool| if delta { theme.px(DELTA_GAP) } else { 0 };
        let across = if m.side_by_side {
            (width - 2 * margin - m.labels - theme.px(PANEL_GAP)) / 2
        } else {
            width - 2 * margin - m.labels
        };
        // One cell width for both panels, so W and W′ line up.
        let cell_width = panels_in
            .iter()
            .map(|panel| {
                let delta = panel.delta.is_some();
                f64::from(across - delta_gap(delta)) / delta_factor(delta) / cols.max(1) as f64
            })
            .fold(f64::from(theme.px(MAX_CELL.0)), f64::min)
            .max(1.0);
        let grid = (
            (cell_width * cols as f64).round() as i32,
            (m.cell_height * rows as f64).round() as i32,
        );
        let mut panels = Vec::with_capacity(panels_in.len());
        let (mut x, mut y) = (margin, margin);
        for (k, matrix_panel) in panels_in.into_iter().enumerate() {
            let labelled = k == 0 || m.stacked;
            let panel = place_panel(matrix_panel, (x, y), grid, (labelled, &m), theme);
            if m.side_by_side {
                x = panel.header.2 + theme.px(PANEL_GAP);
            } else {
                y += m.panel_height + theme.px(PANEL_GAP / 2.0);
            }
            panels.push(panel);
        }
        Layout {
            rows,
            cols,
            label_room: m.widest,
            badge_room: m.badge_room,
            panels,
        }
    }

    /// The top edge of row `row`.
    pub(crate) fn row(&self, panel: &Panel, row: usize) -> i32 {
        split(panel.top, panel.bottom, self.rows, row)
    }

    /// The left edge of column `col` of the grid.
    pub(crate) fn column(&self, panel: &Panel, col: usize) -> i32 {
        split(panel.left, panel.right, self.cols, col)
    }

    /// The left edge of column `col` of the Δ block.
    pub(crate) fn delta_column(&self, (from, to): (i32, i32), col: usize) -> i32 {
        split(from, to, self.cols, col)
    }

    /// The gap left between cells: none when they are small.
    pub(crate) fn inset(&self, panel: &Panel, theme: &Theme) -> i32 {
        let small = f64::from(theme.px(6.0));
        let pitch_x = f64::from(panel.right - panel.left) / self.cols.max(1) as f64;
        let pitch_y = f64::from(panel.bottom - panel.top) / self.rows.max(1) as f64;
        if pitch_x < small || pitch_y < small {
            0
        } else {
            theme.px(1.0).max(1)
        }
    }
}

/// The panel of `matrix` with its title band's top left corner at `(x, y)` and a grid of
/// `(width, height)` pixels, right of the row labels when `labelled`.
fn place_panel(
    matrix: MatrixPanel<'_>,
    (x, y): (i32, i32),
    (grid_width, grid_height): (i32, i32),
    (labelled, m): (bool, &Measures),
    theme: &Theme,
) -> Panel {
    let left = if labelled { x + m.labels } else { x };
    let right = left + grid_width;
    let delta = matrix.delta.map(|_| {
        let start = right + theme.px(DELTA_GAP);
        (
            start,
            start + (f64::from(grid_width) * DELTA_SHARE).round() as i32,
        )
    });
    let top = y + theme.px(HEADER);
    Panel {
        matrix: matrix.matrix,
        header: (y, x, delta.map_or(right, |d| d.1)),
        label_right: labelled.then(|| left - m.label_gap),
        left,
        right,
        top,
        bottom: top + grid_height,
        delta,
        changed: matrix.changed,
    }
}

/// The least distance between two row labels' centres, in pixels.
pub(crate) fn label_pitch(theme: &Theme) -> f64 {
    theme.small_font_size * 1.15
}
