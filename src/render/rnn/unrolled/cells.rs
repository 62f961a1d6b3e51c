//! The unrolled network's cells and what flows between them: the forward arrows, the cells
//! with their timesteps, the input characters, and the gradient flowing back.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::engine::rnn::{SequenceRecord, Stage};
use crate::render::kit::{closed, draw_arrow, fits, label, rounded, visible, Arrowhead, CENTRE};
use crate::render::rnn::unrolled::layout::{Layout, GUTTER};
use crate::render::rnn::unrolled::{cell_state, CellState, UnrolledView};
use crate::render::{RenderError, Theme};

/// Widest gradient arrow, in CSS pixels.
const MAX_ARROW: f64 = 6.0;

/// The Euclidean norm of each row.
pub(crate) fn row_norms(matrix: &ndarray::Array2<f32>) -> Vec<f64> {
    matrix
        .rows()
        .into_iter()
        .map(|row| {
            row.iter()
                .map(|&x| f64::from(x) * f64::from(x))
                .sum::<f64>()
                .sqrt()
        })
        .collect()
}

/// A straight arrow from `from` to `to`: a line of `width` and a triangular head.
fn arrow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    from: (i32, i32),
    to: (i32, i32),
    width: u32,
    colour: RGBColor,
    theme: &Theme,
) -> Result<(), RenderError> {
    let head = Arrowhead {
        length: f64::from(theme.px(4.0)) + f64::from(width),
        share: 0.6,
        least: 1.0,
        half: (f64::from(theme.px(2.5)) + f64::from(width) * 0.6).max(1.0),
    };
    draw_arrow(area, (from, to), head, width, colour)
}

/// The forward arrows: `h_{t−1} → h_t` between cells (from `h_0` at the left, to `h_T` at the
/// right), input → cell and cell → output.
pub(crate) fn draw_forward_arrows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &UnrolledView<'_>,
    layout: &Layout,
    theme: &Theme,
) -> Result<(), RenderError> {
    let steps = view.record.len();
    let y = layout.cell_top + (layout.cell_bottom - layout.cell_top) * 35 / 100;
    let style = |state: CellState| match (state, view.stage) {
        (CellState::Pending, _) => theme.unused,
        (CellState::Current, Stage::Forward(_)) => theme.accent,
        _ => theme.muted,
    };
    let width = theme.px(1.0).max(1) as u32;
    for t in 0..=steps {
        // The arrow into cell t (or out of the last cell).
        let from = if t == 0 {
            layout.left - theme.px(GUTTER)
        } else {
            layout.cell_x(t - 1).1
        };
        let (to, state) = if t == steps {
            (
                layout.right + theme.px(GUTTER),
                cell_state(view.stage, steps - 1),
            )
        } else {
            (layout.cell_x(t).0, cell_state(view.stage, t))
        };
        if to - from >= 2 {
            arrow(area, (from, y), (to, y), width, style(state), theme)?;
        }
    }
    for t in 0..steps {
        let state = cell_state(view.stage, t);
        let x = layout.centre_x(t);
        arrow(
            area,
            (x, layout.input_top),
            (x, layout.cell_bottom),
            width,
            style(state),
            theme,
        )?;
        let backward_here = matches!(view.stage, Stage::Backward(current) if t + 1 >= current);
        if state != CellState::Pending && !backward_here {
            arrow(
                area,
                (x, layout.cell_top),
                (x, layout.predictions_bottom),
                width,
                style(state),
                theme,
            )?;
        }
    }
    Ok(())
}

/// The cells: rounded rectangles, the current one filled, with the timestep inside.
pub(crate) fn draw_cells<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &UnrolledView<'_>,
    layout: &Layout,
    labelled: bool,
    theme: &Theme,
) -> Result<(), RenderError> {
    let current = match view.stage {
        Stage::Backward(_) => theme.accent_2,
        _ => theme.accent,
    };
    // Numbered only when the widest number fits, so either all cells are numbered or none.
    let (x0, x1) = layout.cell_x(0);
    let widest = view.record.len().to_string();
    let numbered = labelled && fits(&widest, f64::from(x1 - x0 - 2), theme.small_font_size);
    for t in 0..view.record.len() {
        let state = cell_state(view.stage, t);
        let (x0, x1) = layout.cell_x(t);
        let (fill, outline, ink) = match state {
            CellState::Pending => (theme.background, theme.unused, theme.unused),
            CellState::Done => (theme.sequential(0.12), theme.muted, theme.muted),
            CellState::Current => (current, current, theme.background),
        };
        let shape = rounded(x0, layout.cell_top, x1, layout.cell_bottom, theme.px(5.0));
        area.draw(&Polygon::new(shape.clone(), fill.filled()))?;
        area.draw(&PathElement::new(
            closed(shape),
            outline.stroke_width(theme.px(1.0).max(1) as u32),
        ))?;
        if numbered {
            let centre = ((x0 + x1) / 2, (layout.cell_top + layout.cell_bottom) / 2);
            label(
                area,
                (t + 1).to_string(),
                centre,
                &theme.small_text(ink, CENTRE),
            )?;
        }
    }
    Ok(())
}

/// The input characters under the cells.
pub(crate) fn draw_inputs<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &UnrolledView<'_>,
    layout: &Layout,
    labelled: bool,
    theme: &Theme,
) -> Result<(), RenderError> {
    if !labelled {
        return Ok(());
    }
    let (x0, x1) = layout.cell_x(0);
    let size = theme.font_size.min(f64::from(x1 - x0) * 1.2);
    let y = (layout.input_top + layout.input_bottom) / 2;
    for (t, &c) in view.record.inputs.iter().enumerate() {
        let colour = if cell_state(view.stage, t) == CellState::Pending {
            theme.muted
        } else {
            theme.ink
        };
        let c = view.vocab.get(c).copied().unwrap_or('?');
        let at = (layout.centre_x(t), y);
        label(area, visible(c), at, &theme.text(size, colour, CENTRE))?;
    }
    Ok(())
}

/// The backward pass from `T` down to `current` (0-based): the gradient carried back between
/// cells and the gradient from each output, arrows as thick as their norms.
pub(crate) fn draw_backward<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    record: &SequenceRecord,
    layout: &Layout,
    current: usize,
    theme: &Theme,
) -> Result<(), RenderError> {
    let steps = record.len();
    let carried = row_norms(&record.dh_next);
    let from_output = row_norms(&record.dh_out);
    let largest = carried
        .iter()
        .chain(&from_output)
        .copied()
        .filter(|n| n.is_finite())
        .fold(0.0, f64::max);
    let widest = f64::from(theme.px(MAX_ARROW));
    let width = |norm: f64| -> u32 {
        let fraction = if norm.is_nan() {
            0.0
        } else if largest > 0.0 {
            (norm / largest).min(1.0)
        } else {
            0.0
        };
        (widest * fraction).round().max(1.0) as u32
    };
    let colour = theme.accent_2;
    let y = layout.cell_top + (layout.cell_bottom - layout.cell_top) * 72 / 100;
    for t in current..steps {
        if t + 1 < steps {
            let from = layout.cell_x(t + 1).0;
            let to = layout.cell_x(t).1;
            if from - to >= 2 {
                arrow(area, (from, y), (to, y), width(carried[t]), colour, theme)?;
            }
        }
        let x = layout.centre_x(t);
        arrow(
            area,
            (x, layout.predictions_bottom),
            (x, layout.cell_top),
            width(from_output[t]),
            colour,
            theme,
        )?;
    }
    Ok(())
}
