//! How far back the gradient reaches: `‖∂L_T/∂h_t‖`, `‖∂L/∂h_t‖`, the Jacobian bound and
//! (LSTM) the forget-gate product over the timesteps of one chunk, on a log scale.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::engine::rnn::GradientCurves;
use crate::render::kit::{bold, label, LEFT, RIGHT, TOP_LEFT};
use crate::render::kit::{draw_legend, legend_height, LegendItem, Sample, LEGEND_ROW};
use crate::render::{RenderError, Theme};

/// Values are clamped to at least this before taking the logarithm.
pub const LOG_FLOOR: f64 = 1e-30;
const MARGIN: f64 = 6.0;
const MARGIN_RIGHT: f64 = 12.0;
/// Height of the x labels, in CSS pixels.
const X_LABEL_AREA: f64 = 20.0;
/// Width of the `10ᵏ` labels, in CSS pixels.
const Y_LABEL_AREA: f64 = 40.0;
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

/// `10ᵏ` with a superscript exponent (`1` for `k = 0`, `10` for `k = 1`).
fn power_of_ten(k: i32) -> String {
    match k {
        0 => "1".to_string(),
        1 => "10".to_string(),
        _ => {
            let digits: String = k
                .to_string()
                .chars()
                .map(|c| match c {
                    '-' => '⁻',
                    d => ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹']
                        [d.to_digit(10).unwrap_or(0) as usize],
                })
                .collect();
            format!("10{digits}")
        }
    }
}

/// `log₁₀` of each value (divided by the value at `t = T` when `normalised` and that is a
/// positive number), clamped to [`LOG_FLOOR`]; `None` where a value is not finite.
fn log_values(values: &[f64], normalised: bool) -> Vec<Option<f64>> {
    let last = values.last().copied().filter(|v| v.is_finite() && *v > 0.0);
    let scale = if normalised { last.unwrap_or(1.0) } else { 1.0 };
    values
        .iter()
        .map(|&v| {
            let v = v / scale;
            v.is_finite().then(|| v.max(LOG_FLOOR).log10())
        })
        .collect()
}

/// The runs of consecutive finite points `(t, log₁₀ value)`, t 1-based.
fn runs(values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut runs = vec![Vec::new()];
    for (t, value) in values.iter().enumerate() {
        match value {
            Some(y) => runs
                .last_mut()
                .expect("never empty")
                .push(((t + 1) as f64, *y)),
            None if runs.last().is_some_and(|run| !run.is_empty()) => runs.push(Vec::new()),
            None => {}
        }
    }
    runs.retain(|run| !run.is_empty());
    runs
}

/// How one curve is drawn, in drawing order (the measured norms on top).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Look {
    /// Thin, in `result`: the LSTM's forget-gate product.
    Forget,
    /// Dotted: the Jacobian bound.
    Dotted,
    /// Thinner and lighter: `‖∂L/∂h_t‖`.
    Thin,
    /// Solid, with a point at each timestep: `‖∂L_T/∂h_t‖`.
    Main,
}

/// One curve to draw: whose, how, and its `log₁₀` values (`None` where not finite).
struct Line {
    model: usize,
    look: Look,
    values: Vec<Option<f64>>,
}

/// Line widths and the dot pattern, in device pixels.
struct Strokes {
    main: u32,
    thin: u32,
    dots: (i32, i32),
}

impl Strokes {
    fn new(theme: &Theme) -> Strokes {
        Strokes {
            main: theme.px(2.0).max(1) as u32,
            thin: theme.px(1.0).max(1) as u32,
            dots: (theme.px(2.0).max(1), theme.px(3.0).max(1)),
        }
    }
}

/// Whether `curves` belong to an LSTM: its label says so, or its forget product is not all 1.
fn is_lstm(label: &str, curves: &GradientCurves) -> bool {
    label.to_lowercase().contains("lstm") || curves.forget_product.iter().any(|&f| f != 1.0)
}

/// Every curve of every model, in drawing order.
fn lines_of(curves: &[(&str, &GradientCurves)], normalised: bool) -> Vec<Line> {
    let mut lines = Vec::new();
    for (model, (label, c)) in curves.iter().enumerate() {
        let mut add = |look, values: &[f64]| {
            lines.push(Line {
                model,
                look,
                values: log_values(values, normalised),
            })
        };
        add(Look::Main, &c.last_loss);
        add(Look::Thin, &c.total);
        add(Look::Dotted, &c.running_product);
        if is_lstm(label, c) {
            add(Look::Forget, &c.forget_product);
        }
    }
    lines.sort_by_key(|line| line.look);
    lines
}

/// The y range in whole decades around every finite value, at least one decade.
fn decade_range(lines: &[Line]) -> (f64, f64) {
    let (low, high) = lines
        .iter()
        .flat_map(|line| line.values.iter().flatten())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &y| {
            (lo.min(y), hi.max(y))
        });
    if !low.is_finite() {
        return (-1.0, 1.0);
    }
    let (low, high) = (low.floor(), high.ceil());
    (low, high.max(low + 1.0))
}

/// The legend: a swatch per model, then a sample of each kind of line (in the model's colour
/// when there is one model, else in `ink`).
fn legend_items(
    labels: &[&str],
    colours: &[RGBColor],
    with_forget: bool,
    strokes: &Strokes,
    theme: &Theme,
) -> Vec<LegendItem> {
    let sample_colour = if labels.len() == 1 {
        colours[0]
    } else {
        theme.ink
    };
    let mut items: Vec<LegendItem> = labels
        .iter()
        .zip(colours)
        .map(|(label, &colour)| LegendItem {
            sample: Sample::Swatch(colour),
            label: label.to_string(),
        })
        .collect();
    let line = |colour, width, dash, point, label: &str| LegendItem {
        sample: Sample::Line {
            colour,
            width,
            dash,
            point,
        },
        label: label.to_string(),
    };
    items.push(line(sample_colour, strokes.main, None, true, "‖∂L_T/∂h_t‖"));
    items.push(line(sample_colour, strokes.thin, None, false, "‖∂L/∂h_t‖"));
    items.push(line(
        sample_colour,
        strokes.main,
        Some(strokes.dots),
        false,
        "Π‖∂h_k/∂h_k−1‖",
    ));
    if with_forget {
        items.push(line(
            theme.result,
            strokes.thin,
            None,
            false,
            "Π f (cell path)",
        ));
    }
    items
}

/// Draws, for up to two models (colours by [`Theme::model_colours`]), over the timesteps t = 1..T of
/// one chunk on a log₁₀ axis: `‖∂L_T/∂h_t‖` as a solid line with points, `‖∂L/∂h_t‖` as a
/// thinner lighter line, the Jacobian bound `Π‖∂h_k/∂h_{k−1}‖` dotted, and for an LSTM the
/// cell path `Π f` as a thin line in `result`. With `normalised`, each curve is divided by its
/// value at t = T. Values ≤ 0 are clamped to 10⁻³⁰; values that are not finite are left out,
/// and a model whose `overflow_at` is set gets a note "exploded at step k". A legend on top.
pub fn draw_gradient_norms<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    curves: &[(&str, &GradientCurves)],
    normalised: bool,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let curves = &curves[..curves.len().min(2)];
    let labels: Vec<&str> = curves.iter().map(|(label, _)| *label).collect();
    let colours = theme.model_colours(&labels);
    let steps = curves
        .iter()
        .map(|(_, c)| c.last_loss.len())
        .max()
        .unwrap_or(0);
    let strokes = Strokes::new(theme);
    let lines = lines_of(curves, normalised);
    let (low, high) = decade_range(&lines);

    // The legend, then the unit, set the top margin.
    let (width, height) = area.dim_in_pixel();
    let (legend_left, legend_right) = (theme.px(MARGIN), width as i32 - theme.px(MARGIN));
    let with_forget = lines.iter().any(|line| line.look == Look::Forget);
    let items = legend_items(&labels, &colours, with_forget, &strokes, theme);
    let legend = legend_height(&items, legend_left, legend_right, theme);
    let unit_band = theme.px(16.0);

    let font = theme.small_text(theme.ink, TOP_LEFT);
    let x_end = steps.max(1) as f64 + 0.5;
    let mut chart = ChartBuilder::on(area)
        .margin_top(theme.px(MARGIN) + legend + unit_band)
        .margin_left(theme.px(MARGIN))
        .margin_right(theme.px(MARGIN_RIGHT))
        .margin_bottom(theme.px(MARGIN))
        .x_label_area_size(theme.px(X_LABEL_AREA))
        .y_label_area_size(theme.px(Y_LABEL_AREA))
        .build_cartesian_2d(0.5..x_end, low..high)?;
    chart
        .configure_mesh()
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
        .label_style(font.clone())
        .axis_style(theme.muted)
        .draw()?;

    // Decade lines and 10ᵏ labels, every 1, 2, 3, 5, 10, … decades to fit the height.
    let plot_height = f64::from(chart.plotting_area().dim_in_pixel().1);
    let most = (plot_height / (theme.small_font_size * 2.2))
        .floor()
        .max(2.0);
    let every = [1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0]
        .into_iter()
        .find(|step| (high - low) / step <= most)
        .unwrap_or(100.0);
    let (left_pixel, _) = chart.backend_coord(&(0.5, low));
    let decade = theme.small_text(theme.ink, RIGHT);
    for k in (low / every).ceil() as i32..=(high / every).floor() as i32 {
        let y = f64::from(k) * every;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(0.5, y), (x_end, y)],
            theme.unused.mix(0.6).stroke_width(1),
        )))?;
        let (_, y_pixel) = chart.backend_coord(&(0.5, y));
        let at = (left_pixel - theme.px(5.0), y_pixel);
        label(area, power_of_ten(y.round() as i32), at, &decade)?;
    }

    let pitch = f64::from(chart.plotting_area().dim_in_pixel().0) / steps.max(1) as f64;
    let with_points = pitch >= f64::from(theme.px(6.0));
    for line in &lines {
        let colour = colours[line.model];
        for run in runs(&line.values) {
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

    draw_legend(
        area,
        &items,
        legend_left,
        theme.px(MARGIN),
        legend_right,
        theme,
    )?;
    // The unit over the plot, right of the axis (the top tick label sits left of it); the
    // x axis's name under the y labels.
    let muted = theme.small_text(theme.muted, LEFT);
    let unit = if normalised {
        "norm ÷ its value at t = T"
    } else {
        "norm (log scale)"
    };
    let unit_at = (
        left_pixel + theme.px(4.0),
        theme.px(MARGIN) + legend + unit_band / 2,
    );
    label(area, unit, unit_at, &muted)?;
    let name_at = (
        theme.px(MARGIN),
        height as i32 - theme.px(MARGIN) - theme.px(X_LABEL_AREA) / 2,
    );
    label(area, "t →", name_at, &muted)?;
    let (note_x, note_y) = chart.backend_coord(&(0.5, high));
    draw_overflow_notes(area, curves, &colours, (note_x, note_y), theme)?;
    area.present()?;
    Ok(())
}

/// One run of finite points of a curve, in its look.
fn draw_run<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    run: Vec<(f64, f64)>,
    look: Look,
    colour: RGBColor,
    with_points: bool,
    strokes: &Strokes,
    theme: &Theme,
) -> Result<(), RenderError> {
    match look {
        Look::Main => {
            if with_points {
                chart.draw_series(
                    run.iter()
                        .map(|&p| Circle::new(p, theme.px(2.5), colour.filled())),
                )?;
            }
            chart.draw_series(LineSeries::new(run, colour.stroke_width(strokes.main)))?;
        }
        Look::Thin => {
            chart.draw_series(LineSeries::new(
                run,
                colour.mix(0.7).stroke_width(strokes.thin),
            ))?;
        }
        Look::Dotted => {
            chart.draw_series(DashedLineSeries::new(
                run,
                strokes.dots.0,
                strokes.dots.1,
                colour.stroke_width(strokes.main),
            ))?;
        }
        Look::Forget => {
            chart.draw_series(LineSeries::new(
                run,
                theme.result.stroke_width(strokes.thin),
            ))?;
        }
    }
    Ok(())
}

/// "RNN: exploded at step k" for each model whose curves overflowed, from `corner` down.
fn draw_overflow_notes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    curves: &[(&str, &GradientCurves)],
    colours: &[RGBColor],
    corner: (i32, i32),
    theme: &Theme,
) -> Result<(), RenderError> {
    let mut row = 0;
    for ((name, c), &colour) in curves.iter().zip(colours) {
        if let Some(step) = c.overflow_at {
            let at = (
                corner.0 + theme.px(6.0),
                corner.1 + theme.px(4.0) + theme.px(LEGEND_ROW) * row,
            );
            let note = format!("{name}: exploded at step {step}");
            label(area, note, at, &bold(theme.small_text(colour, TOP_LEFT)))?;
            row += 1;
        }
    }
    Ok(())
}
