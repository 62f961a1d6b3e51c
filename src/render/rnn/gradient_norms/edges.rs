//! The gradient chart's y range and what falls outside it: the range follows the measured
//! norms (`‖∂L_T/∂h_t‖` and `‖∂L/∂h_t‖`), a bound or `Π f` far beyond them is cut at the
//! plot's edge, and a note at that edge says where the cut curve goes.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::charts::frame::Chart;
use crate::render::kit::{label, significant, text_width, triangle, LEGEND_ROW, TOP_LEFT};
use crate::render::rnn::gradient_norms::lines::{Line, Look};
use crate::render::rnn::gradient_norms::LOG_FLOOR;
use crate::render::{RenderError, Theme};

/// Decades of room above and below the measured norms.
const PAD_DECADES: f64 = 1.0;
/// A bound or `Π f` reaching at most this many decades past the padded range widens it to
/// cover the curve; one reaching further is cut at the edge.
const NEAR_DECADES: f64 = 3.0;

/// The `log₁₀` extremes of the finite values of `lines`.
fn span<'a>(lines: impl Iterator<Item = &'a Line>) -> Option<(f64, f64)> {
    lines
        .flat_map(|line| line.values.iter().flatten())
        .fold(None, |span, &y| match span {
            None => Some((y, y)),
            Some((low, high)) => Some((f64::min(low, y), f64::max(high, y))),
        })
}

/// Whether a line is one of the measured norms the range follows.
fn is_measured(line: &Line) -> bool {
    matches!(line.look, Look::Main | Look::Thin)
}

/// The y range in whole `log₁₀` decades: the measured norms with [`PAD_DECADES`] each side
/// (never below [`LOG_FLOOR`]), widened to cover every other curve that stays within
/// [`NEAR_DECADES`] of it; at least one decade. Without a finite measured norm, every curve's
/// span; `(−1, 1)` without any finite value.
pub(crate) fn decade_range(lines: &[Line]) -> (f64, f64) {
    let measured = span(lines.iter().filter(|line| is_measured(line)));
    let Some((low, high)) = measured.or_else(|| span(lines.iter())) else {
        return (-1.0, 1.0);
    };
    let floor = LOG_FLOOR.log10().floor();
    let (mut low, mut high) = (
        (low - PAD_DECADES).floor().max(floor),
        (high + PAD_DECADES).ceil(),
    );
    let (padded_low, padded_high) = (low, high);
    for line in lines.iter().filter(|line| !is_measured(line)) {
        if let Some((line_low, line_high)) = span(std::iter::once(line)) {
            if line_low < padded_low && line_low >= padded_low - NEAR_DECADES {
                low = low.min(line_low.floor());
            }
            if line_high > padded_high && line_high <= padded_high + NEAR_DECADES {
                high = high.max(line_high.ceil());
            }
        }
    }
    (low, high.max(low + 1.0))
}

/// The parts of a run of points `(t, log₁₀ value)` inside `[low, high]`, each segment that
/// crosses an edge cut where it meets it.
pub(crate) fn clip_run(run: &[(f64, f64)], (low, high): (f64, f64)) -> Vec<Vec<(f64, f64)>> {
    let inside = |y: f64| (low..=high).contains(&y);
    let mut parts: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    if let [only] = run {
        if inside(only.1) {
            return vec![vec![*only]];
        }
    }
    for pair in run.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        // The segment's part inside the band, as fractions along it (Liang–Barsky on y).
        let (mut from, mut to) = (0.0_f64, 1.0_f64);
        let dy = y1 - y0;
        if dy == 0.0 {
            if !inside(y0) {
                (from, to) = (1.0, 0.0);
            }
        } else {
            let (a, b) = ((low - y0) / dy, (high - y0) / dy);
            from = from.max(a.min(b));
            to = to.min(a.max(b));
        }
        if from > to {
            if !current.is_empty() {
                parts.push(std::mem::take(&mut current));
            }
            continue;
        }
        let at = |f: f64| (x0 + f * (x1 - x0), (y0 + f * dy).clamp(low, high));
        let (start, end) = (at(from), at(to));
        if from > 0.0 && !current.is_empty() {
            parts.push(std::mem::take(&mut current));
        }
        if current.is_empty() {
            current.push(start);
        }
        if current.last() != Some(&end) {
            current.push(end);
        }
        if to < 1.0 {
            parts.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

/// A curve that leaves the plot at its top or bottom edge.
pub(crate) struct EdgeNote {
    /// Whose curve it is (an index into the models).
    pub model: usize,
    /// Which curve.
    pub look: Look,
    /// Whether it leaves at the top (else the bottom).
    pub above: bool,
    /// Its most extreme value beyond that edge, as plotted (normalised when the chart is).
    pub value: f64,
    /// The timestep where it meets the edge nearest its extreme (fractional), where the
    /// note's marker goes.
    pub t: f64,
    /// Whether its extreme lies left of that point: the note goes on that side first, where
    /// the curve is out of sight.
    pub leftwards: bool,
}

/// The edge notes of every line reaching past `low` or `high`, in drawing order.
pub(crate) fn edge_notes(lines: &[Line], (low, high): (f64, f64)) -> Vec<EdgeNote> {
    let mut notes = Vec::new();
    for line in lines {
        for above in [true, false] {
            let beyond = |y: f64| if above { y > high } else { y < low };
            let extreme = line
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, y)| y.map(|y| (i, y)))
                .filter(|&(_, y)| beyond(y))
                .max_by(|a, b| {
                    let order = a.1.total_cmp(&b.1);
                    if above {
                        order
                    } else {
                        order.reverse()
                    }
                });
            let Some((index, _)) = extreme else {
                continue;
            };
            let edge = if above { high } else { low };
            let t_extreme = (index + 1) as f64;
            let t = crossings(&line.values, edge)
                .into_iter()
                .min_by(|a, b| (a - t_extreme).abs().total_cmp(&(b - t_extreme).abs()))
                .unwrap_or(t_extreme);
            notes.push(EdgeNote {
                model: line.model,
                look: line.look,
                above,
                value: line.plotted[index].unwrap_or(f64::NAN),
                t,
                leftwards: t_extreme < t,
            });
        }
    }
    notes
}

/// The timesteps (fractional) where the curve of `values` (t = 1, 2, …) crosses `edge`.
fn crossings(values: &[Option<f64>], edge: f64) -> Vec<f64> {
    values
        .windows(2)
        .enumerate()
        .filter_map(|(i, pair)| {
            let (y0, y1) = (pair[0]?, pair[1]?);
            let crosses = (y0 - edge) * (y1 - edge) < 0.0;
            crosses.then(|| (i + 1) as f64 + (edge - y0) / (y1 - y0))
        })
        .collect()
}

/// The note's text: `Π‖∂h‖ → 1.2e25 ↑`, its model first (`RNN: …`) when there are two.
pub(crate) fn note_text(note: &EdgeNote, labels: &[&str]) -> String {
    let name = match note.look {
        Look::Dotted => "Π‖∂h‖",
        Look::Forget => "Π f",
        look => look.name(),
    };
    let arrow = if note.above { "↑" } else { "↓" };
    let text = format!("{name} → {} {arrow}", significant(note.value, 2));
    match labels {
        [_, _, ..] => format!("{}: {text}", labels[note.model]),
        _ => text,
    }
}

/// Whether boxes `a` and `b` (`[left, top, right, bottom]`) overlap.
fn overlaps(a: &[i32; 4], b: &[i32; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Whether the segment from `p` to `q` passes through box `b` (`[left, top, right, bottom]`).
fn crosses(((x0, y0), (x1, y1)): Segment, b: &[i32; 4]) -> bool {
    let (x0, y0, x1, y1) = (f64::from(x0), f64::from(y0), f64::from(x1), f64::from(y1));
    let (mut from, mut to) = (0.0_f64, 1.0_f64);
    let sides = [
        (x1 - x0, f64::from(b[0]) - x0, f64::from(b[2]) - x0),
        (y1 - y0, f64::from(b[1]) - y0, f64::from(b[3]) - y0),
    ];
    for (d, low, high) in sides {
        if d == 0.0 {
            if low > 0.0 || high < 0.0 {
                return false;
            }
        } else {
            let (a, c) = (low / d, high / d);
            from = from.max(a.min(c));
            to = to.min(a.max(c));
        }
    }
    from <= to
}

/// A drawn piece of a curve, from one backend pixel to another.
pub(crate) type Segment = ((i32, i32), (i32, i32));

/// Draws each note: a small triangle inside the edge where its curve meets it, pointing out
/// of the plot, and its text in the curve's colour in a row along that edge, as near the
/// edge as it fits: beside the triangle on the side of the curve's extreme (where the curve
/// is out of sight), else on the other side, else flush with the plot's nearer end; where
/// it crosses none of the drawn `curves` and overlaps none of `taken` (boxes `[left, top,
/// right, bottom]` already drawn inside the plot) nor another note, else where it overlaps
/// only curves.
pub(crate) fn draw_edge_notes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart<'_, DB>,
    notes: &[EdgeNote],
    (labels, colours): (&[&str], &[RGBColor]),
    (curves, mut taken): (&[Segment], Vec<[i32; 4]>),
    theme: &Theme,
) -> Result<(), RenderError> {
    let (x_range, y_range) = (chart.x_range(), chart.y_range());
    let (left, top) = chart.backend_coord(&(x_range.start, y_range.end));
    let (right, bottom) = chart.backend_coord(&(x_range.end, y_range.start));
    let half = theme.px(3.5).max(2);
    let inset = theme.px(2.0);
    let height = theme.small_font_size.ceil() as i32;
    let row = theme.px(LEGEND_ROW);
    for note in notes {
        let colour = match note.look {
            Look::Forget => theme.result,
            _ => colours[note.model],
        };
        let (x, _) = chart.backend_coord(&(note.t, y_range.start));
        let x = x.clamp(left + half, right - half);
        let marker = if note.above {
            triangle((x, top + half + inset), half, theme)
        } else {
            let centre = bottom - half - inset;
            triangle((x, centre), half, theme)
                .into_iter()
                .map(|(px, py)| (px, 2 * centre - py))
                .collect()
        };
        area.draw(&Polygon::new(marker, colour.filled()))?;
        let reach = 2 * half + inset;
        taken.push(if note.above {
            [x - half, top, x + half, top + reach]
        } else {
            [x - half, bottom - reach, x + half, bottom]
        });
        let text = note_text(note, labels);
        let width = text_width(&text, theme.small_font_size).ceil() as i32;
        let gap = half + theme.px(3.0);
        let (after, before) = (x + gap, x - gap - width);
        let (flush_left, flush_right) = (left + inset, right - inset - width);
        let mut starts = if note.leftwards {
            vec![before, after]
        } else {
            vec![after, before]
        };
        if (x - left) < (right - x) {
            starts.extend([flush_left, flush_right]);
        } else {
            starts.extend([flush_right, flush_left]);
        }
        starts.retain(|&start| start >= left + inset && start + width <= right - inset);
        let boxes: Vec<[i32; 4]> = (0..8)
            .flat_map(|k| {
                let y = if note.above {
                    top + inset + k * row
                } else {
                    bottom - inset - height - k * row
                };
                starts
                    .iter()
                    .map(move |&start| [start, y, start + width, y + height])
            })
            .collect();
        let clear = |b: &&[i32; 4]| taken.iter().all(|t| !overlaps(t, b));
        let unseen = |b: &&[i32; 4]| curves.iter().all(|&s| !crosses(s, b));
        let placed = boxes.iter().filter(clear).find(unseen);
        let Some(&b) = placed.or_else(|| boxes.iter().find(clear)) else {
            continue;
        };
        label(
            area,
            text,
            (b[0], b[1]),
            &theme.small_text(colour, TOP_LEFT),
        )?;
        taken.push(b);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_cut_where_they_cross_an_edge() {
        let band = (0.0, 2.0);
        // Inside throughout: unchanged.
        let run = [(1.0, 0.5), (2.0, 1.5), (3.0, 1.0)];
        assert_eq!(clip_run(&run, band), vec![run.to_vec()]);
        // Up through the top and back: two parts, each ending on the edge.
        let run = [(1.0, 1.0), (2.0, 3.0), (3.0, 1.0)];
        assert_eq!(
            clip_run(&run, band),
            vec![vec![(1.0, 1.0), (1.5, 2.0)], vec![(2.5, 2.0), (3.0, 1.0)]]
        );
        // Down from far above, through the band and out at the bottom.
        let run = [(1.0, 6.0), (2.0, -2.0)];
        assert_eq!(clip_run(&run, band), vec![vec![(1.5, 2.0), (1.75, 0.0)]]);
        // Wholly outside, or one point outside: nothing.
        assert!(clip_run(&[(1.0, 5.0), (2.0, 7.0)], band).is_empty());
        assert!(clip_run(&[(1.0, 5.0)], band).is_empty());
        assert_eq!(clip_run(&[(1.0, 1.0)], band), vec![vec![(1.0, 1.0)]]);
    }

    fn line(look: Look, values: &[f64]) -> Line {
        Line {
            model: 0,
            look,
            plotted: values.iter().map(|&v| Some(10f64.powf(v))).collect(),
            values: values.iter().map(|&v| Some(v)).collect(),
        }
    }

    #[test]
    fn the_range_follows_the_measured_norms_and_covers_a_near_bound() {
        let main = line(Look::Main, &[-3.0, -1.5, 0.0]);
        let thin = line(Look::Thin, &[-2.0, -1.8, -1.7]);
        // A decade each side of the measured norms.
        assert_eq!(decade_range(&[main, thin]), (-4.0, 1.0));
        let main = || line(Look::Main, &[-3.0, -1.5, 0.0]);
        // A bound two decades over the padded top is covered; one at 10²⁵ is not.
        let near = line(Look::Dotted, &[2.6, 1.0, 0.0]);
        assert_eq!(decade_range(&[main(), near]), (-4.0, 3.0));
        let far = line(Look::Dotted, &[25.1, 12.0, 0.0]);
        assert_eq!(decade_range(&[main(), far]), (-4.0, 1.0));
        // Never below the floor the values are clamped to.
        let floor = LOG_FLOOR.log10().floor();
        let low = line(Look::Main, &[floor, 0.0]);
        assert_eq!(decade_range(&[low]), (floor, 1.0));
    }
}
