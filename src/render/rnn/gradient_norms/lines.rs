//! The curves of the gradient chart: each model's norms as `log₁₀` values in runs, how each
//! kind of curve looks, and the legend naming them.

use plotters::prelude::*;

use crate::engine::rnn::GradientCurves;
use crate::render::charts::frame::Chart;
use crate::render::kit::{LegendItem, Sample};
use crate::render::rnn::gradient_norms::LOG_FLOOR;
use crate::render::{RenderError, Theme};

/// `10ᵏ` with a superscript exponent (`1` for `k = 0`, `10` for `k = 1`).
pub(crate) fn power_of_ten(k: i32) -> String {
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

/// Each value as plotted (divided by the value at `t = T` when `normalised` and that is a
/// positive number), clamped to at least [`LOG_FLOOR`]; `None` where a value is not finite.
fn plotted_values(values: &[f64], normalised: bool) -> Vec<Option<f64>> {
    let last = values.last().copied().filter(|v| v.is_finite() && *v > 0.0);
    let scale = if normalised { last.unwrap_or(1.0) } else { 1.0 };
    values
        .iter()
        .map(|&v| {
            let v = v / scale;
            v.is_finite().then(|| v.max(LOG_FLOOR))
        })
        .collect()
}

/// How one curve is drawn, in drawing order (the measured norms on top).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Look {
    /// Thin, in `result` (in the model's colour when two models have one): the LSTM's
    /// forget-gate product, the GRU's update-gate product.
    Forget,
    /// Dotted: the Jacobian bound.
    Dotted,
    /// Thinner and lighter: `‖∂L/∂h_t‖`.
    Thin,
    /// Solid, with a point at each timestep: `‖∂L_T/∂h_t‖`.
    Main,
}

impl Look {
    /// The legend's name for this kind of curve.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Look::Main => "‖∂L_T/∂h_t‖",
            Look::Thin => "‖∂L/∂h_t‖",
            Look::Dotted => "Π‖∂h_k/∂h_k−1‖",
            Look::Forget => "Π f (cell path)",
        }
    }
}

/// One curve to draw: whose, how, and its values (`None` where not finite).
pub(crate) struct Line {
    /// Whose curve it is (an index into the models).
    pub model: usize,
    /// How it is drawn.
    pub look: Look,
    /// Its values as plotted on the log axis (clamped, normalised), `None` where not finite.
    pub plotted: Vec<Option<f64>>,
    /// Its `log₁₀` values, `None` where not finite.
    pub values: Vec<Option<f64>>,
}

/// Line widths and the dot pattern, in device pixels.
pub(crate) struct Strokes {
    main: u32,
    thin: u32,
    dots: (i32, i32),
}

impl Strokes {
    /// The theme's strokes.
    pub(crate) fn new(theme: &Theme) -> Strokes {
        Strokes {
            main: theme.px(2.0).max(1) as u32,
            thin: theme.px(1.0).max(1) as u32,
            dots: (theme.px(2.0).max(1), theme.px(3.0).max(1)),
        }
    }
}

/// Whether `curves` belong to a gated cell (LSTM or GRU): its label says so, or its gate
/// product is not all 1.
fn is_gated(label: &str, curves: &GradientCurves) -> bool {
    let label = label.to_lowercase();
    label.contains("lstm")
        || label.contains("gru")
        || curves.forget_product.iter().any(|&f| f != 1.0)
}

/// The legend's name of the gate-product line for models `labels`: `Π f` for the LSTM's forget
/// gates, `Π z` for the GRU's update gates.
pub(crate) fn gate_path_name(labels: &[&str]) -> &'static str {
    let has = |name: &str| labels.iter().any(|l| l.to_lowercase().contains(name));
    match (has("lstm"), has("gru")) {
        (true, true) => "Π f, Π z (gate paths)",
        (false, true) => "Π z (state path)",
        _ => Look::Forget.name(),
    }
}

/// Every curve of every model, in drawing order.
pub(crate) fn lines_of(curves: &[(&str, &GradientCurves)], normalised: bool) -> Vec<Line> {
    let mut lines = Vec::new();
    for (model, (label, c)) in curves.iter().enumerate() {
        let mut add = |look, values: &[f64]| {
            let plotted = plotted_values(values, normalised);
            let values = plotted.iter().map(|v| v.map(f64::log10)).collect();
            lines.push(Line {
                model,
                look,
                plotted,
                values,
            })
        };
        add(Look::Main, &c.last_loss);
        add(Look::Thin, &c.total);
        add(Look::Dotted, &c.running_product);
        if is_gated(label, c) {
            add(Look::Forget, &c.forget_product);
        }
    }
    lines.sort_by_key(|line| line.look);
    lines
}

/// The legend: a swatch per model, then a sample of each kind of line (in the model's colour
/// when there is one model, else in `ink`).
pub(crate) fn legend_items(
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
    items.push(line(
        sample_colour,
        strokes.main,
        None,
        true,
        Look::Main.name(),
    ));
    items.push(line(
        sample_colour,
        strokes.thin,
        None,
        false,
        Look::Thin.name(),
    ));
    items.push(line(
        sample_colour,
        strokes.main,
        Some(strokes.dots),
        false,
        Look::Dotted.name(),
    ));
    if with_forget {
        let gated = labels.iter().filter(|l| {
            let l = l.to_lowercase();
            l.contains("lstm") || l.contains("gru")
        });
        let colour = if gated.count() > 1 {
            theme.ink
        } else {
            theme.result
        };
        items.push(line(
            colour,
            strokes.thin,
            None,
            false,
            gate_path_name(labels),
        ));
    }
    items
}

/// One run of finite points of a curve, in its look.
pub(crate) fn draw_run<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
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
                // A point at each timestep, not where the run was cut at an edge.
                let steps = run.iter().filter(|p| p.0.fract() == 0.0);
                chart
                    .draw_series(steps.map(|&p| Circle::new(p, theme.px(2.5), colour.filled())))?;
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
            chart.draw_series(LineSeries::new(run, colour.stroke_width(strokes.thin)))?;
        }
    }
    Ok(())
}
