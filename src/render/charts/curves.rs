//! A line chart of a few named series: the training loss, the sequence accuracy, the accuracy
//! against the input length.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::kit::{draw_legend, legend_height, LegendItem, Sample};
use crate::render::kit::{draw_note, label, CENTRE, LEFT, TOP_LEFT};
use crate::render::{RenderError, Theme};

const MARGIN: f64 = 6.0;
const MARGIN_RIGHT: f64 = 12.0;
/// Height of the x labels, in CSS pixels.
const X_LABEL_AREA: f64 = 20.0;
/// Width of the y labels, in CSS pixels.
const Y_LABEL_AREA: f64 = 38.0;
/// Height of the band naming the y axis over the plot, and the x axis under it, in CSS pixels.
const UNIT_BAND: f64 = 16.0;
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
        let x_range = if empty {
            (0.0, 1.0)
        } else if x_low == x_high {
            (x_low - 0.5, x_high + 0.5)
        } else {
            (x_low, x_high)
        };
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
    let radius = f64::from(theme.px(HOVER_RADIUS));
    view.series
        .iter()
        .enumerate()
        .flat_map(|(s, series)| finite(series).map(move |(i, p)| (s, i, p)))
        .map(|(s, i, p)| {
            let (px, py) = plot.pixel(p);
            ((f64::from(px) - x).hypot(f64::from(py) - y), s, i)
        })
        .filter(|(distance, _, _)| *distance <= radius)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, s, i)| (s, i))
}

/// A number for an axis label with as few decimals as the range needs.
fn axis_number(value: f64, span: f64) -> String {
    let decimals = if span >= 20.0 {
        0
    } else if span >= 2.0 {
        1
    } else {
        2
    };
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
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
    let font = theme.small_text(theme.ink, TOP_LEFT);
    let (x0, x1) = plot.x_range;
    let (y0, y1) = plot.y_range;
    let mut chart = ChartBuilder::on(area)
        .margin_top(margin + plot.legend + theme.px(UNIT_BAND))
        .margin_left(margin)
        .margin_right(theme.px(MARGIN_RIGHT))
        .margin_bottom(margin + theme.px(UNIT_BAND))
        .x_label_area_size(theme.px(X_LABEL_AREA))
        .y_label_area_size(theme.px(Y_LABEL_AREA))
        .build_cartesian_2d(x0..x1, y0..y1)?;
    let whole_x = view
        .series
        .iter()
        .flat_map(|s| finite(s))
        .all(|(_, (x, _))| x.fract() == 0.0);
    let x_span = x1 - x0;
    let x_labels = ((plot.right - plot.left) / theme.px(56.0)).clamp(2, 10) as usize;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(if plot.empty { 0 } else { x_labels })
        .x_label_formatter(&|x| {
            if whole_x && x.fract().abs() > 1e-9 {
                String::new()
            } else {
                axis_number(*x, x_span)
            }
        })
        .y_labels(((plot.bottom - plot.top) / theme.px(28.0)).clamp(2, 6) as usize)
        .y_label_formatter(&|y| axis_number(*y, y1 - y0))
        .label_style(font.clone())
        .axis_style(theme.muted)
        .max_light_lines(0)
        .bold_line_style(theme.unused.mix(0.6))
        .draw()?;

    let line_width = theme.px(2.0).max(1) as u32;
    for (k, series) in view.series.iter().enumerate() {
        let style = theme.series_colour(k).stroke_width(line_width);
        let mut run: Vec<(i32, i32)> = Vec::new();
        let mut last = None;
        for (i, point) in finite(series) {
            if last.is_some_and(|l| l + 1 != i) && !run.is_empty() {
                area.draw(&PathElement::new(std::mem::take(&mut run), style))?;
            }
            run.push(plot.pixel(point));
            last = Some(i);
        }
        if !run.is_empty() {
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

    let items = legend_items(view, theme);
    draw_legend(area, &items, margin, margin, width as i32 - margin, theme)?;
    let y_name_at = (
        plot.left + theme.px(4.0),
        margin + plot.legend + theme.px(UNIT_BAND / 2.0),
    );
    label(
        area,
        view.y_label,
        y_name_at,
        &theme.small_text(theme.muted, LEFT),
    )?;
    let x_name_at = (
        (plot.left + plot.right) / 2,
        height as i32 - margin - theme.px(UNIT_BAND / 2.0),
    );
    let x_name = format!("{} →", view.x_label);
    label(
        area,
        x_name,
        x_name_at,
        &theme.small_text(theme.muted, CENTRE),
    )?;
    if plot.empty {
        draw_note(
            area,
            view.empty_text,
            ((plot.left + plot.right) / 2, (plot.top + plot.bottom) / 2),
            theme,
        )?;
    }
    area.present()?;
    Ok(())
}
