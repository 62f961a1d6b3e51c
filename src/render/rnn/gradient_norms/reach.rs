//! How much of the last prediction's loss reaches each input: `‖∂L_T/∂x_t‖` against the
//! distance `T − t`, one line per model on one log scale — the picture of why a gated cell
//! (or attention) carries a long-range dependency and a tanh RNN does not.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::engine::rnn::GradientCurves;
use crate::render::charts::frame::{runs, themed_mesh, LineFrame};
use crate::render::kit::{draw_note, LegendItem, Sample};
use crate::render::rnn::gradient_norms::edges::clip_run;
use crate::render::rnn::gradient_norms::lines::{draw_run, Look, Strokes};
use crate::render::rnn::gradient_norms::{draw_decades, LOG_FLOOR, Y_LABEL_AREA};
use crate::render::{figure_data, RenderError, Theme};

/// The axis's name.
const UNIT: &str = "‖∂L_T/∂x_t‖ (log scale)";
/// The x axis's name.
const X_NAME: &str = "T − t →";

/// `log₁₀ ‖∂L_T/∂x_t‖` of one model by distance `T − t` = 0, 1, …, T − 1 (`None` where not
/// finite; values clamped to at least [`LOG_FLOOR`]).
fn by_distance(curves: &GradientCurves) -> Vec<Option<f64>> {
    curves
        .input
        .iter()
        .rev()
        .map(|&v| v.is_finite().then(|| v.max(LOG_FLOOR).log10()))
        .collect()
}

/// Draws each model's `‖∂L_T/∂x_t‖` against the distance `T − t` (colours by
/// [`Theme::model_colours`]), decades labelled `10ᵏ`, the range covering every finite value.
pub fn draw_input_reach<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    curves: &[(&str, &GradientCurves)],
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let labels: Vec<&str> = curves.iter().map(|(label, _)| *label).collect();
    let colours = theme.model_colours(&labels);
    let strokes = Strokes::new(theme);
    let values: Vec<Vec<Option<f64>>> = curves.iter().map(|(_, c)| by_distance(c)).collect();
    let steps = values.iter().map(Vec::len).max().unwrap_or(0);
    for ((label, _), line) in curves.iter().zip(&values) {
        figure_data::record(|| {
            let points = line
                .iter()
                .enumerate()
                .map(|(d, v)| (d as f64, v.map_or(f64::NAN, |v| 10f64.powf(v))));
            figure_data::series(UNIT, ("T − t", "‖∂L_T/∂x_t‖"), label, points)
        });
    }
    let finite = values.iter().flatten().flatten().copied();
    let (low, high) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let (low, high) = if low.is_finite() {
        let (low, high) = (low.floor(), high.ceil());
        (low, if high > low { high } else { low + 1.0 })
    } else {
        (-1.0, 0.0)
    };
    let items = labels
        .iter()
        .zip(&colours)
        .map(|(label, &colour)| LegendItem {
            sample: Sample::Line {
                colour,
                width: strokes_main(theme),
                dash: None,
                point: true,
            },
            label: label.to_string(),
        })
        .collect();
    let frame = LineFrame::new(items, area.dim_in_pixel().0, theme);
    let x_end = steps.max(1) as f64 - 0.5;
    let mut chart = frame.chart(area, Y_LABEL_AREA, (-0.5..x_end, low..high), theme)?;
    themed_mesh(&mut chart.configure_mesh(), theme)
        .disable_x_mesh()
        .disable_y_mesh()
        .x_labels(steps.clamp(1, 10))
        .x_label_formatter(&|x| {
            if (x - x.round()).abs() < 1e-9 && *x >= 0.0 {
                format!("{x:.0}")
            } else {
                String::new()
            }
        })
        .y_labels(0)
        .draw()?;
    draw_decades(area, &mut chart, (low, high), (-0.5, x_end), theme)?;
    let pitch = f64::from(chart.plotting_area().dim_in_pixel().0) / steps.max(1) as f64;
    let with_points = pitch >= f64::from(theme.px(6.0));
    for (line, &colour) in values.iter().zip(&colours) {
        let points = line.iter().enumerate();
        for run in runs(points.map(|(d, v)| v.map(|y| (d as f64, y)))) {
            for run in clip_run(&run, (low, high)) {
                draw_run(
                    &mut chart,
                    run,
                    Look::Main,
                    colour,
                    with_points,
                    &strokes,
                    theme,
                )?;
            }
        }
    }
    let (plot_left, _) = chart.backend_coord(&(-0.5, low));
    frame.draw_names(area, (UNIT, X_NAME), plot_left, theme)?;
    if steps == 0 {
        let (width, height) = area.dim_in_pixel();
        let centre = (width as i32 / 2, height as i32 / 2);
        draw_note(area, "no chunk yet", centre, theme)?;
    }
    area.present()?;
    Ok(())
}

/// The main line's width, in device pixels.
fn strokes_main(theme: &Theme) -> u32 {
    theme.px(2.0).max(1) as u32
}
