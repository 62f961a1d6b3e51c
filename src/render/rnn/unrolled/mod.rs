//! The recurrent network unrolled over a chunk: one cell per timestep, its input below, its
//! predictions above, the loss per step, and the gradient flowing back during backward.

mod cells;
mod data;
mod layout;
mod predictions;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::engine::rnn::{SequenceRecord, Stage};
use crate::render::kit::{bold, draw_placeholder, label, LEFT, MARGIN, RIGHT};
use crate::render::rnn::unrolled::cells::draw_inputs;
use crate::render::rnn::unrolled::cells::{draw_backward, draw_cells, draw_forward_arrows};
use crate::render::rnn::unrolled::layout::{Layout, TITLE};
use crate::render::rnn::unrolled::predictions::{draw_losses, draw_predictions};
use crate::render::{RenderError, Theme};

pub use layout::unrolled_cell_at;

/// Cells narrower than this (device pixels) are drawn without any text.
const MIN_LABELLED_CELL: i32 = 14;

/// What the unrolled view draws: one chunk's record at a stage of the training step.
#[derive(Debug, Clone, Copy)]
pub struct UnrolledView<'a> {
    /// The chunk, forward and backward.
    pub record: &'a SequenceRecord,
    /// The model's characters in index order.
    pub vocab: &'a [char],
    /// Which stage of the step is shown.
    pub stage: Stage,
    /// The model's name, written at the top left ("RNN", "LSTM").
    pub label: &'a str,
    /// How many of the most probable next characters to show above each cell.
    pub top_k: usize,
}

/// What one cell shows at a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CellState {
    /// Not computed yet: faded, no predictions.
    Pending,
    /// Computed.
    Done,
    /// The step being shown (forward or backward).
    Current,
}

/// What cell `t` (0-based) shows at `stage`.
pub(crate) fn cell_state(stage: Stage, t: usize) -> CellState {
    let step = t + 1;
    match stage {
        Stage::Forward(current) if step == current => CellState::Current,
        Stage::Forward(current) if step > current => CellState::Pending,
        Stage::Backward(current) if step == current => CellState::Current,
        _ => CellState::Done,
    }
}

/// Draws the network unrolled over the chunk's `T` timesteps: a rounded cell per timestep,
/// its input character below (`␣` for a space, `↵` for a newline), the `top_k` most probable
/// next characters above with bars of their probabilities (the target's bar green when it is
/// the most probable, orange otherwise; a target outside the top k gets a row of its own),
/// and `h_{t−1} → h_t` arrows between cells. Stages:
///
/// - `Forward(t)`: cells 1..t computed, cell t in `accent`; later cells faded, no predictions.
/// - `Loss`: everything computed; the per-step loss `−log₂ p_t[target]` as a bar under each
///   input, scaled to the chunk's largest.
/// - `Backward(t)`: cells t..T show the gradient: an arrow from cell k+1 back to cell k as
///   thick as `‖dh_next_k‖` (the part of `∂L/∂h_k` carried back) and an arrow down from the
///   output into cell k as thick as `‖dh_out_k‖`, both on one scale (the chunk's largest is
///   6 CSS pixels, the smallest 1 pixel); cell t in `accent_2`.
/// - `Ready`, `Update`: everything computed with the losses, nothing highlighted.
///
/// Cells narrower than 14 device pixels are drawn without any text.
pub fn draw_unrolled<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &UnrolledView<'_>,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let record = view.record;
    let steps = record.len();
    let (width, height) = area.dim_in_pixel();
    let layout = Layout::new(width, height, steps, theme);
    draw_title(area, view, theme)?;
    if steps == 0 {
        let centre = (width as i32 / 2, (layout.body_top + layout.body_bottom) / 2);
        return draw_placeholder(area, "no chunk yet: step to run one", centre, theme);
    }
    data::record_numbers(view, theme);
    let (x0, x1) = layout.cell_x(0);
    let labelled = x1 - x0 >= MIN_LABELLED_CELL;
    draw_forward_arrows(area, view, &layout, theme)?;
    draw_cells(area, view, &layout, labelled, theme)?;
    draw_inputs(area, view, &layout, labelled, theme)?;
    for t in 0..steps {
        if cell_state(view.stage, t) != CellState::Pending {
            draw_predictions(area, view, &layout, t, labelled, theme)?;
        }
    }
    if !matches!(view.stage, Stage::Forward(_)) {
        draw_losses(area, record, &layout, labelled, theme)?;
    }
    if let Stage::Backward(current) = view.stage {
        draw_backward(area, record, &layout, current.max(1) - 1, theme)?;
    }
    area.present()?;
    Ok(())
}

/// The label at the top left, the stage at the top right.
fn draw_title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &UnrolledView<'_>,
    theme: &Theme,
) -> Result<(), RenderError> {
    let margin = theme.px(MARGIN);
    let y = margin + theme.px(TITLE / 2.0);
    let name = bold(theme.body_text(theme.ink, LEFT));
    label(area, view.label, (margin, y), &name)?;
    let (status, colour) = status(view, theme);
    let (width, _) = area.dim_in_pixel();
    let at = (width as i32 - margin, y);
    label(area, status, at, &theme.small_text(colour, RIGHT))
}

/// The stage as written at the top right, and its colour.
pub(crate) fn status(view: &UnrolledView<'_>, theme: &Theme) -> (String, RGBColor) {
    let steps = view.record.len();
    match view.stage {
        Stage::Ready if steps == 0 => (String::new(), theme.muted),
        Stage::Forward(t) => (format!("forward: t = {t} of {steps}"), theme.accent),
        Stage::Loss => (
            format!("loss: {:.2} bits/char", view.record.bits_per_char()),
            theme.ink,
        ),
        Stage::Backward(t) => (format!("backward: t = {t} of {steps}"), theme.accent_2),
        Stage::Update => ("weights updated".to_string(), theme.muted),
        Stage::Ready => (
            format!("{:.2} bits/char", view.record.bits_per_char()),
            theme.muted,
        ),
    }
}
