//! A `[time, units]` matrix of the sequence record (hidden states, gates, `∂L/∂h_t`) as a heat
//! map with units down and time across, one column per timestep.

use ndarray::ArrayView2;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::render::kit::{draw_highlight, draw_strip, fixed, grid_in, label, thinning_step};
use crate::render::kit::{part_at, split, title_y, LEFT, MARGIN, RIGHT, UNDER};
use crate::render::{figure_data, RenderError, Theme};

/// Width of the unit labels left of the grid, in CSS pixels.
const UNIT_LABELS: f64 = 26.0;
/// Height of the timestep labels under the grid, in CSS pixels.
const TIME_LABELS: f64 = 18.0;
/// Width of the colour key in the caption band, in CSS pixels.
const KEY_WIDTH: f64 = 64.0;
/// Number of swatches the colour key is drawn with.
const KEY_STEPS: usize = 16;
/// Columns narrower than this (CSS pixels) are drawn without a gap between cells, and runs of
/// equal colour along time are merged into one rectangle.
const DENSE_BELOW: f64 = 6.0;

/// How values are coloured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum HeatScale {
    /// Signed values in the diverging map, `±max` at the ends (`max` is the given largest
    /// `|value|`; when it is not a positive number, the largest finite `|value|` is used).
    Signed(f32),
    /// Values in `[0, 1]` (probabilities, gates) in the sequential map.
    Unit,
}

/// The grid `[left, top, right, bottom)` in backend pixels.
fn grid(width: u32, height: u32, theme: &Theme) -> [i32; 4] {
    grid_in(
        (width, height),
        theme.px(UNIT_LABELS),
        theme.px(TIME_LABELS),
        theme,
    )
}

/// The cell under a pointer at `(x, y)` in backend pixels of a `width × height` drawing area
/// (relative to its top-left corner: the canvas's backing-store pixels, i.e. CSS offset ×
/// pixel ratio) of a heat map of `steps` timesteps × `units` units, as `(timestep, unit)`,
/// both 0-based (`timestep` is the row of the record's matrix). `None` outside the grid.
pub fn heatmap_cell_at(
    width: u32,
    height: u32,
    steps: usize,
    units: usize,
    theme: &Theme,
    x: f64,
    y: f64,
) -> Option<(usize, usize)> {
    let [left, top, right, bottom] = grid(width, height, theme);
    let timestep = part_at(left, right, steps, x)?;
    let unit = part_at(top, bottom, units, y)?;
    Some((timestep, unit))
}

/// Which of `count` positions `room` pixels apart to label (0-based) so labels `size` pixels
/// long do not touch: the first, every `k`-th (`k` in 1, 2, 5, 10, 20, …, numbering from 1)
/// and the last, each only when it is far enough from the one before.
fn label_positions(count: usize, room: f64, size: f64) -> Vec<usize> {
    let needed = size / room.max(1e-9);
    let every = thinning_step(count, |every| every as f64 >= needed);
    let candidates = std::iter::once(0)
        .chain((1..=count / every).map(|k| k * every - 1))
        .chain(std::iter::once(count.saturating_sub(1)));
    let mut kept: Vec<usize> = Vec::new();
    for position in candidates {
        if position >= count {
            continue;
        }
        match kept.last() {
            Some(&last) if position <= last || ((position - last) as f64) < needed => {}
            _ => kept.push(position),
        }
    }
    kept
}

/// The colour of `value` under `scale`, where `max` is the resolved largest `|value|`.
fn colour(value: f32, scale: HeatScale, max: f32, theme: &Theme) -> RGBColor {
    if value.is_nan() {
        return theme.muted;
    }
    match scale {
        HeatScale::Signed(_) => theme.diverging(f64::from((value / max).clamp(-1.0, 1.0))),
        HeatScale::Unit => theme.sequential(f64::from(value.clamp(0.0, 1.0))),
    }
}

/// Draws `values` (`[time, units]`, rows are timesteps as stored in the record) transposed:
/// unit `u` is row `u` from the top, timestep `t` is column `t` from the left, coloured by
/// `scale` (NaN in `muted`). Timesteps are labelled 1..T under the grid and units 1..H left of
/// it, thinned to fit. `highlight` (a 0-based timestep) gets a thin outline around its column.
/// `caption` goes at the top left and a colour key at the top right. Up to 512 × 256 cells are
/// drawn as plain rectangles (no text in cells).
pub fn draw_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    values: ArrayView2<f32>,
    scale: HeatScale,
    highlight: Option<usize>,
    caption: &str,
    theme: &Theme,
) -> Result<(), RenderError> {
    draw_named_heatmap(area, values, scale, highlight, (caption, &[]), theme)
}

/// [`draw_heatmap`] with rows named by `row_names` (numbered 1..H past its end).
pub fn draw_named_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    values: ArrayView2<f32>,
    scale: HeatScale,
    highlight: Option<usize>,
    (caption, row_names): (&str, &[String]),
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let caption_at = (theme.px(MARGIN), title_y(theme));
    label(area, caption, caption_at, &theme.body_text(theme.ink, LEFT))?;
    let (steps, units) = values.dim();
    figure_data::record(|| {
        // As drawn: a row per unit (or named row), a column per timestep.
        let rows: Vec<String> = (0..units)
            .map(|u| {
                row_names
                    .get(u)
                    .cloned()
                    .unwrap_or_else(|| (u + 1).to_string())
            })
            .collect();
        let columns: Vec<String> = (1..=steps).map(|t| format!("t={t}")).collect();
        let cells: Vec<serde_json::Value> = (0..units)
            .map(|u| figure_data::numbers((0..steps).map(|t| f64::from(values[(t, u)]))))
            .collect();
        serde_json::json!({"kind": "matrix", "title": caption, "rows": rows, "columns": columns,
            "values": cells, "highlight": highlight.map(|t| t + 1)})
    });
    let (width, height) = area.dim_in_pixel();
    let max = match scale {
        HeatScale::Signed(max) if max.is_finite() && max > 0.0 => max,
        _ => values
            .iter()
            .filter(|v| v.is_finite())
            .fold(0.0f32, |m, v| m.max(v.abs())),
    };
    let max = if max > 0.0 { max } else { 1.0 };
    draw_key(area, scale, max, theme)?;
    if steps == 0 || units == 0 {
        area.present()?;
        return Ok(());
    }
    let grid = Grid::new(grid(width, height, theme), (steps, units), theme);
    draw_cells(area, values, &grid, (scale, max), theme)?;
    if let Some(t) = highlight.filter(|&t| t < steps) {
        let cells = [
            grid.column(t),
            grid.top,
            grid.column(t + 1) - grid.inset,
            grid.bottom,
        ];
        draw_highlight(area, cells, theme)?;
    }
    draw_labels(area, &grid, row_names, theme)?;
    area.present()?;
    Ok(())
}

/// Where the heat map's cells go: the grid, its shape, and the gap between cells (none when
/// they are dense).
struct Grid {
    left: i32,
    top: i32,
    right: i32,
    bottom: i32,
    steps: usize,
    units: usize,
    dense: bool,
    inset: i32,
}

impl Grid {
    /// The grid `[left, top, right, bottom]` of `steps × units` cells.
    fn new(
        [left, top, right, bottom]: [i32; 4],
        (steps, units): (usize, usize),
        theme: &Theme,
    ) -> Grid {
        let pitch = f64::from(right - left) / steps as f64;
        let dense = pitch < f64::from(theme.px(DENSE_BELOW))
            || f64::from(bottom - top) / (units as f64) < f64::from(theme.px(DENSE_BELOW));
        Grid {
            left,
            top,
            right,
            bottom,
            steps,
            units,
            dense,
            inset: if dense { 0 } else { theme.px(1.0).max(1) },
        }
    }

    /// The left edge of timestep `t`'s column.
    fn column(&self, t: usize) -> i32 {
        split(self.left, self.right, self.steps, t)
    }

    /// The top edge of unit `u`'s row.
    fn row(&self, u: usize) -> i32 {
        split(self.top, self.bottom, self.units, u)
    }
}

/// The cells, row by row; when dense, runs of equal colour along time as one rectangle.
fn draw_cells<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    values: ArrayView2<f32>,
    grid: &Grid,
    (scale, max): (HeatScale, f32),
    theme: &Theme,
) -> Result<(), RenderError> {
    for u in 0..grid.units {
        let (y0, y1) = (grid.row(u), grid.row(u + 1) - grid.inset);
        let mut t = 0;
        while t < grid.steps {
            let fill = colour(values[[t, u]], scale, max, theme);
            let mut end = t + 1;
            if grid.dense {
                while end < grid.steps && colour(values[[end, u]], scale, max, theme) == fill {
                    end += 1;
                }
            }
            area.draw(&Rectangle::new(
                [(grid.column(t), y0), (grid.column(end) - grid.inset, y1)],
                fill.filled(),
            ))?;
            t = end;
        }
    }
    Ok(())
}

/// Timestep labels 1..T under the grid and unit labels left of it (`row_names`, or 1..H when it
/// is empty), thinned to fit.
fn draw_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    grid: &Grid,
    row_names: &[String],
    theme: &Theme,
) -> Result<(), RenderError> {
    let (steps, units, inset) = (grid.steps, grid.units, grid.inset);
    let pitch = f64::from(grid.right - grid.left) / steps as f64;
    let label_size = (steps.to_string().len() as f64 + 1.0) * 0.6 * theme.small_font_size;
    let under = theme.small_text(theme.muted, UNDER);
    for t in label_positions(steps, pitch, label_size) {
        let x = (grid.column(t) + grid.column(t + 1) - inset) / 2;
        label(
            area,
            (t + 1).to_string(),
            (x, grid.bottom + theme.px(4.0)),
            &under,
        )?;
    }
    let row_pitch = f64::from(grid.bottom - grid.top) / units as f64;
    let beside = theme.small_text(theme.muted, RIGHT);
    for u in label_positions(units, row_pitch, theme.small_font_size * 1.1) {
        let y = (grid.row(u) + grid.row(u + 1) - inset) / 2;
        let name = row_names
            .get(u)
            .cloned()
            .unwrap_or_else(|| (u + 1).to_string());
        label(area, name, (grid.left - theme.px(4.0), y), &beside)?;
    }
    Ok(())
}

/// The colour key at the top right: a strip of the map with its end values.
fn draw_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scale: HeatScale,
    max: f32,
    theme: &Theme,
) -> Result<(), RenderError> {
    let (width, _) = area.dim_in_pixel();
    let margin = theme.px(MARGIN);
    let key_right = width as i32 - margin;
    let key_left = key_right - theme.px(KEY_WIDTH);
    let key_top = margin + theme.px(3.0);
    let key_bottom = key_top + theme.px(8.0);
    let (low, high) = match scale {
        HeatScale::Signed(_) => (-max, max),
        HeatScale::Unit => (0.0, 1.0),
    };
    let strip = [key_left, key_top, key_right, key_bottom];
    draw_strip(area, strip, KEY_STEPS, |k| {
        let value = low + (high - low) * (k as f32 + 0.5) / KEY_STEPS as f32;
        colour(value, scale, max, theme)
    })?;
    let label_y = key_bottom + theme.px(2.0);
    for (text, x, h) in [
        (short_number(low), key_left, HPos::Left),
        (short_number(high), key_right, HPos::Right),
    ] {
        let style = theme.text(theme.small_font_size * 0.9, theme.muted, (h, VPos::Top));
        label(area, text, (x, label_y), &style)?;
    }
    Ok(())
}

/// A number in at most about five characters: `0`, `1`, `0.25`, `−3.1`, `2e-5` (with a true
/// minus sign).
fn short_number(value: f32) -> String {
    let magnitude = value.abs();
    let sign = if value < 0.0 { "−" } else { "" };
    let text = if value == 0.0 {
        "0".to_string()
    } else if !(1e-2..1e4).contains(&magnitude) {
        format!("{magnitude:.0e}")
    } else if magnitude >= 10.0 {
        format!("{magnitude:.0}")
    } else {
        fixed(f64::from(magnitude), 2)
    };
    format!("{sign}{text}")
}
