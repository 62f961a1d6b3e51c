//! The attention explorer's matrices: the inputs Q, K, V (edited on the page), every step of
//! `softmax(QKᵀ · c + mask) V` (scores, scaled scores, the mask, the masked scores, the
//! weights, the output), and the four masks side by side with the weights each gives. Each
//! chart is a row of small matrices with their numbers in the cells, wrapped to the width;
//! masked cells are grey (`−∞`), a fully masked row's NaN is orange.

use ndarray::Array2;
use plotters::coord::Shift;
use plotters::prelude::*;
use serde_json::json;

use crate::engine::attention::{FullyMasked, Sdpa};
use crate::render::kit::{bold, compact, draw_cell, draw_highlight, fits, fraction_text};
use crate::render::kit::{label, part_at, split};
use crate::render::kit::{text_width, LEFT, MARGIN, OVER, RIGHT};
use crate::render::theme::blend;
use crate::render::{figure_data, RenderError, Theme};

/// A cell's width and height at most, in CSS pixels.
const CELL: (f64, f64) = (42.0, 24.0);
/// A cell's least width, in CSS pixels (narrower cells show no number).
const LEAST_CELL: f64 = 12.0;
/// Width of the row labels left of a matrix, in CSS pixels.
const ROW_LABELS: f64 = 22.0;
/// Height of a matrix's title, and of its column labels, in CSS pixels.
const TITLE: f64 = 18.0;
const COLUMN_LABELS: f64 = 15.0;
/// Gaps between matrices across and down, in CSS pixels.
const GAP: (f64, f64) = (14.0, 12.0);
/// Height of the key line under the steps and masks, in CSS pixels.
const KEY_LINE: f64 = 20.0;
/// Areas narrower than this (CSS pixels) give each item of the key a line of its own.
const KEY_WRAP_BELOW: f64 = 520.0;

/// One of the explorer's charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExplorerChart {
    /// `Q`, `K` and `V`, the cells a visitor edits.
    Inputs,
    /// `QKᵀ`, `· c`, the mask, the masked scores, the weights and the output.
    Steps,
    /// No mask, causal, padding and custom side by side: each mask with its weights.
    Masks,
}

/// What the explorer draws: the run of the chosen mask, the runs of all four masks (the same
/// inputs), which of them is chosen, and the selected input cell.
#[derive(Debug, Clone, Copy)]
pub struct ExplorerView<'a> {
    /// The run under the chosen mask.
    pub run: &'a Sdpa,
    /// The runs under no mask, the causal, the padding and the custom mask, in that order.
    pub masks: &'a [Sdpa],
    /// The chosen mask's index in `masks`.
    pub chosen: usize,
    /// The selected input cell: `(matrix 0 Q, 1 K, 2 V; row; column)`.
    pub selected: Option<(usize, usize, usize)>,
}

/// How a matrix's cells are coloured.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Look {
    /// Signed values in the diverging map, `±max` at the ends.
    Signed(f64),
    /// Weights in `[0, 1]` in the sequential map.
    Unit,
    /// The mask as an additive term: 0 where allowed, `−∞` where masked.
    Mask,
}

/// One matrix of a chart.
struct Matrix {
    title: String,
    rows: Vec<String>,
    columns: Vec<String>,
    values: Array2<f64>,
    look: Look,
    /// Cells drawn as masked (grey).
    masked: Option<Array2<bool>>,
    /// An outlined cell, and whether the whole matrix is outlined (the chosen mask).
    selected: Option<(usize, usize)>,
    chosen: bool,
}

/// Names `q1 … qT` (or `k`, `v`): positions from 1.
fn names(prefix: &str, count: usize) -> Vec<String> {
    (1..=count).map(|i| format!("{prefix}{i}")).collect()
}

/// The largest `|x|` of finite values, at least 1.
fn largest(values: &[&Array2<f64>]) -> f64 {
    values
        .iter()
        .flat_map(|m| m.iter())
        .filter(|x| x.is_finite())
        .fold(1.0, |m: f64, x| m.max(x.abs()))
}

/// The scale `c` as written in a title: `S × 1/√2 = S × 0.707`, or `S × 1 (scaling off)`.
fn scale_label(run: &Sdpa) -> String {
    if run.scale == 1.0 {
        "S × 1 (scaling off)".to_string()
    } else {
        format!("S × 1/√{} = S × {}", run.q.ncols(), compact(run.scale))
    }
}

/// The matrices of `chart`.
fn matrices(chart: ExplorerChart, view: &ExplorerView) -> Vec<Matrix> {
    let run = view.run;
    let (queries, keys) = run.weights.dim();
    let plain = |title: &str, rows: Vec<String>, columns: Vec<String>, values, look| Matrix {
        title: title.to_string(),
        rows,
        columns,
        values,
        look,
        masked: None,
        selected: None,
        chosen: false,
    };
    let qs = || names("q", queries);
    let ks = || names("k", keys);
    match chart {
        ExplorerChart::Inputs => {
            let max = Look::Signed(largest(&[&run.q, &run.k, &run.v]));
            let d = names("", run.q.ncols());
            let mut inputs = [
                plain("Q", qs(), d.clone(), run.q.clone(), max),
                plain("K", ks(), d, run.k.clone(), max),
                plain(
                    "V",
                    names("v", keys),
                    names("", run.v.ncols()),
                    run.v.clone(),
                    max,
                ),
            ];
            if let Some((m, i, j)) = view.selected {
                if let Some(matrix) = inputs.get_mut(m) {
                    matrix.selected = Some((i, j));
                }
            }
            inputs.into()
        }
        ExplorerChart::Steps => {
            let scores = Look::Signed(largest(&[&run.scores, &run.scaled]));
            let masked_cells = run.mask.mapv(|m| !m);
            let with_mask = |mut m: Matrix| {
                m.masked = Some(masked_cells.clone());
                m
            };
            let fill = match run.fully_masked {
                FullyMasked::Fill => "masked → −1e9",
                FullyMasked::Nan | FullyMasked::Zeros => "masked → −∞",
            };
            let mask_values = run.mask.mapv(|m| if m { 0.0 } else { f64::NEG_INFINITY });
            vec![
                plain("S = QKᵀ", qs(), ks(), run.scores.clone(), scores),
                plain(&scale_label(run), qs(), ks(), run.scaled.clone(), scores),
                with_mask(plain("+ mask", qs(), ks(), mask_values, Look::Mask)),
                with_mask(plain(fill, qs(), ks(), run.masked.clone(), scores)),
                with_mask(plain(
                    "A = softmax",
                    qs(),
                    ks(),
                    run.weights.clone(),
                    Look::Unit,
                )),
                plain(
                    "O = AV",
                    qs(),
                    names("", run.output.ncols()),
                    run.output.clone(),
                    Look::Signed(largest(&[&run.v])),
                ),
            ]
        }
        ExplorerChart::Masks => ["no mask", "causal", "padding", "custom"]
            .iter()
            .zip(view.masks)
            .enumerate()
            .map(|(m, (title, masked))| Matrix {
                masked: Some(masked.mask.mapv(|x| !x)),
                chosen: m == view.chosen,
                ..plain(title, qs(), ks(), masked.weights.clone(), Look::Unit)
            })
            .collect(),
    }
}

/// Where each matrix goes, in backend pixels: one function of the width, the shapes and the
/// theme, shared by the drawing, the hit test and the height.
struct Layout {
    /// Each matrix's grid `[left, top, right, bottom]`.
    grids: Vec<[i32; 4]>,
    /// The cell width (all matrices share it) and height.
    cell: (i32, i32),
    /// The bottom of the last line of matrices.
    bottom: i32,
}

impl Layout {
    /// The matrices of `shapes` (`[rows, columns]` each) wrapped into lines `width` wide.
    fn new(width: u32, shapes: &[(usize, usize)], theme: &Theme) -> Layout {
        let width = width as i32;
        let margin = theme.px(MARGIN);
        let labels = theme.px(ROW_LABELS);
        let widest = shapes.iter().map(|s| s.1).max().unwrap_or(1).max(1) as i32;
        let room = width - 2 * margin - labels;
        let cell_w = theme
            .px(CELL.0)
            .min(room / widest)
            .max(theme.px(LEAST_CELL));
        let cell_h = theme.px(CELL.1);
        let head = theme.px(TITLE) + theme.px(COLUMN_LABELS);
        let (gap_x, gap_y) = (theme.px(GAP.0), theme.px(GAP.1));
        let (mut x, mut y, mut line) = (margin, margin, 0);
        let mut grids = Vec::new();
        for &(rows, columns) in shapes {
            let across = labels + columns as i32 * cell_w;
            let down = head + rows as i32 * cell_h;
            if x > margin && x + across > width - margin {
                x = margin;
                y += line + gap_y;
                line = 0;
            }
            let (left, top) = (x + labels, y + head);
            grids.push([
                left,
                top,
                left + columns as i32 * cell_w,
                top + rows as i32 * cell_h,
            ]);
            x += across + gap_x;
            line = line.max(down);
        }
        Layout {
            grids,
            cell: (cell_w, cell_h),
            bottom: y + line,
        }
    }
}

/// The shapes of `chart`'s matrices.
fn shapes(chart: ExplorerChart, view: &ExplorerView) -> Vec<(usize, usize)> {
    matrices(chart, view)
        .iter()
        .map(|m| m.values.dim())
        .collect()
}

/// Lines of the key under `chart` at `width` backend pixels: none under the inputs, else one,
/// or two on a narrow area.
fn key_lines(chart: ExplorerChart, width: u32, theme: &Theme) -> i32 {
    match chart {
        ExplorerChart::Inputs => 0,
        _ if (width as i32) < theme.px(KEY_WRAP_BELOW) => 2,
        _ => 1,
    }
}

/// The height in backend pixels `chart` needs at `width` backend pixels.
pub fn explorer_height(
    chart: ExplorerChart,
    view: &ExplorerView,
    width: u32,
    theme: &Theme,
) -> u32 {
    let layout = Layout::new(width, &shapes(chart, view), theme);
    let key = key_lines(chart, width, theme) * theme.px(KEY_LINE);
    (layout.bottom + key + theme.px(MARGIN)).max(1) as u32
}

/// The cell under a pointer at `(x, y)` in backend pixels of a `width`-wide area, as
/// `(matrix, row, column)`, all 0-based; `None` outside every matrix.
pub fn explorer_cell_at(
    chart: ExplorerChart,
    view: &ExplorerView,
    width: u32,
    theme: &Theme,
    (x, y): (f64, f64),
) -> Option<(usize, usize, usize)> {
    let shapes = shapes(chart, view);
    let layout = Layout::new(width, &shapes, theme);
    layout.grids.iter().zip(&shapes).enumerate().find_map(
        |(m, ([x0, y0, x1, y1], &(rows, columns)))| {
            Some((
                m,
                part_at(*y0, *y1, rows, y)?,
                part_at(*x0, *x1, columns, x)?,
            ))
        },
    )
}

/// The orange of a NaN cell.
fn nan_fill(theme: &Theme) -> RGBColor {
    blend(theme.background, theme.accent_2, 0.45)
}

/// A cell's fill and text.
fn cell_look(value: f64, look: Look, masked: bool, theme: &Theme) -> (RGBColor, String) {
    if value.is_nan() {
        return (nan_fill(theme), "NaN".to_string());
    }
    let text = if value == f64::NEG_INFINITY {
        "−∞".to_string()
    } else {
        compact(value)
    };
    if masked {
        return (theme.unused, text);
    }
    let fill = match look {
        Look::Signed(max) => theme.diverging((value / max).clamp(-1.0, 1.0)),
        Look::Unit => theme.sequential(value),
        Look::Mask => theme.background,
    };
    (fill, text)
}

/// Draws `chart` of `view`: its matrices in lines, numbers in the cells where they fit.
pub fn draw_explorer<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: ExplorerChart,
    view: &ExplorerView,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let (width, _) = area.dim_in_pixel();
    let matrices = matrices(chart, view);
    let shapes: Vec<(usize, usize)> = matrices.iter().map(|m| m.values.dim()).collect();
    let layout = Layout::new(width, &shapes, theme);
    for (matrix, grid) in matrices.iter().zip(&layout.grids) {
        record(matrix);
        draw_matrix(area, matrix, *grid, layout.cell, theme)?;
    }
    let lines = key_lines(chart, width, theme);
    if lines > 0 {
        let y = layout.bottom + theme.px(KEY_LINE / 2.0 + 4.0);
        draw_key(area, (theme.px(MARGIN), y), lines == 2, theme)?;
    }
    area.present()?;
    Ok(())
}

/// Records a matrix as drawn (NaN and −∞ as `null`), with its masked cells when it has them.
fn record(matrix: &Matrix) {
    figure_data::record(|| {
        let values = figure_data::matrix(&matrix.title, &matrix.rows, &matrix.columns, |r, c| {
            matrix.values[[r, c]]
        });
        let masked = matrix.masked.as_ref().map(|m| {
            m.rows()
                .into_iter()
                .map(|row| row.to_vec())
                .collect::<Vec<_>>()
        });
        figure_data::with_fields(
            values,
            vec![("masked", json!(masked)), ("chosen", json!(matrix.chosen))],
        )
    });
}

/// One matrix: title, column and row labels, cells with numbers, outlines.
fn draw_matrix<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    matrix: &Matrix,
    [x0, y0, x1, y1]: [i32; 4],
    (cell_w, _): (i32, i32),
    theme: &Theme,
) -> Result<(), RenderError> {
    let (rows, columns) = matrix.values.dim();
    let title_y = y0 - theme.px(COLUMN_LABELS) - theme.px(TITLE / 2.0);
    let title_style = if matrix.chosen {
        bold(theme.small_text(theme.accent, LEFT))
    } else {
        theme.small_text(theme.ink, LEFT)
    };
    let title_x = x0 - theme.px(ROW_LABELS);
    label(
        area,
        matrix.title.as_str(),
        (title_x, title_y),
        &title_style,
    )?;
    let inset = theme.px(1.0).max(1);
    let show_numbers = cell_w >= theme.px(30.0);
    for j in 0..columns {
        let (left, right) = (split(x0, x1, columns, j), split(x0, x1, columns, j + 1));
        let at = ((left + right) / 2, y0 - theme.px(3.0));
        label(
            area,
            matrix.columns[j].as_str(),
            at,
            &theme.small_text(theme.muted, OVER),
        )?;
        for i in 0..rows {
            let (top, bottom) = (split(y0, y1, rows, i), split(y0, y1, rows, i + 1));
            let value = matrix.values[[i, j]];
            let masked = matrix.masked.as_ref().is_some_and(|m| m[[i, j]]);
            let (fill, text) = cell_look(value, matrix.look, masked, theme);
            let room = f64::from(right - left - theme.px(2.0));
            // Three significant digits, or two decimals (`−.07`) when they do not fit.
            let text = [text, fraction_text(value)]
                .into_iter()
                .find(|t| show_numbers && (t == "−∞" || fits(t, room, theme.small_font_size)))
                .map(|t| (t, theme.small_font_size));
            draw_cell(
                area,
                [left, top, right - inset, bottom - inset],
                fill,
                text,
                theme,
            )?;
        }
    }
    for i in 0..rows {
        let y = (split(y0, y1, rows, i) + split(y0, y1, rows, i + 1)) / 2;
        let at = (x0 - theme.px(6.0), y);
        label(
            area,
            matrix.rows[i].as_str(),
            at,
            &theme.small_text(theme.muted, RIGHT),
        )?;
    }
    if let Some((i, j)) = matrix.selected.filter(|&(i, j)| i < rows && j < columns) {
        let cell = [
            split(x0, x1, columns, j),
            split(y0, y1, rows, i),
            split(x0, x1, columns, j + 1) - inset,
            split(y0, y1, rows, i + 1) - inset,
        ];
        draw_highlight(area, cell, theme)?;
    }
    if matrix.chosen {
        let pad = theme.px(2.0);
        area.draw(&Rectangle::new(
            [(x0 - pad, y0 - pad), (x1 + pad, y1 + pad)],
            theme.accent.stroke_width(theme.stroke),
        ))?;
    }
    Ok(())
}

/// The key: what grey and orange cells are, on one line or (`wrap`) two.
fn draw_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (left, mut y): (i32, i32),
    wrap: bool,
    theme: &Theme,
) -> Result<(), RenderError> {
    let half = theme.px(6.0);
    let mut x = left;
    for (fill, text) in [
        (theme.unused, "masked: e^−∞ = 0"),
        (nan_fill(theme), "fully masked row under −∞: 0/0 = NaN"),
    ] {
        area.draw(&Rectangle::new(
            [(x, y - half), (x + 2 * half, y + half)],
            fill.filled(),
        ))?;
        x += 2 * half + theme.px(5.0);
        label(area, text, (x, y), &theme.small_text(theme.ink, LEFT))?;
        if wrap {
            x = left;
            y += theme.px(KEY_LINE);
        } else {
            x += text_width(text, theme.small_font_size) as i32 + theme.px(16.0);
        }
    }
    Ok(())
}
