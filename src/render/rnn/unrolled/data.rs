//! The numbers behind the unrolled view, for a figure's data file: per timestep what the
//! drawing shows at its stage (input, target, probabilities, loss, gradient norms).

use serde_json::{json, Value};

use crate::engine::rnn::Stage;
use crate::render::figure_data::{self, optional};
use crate::render::kit::visible;
use crate::render::rnn::unrolled::cells::row_norms;
use crate::render::rnn::unrolled::predictions::{loss_bits, ranked};
use crate::render::rnn::unrolled::{cell_state, status, CellState, UnrolledView};
use crate::render::Theme;

/// The columns of the per-timestep table.
const STEP_COLUMNS: [&str; 8] = [
    "t",
    "input",
    "target",
    "cell",
    "p(target)",
    "loss (bits)",
    "‖∂L/∂h_t‖ carried back from t+1",
    "‖∂L/∂h_t‖ from the output at t",
];

/// The columns of the predictions table.
const PREDICTION_COLUMNS: [&str; 5] = ["t", "rank", "character", "p", "target"];

/// Character `index` of the vocabulary as drawn (`?` past its end).
fn character(view: &UnrolledView<'_>, index: usize) -> String {
    visible(view.vocab.get(index).copied().unwrap_or('?'))
}

/// Records, while a figure is exported, two tables titled with the model's name: one row per
/// timestep (input and target characters, whether the cell is pending, done or current, the
/// target's probability once computed, the loss in bits from the loss stage on, and while
/// stepping backward the norms the gradient arrows are drawn with), and the predictions drawn
/// above the cells (rank, character, probability as its bar shows it).
pub(crate) fn record_numbers(view: &UnrolledView<'_>, theme: &Theme) {
    figure_data::record(|| step_table(view, theme));
    figure_data::record(|| prediction_table(view));
}

/// The per-timestep table.
fn step_table(view: &UnrolledView<'_>, theme: &Theme) -> Value {
    let record = view.record;
    let steps = record.len();
    let with_losses = !matches!(view.stage, Stage::Forward(_));
    let bits = loss_bits(record);
    let backward_from = match view.stage {
        Stage::Backward(current) => Some(current.max(1) - 1),
        _ => None,
    };
    let (carried, from_output) = (row_norms(&record.dh_next), row_norms(&record.dh_out));
    let rows = (0..steps)
        .map(|t| {
            let state = cell_state(view.stage, t);
            let computed = state != CellState::Pending;
            let target = record.targets[t];
            let p = computed.then(|| f64::from(record.probs[[t, target]]).clamp(0.0, 1.0));
            let back = backward_from.is_some_and(|from| t >= from);
            vec![
                json!(t + 1),
                json!(character(view, record.inputs[t])),
                json!(character(view, target)),
                json!(match state {
                    CellState::Pending => "pending",
                    CellState::Done => "done",
                    CellState::Current => "current",
                }),
                optional(p),
                optional(with_losses.then(|| bits[t])),
                optional((back && t + 1 < steps).then(|| carried[t])),
                optional(back.then(|| from_output[t])),
            ]
        })
        .collect();
    let table = figure_data::table(view.label, &STEP_COLUMNS, rows);
    figure_data::with_fields(table, vec![("stage", json!(status(view, theme).0))])
}

/// The predictions table: the top k (and the target) of each computed timestep.
fn prediction_table(view: &UnrolledView<'_>) -> Value {
    let record = view.record;
    let mut rows = Vec::new();
    for t in (0..record.len()).filter(|&t| cell_state(view.stage, t) != CellState::Pending) {
        let probs = record.probs.row(t);
        let top_k = view.top_k.min(probs.len());
        if top_k == 0 {
            continue;
        }
        for (rank, &index) in ranked(view, t, top_k).iter().enumerate() {
            rows.push(vec![
                json!(t + 1),
                json!(rank + 1),
                json!(character(view, index)),
                figure_data::number(f64::from(probs[index]).clamp(0.0, 1.0)),
                json!(index == record.targets[t]),
            ]);
        }
    }
    let title = format!("{}: most probable next characters", view.label);
    figure_data::table(&title, &PREDICTION_COLUMNS, rows)
}
