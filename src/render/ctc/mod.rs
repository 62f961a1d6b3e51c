//! CTC drawn: the lattice of the blank-extended target's states across frames, coloured by α,
//! β or the per-state posterior, with the allowed transitions and alignment paths; and the
//! emission matrix it is computed from, as a heat map whose cells the reader can drag.

mod views;

pub use views::{
    ctc_symbol_names, draw_ctc_emissions, draw_ctc_gradient, draw_ctc_lattice, draw_ctc_loss_curve,
};

use ndarray::{Array2, ArrayView2};
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::engine::ctc::{log_add, CtcRecord};
use crate::render::kit::rounded;
use crate::render::kit::{bold, label, CENTRE, LEFT, RIGHT, UNDER};
use crate::render::kit::{draw_legend, LegendItem, Sample};
use crate::render::kit::{fits, part_at, split};
use crate::render::{RenderError, Theme};

/// Outer margin, in CSS pixels.
const MARGIN: f64 = 6.0;
/// Height of the caption band above the grid, in CSS pixels.
const CAPTION: f64 = 22.0;
/// Width of the symbol names left of the grid, in CSS pixels.
const ROW_LABELS: f64 = 30.0;
/// Height of the frame numbers under the grid, in CSS pixels.
const FRAME_LABELS: f64 = 18.0;
/// Height of the band under the frame numbers with the legend and the colour key, in CSS
/// pixels.
const LEGEND: f64 = 18.0;
/// Width of a colour key's strip, in CSS pixels.
const KEY_WIDTH: f64 = 48.0;
/// Number of swatches a colour key is drawn with.
const KEY_STEPS: usize = 12;
/// Largest lattice cell, in CSS pixels.
const MAX_CELL_WIDTH: f64 = 52.0;
const MAX_CELL_HEIGHT: f64 = 32.0;
/// Cells at least this wide and tall (device pixels) show their value.
const MIN_TEXT_CELL: i32 = 28;
/// The smallest font written inside a cell, in CSS pixels.
const MIN_CELL_FONT: f64 = 8.5;
/// Width of an alignment path, in CSS pixels.
const PATH_WIDTH: f64 = 3.0;
/// Gaps between cells narrower than this (CSS pixels) get transitions without arrowheads.
const MIN_ARROW_GAP: f64 = 14.0;

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
    /// (length T, as made by [`path_states`]); drawn in `accent_2`, `result`, `accent` in
    /// order. A path of the wrong length or with a state outside the lattice is left out.
    pub paths: &'a [(&'a str, Vec<usize>)],
}

/// The lattice's place in a `width × height` area, in backend pixels: a function of the size,
/// S, T and the theme only, so the page can map a pointer to a state without the record.
struct Lattice {
    left: i32,
    top: i32,
    right: i32,
    bottom: i32,
    states: usize,
    frames: usize,
    cell_width: i32,
    cell_height: i32,
}

impl Lattice {
    fn new(width: u32, height: u32, states: usize, frames: usize, theme: &Theme) -> Lattice {
        let (width, height) = (width as i32, height as i32);
        let margin = theme.px(MARGIN);
        let left = margin + theme.px(ROW_LABELS);
        let top = margin + theme.px(CAPTION);
        let right = (width - margin).max(left + 1);
        let bottom = (height - margin - theme.px(FRAME_LABELS) - theme.px(LEGEND)).max(top + 1);
        let column_pitch = f64::from(right - left) / frames.max(1) as f64;
        let row_pitch = f64::from(bottom - top) / states.max(1) as f64;
        let cell_width = (column_pitch * 0.56).min(f64::from(theme.px(MAX_CELL_WIDTH)));
        let cell_height = (row_pitch * 0.7).min(f64::from(theme.px(MAX_CELL_HEIGHT)));
        Lattice {
            left,
            top,
            right,
            bottom,
            states,
            frames,
            cell_width: cell_width.round().max(2.0) as i32,
            cell_height: cell_height.round().max(2.0) as i32,
        }
    }

    /// The left edge of frame `t`'s column (its whole tile, gaps included).
    fn column(&self, t: usize) -> i32 {
        split(self.left, self.right, self.frames, t)
    }

    /// The top edge of state `s`'s row.
    fn row(&self, s: usize) -> i32 {
        split(self.top, self.bottom, self.states, s)
    }

    /// The centre of state `s` at frame `t`.
    fn centre(&self, s: usize, t: usize) -> (i32, i32) {
        (
            (self.column(t) + self.column(t + 1)) / 2,
            (self.row(s) + self.row(s + 1)) / 2,
        )
    }

    /// The drawn cell of state `s` at frame `t`: `[x0, y0, x1, y1]`.
    fn cell(&self, s: usize, t: usize) -> [i32; 4] {
        let (x, y) = self.centre(s, t);
        let (x0, y0) = (x - self.cell_width / 2, y - self.cell_height / 2);
        [x0, y0, x0 + self.cell_width, y0 + self.cell_height]
    }
}

/// The state under a pointer at `(x, y)` in backend pixels of a `width × height` drawing area
/// (relative to its top-left corner: CSS offset × pixel ratio on the page) of a lattice of
/// `states` rows (S, the extended target's length) and `frames` columns (T), as `(s, t)`, both
/// 0-based. A state owns its whole tile of the grid, the gaps around its cell included;
/// `None` outside the grid.
pub fn lattice_cell_at(
    width: u32,
    height: u32,
    states: usize,
    frames: usize,
    theme: &Theme,
    x: f64,
    y: f64,
) -> Option<(usize, usize)> {
    let lattice = Lattice::new(width, height, states, frames, theme);
    let t = part_at(lattice.left, lattice.right, frames, x)?;
    let s = part_at(lattice.top, lattice.bottom, states, y)?;
    Some((s, t))
}

/// The lattice state of each frame of `frame_path` (one symbol per frame), for the target
/// whose blank-extended form is `extended`: a repeated symbol stays in its state, a blank
/// after a label moves one state on, a label moves to the next state holding it (one on from
/// a blank, two on — the skip — from a different label). `None` when the frame path does not
/// collapse to the target (or is empty).
pub fn path_states(extended: &[usize], frame_path: &[usize], blank: usize) -> Option<Vec<usize>> {
    let (&first, rest) = frame_path.split_first()?;
    let mut s = (0..extended.len().min(2)).find(|&s| extended[s] == first)?;
    let mut states = Vec::with_capacity(frame_path.len());
    states.push(s);
    for &symbol in rest {
        if symbol != extended[s] {
            s = if symbol == blank || extended[s] == blank {
                s + 1
            } else {
                s + 2
            };
            if extended.get(s) != Some(&symbol) {
                return None;
            }
        }
        states.push(s);
    }
    (s + 2 >= extended.len()).then_some(states)
}

/// `ln` of each state's posterior `α_t(s) β_t(s) / (y_t(l'_s) p)`, `[S, T]`, split from the
/// record's per-symbol posteriors `γ_t(k)` in proportion to `α_t(s) β_t(s)` among the states
/// holding symbol k (they share `y_t(k)`). All `−∞` for an infeasible pair.
fn state_posteriors(record: &CtcRecord) -> Array2<f64> {
    let (states, frames) = record.log_alpha.dim();
    let mut out = Array2::from_elem((states, frames), f64::NEG_INFINITY);
    if record.infeasible.is_some() {
        return out;
    }
    let joint = |s: usize, t: usize| record.log_alpha[[s, t]] + record.log_beta[[s, t]];
    for t in 0..frames {
        for s in 0..states {
            let k = record.extended[s];
            let total = (0..states)
                .filter(|&r| record.extended[r] == k)
                .fold(f64::NEG_INFINITY, |sum, r| log_add(sum, joint(r, t)));
            let gamma = record.posteriors.get((t, k)).copied().unwrap_or(0.0);
            if total > f64::NEG_INFINITY && joint(s, t) > f64::NEG_INFINITY && gamma > 0.0 {
                out[[s, t]] = gamma.ln() + joint(s, t) - total;
            }
        }
    }
    out
}

/// A probability given by its logarithm in at most about five characters: `1`, `.42`, `4e-3`
/// (computed from the logarithm, so values below `f64`'s range still print), `0` for `ln 0`.
fn short_probability(log_value: f64) -> String {
    if log_value.is_nan() {
        return "?".to_string();
    }
    if log_value == f64::NEG_INFINITY {
        return "0".to_string();
    }
    let value = log_value.exp();
    if value >= 0.995 {
        return "1".to_string();
    }
    if value >= 0.0095 {
        return format!("{value:.2}").trim_start_matches('0').to_string();
    }
    let log10 = log_value / std::f64::consts::LN_10;
    let mut exponent = log10.floor();
    let mut mantissa = 10f64.powf(log10 - exponent).round();
    if mantissa >= 10.0 {
        mantissa = 1.0;
        exponent += 1.0;
    }
    format!("{mantissa:.0}e{exponent:.0}")
}

/// `from` moved a fraction `amount` of the way to `to`.
fn blend(from: RGBColor, to: RGBColor, amount: f64) -> RGBColor {
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * amount).round() as u8;
    RGBColor(mix(from.0, to.0), mix(from.1, to.1), mix(from.2, to.2))
}

/// A symbol's display name: the given one, else `−` for the blank or the index.
fn symbol_name(symbols: &[String], k: usize, blank: Option<usize>) -> String {
    match symbols.get(k).filter(|name| !name.is_empty()) {
        Some(name) => name.clone(),
        None if Some(k) == blank => "−".to_string(),
        None => k.to_string(),
    }
}

/// `text` cut with `…` to fit `room` pixels at `font_size`.
fn fitted(text: &str, room: f64, font_size: f64) -> String {
    if fits(text, room, font_size) {
        return text.to_string();
    }
    let keep = ((room / (0.6 * font_size)).floor() as usize).saturating_sub(1);
    let mut cut: String = text.chars().take(keep).collect();
    cut.push('…');
    cut
}

/// The font size for `text` in a cell with `room` pixels across: `size`, or smaller to fit,
/// but not below the smallest readable size (`None` then).
fn cell_font(text: &str, room: f64, size: f64, theme: &Theme) -> Option<f64> {
    let size = size.min(room / (0.6 * text.chars().count().max(1) as f64));
    (size >= f64::from(theme.px(MIN_CELL_FONT))).then_some(size)
}

/// A thin straight line from `from` to `to`, with a small arrowhead at `to` when `head`.
fn transition<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    from: (i32, i32),
    to: (i32, i32),
    head: bool,
    colour: RGBColor,
    theme: &Theme,
) -> Result<(), RenderError> {
    let (dx, dy) = (f64::from(to.0 - from.0), f64::from(to.1 - from.1));
    let length = dx.hypot(dy);
    if length < 1.0 {
        return Ok(());
    }
    let width = theme.px(1.0).max(1) as u32;
    if !head {
        area.draw(&PathElement::new(
            vec![from, to],
            colour.stroke_width(width),
        ))?;
        return Ok(());
    }
    let (ux, uy) = (dx / length, dy / length);
    let size = f64::from(theme.px(5.0)).min(length * 0.5);
    let half = f64::from(theme.px(2.5)).max(1.0);
    let base = (f64::from(to.0) - ux * size, f64::from(to.1) - uy * size);
    let round = |(x, y): (f64, f64)| (x.round() as i32, y.round() as i32);
    area.draw(&PathElement::new(
        vec![from, round(base)],
        colour.stroke_width(width),
    ))?;
    let corner = |side: f64| round((base.0 - uy * half * side, base.1 + ux * half * side));
    area.draw(&Polygon::new(
        vec![to, corner(1.0), corner(-1.0)],
        colour.filled(),
    ))?;
    Ok(())
}

/// A colour key in `[left, right]` centred on `y`: `low`, a strip of the sequential map,
/// `high`. Returns its left edge.
fn draw_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    right: i32,
    y: i32,
    (low, high): (&str, &str),
    theme: &Theme,
) -> Result<i32, RenderError> {
    let muted = theme.text(theme.small_font_size * 0.9, theme.muted, RIGHT);
    let gap = theme.px(4.0);
    let high_width = (high.chars().count() as f64 * 0.6 * theme.small_font_size * 0.9) as i32;
    let strip_right = right - high_width - gap;
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
    label(area, high, (right, y), &muted)?;
    label(area, low, (strip_left - gap, y), &muted)?;
    Ok(strip_left - gap - theme.px(10.0))
}

/// Which of `count` positions `pitch` pixels apart to label so labels `size` pixels wide do
/// not touch: every k-th (k in 1, 2, 5, 10, …, numbering from 1) and the first.
fn thinned(count: usize, pitch: f64, size: f64) -> impl Iterator<Item = usize> {
    let mut every = 1;
    for k in 0..30 {
        every = [1, 2, 5][k % 3] * 10usize.pow(k as u32 / 3);
        if every as f64 * pitch >= size || every >= count {
            break;
        }
    }
    (0..count).filter(move |&t| t == 0 || (t + 1) % every == 0)
}

/// Frame numbers 1..T under columns whose left edges `column(t)` gives, thinned to fit;
/// `current` (0-based) always, bold in `accent`.
fn draw_frame_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frames: usize,
    column: impl Fn(usize) -> i32,
    y: i32,
    current: Option<usize>,
    theme: &Theme,
) -> Result<(), RenderError> {
    let pitch = f64::from(column(frames) - column(0)) / frames.max(1) as f64;
    let size = (frames.to_string().len() as f64 + 1.0) * 0.6 * theme.small_font_size;
    let mut shown: Vec<usize> = thinned(frames, pitch, size).collect();
    if let Some(current) = current.filter(|&t| t < frames) {
        // The cursor's label replaces the labels it would touch.
        shown.retain(|&t| (t.abs_diff(current) as f64) * pitch >= size);
        shown.push(current);
    }
    for t in shown {
        let style = if Some(t) == current {
            bold(theme.small_text(theme.accent, UNDER))
        } else {
            theme.small_text(theme.muted, UNDER)
        };
        let x = (column(t) + column(t + 1)) / 2;
        label(area, (t + 1).to_string(), (x, y), &style)?;
    }
    Ok(())
}

/// One drawing of the lattice: where things go, what is revealed, which paths are drawn.
struct Scene<'a> {
    lattice: Lattice,
    record: &'a CtcRecord,
    shown: LatticeValues,
    /// The reveal cursor, clamped to the frames (`None` for posteriors).
    cursor: Option<usize>,
    /// The drawable paths with their colours.
    paths: Vec<(&'a str, &'a [usize], RGBColor)>,
}

impl Scene<'_> {
    /// Whether frame `t`'s column has been computed at the cursor.
    fn revealed(&self, t: usize) -> bool {
        match (self.shown, self.cursor) {
            (LatticeValues::Alpha, Some(u)) => t <= u,
            (LatticeValues::Beta, Some(u)) => t >= u,
            _ => true,
        }
    }

    /// Whether state `s` at frame `t` is on some complete alignment (`α` and `β` are not 0).
    fn live(&self, s: usize, t: usize) -> bool {
        self.record.log_alpha[[s, t]] > f64::NEG_INFINITY
            && self.record.log_beta[[s, t]] > f64::NEG_INFINITY
    }
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
    let (width, height) = area.dim_in_pixel();
    let colours = [theme.accent_2, theme.result, theme.accent];
    let scene = Scene {
        lattice: Lattice::new(width, height, states, frames, theme),
        record,
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
    };
    draw_lattice_caption(area, view, scene.cursor, frames, theme)?;
    if states == 0 || frames == 0 {
        area.present()?;
        return Ok(());
    }
    let lattice = &scene.lattice;
    if let Some(u) = scene.cursor {
        let pad = theme.px(3.0);
        area.draw(&Rectangle::new(
            [
                (lattice.column(u), lattice.top - pad),
                (lattice.column(u + 1), lattice.bottom + pad),
            ],
            blend(theme.background, theme.accent, 0.07).filled(),
        ))?;
    }
    draw_transitions(area, &scene, theme)?;
    draw_path_lines(area, &scene, theme)?;
    let values = match view.shown {
        LatticeValues::Alpha => record.log_alpha.clone(),
        LatticeValues::Beta => record.log_beta.clone(),
        LatticeValues::Posterior => state_posteriors(record),
    };
    draw_cells(area, &scene, &values, theme)?;
    draw_path_rings(area, &scene, theme)?;
    draw_state_labels(area, view, lattice, theme)?;
    draw_frame_labels(
        area,
        frames,
        |t| lattice.column(t),
        lattice.bottom + theme.px(4.0),
        scene.cursor,
        theme,
    )?;
    draw_lattice_legend(area, &scene, theme)?;
    area.present()?;
    Ok(())
}

/// The allowed transitions between neighbouring columns, from the right edge of a cell to the
/// left edge of the next column's (beside the dot of a hidden state).
fn draw_transitions<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &Scene<'_>,
    theme: &Theme,
) -> Result<(), RenderError> {
    let (lattice, extended) = (&scene.lattice, &scene.record.extended);
    let gap = lattice.column(1) - lattice.column(0) - lattice.cell_width;
    let heads = gap >= theme.px(MIN_ARROW_GAP);
    let blank = extended[0];
    let dot = theme.px(4.0);
    for t in 0..lattice.frames.saturating_sub(1) {
        let shown = scene.revealed(t) && scene.revealed(t + 1);
        for s in 0..lattice.states {
            let skip = s + 2 < lattice.states
                && extended[s + 2] != blank
                && extended[s + 2] != extended[s];
            for next in [Some(s), Some(s + 1), skip.then_some(s + 2)]
                .into_iter()
                .flatten()
                .filter(|&next| next < lattice.states)
            {
                let colour = match (shown, scene.live(s, t) && scene.live(next, t + 1)) {
                    (true, true) => theme.muted,
                    (true, false) => theme.unused,
                    (false, _) => blend(theme.unused, theme.background, 0.45),
                };
                let (x, y) = lattice.centre(s, t);
                let x = if scene.revealed(t) {
                    lattice.cell(s, t)[2]
                } else {
                    x + dot
                };
                let (next_x, next_y) = lattice.centre(next, t + 1);
                let next_x = if scene.revealed(t + 1) {
                    lattice.cell(next, t + 1)[0]
                } else {
                    next_x - dot
                };
                transition(
                    area,
                    (x, y),
                    (next_x, next_y),
                    heads && shown,
                    colour,
                    theme,
                )?;
            }
        }
    }
    Ok(())
}

/// The paths as thick lines through their states' centres (drawn beneath the cells), side by
/// side where they share states.
fn draw_path_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &Scene<'_>,
    theme: &Theme,
) -> Result<(), RenderError> {
    let width = theme.px(PATH_WIDTH).max(1);
    let count = scene.paths.len() as i32;
    for (k, (_, path, colour)) in scene.paths.iter().enumerate() {
        let offset = (2 * k as i32 - (count - 1)) * width / 2;
        let points: Vec<(i32, i32)> = path
            .iter()
            .enumerate()
            .map(|(t, &s)| {
                let (x, y) = scene.lattice.centre(s, t);
                (x, y + offset)
            })
            .collect();
        area.draw(&PathElement::new(points, colour.stroke_width(width as u32)))?;
    }
    Ok(())
}

/// A ring in each path's colour around each of its revealed states, later paths' rings
/// outside earlier ones'.
fn draw_path_rings<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &Scene<'_>,
    theme: &Theme,
) -> Result<(), RenderError> {
    let width = theme.px(2.0).max(1);
    for (k, (_, path, colour)) in scene.paths.iter().enumerate() {
        let grow = theme.px(1.0) + width / 2 + k as i32 * width;
        for (t, &s) in path.iter().enumerate() {
            if !scene.revealed(t) {
                continue;
            }
            let [x0, y0, x1, y1] = scene.lattice.cell(s, t);
            let radius = theme.px(6.0) + grow;
            let mut ring = rounded(x0 - grow, y0 - grow, x1 + grow, y1 + grow, radius);
            ring.push(ring[0]);
            area.draw(&PathElement::new(ring, colour.stroke_width(width as u32)))?;
        }
    }
    Ok(())
}

/// The paths' legend at the bottom left and the colour key at the bottom right.
fn draw_lattice_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &Scene<'_>,
    theme: &Theme,
) -> Result<(), RenderError> {
    let (width, _) = area.dim_in_pixel();
    let y = scene.lattice.bottom + theme.px(FRAME_LABELS) + theme.px(LEGEND / 2.0);
    let right = width as i32 - theme.px(MARGIN);
    let key_left = draw_key(area, right, y, ("0", "column max"), theme)?;
    let items: Vec<LegendItem> = scene
        .paths
        .iter()
        .map(|(name, _, colour)| LegendItem {
            sample: Sample::Line {
                colour: *colour,
                width: theme.px(PATH_WIDTH).max(1) as u32,
                dash: None,
                point: false,
            },
            label: (*name).to_string(),
        })
        .collect();
    let top = y - theme.px(8.0);
    draw_legend(area, &items, theme.px(MARGIN), top, key_left, theme)
}

/// The caption at the top left (what is shown, and the cursor), `p(l | x)` at the top right.
fn draw_lattice_caption<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &LatticeView<'_>,
    cursor: Option<usize>,
    frames: usize,
    theme: &Theme,
) -> Result<(), RenderError> {
    let margin = theme.px(MARGIN);
    let y = margin + theme.px(CAPTION / 2.0) - theme.px(2.0);
    let mut caption = match view.shown {
        LatticeValues::Alpha => "α, forward".to_string(),
        LatticeValues::Beta => "β, backward".to_string(),
        LatticeValues::Posterior => "α·β / (y·p), per state".to_string(),
    };
    if let Some(u) = cursor {
        caption.push_str(&format!(": t = {} of {frames}", u + 1));
    }
    label(
        area,
        caption,
        (margin, y),
        &theme.body_text(theme.ink, LEFT),
    )?;
    let record = view.record;
    let (text, colour) = if record.infeasible.is_some() {
        ("no alignment: p = 0".to_string(), theme.accent_2)
    } else {
        let p = record.log_likelihood.exp();
        let p = if p >= 1e-3 {
            format!("{p:.3}")
        } else {
            format!("{p:.1e}")
        };
        (
            format!("p(l | x) = {p}, loss {:.2}", record.loss),
            theme.muted,
        )
    };
    let (width, _) = area.dim_in_pixel();
    let at = (width as i32 - margin, y);
    label(area, text, at, &theme.small_text(colour, RIGHT))
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
    let texted = lattice.cell_width >= MIN_TEXT_CELL && lattice.cell_height >= MIN_TEXT_CELL;
    let font_size = theme
        .small_font_size
        .min(f64::from(lattice.cell_height) * 0.55);
    let outline_width = theme.px(1.0).max(1) as u32;
    let radius = theme.px(6.0);
    for t in 0..frames {
        let column_max = (0..states)
            .map(|s| values[[s, t]])
            .filter(|v| v.is_finite())
            .fold(f64::NEG_INFINITY, f64::max);
        for s in 0..states {
            let [x0, y0, x1, y1] = lattice.cell(s, t);
            if !scene.revealed(t) {
                area.draw(&Circle::new(
                    lattice.centre(s, t),
                    theme.px(1.5).max(1),
                    theme.unused.filled(),
                ))?;
                continue;
            }
            let value = values[[s, t]];
            let shape = rounded(x0, y0, x1, y1, radius);
            let mut outline = shape.clone();
            outline.push(shape[0]);
            if !value.is_finite() {
                area.draw(&Polygon::new(shape, theme.background.filled()))?;
                area.draw(&PathElement::new(
                    outline,
                    theme.unused.stroke_width(outline_width),
                ))?;
                continue;
            }
            let level = (value - column_max).exp();
            let on_path = scene.live(s, t);
            let mut fill = theme.sequential(level);
            if !on_path {
                fill = blend(fill, theme.background, 0.7);
            }
            area.draw(&Polygon::new(shape, fill.filled()))?;
            let edge = if on_path { theme.muted } else { theme.unused };
            area.draw(&PathElement::new(outline, edge.stroke_width(outline_width)))?;
            if !texted {
                continue;
            }
            let text = short_probability(value);
            let room = f64::from(x1 - x0 - theme.px(4.0));
            let Some(size) = cell_font(&text, room, font_size, theme) else {
                continue;
            };
            let ink = match (on_path, level > 0.55) {
                (false, _) => theme.muted,
                (true, true) => theme.background,
                (true, false) => theme.ink,
            };
            let centre = ((x0 + x1) / 2, (y0 + y1) / 2);
            label(area, text, centre, &theme.text(size, ink, CENTRE))?;
        }
    }
    Ok(())
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
    let font_size = theme.font_size;
    let needed = font_size * 0.95;
    let every = if pitch >= needed {
        1
    } else {
        2 * (needed / (2.0 * pitch)).ceil() as usize
    };
    let blank = view.record.extended.first().copied();
    let room = f64::from(theme.px(ROW_LABELS) - theme.px(6.0));
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
        label(
            area,
            fitted(&symbol_name(view.symbols, k, blank), room, font_size),
            (lattice.left - theme.px(6.0), lattice.centre(s, 0).1),
            &theme.text(font_size, colour, RIGHT),
        )?;
    }
    Ok(())
}

/// The emission grid `[left, top, right, bottom)` of a `width × height` area and the gap left
/// under and right of each cell, in backend pixels.
fn emission_grid(
    width: u32,
    height: u32,
    frames: usize,
    symbols: usize,
    theme: &Theme,
) -> ([i32; 4], i32) {
    let (width, height) = (width as i32, height as i32);
    let margin = theme.px(MARGIN);
    let left = margin + theme.px(ROW_LABELS);
    let top = margin + theme.px(CAPTION);
    let right = (width - margin).max(left + 1);
    let bottom = (height - margin - theme.px(FRAME_LABELS)).max(top + 1);
    let column = f64::from(right - left) / frames.max(1) as f64;
    let row = f64::from(bottom - top) / symbols.max(1) as f64;
    let inset = if column.min(row) < f64::from(theme.px(8.0)) {
        0
    } else {
        theme.px(1.0).max(1)
    };
    ([left, top, right, bottom], inset)
}

/// The emission cell under a pointer at `(x, y)` in backend pixels of a `width × height`
/// drawing area (relative to its top-left corner: CSS offset × pixel ratio on the page) of
/// `frames` × `symbols` emissions, as `(frame, symbol, probability)`: both 0-based, and the
/// probability the pointer's height implies within the drawn cell, 1 at its top edge and 0 at
/// its bottom (clamped), so dragging in a cell sets its value. A cell owns its whole tile,
/// the gaps included; `None` outside the grid.
pub fn emission_cell_at(
    width: u32,
    height: u32,
    frames: usize,
    symbols: usize,
    theme: &Theme,
    x: f64,
    y: f64,
) -> Option<(usize, usize, f64)> {
    let ([left, top, right, bottom], inset) = emission_grid(width, height, frames, symbols, theme);
    let frame = part_at(left, right, frames, x)?;
    let symbol = part_at(top, bottom, symbols, y)?;
    let y0 = f64::from(split(top, bottom, symbols, symbol));
    let y1 = f64::from(split(top, bottom, symbols, symbol + 1) - inset);
    let probability = ((y1 - y) / (y1 - y0).max(1.0)).clamp(0.0, 1.0);
    Some((frame, symbol, probability))
}

/// Draws the emission probabilities `probs` (`[T, C]`, each row a distribution over the
/// symbols) as a heat map in the sequential map on `[0, 1]`: frame t is column t (numbered
/// 1..T below), symbol k row k from the top (named at the left by `symbols`; name the blank
/// `−`). Each cell shows its probability (`.42`) when it fits; `highlight` (a 0-based frame)
/// outlines its column and its number. The colour key is at the top right.
pub fn draw_emissions<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    probs: ArrayView2<f64>,
    symbols: &[String],
    highlight: Option<usize>,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let margin = theme.px(MARGIN);
    let (width, height) = area.dim_in_pixel();
    let caption_y = margin + theme.px(CAPTION / 2.0) - theme.px(2.0);
    let caption = theme.body_text(theme.ink, LEFT);
    label(area, "emissions y_t(k)", (margin, caption_y), &caption)?;
    draw_key(area, width as i32 - margin, caption_y, ("0", "1"), theme)?;
    let (frames, count) = probs.dim();
    if frames == 0 || count == 0 {
        area.present()?;
        return Ok(());
    }
    let ([left, top, right, bottom], inset) = emission_grid(width, height, frames, count, theme);
    let column = |t: usize| split(left, right, frames, t);
    let row = |k: usize| split(top, bottom, count, k);
    let cell_width = f64::from(right - left) / frames as f64 - f64::from(inset);
    let cell_height = f64::from(bottom - top) / count as f64 - f64::from(inset);
    let room = cell_width - f64::from(theme.px(4.0));
    // One size for every cell, as large as a two-digit value allows.
    let font_size = cell_font(
        ".00",
        room,
        theme.small_font_size.min(cell_height * 0.6),
        theme,
    );
    for t in 0..frames {
        for k in 0..count {
            let p = probs[[t, k]];
            let level = if p.is_finite() {
                p.clamp(0.0, 1.0)
            } else {
                0.0
            };
            let (x0, y0) = (column(t), row(k));
            let (x1, y1) = (column(t + 1) - inset, row(k + 1) - inset);
            let fill = if p.is_nan() {
                theme.muted
            } else {
                theme.sequential(level)
            };
            area.draw(&Rectangle::new([(x0, y0), (x1, y1)], fill.filled()))?;
            let Some(font_size) = font_size else {
                continue;
            };
            let text = if p.is_nan() {
                "?".to_string()
            } else {
                short_probability(level.ln())
            };
            let Some(size) = cell_font(&text, room, font_size, theme) else {
                continue;
            };
            let ink = if level > 0.55 {
                theme.background
            } else {
                theme.ink
            };
            let centre = ((x0 + x1) / 2, (y0 + y1) / 2);
            label(area, text, centre, &theme.text(size, ink, CENTRE))?;
        }
    }
    let highlight = highlight.filter(|&t| t < frames);
    if let Some(t) = highlight {
        let pad = theme.px(1.0).max(1);
        area.draw(&Rectangle::new(
            [
                (column(t) - pad, top - pad),
                (column(t + 1) - inset + pad, bottom - inset + pad),
            ],
            theme.ink.stroke_width(theme.px(1.5).max(1) as u32),
        ))?;
    }
    draw_frame_labels(
        area,
        frames,
        column,
        bottom + theme.px(4.0),
        highlight,
        theme,
    )?;
    let pitch = f64::from(bottom - top) / count as f64;
    let font_size = theme.font_size;
    let room = f64::from(theme.px(ROW_LABELS) - theme.px(6.0));
    for k in thinned(count, pitch, font_size * 0.95) {
        label(
            area,
            fitted(&symbol_name(symbols, k, None), room, font_size),
            (left - theme.px(6.0), (row(k) + row(k + 1) - inset) / 2),
            &theme.text(font_size, theme.ink, RIGHT),
        )?;
    }
    area.present()?;
    Ok(())
}
