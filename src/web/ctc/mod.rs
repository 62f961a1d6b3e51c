//! The CTC lab for JavaScript: one handle around the engine's CTC session.

mod lattice;

pub use lattice::{ctc_collapse, ctc_min_frames, CtcLattice};

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::engine::ctc::{self, CtcSession, Reveal};
use crate::render::{
    draw_ctc_emissions, draw_ctc_gradient, draw_ctc_lattice, draw_ctc_loss_curve, emission_cell_at,
    lattice_cell_at,
};
use crate::web::canvas::{draw_on, Pointer};
use crate::web::{js_error, GradientCheckValues};

/// The width of the prefix beam search shown.
const BEAM_WIDTH: usize = 8;

/// The CTC lab: an editable emission matrix, a target, the lattice, decoders and a model.
#[wasm_bindgen]
pub struct CtcLab {
    session: CtcSession,
}

/// What the lattice is revealing.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CtcRevealKind {
    /// Forward variables α, up to `frame`.
    Alpha = "alpha",
    /// Backward variables β, from `frame`.
    Beta = "beta",
    /// Every state's posterior.
    Posterior = "posterior",
}

/// The lattice's reveal cursor.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CtcReveal {
    /// What is shown.
    pub kind: CtcRevealKind,
    /// The frame (1-based) α has reached or β has come back to; undefined for posteriors.
    pub frame: Option<usize>,
}

/// The decoders' answers, as text.
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CtcDecodings {
    /// The argmax symbol of each frame.
    #[wasm_bindgen(js_name = bestFrames)]
    pub best_frames: String,
    /// Best path collapsed.
    #[wasm_bindgen(js_name = bestPath)]
    pub best_path: String,
    /// Prefix beam search (width 8).
    pub beam: String,
    /// The most probable alignment of the target, undefined when none exists.
    pub viterbi: Option<String>,
}

/// One alignment of the target and its probability.
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone, PartialEq)]
pub struct CtcAlignment {
    /// The frame path, `-` for the blank.
    pub path: String,
    /// `Π_t y_t(π_t)`.
    pub probability: f64,
}

/// An emission cell under the pointer.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EmissionCell {
    /// The frame (0-based).
    pub frame: usize,
    /// The symbol index (0 is the blank).
    pub symbol: usize,
    /// The probability the pointer's height sets.
    pub probability: f64,
}

/// A lattice state under the pointer.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LatticeCell {
    /// The state (row of the extended target, 0-based).
    pub state: usize,
    /// The frame (0-based).
    pub frame: usize,
}

/// What one lattice state holds at one frame.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CtcStateValues {
    /// `ln α_t(s)`.
    #[wasm_bindgen(js_name = logAlpha)]
    pub log_alpha: f64,
    /// `ln β_t(s)`.
    #[wasm_bindgen(js_name = logBeta)]
    pub log_beta: f64,
    /// The state's posterior.
    pub posterior: f64,
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

    /// The emission probability of symbol `symbol` at `frame` (undefined outside the matrix).
    pub fn emission(&self, frame: usize, symbol: usize) -> Option<f64> {
        self.session.probs().get((frame, symbol)).copied()
    }

    /// The number of symbols (the blank first).
    #[wasm_bindgen(getter, js_name = symbolCount)]
    pub fn symbol_count(&self) -> usize {
        self.session.probs().ncols()
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

    /// Reveals the next lattice column; returns the cursor.
    #[wasm_bindgen(js_name = stepReveal)]
    pub fn step_reveal(&mut self) -> CtcReveal {
        self.session.step_reveal();
        self.reveal()
    }

    /// What the lattice shows.
    #[wasm_bindgen(getter)]
    pub fn reveal(&self) -> CtcReveal {
        let (kind, frame) = match self.session.reveal() {
            Reveal::Alpha(t) => (CtcRevealKind::Alpha, Some(t + 1)),
            Reveal::Beta(t) => (CtcRevealKind::Beta, Some(t + 1)),
            Reveal::Posterior => (CtcRevealKind::Posterior, None),
        };
        CtcReveal { kind, frame }
    }

    /// `p(target | x)`.
    #[wasm_bindgen(getter)]
    pub fn probability(&self) -> f64 {
        self.session.record().probability()
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

    /// What each decoder makes of the emissions.
    pub fn decodings(&self) -> Result<CtcDecodings, JsError> {
        let d = self.session.decodings(BEAM_WIDTH).map_err(js_error)?;
        Ok(CtcDecodings {
            best_frames: ctc::symbols_text(&d.best_frames),
            best_path: ctc::symbols_text(&d.best),
            beam: ctc::symbols_text(&d.beam),
            viterbi: d.viterbi.map(|v| ctc::symbols_text(&v)),
        })
    }

    /// Every alignment of the target, most likely first.
    pub fn alignments(&self) -> Result<Vec<CtcAlignment>, JsError> {
        Ok(self
            .session
            .alignments()
            .map_err(js_error)?
            .into_iter()
            .map(|(path, probability)| CtcAlignment {
                path: ctc::symbols_text(&path),
                probability,
            })
            .collect())
    }

    /// The values at lattice state `s`, frame `t` (undefined outside the lattice).
    #[wasm_bindgen(js_name = stateValues)]
    pub fn state_values(&self, s: usize, t: usize) -> Option<CtcStateValues> {
        let v = self.session.record().state_values(s, t)?;
        Some(CtcStateValues {
            log_alpha: v.log_alpha,
            log_beta: v.log_beta,
            posterior: v.posterior,
        })
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
        let decodings = self.session.decodings(BEAM_WIDTH).map_err(js_error)?;
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_ctc_lattice(area, &self.session, &decodings, theme)
        })
    }

    /// Draws the emission matrix.
    #[wasm_bindgen(js_name = drawEmissions)]
    pub fn draw_emissions(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
    ) -> Result<(), JsError> {
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_ctc_emissions(area, &self.session, theme)
        })
    }

    /// Draws the gradient of the loss with respect to the logits (frames × symbols).
    #[wasm_bindgen(js_name = drawGradient)]
    pub fn draw_gradient(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
    ) -> Result<(), JsError> {
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_ctc_gradient(area, &self.session, theme)
        })
    }

    /// The emission cell under canvas pixel `pointer.at()`, if any.
    #[wasm_bindgen(js_name = emissionCellAt)]
    pub fn emission_cell_at(&self, pointer: Pointer) -> Option<EmissionCell> {
        let (frames, symbols) = self.session.probs().dim();
        emission_cell_at(
            pointer.width,
            pointer.height,
            frames,
            symbols,
            &pointer.theme(),
            pointer.x,
            pointer.y,
        )
        .map(|(frame, symbol, probability)| EmissionCell {
            frame,
            symbol,
            probability,
        })
    }

    /// The lattice state under canvas pixel `pointer.at()`, if any.
    #[wasm_bindgen(js_name = latticeCellAt)]
    pub fn lattice_cell_at(&self, pointer: Pointer) -> Option<LatticeCell> {
        let record = self.session.record();
        lattice_cell_at(
            pointer.width,
            pointer.height,
            record.extended.len(),
            self.frames(),
            &pointer.theme(),
            pointer.x,
            pointer.y,
        )
        .map(|(state, frame)| LatticeCell { state, frame })
    }

    /// The training part of the session (model, optimiser, data, losses) as bytes, for a Web
    /// Worker to go on training it or for the page to take back what the worker trained.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.session.training_bytes()
    }

    /// A lab whose training part is `toBytes()`'s bytes (for the worker; `_text` is unused).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8], _text: String) -> Result<CtcLab, JsError> {
        let mut session = CtcSession::new(1).map_err(js_error)?;
        session.restore_training(bytes).map_err(js_error)?;
        Ok(CtcLab { session })
    }

    /// Takes over the training part of `bytes`, trained further elsewhere; the lattice being
    /// edited is kept. On an error nothing changes.
    pub fn restore(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        self.session.restore_training(bytes).map_err(js_error)
    }

    /// Nothing is computed ahead for this lab's views (the worker's protocol asks every lab).
    #[wasm_bindgen(js_name = prepareViews)]
    pub fn prepare_views(&self) {}

    /// Trains the model `steps` steps on fresh synthetic utterances.
    pub fn train(&mut self, steps: u32) -> Result<(), JsError> {
        self.session.train(steps as usize).map_err(js_error)
    }

    /// Training steps taken.
    #[wasm_bindgen(getter)]
    pub fn steps(&self) -> f64 {
        self.session.trainer().steps() as f64
    }

    /// The model's gradient check on the last training utterance: each tensor's largest entry
    /// and three random ones (`seed`), the analytic gradient beside the central difference.
    #[wasm_bindgen(js_name = gradientCheck)]
    pub fn gradient_check(&self, seed: u64) -> Result<GradientCheckValues, JsError> {
        let check = self
            .session
            .trainer()
            .gradient_check(3, seed)
            .map_err(js_error)?;
        Ok(GradientCheckValues::from(&check))
    }

    /// Draws the training loss (CTC loss per utterance, nats) over the whole run (averaged
    /// into at most a thousand points).
    #[wasm_bindgen(js_name = drawLossCurve)]
    pub fn draw_loss_curve(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
    ) -> Result<(), JsError> {
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_ctc_loss_curve(area, &self.session, theme)
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
