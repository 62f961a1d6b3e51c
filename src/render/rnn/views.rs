//! The RNN & LSTM lab's drawings straight from the engine's session: the views are built
//! here, natively (where tests reach them), so the web layer only hands over a canvas.

use ndarray::{s, Array2};
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::engine::rnn::{self, CellKind, LabModel, Session, Stage};
use crate::render::{
    draw_gradient_norms, draw_heatmap, draw_input_reach, draw_training_curves, draw_unrolled,
    HeatScale, RenderError, Theme, UnrolledView,
};

/// A state or gate of the cells, drawn as a heat map (units × time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecurrentState {
    /// The hidden state h (both cells).
    Hidden,
    /// The LSTM's cell state c.
    Cell,
    /// The LSTM's input gate i.
    Input,
    /// The LSTM's forget gate f.
    Forget,
    /// The LSTM's candidate g.
    Candidate,
    /// The LSTM's output gate o.
    Output,
    /// The GRU's reset gate r.
    Reset,
    /// The GRU's update gate z (the share of h_{t−1} kept).
    Update,
    /// The GRU's candidate n.
    NewState,
}

impl RecurrentState {
    /// The heat map's caption.
    fn caption(self) -> &'static str {
        match self {
            RecurrentState::Hidden => "hidden state h",
            RecurrentState::Cell => "cell state c",
            RecurrentState::Input => "input gate i",
            RecurrentState::Forget => "forget gate f",
            RecurrentState::Candidate => "candidate g",
            RecurrentState::Output => "output gate o",
            RecurrentState::Reset => "reset gate r",
            RecurrentState::Update => "update gate z",
            RecurrentState::NewState => "candidate n",
        }
    }
}

/// `"RNN"` or `"LSTM"`.
pub fn model_label(lab: &LabModel) -> String {
    lab.trainer.model().kind().name().to_uppercase()
}

/// `[T, H]` values of `which` on the last chunk (h and c without their row 0), or a message
/// when the model has no such state (the RNN has no c and no gates).
pub fn state_matrix(lab: &LabModel, which: RecurrentState) -> Result<Array2<f32>, String> {
    let record = lab.trainer.record();
    let h = lab.trainer.model().dims().hidden;
    let gate = |k: usize| record.gates.slice(s![.., k * h..(k + 1) * h]).to_owned();
    match (which, lab.trainer.model().kind()) {
        (RecurrentState::Hidden, _) => Ok(record.h.slice(s![1.., ..]).to_owned()),
        (RecurrentState::Cell, CellKind::Lstm) => Ok(record.c.slice(s![1.., ..]).to_owned()),
        (RecurrentState::Input, CellKind::Lstm) => Ok(gate(0)),
        (RecurrentState::Forget, CellKind::Lstm) => Ok(gate(1)),
        (RecurrentState::Candidate, CellKind::Lstm) => Ok(gate(2)),
        (RecurrentState::Output, CellKind::Lstm) => Ok(gate(3)),
        (RecurrentState::Reset, CellKind::Gru) => Ok(gate(0)),
        (RecurrentState::Update, CellKind::Gru) => Ok(gate(1)),
        (RecurrentState::NewState, CellKind::Gru) => Ok(gate(2)),
        (_, CellKind::Rnn) => Err(format!(
            "the {} has no cell state or gates",
            model_label(lab)
        )),
        (_, CellKind::Lstm) => Err(format!("the {} has no r, z or n gates", model_label(lab))),
        (_, CellKind::Gru) => Err(format!(
            "the {} has no cell state c and no i, f, g or o gates",
            model_label(lab)
        )),
    }
}

/// Draws a heat map (units × time) of `values` (state `which` of `lab`), the current
/// stage's timestep outlined.
pub fn draw_rnn_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (lab, stage): (&LabModel, Stage),
    (which, values): (RecurrentState, &Array2<f32>),
    theme: &Theme,
) -> Result<(), RenderError> {
    let scale = match which {
        RecurrentState::Input
        | RecurrentState::Forget
        | RecurrentState::Output
        | RecurrentState::Reset
        | RecurrentState::Update => HeatScale::Unit,
        _ => HeatScale::Signed(values.iter().fold(1e-6f32, |m, v| m.max(v.abs()))),
    };
    let highlight = match stage {
        Stage::Forward(t) | Stage::Backward(t) => Some(t - 1),
        _ => None,
    };
    let caption = format!("{} {}", model_label(lab), which.caption());
    draw_heatmap(area, values.view(), scale, highlight, &caption, theme)
}

/// Draws model `lab`'s network unrolled over the last chunk at `stage`.
pub fn draw_rnn_unrolled<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (lab, stage): (&LabModel, Stage),
    theme: &Theme,
) -> Result<(), RenderError> {
    let label = model_label(lab);
    let view = UnrolledView {
        record: lab.trainer.record(),
        vocab: lab.trainer.model().vocab(),
        stage,
        label: &label,
        top_k: 3,
    };
    draw_unrolled(area, &view, theme)
}

/// Every model's label and gradient curves (the models with a chunk).
fn labelled_curves(session: &Session) -> Vec<(String, rnn::GradientCurves)> {
    session
        .models()
        .iter()
        .enumerate()
        .filter_map(|(i, lab)| Some((model_label(lab), session.curves(i)?)))
        .collect()
}

/// [`labelled_curves`] as the charts take them.
fn views_of(curves: &[(String, rnn::GradientCurves)]) -> Vec<(&str, &rnn::GradientCurves)> {
    curves.iter().map(|(l, c)| (l.as_str(), c)).collect()
}

/// Draws the gradient norms over time of every model of `session`, overlaid.
pub fn draw_rnn_gradient_norms<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    session: &Session,
    normalised: bool,
    theme: &Theme,
) -> Result<(), RenderError> {
    let curves = labelled_curves(session);
    draw_gradient_norms(area, &views_of(&curves), normalised, theme)
}

/// Draws how much of the last step's loss reaches each input, `‖∂L_T/∂x_t‖` by distance
/// `T − t`, for every model of `session` on one log scale.
pub fn draw_rnn_input_reach<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    session: &Session,
    theme: &Theme,
) -> Result<(), RenderError> {
    let curves = labelled_curves(session);
    draw_input_reach(area, &views_of(&curves), theme)
}

/// Draws the training curves (bits per character) of every model of `session`.
pub fn draw_rnn_training_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    session: &Session,
    theme: &Theme,
) -> Result<(), RenderError> {
    let labels: Vec<String> = session.models().iter().map(model_label).collect();
    let histories: Vec<(&str, &rnn::History)> = session
        .models()
        .iter()
        .zip(&labels)
        .map(|(m, l)| (l.as_str(), &m.history))
        .collect();
    draw_training_curves(area, &histories, "bits/char", theme)
}
