//! The training loss of one or two models over the steps, with the steps where the gradient
//! was clipped marked along the bottom.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::engine::rnn::History;
use crate::render::kit::{draw_legend, legend_height, LegendItem, Sample};
use crate::render::kit::{draw_note, label, LEFT, TOP_LEFT};
use crate::render::{RenderError, Theme};

const MARGIN: f64 = 6.0;
const MARGIN_RIGHT: f64 = 12.0;
/// Height of the step labels, in CSS pixels.
const X_LABEL_AREA: f64 = 20.0;
/// Width of the loss labels, in CSS pixels.
const Y_LABEL_AREA: f64 = 34.0;
/// Height of a clipping tick, and the spacing of the models' tick rows, in CSS pixels.
const TICK: f64 = 7.0;

/// A number for an axis label: integers without decimals, others with as few as needed.
fn axis_number(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
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
    let x_range = if empty {
        0.0..1.0
    } else if first == last {
        first as f64 - 0.5..last as f64 + 0.5
    } else {
        first as f64..last as f64
    };
    let largest = points().fold(0.0f64, |m, (_, &bits)| m.max(f64::from(bits)));
    let y_top = (largest * 1.1).max(1.0);

    let (width, height) = area.dim_in_pixel();
    let (legend_left, legend_right) = (theme.px(MARGIN), width as i32 - theme.px(MARGIN));
    let mut items: Vec<LegendItem> = labels
        .iter()
        .zip(&colours)
        .map(|(label, &colour)| LegendItem {
            sample: Sample::Line {
                colour,
                width: theme.px(2.0).max(1) as u32,
                dash: None,
                point: false,
            },
            label: label.to_string(),
        })
        .collect();
    let any_clipped = histories.iter().any(|(_, h)| h.clipped.contains(&true));
    if any_clipped {
        items.push(LegendItem {
            sample: Sample::Tick(theme.muted),
            label: "clipped".to_string(),
        });
    }
    let legend = legend_height(&items, legend_left, legend_right, theme);
    let unit_band = theme.px(16.0);

    let font = theme.small_text(theme.ink, TOP_LEFT);
    let mut chart = ChartBuilder::on(area)
        .margin_top(theme.px(MARGIN) + legend + unit_band)
        .margin_left(theme.px(MARGIN))
        .margin_right(theme.px(MARGIN_RIGHT))
        .margin_bottom(theme.px(MARGIN))
        .x_label_area_size(theme.px(X_LABEL_AREA))
        .y_label_area_size(theme.px(Y_LABEL_AREA))
        .build_cartesian_2d(x_range.clone(), 0.0..y_top)?;
    let y_decimals = if y_top < 5.0 { 1 } else { 0 };
    chart
        .configure_mesh()
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
        .y_label_formatter(&|y| axis_number(*y, y_decimals))
        .label_style(font.clone())
        .axis_style(theme.muted)
        .max_light_lines(0)
        .bold_line_style(theme.unused.mix(0.6))
        .draw()?;

    for ((_, history), &colour) in histories.iter().zip(&colours) {
        let mut run: Vec<(f64, f64)> = Vec::new();
        let style = colour.stroke_width(theme.px(2.0).max(1) as u32);
        for (&step, &bits) in history.steps.iter().zip(&history.bits_per_char) {
            if bits.is_finite() {
                run.push((step as f64, f64::from(bits)));
            } else if !run.is_empty() {
                chart.draw_series(LineSeries::new(std::mem::take(&mut run), style))?;
            }
        }
        if !run.is_empty() {
            chart.draw_series(LineSeries::new(run, style))?;
        }
    }

    // Clipping ticks: model m's row sits m tick-heights above the x axis.
    let (_, bottom) = chart.backend_coord(&(x_range.start, 0.0));
    let tick = theme.px(TICK);
    for (m, ((_, history), &colour)) in histories.iter().zip(&colours).enumerate() {
        let y1 = bottom - 1 - (tick + theme.px(1.0)) * m as i32;
        for (&step, _) in history
            .steps
            .iter()
            .zip(&history.clipped)
            .filter(|(_, &clipped)| clipped)
        {
            let (x, _) = chart.backend_coord(&(step as f64, 0.0));
            area.draw(&PathElement::new(
                vec![(x, y1), (x, y1 - tick)],
                colour.stroke_width(theme.stroke),
            ))?;
        }
    }

    draw_legend(
        area,
        &items,
        legend_left,
        theme.px(MARGIN),
        legend_right,
        theme,
    )?;
    let muted = theme.small_text(theme.muted, LEFT);
    // The unit over the plot, right of the axis (the top tick label sits left of it).
    let (plot_left, _) = chart.backend_coord(&(x_range.start, 0.0));
    let unit_at = (
        plot_left + theme.px(4.0),
        theme.px(MARGIN) + legend + unit_band / 2,
    );
    label(area, unit, unit_at, &muted)?;
    let name_at = (
        theme.px(MARGIN),
        height as i32 - theme.px(MARGIN) - theme.px(X_LABEL_AREA) / 2,
    );
    label(area, "step →", name_at, &muted)?;
    if empty {
        let centre = chart.backend_coord(&(0.5, y_top / 2.0));
        draw_note(area, "no training steps yet", centre, theme)?;
    }
    area.present()?;
    Ok(())
}
