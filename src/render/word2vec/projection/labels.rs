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

/// Where a label `width` pixels wide may go beside a marker at `(x, y)` (`extra` pixels
/// further out for the ringed one): right, left, above and below it, each as its box and
/// where the text is anchored.
fn candidates(
    (x, y): (i32, i32),
    width: i32,
    extra: i32,
    theme: &Theme,
) -> [([i32; 4], (i32, i32), HPos); 4] {
    let half_height = (theme.small_font_size * 0.55).round() as i32;
    let gap = theme.px(MARKER + 2.0);
    let (right_of, left_of) = (x + gap + extra, x - gap - extra);
    let (above, below) = (y - gap - extra - half_height, y + gap + extra + half_height);
    let half_width = width / 2;
    [
        (
            [right_of, y - half_height, right_of + width, y + half_height],
            (right_of, y),
            HPos::Left,
        ),
        (
            [left_of - width, y - half_height, left_of, y + half_height],
            (left_of, y),
            HPos::Right,
        ),
        (
            [
                x - half_width,
                above - half_height,
                x + half_width,
                above + half_height,
            ],
            (x, above),
            HPos::Center,
        ),
        (
            [
                x - half_width,
                below - half_height,
                x + half_width,
                below + half_height,
            ],
            (x, below),
            HPos::Center,
        ),
    ]
}

/// Whether boxes `a` and `b` (`[left, top, right, bottom]`) overlap.
fn overlaps(a: &[i32; 4], b: &[i32; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Labels beside the markers, the picked word and its neighbours first, each to the right of
/// its marker, else to the left, above or below, skipped where it would overlap a label
/// (or `boxes`), another marker or leave the frame (the picked word and its neighbours may
/// cover other markers when nothing else fits).
pub(crate) fn draw_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &ProjectionView,
    plot: &Plot,
    highlight: Option<usize>,
    mut boxes: Vec<[i32; 4]>,
    theme: &Theme,
) -> Result<(), RenderError> {
    let [left, top, right, bottom] = plot.frame;
    let reserved = boxes.len();
    let markers: Vec<(usize, (i32, i32))> =
        view.finite().map(|(i, p)| (i, plot.pixel(p))).collect();
    let order = highlight
        .into_iter()
        .chain(view.neighbours.iter().copied())
        .chain(markers.iter().map(|&(i, _)| i));
    let mut seen = vec![false; view.points.len()];
    for i in order {
        if boxes.len() - reserved >= MAX_LABELS || i >= seen.len() || seen[i] {
            continue;
        }
        seen[i] = true;
        let Some(&(_, marker)) = markers.iter().find(|(k, _)| *k == i) else {
            continue;
        };
        let word = view.words.get(i).map_or("", String::as_str);
        let label_width = text_width(word, theme.small_font_size).ceil() as i32;
        let extra = if Some(i) == highlight {
            theme.px(RING - MARKER)
        } else {
            0
        };
        let candidates = candidates(marker, label_width, extra, theme);
        let inside = |b: &[i32; 4]| b[0] > left && b[2] < right && b[1] > top && b[3] < bottom;
        let clear_of_labels = |b: &[i32; 4]| boxes.iter().all(|k| !overlaps(k, b));
        let clear_of_markers = |b: &[i32; 4]| {
            markers.iter().all(|&(k, (mx, my))| {
                let r = theme.px(MARKER);
                k == i || !overlaps(&[mx - r, my - r, mx + r, my + r], b)
            })
        };
        // The picked word and its neighbours may cover other markers when nothing else fits.
        let first = Some(i) == highlight || view.neighbours.contains(&i);
        let strict = candidates
            .iter()
            .find(|c| inside(&c.0) && clear_of_labels(&c.0) && clear_of_markers(&c.0));
        let relaxed = || {
            candidates
                .iter()
                .find(|c| first && inside(&c.0) && clear_of_labels(&c.0))
        };
        let Some(&(placed, anchor, h)) = strict.or_else(relaxed) else {
            continue;
        };
        let style = theme.small_text(theme.ink, (h, VPos::Center));
        let style = if Some(i) == highlight {
            bold(style)
        } else {
            style
        };
        label(area, word, anchor, &style)?;
        boxes.push(placed);
    }
    Ok(())
}
