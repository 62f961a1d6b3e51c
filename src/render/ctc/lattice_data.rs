//! The numbers behind the lattice, for a figure's data file: the states' values as the cells
//! show them, the header's probability and loss, and the paths drawn through the lattice.

use ndarray::Array2;
use serde_json::json;

use crate::render::ctc::lattice::{caption_text, header_text, LatticeValues, LatticeView, Scene};
use crate::render::ctc::numbers::symbol_name;
use crate::render::figure_data;

/// Records, while a figure is exported: the states' values as the cells show them (a row
/// per state named by its symbol, a column per frame, `v = exp(ln v)`, `null` in columns
/// not revealed yet) with their logarithms; the header's `p(l | x)` and loss; and the lattice
/// row (1 = top) each drawn path passes through at each frame.
pub(crate) fn record_numbers(view: &LatticeView<'_>, scene: &Scene<'_>, values: &Array2<f64>) {
    let record = view.record;
    let (states, frames) = values.dim();
    figure_data::record(|| {
        let blank = record.extended.first().copied();
        let rows: Vec<String> = (0..states)
            .map(|s| symbol_name(view.symbols, record.extended[s], blank))
            .collect();
        let columns: Vec<String> = (1..=frames).map(|t| format!("t={t}")).collect();
        let shown = |s: usize, t: usize| {
            if scene.revealed(t) {
                values[[s, t]]
            } else {
                f64::NAN
            }
        };
        let title = caption_text(view, scene.cursor, frames);
        let matrix = figure_data::matrix(&title, &rows, &columns, |s, t| shown(s, t).exp());
        let logs = figure_data::matrix(&title, &rows, &columns, shown);
        let quantity = match view.shown {
            LatticeValues::Alpha => "α_t(s)",
            LatticeValues::Beta => "β_t(s)",
            LatticeValues::Posterior => "α_t(s) β_t(s) / (y_t(l'_s) p(l | x))",
        };
        figure_data::with_fields(
            matrix,
            vec![
                ("quantity", json!(quantity)),
                ("ln_values", logs["values"].clone()),
                ("cursor", json!(scene.cursor.map(|u| u + 1))),
            ],
        )
    });
    figure_data::record(|| {
        let values = if record.infeasible.is_some() {
            json!({"p(l | x)": 0.0})
        } else {
            json!({"p(l | x)": figure_data::number(record.log_likelihood.exp()),
                "loss": figure_data::number(record.loss)})
        };
        json!({"kind": "values", "title": header_text(record), "values": values,
            "infeasible": record.infeasible})
    });
    if !scene.paths.is_empty() {
        figure_data::record(|| {
            let mut columns = vec!["t"];
            columns.extend(scene.paths.iter().map(|(name, _, _)| *name));
            let rows = (0..frames)
                .map(|t| {
                    let states = scene.paths.iter().map(|(_, path, _)| json!(path[t] + 1));
                    std::iter::once(json!(t + 1)).chain(states).collect()
                })
                .collect();
            figure_data::table(
                "alignments: the lattice row (1 = top) at each frame",
                &columns,
                rows,
            )
        });
    }
}
