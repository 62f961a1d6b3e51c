//! The recurrent network unrolled over a chunk: one cell per timestep, its input below, its
//! predictions above, the loss per step, and the gradient flowing back during backward.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::engine::rnn::{SequenceRecord, Stage};
use crate::render::kit::rounded;
use crate::render::kit::{bold, draw_note, label, CENTRE, LEFT, OVER, RIGHT};
use crate::render::kit::{fits, part_at, split};
use crate::render::{RenderError, Theme};

/// Outer margin, in CSS pixels.
const MARGIN: f64 = 6.0;
/// Height of the band with the label and the stage, in CSS pixels.
const TITLE: f64 = 20.0;
/// Room left and right of the cells for the arrows of `h_0` and `h_T`, in CSS pixels.
const GUTTER: f64 = 12.0;
/// Height of one prediction row, in CSS pixels (less when `top_k + 1` rows would not fit in
/// the band).
const ROW: f64 = 14.0;
/// Height of the prediction band above the cells, in CSS pixels: `top_k` rows and one for a
/// target outside them.
const PREDICTIONS: f64 = 4.0 * ROW;
/// Gap between the predictions and the cells (the output arrows), in CSS pixels.
const OUT_GAP: f64 = 18.0;
/// Height of a cell, in CSS pixels.
const CELL: f64 = 28.0;
/// Gap between a cell and its input (the input arrow), in CSS pixels.
const IN_GAP: f64 = 12.0;
/// Height of the input characters' row, in CSS pixels.
const INPUT: f64 = 16.0;
/// Height of the per-step loss band at the bottom, in CSS pixels.
const LOSS: f64 = 30.0;
/// Widest gradient arrow, in CSS pixels.
const MAX_ARROW: f64 = 6.0;
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

/// Where everything goes, in backend pixels; a function of the area's size, `T` and the theme
/// only, so the page can map a pointer to a timestep without the record.
struct Layout {
    /// The columns' outer edges: column `t` is `[split(left, right, T, t), …(t + 1))`.
    left: i32,
    right: i32,
    steps: usize,
    /// Top of the part that reacts to the pointer (below the title band).
    body_top: i32,
    /// Bottom of the drawing (above the margin).
    body_bottom: i32,
    /// Top of the prediction band.
    predictions_top: i32,
    /// The baseline of the loss bars.
    loss_bottom: i32,
    /// Where the gap between neighbouring cells starts, from a column's left edge.
    gap_left: i32,
    gap_right: i32,
    cell_top: i32,
    cell_bottom: i32,
    /// The bottom of the lowest prediction row.
    predictions_bottom: i32,
    input_top: i32,
    input_bottom: i32,
    loss_top: i32,
}

impl Layout {
    fn new(width: u32, height: u32, steps: usize, theme: &Theme) -> Layout {
        let (width, height) = (width as i32, height as i32);
        let margin = theme.px(MARGIN);
        let left = margin + theme.px(GUTTER);
        let right = (width - margin - theme.px(GUTTER)).max(left + 1);
        let pitch = f64::from(right - left) / steps.max(1) as f64;
        // About 30 % of a column is the gap the recurrent arrows run in.
        let gap = (pitch * 0.3).round().clamp(0.0, f64::from(theme.px(18.0))) as i32;
        let body_top = margin + theme.px(TITLE);
        let body_bottom = height - margin;
        // The stack of bands, centred in the body (from its top when it does not fit).
        let stack = theme.px(PREDICTIONS)
            + theme.px(OUT_GAP)
            + theme.px(CELL)
            + theme.px(IN_GAP)
            + theme.px(INPUT)
            + theme.px(LOSS);
        let predictions_top = body_top + ((body_bottom - body_top - stack) / 2).max(0);
        let cell_top = predictions_top + theme.px(PREDICTIONS) + theme.px(OUT_GAP);
        let cell_bottom = cell_top + theme.px(CELL);
        let input_top = cell_bottom + theme.px(IN_GAP);
        let loss_top = input_top + theme.px(INPUT);
        Layout {
            left,
            right,
            steps,
            body_top,
            body_bottom,
            predictions_top,
            loss_bottom: loss_top + theme.px(LOSS),
            gap_left: gap / 2,
            gap_right: gap - gap / 2,
            cell_top,
            cell_bottom,
            predictions_bottom: cell_top - theme.px(OUT_GAP),
            input_top,
            input_bottom: loss_top,
            loss_top,
        }
    }

    fn column(&self, t: usize) -> i32 {
        split(self.left, self.right, self.steps, t)
    }

    /// The cell of timestep `t` (0-based): `[x0, x1]`.
    fn cell_x(&self, t: usize) -> (i32, i32) {
        let x0 = self.column(t) + self.gap_left;
        let x1 = (self.column(t + 1) - self.gap_right).max(x0 + 1);
        (x0, x1)
    }

    fn centre_x(&self, t: usize) -> i32 {
        let (x0, x1) = self.cell_x(t);
        (x0 + x1) / 2
    }
}

/// The timestep (0-based) under a pointer at `(x, y)` in backend pixels of a `width × height`
/// drawing area (relative to its top-left corner: CSS offset × pixel ratio on the page) of an
/// unrolled view of `steps` timesteps. A timestep owns its whole column, from the top of its
/// predictions to the bottom of its loss bar, including the gaps beside its cell where the
/// arrows run; `None` left or right of the columns, above or below them.
pub fn unrolled_cell_at(
    width: u32,
    height: u32,
    steps: usize,
    theme: &Theme,
    x: f64,
    y: f64,
) -> Option<usize> {
    let layout = Layout::new(width, height, steps, theme);
    if !(f64::from(layout.predictions_top)..f64::from(layout.loss_bottom)).contains(&y) {
        return None;
    }
    part_at(layout.left, layout.right, steps, x)
}

/// A character as printed: whitespace made visible.
fn visible(c: char) -> String {
    match c {
        ' ' => "␣".to_string(),
        '\n' => "↵".to_string(),
        '\t' => "⇥".to_string(),
        c if c.is_control() => "·".to_string(),
        c => c.to_string(),
    }
}

/// What one cell shows at a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CellState {
    /// Not computed yet: faded, no predictions.
    Pending,
    /// Computed.
    Done,
    /// The step being shown (forward or backward).
    Current,
}

fn cell_state(stage: Stage, t: usize) -> CellState {
    let step = t + 1;
    match stage {
        Stage::Forward(current) if step == current => CellState::Current,
        Stage::Forward(current) if step > current => CellState::Pending,
        Stage::Backward(current) if step == current => CellState::Current,
        _ => CellState::Done,
    }
}

/// The Euclidean norm of each row.
fn row_norms(matrix: &ndarray::Array2<f32>) -> Vec<f64> {
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
    let (dx, dy) = (f64::from(to.0 - from.0), f64::from(to.1 - from.1));
    let length = dx.hypot(dy);
    if length < 1.0 {
        return Ok(());
    }
    let (ux, uy) = (dx / length, dy / length);
    let head = (f64::from(theme.px(4.0)) + f64::from(width))
        .min(length * 0.6)
        .max(1.0);
    let half = (f64::from(theme.px(2.5)) + f64::from(width) * 0.6).max(1.0);
    let base = (f64::from(to.0) - ux * head, f64::from(to.1) - uy * head);
    area.draw(&PathElement::new(
        vec![from, (base.0.round() as i32, base.1.round() as i32)],
        colour.stroke_width(width),
    ))?;
    let corner = |side: f64| {
        (
            (base.0 - uy * half * side).round() as i32,
            (base.1 + ux * half * side).round() as i32,
        )
    };
    area.draw(&Polygon::new(
        vec![to, corner(1.0), corner(-1.0)],
        colour.filled(),
    ))?;
    Ok(())
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
        draw_note(
            area,
            "no chunk yet: step to run one",
            (width as i32 / 2, (layout.body_top + layout.body_bottom) / 2),
            theme,
        )?;
        area.present()?;
        return Ok(());
    }
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
    let steps = view.record.len();
    let (status, colour) = match view.stage {
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
    };
    let (width, _) = area.dim_in_pixel();
    let at = (width as i32 - margin, y);
    label(area, status, at, &theme.small_text(colour, RIGHT))
}

/// The forward arrows: `h_{t−1} → h_t` between cells (from `h_0` at the left, to `h_T` at the
/// right), input → cell and cell → output.
fn draw_forward_arrows<DB: DrawingBackend>(
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
fn draw_cells<DB: DrawingBackend>(
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
        let mut outline_path = shape;
        outline_path.push(outline_path[0]);
        area.draw(&PathElement::new(
            outline_path,
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
fn draw_inputs<DB: DrawingBackend>(
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

/// The top-k predictions of timestep `t` above its cell, the most probable on top.
fn draw_predictions<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &UnrolledView<'_>,
    layout: &Layout,
    t: usize,
    labelled: bool,
    theme: &Theme,
) -> Result<(), RenderError> {
    let record = view.record;
    let probs = record.probs.row(t);
    let top_k = view.top_k.min(probs.len());
    if top_k == 0 {
        return Ok(());
    }
    let mut order: Vec<usize> = (0..probs.len()).collect();
    order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]).then(a.cmp(&b)));
    order.truncate(top_k);
    let target = record.targets[t];
    if !order.contains(&target) {
        order.push(target);
    }
    // Room for k rows plus one for a target outside the top k, bottom-aligned to the cells.
    let room = layout.predictions_bottom - layout.predictions_top;
    let row_height = (f64::from(room) / (top_k + 1) as f64)
        .min(f64::from(theme.px(ROW)))
        .floor()
        .max(2.0) as i32;
    let top = layout.predictions_bottom - row_height * (top_k + 1) as i32;
    let (x0, x1) = layout.cell_x(t);
    let cell_width = x1 - x0;
    let font_size = theme
        .small_font_size
        .min(f64::from(row_height))
        .min(f64::from(cell_width) * 1.1);
    for (rank, &index) in order.iter().enumerate() {
        let p = f64::from(probs[index]).clamp(0.0, 1.0);
        let is_target = index == target;
        let colour = match (is_target, rank) {
            (true, 0) => theme.result,
            (true, _) => theme.accent_2,
            (false, _) => theme.accent,
        };
        let y0 = top + row_height * rank as i32;
        let y1 = y0 + row_height - theme.px(2.0).max(1);
        let bar = (f64::from(cell_width) * p).round() as i32;
        area.draw(&Rectangle::new(
            [(x0, y0), (x0 + bar.max(1), y1)],
            colour.mix(if is_target { 0.45 } else { 0.25 }).filled(),
        ))?;
        if is_target {
            area.draw(&Rectangle::new(
                [(x0, y0), (x1, y1)],
                colour.stroke_width(theme.px(1.0).max(1) as u32),
            ))?;
        }
        if !labelled {
            continue;
        }
        let c = view.vocab.get(index).copied().unwrap_or('?');
        let character = visible(c);
        let ink = if is_target { colour } else { theme.ink };
        let y = (y0 + y1) / 2;
        let value = format!("{p:.2}");
        let value = value.strip_prefix('0').unwrap_or(&value).to_string();
        let both = format!("{character} {value}");
        // The character at the left with the probability at the right, or centred alone.
        let with_value = fits(&both, f64::from(cell_width - theme.px(4.0)), font_size);
        let (x, h) = if with_value {
            (x0 + theme.px(2.0), HPos::Left)
        } else {
            ((x0 + x1) / 2, HPos::Center)
        };
        label(
            area,
            character,
            (x, y),
            &theme.text(font_size, ink, (h, VPos::Center)),
        )?;
        if with_value {
            let muted = theme.text(font_size, theme.muted, RIGHT);
            label(area, value, (x1 - theme.px(2.0), y), &muted)?;
        }
    }
    Ok(())
}

/// The per-step losses as bars at the bottom, in bits, scaled to the chunk's largest.
fn draw_losses<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    record: &SequenceRecord,
    layout: &Layout,
    labelled: bool,
    theme: &Theme,
) -> Result<(), RenderError> {
    let bits: Vec<f64> = record
        .losses
        .iter()
        .map(|&l| f64::from(l) / std::f64::consts::LN_2)
        .collect();
    let largest = bits
        .iter()
        .copied()
        .filter(|b| b.is_finite())
        .fold(0.0, f64::max);
    let text_room = if labelled {
        theme.small_font_size.ceil() as i32 + theme.px(2.0)
    } else {
        0
    };
    let bottom = layout.loss_bottom;
    let room = (bottom - layout.loss_top - text_room - theme.px(2.0)).max(1);
    let font = theme.text(theme.small_font_size * 0.9, theme.muted, OVER);
    for (t, &b) in bits.iter().enumerate() {
        let fraction = if b.is_nan() || largest <= 0.0 {
            0.0
        } else {
            (b / largest).clamp(0.0, 1.0)
        };
        let bar = (f64::from(room) * fraction).round() as i32;
        let (x0, x1) = layout.cell_x(t);
        let quarter = (x1 - x0) / 4;
        area.draw(&Rectangle::new(
            [(x0 + quarter, bottom - bar.max(1)), (x1 - quarter, bottom)],
            theme.muted.filled(),
        ))?;
        let text = if b.is_finite() {
            format!("{b:.1}")
        } else {
            "∞".to_string()
        };
        if labelled
            && fits(
                &text,
                f64::from(x1 - x0 + theme.px(2.0)),
                theme.small_font_size,
            )
        {
            let at = ((x0 + x1) / 2, bottom - bar.max(1) - theme.px(1.0));
            label(area, text, at, &font)?;
        }
    }
    Ok(())
}

/// The backward pass from `T` down to `current` (0-based): the gradient carried back between
/// cells and the gradient from each output, arrows as thick as their norms.
fn draw_backward<DB: DrawingBackend>(
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
