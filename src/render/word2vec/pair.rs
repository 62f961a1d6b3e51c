//! One skip-gram update's dot products: the centre word against its context word and each
//! negative, with σ of each dot product against its target and the loss term it adds.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::render::kit::{clipped, draw_heading, draw_placeholder, signed_text, text_width};
use crate::render::kit::{fits, label, LEFT, MARGIN, RIGHT, TITLE_BAND};
use crate::render::word2vec::common::{badge_size, draw_badge};
use crate::render::{figure_data, RenderError, Theme};
use serde_json::{json, Value};

/// Height of the column names, in CSS pixels.
const HEADER: f64 = 16.0;
/// Tallest row, in CSS pixels.
const MAX_ROW: f64 = 28.0;
/// Widest word label, in CSS pixels.
const MAX_LABEL: f64 = 110.0;
/// Width of the dot-product column, in CSS pixels.
const DOT: f64 = 50.0;
/// Width of the σ column, in CSS pixels.
const SIGMA: f64 = 40.0;
/// Width of the loss-term column, in CSS pixels.
const TERM: f64 = 52.0;
/// σ is written beside its bar only when the bar is at least this wide, in CSS pixels.
const SIGMA_FROM: f64 = 90.0;
/// Widest bar, in CSS pixels.
const MAX_BAR: f64 = 360.0;

/// What the update view draws.
#[derive(Debug, Clone, Copy)]
pub struct PairView<'a> {
    /// The centre word.
    pub centre: &'a str,
    /// The words paired with it: the context word first, then the negatives.
    pub labels: &'a [String],
    /// `W_centre · W′_word` for each label.
    pub dots: &'a [f64],
    /// `σ(dot)` for each label.
    pub sigmas: &'a [f64],
    /// Each label's loss term: `−ln σ(dot)` for the context, `−ln σ(−dot)` for a negative.
    pub terms: &'a [f64],
    /// The update's loss, `−ln σ(dot₀) − Σₖ ln σ(−dotₖ)`.
    pub loss: f64,
}

/// Where the columns go, left to right: badge and word, dot, bar, σ, loss term; and the rows.
struct Columns {
    /// Room for a word, in pixels.
    widest: f64,
    /// The words start after the badge, this far from the margin.
    badge: i32,
    dot_right: i32,
    bar_left: i32,
    bar_right: i32,
    /// Whether there is room for σ beside the bar.
    with_sigma: bool,
    sigma_right: i32,
    term_right: i32,
    /// The rows' top, and their pitch.
    top: i32,
    pitch: f64,
}

impl Columns {
    /// The columns of `view` in a `width × height` area.
    fn new((width, height): (i32, i32), view: &PairView, theme: &Theme) -> Columns {
        let margin = theme.px(MARGIN);
        let widest = view
            .labels
            .iter()
            .map(|l| text_width(l, theme.small_font_size))
            .fold(0.0, f64::max)
            .min(f64::from(theme.px(MAX_LABEL)))
            .min(f64::from(width) * 0.25);
        let badge = badge_size(theme) + theme.px(4.0);
        let label_right = margin + badge + widest.ceil() as i32;
        let dot_right = label_right + theme.px(DOT);
        let bar_left = dot_right + theme.px(10.0);
        // The bar takes what the σ and loss columns leave, up to a limit; σ is dropped first.
        let room = width - margin - theme.px(TERM) - bar_left - theme.px(10.0);
        let with_sigma = room - theme.px(SIGMA) >= theme.px(SIGMA_FROM);
        let bar_width = if with_sigma {
            room - theme.px(SIGMA)
        } else {
            room
        };
        let bar_right = bar_left + bar_width.clamp(1, theme.px(MAX_BAR));
        let sigma_right = bar_right + theme.px(10.0) + theme.px(SIGMA);
        let term_right = if with_sigma {
            sigma_right
        } else {
            bar_right + theme.px(10.0)
        } + theme.px(TERM);
        let top = margin + theme.px(TITLE_BAND) + theme.px(HEADER);
        let pitch = (f64::from(height - margin - top) / view.labels.len() as f64)
            .min(f64::from(theme.px(MAX_ROW)))
            .max(1.0);
        Columns {
            widest,
            badge,
            dot_right,
            bar_left,
            bar_right,
            with_sigma,
            sigma_right,
            term_right,
            top,
            pitch,
        }
    }
}

/// Draws one row per label: its role badge (`o` context, `n` negative) and word, the dot
/// product, σ(dot) as a bar on [0, 1] (`result` for the context, `accent_2` for negatives)
/// with an `ink` tick at its target (1 for the context, 0 for a negative), σ written out when
/// there is room, and the row's loss term `−ln σ(±dot)`. The caption names the centre word and
/// the total loss. "no update yet" without any label.
pub fn draw_pair<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &PairView,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let (width, height) = area.dim_in_pixel();
    let (width, height) = (width as i32, height as i32);
    let caption = if view.labels.is_empty() {
        "one update".to_string()
    } else {
        format!("centre “{}”: loss {:.3}", view.centre, view.loss)
    };
    draw_heading(area, &caption, 0, theme)?;
    if view.labels.is_empty() {
        return draw_placeholder(area, "no update yet", (width / 2, height / 2), theme);
    }
    figure_data::record(|| pair_record(view, &caption));
    let columns = Columns::new((width, height), view, theme);
    draw_header(area, &columns, theme)?;
    for row in 0..view.labels.len() {
        draw_row(area, view, &columns, row, theme)?;
    }
    area.present()?;
    Ok(())
}

/// The update as data, titled by the caption: a row per label (its word, its role, the dot
/// product, σ of it, the target σ is ticked at and the loss term), the centre word and the
/// loss beside.
fn pair_record(view: &PairView, caption: &str) -> Value {
    let at = |values: &[f64], row: usize| figure_data::optional(values.get(row).copied());
    let rows = (0..view.labels.len())
        .map(|row| {
            let (role, target) = if row == 0 {
                ("context", 1)
            } else {
                ("negative", 0)
            };
            vec![
                json!(view.labels[row]),
                json!(role),
                at(view.dots, row),
                at(view.sigmas, row),
                json!(target),
                at(view.terms, row),
            ]
        })
        .collect();
    let columns = ["word", "role", "dot", "σ(dot)", "target", "−ln σ(±dot)"];
    figure_data::with_fields(
        figure_data::table(caption, &columns, rows),
        vec![
            ("centre", json!(view.centre)),
            ("loss", figure_data::number(view.loss)),
        ],
    )
}

/// The columns' names; the bar's between its ends' "0" and "1", saying what the tick is when
/// it fits.
fn draw_header<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    columns: &Columns,
    theme: &Theme,
) -> Result<(), RenderError> {
    let margin = theme.px(MARGIN);
    let header_y = margin + theme.px(TITLE_BAND) + theme.px(HEADER / 2.0);
    let (bar_left, bar_right) = (columns.bar_left, columns.bar_right);
    let bar_room = f64::from(bar_right - bar_left) - 4.0 * theme.small_font_size;
    let bar_name = if fits("σ(dot) vs target |", bar_room, theme.small_font_size) {
        "σ(dot) vs target |"
    } else {
        "σ(dot)"
    };
    let names = [
        ("word", margin, HPos::Left),
        ("dot", columns.dot_right, HPos::Right),
        ("0", bar_left, HPos::Center),
        (bar_name, (bar_left + bar_right) / 2, HPos::Center),
        ("1", bar_right, HPos::Center),
        ("−ln σ(±dot)", columns.term_right, HPos::Right),
    ];
    for (name, x, h) in names {
        let style = theme.small_text(theme.muted, (h, VPos::Center));
        label(area, name, (x, header_y), &style)?;
    }
    Ok(())
}

/// Row `row`: the badge and word, the dot product, the bar (a track on [0, 1], σ filled in,
/// the target ticked), σ when there is room, and the loss term.
fn draw_row<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &PairView,
    columns: &Columns,
    row: usize,
    theme: &Theme,
) -> Result<(), RenderError> {
    let margin = theme.px(MARGIN);
    let (words, numbers) = (
        theme.small_text(theme.ink, LEFT),
        theme.small_text(theme.ink, RIGHT),
    );
    let y = columns.top + (columns.pitch * (row as f64 + 0.5)).round() as i32;
    let role = if row == 0 { 'o' } else { 'n' };
    draw_badge(area, role, (margin, y), theme)?;
    let word = clipped(&view.labels[row], columns.widest, theme.small_font_size);
    label(area, word, (margin + columns.badge, y), &words)?;
    let dot = view.dots.get(row).copied().unwrap_or(f64::NAN);
    label(area, signed_text(dot), (columns.dot_right, y), &numbers)?;
    let sigma = view.sigmas.get(row).copied().unwrap_or(f64::NAN);
    let half = ((columns.pitch * 0.28).round() as i32).max(1);
    let (bar_left, bar_right) = (columns.bar_left, columns.bar_right);
    let x_of = |v: f64| bar_left + (f64::from(bar_right - bar_left) * v).round() as i32;
    area.draw(&Rectangle::new(
        [(bar_left, y - half), (bar_right, y + half)],
        theme.unused.filled(),
    ))?;
    let fill = if row == 0 {
        theme.result
    } else {
        theme.accent_2
    };
    if sigma.is_finite() {
        let end = x_of(sigma.clamp(0.0, 1.0));
        area.draw(&Rectangle::new(
            [(bar_left, y - half), (end, y + half)],
            fill.filled(),
        ))?;
    }
    let target = x_of(if row == 0 { 1.0 } else { 0.0 });
    let reach = half + theme.px(3.0);
    area.draw(&PathElement::new(
        [(target, y - reach), (target, y + reach)],
        theme.ink.stroke_width(theme.px(2.0).max(1) as u32),
    ))?;
    if columns.with_sigma {
        let text = if sigma.is_finite() {
            format!("{sigma:.2}")
        } else {
            "?".to_string()
        };
        label(
            area,
            text,
            (columns.sigma_right - theme.px(6.0), y),
            &numbers,
        )?;
    }
    let term = match view.terms.get(row) {
        Some(term) if term.is_finite() => format!("{term:.3}"),
        _ => "?".to_string(),
    };
    label(area, term, (columns.term_right, y), &numbers)
}
