//! Text: the theme's label styles and drawing a label, shown labels, widths and fitting without
//! font data, clipping, label thinning and placement, and numbers written short with a true
//! minus sign.

use std::borrow::Borrow;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::render::{RenderError, Theme};

/// Which point of a label sits at the position it is drawn at: `(across, down)`.
pub(crate) type Anchor = (HPos, VPos);

/// The label's left end, centred vertically: it runs right from its position.
pub(crate) const LEFT: Anchor = (HPos::Left, VPos::Center);
/// The label's right end, centred vertically: it ends at its position.
pub(crate) const RIGHT: Anchor = (HPos::Right, VPos::Center);
/// The label's centre.
pub(crate) const CENTRE: Anchor = (HPos::Center, VPos::Center);
/// The middle of the label's top edge: it hangs under its position.
pub(crate) const UNDER: Anchor = (HPos::Center, VPos::Top);
/// The middle of the label's bottom edge: it stands on its position.
pub(crate) const OVER: Anchor = (HPos::Center, VPos::Bottom);
/// The label's top left corner (plotters' default, which its axis labels start from).
pub(crate) const TOP_LEFT: Anchor = (HPos::Left, VPos::Top);

/// The label styles of the theme (kept with the other text helpers).
impl Theme {
    /// A label in the theme's font at `size` device pixels, in `colour`, anchored at `anchor`.
    pub(crate) fn text(&self, size: f64, colour: RGBColor, (h, v): Anchor) -> TextStyle<'static> {
        TextStyle {
            font: (self.font_family, size).into_font(),
            color: colour.to_backend_color(),
            pos: Pos::new(h, v),
        }
    }

    /// A label at the body font size.
    pub(crate) fn body_text(&self, colour: RGBColor, anchor: Anchor) -> TextStyle<'static> {
        self.text(self.font_size, colour, anchor)
    }

    /// A label at the small font size.
    pub(crate) fn small_text(&self, colour: RGBColor, anchor: Anchor) -> TextStyle<'static> {
        self.text(self.small_font_size, colour, anchor)
    }
}

/// `style` in bold.
pub(crate) fn bold(style: TextStyle<'static>) -> TextStyle<'static> {
    TextStyle {
        font: style.font.style(FontStyle::Bold),
        ..style
    }
}

/// Draws `text` at `at` in `style`.
pub(crate) fn label<DB: DrawingBackend, T: Borrow<str>>(
    area: &DrawingArea<DB, Shift>,
    text: T,
    at: (i32, i32),
    style: &TextStyle<'_>,
) -> Result<(), RenderError> {
    area.draw(&Text::new(text, at, style.clone()))?;
    Ok(())
}

/// A label as shown: spaces become `␣` so they can be seen.
pub(crate) fn shown(label: &str) -> String {
    label.replace(' ', "␣")
}

/// A character as printed: a space `␣`, a newline `↵`, a tab `⇥`, another control character `·`.
pub(crate) fn visible(c: char) -> String {
    match c {
        ' ' => "␣".to_string(),
        '\n' => "↵".to_string(),
        '\t' => "⇥".to_string(),
        c if c.is_control() => "·".to_string(),
        c => c.to_string(),
    }
}

/// Whether `c` is written about a whole em wide: the East Asian wide characters (Hangul,
/// kana, CJK ideographs, fullwidth forms).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFF00..=0xFF60)
}

/// The estimated width of `narrow` characters and `wide` ones at `font_size`.
fn width_of((narrow, wide): (usize, usize), font_size: f64) -> f64 {
    (narrow as f64 * 0.6 + wide as f64) * font_size
}

/// The estimated width of `text` at `font_size`, in pixels (no font data is needed): 0.6 of
/// the size per character, a whole size per wide one (`고양이`, `猫`).
pub(crate) fn text_width(text: &str, font_size: f64) -> f64 {
    let wide = text.chars().filter(|&c| is_wide(c)).count();
    width_of((text.chars().count() - wide, wide), font_size)
}

/// `text`, cut with `…` to fit in `room` pixels at `font_size` (empty when not even one
/// character fits).
pub(crate) fn clipped(text: &str, room: f64, font_size: f64) -> String {
    if text_width(text, font_size) <= room {
        return text.to_string();
    }
    // The characters kept, counted narrow and wide, with the `…` as one narrow one.
    let mut counts = (1, 0);
    let mut out = String::new();
    for c in text.chars() {
        if is_wide(c) {
            counts.1 += 1;
        } else {
            counts.0 += 1;
        }
        if width_of(counts, font_size) > room {
            break;
        }
        out.push(c);
    }
    if out.is_empty() {
        return String::new();
    }
    out.push('…');
    out
}

/// `value` with `decimals` decimals, less the trailing zeros (and the point when none is
/// left): `0.25`, `1.5`, `2`.
/// A value that rounds to zero prints `0`, never `-0`.
pub(crate) fn fixed(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" {
        "0".to_string()
    } else {
        text
    }
}

/// `value` with `digits` significant digits (trailing zeros kept, they are significant) and a
/// true minus sign: `0.9995`, `12.35`, `−0.2500`; in scientific notation below `1e-3` and from
/// `1e6` on: `5.001e-4`, `−3.200e-7`, `1.250e8`. Zero is `0`, never a negative zero; `?` for
/// NaN, `∞` and `−∞` for the infinities.
pub(crate) fn significant(value: f64, digits: usize) -> String {
    let digits = digits.max(1);
    if value.is_nan() {
        return "?".to_string();
    }
    if value.is_infinite() {
        return if value < 0.0 { "−∞" } else { "∞" }.to_string();
    }
    if value == 0.0 {
        return "0".to_string();
    }
    let magnitude = value.abs();
    let scientific = format!("{magnitude:.precision$e}", precision = digits - 1);
    // The exponent as printed, after rounding to `digits` digits (0.99996 is 1.000).
    let exponent: i32 = scientific
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    let text = if !(-3..6).contains(&exponent) {
        scientific
    } else {
        let decimals = (digits as i32 - 1 - exponent).max(0) as usize;
        format!("{magnitude:.decimals$}")
    };
    if value < 0.0 {
        format!("−{text}")
    } else {
        text
    }
}

/// A weight in at most four characters: `.83`, `.05`, `1`, `1.8`, `12` (`?` when not a
/// number), with a true minus sign for negative values.
pub(crate) fn fraction_text(value: f64) -> String {
    if !value.is_finite() {
        return "?".to_string();
    }
    let sign = if value < -0.005 { "−" } else { "" };
    let magnitude = value.abs();
    let text = if magnitude < 0.995 {
        let text = format!("{magnitude:.2}");
        text.trim_start_matches('0').to_string()
    } else if magnitude < 9.95 {
        fixed(magnitude, 1)
    } else {
        format!("{magnitude:.0}")
    };
    format!("{sign}{text}")
}

/// A signed number with two decimals and a true minus sign: `−0.12`, `1.50`, `−∞`.
pub(crate) fn signed_text(value: f64) -> String {
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
pub(crate) fn luminance(colour: RGBColor) -> f64 {
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
pub(crate) fn ink_on(fill: RGBColor, theme: &Theme) -> RGBColor {
    if luminance(fill) < 0.4 {
        theme.background
    } else {
        theme.ink
    }
}

/// How many positions apart to label: the first of 1, 2, 5, 10, 20, 50, … for which `enough`
/// holds, or the first that reaches `count`.
pub(crate) fn thinning_step(count: usize, enough: impl Fn(usize) -> bool) -> usize {
    let mut every = 1;
    for k in 0..30 {
        every = [1, 2, 5][k % 3] * 10usize.pow(k as u32 / 3);
        if enough(every) || every >= count {
            break;
        }
    }
    every
}

/// Label every how many-th of positions `pitch` pixels apart so labels `size` pixels wide do
/// not touch (1, 2, 5, 10, …).
pub(crate) fn label_every(pitch: f64, size: f64) -> usize {
    let needed = size / pitch.max(1e-9);
    [1, 2, 5, 10, 20, 50, 100, 200, 500]
        .into_iter()
        .find(|&k| k as f64 >= needed)
        .unwrap_or(1000)
}

/// Draws `title` at the top left, at `(left, y)` centred vertically, cut to `room` pixels.
pub(crate) fn draw_title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    (left, y): (i32, i32),
    room: i32,
    theme: &Theme,
) -> Result<(), RenderError> {
    let text = clipped(title, f64::from(room), theme.font_size);
    label(area, text, (left, y), &theme.body_text(theme.ink, LEFT))
}

/// Draws a muted note (e.g. "no output yet") centred on `centre`.
pub(crate) fn draw_note<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    centre: (i32, i32),
    theme: &Theme,
) -> Result<(), RenderError> {
    label(area, text, centre, &theme.body_text(theme.muted, CENTRE))
}

/// Whether `text` fits in `room` pixels at `font_size` (an estimate without font data).
pub(crate) fn fits(text: &str, room: f64, font_size: f64) -> bool {
    text_width(text, font_size) <= room
}

/// Where to label `count` positions along one axis (`centre(i)` is position `i`'s centre) so
/// labels `size` pixels apart do not touch: every position where `first(i)` holds gets a
/// label, spread apart within `[low, high]` (keeping their order) when they are closer than
/// `size`; then every other position whose own centre is at least `size` from every label
/// placed, in order. Returns `(position, label centre)` in position order.
pub(crate) fn place_labels(
    count: usize,
    size: f64,
    centre: impl Fn(usize) -> f64,
    first: impl Fn(usize) -> bool,
    (low, high): (f64, f64),
) -> Vec<(usize, f64)> {
    let mut kept: Vec<(usize, f64)> = (0..count)
        .filter(|&i| first(i))
        .map(|i| (i, centre(i)))
        .collect();
    kept.sort_by(|a, b| a.1.total_cmp(&b.1));
    for k in 1..kept.len() {
        kept[k].1 = kept[k].1.max(kept[k - 1].1 + size);
    }
    if let Some(last) = kept.len().checked_sub(1) {
        kept[last].1 = kept[last].1.min(high);
        for k in (0..last).rev() {
            kept[k].1 = kept[k].1.min(kept[k + 1].1 - size);
        }
        for label in &mut kept {
            label.1 = label.1.max(low);
        }
    }
    for i in (0..count).filter(|&i| !first(i)) {
        let c = centre(i);
        if kept.iter().all(|&(_, k)| (k - c).abs() >= size) {
            kept.push((i, c));
        }
    }
    kept.sort_by_key(|&(i, _)| i);
    kept
}

/// Which labels along one axis to draw so none touches another: `labels[i]` is label `i`'s
/// `(centre, width)`; the widest go first (a `<s>` keeps its place, its narrow neighbours
/// give way), then every other label whose extent stays `gap` pixels clear of every label
/// kept. Returns the kept indices in order.
pub(crate) fn fitting_labels(labels: &[(f64, f64)], gap: f64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..labels.len()).collect();
    order.sort_by(|&a, &b| labels[b].1.total_cmp(&labels[a].1));
    let mut kept: Vec<usize> = Vec::new();
    for i in order {
        let (centre, width) = labels[i];
        let clear = kept.iter().all(|&k| {
            let (other, other_width) = labels[k];
            (centre - other).abs() >= (width + other_width) / 2.0 + gap
        });
        if clear {
            kept.push(i);
        }
    }
    kept.sort_unstable();
    kept
}

/// A number with about three significant digits and a true minus sign: `0.842`, `12.3`,
/// `0.0123`, `3e-5`, `1.2e4`.
pub(crate) fn compact(value: f64) -> String {
    if !value.is_finite() {
        return "?".to_string();
    }
    let magnitude = value.abs();
    let sign = if value < 0.0 { "−" } else { "" };
    let text = if magnitude == 0.0 {
        "0".to_string()
    } else if !(1e-3..1e4).contains(&magnitude) {
        let text = format!("{magnitude:.1e}");
        text.replace(".0e", "e")
    } else {
        let digits = (2 - magnitude.log10().floor() as i32).clamp(0, 4) as usize;
        fixed(magnitude, digits)
    };
    format!("{sign}{text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_numbers_are_short() {
        assert_eq!(compact(0.8421), "0.842");
        assert_eq!(compact(12.34), "12.3");
        assert_eq!(compact(0.01234), "0.0123");
        assert_eq!(compact(3e-5), "3e-5");
        assert_eq!(compact(-1.5), "−1.5");
        assert_eq!(compact(0.0), "0");
    }

    #[test]
    fn significant_digits_never_print_a_negative_zero() {
        assert_eq!(significant(0.99951, 4), "0.9995");
        assert_eq!(significant(0.000500125, 4), "5.001e-4");
        assert_eq!(significant(12.3456, 4), "12.35");
        assert_eq!(significant(-0.25, 4), "−0.2500");
        assert_eq!(significant(-0.0, 4), "0");
        assert_eq!(significant(-3.2e-7, 2), "−3.2e-7");
        assert_eq!(significant(1.25e8, 4), "1.250e8");
        assert_eq!(significant(0.99996, 4), "1.000");
        assert_eq!(significant(0.00099996, 4), "0.001000");
        assert_eq!(significant(0.00099949, 4), "9.995e-4");
        assert_eq!(significant(999_999.9, 4), "1.000e6");
        assert_eq!(significant(f64::NEG_INFINITY, 4), "−∞");
        assert_eq!(significant(f64::NAN, 4), "?");
        for value in [-1e-12, -4e-5, -0.00049, -0.0] {
            for digits in 1..6 {
                let text = significant(value, digits);
                assert!(
                    !text.contains("-0") && text != "−0" && !text.starts_with("−0.0000"),
                    "{value}: {text}"
                );
            }
        }
    }

    #[test]
    fn wide_characters_are_a_whole_font_size_wide() {
        assert_eq!(text_width("cat", 10.0), 18.0);
        assert_eq!(text_width("고양이", 10.0), 30.0);
        assert_eq!(text_width("猫 cat", 10.0), 10.0 + 4.0 * 6.0);
        assert_eq!(clipped("고양이가", 30.0, 10.0), "고양…");
        assert_eq!(clipped("elephant", 30.0, 10.0), "elep…");
        assert_eq!(clipped("elephant", 10.0, 10.0), "");
        assert!(fits("개", 10.0, 10.0) && !fits("개", 9.0, 10.0));
    }

    #[test]
    fn fixed_never_prints_a_negative_zero() {
        assert_eq!(fixed(-0.0001, 2), "0");
        assert_eq!(fixed(-0.25, 2), "-0.25");
        assert_eq!(fixed(1.5, 2), "1.5");
    }

    #[test]
    fn fitting_labels_keep_every_one_that_fits_and_the_widest_first() {
        let narrow: Vec<(f64, f64)> = (0..6).map(|i| (10.0 * i as f64, 6.0)).collect();
        assert_eq!(fitting_labels(&narrow, 2.0), vec![0, 1, 2, 3, 4, 5]);
        let mut with_wide = narrow.clone();
        with_wide[3].1 = 18.0;
        assert_eq!(fitting_labels(&with_wide, 2.0), vec![0, 1, 3, 5]);
        let crowded: Vec<(f64, f64)> = (0..6).map(|i| (5.0 * i as f64, 6.0)).collect();
        assert_eq!(fitting_labels(&crowded, 2.0), vec![0, 2, 4]);
    }

    #[test]
    fn labels_spread_the_first_ones_and_skip_close_others() {
        let placed = place_labels(10, 2.5, |i| i as f64, |i| i == 5 || i == 6, (0.0, 9.0));
        assert_eq!(placed, vec![(0, 0.0), (5, 5.0), (6, 7.5)]);
        let placed = place_labels(10, 2.5, |i| i as f64, |i| i >= 8, (0.0, 9.0));
        assert_eq!(placed, vec![(0, 0.0), (3, 3.0), (8, 6.5), (9, 9.0)]);
    }
}
