//! Legends: a sample (swatch, line, tick or triangle) and a label per entry, flowing in rows.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::geometry::triangle;
use super::text::{label, LEFT};
use crate::render::{RenderError, Theme};

/// Height of one legend row, in CSS pixels.
pub(crate) const LEGEND_ROW: f64 = 16.0;

/// How a legend is spaced: the length of each sample and the gap after each entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LegendStyle {
    /// Length of a sample, in CSS pixels.
    pub sample: f64,
    /// Gap after an entry's label, in CSS pixels.
    pub gap: f64,
}

/// The legend of line charts: long samples, so dashes and points can be told apart.
pub(crate) const LINE_LEGEND: LegendStyle = LegendStyle {
    sample: 18.0,
    gap: 12.0,
};

/// The legend of marks (swatches and triangles): short samples, tight rows.
pub(crate) const MARK_LEGEND: LegendStyle = LegendStyle {
    sample: 12.0,
    gap: 10.0,
};

/// What a legend entry's sample looks like.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Sample {
    /// A filled square.
    Swatch(RGBColor),
    /// A line of a width, dashed as `(dash, gap)` pixels when given, with a point in the
    /// middle when `point` is set.
    Line {
        colour: RGBColor,
        width: u32,
        dash: Option<(i32, i32)>,
        point: bool,
    },
    /// A short vertical tick (a marker along the x axis).
    Tick(RGBColor),
    /// A small filled triangle pointing up (a drawn sample, e.g. a negative).
    Triangle(RGBColor),
}

impl Sample {
    /// A plain line of `width` pixels: solid, without a point.
    pub(crate) fn line(colour: RGBColor, width: u32) -> Sample {
        Sample::Line {
            colour,
            width,
            dash: None,
            point: false,
        }
    }
}

/// One legend entry.
#[derive(Debug, Clone)]
pub(crate) struct LegendItem {
    /// What its sample looks like.
    pub sample: Sample,
    /// What it names.
    pub label: String,
}

impl LegendItem {
    /// An entry: `sample`, then `label`.
    pub(crate) fn new(sample: Sample, label: impl Into<String>) -> LegendItem {
        LegendItem {
            sample,
            label: label.into(),
        }
    }
}

/// Where each entry goes: `(x, row)` from `left`, wrapping before `right`.
fn legend_flow(
    items: &[LegendItem],
    style: LegendStyle,
    (left, right): (i32, i32),
    theme: &Theme,
) -> Vec<(i32, usize)> {
    let mut placed = Vec::with_capacity(items.len());
    let (mut x, mut row) = (left, 0);
    for item in items {
        let text = item.label.chars().count() as f64 * 0.6 * theme.small_font_size;
        let width = theme.px(style.sample + 4.0 + style.gap) + text.ceil() as i32;
        if x > left && x + width - theme.px(style.gap) > right {
            x = left;
            row += 1;
        }
        placed.push((x, row));
        x += width;
    }
    placed
}

/// The height of the line legend of `items` in `[left, right]`, in pixels (0 without items).
pub(crate) fn legend_height(items: &[LegendItem], left: i32, right: i32, theme: &Theme) -> i32 {
    legend_height_in(items, LINE_LEGEND, (left, right), theme)
}

/// The height of the legend of `items` spaced as `style` in `[left, right]`, in pixels.
pub(crate) fn legend_height_in(
    items: &[LegendItem],
    style: LegendStyle,
    span: (i32, i32),
    theme: &Theme,
) -> i32 {
    let rows = legend_flow(items, style, span, theme)
        .last()
        .map_or(0, |&(_, row)| row + 1);
    theme.px(LEGEND_ROW) * rows as i32
}

/// Draws the line legend of `items` flowing from `(left, top)`, wrapping before `right`.
pub(crate) fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[LegendItem],
    left: i32,
    top: i32,
    right: i32,
    theme: &Theme,
) -> Result<(), RenderError> {
    draw_legend_in(area, items, LINE_LEGEND, (left, top), right, theme)
}

/// Draws the legend of `items` spaced as `style`, flowing from `(left, top)`, wrapping
/// before `right`.
pub(crate) fn draw_legend_in<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[LegendItem],
    style: LegendStyle,
    (left, top): (i32, i32),
    right: i32,
    theme: &Theme,
) -> Result<(), RenderError> {
    let text = theme.small_text(theme.ink, LEFT);
    let sample_length = theme.px(style.sample);
    let flow = legend_flow(items, style, (left, right), theme);
    for (item, (x, row)) in items.iter().zip(flow) {
        let y = top + theme.px(LEGEND_ROW) * row as i32 + theme.px(LEGEND_ROW / 2.0);
        let half = theme.px(5.0);
        let centre = x + sample_length / 2;
        match item.sample {
            Sample::Swatch(colour) => area.draw(&Rectangle::new(
                [(centre - half, y - half), (centre + half, y + half)],
                colour.filled(),
            ))?,
            Sample::Triangle(colour) => area.draw(&Polygon::new(
                triangle((centre, y), half, theme),
                colour.filled(),
            ))?,
            Sample::Line {
                colour,
                width,
                dash,
                point,
            } => {
                let points = [(x, y), (x + sample_length, y)];
                match dash {
                    Some((dash, gap)) => area.draw(&DashedPathElement::new(
                        points,
                        dash,
                        gap,
                        colour.stroke_width(width),
                    ))?,
                    None => area.draw(&PathElement::new(points, colour.stroke_width(width)))?,
                }
                if point {
                    area.draw(&Circle::new((centre, y), theme.px(2.5), colour.filled()))?;
                }
            }
            Sample::Tick(colour) => area.draw(&PathElement::new(
                [(centre, y - half), (centre, y + half)],
                colour.stroke_width(theme.stroke),
            ))?,
        }
        label(
            area,
            item.label.as_str(),
            (x + sample_length + theme.px(4.0), y),
            &text,
        )?;
    }
    Ok(())
}
