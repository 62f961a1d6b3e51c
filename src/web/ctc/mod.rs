//! The CTC lab for JavaScript: one handle around the engine's CTC session.

mod lattice;

pub use lattice::{ctc_collapse, ctc_min_frames, CtcLattice};

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::engine::ctc::{self, CtcSession, Reveal};
use crate::engine::seq::History;
use crate::render::{
    draw_emissions, draw_heatmap, draw_lattice, draw_training_curves, emission_cell_at,
    lattice_cell_at, path_states, HeatScale, LatticeValues, LatticeView, Theme,
};
use crate::web::canvas::draw_on;
use crate::web::js_error;

/// The CTC lab: an editable emission matrix, a target, the lattice, decoders and a model.
#[wasm_bindgen]
pub struct CtcLab {
    session: CtcSession,
}

fn names() -> Vec<String> {
    (0..=ctc::LABELS.len())
        .map(|k| ctc::symbol_name(k).to_string())
        .collect()
}

#[wasm_bindgen]
impl CtcLab {
    /// A new lab (the model's initialisation and data seeded by `seed`).
    #[wasm_bindgen(constructor)]
    pub fn new(seed: f64) -> Result<CtcLab, JsError> {
        let seed = crate::engine::limits::SEED.seed(seed).map_err(js_error)?;
        Ok(CtcLab {
            session: CtcSession::new(seed).map_err(js_error)?,
        })
    }

    /// The collapse of a typed frame path (`-` for the blank), as text.
    #[wasm_bindgen(js_name = collapseText)]
    pub fn collapse_text(path: &str) -> Result<String, JsError> {
        ctc::collapse_text(path).map_err(js_error)
    }

    /// A typed frame path with its repeats merged (blanks kept), as text.
    #[wasm_bindgen(js_name = mergeText)]
    pub fn merge_text(path: &str) -> Result<String, JsError> {
        ctc::merge_repeats_text(path).map_err(js_error)
    }

    /// Sets the target (labels a, b, c); a bad one throws and the old one stays.
    #[wasm_bindgen(js_name = setTarget)]
    pub fn set_target(&mut self, text: &str) -> Result<(), JsError> {
        self.session.set_target(text).map_err(js_error)
    }

    /// The target as text.
    #[wasm_bindgen(getter)]
    pub fn target(&self) -> String {
        ctc::symbols_text(self.session.target())
    }

    /// Changes the number of frames (1..12).
    #[wasm_bindgen(js_name = setFrames)]
    pub fn set_frames(&mut self, frames: f64) -> Result<(), JsError> {
        let frames = crate::engine::limits::CTC_FRAMES
            .count(frames)
            .map_err(js_error)?;
        self.session.set_frames(frames).map_err(js_error)
    }

    /// The number of frames.
    #[wasm_bindgen(getter)]
    pub fn frames(&self) -> usize {
        self.session.probs().nrows()
    }

    /// Sets symbol `symbol`'s probability at `frame`; the frame's others are rescaled.
    #[wasm_bindgen(js_name = setProbability)]
    pub fn set_probability(
        &mut self,
        frame: usize,
        symbol: usize,
        probability: f64,
    ) -> Result<(), JsError> {
        self.session
            .set_probability(frame, symbol, probability)
            .map_err(js_error)
    }

    /// Loads the case where best path decodes "" but the summed paths favour "a".
    #[wasm_bindgen(js_name = loadDisagreement)]
    pub fn load_disagreement(&mut self) -> Result<(), JsError> {
        self.session.load_disagreement().map_err(js_error)
    }

    /// Takes the emissions and target of the model's last training utterance.
    #[wasm_bindgen(js_name = takeModelEmissions)]
    pub fn take_model_emissions(&mut self) -> Result<(), JsError> {
        self.session.take_model_emissions().map_err(js_error)
    }

    /// Reveals the next lattice column; returns `"alpha t"`, `"beta t"` (1-based) or `"posterior"`.
    #[wasm_bindgen(js_name = stepReveal)]
    pub fn step_reveal(&mut self) -> String {
        self.session.step_reveal();
        self.reveal()
    }

    /// What the lattice shows: `"alpha t"`, `"beta t"` or `"posterior"`.
    #[wasm_bindgen(getter)]
    pub fn reveal(&self) -> String {
        match self.session.reveal() {
            Reveal::Alpha(t) => format!("alpha {}", t + 1),
            Reveal::Beta(t) => format!("beta {}", t + 1),
            Reveal::Posterior => "posterior".to_string(),
        }
    }

    /// `p(target | x)`.
    #[wasm_bindgen(getter)]
    pub fn probability(&self) -> f64 {
        self.session.record().log_likelihood.exp()
    }

    /// `−ln p(target | x)` (Infinity when no alignment exists).
    #[wasm_bindgen(getter)]
    pub fn loss(&self) -> f64 {
        self.session.record().loss
    }

    /// Why no alignment exists, or undefined.
    #[wasm_bindgen(getter)]
    pub fn infeasible(&self) -> Option<String> {
        self.session.record().infeasible.clone()
    }

    /// `[best path frames, best path collapsed, beam (width 8), Viterbi frames or ""]` as text.
    pub fn decodings(&self) -> Result<Vec<String>, JsError> {
        let d = self.session.decodings(8).map_err(js_error)?;
        Ok(vec![
            ctc::symbols_text(&d.best_frames),
            ctc::symbols_text(&d.best),
            ctc::symbols_text(&d.beam),
            d.viterbi.map_or(String::new(), |v| ctc::symbols_text(&v)),
        ])
    }

    /// Every alignment of the target as `[path, probability, …]` alternating (most likely first).
    pub fn alignments(&self) -> Result<js_sys::Array, JsError> {
        let out = js_sys::Array::new();
        for (path, probability) in self.session.alignments().map_err(js_error)? {
            out.push(&JsValue::from_str(&ctc::symbols_text(&path)));
            out.push(&JsValue::from_f64(probability));
        }
        Ok(out)
    }

    /// The value under a lattice state for hover: `[ln α, ln β, posterior]` at state `s`, frame `t`.
    #[wasm_bindgen(js_name = stateValues)]
    pub fn state_values(&self, s: usize, t: usize) -> Vec<f64> {
        let record = self.session.record();
        let (Some(&alpha), Some(&beta)) =
            (record.log_alpha.get((s, t)), record.log_beta.get((s, t)))
        else {
            return Vec::new();
        };
        let k = record.extended[s];
        let log_y = self.session.probs()[[t, k]].ln();
        vec![
            alpha,
            beta,
            (alpha + beta - log_y - record.log_likelihood).exp(),
        ]
    }

    /// The symbol name of lattice row `s`.
    #[wasm_bindgen(js_name = stateName)]
    pub fn state_name(&self, s: usize) -> String {
        self.session
            .record()
            .extended
            .get(s)
            .map_or(String::new(), |&k| ctc::symbol_name(k).to_string())
    }

    /// Draws the lattice with the best-path and Viterbi alignments where they spell the target.
    #[wasm_bindgen(js_name = drawLattice)]
    pub fn draw_lattice(&self, canvas: HtmlCanvasElement, pixel_ratio: f64) -> Result<(), JsError> {
        let record = self.session.record();
        let d = self.session.decodings(8).map_err(js_error)?;
        let mut paths: Vec<(&str, Vec<usize>)> = Vec::new();
        if let Some(states) = path_states(&record.extended, &d.best_frames, 0) {
            paths.push(("best path", states));
        }
        if let Some(states) = d
            .viterbi
            .as_ref()
            .and_then(|v| path_states(&record.extended, v, 0))
        {
            paths.push(("Viterbi", states));
        }
        let (shown, upto) = match self.session.reveal() {
            Reveal::Alpha(t) => (LatticeValues::Alpha, Some(t)),
            Reveal::Beta(t) => (LatticeValues::Beta, Some(t)),
            Reveal::Posterior => (LatticeValues::Posterior, None),
        };
        let symbols = names();
        let view = LatticeView {
            record,
            symbols: &symbols,
            shown,
            upto,
            paths: &paths,
        };
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_lattice(area, &view, theme)
        })
    }

    /// Draws the emission matrix.
    #[wasm_bindgen(js_name = drawEmissions)]
    pub fn draw_emissions(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
    ) -> Result<(), JsError> {
        let symbols = names();
        let probs = self.session.probs();
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_emissions(area, probs.view(), &symbols, None, theme)
        })
    }

    /// Draws the gradient of the loss with respect to the logits (frames × symbols).
    #[wasm_bindgen(js_name = drawGradient)]
    pub fn draw_gradient(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
    ) -> Result<(), JsError> {
        let grad = self.session.record().grad.mapv(|g| g as f32);
        let scale = grad.iter().fold(1e-6f32, |m, g| m.max(g.abs()));
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_heatmap(
                area,
                grad.view(),
                HeatScale::Signed(scale),
                None,
                "∂loss/∂logits (rows: symbols − a b c)",
                theme,
            )
        })
    }

    /// `[frame, symbol, probability]` under canvas pixel `(x, y)` of the emissions, or empty.
    #[wasm_bindgen(js_name = emissionCellAt)]
    pub fn emission_cell_at(
        &self,
        width: u32,
        height: u32,
        pixel_ratio: f64,
        x: f64,
        y: f64,
    ) -> Vec<f64> {
        let (frames, symbols) = self.session.probs().dim();
        emission_cell_at(
            width,
            height,
            frames,
            symbols,
            &Theme::light(pixel_ratio),
            x,
            y,
        )
        .map_or(Vec::new(), |(t, k, p)| vec![t as f64, k as f64, p])
    }

    /// `[state, frame]` under canvas pixel `(x, y)` of the lattice, or empty.
    #[wasm_bindgen(js_name = latticeCellAt)]
    pub fn lattice_cell_at(
        &self,
        width: u32,
        height: u32,
        pixel_ratio: f64,
        x: f64,
        y: f64,
    ) -> Vec<u32> {
        let record = self.session.record();
        lattice_cell_at(
            width,
            height,
            record.extended.len(),
            self.frames(),
            &Theme::light(pixel_ratio),
            x,
            y,
        )
        .map_or(Vec::new(), |(s, t)| vec![s as u32, t as u32])
    }

    /// Trains the model `steps` steps on fresh synthetic utterances.
    pub fn train(&mut self, steps: u32) -> Result<(), JsError> {
        self.session.train(steps as usize).map_err(js_error)
    }

    /// Training steps taken.
    #[wasm_bindgen(getter)]
    pub fn steps(&self) -> f64 {
        self.session.trainer().steps() as f64
    }

    /// Draws the training loss (CTC loss per utterance, nats) over the whole run (averaged
    /// into at most a thousand points).
    #[wasm_bindgen(js_name = drawLossCurve)]
    pub fn draw_loss_curve(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
    ) -> Result<(), JsError> {
        let points = self.session.losses().curve.points();
        let mut history = History::default();
        history.steps = points.iter().map(|p| p.0).collect();
        history.bits_per_char = points.iter().map(|p| p.1 as f32).collect();
        history.grad_norm = vec![0.0; points.len()];
        history.clipped = vec![false; points.len()];
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_training_curves(area, &[("BiLSTM", &history)], "CTC loss (nats)", theme)
        })
    }

    /// The mean CTC loss (nats per utterance) of the first 50 training utterances (NaN before).
    #[wasm_bindgen(getter, js_name = firstLossMean)]
    pub fn first_loss_mean(&self) -> f64 {
        self.session.losses().first_mean()
    }

    /// The mean CTC loss of the latest 50 training utterances (NaN before any).
    #[wasm_bindgen(getter, js_name = recentLossMean)]
    pub fn recent_loss_mean(&self) -> f64 {
        self.session.losses().recent_mean()
    }

    /// How many utterances the first and latest means average (at most 50 each).
    #[wasm_bindgen(getter, js_name = lossSummaryCount)]
    pub fn loss_summary_count(&self) -> usize {
        self.session.losses().recent.len()
    }
}
