//! What runs between and around the lattice's cells: the allowed transitions, the alignment
//! paths as thick lines with a ring around each of their states, and their legend.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::ctc::labels::draw_key;
use crate::render::ctc::lattice::Scene;
use crate::render::ctc::layout::{FRAME_LABELS, LEGEND};
use crate::render::kit::{closed, draw_arrow, draw_legend, rounded, Arrowhead};
use crate::render::kit::{LegendItem, Sample, MARGIN};
use crate::render::theme::blend;
use crate::render::{RenderError, Theme};

/// Width of an alignment path, in CSS pixels.
const PATH_WIDTH: f64 = 3.0;
/// Gaps between cells narrower than this (CSS pixels) get transitions without arrowheads.
const MIN_ARROW_GAP: f64 = 14.0;

/// A thin straight line from `from` to `to`, with a small arrowhead at `to` when `head`.
fn transition<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (from, to): ((i32, i32), (i32, i32)),
    head: bool,
    colour: RGBColor,
    theme: &Theme,
) -> Result<(), RenderError> {
    let length = f64::from(to.0 - from.0).hypot(f64::from(to.1 - from.1));
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
    let head = Arrowhead {
        length: f64::from(theme.px(5.0)),
        share: 0.5,
        least: 0.0,
        half: f64::from(theme.px(2.5)).max(1.0),
    };
    draw_arrow(area, (from, to), head, width, colour)
}

/// The allowed transitions between neighbouring columns, from the right edge of a cell to the
/// left edge of the next column's (beside the dot of a hidden state).
pub(crate) fn draw_transitions<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &Scene<'_>,
    theme: &Theme,
) -> Result<(), RenderError> {
    let (lattice, extended) = (&scene.lattice, &scene.record.extended);
    let gap = lattice.column(1) - lattice.column(0) - lattice.cell_width;
    let heads = gap >= theme.px(MIN_ARROW_GAP);
    let blank = extended[0];
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
                let ends = transition_ends(scene, (s, next), t, theme);
                transition(area, ends, heads && shown, colour, theme)?;
            }
        }
    }
    Ok(())
}

/// Where the transition from state `s` at frame `t` to state `next` at `t + 1` starts and
/// ends: at the cells' edges, or beside the dots of hidden states.
fn transition_ends(
    scene: &Scene<'_>,
    (s, next): (usize, usize),
    t: usize,
    theme: &Theme,
) -> ((i32, i32), (i32, i32)) {
    let (lattice, dot) = (&scene.lattice, theme.px(4.0));
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
    ((x, y), (next_x, next_y))
}

/// The paths as thick lines through their states' centres (drawn beneath the cells), side by
/// side where they share states.
pub(crate) fn draw_path_lines<DB: DrawingBackend>(
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
pub(crate) fn draw_path_rings<DB: DrawingBackend>(
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
            let ring = closed(rounded(x0 - grow, y0 - grow, x1 + grow, y1 + grow, radius));
            area.draw(&PathElement::new(ring, colour.stroke_width(width as u32)))?;
        }
    }
    Ok(())
}

/// The paths' legend at the bottom left and the colour key at the bottom right.
pub(crate) fn draw_lattice_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &Scene<'_>,
    theme: &Theme,
) -> Result<(), RenderError> {
    let (width, _) = area.dim_in_pixel();
    let y = scene.lattice.bottom + theme.px(FRAME_LABELS) + theme.px(LEGEND / 2.0);
    let right = width as i32 - theme.px(MARGIN);
    let key_left = draw_key(area, right, y, ("0", "column max"), theme)?;
    let line_width = theme.px(PATH_WIDTH).max(1) as u32;
    let items: Vec<LegendItem> = scene
        .paths
        .iter()
        .map(|(name, _, colour)| LegendItem::new(Sample::line(*colour, line_width), *name))
        .collect();
    let top = y - theme.px(8.0);
    draw_legend(area, &items, theme.px(MARGIN), top, key_left, theme)
}
