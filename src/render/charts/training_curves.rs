//! The training loss of one or two models over the steps, with the steps where the gradient
//! was clipped marked along the bottom.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::engine::rnn::History;
use crate::render::charts::frame::{runs, themed_mesh, x_range, Chart, LineFrame};
use crate::render::kit::{draw_note, fixed, LegendItem, Sample};
use crate::render::{figure_data, RenderError, Theme};

/// Width of the loss labels, in CSS pixels.
const Y_LABEL_AREA: f64 = 34.0;
/// Height of a clipping tick, and the spacing of the models' tick rows, in CSS pixels.
const TICK: f64 = 7.0;

/// The steps' range (`None` without a finite loss) and the top of the loss axis.
fn ranges(histories: &[(&str, &History)]) -> (Option<(f64, f64)>, f64) {
    let points = || {
        histories
            .iter()
            .flat_map(|(_, h)| h.steps.iter().zip(&h.bits_per_char))
            .filter(|(_, bits)| bits.is_finite())
    };
    let empty = points().next().is_none();
    let (first, last) = points().fold((u64::MAX, 0), |(lo, hi), (&step, _)| {
        (lo.min(step), hi.max(step))
    });
    let largest = points().fold(0.0f64, |m, (_, &bits)| m.max(f64::from(bits)));
    let span = (!empty).then_some((first as f64, last as f64));
    (span, (largest * 1.1).max(1.0))
}

/// The legend: a line per model, and the clipping tick when some step was clipped.
fn legend_items(
    histories: &[(&str, &History)],
    colours: &[RGBColor],
    theme: &Theme,
) -> Vec<LegendItem> {
    let width = theme.px(2.0).max(1) as u32;
    let mut items: Vec<LegendItem> = histories
        .iter()
        .zip(colours)
        .map(|((label, _), &colour)| LegendItem::new(Sample::line(colour, width), *label))
        .collect();
    if histories.iter().any(|(_, h)| h.clipped.contains(&true)) {
        items.push(LegendItem::new(Sample::Tick(theme.muted), "clipped"));
    }
    items
}

/// Draws the loss (y, from 0; `unit` names it, e.g. `bits/char`) against the step (x) of each model, one
/// line per model (colours by the label, as in the gradient chart), and a short tick along
/// the bottom at every step whose gradient was clipped (one row of ticks per model), with a
/// legend on top. Without any steps it draws the axes and "no training steps yet".
pub fn draw_training_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    histories: &[(&str, &History)],
    unit: &str,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let labels: Vec<&str> = histories.iter().map(|(label, _)| *label).collect();
    let colours = theme.model_colours(&labels);
    let (span, y_top) = ranges(histories);
    let x_range = x_range(span);
    let (width, _) = area.dim_in_pixel();
    let frame = LineFrame::new(legend_items(histories, &colours, theme), width, theme);
    let ranges = (x_range.clone(), 0.0..y_top);
    let mut chart = frame.chart(area, Y_LABEL_AREA, ranges, theme)?;
    draw_mesh(&mut chart, span.is_none(), y_top, theme)?;
    for ((label, history), &colour) in histories.iter().zip(&colours) {
        let points = history.steps.iter().zip(&history.bits_per_char);
        let points = points.map(|(&step, &loss)| (step as f64, f64::from(loss)));
        figure_data::record_series(unit, ("step", unit), label, points);
        let clipped = history.steps.iter().zip(&history.clipped);
        let clipped = clipped.filter(|(_, &c)| c).map(|(&step, _)| step as f64);
        figure_data::record(|| {
            serde_json::json!({"kind": "steps", "title": "clipped gradient", "name": label,
                "steps": figure_data::numbers(clipped)})
        });
        let style = colour.stroke_width(theme.px(2.0).max(1) as u32);
        let points = history.steps.iter().zip(&history.bits_per_char);
        let points =
            points.map(|(&step, &bits)| bits.is_finite().then(|| (step as f64, f64::from(bits))));
        for run in runs(points) {
            chart.draw_series(LineSeries::new(run, style))?;
        }
    }
    draw_clip_ticks(area, &chart, histories, &colours, &x_range, theme)?;
    let (plot_left, _) = chart.backend_coord(&(x_range.start, 0.0));
    frame.draw_names(area, (unit, "step →"), plot_left, theme)?;
    if span.is_none() {
        let centre = chart.backend_coord(&(0.5, y_top / 2.0));
        draw_note(area, "no training steps yet", centre, theme)?;
    }
    area.present()?;
    Ok(())
}

/// The axes with the steps (whole ones only) and the losses, and a faint line at each loss.
fn draw_mesh<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    empty: bool,
    y_top: f64,
    theme: &Theme,
) -> Result<(), RenderError> {
    let y_decimals = if y_top < 5.0 { 1 } else { 0 };
    themed_mesh(&mut chart.configure_mesh(), theme)
        .disable_x_mesh()
        .x_labels(if empty { 0 } else { 6 })
        .x_label_formatter(&|x| {
            if (x - x.round()).abs() < 1e-9 {
                format!("{x:.0}")
            } else {
                String::new()
            }
        })
        .y_labels(6)
        .y_label_formatter(&|y| fixed(*y, y_decimals))
        .draw()?;
    Ok(())
}

/// Clipping ticks: model m's row sits m tick-heights above the x axis.
fn draw_clip_ticks<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart<'_, DB>,
    histories: &[(&str, &History)],
    colours: &[RGBColor],
    x_range: &Range<f64>,
    theme: &Theme,
) -> Result<(), RenderError> {
    let (_, bottom) = chart.backend_coord(&(x_range.start, 0.0));
    let tick = theme.px(TICK);
    for (m, ((_, history), &colour)) in histories.iter().zip(colours).enumerate() {
        let y1 = bottom - 1 - (tick + theme.px(1.0)) * m as i32;
        // One tick per pixel column: ticks that land on the same column are one mark, and a
        // long run clips thousands of steps (drawing each made every frame slow to paint).
        let mut last_x = None;
        for (&step, _) in history
            .steps
            .iter()
            .zip(&history.clipped)
            .filter(|(_, &clipped)| clipped)
        {
            let (x, _) = chart.backend_coord(&(step as f64, 0.0));
            if last_x.replace(x) == Some(x) {
                continue;
            }
            area.draw(&PathElement::new(
                vec![(x, y1), (x, y1 - tick)],
                colour.stroke_width(theme.stroke),
            ))?;
        }
    }
    Ok(())
}
