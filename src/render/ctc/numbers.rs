//! The numbers the CTC drawings show: alignments as lattice states, probabilities written
//! short from their logarithms, symbol names and the font a cell fits.

use crate::render::Theme;

/// The smallest font written inside a cell, in CSS pixels.
const MIN_CELL_FONT: f64 = 8.5;

/// The lattice state of each frame of `frame_path` (one symbol per frame), for the target
/// whose blank-extended form is `extended`: a repeated symbol stays in its state, a blank
/// after a label moves one state on, a label moves to the next state holding it (one on from
/// a blank, two on — the skip — from a different label). `None` when the frame path does not
/// collapse to the target (or is empty).
pub fn path_states(extended: &[usize], frame_path: &[usize], blank: usize) -> Option<Vec<usize>> {
    let (&first, rest) = frame_path.split_first()?;
    let mut s = (0..extended.len().min(2)).find(|&s| extended[s] == first)?;
    let mut states = Vec::with_capacity(frame_path.len());
    states.push(s);
    for &symbol in rest {
        if symbol != extended[s] {
            s = if symbol == blank || extended[s] == blank {
                s + 1
            } else {
                s + 2
            };
            if extended.get(s) != Some(&symbol) {
                return None;
            }
        }
        states.push(s);
    }
    (s + 2 >= extended.len()).then_some(states)
}

/// A probability given by its logarithm in at most about five characters: `1`, `.42`, `4e-3`
/// (computed from the logarithm, so values below `f64`'s range still print), `0` for `ln 0`.
pub(crate) fn short_probability(log_value: f64) -> String {
    if log_value.is_nan() {
        return "?".to_string();
    }
    if log_value == f64::NEG_INFINITY {
        return "0".to_string();
    }
    let value = log_value.exp();
    if value >= 0.995 {
        return "1".to_string();
    }
    if value >= 0.0095 {
        return format!("{value:.2}").trim_start_matches('0').to_string();
    }
    let log10 = log_value / std::f64::consts::LN_10;
    let mut exponent = log10.floor();
    let mut mantissa = 10f64.powf(log10 - exponent).round();
    if mantissa >= 10.0 {
        mantissa = 1.0;
        exponent += 1.0;
    }
    format!("{mantissa:.0}e{exponent:.0}")
}

/// A symbol's display name: the given one, else `−` for the blank or the index.
pub(crate) fn symbol_name(symbols: &[String], k: usize, blank: Option<usize>) -> String {
    match symbols.get(k).filter(|name| !name.is_empty()) {
        Some(name) => name.clone(),
        None if Some(k) == blank => "−".to_string(),
        None => k.to_string(),
    }
}

/// The font size for `text` in a cell with `room` pixels across: `size`, or smaller to fit,
/// but not below the smallest readable size (`None` then).
pub(crate) fn cell_font(text: &str, room: f64, size: f64, theme: &Theme) -> Option<f64> {
    let size = size.min(room / (0.6 * text.chars().count().max(1) as f64));
    (size >= f64::from(theme.px(MIN_CELL_FONT))).then_some(size)
}
