//! The two weight matrices of skip-gram, W (input vectors) and W′ (output vectors), as heat
//! maps side by side (stacked on a phone), with the rows the last update changed outlined and
//! their change drawn in a small "Δ" block beside them.

mod draw;
mod layout;

use ndarray::ArrayView2;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::kit::{clipped, draw_placeholder, part_at};
use crate::render::word2vec::matrices::layout::Layout;
use crate::render::{figure_data, RenderError, Theme};
use serde_json::json;

/// What the weight-matrix view draws.
#[derive(Debug, Clone, Copy)]
pub struct MatricesView<'a> {
    /// Row labels: the words shown (the page passes at most about 40).
    pub words: &'a [String],
    /// Input vectors `[rows, D]`, one row per word.
    pub w: ArrayView2<'a, f64>,
    /// Output vectors `[rows, D]`; `None` when W and W′ are tied (one matrix is drawn, titled
    /// "W = W′ (tied)").
    pub w_prime: Option<ArrayView2<'a, f64>>,
    /// Rows of W the last update changed (outlined).
    pub changed_w: &'a [usize],
    /// Rows of W′ the last update changed (outlined; when tied, outlined in the one matrix).
    pub changed_w_prime: &'a [usize],
    /// The last update's change of W `[rows, D]`, drawn for the changed rows in a "Δ" block
    /// right of the matrix, on its own symmetric scale.
    pub delta_w: Option<ArrayView2<'a, f64>>,
    /// The last update's change of W′ `[rows, D]` (when tied, used if `delta_w` is `None`).
    pub delta_w_prime: Option<ArrayView2<'a, f64>>,
    /// Row markers `(row, role)`: `'c'` centre, `'o'` context, `'n'` negative, drawn as a
    /// small lettered badge by the row label.
    pub roles: &'a [(usize, char)],
}

/// One matrix to draw, with the rows the last update changed and their change.
pub(crate) struct MatrixPanel<'a> {
    /// 0 for W (or the tied matrix), 1 for W′.
    pub matrix: usize,
    /// Its values `[rows, D]`.
    pub values: ArrayView2<'a, f64>,
    /// The changed rows that exist, each once, in order.
    pub changed: Vec<usize>,
    /// The last update's change of it, when given.
    pub delta: Option<ArrayView2<'a, f64>>,
}

impl<'a> MatricesView<'a> {
    /// The matrices drawn: W and W′, or the one tied matrix with the changed rows of both.
    pub(crate) fn panels(&self) -> Vec<MatrixPanel<'a>> {
        let rows = self.w.nrows();
        let clean = |rows_in: &[&[usize]]| {
            let mut out: Vec<usize> = rows_in
                .iter()
                .flat_map(|r| r.iter().copied())
                .filter(|&r| r < rows)
                .collect();
            out.sort_unstable();
            out.dedup();
            out
        };
        let panel = |matrix, values, changed: &[&[usize]], delta| MatrixPanel {
            matrix,
            values,
            changed: clean(changed),
            delta,
        };
        match self.w_prime {
            Some(w_prime) => vec![
                panel(0, self.w, &[self.changed_w], self.delta_w),
                panel(1, w_prime, &[self.changed_w_prime], self.delta_w_prime),
            ],
            None => vec![panel(
                0,
                self.w,
                &[self.changed_w, self.changed_w_prime],
                self.delta_w.or(self.delta_w_prime),
            )],
        }
    }

    /// The roles of row `row`, each once, in the order c, o, n.
    pub(crate) fn roles_of(&self, row: usize) -> Vec<char> {
        ['c', 'o', 'n']
            .into_iter()
            .filter(|role| self.roles.iter().any(|&(r, c)| r == row && c == *role))
            .collect()
    }

    /// The most badges any row carries.
    pub(crate) fn badges_per_row(&self) -> usize {
        (0..self.w.nrows())
            .map(|row| self.roles_of(row).len())
            .max()
            .unwrap_or(0)
    }
}

/// The cell under a pointer at `(x, y)` in backend pixels of a `width × height` drawing area
/// (CSS offset × pixel ratio on the page), as `(matrix, row, column)`, all 0-based: matrix 0
/// is W (or the tied matrix), 1 is W′. A cell of a Δ block gives the cell whose change it
/// shows. `None` elsewhere (labels, titles, Δ rows left empty).
pub fn matrices_cell_at(
    width: u32,
    height: u32,
    view: &MatricesView,
    theme: &Theme,
    x: f64,
    y: f64,
) -> Option<(usize, usize, usize)> {
    let layout = Layout::new(width, height, view, theme);
    if layout.rows == 0 || layout.cols == 0 {
        return None;
    }
    layout.panels.iter().find_map(|panel| {
        let row = part_at(panel.top, panel.bottom, layout.rows, y)?;
        if let Some(col) = part_at(panel.left, panel.right, layout.cols, x) {
            return Some((panel.matrix, row, col));
        }
        let (from, to) = panel.delta?;
        let col = part_at(from, to, layout.cols, x)?;
        panel
            .changed
            .contains(&row)
            .then_some((panel.matrix, row, col))
    })
}

/// Draws W and W′ (or the tied matrix): per matrix a title and a key of its symmetric
/// diverging scale (±largest `|value|`), one cell per weight (its value written in when the
/// cell is large enough), the changed rows outlined in `ink`, and, when the change is given,
/// a "Δ" block right of the matrix holding the changed rows' change on its own symmetric
/// scale (±largest `|Δ|` in its header). Row labels (thinned to fit, the changed and marked
/// rows kept, in bold) with role badges left of the first matrix, or of each when stacked.
/// Side by side from 520 CSS pixels wide, else W′ under W. "no vectors yet" when empty.
pub fn draw_matrices<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &MatricesView,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let (width, height) = area.dim_in_pixel();
    let layout = Layout::new(width, height, view, theme);
    if layout.rows == 0 || layout.cols == 0 {
        let centre = (width as i32 / 2, height as i32 / 2);
        return draw_placeholder(area, "no vectors yet", centre, theme);
    }
    let panels = view.panels();
    record_numbers(view, &panels, (layout.rows, layout.cols));
    for (panel, matrix) in layout.panels.iter().zip(panels) {
        draw::draw_panel(
            area,
            view,
            &layout,
            panel,
            matrix.values,
            matrix.delta,
            theme,
        )?;
    }
    area.present()?;
    Ok(())
}

/// Records, while a figure is exported, each matrix drawn under its title (a row per word, a
/// column per dimension named by its index as the read-out writes it, `W['word'][3]`) with
/// the words of the rows the last update changed; each Δ block drawn as a matrix of the
/// changed rows titled `Δ` and the matrix's title; and the rows' role badges.
fn record_numbers(view: &MatricesView, panels: &[MatrixPanel], (rows, cols): (usize, usize)) {
    if !figure_data::recording() {
        return;
    }
    let word = |row: usize| view.words.get(row).cloned().unwrap_or_default();
    let words: Vec<String> = (0..rows).map(word).collect();
    let columns: Vec<String> = (0..cols).map(|c| c.to_string()).collect();
    let cell = |values: ArrayView2<f64>, row: usize, col: usize| {
        values.get([row, col]).copied().unwrap_or(f64::NAN)
    };
    for panel in panels {
        let name = title(view, panel.matrix);
        let changed: Vec<String> = panel.changed.iter().map(|&r| word(r)).collect();
        figure_data::record(|| {
            let matrix =
                figure_data::matrix(name, &words, &columns, |r, c| cell(panel.values, r, c));
            figure_data::with_fields(matrix, vec![("changed", json!(changed))])
        });
        if let Some(delta) = panel.delta {
            figure_data::record(|| {
                let title = format!("Δ {name}");
                figure_data::matrix(&title, &changed, &columns, |k, c| {
                    cell(delta, panel.changed[k], c)
                })
            });
        }
    }
    figure_data::record_table("roles", &["word", "role"], || {
        (0..rows)
            .flat_map(|row| view.roles_of(row).into_iter().map(move |role| (row, role)))
            .map(|(row, role)| {
                let role = match role {
                    'c' => "centre",
                    'o' => "context",
                    _ => "negative",
                };
                vec![json!(word(row)), json!(role)]
            })
            .collect()
    });
}

/// The title of matrix `matrix`.
pub(crate) fn title(view: &MatricesView, matrix: usize) -> &'static str {
    match (view.w_prime.is_some(), matrix) {
        (false, _) => "W = W′ (tied)",
        (true, 0) => "W (input)",
        _ => "W′ (output)",
    }
}

/// `label`, cut to fit `room` pixels in the small font.
pub(crate) fn row_label(view: &MatricesView, row: usize, room: f64, theme: &Theme) -> String {
    clipped(
        view.words.get(row).map_or("", String::as_str),
        room,
        theme.small_font_size,
    )
}
