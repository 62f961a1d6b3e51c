//! Above and below the unrolled cells: the top-k predictions with bars of their
//! probabilities, and the per-step loss bars.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::engine::rnn::SequenceRecord;
use crate::render::kit::{fits, label, visible, OVER, RIGHT};
use crate::render::rnn::unrolled::layout::{Layout, ROW};
use crate::render::rnn::unrolled::UnrolledView;
use crate::render::{RenderError, Theme};

/// The `top_k` most probable next characters at timestep `t`, most probable first (ties by
/// index), then the target when it is not among them.
pub(crate) fn ranked(view: &UnrolledView<'_>, t: usize, top_k: usize) -> Vec<usize> {
    let probs = view.record.probs.row(t);
    let mut order: Vec<usize> = (0..probs.len()).collect();
    order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]).then(a.cmp(&b)));
    order.truncate(top_k);
    let target = view.record.targets[t];
    if !order.contains(&target) {
        order.push(target);
    }
    order
}

/// Where one timestep's prediction rows go: the cell's span across, the first row's top,
/// the rows' height and the font that fits them.
struct Rows {
    x0: i32,
    x1: i32,
    top: i32,
    height: i32,
    font_size: f64,
}

impl Rows {
    /// The rows of timestep `t`: room for `top_k` rows plus one for a target outside them,
    /// bottom-aligned to the cells.
    fn new(layout: &Layout, t: usize, top_k: usize, theme: &Theme) -> Rows {
        let room = layout.predictions_bottom - layout.predictions_top;
        let height = (f64::from(room) / (top_k + 1) as f64)
            .min(f64::from(theme.px(ROW)))
            .floor()
            .max(2.0) as i32;
        let (x0, x1) = layout.cell_x(t);
        let font_size = theme
            .small_font_size
            .min(f64::from(height))
            .min(f64::from(x1 - x0) * 1.1);
        Rows {
            x0,
            x1,
            top: layout.predictions_bottom - height * (top_k + 1) as i32,
            height,
            font_size,
        }
    }
}

/// The top-k predictions of timestep `t` above its cell, the most probable on top.
pub(crate) fn draw_predictions<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &UnrolledView<'_>,
    layout: &Layout,
    t: usize,
    labelled: bool,
    theme: &Theme,
) -> Result<(), RenderError> {
    let probs = view.record.probs.row(t);
    let top_k = view.top_k.min(probs.len());
    if top_k == 0 {
        return Ok(());
    }
    let rows = Rows::new(layout, t, top_k, theme);
    let target = view.record.targets[t];
    for (rank, &index) in ranked(view, t, top_k).iter().enumerate() {
        let p = f64::from(probs[index]).clamp(0.0, 1.0);
        let colour = match (index == target, rank) {
            (true, 0) => theme.result,
            (true, _) => theme.accent_2,
            (false, _) => theme.accent,
        };
        let y0 = rows.top + rows.height * rank as i32;
        let y1 = y0 + rows.height - theme.px(2.0).max(1);
        let (x0, x1) = (rows.x0, rows.x1);
        let bar = (f64::from(x1 - x0) * p).round() as i32;
        area.draw(&Rectangle::new(
            [(x0, y0), (x0 + bar.max(1), y1)],
            colour
                .mix(if index == target { 0.45 } else { 0.25 })
                .filled(),
        ))?;
        if index == target {
            area.draw(&Rectangle::new(
                [(x0, y0), (x1, y1)],
                colour.stroke_width(theme.px(1.0).max(1) as u32),
            ))?;
        }
        if labelled {
            let c = view.vocab.get(index).copied().unwrap_or('?');
            let ink = if index == target { colour } else { theme.ink };
            draw_prediction_text(area, &rows, (visible(c), p), ((y0 + y1) / 2, ink), theme)?;
        }
    }
    Ok(())
}

/// One prediction's character at the left of its row with its probability at the right, or
/// the character centred alone when both do not fit.
fn draw_prediction_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rows: &Rows,
    (character, p): (String, f64),
    (y, ink): (i32, RGBColor),
    theme: &Theme,
) -> Result<(), RenderError> {
    let (x0, x1, font_size) = (rows.x0, rows.x1, rows.font_size);
    let value = format!("{p:.2}");
    let value = value.strip_prefix('0').unwrap_or(&value).to_string();
    let both = format!("{character} {value}");
    let with_value = fits(&both, f64::from(x1 - x0 - theme.px(4.0)), font_size);
    let (x, h) = if with_value {
        (x0 + theme.px(2.0), HPos::Left)
    } else {
        ((x0 + x1) / 2, HPos::Center)
    };
    let style = theme.text(font_size, ink, (h, VPos::Center));
    label(area, character, (x, y), &style)?;
    if with_value {
        let muted = theme.text(font_size, theme.muted, RIGHT);
        label(area, value, (x1 - theme.px(2.0), y), &muted)?;
    }
    Ok(())
}

/// The per-step losses `−log₂ p_t[target]`, in bits.
pub(crate) fn loss_bits(record: &SequenceRecord) -> Vec<f64> {
    record
        .losses
        .iter()
        .map(|&l| f64::from(l) / std::f64::consts::LN_2)
        .collect()
}

/// The per-step losses as bars at the bottom, in bits, scaled to the chunk's largest.
pub(crate) fn draw_losses<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    record: &SequenceRecord,
    layout: &Layout,
    labelled: bool,
    theme: &Theme,
) -> Result<(), RenderError> {
    let bits = loss_bits(record);
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
