//! The "RNN & LSTM through time" lab for JavaScript: one handle around the engine's session.

mod types;

pub use types::{
    GradientDecayValues, GradientReadout, GradientValues, HeatmapCell, RnnState, RnnTask,
    StageName, TextScore,
};

mod char_lm;
mod options;
mod views;

pub use char_lm::{synthetic_text, CharLmTrainer};
pub use options::{RnnCells, RnnLabOptions, RnnOptimizer};

use wasm_bindgen::prelude::*;

use crate::engine::limits;
use crate::engine::rnn::{self, LabModel, Session, Stage, Tensor, TrainingText};
use crate::render::{model_label, rnn_formula, state_matrix};
use crate::web::js_error;

/// The lab: one model or an RNN and an LSTM side by side, stepped one stage at a time or
/// trained many steps at once, with every view drawn from the engine's records.
#[wasm_bindgen]
pub struct RnnLab {
    session: Session,
    /// Where a loaded model's training text came from, when it is not the text given.
    text_note: String,
}

/// A seeded built-in training text for `task` (`length`: the longest body or the delay).
#[wasm_bindgen(js_name = labTaskText)]
pub fn lab_task_text(task: RnnTask, length: f64, seed: f64) -> Result<String, JsError> {
    let length = limits::RNN_GAP.count(length).map_err(js_error)?;
    let seed = limits::SEED.seed(seed).map_err(js_error)?;
    match task {
        RnnTask::Environments => Ok(rnn::environments_text(3_000, 1, length, seed)),
        RnnTask::Remember => Ok(rnn::remember_first_text(3_000, length, seed)),
        RnnTask::Plain => Ok(rnn::PLAIN_TEXT.repeat(8)),
        _ => Err(JsError::new(
            "task must be \"environments\", \"remember\" or \"plain\"",
        )),
    }
}

#[wasm_bindgen]
impl RnnLab {
    /// A new session training on `text` with `options`.
    #[wasm_bindgen(constructor)]
    pub fn new(text: &str, options: &RnnLabOptions) -> Result<RnnLab, JsError> {
        let session = Session::new(options.to_config(text)?).map_err(js_error)?;
        Ok(RnnLab {
            session,
            text_note: String::new(),
        })
    }

    /// A session around a model file (a PyTorch state_dict as JSON). It trains on `text` if
    /// the model knows its characters; otherwise on `text` without the unknown characters, or,
    /// when too little is left, on text sampled from the model itself (see `textNote`).
    #[wasm_bindgen(js_name = fromModelJson)]
    pub fn from_model_json(
        json: &str,
        text: &str,
        options: &RnnLabOptions,
    ) -> Result<RnnLab, JsError> {
        let model = rnn::from_json(json).map_err(js_error)?;
        let (session, source) =
            Session::for_model(model, text, options.to_config("")?).map_err(js_error)?;
        let text_note = match source {
            TrainingText::Given => String::new(),
            TrainingText::Filtered { dropped } => format!(
                "It trains on the current text without its {dropped} characters the model does not know."
            ),
            TrainingText::Sampled => "The current text uses characters the model does not know, so it trains on text sampled from the model itself.".to_string(),
        };
        Ok(RnnLab { session, text_note })
    }

    /// The whole session as bytes (without its training text), for a Web Worker to go on
    /// training it or for the page to take back what the worker trained ([`RnnLab::restore`]).
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.session.snapshot()
    }

    /// The session of `toBytes()`'s bytes, training on `text` (the snapshotted session's text).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8], text: String) -> Result<RnnLab, JsError> {
        Ok(RnnLab {
            session: Session::from_snapshot(bytes, text).map_err(js_error)?,
            text_note: String::new(),
        })
    }

    /// Takes over the state of `bytes`, a snapshot of this session trained further elsewhere.
    pub fn restore(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        self.session.restore(bytes).map_err(js_error)
    }

    /// Computes what the costliest views read, so the next snapshot carries it.
    #[wasm_bindgen(js_name = prepareViews)]
    pub fn prepare_views(&self) {
        self.session.prepare_views();
    }

    /// The whole training text (for a worker's copy of the session).
    #[wasm_bindgen(getter)]
    pub fn text(&self) -> String {
        self.session.config().text.clone()
    }

    /// After `fromModelJson`: where the training text came from ("" for the text given).
    #[wasm_bindgen(getter, js_name = textNote)]
    pub fn text_note(&self) -> String {
        self.text_note.clone()
    }

    /// The training text's first `length` characters (for the page to keep in step).
    #[wasm_bindgen(js_name = trainingText)]
    pub fn training_text(&self, length: usize) -> String {
        self.session.config().text.chars().take(length).collect()
    }

    /// Reveals the next stage (forward t, loss, backward t, update); returns it.
    #[wasm_bindgen(js_name = stepStage)]
    pub fn step_stage(&mut self) -> Result<StageName, JsError> {
        self.session.step_stage().map_err(js_error)?;
        Ok(self.stage())
    }

    /// The timesteps of the chunk being stepped through (0 before the first).
    #[wasm_bindgen(getter, js_name = chunkLength)]
    pub fn chunk_length(&self) -> usize {
        self.session.chunk_len()
    }

    /// Shows stage `kind` (forward or backward at timestep `t`, 1-based, or the loss) of the
    /// chunk being stepped through, earlier or later, without recomputing; false (nothing
    /// changes) outside a chunk or for a stage it does not have.
    #[wasm_bindgen(js_name = showStage)]
    pub fn show_stage(&mut self, kind: StageName, t: usize) -> bool {
        let stage = match kind {
            StageName::Forward => Stage::Forward(t),
            StageName::Backward => Stage::Backward(t),
            StageName::Loss => Stage::Loss,
            _ => return false,
        };
        self.session.show_stage(stage)
    }

    /// Runs `steps` whole training steps.
    pub fn train(&mut self, steps: u32) -> Result<(), JsError> {
        self.session.train(steps as usize).map_err(js_error)
    }

    /// Where the step-through is.
    #[wasm_bindgen(getter)]
    pub fn stage(&self) -> StageName {
        match self.session.stage() {
            Stage::Ready => StageName::Ready,
            Stage::Forward(_) => StageName::Forward,
            Stage::Loss => StageName::Loss,
            Stage::Backward(_) => StageName::Backward,
            Stage::Update => StageName::Update,
        }
    }

    /// The timestep (1-based) of a forward or backward stage, else 0.
    #[wasm_bindgen(getter, js_name = stageStep)]
    pub fn stage_step(&self) -> usize {
        match self.session.stage() {
            Stage::Forward(t) | Stage::Backward(t) => t,
            _ => 0,
        }
    }

    /// Training steps taken.
    #[wasm_bindgen(getter)]
    pub fn steps(&self) -> f64 {
        self.session.models()[0].trainer.steps() as f64
    }

    /// How many models (1, or 2 side by side).
    #[wasm_bindgen(getter, js_name = modelCount)]
    pub fn model_count(&self) -> usize {
        self.session.models().len()
    }

    /// `"RNN"` or `"LSTM"` for model `index`.
    #[wasm_bindgen(js_name = modelLabel)]
    pub fn model_label(&self, index: usize) -> Result<String, JsError> {
        Ok(model_label(self.lab(index)?))
    }

    /// Model `index`'s loss on the last chunk (nats per character; NaN before any).
    pub fn loss(&self, index: usize) -> Result<f32, JsError> {
        let record = self.lab(index)?.trainer.record();
        Ok(if record.is_empty() {
            f32::NAN
        } else {
            record.loss
        })
    }

    /// The chunk's input characters (one string per timestep).
    #[wasm_bindgen(js_name = chunkInputs)]
    pub fn chunk_inputs(&self) -> Vec<String> {
        let lab = &self.session.models()[0];
        let vocab = lab.trainer.model().vocab();
        lab.trainer
            .record()
            .inputs
            .iter()
            .map(|&i| vocab[i].to_string())
            .collect()
    }

    /// The formula of the current stage for model `index`, with its numbers (plain text).
    pub fn formula(&self, index: usize) -> Result<String, JsError> {
        Ok(rnn_formula(self.lab(index)?, self.session.stage()))
    }

    /// Loss history (bits per character) of model `index`.
    #[wasm_bindgen(js_name = historyBits)]
    pub fn history_bits(&self, index: usize) -> Result<Vec<f32>, JsError> {
        Ok(self.lab(index)?.history.bits_per_char.clone())
    }

    /// `‖∂L_T/∂h_t‖` for t = 1..T of model `index`'s last chunk.
    #[wasm_bindgen(js_name = lastLossNorms)]
    pub fn last_loss_norms(&self, index: usize) -> Result<Vec<f64>, JsError> {
        Ok(self
            .session
            .curves(index)
            .map(|c| c.last_loss)
            .unwrap_or_default())
    }

    /// Model `index`'s loss on the last chunk in bits per character (NaN before any).
    #[wasm_bindgen(js_name = lossBits)]
    pub fn loss_bits(&self, index: usize) -> Result<f64, JsError> {
        let record = self.lab(index)?.trainer.record();
        Ok(if record.is_empty() {
            f64::NAN
        } else {
            record.bits_per_char_f64()
        })
    }

    /// How the last step's gradient changes from t = T back to t = 1 for model `index`
    /// (undefined for fewer than two timesteps).
    #[wasm_bindgen(js_name = gradientDecay)]
    pub fn gradient_decay(&self, index: usize) -> Option<GradientDecayValues> {
        let decay = self.session.curves(index)?.decay()?;
        Some(GradientDecayValues {
            total: decay.total,
            per_step: decay.per_step,
        })
    }

    /// The spectral norm ‖W_hh‖₂ of model `index` (for the LSTM, the largest gate block's).
    #[wasm_bindgen(js_name = recurrentNorm)]
    pub fn recurrent_norm(&self, index: usize) -> Result<f64, JsError> {
        Ok(self.session.curves(index).map_or(f64::NAN, |c| c.w_hh_norm))
    }

    /// The value of state `which` of model `index` at timestep `t`, unit `unit` (0-based).
    #[wasm_bindgen(js_name = stateValue)]
    pub fn state_value(
        &self,
        index: usize,
        which: RnnState,
        t: usize,
        unit: usize,
    ) -> Result<f32, JsError> {
        let values = state_matrix(self.lab(index)?, which.value()?)
            .map_err(|message| JsError::new(&message))?;
        values
            .get((t, unit))
            .copied()
            .ok_or_else(|| JsError::new(&format!("no value at timestep {t}, unit {unit}")))
    }

    /// `length` characters sampled from model `index` after `prime` at `temperature`, seeded.
    pub fn sample(
        &self,
        index: usize,
        prime: &str,
        length: usize,
        temperature: f32,
        seed: u32,
    ) -> Result<String, JsError> {
        rnn::sample(
            self.lab(index)?.trainer.model(),
            prime,
            length,
            temperature,
            u64::from(seed),
        )
        .map_err(js_error)
    }

    /// For each gap, the fraction of `trials` seeded environments model `index` closes right.
    #[wasm_bindgen(js_name = environmentAccuracy)]
    pub fn environment_accuracy(
        &self,
        index: usize,
        gaps: Vec<u32>,
        trials: usize,
        seed: u32,
    ) -> Result<Vec<f64>, JsError> {
        let gaps: Vec<usize> = gaps.iter().map(|&g| g as usize).collect();
        let model = self.lab(index)?.trainer.model();
        let accuracy =
            rnn::environment_accuracy(model, &gaps, trials, u64::from(seed)).map_err(js_error)?;
        Ok(accuracy.iter().map(|a| a.rate()).collect())
    }

    /// For each delay, the fraction of `trials` seeded lines `x…=` model `index` completes with
    /// `x` (the remember-the-first-character task; chance 1/8).
    #[wasm_bindgen(js_name = rememberAccuracy)]
    pub fn remember_accuracy(
        &self,
        index: usize,
        delays: Vec<u32>,
        trials: usize,
        seed: u32,
    ) -> Result<Vec<f64>, JsError> {
        let delays: Vec<usize> = delays.iter().map(|&g| g as usize).collect();
        let model = self.lab(index)?.trainer.model();
        let accuracy = rnn::remember_first_accuracy(model, &delays, trials, u64::from(seed))
            .map_err(js_error)?;
        Ok(accuracy.iter().map(|a| a.rate()).collect())
    }

    /// `text` scored by model `index` (the first character is not predicted).
    #[wasm_bindgen(js_name = scoreText)]
    pub fn score_text(&self, index: usize, text: &str) -> Result<TextScore, JsError> {
        let score = rnn::score_text(self.lab(index)?.trainer.model(), text).map_err(js_error)?;
        Ok(TextScore {
            surprisal_bits: score.surprisal_bits,
            cross_entropy_bits: score.cross_entropy_bits,
            perplexity: score.perplexity,
        })
    }

    /// Model `index` as a PyTorch state_dict JSON file.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self, index: usize) -> Result<String, JsError> {
        rnn::to_json(self.lab(index)?.trainer.model()).map_err(js_error)
    }

    /// The global norm of the gradient model `index` used in its last step (after clipping).
    #[wasm_bindgen(js_name = gradNorm)]
    pub fn grad_norm(&self, index: usize) -> Result<f64, JsError> {
        Ok(self.lab(index)?.trainer.record().grads.norm())
    }
}

impl RnnLab {
    /// Model `index`, or an error naming it.
    fn lab(&self, index: usize) -> Result<&LabModel, JsError> {
        self.session.models().get(index).ok_or_else(|| {
            JsError::new(&format!(
                "model {index} does not exist (there are {})",
                self.session.models().len()
            ))
        })
    }
}

/// Tensor names, for the page's gradient table.
#[wasm_bindgen(js_name = tensorNames)]
pub fn tensor_names() -> Vec<String> {
    Tensor::ALL.iter().map(|t| t.name().to_string()).collect()
}
