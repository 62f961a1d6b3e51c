//! The attention of an encoder–decoder: which input positions each output step looked at,
//! as a heat map (outputs down, inputs across) or as links between the two strings.

use ndarray::ArrayView2;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::kit::{draw_heading, draw_placeholder, draw_unit_key, unit_key_width};
use crate::render::kit::{part_at, shown, split, text_width, title_y, MARGIN, TITLE_BAND};
use crate::render::{figure_data, RenderError, Theme};
use serde_json::json;

/// Height of the input labels above the grid, in CSS pixels.
const COLUMN_LABELS: f64 = 18.0;
/// Largest heat-map cell, in CSS pixels.
const MAX_CELL: f64 = 56.0;
/// Gap above the "Σ selected" row, in CSS pixels.
const SUM_GAP: f64 = 6.0;
/// Gap between the row labels and the grid, in CSS pixels.
const LABEL_GAP: f64 = 6.0;
/// Height of the character boxes of the links view, in CSS pixels.
const BOX: f64 = 22.0;
/// Height of the "Σ selected" strip of the links view, in CSS pixels.
const STRIP: f64 = 10.0;
/// The name of the row summing the selected rows.
pub(crate) const SUM_LABEL: &str = "Σ selected";

/// How the attention map is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapStyle {
    /// A grid with outputs down and inputs across, each cell coloured by its weight.
    Heatmap,
    /// The input characters in a row on top, the output characters in a row at the bottom,
    /// and a line from each output to each input, as opaque as its weight.
    Links,
}

/// What the attention map draws.
#[derive(Debug, Clone, Copy)]
pub struct AttentionMapView<'a> {
    /// One label per input position (characters; a space is shown as `␣`).
    pub input: &'a [String],
    /// One label per output step.
    pub output: &'a [String],
    /// The attention weights `[outputs, inputs]`; each row sums to 1.
    pub weights: ArrayView2<'a, f64>,
    /// Output rows the reader selected (0-based). When any, an extra row "Σ selected" shows
    /// their summed attention per input (coloured up to 1: full coverage), and their labels
    /// are highlighted.
    pub selected: &'a [usize],
    /// The output step being stepped through (0-based): its row is outlined.
    pub highlight: Option<usize>,
    /// Grid or links.
    pub style: MapStyle,
    /// The caption at the top left.
    pub title: &'a str,
}

impl AttentionMapView<'_> {
    /// The selected rows that exist, each once, in order.
    pub(crate) fn selected_rows(&self) -> Vec<usize> {
        let outputs = self.weights.nrows();
        let mut rows: Vec<usize> = self
            .selected
            .iter()
            .copied()
            .filter(|&i| i < outputs)
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    /// The summed attention of the selected rows, per input.
    pub(crate) fn selected_sum(&self) -> Vec<f64> {
        let rows = self.selected_rows();
        (0..self.weights.ncols())
            .map(|j| {
                rows.iter()
                    .map(|&i| self.weights[[i, j]])
                    .filter(|w| w.is_finite())
                    .sum()
            })
            .collect()
    }
}

/// Where everything goes in a `width × height` area, in backend pixels: one function of the
/// size, the view's shape and the theme, shared by the drawing and the hit test.
pub(crate) struct Layout {
    /// The number of output steps (rows) and input positions (columns).
    pub outputs: usize,
    pub inputs: usize,
    /// Row labels end here (right-aligned).
    pub label_right: i32,
    /// The inputs span `[left, right)`; in the links view the outputs do too.
    pub left: i32,
    pub right: i32,
    /// Heat map: the output rows span `[top, bottom)`. Links: the input characters' band.
    pub top: i32,
    pub bottom: i32,
    /// Links: the output characters' band (heat map: the rows again).
    pub output_band: [i32; 2],
    /// The "Σ selected" row, when rows are selected.
    pub sum_band: Option<[i32; 2]>,
}

/// What differs between the two styles' layouts.
struct Bands {
    right: i32,
    top: i32,
    bottom: i32,
    output_band: [i32; 2],
    sum_band: Option<[i32; 2]>,
}

/// The heat map's grid: square cells as large as fit (up to a limit) from `left`, under the
/// title and the input labels, with the "Σ selected" row under it.
fn heatmap_bands(
    height: i32,
    (left, right): (i32, i32),
    (outputs, inputs): (usize, usize),
    with_sum: bool,
    theme: &Theme,
) -> Bands {
    let margin = theme.px(MARGIN);
    let top = margin + theme.px(TITLE_BAND) + theme.px(COLUMN_LABELS);
    let sum_room = if with_sum { theme.px(SUM_GAP) } else { 0 };
    let rows = outputs + usize::from(with_sum);
    let room_x = f64::from(right - left) / inputs.max(1) as f64;
    let room_y = f64::from(height - margin - top - sum_room) / rows.max(1) as f64;
    let cell = room_x
        .min(room_y)
        .min(f64::from(theme.px(MAX_CELL)))
        .max(1.0);
    let bottom = top + (cell * outputs as f64).round() as i32;
    let sum_top = bottom + sum_room;
    Bands {
        right: left + (cell * inputs as f64).round() as i32,
        top,
        bottom,
        output_band: [top, bottom],
        sum_band: with_sum.then(|| [sum_top, sum_top + cell.round() as i32]),
    }
}

/// The links' bands: the input characters under the title, the "Σ selected" strip under
/// them, the output characters at the bottom.
fn links_bands(height: i32, right: i32, with_sum: bool, theme: &Theme) -> Bands {
    let margin = theme.px(MARGIN);
    let top = margin + theme.px(TITLE_BAND);
    let bottom = top + theme.px(BOX);
    let output_bottom = (height - margin).max(bottom + 2);
    let output_top = (output_bottom - theme.px(BOX)).max(bottom + 1);
    let sum_top = bottom + theme.px(3.0);
    Bands {
        right,
        top,
        bottom,
        output_band: [output_top, output_bottom],
        sum_band: with_sum.then(|| [sum_top, sum_top + theme.px(STRIP)]),
    }
}

impl Layout {
    /// The layout of `view` in a `width × height` area.
    pub(crate) fn new(width: u32, height: u32, view: &AttentionMapView, theme: &Theme) -> Layout {
        let (width, height) = (width as i32, height as i32);
        let (outputs, inputs) = view.weights.dim();
        let margin = theme.px(MARGIN);
        let with_sum = !view.selected_rows().is_empty();
        let names: Vec<String> = match view.style {
            MapStyle::Heatmap => (0..outputs)
                .map(|i| shown(view.output.get(i).map_or("", String::as_str)))
                .collect(),
            MapStyle::Links => vec!["input".to_string(), "output".to_string()],
        };
        let widest = names
            .iter()
            .map(String::as_str)
            .chain(with_sum.then_some(SUM_LABEL))
            .map(|name| text_width(name, theme.small_font_size))
            .fold(0.0, f64::max);
        let labels = (widest.ceil() as i32 + theme.px(LABEL_GAP))
            .max(theme.px(14.0))
            .min(width * 2 / 5);
        let left = margin + labels;
        let right = (width - margin).max(left + 1);
        let label_right = left - theme.px(LABEL_GAP);
        let bands = match view.style {
            MapStyle::Heatmap => {
                heatmap_bands(height, (left, right), (outputs, inputs), with_sum, theme)
            }
            MapStyle::Links => links_bands(height, right, with_sum, theme),
        };
        Layout {
            outputs,
            inputs,
            label_right,
            left,
            right: bands.right,
            top: bands.top,
            bottom: bands.bottom,
            output_band: bands.output_band,
            sum_band: bands.sum_band,
        }
    }

    /// The left edge of input `j`'s column.
    pub(crate) fn column(&self, j: usize) -> i32 {
        split(self.left, self.right, self.inputs, j)
    }

    /// The top edge of output `i`'s row (heat map).
    pub(crate) fn row(&self, i: usize) -> i32 {
        split(self.top, self.bottom, self.outputs, i)
    }

    /// The left edge of output `i`'s slot along the bottom (links).
    pub(crate) fn output_slot(&self, i: usize) -> i32 {
        split(self.left, self.right, self.outputs, i)
    }
}

/// The part of an attention map under a pointer at `(x, y)` in backend pixels of a
/// `width × height` drawing area (CSS offset × pixel ratio on the page), as
/// `(output row, input column)`, both 0-based. Heat map: a cell gives `Some(column)`, the
/// row's label `None`. Links: an output character at the bottom gives `(row, None)`.
/// `None` elsewhere (the "Σ selected" row and the input characters included).
pub fn attention_cell_at(
    width: u32,
    height: u32,
    view: &AttentionMapView,
    theme: &Theme,
    x: f64,
    y: f64,
) -> Option<(usize, Option<usize>)> {
    let layout = Layout::new(width, height, view, theme);
    if layout.outputs == 0 || layout.inputs == 0 {
        return None;
    }
    match view.style {
        MapStyle::Heatmap => {
            let row = part_at(layout.top, layout.bottom, layout.outputs, y)?;
            if x >= f64::from(theme.px(MARGIN)) && x < f64::from(layout.left) {
                return Some((row, None));
            }
            Some((
                row,
                Some(part_at(layout.left, layout.right, layout.inputs, x)?),
            ))
        }
        MapStyle::Links => {
            let [top, bottom] = layout.output_band;
            part_at(top, bottom, 1, y)?;
            Some((part_at(layout.left, layout.right, layout.outputs, x)?, None))
        }
    }
}

/// Records, while a figure is exported, the weights as drawn (a row per output step, a column
/// per input character, both named as shown), the selected rows (1-based) with their
/// "Σ selected" sums per input, and the highlighted row (1-based).
fn record_numbers(view: &AttentionMapView) {
    figure_data::record(|| {
        let (outputs, inputs) = view.weights.dim();
        let name = |labels: &[String], i: usize| shown(labels.get(i).map_or("", String::as_str));
        let rows: Vec<String> = (0..outputs).map(|i| name(view.output, i)).collect();
        let columns: Vec<String> = (0..inputs).map(|j| name(view.input, j)).collect();
        let matrix = figure_data::matrix(view.title, &rows, &columns, |i, j| view.weights[[i, j]]);
        let selected: Vec<usize> = view.selected_rows().iter().map(|i| i + 1).collect();
        let sum = (!selected.is_empty()).then(|| figure_data::numbers(view.selected_sum()));
        let highlight = view.highlight.filter(|&i| i < outputs).map(|i| i + 1);
        figure_data::with_fields(
            matrix,
            vec![
                ("selected", json!(selected)),
                (SUM_LABEL, json!(sum)),
                ("highlight", json!(highlight)),
            ],
        )
    });
}

/// Draws the attention map of `view`: the title at the top left (with the colour key at the
/// top right in the heat-map style), then the grid or the links. Heat map: one cell per
/// weight in the sequential map, its value written in it (`.83`) when the cell is large
/// enough and the value is not 0 at two decimals; input labels above, output labels left
/// (selected ones on a tinted label), the highlighted row outlined. Without any output step
/// it writes "no output yet".
pub fn draw_attention_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &AttentionMapView,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let (width, height) = area.dim_in_pixel();
    let margin = theme.px(MARGIN);
    let layout = Layout::new(width, height, view, theme);
    let with_key = view.style == MapStyle::Heatmap
        && layout.outputs > 0
        && text_width(view.title, theme.font_size) + f64::from(unit_key_width(theme) + margin * 3)
            <= f64::from(width);
    let key_room = if with_key { unit_key_width(theme) } else { 0 };
    draw_heading(area, view.title, key_room, theme)?;
    if layout.outputs == 0 || layout.inputs == 0 {
        let centre = (width as i32 / 2, (height as i32 + theme.px(TITLE_BAND)) / 2);
        return draw_placeholder(area, "no output yet", centre, theme);
    }
    record_numbers(view);
    if with_key {
        draw_unit_key(area, width as i32 - margin, title_y(theme), theme)?;
    }
    match view.style {
        MapStyle::Heatmap => super::grid::draw_grid(area, view, &layout, theme)?,
        MapStyle::Links => super::links::draw_links(area, view, &layout, theme)?,
    }
    area.present()?;
    Ok(())
}
