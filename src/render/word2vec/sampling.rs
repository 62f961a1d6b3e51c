//! The distribution negatives are drawn from: per word, its unigram probability beside the
//! smoothed unigram^α, with the negatives just drawn and the context word marked.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::kit::{bold, clipped, compact, draw_placeholder, fixed, label, place_labels};
use crate::render::kit::{draw_legend_in, legend_height_in, LegendItem, Sample, MARK_LEGEND};
use crate::render::kit::{part_centre, split, text_width, triangle, LEFT, MARGIN, RIGHT, UNDER};
use crate::render::{figure_data, RenderError, Theme};
use serde_json::{json, Value};

/// Width of the probability labels left of the bars, in CSS pixels.
const Y_LABELS: f64 = 36.0;
/// Room above the bars for the axis name, in CSS pixels.
const AXIS_NAME: f64 = 16.0;
/// Height of the band of marks under the bars (a row of marks, a row of counts), in CSS
/// pixels.
const MARKS: f64 = 26.0;
/// Longest a word label under the bars may be, in CSS pixels.
const MAX_LABEL: f64 = 72.0;

/// What the negative-sampling chart draws.
#[derive(Debug, Clone, Copy)]
pub struct SamplingView<'a> {
    /// The words shown (the page passes the top ~30 by count), in order.
    pub words: &'a [String],
    /// Each word's unigram probability (its count over all counts).
    pub unigram: &'a [f64],
    /// Each word's probability of being drawn as a negative: unigram^α, normalised.
    pub smoothed: &'a [f64],
    /// The exponent α (0.75 by default), for the legend.
    pub alpha: f64,
    /// The negatives just drawn, as indices into `words` (a repeat is counted; indices past
    /// `words` are counted in the legend as not shown).
    pub drawn: &'a [usize],
    /// The context word of the current pair, marked differently.
    pub positive: Option<usize>,
}

/// `α` for the legend: `0.75`, `1`, `0.5`.
fn alpha_text(alpha: f64) -> String {
    fixed(alpha, 2)
}

/// The legend: the two bars and the two marks.
fn legend(view: &SamplingView, theme: &Theme) -> Vec<LegendItem> {
    let hidden = view
        .drawn
        .iter()
        .filter(|&&i| i >= view.words.len())
        .count();
    let negatives = if hidden > 0 {
        format!("negative drawn ({hidden} not shown)")
    } else {
        "negative drawn".to_string()
    };
    vec![
        LegendItem::new(Sample::Swatch(theme.unused), "unigram".to_string()),
        LegendItem::new(
            Sample::Swatch(theme.accent),
            format!("unigram^{}", alpha_text(view.alpha)),
        ),
        LegendItem::new(Sample::Triangle(theme.accent_2), negatives),
        LegendItem::new(Sample::Triangle(theme.result), "context".to_string()),
    ]
}

/// A round step for about `count` gridlines up to `max`: 1, 2 or 5 × 10^k.
fn nice_step(max: f64, count: f64) -> f64 {
    let raw = max / count.max(1.0);
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * power)
}

/// Where the chart goes in the area, in backend pixels, and its probability scale.
struct Layout {
    words: usize,
    left: i32,
    right: i32,
    top: i32,
    bottom: i32,
    /// Width of one word's slot.
    pitch: f64,
    /// Whether the words lie flat (each fits its slot) rather than turned to read upwards.
    flat: bool,
    /// Room for a word, in pixels.
    label_length: f64,
    /// The probability at the top of the axis.
    top_value: f64,
}

impl Layout {
    /// The layout of `view` in a `width × height` area under a legend `legend` pixels high.
    fn new((width, height): (i32, i32), legend: i32, view: &SamplingView, theme: &Theme) -> Layout {
        let margin = theme.px(MARGIN);
        let n = view.words.len();
        let label_length = view
            .words
            .iter()
            .map(|w| text_width(w, theme.small_font_size))
            .fold(0.0, f64::max)
            .min(f64::from(theme.px(MAX_LABEL)))
            .min(f64::from(height) * 0.25);
        let left = margin + theme.px(Y_LABELS);
        let right = (width - margin).max(left + 1);
        let pitch = f64::from(right - left) / n as f64;
        let flat = label_length + f64::from(theme.px(4.0)) <= pitch;
        let label_band = if flat {
            theme.small_font_size * 1.2
        } else {
            label_length
        };
        let top = margin + legend + theme.px(AXIS_NAME);
        let bottom = (height - margin - label_band.ceil() as i32 - theme.px(MARKS)).max(top + 1);
        let largest = (0..n)
            .flat_map(|i| [value(view.unigram, i), value(view.smoothed, i)])
            .flatten()
            .fold(0.0f64, f64::max);
        Layout {
            words: n,
            left,
            right,
            top,
            bottom,
            pitch,
            flat,
            label_length,
            top_value: if largest > 0.0 { largest * 1.08 } else { 1.0 },
        }
    }

    /// The height of probability `p`.
    fn y_of(&self, p: f64) -> i32 {
        let fraction = (p / self.top_value).clamp(0.0, 1.0);
        self.bottom - (f64::from(self.bottom - self.top) * fraction).round() as i32
    }

    /// The left edge of word `i`'s slot.
    fn slot(&self, i: usize) -> i32 {
        split(self.left, self.right, self.words, i)
    }
}

/// Value `i` of `values` when it is there and finite.
fn value(values: &[f64], i: usize) -> Option<f64> {
    values.get(i).copied().filter(|v| v.is_finite())
}

/// How many times word `i` was drawn as a negative.
fn drawn(view: &SamplingView, i: usize) -> usize {
    view.drawn.iter().filter(|&&k| k == i).count()
}

/// Whether word `i` is marked: drawn as a negative, or the context word.
fn marked(view: &SamplingView, i: usize) -> bool {
    drawn(view, i) > 0 || view.positive == Some(i)
}

/// Draws one slot per word: a bar of its unigram probability (`unused`) and beside it one of
/// unigram^α (`accent`), on a shared probability axis from 0 with light gridlines; under the
/// bars a triangle for each word drawn as a negative (`accent_2`, "×2" under it when drawn
/// twice) or being the context (`result`; both side by side when a negative is the context
/// itself), then the words (turned to read upwards unless each fits its slot), thinned to fit
/// with the marked ones kept (in bold). The legend on top names the bars with the actual α. "no words yet" when empty.
pub fn draw_sampling<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &SamplingView,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    let (width, height) = area.dim_in_pixel();
    let (width, height) = (width as i32, height as i32);
    let margin = theme.px(MARGIN);
    let items = legend(view, theme);
    let span = (margin, width - margin);
    draw_legend_in(area, &items, MARK_LEGEND, (margin, margin), span.1, theme)?;
    let legend = legend_height_in(&items, MARK_LEGEND, span, theme);
    if view.words.is_empty() {
        let centre = (width / 2, (height + legend) / 2);
        return draw_placeholder(area, "no words yet", centre, theme);
    }
    figure_data::record(|| sampling_record(view));
    let layout = Layout::new((width, height), legend, view, theme);
    draw_grid(area, &layout, theme)?;
    draw_bars(area, view, &layout, theme)?;
    draw_marks(area, view, &layout, theme)?;
    draw_words(area, view, &layout, theme)?;
    area.present()?;
    Ok(())
}

/// The chart as data: a row per word with its two bars (`null` where a value is missing or
/// not finite, drawn as 0), how many times it was drawn as a negative and whether it is the
/// context word; the negatives drawn past the words shown are counted beside.
fn sampling_record(view: &SamplingView) -> Value {
    let smoothed = format!("unigram^{}", alpha_text(view.alpha));
    let columns = [
        "word",
        "unigram",
        smoothed.as_str(),
        "negatives drawn",
        "context",
    ];
    let rows = (0..view.words.len())
        .map(|i| {
            vec![
                json!(view.words[i]),
                figure_data::optional(value(view.unigram, i)),
                figure_data::optional(value(view.smoothed, i)),
                json!(drawn(view, i)),
                json!(view.positive == Some(i)),
            ]
        })
        .collect();
    let not_shown = view
        .drawn
        .iter()
        .filter(|&&i| i >= view.words.len())
        .count();
    figure_data::with_fields(
        figure_data::table("P(word)", &columns, rows),
        vec![
            ("alpha", figure_data::number(view.alpha)),
            ("negatives not shown", json!(not_shown)),
        ],
    )
}

/// Gridlines at round probabilities with their labels, and the axis name.
fn draw_grid<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    layout: &Layout,
    theme: &Theme,
) -> Result<(), RenderError> {
    let (left, right, top, bottom) = (layout.left, layout.right, layout.top, layout.bottom);
    let muted = theme.small_text(theme.muted, RIGHT);
    let step = nice_step(
        layout.top_value,
        f64::from(bottom - top) / f64::from(theme.px(36.0)),
    );
    let mut tick = 0.0;
    while tick <= layout.top_value * 1.0001 {
        let y = layout.y_of(tick);
        area.draw(&PathElement::new(
            [(left, y), (right, y)],
            theme.unused.mix(0.6).stroke_width(1),
        ))?;
        label(area, compact(tick), (left - theme.px(4.0), y), &muted)?;
        tick += step;
    }
    let name_at = (theme.px(MARGIN), top - theme.px(AXIS_NAME / 2.0));
    label(
        area,
        "P(word)",
        name_at,
        &theme.small_text(theme.muted, LEFT),
    )
}

/// Two bars per word, and the axis under them.
fn draw_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &SamplingView,
    layout: &Layout,
    theme: &Theme,
) -> Result<(), RenderError> {
    let gap = (layout.pitch * 0.15).round().max(1.0) as i32;
    for i in 0..layout.words {
        let (x0, x1) = (layout.slot(i) + gap, layout.slot(i + 1) - gap);
        let middle = (x0 + x1) / 2;
        for (values, colour, (a, b)) in [
            (view.unigram, theme.unused, (x0, middle)),
            (view.smoothed, theme.accent, (middle, x1.max(middle + 1))),
        ] {
            let y = layout.y_of(value(values, i).unwrap_or(0.0));
            area.draw(&Rectangle::new(
                [(a, y), (b, layout.bottom)],
                colour.filled(),
            ))?;
        }
    }
    area.draw(&PathElement::new(
        [(layout.left, layout.bottom), (layout.right, layout.bottom)],
        theme.muted.stroke_width(1),
    ))?;
    Ok(())
}

/// The marks under the bars: a triangle per negative drawn (with "×k" when drawn k > 1
/// times) and for the context word, side by side when both.
fn draw_marks<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &SamplingView,
    layout: &Layout,
    theme: &Theme,
) -> Result<(), RenderError> {
    let half = ((layout.pitch * 0.3).round() as i32).clamp(theme.px(2.0), theme.px(5.0));
    let mark_y = layout.bottom + theme.px(8.0);
    for i in (0..layout.words).filter(|&i| marked(view, i)) {
        let centre = part_centre(layout.left, layout.right, layout.words, i);
        let mut colours = Vec::new();
        if view.positive == Some(i) {
            colours.push(theme.result);
        }
        if drawn(view, i) > 0 {
            colours.push(theme.accent_2);
        }
        let shift = if colours.len() == 2 { half } else { 0 };
        for (k, colour) in colours.into_iter().enumerate() {
            let x = centre - shift + 2 * shift * k as i32;
            area.draw(&Polygon::new(
                triangle((x, mark_y), half, theme),
                colour.filled(),
            ))?;
        }
        if drawn(view, i) > 1 {
            let at = (centre, mark_y + half + theme.px(1.0));
            let style = theme.small_text(theme.accent_2, UNDER);
            label(area, format!("×{}", drawn(view, i)), at, &style)?;
        }
    }
    Ok(())
}

/// The words under the marks, thinned to fit with the marked ones kept (in bold).
fn draw_words<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &SamplingView,
    layout: &Layout,
    theme: &Theme,
) -> Result<(), RenderError> {
    let labels_top = layout.bottom + theme.px(MARKS);
    let centre = |i: usize| f64::from(layout.slot(i) + layout.slot(i + 1)) / 2.0;
    let range = (f64::from(layout.left), f64::from(layout.right));
    let size = if layout.flat {
        layout.label_length + f64::from(theme.px(4.0))
    } else {
        theme.small_font_size * 1.15
    };
    let marked = |i: usize| marked(view, i);
    for (i, x) in place_labels(layout.words, size, centre, marked, range) {
        let style = if layout.flat {
            theme.small_text(theme.ink, UNDER)
        } else {
            theme
                .small_text(theme.ink, RIGHT)
                .transform(FontTransform::Rotate270)
        };
        let style = if marked(i) { bold(style) } else { style };
        let word = clipped(&view.words[i], layout.label_length, theme.small_font_size);
        label(area, word, (x.round() as i32, labels_top), &style)?;
    }
    Ok(())
}
