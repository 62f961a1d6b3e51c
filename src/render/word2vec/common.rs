//! Small pieces the word2vec lab's drawings share: role badges.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::kit::rounded;
use crate::render::kit::{bold, label, CENTRE};
use crate::render::{RenderError, Theme};

/// The colour of a role badge: `c` (centre) `accent`, `o` (context) `result`, `n` (negative)
/// `accent_2`, anything else `muted`.
pub(crate) fn role_colour(role: char, theme: &Theme) -> RGBColor {
    match role {
        'c' => theme.accent,
        'o' => theme.result,
        'n' => theme.accent_2,
        _ => theme.muted,
    }
}

/// The side of a role badge, in pixels.
pub(crate) fn badge_size(theme: &Theme) -> i32 {
    theme.small_font_size.round() as i32
}

/// Draws a role badge: a rounded square in the role's colour with the letter in white, its
/// left edge at `left`, centred on `y`.
pub(crate) fn draw_badge<DB: DrawingBackend>(
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
    let letter = bold(theme.text(theme.small_font_size * 0.9, theme.background, CENTRE));
    label(area, role.to_string(), (left + size / 2, y), &letter)
}
