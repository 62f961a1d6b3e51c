//! The attention maps of a self-attention model, one small square heat map per layer and head
//! (queries down, keys across), wrapped into as many columns as fit.

use ndarray::ArrayView2;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::kit::shown;
use crate::render::kit::{clipped, draw_highlight, draw_placeholder, fitting_labels, label_every};
use crate::render::kit::{label, LEFT, RIGHT, UNDER};
use crate::render::kit::{part_at, split};
use crate::render::kit::{text_width, MARGIN};
use crate::render::{figure_data, RenderError, Theme};
use serde_json::json;

/// Height of a panel's title above it, in CSS pixels.
const PANEL_TITLE: f64 = 18.0;
/// Height of the key labels under a panel, in CSS pixels.
const KEY_LABELS: f64 = 16.0;
/// Gap between panels across, in CSS pixels.
const GAP_X: f64 = 14.0;
/// Gap between panels down, in CSS pixels.
const GAP_Y: f64 = 6.0;
/// Largest cell, in CSS pixels.
const MAX_CELL: f64 = 28.0;
/// Canvases narrower than this (CSS pixels) prefer fewer columns of panels.
const STACK_BELOW: f64 = 560.0;
/// Cells at least this big (CSS pixels) get a hatch line when masked.
const HATCH_FROM: f64 = 8.0;

/// What the self-attention maps draw.
#[derive(Debug, Clone, Copy)]
pub struct SelfAttentionMapView<'a> {
    /// One label per position (a space is shown as `␣`).
    pub tokens: &'a [String],
    /// One `[T, T]` map per panel: row i is query i's weights over keys j.
    pub maps: &'a [ArrayView2<'a, f64>],
    /// One title per panel, e.g. `layer 1 · head 2`.
    pub titles: &'a [String],
    /// Whether keys after the query are masked (`j > i`); masked cells are drawn in `unused`.
    pub causal: bool,
    /// A query row outlined in every panel (0-based).
    pub query: Option<usize>,
}

/// The panels' place in a `width × height` area, in backend pixels: one function of the size,
/// the view's shape and the theme, shared by the drawing and the hit test.
struct Panels {
    count: usize,
    tokens: usize,
    columns: usize,
    /// A panel's side.
    side: i32,
    /// The first column's left edge (row labels are left of it) and the first row's top.
    left: i32,
    top: i32,
}

impl Panels {
    /// The panels of `view` in a `width × height` area.
    fn new(width: u32, height: u32, view: &SelfAttentionMapView, theme: &Theme) -> Panels {
        let (width, height) = (width as i32, height as i32);
        let margin = theme.px(MARGIN);
        let tokens = view.tokens.len();
        let count = view.maps.len();
        let widest = view
            .tokens
            .iter()
            .map(|t| text_width(&shown(t), theme.small_font_size))
            .fold(0.0, f64::max);
        let labels = (widest.ceil() as i32 + theme.px(5.0)).min(width / 4);
        let left = margin + labels;
        let (gap_x, gap_y) = (theme.px(GAP_X), theme.px(GAP_Y));
        let bands = theme.px(PANEL_TITLE) + theme.px(KEY_LABELS);
        let cap = (tokens as f64 * f64::from(theme.px(MAX_CELL))).floor() as i32;
        // The most columns giving the largest panels; on a narrow canvas (a phone reads
        // down), the fewest giving panels at least 90% as large.
        let narrow = width < theme.px(STACK_BELOW);
        let side_for = |columns: usize| {
            let rows = count.div_ceil(columns) as i32;
            let columns = columns as i32;
            let across = (width - margin - left - gap_x * (columns - 1)) / columns;
            let down = (height - 2 * margin - bands * rows - gap_y * (rows - 1)) / rows;
            across.min(down).min(cap).max(1)
        };
        let choices = 1..=count.max(1);
        let best = choices.clone().map(side_for).max().unwrap_or(1);
        let columns = if narrow {
            choices
                .clone()
                .find(|&c| f64::from(side_for(c)) >= 0.9 * f64::from(best))
        } else {
            choices.clone().filter(|&c| side_for(c) == best).max()
        }
        .unwrap_or(1);
        Panels {
            count,
            tokens,
            columns,
            side: side_for(columns),
            left,
            top: margin,
        }
    }

    /// The grid of panel `p`: `[left, top, right, bottom]`.
    fn grid(&self, p: usize, theme: &Theme) -> [i32; 4] {
        let (column, row) = ((p % self.columns) as i32, (p / self.columns) as i32);
        let pitch_x = self.side + theme.px(GAP_X);
        let pitch_y = theme.px(PANEL_TITLE) + self.side + theme.px(KEY_LABELS) + theme.px(GAP_Y);
        let x0 = self.left + column * pitch_x;
        let y0 = self.top + row * pitch_y + theme.px(PANEL_TITLE);
        [x0, y0, x0 + self.side, y0 + self.side]
    }
}

/// The cell under a pointer at `(x, y)` in backend pixels of a `width × height` drawing area
/// (CSS offset × pixel ratio on the page), as `(panel, query i, key j)`, all 0-based; `None`
/// outside every panel's grid.
pub fn self_attention_cell_at(
    width: u32,
    height: u32,
    view: &SelfAttentionMapView,
    theme: &Theme,
    x: f64,
    y: f64,
) -> Option<(usize, usize, usize)> {
    let panels = Panels::new(width, height, view, theme);
    (0..panels.count).find_map(|p| {
        let [x0, y0, x1, y1] = panels.grid(p, theme);
        let i = part_at(y0, y1, panels.tokens, y)?;
        let j = part_at(x0, x1, panels.tokens, x)?;
        Some((p, i, j))
    })
}

/// Draws one square heat map per map of `view` in the sequential map (weights in [0, 1];
/// not-a-number in `muted`), each titled above, wrapped into the number of columns that
/// gives the largest panels (below 560 CSS pixels, the fewest giving panels at least 90% as
/// large, so a phone reads down). Query tokens label the rows of each row's first panel and
/// key tokens each panel's columns, thinned to fit. With `causal`, masked cells (`j > i`)
/// are `unused`, hatched when large enough. The `query` row is outlined in every panel.
pub fn draw_self_attention_maps<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &SelfAttentionMapView,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let (width, height) = area.dim_in_pixel();
    let panels = Panels::new(width, height, view, theme);
    if panels.count == 0 || panels.tokens == 0 {
        let centre = (width as i32 / 2, height as i32 / 2);
        return draw_placeholder(area, "no attention maps yet", centre, theme);
    }
    let look = PanelLook::new(view, &panels, theme);
    record_numbers(view, &look.tokens);
    for (p, map) in view.maps.iter().enumerate() {
        let grid = Grid {
            rect: panels.grid(p, theme),
            tokens: panels.tokens,
            inset: look.inset,
        };
        draw_panel_cells(area, view, map, &grid, look.hatch, theme)?;
        let title = view.titles.get(p).map_or("", String::as_str);
        draw_panel_labels(area, &grid, title, (&look, p % panels.columns == 0), theme)?;
        if let Some(i) = view.query.filter(|&i| i < panels.tokens) {
            let [x0, _, x1, _] = grid.rect;
            let cells = [
                x0,
                grid.row(i),
                x1 - grid.inset,
                grid.row(i + 1) - grid.inset,
            ];
            draw_highlight(area, cells, theme)?;
        }
    }
    area.present()?;
    Ok(())
}

/// Records, while a figure is exported, one matrix per panel titled as it is: a row per query,
/// a column per key (both named by the tokens as shown), the weights as drawn with `null` for
/// masked cells, whether the causal mask is on, and the outlined query (1-based).
fn record_numbers(view: &SelfAttentionMapView, tokens: &[String]) {
    for (p, map) in view.maps.iter().enumerate() {
        figure_data::record(|| {
            let title = view.titles.get(p).map_or("", String::as_str);
            let cell = |i: usize, j: usize| {
                if view.causal && j > i {
                    f64::NAN
                } else {
                    map.get((i, j)).copied().unwrap_or(f64::NAN)
                }
            };
            let matrix = figure_data::matrix(title, tokens, tokens, cell);
            let query = view.query.filter(|&i| i < tokens.len()).map(|i| i + 1);
            figure_data::with_fields(
                matrix,
                vec![("causal", json!(view.causal)), ("query", json!(query))],
            )
        });
    }
}

/// What every panel shares: the tokens as shown, which keys are labelled (each label measured,
/// every one that does not touch another), how often queries are labelled, the gap between
/// cells and whether masked cells are hatched.
struct PanelLook {
    tokens: Vec<String>,
    keys: Vec<usize>,
    every_query: usize,
    inset: i32,
    hatch: bool,
}

impl PanelLook {
    /// The look of `view`'s panels placed as `panels`.
    fn new(view: &SelfAttentionMapView, panels: &Panels, theme: &Theme) -> PanelLook {
        let tokens: Vec<String> = view.tokens.iter().map(|t| shown(t)).collect();
        let pitch = f64::from(panels.side) / panels.tokens as f64;
        let keys: Vec<(f64, f64)> = tokens
            .iter()
            .enumerate()
            .map(|(j, t)| {
                (
                    (j as f64 + 0.5) * pitch,
                    text_width(t, theme.small_font_size),
                )
            })
            .collect();
        PanelLook {
            keys: fitting_labels(&keys, f64::from(theme.px(2.0))),
            tokens,
            every_query: label_every(pitch, theme.small_font_size * 1.1),
            inset: if pitch >= f64::from(theme.px(5.0)) {
                theme.px(1.0).max(1)
            } else {
                0
            },
            hatch: pitch >= f64::from(theme.px(HATCH_FROM)),
        }
    }
}

/// One panel's grid: `[x0, y0, x1, y1]` split into `tokens × tokens` cells.
struct Grid {
    rect: [i32; 4],
    tokens: usize,
    inset: i32,
}

impl Grid {
    /// The left edge of key `j`'s column.
    fn column(&self, j: usize) -> i32 {
        split(self.rect[0], self.rect[2], self.tokens, j)
    }

    /// The top edge of query `i`'s row.
    fn row(&self, i: usize) -> i32 {
        split(self.rect[1], self.rect[3], self.tokens, i)
    }
}

/// One panel's cells: masked ones `unused` (hatched when `hatch`), the others in the
/// sequential map (not-a-number in `muted`).
fn draw_panel_cells<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &SelfAttentionMapView,
    map: &ArrayView2<f64>,
    grid: &Grid,
    hatch: bool,
    theme: &Theme,
) -> Result<(), RenderError> {
    let inset = grid.inset;
    for i in 0..grid.tokens {
        for j in 0..grid.tokens {
            let corners = [
                (grid.column(j), grid.row(i)),
                (grid.column(j + 1) - inset, grid.row(i + 1) - inset),
            ];
            if view.causal && j > i {
                area.draw(&Rectangle::new(corners, theme.unused.filled()))?;
                if hatch {
                    area.draw(&PathElement::new(
                        vec![corners[0], corners[1]],
                        theme.background.stroke_width(1),
                    ))?;
                }
                continue;
            }
            let value = map.get((i, j)).copied().unwrap_or(f64::NAN);
            let fill = if value.is_nan() {
                theme.muted
            } else {
                theme.sequential(value)
            };
            area.draw(&Rectangle::new(corners, fill.filled()))?;
        }
    }
    Ok(())
}

/// One panel's title above it, its keys under it, and its queries left of it when it is the
/// first of its row (`first`).
fn draw_panel_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    grid: &Grid,
    title: &str,
    (look, first): (&PanelLook, bool),
    theme: &Theme,
) -> Result<(), RenderError> {
    let ([x0, y0, x1, y1], inset) = (grid.rect, grid.inset);
    let title = clipped(title, f64::from(x1 - x0), theme.small_font_size);
    let title_at = (x0, y0 - theme.px(PANEL_TITLE / 2.0));
    label(area, title, title_at, &theme.small_text(theme.ink, LEFT))?;
    let key_style = theme.small_text(theme.muted, UNDER);
    for &j in look.keys.iter().filter(|&&j| j < grid.tokens) {
        let at = (
            (grid.column(j) + grid.column(j + 1) - inset) / 2,
            y1 + theme.px(3.0),
        );
        label(area, look.tokens[j].as_str(), at, &key_style)?;
    }
    if first {
        let query_style = theme.small_text(theme.ink, RIGHT);
        for i in (0..grid.tokens).filter(|i| i % look.every_query == 0) {
            let at = (
                x0 - theme.px(4.0),
                (grid.row(i) + grid.row(i + 1) - inset) / 2,
            );
            label(area, look.tokens[i].as_str(), at, &query_style)?;
        }
    }
    Ok(())
}
