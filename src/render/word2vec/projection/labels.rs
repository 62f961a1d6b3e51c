//! The projection's axes names and word labels, placed where they overlap nothing.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::render::kit::{bold, label, text_width, CENTRE};
use crate::render::word2vec::projection::{Plot, ProjectionView, MARKER, MAX_LABELS, RING};
use crate::render::{RenderError, Theme};

/// Faint axes through the origin when it is inside the frame, named at one of their ends
/// where the name covers no marker (at `markers`, in pixels). Returns the names' boxes
/// `[left, top, right, bottom]`, for the labels to keep clear of.
pub(crate) fn draw_axes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: &Plot,
    markers: &[(i32, i32)],
    theme: &Theme,
) -> Result<Vec<[i32; 4]>, RenderError> {
    let [left, top, right, bottom] = plot.frame;
    let (x0, y0) = plot.pixel((0.0, 0.0));
    let style = theme.unused.stroke_width(1);
    let inset = theme.px(3.0);
    let (w, h) = (
        text_width("PC 1", theme.small_font_size).ceil() as i32,
        theme.small_font_size.ceil() as i32,
    );
    let r = theme.px(MARKER + 1.0);
    let free = |b: &[i32; 4]| {
        b[1] > top
            && b[3] < bottom
            && b[0] > left
            && b[2] < right
            && markers
                .iter()
                .all(|&(x, y)| x + r < b[0] || x - r > b[2] || y + r < b[1] || y - r > b[3])
    };
    let mut names: Vec<(&str, Vec<[i32; 4]>)> = Vec::new();
    if (top..=bottom).contains(&y0) {
        area.draw(&PathElement::new([(left, y0), (right, y0)], style))?;
        let (x1, x2) = (right - inset - w, right - inset);
        let (y1, y2) = (y0 + inset, y0 + inset + h);
        let ends = vec![[x1, y0 - inset - h, x2, y0 - inset], [x1, y1, x2, y2]];
        names.push(("PC 1", ends));
    }
    if (left..=right).contains(&x0) {
        area.draw(&PathElement::new([(x0, top), (x0, bottom)], style))?;
        let (y1, y2) = (top + inset, top + inset + h);
        let ends = vec![
            [x0 + inset, y1, x0 + inset + w, y2],
            [x0 - inset - w, y1, x0 - inset, y2],
        ];
        names.push(("PC 2", ends));
    }
    let font = theme.small_text(theme.muted, CENTRE);
    let mut boxes = Vec::new();
    for (name, ends) in names {
        if let Some(b) = ends.into_iter().find(|b| free(b)) {
            label(area, name, ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2), &font)?;
            boxes.push(b);
        }
    }
    Ok(boxes)
}

/// How many rings of places further out the picked word and its neighbours may try.
const RINGS: i32 = 6;

/// One place a label may go: its box `[left, top, right, bottom]`, where its text is
/// anchored and how, and which ring of places it is in (0 beside the marker).
#[derive(Clone, Copy)]
struct Place {
    bounds: [i32; 4],
    anchor: (i32, i32),
    h: HPos,
    ring: i32,
}

/// Where a label `width` pixels wide may go beside a marker at `(x, y)` (`extra` pixels
/// further out for the ringed one), `ring` rings of one label height out: right, left, above
/// and below it, then (from the first ring out) the four corners.
fn candidates((x, y): (i32, i32), width: i32, extra: i32, ring: i32, theme: &Theme) -> Vec<Place> {
    let half_height = (theme.small_font_size * 0.55).round() as i32;
    let gap = theme.px(MARKER + 2.0) + extra + ring * 2 * half_height;
    let mut directions = vec![(1, 0), (-1, 0), (0, -1), (0, 1)];
    if ring > 0 {
        directions.extend([(1, -1), (1, 1), (-1, -1), (-1, 1)]);
    }
    directions
        .into_iter()
        .map(|(dx, dy): (i32, i32)| {
            // Corners sit a little nearer, as far out as the sides on both axes.
            let reach = if dx != 0 && dy != 0 { gap * 3 / 4 } else { gap };
            let (px, py) = (x + dx * reach, y + dy * (reach + half_height));
            let (left, h) = match dx {
                1 => (px, HPos::Left),
                -1 => (px - width, HPos::Right),
                _ => (px - width / 2, HPos::Center),
            };
            let centre = if dy == 0 { y } else { py };
            Place {
                bounds: [
                    left,
                    centre - half_height,
                    left + width,
                    centre + half_height,
                ],
                anchor: (px, centre),
                h,
                ring,
            }
        })
        .collect()
}

/// Whether boxes `a` and `b` (`[left, top, right, bottom]`) overlap.
fn overlaps(a: &[i32; 4], b: &[i32; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// The square round a disc of radius `r` at `(x, y)`.
fn disc((x, y): (i32, i32), r: i32) -> [i32; 4] {
    [x - r, y - r, x + r, y + r]
}

/// A label chosen for a word: the word, its place and whether it is the picked one's.
struct Placed<'a> {
    word: &'a str,
    place: Place,
    picked: bool,
    marker: (i32, i32),
}

/// Labels beside the markers, at most [`MAX_LABELS`], none overlapping another label or
/// `boxes` (the axis names), all inside the frame. The picked word and its neighbours come
/// first and are always labelled: beside their marker where the label covers no other
/// marker (nor the picked word's ring), else where it covers no marker's centre, else the
/// same a ring further out, up to [`RINGS`] rings (joined to the marker by a faint leader
/// line), else anywhere on those rings. Then every other word in order, only right, left,
/// above or below its marker where it covers no marker. A word left unlabelled still has its
/// marker.
pub(crate) fn draw_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &ProjectionView,
    plot: &Plot,
    highlight: Option<usize>,
    boxes: Vec<[i32; 4]>,
    theme: &Theme,
) -> Result<(), RenderError> {
    let placed = place_labels(view, plot, highlight, boxes, theme);
    let leader = theme
        .muted
        .mix(0.6)
        .stroke_width(theme.px(1.0).max(1) as u32);
    for label in placed.iter().filter(|p| p.place.ring > 0) {
        // From the marker's edge to the nearest point of the label's box.
        let b = label.place.bounds;
        let (x, y) = label.marker;
        let end = (x.clamp(b[0], b[2]), y.clamp(b[1], b[3]));
        let (dx, dy) = (f64::from(end.0 - x), f64::from(end.1 - y));
        let (length, r) = (dx.hypot(dy), f64::from(theme.px(MARKER)));
        if length > r {
            let start = (
                x + (dx / length * r).round() as i32,
                y + (dy / length * r).round() as i32,
            );
            area.draw(&PathElement::new([start, end], leader))?;
        }
    }
    for label in &placed {
        let style = theme.small_text(theme.ink, (label.place.h, VPos::Center));
        let style = if label.picked { bold(style) } else { style };
        self::label(area, label.word, label.place.anchor, &style)?;
    }
    Ok(())
}

/// Where each label goes (see [`draw_labels`]), in the order they were placed.
fn place_labels<'a>(
    view: &'a ProjectionView,
    plot: &Plot,
    highlight: Option<usize>,
    mut boxes: Vec<[i32; 4]>,
    theme: &Theme,
) -> Vec<Placed<'a>> {
    let [left, top, right, bottom] = plot.frame;
    let markers: Vec<(usize, (i32, i32))> =
        view.finite().map(|(i, p)| (i, plot.pixel(p))).collect();
    let r = theme.px(MARKER);
    let ring = highlight
        .and_then(|h| markers.iter().find(|(i, _)| *i == h))
        .map(|&(_, at)| disc(at, theme.px(RING)));
    let order = highlight
        .into_iter()
        .chain(view.neighbours.iter().copied())
        .chain(markers.iter().map(|&(i, _)| i));
    let mut seen = vec![false; view.points.len()];
    let mut placed = Vec::new();
    for i in order {
        if placed.len() >= MAX_LABELS || i >= seen.len() || seen[i] {
            continue;
        }
        seen[i] = true;
        let Some(&(_, marker)) = markers.iter().find(|(k, _)| *k == i) else {
            continue;
        };
        let picked = Some(i) == highlight;
        let first = picked || view.neighbours.contains(&i);
        let word = view.words.get(i).map_or("", String::as_str);
        // Bold is a little wider.
        let scale = if picked { 1.1 } else { 1.0 };
        let width = (text_width(word, theme.small_font_size) * scale).ceil() as i32;
        let extra = if picked { theme.px(RING - MARKER) } else { 0 };
        let inside = |b: &[i32; 4]| b[0] > left && b[2] < right && b[1] > top && b[3] < bottom;
        let clear_of_labels = |b: &[i32; 4]| boxes.iter().all(|k| !overlaps(k, b));
        // Markers other than the word's own, as squares of `reach` round their centres (the
        // ring counts for the picked word's, unless the label is the picked word's).
        let covers = |b: &[i32; 4], reach: i32| {
            let others = markers.iter().filter(|&&(k, _)| k != i);
            let ring_hit = !picked && ring.is_some_and(|ring| overlaps(&ring, b));
            ring_hit
                || others
                    .into_iter()
                    .any(|&(_, at)| overlaps(&disc(at, reach), b))
        };
        let rings = if first { RINGS } else { 0 };
        let mut found = None;
        'rings: for ring_k in 0..=rings {
            let places = candidates(marker, width, extra, ring_k, theme);
            let open: Vec<&Place> = places
                .iter()
                .filter(|c| inside(&c.bounds) && clear_of_labels(&c.bounds))
                .collect();
            // Covering no marker; for the first labels, then covering no marker's centre.
            let tiers: &[i32] = if first { &[r, 1] } else { &[r] };
            for &reach in tiers {
                if let Some(c) = open.iter().find(|c| !covers(&c.bounds, reach)) {
                    found = Some(**c);
                    break 'rings;
                }
            }
        }
        if found.is_none() && first {
            // Anywhere on the rings that is free of labels, covering markers if it must.
            found = (0..=RINGS)
                .flat_map(|k| candidates(marker, width, extra, k, theme))
                .find(|c| inside(&c.bounds) && clear_of_labels(&c.bounds));
        }
        let Some(place) = found else {
            continue;
        };
        boxes.push(place.bounds);
        placed.push(Placed {
            word,
            place,
            picked,
            marker,
        });
    }
    placed
}
