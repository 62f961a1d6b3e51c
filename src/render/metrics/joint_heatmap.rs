//! A joint distribution `p(x, y)` as a heat map, with its marginals as bars beside it.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::engine::metrics::MutualInformation;
use crate::render::kit::{fits, ink_on, split};
use crate::render::kit::{label, CENTRE, LEFT, OVER, RIGHT};
use crate::render::metrics::probability;
use crate::render::{figure_data, RenderError, Theme};

/// Outer margin, in CSS pixels.
const MARGIN: f64 = 8.0;
/// Width of the row labels `x1..` (and `p(y)`) left of the grid, in CSS pixels.
const ROW_LABELS: f64 = 36.0;
/// Height of the column labels `y1..` (and `p(x)`) above the grid, in CSS pixels.
const COLUMN_LABELS: f64 = 20.0;
/// Width of the `p(x)` bar column right of the grid, in CSS pixels.
const RIGHT_BAND: f64 = 72.0;
/// Height of the `p(y)` bar row under the grid, in CSS pixels.
const BOTTOM_BAND: f64 = 60.0;
/// Room left in the right band for the value written past a bar's end, in CSS pixels.
const VALUE_ROOM_RIGHT: f64 = 34.0;
/// Room left in the bottom band for the value written over a bar, in CSS pixels.
const VALUE_ROOM_BOTTOM: f64 = 16.0;
/// Gap between the grid and the bands, in CSS pixels.
const GAP: f64 = 6.0;
/// Values are written in the cells only up to this many rows and columns.
const MAX_LABELLED: usize = 6;

/// Where the heat map and its bands go, in backend pixels.
struct Layout {
    rows: usize,
    cols: usize,
    /// The grid `[left, right) × [top, bottom)`.
    left: i32,
    top: i32,
    right: i32,
    bottom: i32,
    /// The `p(x)` band's left edge and the `p(y)` band's baseline.
    band_left: i32,
    band_bottom: i32,
    /// The gap left between cells.
    inset: i32,
    /// Gap between the grid and its labels.
    label_gap: i32,
}

impl Layout {
    /// The layout of a `rows × cols` joint in a `width × height` area.
    fn new((width, height): (u32, u32), (rows, cols): (usize, usize), theme: &Theme) -> Layout {
        let (width, height) = (width as i32, height as i32);
        let margin = theme.px(MARGIN);
        let gap = theme.px(GAP);
        let left = margin + theme.px(ROW_LABELS);
        let top = margin + theme.px(COLUMN_LABELS);
        let right = (width - margin - theme.px(RIGHT_BAND) - gap).max(left + 1);
        let bottom = (height - margin - theme.px(BOTTOM_BAND) - gap).max(top + 1);
        Layout {
            rows,
            cols,
            left,
            top,
            right,
            bottom,
            band_left: right + gap,
            band_bottom: bottom + gap + theme.px(BOTTOM_BAND),
            inset: theme.px(1.0).max(1),
            label_gap: theme.px(6.0),
        }
    }

    /// The left edge of column `j`.
    fn column(&self, j: usize) -> i32 {
        split(self.left, self.right, self.cols, j)
    }

    /// The top edge of row `i`.
    fn row(&self, i: usize) -> i32 {
        split(self.top, self.bottom, self.rows, i)
    }
}

/// Draws the normalised joint `p(x, y)` (rows `x1..`, columns `y1..`) as a heat map in the
/// sequential map, scaled so the largest cell is darkest, with the values in the cells when
/// the grid is at most 6 × 6; `p(x)` as a bar per row at the right and `p(y)` as a bar per
/// column at the bottom, both on one scale (the largest marginal is a full bar).
pub fn draw_joint_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    mi: &MutualInformation,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let (rows, cols) = mi.joint.dim();
    if rows == 0 || cols == 0 {
        area.present()?;
        return Ok(());
    }
    figure_data::record(|| {
        // As drawn: rows x1.., columns y1.., each value clamped to [0, 1].
        let row_names: Vec<String> = (1..=rows).map(|i| format!("x{i}")).collect();
        let column_names: Vec<String> = (1..=cols).map(|j| format!("y{j}")).collect();
        let cell = |i: usize, j: usize| probability(mi.joint[[i, j]]);
        let matrix = figure_data::matrix("p(x, y)", &row_names, &column_names, cell);
        let margin = |values: &ndarray::Array1<f64>| {
            figure_data::numbers(values.iter().map(|&v| probability(v)))
        };
        figure_data::with_fields(
            matrix,
            vec![("p(x)", margin(&mi.p_x)), ("p(y)", margin(&mi.p_y))],
        )
    });
    let layout = Layout::new(area.dim_in_pixel(), (rows, cols), theme);
    draw_cells(area, mi, &layout, theme)?;
    draw_labels(area, &layout, theme)?;
    draw_marginals(area, mi, &layout, theme)?;
    draw_band_names(area, &layout, theme)?;
    area.present()?;
    Ok(())
}

/// The cells, a one-pixel background gap between neighbours, with their values when the
/// grid is small.
fn draw_cells<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    mi: &MutualInformation,
    layout: &Layout,
    theme: &Theme,
) -> Result<(), RenderError> {
    let largest = mi.joint.iter().copied().fold(0.0, f64::max);
    let inset = layout.inset;
    let labelled = layout.rows <= MAX_LABELLED && layout.cols <= MAX_LABELLED;
    for ((i, j), &value) in mi.joint.indexed_iter() {
        let value = probability(value);
        let shade = if largest > 0.0 { value / largest } else { 0.0 };
        let colour = theme.sequential(shade);
        let (x0, x1) = (layout.column(j), layout.column(j + 1));
        let (y0, y1) = (layout.row(i), layout.row(i + 1));
        area.draw(&Rectangle::new(
            [(x0, y0), (x1 - inset, y1 - inset)],
            colour.filled(),
        ))?;
        let text = format!("{value:.2}");
        if labelled && fits(&text, f64::from(x1 - x0 - inset), theme.font_size) {
            let style = theme.body_text(ink_on(colour, theme), CENTRE);
            let centre = ((x0 + x1 - inset) / 2, (y0 + y1 - inset) / 2);
            label(area, text, centre, &style)?;
        }
    }
    Ok(())
}

/// Row labels `x1..` left of the grid and column labels `y1..` above it.
fn draw_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    layout: &Layout,
    theme: &Theme,
) -> Result<(), RenderError> {
    let (inset, label_gap) = (layout.inset, layout.label_gap);
    let beside = theme.small_text(theme.ink, RIGHT);
    for i in 0..layout.rows {
        let y = (layout.row(i) + layout.row(i + 1) - inset) / 2;
        label(
            area,
            format!("x{}", i + 1),
            (layout.left - label_gap, y),
            &beside,
        )?;
    }
    let over = theme.small_text(theme.ink, OVER);
    for j in 0..layout.cols {
        let x = (layout.column(j) + layout.column(j + 1) - inset) / 2;
        label(
            area,
            format!("y{}", j + 1),
            (x, layout.top - label_gap),
            &over,
        )?;
    }
    Ok(())
}

/// The marginals on one scale: `p(x)` as a bar per row in the right band, `p(y)` as a bar
/// per column in the bottom band, each with its value where it fits.
fn draw_marginals<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    mi: &MutualInformation,
    layout: &Layout,
    theme: &Theme,
) -> Result<(), RenderError> {
    let scale = mi
        .p_x
        .iter()
        .chain(&mi.p_y)
        .copied()
        .map(probability)
        .fold(0.0, f64::max);
    let fraction = |value: f64| {
        if scale > 0.0 {
            probability(value) / scale
        } else {
            0.0
        }
    };
    let (inset, band_left, band_bottom) = (layout.inset, layout.band_left, layout.band_bottom);
    let bar_room = (theme.px(RIGHT_BAND) - theme.px(VALUE_ROOM_RIGHT)).max(1);
    let bar_inset = theme.px(2.0);
    for (i, &value) in mi.p_x.iter().enumerate() {
        let length = (f64::from(bar_room) * fraction(value)).round() as i32;
        let (y0, y1) = (
            layout.row(i) + bar_inset,
            layout.row(i + 1) - inset - bar_inset,
        );
        area.draw(&Rectangle::new(
            [(band_left, y0), (band_left + length, y1.max(y0 + 1))],
            theme.accent.filled(),
        ))?;
        if f64::from(layout.row(i + 1) - layout.row(i)) >= theme.small_font_size {
            let text = format!("{:.2}", probability(value));
            let at = (band_left + length + theme.px(4.0), (y0 + y1) / 2);
            label(area, text, at, &theme.small_text(theme.ink, LEFT))?;
        }
    }
    let bar_room = (theme.px(BOTTOM_BAND) - theme.px(VALUE_ROOM_BOTTOM)).max(1);
    let over = theme.small_text(theme.ink, OVER);
    for (j, &value) in mi.p_y.iter().enumerate() {
        let length = (f64::from(bar_room) * fraction(value)).round() as i32;
        let (x0, x1) = (
            layout.column(j) + bar_inset,
            layout.column(j + 1) - inset - bar_inset,
        );
        area.draw(&Rectangle::new(
            [(x0, band_bottom - length), (x1.max(x0 + 1), band_bottom)],
            theme.accent.filled(),
        ))?;
        let text = format!("{:.2}", probability(value));
        let room = f64::from(layout.column(j + 1) - layout.column(j));
        if fits(&text, room, theme.small_font_size) {
            let at = ((x0 + x1) / 2, band_bottom - length - theme.px(3.0));
            label(area, text, at, &over)?;
        }
    }
    Ok(())
}

/// The bands' names and the baselines the bars grow from.
fn draw_band_names<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    layout: &Layout,
    theme: &Theme,
) -> Result<(), RenderError> {
    let (band_left, band_bottom, label_gap) =
        (layout.band_left, layout.band_bottom, layout.label_gap);
    let p_x = theme.small_text(theme.muted, (HPos::Left, VPos::Bottom));
    label(area, "p(x)", (band_left, layout.top - label_gap), &p_x)?;
    let p_y = theme.small_text(theme.muted, (HPos::Right, VPos::Bottom));
    let at = (layout.left - label_gap, band_bottom - theme.px(8.0));
    label(area, "p(y)", at, &p_y)?;
    let axis = theme.muted.stroke_width(1);
    area.draw(&PathElement::new(
        vec![
            (band_left, layout.top),
            (band_left, layout.bottom - layout.inset),
        ],
        axis,
    ))?;
    area.draw(&PathElement::new(
        vec![
            (layout.left, band_bottom),
            (layout.right - layout.inset, band_bottom),
        ],
        axis,
    ))?;
    Ok(())
}
