//! Beam search as a tree: the start symbol at the left, one column of candidates per decoding
//! step, each joined to the hypothesis it extends; pruned candidates greyed, finished ones
//! boxed, the best final path drawn thick.

mod layout;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::attention::beam_tree::layout::{full_text, score_size, score_text, BOX_PAD};
use crate::render::attention::beam_tree::layout::{stacked_lines, Detail, TreeLayout, DOT};
use crate::render::attention::beam_tree::layout::{START, STEP_LABELS};
use crate::render::kit::{bold, closed, draw_heading, label, rounded, CENTRE, MARGIN};
use crate::render::kit::{draw_legend, legend_height, LegendItem, Sample};
use crate::render::kit::{label_every, text_width, TITLE_BAND};
use crate::render::{figure_data, RenderError, Theme};
use serde_json::{json, Value};

/// Width of the best path, in CSS pixels.
const BEST_WIDTH: f64 = 3.0;

/// One candidate of a beam-search step.
#[derive(Debug, Clone, PartialEq)]
pub struct BeamNode {
    /// Index of the hypothesis this one extends among the previous column's kept nodes, in
    /// order (ignored in the first column, whose parent is the start symbol).
    pub parent: usize,
    /// The symbol appended (`</s>` for the end).
    pub label: String,
    /// The hypothesis's log-probability so far.
    pub log_prob: f64,
    /// Whether the candidate stayed in the beam.
    pub kept: bool,
    /// Whether the hypothesis ended here.
    pub finished: bool,
}

/// What the beam tree draws.
#[derive(Debug, Clone, Copy)]
pub struct BeamTreeView<'a> {
    /// The candidates of each decoding step, left to right.
    pub columns: &'a [Vec<BeamNode>],
    /// Per column, the index of the best final path's node (may be shorter than `columns`).
    pub best: &'a [usize],
    /// The caption at the top left.
    pub title: &'a str,
}

/// The edges' and nodes' look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Pruned,
    Kept,
    Best,
}

/// The role of node `i` of column `k`.
fn role(view: &BeamTreeView, k: usize, i: usize) -> Role {
    if view.best.get(k) == Some(&i) {
        Role::Best
    } else if view.columns[k][i].kept {
        Role::Kept
    } else {
        Role::Pruned
    }
}

/// Draws the beam tree of `view`: `<s>` at the left, column k (1-based step k, numbered under
/// the tree) holding step k's candidates centred vertically, each with an edge from the kept
/// node of the previous column it extends. Kept nodes in ink, pruned ones and their edges
/// greyed, finished ones boxed, the best path's edges thick in `result`. Each node shows
/// `label log-prob` when every column has room, else its label with the log-probability
/// under it a little smaller (two significant digits, else one), else its label, else a
/// dot.
pub fn draw_beam_tree<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &BeamTreeView,
    theme: &Theme,
) -> Result<(), RenderError> {
    area.fill(&theme.background)?;
    figure_data::record(|| tree_record(view));
    let (width, height) = area.dim_in_pixel();
    draw_heading(area, view.title, 0, theme)?;
    let legend = draw_tree_legend(area, theme)?;
    let layout = TreeLayout::new(width, height, view, legend, theme);
    draw_edges(area, view, &layout, theme)?;
    let root = (layout.x(0), (layout.top + layout.bottom) / 2);
    draw_node(area, &layout, None, Role::Kept, root, theme)?;
    for (k, nodes) in view.columns.iter().enumerate() {
        for (i, node) in nodes.iter().enumerate() {
            let centre = (layout.x(k + 1), layout.y(nodes.len(), i));
            draw_node(area, &layout, Some(node), role(view, k, i), centre, theme)?;
        }
    }
    draw_steps(area, &layout, theme)?;
    area.present()?;
    Ok(())
}

/// The tree as data: `{kind: "tree", title, nodes: [...]}`, a node per candidate in drawing
/// order with its step (1-based, as numbered under the tree), its rank in the column
/// (1 = top), its label, log-probability and text as written, the rank of the node it extends
/// in the previous step (`null` for the first step's, which extend `<s>`, and for a parent
/// that is not in the beam), and whether it was kept, finished, or is on the best path.
fn tree_record(view: &BeamTreeView) -> Value {
    let kept: Vec<Vec<usize>> = view
        .columns
        .iter()
        .map(|nodes| (0..nodes.len()).filter(|&i| nodes[i].kept).collect())
        .collect();
    let mut nodes = Vec::new();
    for (k, column) in view.columns.iter().enumerate() {
        for (i, node) in column.iter().enumerate() {
            let parent = match k {
                0 => None,
                _ => kept[k - 1].get(node.parent).map(|&p| p + 1),
            };
            nodes.push(json!({
                "step": k + 1,
                "rank": i + 1,
                "label": node.label,
                "log_prob": figure_data::number(node.log_prob),
                "text": full_text(node),
                "parent": parent,
                "kept": node.kept,
                "finished": node.finished,
                "best": role(view, k, i) == Role::Best,
            }));
        }
    }
    json!({"kind": "tree", "title": view.title, "root": START, "nodes": nodes})
}

/// The legend under the title: the best path and a pruned edge. Returns its height.
fn draw_tree_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
) -> Result<i32, RenderError> {
    let (width, _) = area.dim_in_pixel();
    let margin = theme.px(MARGIN);
    let best_width = theme.px(BEST_WIDTH).max(1) as u32;
    let items = [
        LegendItem::new(Sample::line(theme.result, best_width), "best path"),
        LegendItem::new(Sample::line(theme.unused, theme.stroke), "pruned"),
    ];
    let (left, right) = (margin, width as i32 - margin);
    let top = margin + theme.px(TITLE_BAND);
    draw_legend(area, &items, left, top, right, theme)?;
    Ok(legend_height(&items, left, right, theme))
}

/// The edges, each from the kept node it extends: pruned under kept under the best path.
fn draw_edges<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &BeamTreeView,
    layout: &TreeLayout,
    theme: &Theme,
) -> Result<(), RenderError> {
    let kept: Vec<Vec<usize>> = view
        .columns
        .iter()
        .map(|nodes| (0..nodes.len()).filter(|&i| nodes[i].kept).collect())
        .collect();
    let root_y = (layout.top + layout.bottom) / 2;
    let gap = theme.px(3.0);
    for pass in [Role::Pruned, Role::Kept, Role::Best] {
        for (k, nodes) in view.columns.iter().enumerate() {
            for (i, node) in nodes.iter().enumerate() {
                if role(view, k, i) != pass {
                    continue;
                }
                let from = if k == 0 {
                    Some((0, root_y, layout.half_width(None, theme)))
                } else {
                    kept[k - 1].get(node.parent).map(|&p| {
                        let parent = &view.columns[k - 1][p];
                        let y = layout.y(view.columns[k - 1].len(), p);
                        (k, y, layout.half_width(Some(parent), theme))
                    })
                };
                let Some((column, y, half)) = from else {
                    continue;
                };
                let start = (layout.x(column) + half + gap, y);
                let end = (
                    layout.x(k + 1) - layout.half_width(Some(node), theme) - gap,
                    layout.y(nodes.len(), i),
                );
                let style = match pass {
                    Role::Pruned => theme.unused.stroke_width(theme.stroke),
                    Role::Kept => theme.muted.stroke_width(theme.stroke),
                    Role::Best => theme
                        .result
                        .stroke_width(theme.px(BEST_WIDTH).max(1) as u32),
                };
                area.draw(&PathElement::new(vec![start, end], style))?;
            }
        }
    }
    Ok(())
}

/// Step numbers under the columns, thinned to fit, after the word "step".
fn draw_steps<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    layout: &TreeLayout,
    theme: &Theme,
) -> Result<(), RenderError> {
    let muted = theme.small_text(theme.muted, CENTRE);
    let label_y = layout.bottom + theme.px(STEP_LABELS / 2.0);
    let pitch = f64::from(layout.right - layout.left) / layout.columns as f64;
    let every = label_every(pitch, text_width("30", theme.small_font_size) * 1.5);
    label(area, "step", (layout.x(0), label_y), &muted)?;
    for k in (1..layout.columns).filter(|k| k % every == 0 || *k == 1) {
        label(area, k.to_string(), (layout.x(k), label_y), &muted)?;
    }
    Ok(())
}

/// One node (`None`: the start symbol) centred on `centre`.
fn draw_node<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    layout: &TreeLayout,
    node: Option<&BeamNode>,
    role: Role,
    (x, y): (i32, i32),
    theme: &Theme,
) -> Result<(), RenderError> {
    let colour = match role {
        Role::Pruned => theme.muted,
        Role::Kept => theme.ink,
        Role::Best => theme.result,
    };
    let finished = node.is_some_and(|node| node.finished);
    let half = layout.half_width(node, theme);
    let stacked = match (layout.detail, node) {
        (Detail::Stacked { digits }, Some(node)) => Some((node, digits)),
        _ => None,
    };
    let (label_dy, score_dy, stacked_half_height) = stacked_lines(theme);
    if finished {
        let pad = theme.px(BOX_PAD);
        let half_height = match stacked {
            Some(_) => stacked_half_height,
            None => (theme.small_font_size * 0.6).round() as i32 + pad,
        };
        let outline = closed(rounded(
            x - half - pad,
            y - half_height,
            x + half + pad,
            y + half_height,
            theme.px(3.0),
        ));
        let outline_colour = if role == Role::Pruned {
            theme.unused
        } else {
            colour
        };
        area.draw(&PathElement::new(
            outline,
            outline_colour.stroke_width(theme.px(1.0).max(1) as u32),
        ))?;
    }
    let style = theme.small_text(colour, CENTRE);
    let style = if role == Role::Best {
        bold(style)
    } else {
        style
    };
    let text = match (layout.detail, node) {
        (_, None) => START.to_string(),
        (Detail::Full, Some(node)) => full_text(node),
        (_, Some(node)) => node.label.clone(),
    };
    if let Some((node, digits)) = stacked {
        label(area, text, (x, y + label_dy), &style)?;
        let score = theme.text(score_size(theme), colour, CENTRE);
        let score = if role == Role::Best {
            bold(score)
        } else {
            score
        };
        return label(area, score_text(node, digits), (x, y + score_dy), &score);
    }
    match (layout.detail, node) {
        (Detail::Dot, _) => {
            if !finished {
                let fill = if role == Role::Pruned {
                    theme.unused
                } else {
                    colour
                };
                area.draw(&Circle::new((x, y), theme.px(DOT), fill.filled()))?;
            }
        }
        _ => label(area, text, (x, y), &style)?,
    }
    Ok(())
}
