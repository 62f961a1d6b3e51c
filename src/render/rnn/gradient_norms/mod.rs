//! How far back the gradient reaches: `‖∂L_T/∂h_t‖`, `‖∂L/∂h_t‖`, the Jacobian bound and
//! (LSTM) the forget-gate product over the timesteps of one chunk, on a log scale.

mod edges;
mod lines;
mod reach;

pub use reach::draw_input_reach;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::engine::rnn::GradientCurves;
use crate::render::charts::frame::{runs, themed_mesh, Chart, LineFrame, MARGIN_RIGHT};
use crate::render::kit::{bold, label, text_width, LEGEND_ROW, MARGIN, RIGHT, TOP_LEFT};
use crate::render::rnn::gradient_norms::edges::edge_notes;
use crate::render::rnn::gradient_norms::edges::{clip_run, decade_range, draw_edge_notes};
use crate::render::rnn::gradient_norms::lines::{draw_run, gate_path_name, legend_items};
use crate::render::rnn::gradient_norms::lines::{lines_of, power_of_ten, Line, Look, Strokes};
use crate::render::{figure_data, RenderError, Theme};

/// Values are clamped to at least this before taking the logarithm.
pub const LOG_FLOOR: f64 = 1e-30;
/// Width of the `10ᵏ` labels, in CSS pixels.
pub(crate) const Y_LABEL_AREA: f64 = 40.0;

/// The timestep (1-based) under x pixel `x` of a gradient chart `width` pixels wide showing
/// `steps` timesteps (the x axis runs from 0.5 to T + 0.5 across the plotting area).
pub fn gradient_step_at(width: u32, steps: usize, theme: &Theme, x: f64) -> Option<usize> {
    let left = f64::from(theme.px(MARGIN) + theme.px(Y_LABEL_AREA));
    let right = f64::from(width) - f64::from(theme.px(MARGIN_RIGHT));
    if steps == 0 || right <= left || x < left || x > right {
        return None;
    }
    let value = 0.5 + (x - left) / (right - left) * steps as f64;
    Some((value.round() as usize).clamp(1, steps))
}

/// Draws, for up to two models (colours by [`Theme::model_colours`]), over the timesteps t = 1..T of
/// one chunk on a log₁₀ axis: `‖∂L_T/∂h_t‖` as a solid line with points, `‖∂L/∂h_t‖` as a
/// thinner lighter line, the Jacobian bound `Π‖∂h_k/∂h_{k−1}‖` dotted, and for an LSTM the
/// cell path `Π f` as a thin line in `result`. With `normalised`, each curve is divided by its
/// value at t = T. Values ≤ 0 are clamped to 10⁻³⁰; values that are not finite are left out,
/// and a model whose `overflow_at` is set gets a note "exploded at step k". A legend on top.
///
/// The y range follows the measured norms (`‖∂L_T/∂h_t‖`, `‖∂L/∂h_t‖`) with a decade to
/// spare each side, and covers the bound and `Π f` when they stay within three decades of
/// it; a curve reaching further is cut at the plot's edge, where a small triangle and a
/// note in its colour say how far it goes (`Π‖∂h‖ → 1.2e25 ↑`).
pub fn draw_gradient_norms<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    curves: &[(&str, &GradientCurves)],
    normalised: bool,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let curves = &curves[..curves.len().min(3)];
    let labels: Vec<&str> = curves.iter().map(|(label, _)| *label).collect();
    let colours = theme.model_colours(&labels);
    let steps = curves
        .iter()
        .map(|(_, c)| c.last_loss.len())
        .max()
        .unwrap_or(0);
    let strokes = Strokes::new(theme);
    let lines = lines_of(curves, normalised);
    let unit = if normalised {
        "norm ÷ its value at t = T"
    } else {
        "norm (log scale)"
    };
    record_lines(&lines, &labels, curves, unit);
    let (low, high) = decade_range(&lines);
    let with_forget = lines.iter().any(|line| line.look == Look::Forget);
    let items = legend_items(&labels, &colours, with_forget, &strokes, theme);
    let frame = LineFrame::new(items, area.dim_in_pixel().0, theme);
    let x_end = steps.max(1) as f64 + 0.5;
    let mut chart = frame.chart(area, Y_LABEL_AREA, (0.5..x_end, low..high), theme)?;
    draw_mesh(&mut chart, steps, theme)?;
    draw_decades(area, &mut chart, (low, high), (0.5, x_end), theme)?;
    let pitch = f64::from(chart.plotting_area().dim_in_pixel().0) / steps.max(1) as f64;
    let with_points = pitch >= f64::from(theme.px(6.0));
    // The curves as drawn, in backend pixels, for the edge notes to keep clear of.
    let mut segments = Vec::new();
    let gated = lines.iter().filter(|l| l.look == Look::Forget).count();
    for line in &lines {
        let colour = match line.look {
            Look::Forget if gated < 2 => theme.result,
            _ => colours[line.model],
        };
        let points = line.values.iter().enumerate();
        let runs = runs(points.map(|(t, value)| value.map(|y| ((t + 1) as f64, y))));
        for run in runs.iter().flat_map(|run| clip_run(run, (low, high))) {
            let pixels: Vec<(i32, i32)> = run.iter().map(|p| chart.backend_coord(p)).collect();
            segments.extend(pixels.windows(2).map(|pair| (pair[0], pair[1])));
            draw_run(
                &mut chart,
                run,
                line.look,
                colour,
                with_points,
                &strokes,
                theme,
            )?;
        }
    }
    let (plot_left, _) = chart.backend_coord(&(0.5, low));
    frame.draw_names(area, (unit, "t →"), plot_left, theme)?;
    let corner = chart.backend_coord(&(0.5, high));
    let notes = draw_overflow_notes(area, curves, &colours, corner, theme)?;
    let edges = edge_notes(&lines, (low, high));
    let avoid = (segments.as_slice(), notes);
    draw_edge_notes(area, &chart, &edges, (&labels, &colours), avoid, theme)?;
    area.present()?;
    Ok(())
}

/// Records, while a figure is exported, each curve as plotted (normalised and clamped as on
/// the axis, `null` where left out) against t = 1..T, named by its model and its legend
/// entry (`RNN: ‖∂L_T/∂h_t‖`), in drawing order; and where a model's curves overflowed, the
/// step of the note.
fn record_lines(lines: &[Line], labels: &[&str], curves: &[(&str, &GradientCurves)], unit: &str) {
    for line in lines {
        figure_data::record(|| {
            let look = match line.look {
                Look::Forget => gate_path_name(&labels[line.model..=line.model]),
                look => look.name(),
            };
            let name = format!("{}: {look}", labels[line.model]);
            let points = line.plotted.iter().enumerate();
            let points = points.map(|(t, v)| ((t + 1) as f64, v.unwrap_or(f64::NAN)));
            figure_data::series(unit, ("t", unit), &name, points)
        });
    }
    let exploded: Vec<(&str, f64)> = curves
        .iter()
        .filter_map(|(name, c)| c.overflow_at.map(|step| (*name, step as f64)))
        .collect();
    if !exploded.is_empty() {
        figure_data::record_values("exploded at step", &exploded);
    }
}

/// The axes, with the whole timesteps labelled and no y labels (the decades have their own).
fn draw_mesh<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    steps: usize,
    theme: &Theme,
) -> Result<(), RenderError> {
    themed_mesh(&mut chart.configure_mesh(), theme)
        .disable_x_mesh()
        .disable_y_mesh()
        .x_labels(steps.clamp(1, 10))
        .x_label_formatter(&|x| {
            if (x - x.round()).abs() < 1e-9 && *x >= 1.0 {
                format!("{x:.0}")
            } else {
                String::new()
            }
        })
        .y_labels(0)
        .draw()?;
    Ok(())
}

/// Decade lines across `[0.5, x_end]` and their `10ᵏ` labels, every 1, 2, 3, 5, 10, …
/// decades to fit the height.
pub(crate) fn draw_decades<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &mut Chart<'_, DB>,
    (low, high): (f64, f64),
    (x_start, x_end): (f64, f64),
    theme: &Theme,
) -> Result<(), RenderError> {
    let plot_height = f64::from(chart.plotting_area().dim_in_pixel().1);
    let most = (plot_height / (theme.small_font_size * 2.2))
        .floor()
        .max(2.0);
    let every = [1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0]
        .into_iter()
        .find(|step| (high - low) / step <= most)
        .unwrap_or(100.0);
    let (left_pixel, _) = chart.backend_coord(&(x_start, low));
    let decade = theme.small_text(theme.ink, RIGHT);
    for k in (low / every).ceil() as i32..=(high / every).floor() as i32 {
        let y = f64::from(k) * every;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x_start, y), (x_end, y)],
            theme.unused.mix(0.6).stroke_width(1),
        )))?;
        let (_, y_pixel) = chart.backend_coord(&(x_start, y));
        let at = (left_pixel - theme.px(5.0), y_pixel);
        label(area, power_of_ten(y.round() as i32), at, &decade)?;
    }
    Ok(())
}

/// "RNN: exploded at step k" for each model whose curves overflowed, from `corner` down.
/// Returns the notes' boxes `[left, top, right, bottom]`.
fn draw_overflow_notes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    curves: &[(&str, &GradientCurves)],
    colours: &[RGBColor],
    corner: (i32, i32),
    theme: &Theme,
) -> Result<Vec<[i32; 4]>, RenderError> {
    let mut boxes = Vec::new();
    let mut row = 0;
    for ((name, c), &colour) in curves.iter().zip(colours) {
        if let Some(step) = c.overflow_at {
            let at = (
                corner.0 + theme.px(6.0),
                corner.1 + theme.px(4.0) + theme.px(LEGEND_ROW) * row,
            );
            let note = format!("{name}: exploded at step {step}");
            let width = text_width(&note, theme.small_font_size).ceil() as i32;
            let height = theme.small_font_size.ceil() as i32;
            boxes.push([at.0, at.1, at.0 + width, at.1 + height]);
            label(area, note, at, &bold(theme.small_text(colour, TOP_LEFT)))?;
            row += 1;
        }
    }
    Ok(boxes)
}
