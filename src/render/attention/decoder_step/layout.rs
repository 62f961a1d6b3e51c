//! Where the panels of the decoder-step view go: side by side on a wide canvas, stacked on a
//! narrow one.

use crate::render::attention::decoder_step::DecoderStepView;
use crate::render::kit::{shown, text_width, MARGIN};
use crate::render::Theme;

/// Height of a caption line, in CSS pixels.
const CAPTION: f64 = 18.0;
/// Width of the arrow between two panels side by side, in CSS pixels.
pub(crate) const ARROW: f64 = 26.0;
/// Canvases narrower than this (CSS pixels) stack the panels.
const STACK_BELOW: f64 = 560.0;
/// Tallest row of bars, in CSS pixels.
const MAX_ROW: f64 = 22.0;
/// Tallest cell of the context strip drawn down, in CSS pixels.
const CONTEXT_CELL: f64 = 12.0;
/// Height of the context strip drawn across, in CSS pixels.
const CONTEXT_STRIP: f64 = 14.0;

/// A caption starting at `at` (vertically centred), cut to `room` pixels.
pub(crate) struct Caption {
    /// What it says.
    pub text: String,
    /// Where its text starts, centred vertically.
    pub at: (i32, i32),
    /// How wide it may be, in pixels.
    pub room: i32,
}

/// The panels' rectangles `[x0, y0, x1, y1]` and their captions, arrows and input labels, in
/// backend pixels.
pub(crate) struct StepLayout {
    /// The parts' heat map.
    pub parts: [i32; 4],
    /// The scores' bars.
    pub scores: [i32; 4],
    /// The weights' bars.
    pub weights: [i32; 4],
    /// The context strip.
    pub context: [i32; 4],
    /// Whether the context strip runs down (side by side) rather than across (stacked).
    pub context_down: bool,
    /// The top-k bars with their labels.
    pub top_k: [i32; 4],
    /// The panels' captions.
    pub captions: Vec<Caption>,
    /// Centres of right-pointing arrows.
    pub arrows: Vec<(i32, i32)>,
    /// Input labels: the right edge they end at and the rows' `[top, bottom]`.
    pub input_labels: Vec<(i32, [i32; 2])>,
}

/// The captions: the parts (`e_j = Σ_k …`), softmax, the context and the output layer.
pub(crate) fn caption_texts(view: &DecoderStepView) -> [String; 4] {
    [
        format!("e_j = Σ_k {}", view.parts_caption),
        "softmax → a_j".to_string(),
        "Σ a_j h_j → c".to_string(),
        "W[s;c]+b → softmax → next".to_string(),
    ]
}

/// What both arrangements start from: the area, the margin, a caption line's height and the
/// width of the input labels, in pixels.
struct Frame {
    width: i32,
    height: i32,
    margin: i32,
    caption: i32,
    labels: i32,
}

impl StepLayout {
    /// The layout of `view` in a `width × height` area.
    pub(crate) fn new(width: u32, height: u32, view: &DecoderStepView, theme: &Theme) -> Self {
        let labels = view
            .input
            .iter()
            .map(|label| text_width(&shown(label), theme.small_font_size))
            .fold(0.0, f64::max)
            .ceil() as i32
            + theme.px(6.0);
        let frame = Frame {
            width: width as i32,
            height: height as i32,
            margin: theme.px(MARGIN),
            caption: theme.px(CAPTION),
            labels,
        };
        if f64::from(width) < f64::from(theme.px(STACK_BELOW)) {
            Self::stacked(&frame, view, theme)
        } else {
            Self::side_by_side(&frame, view, theme)
        }
    }

    /// Left to right, the captions on two staggered lines so each has room.
    fn side_by_side(frame: &Frame, view: &DecoderStepView, theme: &Theme) -> Self {
        let (width, height, labels) = (frame.width, frame.height, frame.labels);
        let (margin, caption) = (frame.margin, frame.caption);
        let arrow = theme.px(ARROW);
        let gap = theme.px(8.0);
        let top = margin + 2 * caption;
        let bottom = (height - margin).max(top + 1);
        let x = margin + labels;
        let content = f64::from((width - margin - x - 3 * arrow - gap).max(4));
        let context_width = (content * 0.06)
            .clamp(f64::from(theme.px(14.0)), f64::from(theme.px(28.0)))
            .round() as i32;
        let rest = content - f64::from(context_width);
        let [parts, scores, weights] = [0.34, 0.2, 0.2].map(|share| (rest * share) as i32);
        let rows = view.input.len().max(1) as i32;
        let row = ((bottom - top) / rows).min(theme.px(MAX_ROW)).max(1);
        let rows_bottom = top + row * rows;
        let middle = (top + rows_bottom) / 2;

        let parts_rect = [x, top, x + parts, rows_bottom];
        let scores_left = x + parts + gap;
        let scores_rect = [scores_left, top, scores_left + scores, rows_bottom];
        let arrow_1 = scores_left + scores;
        let weights_rect = [arrow_1 + arrow, top, arrow_1 + arrow + weights, rows_bottom];
        let arrow_2 = arrow_1 + arrow + weights;
        let context_height = (view.context.len() as i32 * theme.px(CONTEXT_CELL)).min(bottom - top);
        let context_left = arrow_2 + arrow;
        let context_rect = [
            context_left,
            top,
            context_left + context_width,
            top + context_height,
        ];
        let arrow_3 = context_left + context_width;
        let top_k_rows = view.top_k.len() as i32;
        let top_k_height = (top_k_rows * theme.px(MAX_ROW)).min(bottom - top);
        let top_k_rect = [arrow_3 + arrow, top, width - margin, top + top_k_height];

        let [a, b, c, d] = caption_texts(view);
        let line = |k: i32| margin + caption * k + caption / 2;
        let at = |text: String, x: i32, y: i32, end: i32| Caption {
            text,
            at: (x, y),
            room: end - x - theme.px(6.0),
        };
        StepLayout {
            parts: parts_rect,
            scores: scores_rect,
            weights: weights_rect,
            context: context_rect,
            context_down: true,
            top_k: top_k_rect,
            captions: vec![
                at(a, x, line(0), arrow_2),
                at(b, arrow_1, line(1), arrow_3),
                at(c, arrow_2, line(0), width - margin),
                at(d, arrow_3, line(1), width - margin),
            ],
            arrows: [arrow_1, arrow_2, arrow_3]
                .iter()
                .map(|&left| (left + arrow / 2, middle))
                .collect(),
            input_labels: vec![(x - theme.px(4.0), [top, rows_bottom])],
        }
    }

    /// Top to bottom, each panel under its caption.
    fn stacked(frame: &Frame, view: &DecoderStepView, theme: &Theme) -> Self {
        let (width, height, labels) = (frame.width, frame.height, frame.labels);
        let (margin, caption) = (frame.margin, frame.caption);
        let gap = theme.px(6.0);
        let strip = theme.px(CONTEXT_STRIP);
        let inputs = view.input.len().max(1) as i32;
        let top_k_rows = view.top_k.len() as i32;
        let room = height - 2 * margin - 4 * caption - strip - 3 * gap;
        let row = (room / (2 * inputs + top_k_rows).max(1))
            .min(theme.px(MAX_ROW))
            .max(1);
        let (left, right) = (margin + labels, (width - margin).max(margin + labels + 2));
        let parts_right = left + (f64::from(right - left) * 0.55) as i32;
        let [a, b, c, d] = caption_texts(view);
        let mut y = margin;
        let mut captions = Vec::new();
        let mut band = |text: String, height: i32| {
            captions.push(Caption {
                text,
                at: (margin, y + caption / 2),
                room: width - 2 * margin,
            });
            let top = y + caption;
            y = top + height + gap;
            [top, top + height]
        };
        let [a_top, a_bottom] = band(a, row * inputs);
        let [b_top, b_bottom] = band(b, row * inputs);
        let [c_top, c_bottom] = band(c, strip);
        let [d_top, d_bottom] = band(d, row * top_k_rows);
        StepLayout {
            parts: [left, a_top, parts_right, a_bottom],
            scores: [parts_right + gap, a_top, right, a_bottom],
            weights: [left, b_top, right, b_bottom],
            context: [left, c_top, right, c_bottom],
            context_down: false,
            top_k: [margin, d_top, right, d_bottom],
            captions,
            arrows: Vec::new(),
            input_labels: vec![
                (left - theme.px(4.0), [a_top, a_bottom]),
                (left - theme.px(4.0), [b_top, b_bottom]),
            ],
        }
    }
}
