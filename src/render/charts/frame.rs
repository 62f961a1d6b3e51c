//! The frame of the charts plotters lays out: the margins and axis-label bands around the
//! plotting area, the theme's mesh, the x range of a set of points, and the frame the line
//! charts over steps share (the legend on top, the unit over the plot, the x axis's name).

use std::ops::Range;

use plotters::chart::MeshStyle;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::kit::{draw_legend, label, legend_height, LegendItem, LEFT, MARGIN, TOP_LEFT};
use crate::render::{RenderError, Theme};

/// A chart of `f64` against `f64`.
pub(crate) type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Room right of a line chart's plot, for its last x label, in CSS pixels.
pub(crate) const MARGIN_RIGHT: f64 = 12.0;
/// Height of the x labels under a line chart, in CSS pixels.
pub(crate) const X_LABEL_AREA: f64 = 20.0;
/// Height of the band naming a line chart's unit over the plot, in CSS pixels.
pub(crate) const UNIT_BAND: f64 = 16.0;

/// Where a chart's plotting area goes: the margins around everything and the bands of axis
/// labels, in device pixels.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Margins {
    /// Margins above, right of, below and left of the chart.
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
    pub left: i32,
    /// Height of the x labels' band under the plot.
    pub x_labels: i32,
    /// Width of the y labels' band left of the plot.
    pub y_labels: i32,
}

/// A chart over `x × y` in `area`, placed by `margins`.
pub(crate) fn build_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    margins: Margins,
    x: Range<f64>,
    y: Range<f64>,
) -> Result<Chart<'a, DB>, RenderError> {
    let chart = ChartBuilder::on(area)
        .margin_top(margins.top)
        .margin_right(margins.right)
        .margin_bottom(margins.bottom)
        .margin_left(margins.left)
        .x_label_area_size(margins.x_labels)
        .y_label_area_size(margins.y_labels)
        .build_cartesian_2d(x, y)?;
    Ok(chart)
}

/// The theme's mesh: labels in the small font, muted axes, and a faint line at each y label
/// (no lighter lines between them).
pub(crate) fn themed_mesh<'m, 'a, 'b, X: Ranged, Y: Ranged, DB: DrawingBackend>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
    theme: &Theme,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB> {
    mesh.label_style(theme.small_text(theme.ink, TOP_LEFT))
        .axis_style(theme.muted)
        .max_light_lines(0)
        .bold_line_style(theme.unused.mix(0.6))
}

/// The x range of points running from `low` to `high` (`None` without any point): `0..1`
/// when empty, one unit around a single x, else exactly their span.
pub(crate) fn x_range(span: Option<(f64, f64)>) -> Range<f64> {
    match span {
        None => 0.0..1.0,
        Some((low, high)) if low == high => low - 0.5..high + 0.5,
        Some((low, high)) => low..high,
    }
}

/// The runs of consecutive points that are there (`Some`), in order, each one line to draw.
pub(crate) fn runs<T>(points: impl IntoIterator<Item = Option<T>>) -> Vec<Vec<T>> {
    let mut runs = vec![Vec::new()];
    for point in points {
        match point {
            Some(point) => runs.last_mut().expect("never empty").push(point),
            None if runs.last().is_some_and(|run| !run.is_empty()) => runs.push(Vec::new()),
            None => {}
        }
    }
    runs.retain(|run| !run.is_empty());
    runs
}

/// The frame of a line chart over steps: its legend on top, then a band with the unit, the
/// plot, and the x axis's name under the y labels.
pub(crate) struct LineFrame {
    items: Vec<LegendItem>,
    legend: i32,
    unit_band: i32,
}

impl LineFrame {
    /// The frame of a chart with the legend `items` in a `width`-pixel area.
    pub(crate) fn new(items: Vec<LegendItem>, width: u32, theme: &Theme) -> LineFrame {
        let (left, right) = (theme.px(MARGIN), width as i32 - theme.px(MARGIN));
        let legend = legend_height(&items, left, right, theme);
        LineFrame {
            items,
            legend,
            unit_band: theme.px(UNIT_BAND),
        }
    }

    /// The chart over `x × y` inside the frame, its y labels `y_labels` CSS pixels wide.
    pub(crate) fn chart<'a, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
        y_labels: f64,
        (x, y): (Range<f64>, Range<f64>),
        theme: &Theme,
    ) -> Result<Chart<'a, DB>, RenderError> {
        let margins = Margins {
            top: theme.px(MARGIN) + self.legend + self.unit_band,
            right: theme.px(MARGIN_RIGHT),
            bottom: theme.px(MARGIN),
            left: theme.px(MARGIN),
            x_labels: theme.px(X_LABEL_AREA),
            y_labels: theme.px(y_labels),
        };
        build_chart(area, margins, x, y)
    }

    /// The legend, `unit` over the plot right of its left edge `plot_left` (the top y label
    /// sits left of it), and `x_name` under the y labels.
    pub(crate) fn draw_names<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        (unit, x_name): (&str, &str),
        plot_left: i32,
        theme: &Theme,
    ) -> Result<(), RenderError> {
        let (width, height) = area.dim_in_pixel();
        let margin = theme.px(MARGIN);
        draw_legend(
            area,
            &self.items,
            margin,
            margin,
            width as i32 - margin,
            theme,
        )?;
        let muted = theme.small_text(theme.muted, LEFT);
        let unit_at = (
            plot_left + theme.px(4.0),
            margin + self.legend + self.unit_band / 2,
        );
        label(area, unit, unit_at, &muted)?;
        let name_y = height as i32 - margin - theme.px(X_LABEL_AREA) / 2;
        label(area, x_name, (margin, name_y), &muted)
    }
}
