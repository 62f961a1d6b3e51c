//! The CTC lab's drawings straight from the engine's session: the views are built here,
//! natively (where tests reach them), so the web layer only hands over a canvas.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::engine::ctc::{self, CtcSession, Decodings, Reveal};
use crate::engine::rnn::History;
use crate::render::{
    draw_emissions, draw_lattice, draw_named_heatmap, draw_training_curves, path_states, HeatScale,
    LatticeValues, LatticeView, RenderError, Theme,
};

/// The display name of every symbol index (the blank `−` first).
pub fn ctc_symbol_names() -> Vec<String> {
    (0..=ctc::LABELS.len())
        .map(|k| ctc::symbol_name(k).to_string())
        .collect()
}

/// Draws the session's lattice as revealed so far, with the best-path and Viterbi alignments
/// of `decodings` where they spell the target.
pub fn draw_ctc_lattice<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    session: &CtcSession,
    decodings: &Decodings,
    theme: &Theme,
) -> Result<(), RenderError> {
    let record = session.record();
    let mut paths: Vec<(&str, Vec<usize>)> = Vec::new();
    if let Some(states) = path_states(&record.extended, &decodings.best_frames, 0) {
        paths.push(("best path", states));
    }
    if let Some(states) = decodings
        .viterbi
        .as_ref()
        .and_then(|v| path_states(&record.extended, v, 0))
    {
        paths.push(("Viterbi", states));
    }
    let (shown, upto) = match session.reveal() {
        Reveal::Alpha(t) => (LatticeValues::Alpha, Some(t)),
        Reveal::Beta(t) => (LatticeValues::Beta, Some(t)),
        Reveal::Posterior => (LatticeValues::Posterior, None),
    };
    let symbols = ctc_symbol_names();
    let view = LatticeView {
        record,
        symbols: &symbols,
        shown,
        upto,
        paths: &paths,
    };
    draw_lattice(area, &view, theme)
}

/// Draws the session's emission matrix.
pub fn draw_ctc_emissions<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    session: &CtcSession,
    theme: &Theme,
) -> Result<(), RenderError> {
    let symbols = ctc_symbol_names();
    draw_emissions(area, session.probs().view(), &symbols, None, theme)
}

/// Draws the gradient of the loss with respect to the logits (frames × symbols), its rows
/// named by the symbols (`−` the blank, then `a b c`).
pub fn draw_ctc_gradient<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    session: &CtcSession,
    theme: &Theme,
) -> Result<(), RenderError> {
    let grad = session.record().grad.mapv(|g| g as f32);
    let scale = grad.iter().fold(1e-6f32, |m, g| m.max(g.abs()));
    draw_named_heatmap(
        area,
        grad.view(),
        HeatScale::Signed(scale),
        None,
        ("∂loss/∂logits", &ctc_symbol_names()),
        theme,
    )
}

/// Draws the model's training loss (CTC loss per utterance, nats) over the whole run.
pub fn draw_ctc_loss_curve<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    session: &CtcSession,
    theme: &Theme,
) -> Result<(), RenderError> {
    let points = session.losses().curve.points();
    let mut history = History::default();
    history.steps = points.iter().map(|p| p.0).collect();
    history.bits_per_char = points.iter().map(|p| p.1 as f32).collect();
    history.grad_norm = vec![0.0; points.len()];
    history.clipped = vec![false; points.len()];
    draw_training_curves(area, &[("BiLSTM", &history)], "CTC loss (nats)", theme)
}
