//! Small pieces the word2vec lab's drawings share: role badges, a categorical palette, a
//! legend with marker samples, label thinning and compact numbers.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::attention_common::text_width;
use super::shapes::rounded;
use super::{RenderError, Theme};

/// Height of one legend row, in CSS pixels.
const LEGEND_ROW: f64 = 16.0;
/// Width of a legend sample, in CSS pixels.
const SAMPLE: f64 = 12.0;
/// Colours of the classes after the first three (`accent`, `accent_2`, `result`).
const PALETTE: [RGBColor; 5] = [
    RGBColor(147, 51, 234),
    RGBColor(219, 39, 119),
    RGBColor(13, 148, 136),
    RGBColor(161, 98, 7),
    RGBColor(71, 85, 105),
];

/// The colour of class `class`: `accent`, `accent_2`, `result`, then a small palette, repeating
/// after eight classes.
pub(super) fn class_colour(class: usize, theme: &Theme) -> RGBColor {
    match class % 8 {
        0 => theme.accent,
        1 => theme.accent_2,
        2 => theme.result,
        k => PALETTE[k - 3],
    }
}

/// The colour of a role badge: `c` (centre) `accent`, `o` (context) `result`, `n` (negative)
/// `accent_2`, anything else `muted`.
pub(super) fn role_colour(role: char, theme: &Theme) -> RGBColor {
    match role {
        'c' => theme.accent,
        'o' => theme.result,
        'n' => theme.accent_2,
        _ => theme.muted,
    }
}

/// The side of a role badge, in pixels.
pub(super) fn badge_size(theme: &Theme) -> i32 {
    theme.small_font_size.round() as i32
}

/// Draws a role badge: a rounded square in the role's colour with the letter in white, its
/// left edge at `left`, centred on `y`.
pub(super) fn draw_badge<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    role: char,
    (left, y): (i32, i32),
    theme: &Theme,
) -> Result<(), RenderError> {
    let size = badge_size(theme);
    let top = y - size / 2;
    area.draw(&Polygon::new(
        rounded(left, top, left + size, top + size, theme.px(3.0)),
        role_colour(role, theme).filled(),
    ))?;
    area.draw(&Text::new(
        role.to_string(),
        (left + size / 2, y),
        (theme.font_family, theme.small_font_size * 0.9)
            .into_font()
            .style(FontStyle::Bold)
            .color(&theme.background)
            .pos(Pos::new(HPos::Center, VPos::Center)),
    ))?;
    Ok(())
}

/// What a legend entry shows before its label.
#[derive(Debug, Clone, Copy)]
pub(super) enum Mark {
    /// A filled square (a bar's or a class's colour).
    Swatch(RGBColor),
    /// A small filled triangle pointing up (a drawn negative).
    Triangle(RGBColor),
}

/// Where each `(mark, label)` goes: `(x, row)`, flowing from `left` and wrapping before
/// `right`.
fn legend_flow(items: &[(Mark, String)], left: i32, right: i32, theme: &Theme) -> Vec<(i32, i32)> {
    let (mut x, mut row) = (left, 0);
    let mut placed = Vec::with_capacity(items.len());
    for (_, label) in items {
        let width =
            theme.px(SAMPLE + 4.0 + 10.0) + text_width(label, theme.small_font_size).ceil() as i32;
        if x > left && x + width - theme.px(10.0) > right {
            x = left;
            row += 1;
        }
        placed.push((x, row));
        x += width;
    }
    placed
}

/// The height of the legend of `items` in `[left, right]`, in pixels (0 without items).
pub(super) fn legend_height(items: &[(Mark, String)], left: i32, right: i32, theme: &Theme) -> i32 {
    legend_flow(items, left, right, theme)
        .last()
        .map_or(0, |&(_, row)| theme.px(LEGEND_ROW) * (row + 1))
}

/// Draws the legend of `items` from `(left, top)`, wrapping before `right`.
pub(super) fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[(Mark, String)],
    (left, top): (i32, i32),
    right: i32,
    theme: &Theme,
) -> Result<(), RenderError> {
    let font = (theme.font_family, theme.small_font_size)
        .into_font()
        .color(&theme.ink)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let sample = theme.px(SAMPLE);
    for ((mark, label), (x, row)) in items.iter().zip(legend_flow(items, left, right, theme)) {
        let y = top + theme.px(LEGEND_ROW) * row + theme.px(LEGEND_ROW / 2.0);
        let half = theme.px(5.0);
        let centre = x + sample / 2;
        match *mark {
            Mark::Swatch(colour) => area.draw(&Rectangle::new(
                [(centre - half, y - half), (centre + half, y + half)],
                colour.filled(),
            ))?,
            Mark::Triangle(colour) => area.draw(&Polygon::new(
                triangle((centre, y), half, theme),
                colour.filled(),
            ))?,
        }
        area.draw(&Text::new(
            label.clone(),
            (x + sample + theme.px(4.0), y),
            font.clone(),
        ))?;
    }
    Ok(())
}

/// A triangle pointing up, centred on `centre`, `half` pixels from the centre to each side.
pub(super) fn triangle((x, y): (i32, i32), half: i32, theme: &Theme) -> Vec<(i32, i32)> {
    let lift = theme.px(1.0).min(half / 2);
    vec![
        (x, y - half - lift),
        (x + half, y + half - lift),
        (x - half, y + half - lift),
    ]
}

/// Where to label `count` positions along one axis (`centre(i)` is position `i`'s centre) so
/// labels `size` pixels apart do not touch: every position where `first(i)` holds gets a
/// label, spread apart within `[low, high]` (keeping their order) when they are closer than
/// `size`; then every other position whose own centre is at least `size` from every label
/// placed, in order. Returns `(position, label centre)` in position order.
pub(super) fn place_labels(
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

/// A number with about three significant digits and a true minus sign: `0.842`, `12.3`,
/// `0.0123`, `3e-5`, `1.2e4`.
pub(super) fn compact(value: f64) -> String {
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
        let text = format!("{magnitude:.digits$}");
        if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            text
        }
    };
    format!("{sign}{text}")
}

/// The largest finite `|value|`, or 1 when there is none or it is 0.
pub(super) fn largest_magnitude(values: impl Iterator<Item = f64>) -> f64 {
    let largest = values
        .filter(|v| v.is_finite())
        .fold(0.0f64, |m, v| m.max(v.abs()));
    if largest > 0.0 {
        largest
    } else {
        1.0
    }
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
    fn labels_spread_the_first_ones_and_skip_close_others() {
        let placed = place_labels(10, 2.5, |i| i as f64, |i| i == 5 || i == 6, (0.0, 9.0));
        assert_eq!(placed, vec![(0, 0.0), (5, 5.0), (6, 7.5)]);
        let placed = place_labels(10, 2.5, |i| i as f64, |i| i >= 8, (0.0, 9.0));
        assert_eq!(placed, vec![(0, 0.0), (3, 3.0), (8, 6.5), (9, 9.0)]);
    }
}
