//! Small text, colour and key helpers shared by the attention lab's drawings.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::heatmap::split;
use super::{RenderError, Theme};

/// Width of a colour key's strip, in CSS pixels.
const KEY_WIDTH: f64 = 44.0;
/// Number of swatches a colour key is drawn with.
const KEY_STEPS: usize = 12;

/// A label as shown: spaces become `␣` so they can be seen.
pub(super) fn shown(label: &str) -> String {
    label.replace(' ', "␣")
}

/// The estimated width of `text` at `font_size`, in pixels (no font data is needed).
pub(super) fn text_width(text: &str, font_size: f64) -> f64 {
    text.chars().count() as f64 * 0.6 * font_size
}

/// `text`, cut with `…` to fit in `room` pixels at `font_size` (empty when not even one
/// character fits).
pub(super) fn clipped(text: &str, room: f64, font_size: f64) -> String {
    if text_width(text, font_size) <= room {
        return text.to_string();
    }
    let keep = (room / (0.6 * font_size)).floor() as usize;
    if keep < 2 {
        return String::new();
    }
    let mut out: String = text.chars().take(keep - 1).collect();
    out.push('…');
    out
}

/// A weight in at most four characters: `.83`, `.05`, `1`, `1.8`, `12` (`?` when not a
/// number), with a true minus sign for negative values.
pub(super) fn fraction_text(value: f64) -> String {
    if !value.is_finite() {
        return "?".to_string();
    }
    let sign = if value < -0.005 { "−" } else { "" };
    let magnitude = value.abs();
    let text = if magnitude < 0.995 {
        let text = format!("{magnitude:.2}");
        text.trim_start_matches('0').to_string()
    } else if magnitude < 9.95 {
        let text = format!("{magnitude:.1}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        format!("{magnitude:.0}")
    };
    format!("{sign}{text}")
}

/// A signed number with two decimals and a true minus sign: `−0.12`, `1.50`, `−∞`.
pub(super) fn signed_text(value: f64) -> String {
    if value.is_nan() {
        "?".to_string()
    } else if value.is_infinite() {
        if value < 0.0 { "−∞" } else { "∞" }.to_string()
    } else {
        let text = format!("{:.2}", value.abs());
        if value < 0.0 && text != "0.00" {
            format!("−{text}")
        } else {
            text
        }
    }
}

/// Relative luminance of a colour (0 black, 1 white).
fn luminance(colour: RGBColor) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(colour.0) + 0.7152 * channel(colour.1) + 0.0722 * channel(colour.2)
}

/// The text colour that reads on a fill: the background on dark fills, ink on light ones.
pub(super) fn ink_on(fill: RGBColor, theme: &Theme) -> RGBColor {
    if luminance(fill) < 0.4 {
        theme.background
    } else {
        theme.ink
    }
}

/// Label every how many-th of positions `pitch` pixels apart so labels `size` pixels wide do
/// not touch (1, 2, 5, 10, …).
pub(super) fn label_every(pitch: f64, size: f64) -> usize {
    let needed = size / pitch.max(1e-9);
    [1, 2, 5, 10, 20, 50, 100, 200, 500]
        .into_iter()
        .find(|&k| k as f64 >= needed)
        .unwrap_or(1000)
}

/// The width of [`draw_unit_key`]'s drawing, in pixels.
pub(super) fn unit_key_width(theme: &Theme) -> i32 {
    theme.px(KEY_WIDTH) + theme.px(24.0)
}

/// Draws the sequential map's key, `0 ▭ 1`, ending at `right` and centred on `y`.
pub(super) fn draw_unit_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    right: i32,
    y: i32,
    theme: &Theme,
) -> Result<(), RenderError> {
    let muted = (theme.font_family, theme.small_font_size)
        .into_font()
        .color(&theme.muted);
    let gap = theme.px(4.0);
    let strip_right = right - theme.px(8.0) - gap;
    let strip_left = strip_right - theme.px(KEY_WIDTH);
    let (top, bottom) = (y - theme.px(4.0), y + theme.px(4.0));
    for k in 0..KEY_STEPS {
        area.draw(&Rectangle::new(
            [
                (split(strip_left, strip_right, KEY_STEPS, k), top),
                (split(strip_left, strip_right, KEY_STEPS, k + 1), bottom),
            ],
            theme
                .sequential((k as f64 + 0.5) / KEY_STEPS as f64)
                .filled(),
        ))?;
    }
    area.draw(&Text::new(
        "1",
        (right, y),
        muted.clone().pos(Pos::new(HPos::Right, VPos::Center)),
    ))?;
    area.draw(&Text::new(
        "0",
        (strip_left - gap, y),
        muted.pos(Pos::new(HPos::Right, VPos::Center)),
    ))?;
    Ok(())
}

/// Draws `title` at the top left, at `(left, y)` centred vertically, cut to `room` pixels.
pub(super) fn draw_title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    (left, y): (i32, i32),
    room: i32,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.draw(&Text::new(
        clipped(title, f64::from(room), theme.font_size),
        (left, y),
        (theme.font_family, theme.font_size)
            .into_font()
            .color(&theme.ink)
            .pos(Pos::new(HPos::Left, VPos::Center)),
    ))?;
    Ok(())
}

/// Draws a muted note (e.g. "no output yet") centred on `centre`.
pub(super) fn draw_note<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    centre: (i32, i32),
    theme: &Theme,
) -> Result<(), RenderError> {
    area.draw(&Text::new(
        text.to_string(),
        centre,
        (theme.font_family, theme.font_size)
            .into_font()
            .color(&theme.muted)
            .pos(Pos::new(HPos::Center, VPos::Center)),
    ))?;
    Ok(())
}
