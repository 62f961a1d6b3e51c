//! A line chart of a few named series: the training loss, the sequence accuracy, the accuracy
//! against the input length.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::charts::frame::{build_chart, runs, themed_mesh, x_range, Chart, Margins};
use crate::render::charts::frame::{MARGIN_RIGHT, UNIT_BAND, X_LABEL_AREA};
use crate::render::kit::{draw_legend, fixed, legend_height, nearest, LegendItem, Sample};
use crate::render::kit::{draw_note, label, CENTRE, LEFT, MARGIN};
use crate::render::{figure_data, RenderError, Theme};

/// Width of the y labels, in CSS pixels.
const Y_LABEL_AREA: f64 = 38.0;
/// A pointer this close to a point (CSS pixels) is over it.
const HOVER_RADIUS: f64 = 8.0;
/// Radius of a marker, in CSS pixels.
const MARKER: f64 = 3.0;

/// One named line of points `(x, y)`.
#[derive(Debug, Clone, Copy)]
pub struct Series<'a> {
    /// The legend's name for it.
    pub label: &'a str,
    /// The points, in x order; those with a non-finite coordinate are skipped.
    pub points: &'a [(f64, f64)],
}

/// What the line chart draws.
#[derive(Debug, Clone, Copy)]
pub struct CurvesView<'a> {
    /// The lines, drawn in order.
    pub series: &'a [Series<'a>],
    /// The x axis's name, e.g. `step`.
    pub x_label: &'a str,
    /// The y axis's name, e.g. `loss (nats/char)`.
    pub y_label: &'a str,
    /// The y axis's range, e.g. `(0, 1)` for an accuracy; `None` runs from 0 to a little over
    /// the largest value.
    pub y_range: Option<(f64, f64)>,
    /// Whether to mark each point (for charts of a few points).
    pub markers: bool,
    /// Written in the middle while no series has a point.
    pub empty_text: &'a str,
}

/// The finite points of series `series`, with their indices.
fn finite<'a>(series: &'a Series<'a>) -> impl Iterator<Item = (usize, (f64, f64))> + 'a {
    series
        .points
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, (x, y))| x.is_finite() && y.is_finite())
}

/// The legend's entries.
fn legend_items(view: &CurvesView, theme: &Theme) -> Vec<LegendItem> {
    view.series
        .iter()
        .enumerate()
        .map(|(k, series)| LegendItem {
            sample: Sample::Line {
                colour: theme.series_colour(k),
                width: theme.px(2.0).max(1) as u32,
                dash: None,
                point: view.markers,
            },
            label: series.label.to_string(),
        })
        .collect()
}

/// The plot's place and ranges: one function of the size, the view and the theme, shared by
/// the drawing and the hit test. Maps values to pixels exactly as plotters' chart does.
struct Plot {
    /// Pixel edges of the plotting area: x in `[left, right]`, y in `[top, bottom]`.
    left: i32,
    right: i32,
    top: i32,
    bottom: i32,
    x_range: (f64, f64),
    y_range: (f64, f64),
    legend: i32,
    empty: bool,
}

impl Plot {
    /// The plot of `view` in a `width × height` area.
    fn new(width: u32, height: u32, view: &CurvesView, theme: &Theme) -> Plot {
        let (width, height) = (width as i32, height as i32);
        let margin = theme.px(MARGIN);
        let items = legend_items(view, theme);
        let legend = legend_height(&items, margin, width - margin, theme);
        let points = || view.series.iter().flat_map(|s| finite(s).map(|(_, p)| p));
        let empty = points().next().is_none();
        let (x_low, x_high) = points().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.0), hi.max(p.0))
        });
        let x_range = x_range((!empty).then_some((x_low, x_high)));
        let x_range = (x_range.start, x_range.end);
        let y_range = match view.y_range {
            Some((low, high)) if low.is_finite() && high.is_finite() && low < high => (low, high),
            _ => {
                let largest = points().fold(0.0f64, |m, p| m.max(p.1));
                (0.0, if largest > 0.0 { largest * 1.05 } else { 1.0 })
            }
        };
        let left = margin + theme.px(Y_LABEL_AREA);
        let top = margin + legend + theme.px(UNIT_BAND);
        let right = (width - theme.px(MARGIN_RIGHT) - 1).max(left + 1);
        let bottom =
            (height - margin - theme.px(UNIT_BAND) - theme.px(X_LABEL_AREA) - 1).max(top + 1);
        Plot {
            left,
            right,
            top,
            bottom,
            x_range,
            y_range,
            legend,
            empty,
        }
    }

    /// `(x, y)` in backend pixels (y clamped to the range), as plotters maps it.
    fn pixel(&self, (x, y): (f64, f64)) -> (i32, i32) {
        let map = |v: f64, (low, high): (f64, f64), (from, to): (i32, i32)| {
            let length = f64::from(to - from) * (v - low) / (high - low);
            if to > from {
                from + (length + 1e-3).floor() as i32
            } else {
                from + (length - 1e-3).ceil() as i32
            }
        };
        let y = y.clamp(self.y_range.0, self.y_range.1);
        (
            map(x, self.x_range, (self.left, self.right)),
            map(y, self.y_range, (self.bottom, self.top)),
        )
    }
}

/// The point nearest to a pointer at `(x, y)` in backend pixels of a `width × height` drawing
/// area (CSS offset × pixel ratio on the page), as `(series, point)` indices into the view,
/// when it lies within a few CSS pixels; `None` otherwise.
pub fn curves_point_at(
    width: u32,
    height: u32,
    view: &CurvesView,
    theme: &Theme,
    x: f64,
    y: f64,
) -> Option<(usize, usize)> {
    let plot = Plot::new(width, height, view, theme);
    let points = view
        .series
        .iter()
        .enumerate()
        .flat_map(|(s, series)| finite(series).map(move |(i, p)| ((s, i), p)));
    let pixels = points.map(|(key, p)| (key, plot.pixel(p)));
    nearest(pixels, (x, y), f64::from(theme.px(HOVER_RADIUS)))
}

/// A number for an axis label with as few decimals as the range needs, with a true minus sign.
fn axis_number(value: f64, span: f64) -> String {
    let decimals = if span >= 20.0 {
        0
    } else if span >= 2.0 {
        1
    } else {
        2
    };
    let text = fixed(value, decimals);
    if text == "-0" {
        "0".to_string()
    } else {
        text.replace('-', "−")
    }
}

/// Draws each series as a line in its colour (series 0 `accent`, 1 `accent_2`, then a small
/// palette), breaking it at non-finite points, with a marker on each point when
/// `view.markers`; the legend on top, the y axis's name over the plot and the x axis's under
/// it. Without any finite point it draws the axes and `view.empty_text`.
pub fn draw_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &CurvesView,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let (width, height) = area.dim_in_pixel();
    let plot = Plot::new(width, height, view, theme);
    let margin = theme.px(MARGIN);
    let margins = Margins {
        top: margin + plot.legend + theme.px(UNIT_BAND),
        right: theme.px(MARGIN_RIGHT),
        bottom: margin + theme.px(UNIT_BAND),
        left: margin,
        x_labels: theme.px(X_LABEL_AREA),
        y_labels: theme.px(Y_LABEL_AREA),
    };
    let (x0, x1) = plot.x_range;
    let (y0, y1) = plot.y_range;
    let mut chart = build_chart(area, margins, x0..x1, y0..y1)?;
    draw_mesh(&mut chart, view, &plot, theme)?;
    let line_width = theme.px(2.0).max(1) as u32;
    for series in view.series {
        let axes = (view.x_label, view.y_label);
        figure_data::record_series(
            view.y_label,
            axes,
            series.label,
            series.points.iter().copied(),
        );
    }
    for (k, series) in view.series.iter().enumerate() {
        let style = theme.series_colour(k).stroke_width(line_width);
        let points = series
            .points
            .iter()
            .map(|&(x, y)| (x.is_finite() && y.is_finite()).then(|| plot.pixel((x, y))));
        for run in runs(points) {
            area.draw(&PathElement::new(run, style))?;
        }
        if view.markers {
            for (_, point) in finite(series) {
                area.draw(&Circle::new(
                    plot.pixel(point),
                    theme.px(MARKER),
                    theme.series_colour(k).filled(),
                ))?;
            }
        }
    }
    draw_names(area, view, &plot, theme)?;
    area.present()?;
    Ok(())
}

/// The axes with about one x label per 56 CSS pixels (whole ones only when every x is whole)
/// and one y label per 28, and a faint line at each y label.
fn draw_mesh<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    view: &CurvesView,
    plot: &Plot,
    theme: &Theme,
) -> Result<(), RenderError> {
    let whole_x = view
        .series
        .iter()
        .flat_map(|s| finite(s))
        .all(|(_, (x, _))| x.fract() == 0.0);
    let ((x0, x1), (y0, y1)) = (plot.x_range, plot.y_range);
    let x_labels = ((plot.right - plot.left) / theme.px(56.0)).clamp(2, 10) as usize;
    themed_mesh(&mut chart.configure_mesh(), theme)
        .disable_x_mesh()
        .x_labels(if plot.empty { 0 } else { x_labels })
        .x_label_formatter(&|x| {
            if whole_x && x.fract().abs() > 1e-9 {
                String::new()
            } else {
                axis_number(*x, x1 - x0)
            }
        })
        .y_labels(((plot.bottom - plot.top) / theme.px(28.0)).clamp(2, 6) as usize)
        .y_label_formatter(&|y| axis_number(*y, y1 - y0))
        .draw()?;
    Ok(())
}

/// The legend on top, the y axis's name over the plot, the x axis's under it, and the empty
/// text in the middle while there is no point.
fn draw_names<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &CurvesView,
    plot: &Plot,
    theme: &Theme,
) -> Result<(), RenderError> {
    let (width, height) = area.dim_in_pixel();
    let margin = theme.px(MARGIN);
    let items = legend_items(view, theme);
    draw_legend(area, &items, margin, margin, width as i32 - margin, theme)?;
    let y_name_at = (
        plot.left + theme.px(4.0),
        margin + plot.legend + theme.px(UNIT_BAND / 2.0),
    );
    let y_name = theme.small_text(theme.muted, LEFT);
    label(area, view.y_label, y_name_at, &y_name)?;
    let x_name_at = (
        (plot.left + plot.right) / 2,
        height as i32 - margin - theme.px(UNIT_BAND / 2.0),
    );
    let x_name = theme.small_text(theme.muted, CENTRE);
    label(area, format!("{} →", view.x_label), x_name_at, &x_name)?;
    if plot.empty {
        let centre = ((plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2);
        draw_note(area, view.empty_text, centre, theme)?;
    }
    Ok(())
}
