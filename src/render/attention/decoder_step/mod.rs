//! One step of an attention decoder broken down: the parts of each input's score, the scores,
//! the softmax weights, the context vector and the next character's distribution.

mod layout;
mod panels;

use ndarray::ArrayView2;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::attention::decoder_step::layout::StepLayout;
use crate::render::attention::decoder_step::panels::{
    draw_arrow, draw_bars, draw_context, draw_parts, largest, text_every,
};
use crate::render::kit::split;
use crate::render::kit::{clipped, draw_note, fraction_text, shown, text_width};
use crate::render::kit::{label, LEFT, RIGHT};
use crate::render::{RenderError, Theme};

/// What the decoder-step view draws.
#[derive(Debug, Clone, Copy)]
pub struct DecoderStepView<'a> {
    /// One label per input position (a space is shown as `␣`).
    pub input: &'a [String],
    /// `[inputs, K]`: the parts of each score; row j sums to the score `e_j` (dot:
    /// `s_k h_jk`; general: `s_k (W h_j)_k`; additive: `v_k tanh(W_s s + U h_j)_k`).
    pub parts: ArrayView2<'a, f64>,
    /// What a part is, e.g. `v_k · tanh(W_s s + U h_j)_k`.
    pub parts_caption: &'a str,
    /// The scores `e_j`.
    pub scores: &'a [f64],
    /// The weights `a_j = softmax(e)_j`.
    pub weights: &'a [f64],
    /// The context vector `c = Σ_j a_j h_j` (length H).
    pub context: &'a [f64],
    /// The next character's most likely values with their probabilities, most likely first.
    pub top_k: &'a [(String, f64)],
}

/// A signed value in at most five characters: `−1.23`, `12.3`, `−140`.
fn short_signed(value: f64) -> String {
    if !value.is_finite() {
        return "?".to_string();
    }
    let magnitude = value.abs();
    let text = if magnitude >= 99.95 {
        format!("{magnitude:.0}")
    } else if magnitude >= 9.995 {
        format!("{magnitude:.1}")
    } else {
        format!("{magnitude:.2}")
    };
    if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("−{text}")
    } else {
        text
    }
}

/// Draws one decoding step of `view`. Left to right (top to bottom below 560 CSS pixels):
/// the parts as a diverging heat map (inputs down, K across, scaled by the largest `|part|`)
/// with the scores `e_j` as diverging bars beside it; the weights `a_j` as bars (0 to 1); the
/// context vector as a diverging strip (scaled by its largest `|c_k|`); the top k next
/// characters as bars with their probabilities, the first in `result`. Each panel is
/// captioned with the operation that makes it (`softmax`, `Σ a_j h_j`, `W[s;c]+b → softmax`)
/// and, side by side, joined by arrows. Without any input it writes "no decoding step yet".
pub fn draw_decoder_step<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &DecoderStepView,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let (width, height) = area.dim_in_pixel();
    let inputs = view.input.len();
    if inputs == 0 {
        draw_note(
            area,
            "no decoding step yet",
            (width as i32 / 2, height as i32 / 2),
            theme,
        )?;
        area.present()?;
        return Ok(());
    }
    let layout = StepLayout::new(width, height, view, theme);
    let caption_style = theme.small_text(theme.ink, LEFT);
    for caption in &layout.captions {
        let text = clipped(
            &caption.text,
            f64::from(caption.room),
            theme.small_font_size,
        );
        label(area, text, caption.at, &caption_style)?;
    }
    for &(x, y) in &layout.arrows {
        draw_arrow(area, (x, y), theme)?;
    }
    let beside = theme.small_text(theme.ink, RIGHT);
    for &(right, [top, bottom]) in &layout.input_labels {
        let every = text_every(top, bottom, inputs, theme);
        for j in (0..inputs).filter(|j| j % every == 0) {
            let y = (split(top, bottom, inputs, j) + split(top, bottom, inputs, j + 1)) / 2;
            label(area, shown(&view.input[j]), (right, y), &beside)?;
        }
    }
    draw_parts(area, view, layout.parts, theme)?;
    let scale = largest(view.scores.iter().copied());
    let bars: Vec<(f64, String, RGBColor)> = (0..inputs)
        .map(|j| {
            let e = view.scores.get(j).copied().unwrap_or(f64::NAN);
            let colour = if e < 0.0 {
                theme.accent_2
            } else {
                theme.accent
            };
            (e / scale, short_signed(e), colour)
        })
        .collect();
    draw_bars(area, &bars, layout.scores, 0.0, theme)?;
    let bars: Vec<(f64, String, RGBColor)> = (0..inputs)
        .map(|j| {
            let a = view.weights.get(j).copied().unwrap_or(f64::NAN);
            (a, fraction_text(a), theme.accent)
        })
        .collect();
    draw_bars(area, &bars, layout.weights, 1.0, theme)?;
    draw_context(
        area,
        view.context,
        layout.context,
        layout.context_down,
        theme,
    )?;
    let [x0, y0, x1, y1] = layout.top_k;
    let label_room = view
        .top_k
        .iter()
        .map(|(label, _)| text_width(&shown(label), theme.small_font_size))
        .fold(0.0, f64::max)
        .ceil() as i32
        + theme.px(6.0);
    let bars: Vec<(f64, String, RGBColor)> = view
        .top_k
        .iter()
        .enumerate()
        .map(|(r, &(_, p))| {
            let colour = if r == 0 { theme.result } else { theme.accent };
            (p, fraction_text(p), colour)
        })
        .collect();
    draw_bars(area, &bars, [x0 + label_room, y0, x1, y1], 1.0, theme)?;
    let count = view.top_k.len();
    let every = text_every(y0, y1, count, theme);
    for (r, (name, _)) in view
        .top_k
        .iter()
        .enumerate()
        .filter(|(r, _)| r % every == 0)
    {
        let y = (split(y0, y1, count, r) + split(y0, y1, count, r + 1)) / 2;
        label(
            area,
            shown(name),
            (x0 + label_room - theme.px(4.0), y),
            &beside,
        )?;
    }
    area.present()?;
    Ok(())
}
