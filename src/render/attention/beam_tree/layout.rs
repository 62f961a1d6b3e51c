//! Where the beam tree's columns and nodes go, and how much of each node is written (with
//! the score under the label when the columns are narrow).

use crate::render::attention::beam_tree::{BeamNode, BeamTreeView};
use crate::render::kit::{part_centre, signed_text, significant, text_width, MARGIN, TITLE_BAND};
use crate::render::Theme;

/// Height of the step numbers under the tree, in CSS pixels.
pub(crate) const STEP_LABELS: f64 = 16.0;
/// Room kept between a node's text and the next column's, in CSS pixels.
const EDGE_ROOM: f64 = 14.0;
/// The same room when scores are written under the labels (narrow trees), in CSS pixels.
const STACKED_EDGE_ROOM: f64 = 10.0;
/// A score written under its label is this much of the small font.
const SCORE_SCALE: f64 = 0.85;
/// Room around a finished node's text inside its box, in CSS pixels.
pub(crate) const BOX_PAD: f64 = 3.0;
/// Radius of a node drawn as a dot, in CSS pixels.
pub(crate) const DOT: f64 = 3.0;
/// The start symbol's label.
pub(crate) const START: &str = "<s>";

/// How much of each node is written, chosen once for the whole tree to fit the columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    /// The label and the log-probability: `c −0.12`.
    Full,
    /// The label with the log-probability under it, a little smaller, to `digits`
    /// significant digits: `c` over `−0.12`.
    Stacked { digits: usize },
    /// The label only.
    Label,
    /// A dot.
    Dot,
}

/// Where the tree goes in the area, in backend pixels.
pub(crate) struct TreeLayout {
    /// The tree spans `[left, right] × [top, bottom]`.
    pub left: i32,
    pub right: i32,
    pub top: i32,
    pub bottom: i32,
    /// Columns including the start symbol's.
    pub columns: usize,
    /// The largest number of nodes in a column.
    pub rows: usize,
    /// How much of each node is written.
    pub detail: Detail,
}

impl TreeLayout {
    /// The tree of `view` in a `width × height` area, under a legend `legend` pixels high.
    pub(crate) fn new(
        width: u32,
        height: u32,
        view: &BeamTreeView,
        legend: i32,
        theme: &Theme,
    ) -> Self {
        let margin = theme.px(MARGIN);
        let (left, right) = (margin, (width as i32 - margin).max(margin + 1));
        let top = margin + theme.px(TITLE_BAND) + legend;
        let bottom = (height as i32 - margin - theme.px(STEP_LABELS)).max(top + 1);
        let columns = view.columns.len() + 1;
        let rows = view.columns.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let pitch = f64::from(right - left) / columns as f64 - f64::from(theme.px(EDGE_ROOM));
        let stacked_pitch =
            f64::from(right - left) / columns as f64 - f64::from(theme.px(STACKED_EDGE_ROOM));
        let size = theme.small_font_size;
        let widest = |width: &dyn Fn(&BeamNode) -> f64| {
            view.columns
                .iter()
                .flatten()
                .map(width)
                .fold(text_width(START, size), f64::max)
        };
        let row_pitch = f64::from(bottom - top) / rows as f64;
        // Two lines and a finished node's box round them, with a gap to the next row's.
        let stacked_rows = row_pitch >= stacked_height(theme) + f64::from(theme.px(2.0));
        let stacked = [2, 1].into_iter().find(|&digits| {
            let detail = Detail::Stacked { digits };
            stacked_rows && widest(&|node| node_width(detail, node, theme)) <= stacked_pitch
        });
        let detail = if row_pitch < size * 1.1 {
            Detail::Dot
        } else if widest(&|node| node_width(Detail::Full, node, theme)) <= pitch {
            Detail::Full
        } else if let Some(digits) = stacked {
            Detail::Stacked { digits }
        } else if widest(&|node| node_width(Detail::Label, node, theme)) <= pitch {
            Detail::Label
        } else {
            Detail::Dot
        };
        TreeLayout {
            left,
            right,
            top,
            bottom,
            columns,
            rows,
            detail,
        }
    }

    /// The centre x of column `k` (0 is the start symbol).
    pub(crate) fn x(&self, k: usize) -> i32 {
        part_centre(self.left, self.right, self.columns, k)
    }

    /// The centre y of node `i` of a column of `count` nodes, centred vertically.
    pub(crate) fn y(&self, count: usize, i: usize) -> i32 {
        let pitch = f64::from(self.bottom - self.top) / self.rows as f64;
        let middle = f64::from(self.top + self.bottom) / 2.0;
        (middle + (i as f64 - (count as f64 - 1.0) / 2.0) * pitch).round() as i32
    }

    /// Half the drawn width of a node's text (or dot), in pixels.
    pub(crate) fn half_width(&self, node: Option<&BeamNode>, theme: &Theme) -> i32 {
        let width = match (self.detail, node) {
            (Detail::Dot, _) => return theme.px(DOT),
            (_, None) => text_width(START, theme.small_font_size),
            (detail, Some(node)) => node_width(detail, node, theme),
        };
        (width / 2.0).ceil() as i32
    }
}

/// A node's full text: its label and log-probability, `c −0.12`.
pub(crate) fn full_text(node: &BeamNode) -> String {
    format!("{} {}", node.label, signed_text(node.log_prob))
}

/// A node's log-probability as written under its label, to `digits` significant digits.
pub(crate) fn score_text(node: &BeamNode, digits: usize) -> String {
    significant(node.log_prob, digits)
}

/// The font size of a score written under its label, in device pixels.
pub(crate) fn score_size(theme: &Theme) -> f64 {
    theme.small_font_size * SCORE_SCALE
}

/// Where a stacked node's two lines sit: the label's centre and the score's, as offsets
/// from the node's centre, and half the height of the box round a finished one.
pub(crate) fn stacked_lines(theme: &Theme) -> (i32, i32, i32) {
    let (label, score) = (theme.small_font_size, score_size(theme));
    let block = label + score + 0.1 * label;
    let label_dy = (-block / 2.0 + label / 2.0).round() as i32;
    let score_dy = (block / 2.0 - score / 2.0).round() as i32;
    let half_height = (block / 2.0).ceil() as i32 + theme.px(BOX_PAD);
    (label_dy, score_dy, half_height)
}

/// The height a stacked node takes, its finished box included, in pixels.
fn stacked_height(theme: &Theme) -> f64 {
    f64::from(2 * stacked_lines(theme).2)
}

/// The width of a node's text at `detail` (not a dot), in pixels.
fn node_width(detail: Detail, node: &BeamNode, theme: &Theme) -> f64 {
    let size = theme.small_font_size;
    match detail {
        Detail::Full => text_width(&full_text(node), size),
        Detail::Stacked { digits } => text_width(&node.label, size)
            .max(text_width(&score_text(node, digits), score_size(theme))),
        Detail::Label | Detail::Dot => text_width(&node.label, size),
    }
}
