//! The embedding projected to two dimensions (PCA, computed in the engine) as a scatter with
//! equal scales on both axes, each word's earlier positions drawn as a faint trail.

mod labels;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::kit::{draw_heading, draw_placeholder, nearest, MARGIN, TITLE_BAND};
use crate::render::kit::{draw_legend_in, legend_height_in, LegendItem, Sample, MARK_LEGEND};
use crate::render::{figure_data, RenderError, Theme};
use serde_json::{json, Map, Value};

/// Room between the frame and the outermost points, in CSS pixels.
const PAD: f64 = 12.0;
/// Radius of a point's marker, in CSS pixels.
pub(crate) const MARKER: f64 = 3.5;
/// Radius of the ring around the picked word, in CSS pixels.
pub(crate) const RING: f64 = 7.5;
/// A pointer this close to a point (CSS pixels) is over it.
const HOVER_RADIUS: f64 = 8.0;
/// Most words labelled at once.
pub(crate) const MAX_LABELS: usize = 60;
/// Opacity of the trails.
const TRAIL_OPACITY: f64 = 0.35;

/// What the projection draws.
#[derive(Debug, Clone, Copy)]
pub struct ProjectionView<'a> {
    /// One label per word.
    pub words: &'a [String],
    /// Each word's current position `(x, y)` in the projection (non-finite ones are skipped).
    pub points: &'a [(f64, f64)],
    /// Per word, its earlier positions, oldest first (may be empty): drawn as a faint line
    /// ending at its current position.
    pub trails: &'a [Vec<(f64, f64)>],
    /// Per word, its class (an index into `class_names`), coloured from a small palette;
    /// indices past `class_names` are drawn in `muted`. `None` draws every word in `accent`.
    pub classes: Option<&'a [usize]>,
    /// The classes' names, for the legend.
    pub class_names: &'a [String],
    /// The picked word: ringed, labelled in bold.
    pub highlight: Option<usize>,
    /// The picked word's nearest neighbours: a line from it to each, labelled first.
    pub neighbours: &'a [usize],
    /// The caption at the top left.
    pub title: &'a str,
}

impl ProjectionView<'_> {
    /// The finite current positions, with their indices.
    pub(crate) fn finite(&self) -> impl Iterator<Item = (usize, (f64, f64))> + '_ {
        self.points
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, (x, y))| x.is_finite() && y.is_finite())
    }

    /// The colour of word `i`.
    fn colour(&self, i: usize, theme: &Theme) -> RGBColor {
        match self.classes {
            None => theme.accent,
            Some(classes) => match classes.get(i) {
                Some(&class) if class < self.class_names.len() => theme.class_colour(class),
                _ => theme.muted,
            },
        }
    }

    /// The legend's entries: one swatch per class name.
    fn legend(&self, theme: &Theme) -> Vec<LegendItem> {
        if self.classes.is_none() {
            return Vec::new();
        }
        self.class_names
            .iter()
            .enumerate()
            .map(|(k, name)| LegendItem {
                sample: Sample::Swatch(theme.class_colour(k)),
                label: name.clone(),
            })
            .collect()
    }
}

/// The plot's frame and the map from projection coordinates to pixels, equal on both axes:
/// one function of the size, the view and the theme, shared by the drawing and the hit test.
pub(crate) struct Plot {
    /// The frame `[left, top, right, bottom]`, in backend pixels.
    pub frame: [i32; 4],
    /// The legend's top.
    legend_top: i32,
    /// Pixels per projection unit (the same across and down).
    scale: f64,
    /// The projection point drawn at the frame's centre.
    centre: (f64, f64),
    empty: bool,
}

impl Plot {
    /// The plot of `view` in a `width × height` area.
    fn new(width: u32, height: u32, view: &ProjectionView, theme: &Theme) -> Plot {
        let (width, height) = (width as i32, height as i32);
        let margin = theme.px(MARGIN);
        let legend_top = margin + theme.px(TITLE_BAND);
        let legend = legend_height_in(
            &view.legend(theme),
            MARK_LEGEND,
            (margin, width - margin),
            theme,
        );
        let frame = [
            margin,
            legend_top + legend + theme.px(2.0),
            (width - margin).max(margin + 1),
            (height - margin).max(legend_top + legend + theme.px(3.0)),
        ];
        let trail_points = view
            .trails
            .iter()
            .take(view.points.len())
            .flatten()
            .copied()
            .filter(|(x, y)| x.is_finite() && y.is_finite());
        let all: Vec<(f64, f64)> = view.finite().map(|(_, p)| p).chain(trail_points).collect();
        let empty = view.finite().next().is_none();
        let (mut low, mut high) = (
            (f64::INFINITY, f64::INFINITY),
            (f64::NEG_INFINITY, f64::NEG_INFINITY),
        );
        for &(x, y) in &all {
            low = (low.0.min(x), low.1.min(y));
            high = (high.0.max(x), high.1.max(y));
        }
        let (span_x, span_y) = if empty {
            (1.0, 1.0)
        } else {
            (high.0 - low.0, high.1 - low.1)
        };
        let room_x = f64::from(frame[2] - frame[0] - 2 * theme.px(PAD)).max(1.0);
        let room_y = f64::from(frame[3] - frame[1] - 2 * theme.px(PAD)).max(1.0);
        let scale = match (span_x > 0.0, span_y > 0.0) {
            (true, true) => (room_x / span_x).min(room_y / span_y),
            (true, false) => room_x / span_x,
            (false, true) => room_y / span_y,
            (false, false) => 1.0,
        };
        let centre = if empty {
            (0.0, 0.0)
        } else {
            ((low.0 + high.0) / 2.0, (low.1 + high.1) / 2.0)
        };
        Plot {
            frame,
            legend_top,
            scale,
            centre,
            empty,
        }
    }

    /// `(x, y)` in pixels.
    pub(crate) fn pixel(&self, (x, y): (f64, f64)) -> (i32, i32) {
        let [left, top, right, bottom] = self.frame;
        let (cx, cy) = (f64::from(left + right) / 2.0, f64::from(top + bottom) / 2.0);
        (
            (cx + (x - self.centre.0) * self.scale).round() as i32,
            (cy - (y - self.centre.1) * self.scale).round() as i32,
        )
    }
}

/// The word whose point is nearest to a pointer at `(x, y)` in backend pixels of a
/// `width × height` drawing area (CSS offset × pixel ratio on the page), when it lies within
/// a few CSS pixels; `None` otherwise.
pub fn projection_point_at(
    width: u32,
    height: u32,
    view: &ProjectionView,
    theme: &Theme,
    x: f64,
    y: f64,
) -> Option<usize> {
    let plot = Plot::new(width, height, view, theme);
    let pixels = view.finite().map(|(i, p)| (i, plot.pixel(p)));
    nearest(pixels, (x, y), f64::from(theme.px(HOVER_RADIUS)))
}

/// Draws the projection: the title, a legend of the classes, faint axes through the origin
/// ("PC 1", "PC 2"), each non-empty trail as one faint line in its word's colour ending at
/// the word, lines from the picked word to its neighbours, one marker per word (the picked
/// one ringed) and labels beside the markers: at most 60, none overlapping another; the
/// picked word and its neighbours always (a leader line joins one moved further out), the
/// others only where they cover no marker. Both axes share one scale
/// fitted to the points and trails, so distances on screen are honest. "no embedding yet"
/// without any finite point.
pub fn draw_projection<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &ProjectionView,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let (width, height) = area.dim_in_pixel();
    let plot = Plot::new(width, height, view, theme);
    let margin = theme.px(MARGIN);
    draw_heading(area, view.title, 0, theme)?;
    draw_legend_in(
        area,
        &view.legend(theme),
        MARK_LEGEND,
        (margin, plot.legend_top),
        width as i32 - margin,
        theme,
    )?;
    let [left, top, right, bottom] = plot.frame;
    area.draw(&Rectangle::new(
        [(left, top), (right, bottom)],
        theme.unused.stroke_width(1),
    ))?;
    if plot.empty {
        let centre = ((left + right) / 2, (top + bottom) / 2);
        return draw_placeholder(area, "no embedding yet", centre, theme);
    }
    let markers: Vec<(i32, i32)> = view.finite().map(|(_, p)| plot.pixel(p)).collect();
    let axis_names = labels::draw_axes(area, &plot, &markers, theme)?;
    draw_trails(area, view, &plot, theme)?;
    let highlight = view.highlight.filter(|&h| {
        view.points
            .get(h)
            .is_some_and(|(x, y)| x.is_finite() && y.is_finite())
    });
    figure_data::record(|| projection_record(view, highlight));
    draw_markers(area, view, &plot, highlight, theme)?;
    labels::draw_labels(area, view, &plot, highlight, axis_names, theme)?;
    area.present()?;
    Ok(())
}

/// The picture as data, titled as drawn: a row per word drawn with its coordinates on the
/// first two principal components (and its class, when coloured by class), the picked word,
/// its neighbours joined to it, and each word's trail of earlier positions, oldest first.
fn projection_record(view: &ProjectionView, highlight: Option<usize>) -> Value {
    let word = |i: usize| view.words.get(i).cloned().unwrap_or_default();
    let class = |i: usize| {
        let classes = view.classes?;
        let name = classes.get(i).and_then(|&c| view.class_names.get(c));
        Some(json!(name))
    };
    let rows = view
        .finite()
        .map(|(i, (x, y))| {
            let mut row = vec![json!(word(i)), json!(x), json!(y)];
            row.extend(class(i));
            row
        })
        .collect();
    let mut columns = vec!["word", "PC 1", "PC 2"];
    if view.classes.is_some() {
        columns.push("class");
    }
    // The neighbours a line is drawn to, nearest first.
    let neighbours: Vec<String> = match highlight {
        Some(h) => view
            .neighbours
            .iter()
            .copied()
            .filter(|&n| n != h && view.finite().any(|(i, _)| i == n))
            .map(word)
            .collect(),
        None => Vec::new(),
    };
    let mut trails = Map::new();
    for (i, _) in view.finite() {
        let Some(trail) = view.trails.get(i).filter(|t| !t.is_empty()) else {
            continue;
        };
        let points = trail
            .iter()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .map(|&(x, y)| json!([x, y]))
            .collect();
        trails.insert(word(i), Value::Array(points));
    }
    figure_data::with_fields(
        figure_data::table(view.title, &columns, rows),
        vec![
            (
                "projection",
                json!("PCA: the first two principal components"),
            ),
            ("highlight", json!(highlight.map(word))),
            ("neighbours", json!(neighbours)),
            ("trails", Value::Object(trails)),
        ],
    )
}

/// Each non-empty trail as one faint line in its word's colour, ending at the word.
fn draw_trails<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &ProjectionView,
    plot: &Plot,
    theme: &Theme,
) -> Result<(), RenderError> {
    let line = theme.px(1.5).max(1) as u32;
    for (i, p) in view.finite() {
        let Some(trail) = view.trails.get(i).filter(|t| !t.is_empty()) else {
            continue;
        };
        let mut points: Vec<(i32, i32)> = trail
            .iter()
            .copied()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .map(|q| plot.pixel(q))
            .collect();
        points.push(plot.pixel(p));
        let style = view.colour(i, theme).mix(TRAIL_OPACITY).stroke_width(line);
        area.draw(&PathElement::new(points, style))?;
    }
    Ok(())
}

/// Lines from the picked word (`highlight`) to its neighbours, one marker per word, and the
/// picked word's marker on top, ringed.
fn draw_markers<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &ProjectionView,
    plot: &Plot,
    highlight: Option<usize>,
    theme: &Theme,
) -> Result<(), RenderError> {
    if let Some(h) = highlight {
        for (_, q) in view
            .finite()
            .filter(|(i, _)| view.neighbours.contains(i) && *i != h)
        {
            area.draw(&PathElement::new(
                [plot.pixel(view.points[h]), plot.pixel(q)],
                theme
                    .ink
                    .mix(0.45)
                    .stroke_width(theme.px(1.0).max(1) as u32),
            ))?;
        }
    }
    let radius = theme.px(MARKER);
    for (i, p) in view.finite().filter(|(i, _)| Some(*i) != highlight) {
        area.draw(&Circle::new(
            plot.pixel(p),
            radius,
            view.colour(i, theme).filled(),
        ))?;
    }
    if let Some(h) = highlight {
        let centre = plot.pixel(view.points[h]);
        area.draw(&Circle::new(centre, radius, view.colour(h, theme).filled()))?;
        area.draw(&Circle::new(
            centre,
            theme.px(RING),
            theme.ink.stroke_width(theme.px(2.0).max(1) as u32),
        ))?;
    }
    Ok(())
}
