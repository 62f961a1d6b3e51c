//! The formula shown beside the unrolled network for the current stage, with its numbers.
//! Plain text (the page puts it in a `<pre>` as text).

use std::fmt::Write;

use crate::engine::nn::norm;
use crate::engine::rnn::{CellKind, LabModel, SequenceRecord, Stage};

/// How many hidden units the formula lists.
const UNITS_SHOWN: usize = 6;

/// `n` in subscript digits.
fn sub(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|d| char::from_u32(0x2080 + d.to_digit(10).unwrap_or(0)).unwrap_or(d))
        .collect()
}

/// A character as shown: space, newline and tab made visible.
fn show(c: char) -> String {
    match c {
        ' ' => "␣".to_string(),
        '\n' => "↵".to_string(),
        '\t' => "⇥".to_string(),
        other => other.to_string(),
    }
}

/// One row of values: a name, then up to six units.
fn row(out: &mut String, name: &str, values: impl Iterator<Item = f32>) {
    let _ = write!(out, "{name:<8}");
    for v in values.take(UNITS_SHOWN) {
        let _ = write!(out, "{v:>9.4}");
    }
    out.push('\n');
}

/// The header row: unit numbers.
fn units(out: &mut String, hidden: usize) {
    let _ = write!(out, "{:<8}", "unit");
    for u in 1..=hidden.min(UNITS_SHOWN) {
        let _ = write!(out, "{u:>9}");
    }
    if hidden > UNITS_SHOWN {
        let _ = write!(out, "   … of {hidden}");
    }
    out.push('\n');
}

/// The formula of `stage` for one model, with its numbers (plain text: the page puts it in a
/// `<pre>` as text).
pub fn rnn_formula(lab: &LabModel, stage: Stage) -> String {
    let record = lab.trainer.record();
    let model = lab.trainer.model();
    let vocab = model.vocab();
    let h = model.dims().hidden;
    let mut out = String::new();
    if record.is_empty() {
        return "Press “Step” to run the first chunk forward, one timestep at a time.".to_string();
    }
    match stage {
        Stage::Forward(t) => {
            let i = t - 1;
            let c = vocab[record.inputs[i]];
            let (st, sp) = (sub(t), sub(t - 1));
            let _ = writeln!(out, "t = {t}, input '{}'", show(c));
            match model.kind() {
                CellKind::Rnn => {
                    let _ = writeln!(out, "h{st} = tanh(W_ih x{st} + b_ih + W_hh h{sp} + b_hh)\n");
                    units(&mut out, h);
                    row(&mut out, &format!("h{sp}"), record.h.row(i).iter().copied());
                    row(&mut out, &format!("z{st}"), record.z.row(i).iter().copied());
                    row(&mut out, &format!("h{st}"), record.h.row(t).iter().copied());
                }
                CellKind::Lstm => {
                    let _ = writeln!(
                        out,
                        "i, f, g, o = σ, σ, tanh, σ of (W_ih x{st} + b_ih + W_hh h{sp} + b_hh)\nc{st} = f ⊙ c{sp} + i ⊙ g,   h{st} = o ⊙ tanh(c{st})\n"
                    );
                    units(&mut out, h);
                    for (k, name) in ["i", "f", "g", "o"].iter().enumerate() {
                        row(
                            &mut out,
                            name,
                            record.gates.row(i).iter().skip(k * h).copied(),
                        );
                    }
                    row(&mut out, &format!("c{sp}"), record.c.row(i).iter().copied());
                    row(&mut out, &format!("c{st}"), record.c.row(t).iter().copied());
                    row(&mut out, &format!("h{st}"), record.h.row(t).iter().copied());
                }
                CellKind::Gru => {
                    let _ = writeln!(
                        out,
                        "r, z = σ(W_i· x{st} + b_i· + W_h· h{sp} + b_h·),   n = tanh(W_in x{st} + b_in + r ⊙ (W_hn h{sp} + b_hn))\nh{st} = (1 − z) ⊙ n + z ⊙ h{sp}\n"
                    );
                    units(&mut out, h);
                    row(&mut out, &format!("h{sp}"), record.h.row(i).iter().copied());
                    for (k, name) in ["r", "z", "n"].iter().enumerate() {
                        row(
                            &mut out,
                            name,
                            record.gates.row(i).iter().skip(k * h).copied(),
                        );
                    }
                    row(&mut out, &format!("h{st}"), record.h.row(t).iter().copied());
                }
            }
            let mut top: Vec<(usize, f32)> =
                record.probs.row(i).iter().copied().enumerate().collect();
            top.sort_by(|a, b| b.1.total_cmp(&a.1));
            let _ = write!(
                out,
                "\n‖h{st}‖ = {:.4}   next: ",
                norm(record.h.row(t).iter().copied())
            );
            for (k, p) in top.iter().take(3) {
                let _ = write!(out, "'{}' {:.2}  ", show(vocab[*k]), p);
            }
            let _ = write!(out, "(truth '{}')", show(vocab[record.targets[i]]));
        }
        Stage::Loss => {
            let steps = record.len();
            let worst = (0..steps)
                .max_by(|&a, &b| record.losses[a].total_cmp(&record.losses[b]))
                .unwrap_or(0);
            let _ = writeln!(
                out,
                "L = (1/T) Σ_t −ln p_t[next character]   over T = {steps} timesteps\n  = {:.4} nats = {:.4} bits per character (perplexity {:.2})",
                record.loss,
                record.bits_per_char(),
                record.perplexity()
            );
            let _ = write!(
                out,
                "the most surprising step: t = {}, '{}' → '{}' with p = {:.4}",
                worst + 1,
                show(vocab[record.inputs[worst]]),
                show(vocab[record.targets[worst]]),
                record.probs[[worst, record.targets[worst]]]
            );
        }
        Stage::Backward(t) => backward_text(&mut out, record, model.kind(), h, t),
        Stage::Ready | Stage::Update => match lab.last {
            Some(last) => {
                let _ = write!(
                    out,
                    "update θ ← θ − step(∂L/∂θ) ({}): the gradient's global norm was {:.4}{}\nloss before the update {:.4} bits/char; steps taken {}",
                    optimizer_name(lab),
                    last.grad_norm,
                    if last.clipped {
                        format!(", clipped to {:.4}", last.clipped_norm)
                    } else {
                        String::new()
                    },
                    last.loss / std::f32::consts::LN_2,
                    last.step
                );
            }
            None => out.push_str(
                "The first chunk through the untrained model (no update yet): step through it one timestep at a time, or train.",
            ),
        },
    }
    out
}

/// The text of backward stage `t`: what reaches h_t and what it adds to ∂W_hh.
fn backward_text(out: &mut String, record: &SequenceRecord, kind: CellKind, h: usize, t: usize) {
    let i = t - 1;
    let (st, sn, sp) = (sub(t), sub(t + 1), sub(t - 1));
    let from_output = norm(record.dh_out.row(i).iter().copied());
    let carried = norm(record.dh_next.row(i).iter().copied());
    let total = norm(record.dh.row(i).iter().copied());
    let _ = writeln!(
        out,
        "∂L/∂h{st} = W_decᵀ (p{st} − onehot)/T  +  W_hhᵀ δ{sn}\n‖·‖:     {from_output:>10.6}           +  {carried:>10.6}   → ‖∂L/∂h{st}‖ = {total:.6}"
    );
    match kind {
        CellKind::Rnn => {
            let _ = writeln!(
                out,
                "δ{st} = ∂L/∂h{st} ⊙ (1 − h{st}²),   ‖δ{st}‖ = {:.6}",
                norm(record.dz.row(i).iter().copied())
            );
        }
        CellKind::Lstm => {
            let _ = writeln!(
                out,
                "∂L/∂c{st} = ∂L/∂h{st} ⊙ o ⊙ (1 − tanh² c{st}) + ∂L/∂c{sn} ⊙ f{sn},   ‖·‖ = {:.6}",
                norm(record.dc.row(i).iter().copied())
            );
        }
        CellKind::Gru => {
            let _ = writeln!(
                out,
                "∂L/∂h{sp} = W_hhᵀ δb{st} + ∂L/∂h{st} ⊙ z{st} (the direct path),   ‖δa{st}‖ = {:.6}",
                norm(record.dz.row(i).iter().copied())
            );
        }
    }
    let _ = writeln!(out);
    units(out, h);
    row(out, "output", record.dh_out.row(i).iter().copied());
    row(out, "carried", record.dh_next.row(i).iter().copied());
    row(out, &format!("∂L/∂h{st}"), record.dh.row(i).iter().copied());
    let dz = norm(record.dz.row(i).iter().copied());
    let h_prev = norm(record.h.row(i).iter().copied());
    let so_far = format!(
        "{:.6}",
        crate::engine::rnn::partial_w_hh_grad_norm(record, i)
    );
    let full = norm(
        record
            .grads
            .tensor(crate::engine::rnn::Tensor::WeightHh)
            .iter()
            .copied(),
    );
    let _ = write!(
        out,
        "\nthis timestep adds δ{st} h{sp}ᵀ to ∂W_hh: ‖δ{st} h{sp}ᵀ‖ = {:.6}\nsummed so far, ‖Σ_(k ≥ {t}) δ_k h_(k−1)ᵀ‖ = {so_far}   (the gradient used, after clipping: {full:.6})",
        dz * h_prev
    );
}

/// The optimiser's name as the update line writes it.
fn optimizer_name(lab: &LabModel) -> &'static str {
    match lab.trainer.config().optimizer {
        crate::engine::rnn::Optimizer::Adam { .. } => "Adam",
        crate::engine::rnn::Optimizer::Sgd { momentum, .. } if momentum > 0.0 => {
            "SGD with momentum"
        }
        crate::engine::rnn::Optimizer::Sgd { .. } => "SGD",
    }
}
