//! The emission matrix CTC is computed from, as a heat map (frames across, symbols down) whose
//! cells the reader can drag to set a probability.

use ndarray::ArrayView2;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::ctc::labels::{draw_frame_labels, draw_key, draw_symbol_name, thinned};
use crate::render::ctc::layout::emission_grid;
use crate::render::ctc::numbers::{cell_font, short_probability, symbol_name};
use crate::render::kit::{draw_highlight, label, split, title_y, CENTRE, LEFT, MARGIN};
use crate::render::{figure_data, RenderError, Theme};

/// The emission grid's place: its edges and the gap under and right of each cell.
struct Grid {
    left: i32,
    top: i32,
    right: i32,
    bottom: i32,
    frames: usize,
    symbols: usize,
    inset: i32,
}

impl Grid {
    /// The left edge of frame `t`'s column.
    fn column(&self, t: usize) -> i32 {
        split(self.left, self.right, self.frames, t)
    }

    /// The top edge of symbol `k`'s row.
    fn row(&self, k: usize) -> i32 {
        split(self.top, self.bottom, self.symbols, k)
    }
}

/// Draws the emission probabilities `probs` (`[T, C]`, each row a distribution over the
/// symbols) as a heat map in the sequential map on `[0, 1]`: frame t is column t (numbered
/// 1..T below), symbol k row k from the top (named at the left by `symbols`; name the blank
/// `−`). Each cell shows its probability (`.42`) when it fits; `highlight` (a 0-based frame)
/// outlines its column and its number. The colour key is at the top right.
pub fn draw_emissions<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    probs: ArrayView2<f64>,
    symbols: &[String],
    highlight: Option<usize>,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let margin = theme.px(MARGIN);
    let (width, height) = area.dim_in_pixel();
    let caption_y = title_y(theme);
    let caption = theme.body_text(theme.ink, LEFT);
    label(area, "emissions y_t(k)", (margin, caption_y), &caption)?;
    draw_key(area, width as i32 - margin, caption_y, ("0", "1"), theme)?;
    let (frames, count) = probs.dim();
    figure_data::record(|| {
        // As drawn: a row per symbol, a column per frame.
        let rows: Vec<String> = (0..count).map(|k| symbol_name(symbols, k, None)).collect();
        let columns: Vec<String> = (1..=frames).map(|t| format!("t={t}")).collect();
        let cell = |k: usize, t: usize| {
            let p = probs[[t, k]];
            // A value that is not finite is written `?` or shaded as 0: `null`.
            if p.is_finite() {
                shown_probability(p)
            } else {
                f64::NAN
            }
        };
        let matrix = figure_data::matrix("emissions y_t(k)", &rows, &columns, cell);
        let highlight = highlight.filter(|&t| t < frames).map(|t| t + 1);
        figure_data::with_fields(matrix, vec![("highlight", serde_json::json!(highlight))])
    });
    if frames == 0 || count == 0 {
        area.present()?;
        return Ok(());
    }
    let ([left, top, right, bottom], inset) = emission_grid(width, height, frames, count, theme);
    let grid = Grid {
        left,
        top,
        right,
        bottom,
        frames,
        symbols: count,
        inset,
    };
    draw_cells(area, probs, &grid, theme)?;
    let highlight = highlight.filter(|&t| t < frames);
    if let Some(t) = highlight {
        let cells = [
            grid.column(t),
            top,
            grid.column(t + 1) - inset,
            bottom - inset,
        ];
        draw_highlight(area, cells, theme)?;
    }
    let column = |t| grid.column(t);
    draw_frame_labels(
        area,
        frames,
        column,
        bottom + theme.px(4.0),
        highlight,
        theme,
    )?;
    let pitch = f64::from(bottom - top) / count as f64;
    for k in thinned(count, pitch, theme.font_size * 0.95) {
        let at = (
            left - theme.px(6.0),
            (grid.row(k) + grid.row(k + 1) - inset) / 2,
        );
        draw_symbol_name(area, &symbol_name(symbols, k, None), at, theme.ink, theme)?;
    }
    area.present()?;
    Ok(())
}

/// A finite probability as a cell shows it: clamped to `[0, 1]`.
fn shown_probability(p: f64) -> f64 {
    p.clamp(0.0, 1.0)
}

/// The cells, each with its probability when one size for every cell fits.
fn draw_cells<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    probs: ArrayView2<f64>,
    grid: &Grid,
    theme: &Theme,
) -> Result<(), RenderError> {
    let inset = grid.inset;
    let cell_width = f64::from(grid.right - grid.left) / grid.frames as f64 - f64::from(inset);
    let cell_height = f64::from(grid.bottom - grid.top) / grid.symbols as f64 - f64::from(inset);
    let room = cell_width - f64::from(theme.px(4.0));
    // One size for every cell, as large as a two-digit value allows.
    let font_size = cell_font(
        ".00",
        room,
        theme.small_font_size.min(cell_height * 0.6),
        theme,
    );
    for t in 0..grid.frames {
        for k in 0..grid.symbols {
            let p = probs[[t, k]];
            let level = if p.is_finite() {
                shown_probability(p)
            } else {
                0.0
            };
            let (x0, y0) = (grid.column(t), grid.row(k));
            let (x1, y1) = (grid.column(t + 1) - inset, grid.row(k + 1) - inset);
            let fill = if p.is_nan() {
                theme.muted
            } else {
                theme.sequential(level)
            };
            area.draw(&Rectangle::new([(x0, y0), (x1, y1)], fill.filled()))?;
            let Some(font_size) = font_size else {
                continue;
            };
            let text = if p.is_nan() {
                "?".to_string()
            } else {
                short_probability(level.ln())
            };
            let Some(size) = cell_font(&text, room, font_size, theme) else {
                continue;
            };
            let ink = if level > 0.55 {
                theme.background
            } else {
                theme.ink
            };
            let centre = ((x0 + x1) / 2, (y0 + y1) / 2);
            label(area, text, centre, &theme.text(size, ink, CENTRE))?;
        }
    }
    Ok(())
}
