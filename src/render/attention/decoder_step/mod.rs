//! One step of an attention decoder broken down: the parts of each input's score, the scores,
//! the softmax weights, the context vector and the next character's distribution.

mod layout;
mod panels;

use ndarray::ArrayView2;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::attention::decoder_step::layout::{caption_texts, StepLayout};
use crate::render::attention::decoder_step::panels::{draw_bars, draw_chevron, draw_context};
use crate::render::attention::decoder_step::panels::{draw_parts, draw_row_labels};
use crate::render::kit::{clipped, draw_placeholder, fraction_text, largest_magnitude, shown};
use crate::render::kit::{label, text_width, LEFT};
use crate::render::{figure_data, RenderError, Theme};
use serde_json::json;

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
    if view.input.is_empty() {
        let centre = (width as i32 / 2, height as i32 / 2);
        return draw_placeholder(area, "no decoding step yet", centre, theme);
    }
    record_numbers(view);
    let layout = StepLayout::new(width, height, view, theme);
    let caption_style = theme.small_text(theme.ink, LEFT);
    for caption in &layout.captions {
        let room = f64::from(caption.room);
        let text = clipped(&caption.text, room, theme.small_font_size);
        label(area, text, caption.at, &caption_style)?;
    }
    for &(x, y) in &layout.arrows {
        draw_chevron(area, (x, y), theme)?;
    }
    let inputs: Vec<&str> = view.input.iter().map(String::as_str).collect();
    for &(right, rows) in &layout.input_labels {
        draw_row_labels(area, &inputs, right, rows, theme)?;
    }
    draw_parts(area, view, layout.parts, theme)?;
    draw_scores(area, view, layout.scores, theme)?;
    let bars: Vec<(f64, String, RGBColor)> = (0..inputs.len())
        .map(|j| {
            let a = view.weights.get(j).copied().unwrap_or(f64::NAN);
            (a, fraction_text(a), theme.accent)
        })
        .collect();
    draw_bars(area, &bars, layout.weights, 1.0, theme)?;
    let (context, down) = (layout.context, layout.context_down);
    draw_context(area, view.context, context, down, theme)?;
    draw_top_k(area, view, layout.top_k, theme)?;
    area.present()?;
    Ok(())
}

/// Records, while a figure is exported, each panel's numbers under its caption: the parts
/// (a row per input, a column per k, as stored), the scores `e_j` with the weights `a_j`, the context
/// vector and the next characters' probabilities.
fn record_numbers(view: &DecoderStepView) {
    if !figure_data::recording() {
        return;
    }
    let [parts, weights, context, next] = &caption_texts(view);
    let inputs: Vec<String> = view.input.iter().map(|s| shown(s)).collect();
    let value = |values: &[f64], j: usize| figure_data::optional(values.get(j).copied());
    let columns: Vec<String> = (1..=view.parts.ncols()).map(|k| format!("k={k}")).collect();
    figure_data::record_matrix(parts, &inputs, &columns, view.parts);
    figure_data::record_table(weights, &["input", "e_j", "a_j"], || {
        (0..inputs.len())
            .map(|j| {
                let (e, a) = (value(view.scores, j), value(view.weights, j));
                vec![json!(inputs[j]), e, a]
            })
            .collect()
    });
    figure_data::record_table(context, &["k", "c_k"], || {
        (0..view.context.len())
            .map(|k| vec![json!(k + 1), value(view.context, k)])
            .collect()
    });
    figure_data::record_table(next, &["character", "p"], || {
        (view.top_k.iter())
            .map(|(name, p)| vec![json!(shown(name)), figure_data::number(*p)])
            .collect()
    });
}

/// The scores `e_j` as diverging bars scaled by the largest `|e_j|`, negative ones in
/// `accent_2`.
fn draw_scores<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &DecoderStepView,
    rect: [i32; 4],
    theme: &Theme,
) -> Result<(), RenderError> {
    let scale = largest_magnitude(view.scores.iter().copied());
    let bars: Vec<(f64, String, RGBColor)> = (0..view.input.len())
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
    draw_bars(area, &bars, rect, 0.0, theme)
}

/// The next character's top k as bars of their probabilities (the first in `result`), with
/// the characters left of them.
fn draw_top_k<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &DecoderStepView,
    [x0, y0, x1, y1]: [i32; 4],
    theme: &Theme,
) -> Result<(), RenderError> {
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
    let names: Vec<&str> = view.top_k.iter().map(|(name, _)| name.as_str()).collect();
    let right = x0 + label_room - theme.px(4.0);
    draw_row_labels(area, &names, right, [y0, y1], theme)
}
