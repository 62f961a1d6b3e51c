//! Where the beam tree's columns and nodes go, and how much of each node is written.

use crate::render::attention::beam_tree::{BeamNode, BeamTreeView};
use crate::render::kit::{part_centre, signed_text, text_width, MARGIN, TITLE_BAND};
use crate::render::Theme;

/// Height of the step numbers under the tree, in CSS pixels.
pub(crate) const STEP_LABELS: f64 = 16.0;
/// Room kept between a node's text and the next column's, in CSS pixels.
const EDGE_ROOM: f64 = 14.0;
/// Radius of a node drawn as a dot, in CSS pixels.
pub(crate) const DOT: f64 = 3.0;
/// The start symbol's label.
pub(crate) const START: &str = "<s>";

/// How much of each node is written, chosen once for the whole tree to fit the columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    /// The label and the log-probability: `c −0.12`.
    Full,
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
        let size = theme.small_font_size;
        let widest = |text: &dyn Fn(&BeamNode) -> String| {
            view.columns
                .iter()
                .flatten()
                .map(|node| text_width(&text(node), size))
                .fold(text_width(START, size), f64::max)
        };
        let row_pitch = f64::from(bottom - top) / rows as f64;
        let detail = if row_pitch < size * 1.1 {
            Detail::Dot
        } else if widest(&|node| full_text(node)) <= pitch {
            Detail::Full
        } else if widest(&|node| node.label.clone()) <= pitch {
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
        let text = match (self.detail, node) {
            (Detail::Dot, _) => return theme.px(DOT),
            (_, None) => START.to_string(),
            (Detail::Full, Some(node)) => full_text(node),
            (Detail::Label, Some(node)) => node.label.clone(),
        };
        (text_width(&text, theme.small_font_size) / 2.0).ceil() as i32
    }
}

/// A node's full text: its label and log-probability, `c −0.12`.
pub(crate) fn full_text(node: &BeamNode) -> String {
    format!("{} {}", node.label, signed_text(node.log_prob))
}
