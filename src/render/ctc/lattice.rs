//! The CTC lattice: a row per state of the blank-extended target, a column per frame, each
//! state a rounded cell coloured by α, β or its posterior, with the reveal cursor, the
//! caption, the state cells and the symbol names (transitions and paths are in `paths`).

use ndarray::Array2;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::engine::ctc::CtcRecord;
use crate::render::ctc::labels::{draw_frame_labels, draw_symbol_name};
use crate::render::ctc::layout::Lattice;
use crate::render::ctc::numbers::{cell_font, short_probability, symbol_name};
use crate::render::ctc::paths::draw_transitions;
use crate::render::ctc::paths::{draw_lattice_legend, draw_path_lines, draw_path_rings};
use crate::render::kit::RIGHT;
use crate::render::kit::{closed, label, rounded, significant, title_y, CENTRE, LEFT, MARGIN};
use crate::render::theme::blend;
use crate::render::{RenderError, Theme};

/// Cells at least this wide and tall (device pixels) show their value.
const MIN_TEXT_CELL: i32 = 28;

/// Which quantity the lattice colours its states by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LatticeValues {
    /// The forward variables `α_t(s)`.
    Alpha,
    /// The backward variables `β_t(s)` (which include the emission at t).
    Beta,
    /// The probability that an alignment is in state s at frame t:
    /// `α_t(s) β_t(s) / (y_t(l'_s) p(l | x))`; each column sums to 1.
    Posterior,
}

/// What the lattice view draws.
#[derive(Debug, Clone, Copy)]
pub struct LatticeView<'a> {
    /// The forward–backward record: the extended target and `ln α`, `ln β` as `[S, T]`.
    pub record: &'a CtcRecord,
    /// The display name of each symbol index; name the blank `−`.
    pub symbols: &'a [String],
    /// The quantity the states are coloured by.
    pub shown: LatticeValues,
    /// The reveal cursor (0-based frame): α shows columns `0..=upto`, β columns `upto..T`;
    /// `None` shows every column, and so does `Posterior` whatever the cursor.
    pub upto: Option<usize>,
    /// Alignments drawn through the lattice, each a name and one state index per frame
    /// (length T, as made by [`path_states`](crate::render::path_states)); drawn in
    /// `accent_2`, `result`, `accent` in order. A path of the wrong length or with a state
    /// outside the lattice is left out.
    pub paths: &'a [(&'a str, Vec<usize>)],
}

/// One drawing of the lattice: where things go, what is revealed, which paths are drawn.
pub(crate) struct Scene<'a> {
    /// Where the states go.
    pub lattice: Lattice,
    /// The forward–backward record drawn.
    pub record: &'a CtcRecord,
    shown: LatticeValues,
    /// The reveal cursor, clamped to the frames (`None` for posteriors).
    pub cursor: Option<usize>,
    /// The drawable paths with their colours.
    pub paths: Vec<(&'a str, &'a [usize], RGBColor)>,
}

impl<'a> Scene<'a> {
    /// The scene of `view` in a `width × height` area.
    fn new(view: &LatticeView<'a>, (width, height): (u32, u32), theme: &Theme) -> Scene<'a> {
        let (states, frames) = view.record.log_alpha.dim();
        let colours = [theme.accent_2, theme.result, theme.accent];
        Scene {
            lattice: Lattice::new(width, height, states, frames, theme),
            record: view.record,
            shown: view.shown,
            cursor: match view.shown {
                LatticeValues::Posterior => None,
                _ => view.upto.map(|u| u.min(frames.saturating_sub(1))),
            },
            paths: view
                .paths
                .iter()
                .filter(|(_, path)| path.len() == frames && path.iter().all(|&s| s < states))
                .zip(colours.iter().cycle())
                .map(|((name, path), &colour)| (*name, path.as_slice(), colour))
                .collect(),
        }
    }

    /// Whether frame `t`'s column has been computed at the cursor.
    pub(crate) fn revealed(&self, t: usize) -> bool {
        match (self.shown, self.cursor) {
            (LatticeValues::Alpha, Some(u)) => t <= u,
            (LatticeValues::Beta, Some(u)) => t >= u,
            _ => true,
        }
    }

    /// Whether state `s` at frame `t` is on some complete alignment (`α` and `β` are not 0).
    pub(crate) fn live(&self, s: usize, t: usize) -> bool {
        self.record.log_alpha[[s, t]] > f64::NEG_INFINITY
            && self.record.log_beta[[s, t]] > f64::NEG_INFINITY
    }
}

/// An error unless the record's `ln α`, `ln β` and extended target agree in shape.
fn check_shapes(record: &CtcRecord) -> Result<(), RenderError> {
    let (states, frames) = record.log_alpha.dim();
    if record.log_beta.dim() != (states, frames) || record.extended.len() != states {
        return Err(RenderError(format!(
            "the CTC record's shapes disagree: l' has {} states, ln α is {states} × {frames}, \
             ln β is {} × {}",
            record.extended.len(),
            record.log_beta.nrows(),
            record.log_beta.ncols()
        )));
    }
    Ok(())
}

/// Draws the CTC lattice: a row per state of the blank-extended target `l'` (top to bottom,
/// named at the left by `view.symbols`), a column per frame (numbered 1..T below), each state
/// a rounded cell coloured by the chosen value in the sequential map, relative to the largest
/// in its column (`exp(ln v − max_s ln v)`), so every column's mass shows however small α has
/// become. A value of 0 (`ln v = −∞`) is an empty outline; a state on no complete alignment
/// (`α` or `β` is 0) is faded. Thin grey arrows are the allowed transitions `s → s`,
/// `s → s+1` and the skip `s → s+2` where `l'_{s+2}` is a label different from `l'_s` (so no
/// skip between repeated labels); those touching a faded state are lighter, those touching a
/// hidden one lighter still. The reveal cursor hides the columns not computed yet (a dot per
/// state) and tints its own column. Each path is a thick line through its states, beneath the
/// cells, with a ring around each of its revealed states and a legend at the bottom left; the
/// colour key is at the bottom right. Cells at least 28 device pixels wide and tall show their
/// value (`.42`, `3e-5`) when it fits at a readable size.
pub fn draw_lattice<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &LatticeView<'_>,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let record = view.record;
    check_shapes(record)?;
    let (states, frames) = record.log_alpha.dim();
    let scene = Scene::new(view, area.dim_in_pixel(), theme);
    draw_caption(area, view, scene.cursor, frames, theme)?;
    if states == 0 || frames == 0 {
        area.present()?;
        return Ok(());
    }
    let lattice = &scene.lattice;
    draw_cursor(area, &scene, theme)?;
    draw_transitions(area, &scene, theme)?;
    draw_path_lines(area, &scene, theme)?;
    let values = match view.shown {
        LatticeValues::Alpha => record.log_alpha.clone(),
        LatticeValues::Beta => record.log_beta.clone(),
        LatticeValues::Posterior => record.log_state_posteriors(),
    };
    super::lattice_data::record_numbers(view, &scene, &values);
    draw_cells(area, &scene, &values, theme)?;
    draw_path_rings(area, &scene, theme)?;
    draw_state_labels(area, view, lattice, theme)?;
    let column = |t| lattice.column(t);
    let y = lattice.bottom + theme.px(4.0);
    draw_frame_labels(area, frames, column, y, scene.cursor, theme)?;
    draw_lattice_legend(area, &scene, theme)?;
    area.present()?;
    Ok(())
}

/// The caption at the top left (what is shown, and the cursor), `p(l | x)` at the top right.
fn draw_caption<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &LatticeView<'_>,
    cursor: Option<usize>,
    frames: usize,
    theme: &Theme,
) -> Result<(), RenderError> {
    let margin = theme.px(MARGIN);
    let y = title_y(theme);
    label(
        area,
        caption_text(view, cursor, frames),
        (margin, y),
        &theme.body_text(theme.ink, LEFT),
    )?;
    let text = header_text(view.record);
    let colour = if view.record.infeasible.is_some() {
        theme.accent_2
    } else {
        theme.muted
    };
    let (width, _) = area.dim_in_pixel();
    let at = (width as i32 - margin, y);
    label(area, text, at, &theme.small_text(colour, RIGHT))
}

/// The caption: what is shown, and the cursor.
pub(crate) fn caption_text(view: &LatticeView<'_>, cursor: Option<usize>, frames: usize) -> String {
    let mut caption = match view.shown {
        LatticeValues::Alpha => "α, forward".to_string(),
        LatticeValues::Beta => "β, backward".to_string(),
        LatticeValues::Posterior => "α·β / (y·p), per state".to_string(),
    };
    if let Some(u) = cursor {
        caption.push_str(&format!(": t = {} of {frames}", u + 1));
    }
    caption
}

/// The header at the top right: `p(l | x)` and the loss, or that no alignment exists.
pub(crate) fn header_text(record: &CtcRecord) -> String {
    if record.infeasible.is_some() {
        "no alignment: p = 0".to_string()
    } else {
        // Four significant digits, as the page's read-out under the lattice writes them.
        let p = significant(record.log_likelihood.exp(), 4);
        format!("p(l | x) = {p}, loss {}", significant(record.loss, 4))
    }
}

/// The cursor's column, tinted.
fn draw_cursor<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &Scene<'_>,
    theme: &Theme,
) -> Result<(), RenderError> {
    let (lattice, pad) = (&scene.lattice, theme.px(3.0));
    if let Some(u) = scene.cursor {
        area.draw(&Rectangle::new(
            [
                (lattice.column(u), lattice.top - pad),
                (lattice.column(u + 1), lattice.bottom + pad),
            ],
            blend(theme.background, theme.accent, 0.07).filled(),
        ))?;
    }
    Ok(())
}

/// How the state cells are drawn: whether they show values, at what size, with what outline.
struct CellLook {
    texted: bool,
    font_size: f64,
    outline_width: u32,
    radius: i32,
}

/// The state cells with their values (a dot for each state of a hidden column).
fn draw_cells<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &Scene<'_>,
    values: &Array2<f64>,
    theme: &Theme,
) -> Result<(), RenderError> {
    let lattice = &scene.lattice;
    let (states, frames) = values.dim();
    let look = CellLook {
        texted: lattice.cell_width >= MIN_TEXT_CELL && lattice.cell_height >= MIN_TEXT_CELL,
        font_size: theme
            .small_font_size
            .min(f64::from(lattice.cell_height) * 0.55),
        outline_width: theme.px(1.0).max(1) as u32,
        radius: theme.px(6.0),
    };
    for t in 0..frames {
        let column_max = (0..states)
            .map(|s| values[[s, t]])
            .filter(|v| v.is_finite())
            .fold(f64::NEG_INFINITY, f64::max);
        for s in 0..states {
            if scene.revealed(t) {
                draw_cell(
                    area,
                    scene,
                    (s, t),
                    (values[[s, t]], column_max),
                    &look,
                    theme,
                )?;
            } else {
                let dot = theme.px(1.5).max(1);
                area.draw(&Circle::new(
                    lattice.centre(s, t),
                    dot,
                    theme.unused.filled(),
                ))?;
            }
        }
    }
    Ok(())
}

/// State `s` at frame `t` holding `ln v = value`, shaded relative to its column's largest;
/// an empty outline for 0, faded off every complete alignment.
fn draw_cell<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &Scene<'_>,
    (s, t): (usize, usize),
    (value, column_max): (f64, f64),
    look: &CellLook,
    theme: &Theme,
) -> Result<(), RenderError> {
    let [x0, y0, x1, y1] = scene.lattice.cell(s, t);
    let shape = rounded(x0, y0, x1, y1, look.radius);
    let outline = closed(shape.clone());
    if !value.is_finite() {
        area.draw(&Polygon::new(shape, theme.background.filled()))?;
        let edge = theme.unused.stroke_width(look.outline_width);
        area.draw(&PathElement::new(outline, edge))?;
        return Ok(());
    }
    let level = (value - column_max).exp();
    let on_path = scene.live(s, t);
    let mut fill = theme.sequential(level);
    if !on_path {
        fill = blend(fill, theme.background, 0.7);
    }
    area.draw(&Polygon::new(shape, fill.filled()))?;
    let edge = if on_path { theme.muted } else { theme.unused };
    area.draw(&PathElement::new(
        outline,
        edge.stroke_width(look.outline_width),
    ))?;
    if !look.texted {
        return Ok(());
    }
    let text = short_probability(value);
    let room = f64::from(x1 - x0 - theme.px(4.0));
    let Some(size) = cell_font(&text, room, look.font_size, theme) else {
        return Ok(());
    };
    let ink = match (on_path, level > 0.55) {
        (false, _) => theme.muted,
        (true, true) => theme.background,
        (true, false) => theme.ink,
    };
    let centre = ((x0 + x1) / 2, (y0 + y1) / 2);
    label(area, text, centre, &theme.text(size, ink, CENTRE))
}

/// The symbol of each state left of its row; when rows are too close for every name, only
/// the labels' rows (the blanks' are all `−`), thinned further if need be.
fn draw_state_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &LatticeView<'_>,
    lattice: &Lattice,
    theme: &Theme,
) -> Result<(), RenderError> {
    let states = lattice.states;
    let pitch = f64::from(lattice.bottom - lattice.top) / states.max(1) as f64;
    let needed = theme.font_size * 0.95;
    let every = if pitch >= needed {
        1
    } else {
        2 * (needed / (2.0 * pitch)).ceil() as usize
    };
    let blank = view.record.extended.first().copied();
    for s in 0..states {
        let shown = every == 1 || (s % 2 == 1 && (s / 2) % (every / 2) == 0);
        if !shown {
            continue;
        }
        let k = view.record.extended[s];
        let colour = if Some(k) == blank {
            theme.muted
        } else {
            theme.ink
        };
        let at = (lattice.left - theme.px(6.0), lattice.centre(s, 0).1);
        draw_symbol_name(
            area,
            &symbol_name(view.symbols, k, blank),
            at,
            colour,
            theme,
        )?;
    }
    Ok(())
}
