//! The "RNN & LSTM through time" lab for JavaScript: one handle around the engine's session.

mod char_lm;
mod formula;
mod options;

pub use char_lm::{synthetic_text, CharLmTrainer};
pub use options::BpttLabOptions;

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::engine::limits;
use crate::engine::seq::{self, CellKind, LabModel, Session, SessionConfig, Stage, Tensor};
use crate::render::{
    draw_gradient_norms, draw_heatmap, draw_training_curves, draw_unrolled, gradient_step_at,
    heatmap_cell_at, unrolled_cell_at, HeatScale, Theme, UnrolledView,
};
use crate::web::canvas::draw_on;
use crate::web::js_error;

/// The lab: one model or an RNN and an LSTM side by side, stepped one stage at a time or
/// trained many steps at once, with every view drawn from the engine's records.
#[wasm_bindgen]
pub struct BpttLab {
    session: Session,
    /// Where a loaded model's training text came from, when it is not the text given.
    text_note: String,
}

/// A seeded built-in training text: `"environments"` (`\begin{name} … \end{name}`, bodies of
/// 1..`length` characters), `"remember"` (first character recalled after `length` characters)
/// or `"plain"` (a short English text, repeated).
#[wasm_bindgen(js_name = labTaskText)]
pub fn lab_task_text(task: &str, length: f64, seed: f64) -> Result<String, JsError> {
    let length = limits::RNN_GAP.count(length).map_err(js_error)?;
    let seed = limits::SEED.seed(seed).map_err(js_error)?;
    match task {
        "environments" => Ok(seq::environments_text(400, 1, length, seed)),
        "remember" => Ok(seq::remember_first_text(600, length, seed)),
        "plain" => Ok(seq::PLAIN_TEXT.repeat(8)),
        other => Err(JsError::new(&format!(
            "task must be \"environments\", \"remember\" or \"plain\", got {other:?}"
        ))),
    }
}

#[wasm_bindgen]
impl BpttLab {
    /// A new session training on `text` with `options`.
    #[wasm_bindgen(constructor)]
    pub fn new(text: &str, options: &BpttLabOptions) -> Result<BpttLab, JsError> {
        let session = Session::new(options.to_config(text)?).map_err(js_error)?;
        Ok(BpttLab {
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
        options: &BpttLabOptions,
    ) -> Result<BpttLab, JsError> {
        let base = options.to_config("")?;
        let model = seq::from_json(json).map_err(js_error)?;
        let known: String = text
            .chars()
            .filter(|&c| model.char_index(c).is_ok())
            .collect();
        let dropped = text.chars().count() - known.chars().count();
        let (train_text, text_note) = if known.chars().count() > 2 * base.seq_len.max(1) {
            let note = if dropped == 0 {
                String::new()
            } else {
                format!("It trains on the current text without its {dropped} characters the model does not know.")
            };
            (known, note)
        } else {
            let prime = model.vocab()[0].to_string();
            let sampled = seq::sample(&model, &prime, 20_000, 1.0, base.seed).map_err(js_error)?;
            (
                prime + &sampled,
                "The current text uses characters the model does not know, so it trains on text sampled from the model itself.".to_string(),
            )
        };
        let session = Session::with_model(
            model,
            SessionConfig {
                text: train_text,
                ..base
            },
        )
        .map_err(js_error)?;
        Ok(BpttLab { session, text_note })
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

    /// Reveals the next stage (forward t, loss, backward t, update); returns its name.
    #[wasm_bindgen(js_name = stepStage)]
    pub fn step_stage(&mut self) -> Result<String, JsError> {
        self.session.step_stage().map_err(js_error)?;
        Ok(self.stage())
    }

    /// Runs `steps` whole training steps.
    pub fn train(&mut self, steps: u32) -> Result<(), JsError> {
        self.session.train(steps as usize).map_err(js_error)
    }

    /// `"ready"`, `"forward"`, `"loss"`, `"backward"` or `"update"`.
    #[wasm_bindgen(getter)]
    pub fn stage(&self) -> String {
        match self.session.stage() {
            Stage::Ready => "ready",
            Stage::Forward(_) => "forward",
            Stage::Loss => "loss",
            Stage::Backward(_) => "backward",
            Stage::Update => "update",
        }
        .to_string()
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
        Ok(self
            .lab(index)?
            .trainer
            .model()
            .kind()
            .name()
            .to_uppercase())
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
        Ok(formula::formula(self.lab(index)?, self.session.stage()))
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

    /// The spectral norm ‖W_hh‖₂ of model `index` (for the LSTM, the largest gate block's).
    #[wasm_bindgen(js_name = recurrentNorm)]
    pub fn recurrent_norm(&self, index: usize) -> Result<f64, JsError> {
        Ok(self.session.curves(index).map_or(f64::NAN, |c| c.w_hh_norm))
    }

    /// The value under a heat-map cell: `which` is `h`, `c`, `i`, `f`, `g` or `o`.
    #[wasm_bindgen(js_name = stateValue)]
    pub fn state_value(
        &self,
        index: usize,
        which: &str,
        t: usize,
        unit: usize,
    ) -> Result<f32, JsError> {
        let values = self.state_matrix(index, which)?;
        values
            .get((t, unit))
            .copied()
            .ok_or_else(|| JsError::new(&format!("no value at timestep {t}, unit {unit}")))
    }

    /// Draws model `index`'s unrolled network on `canvas`.
    #[wasm_bindgen(js_name = drawUnrolled)]
    pub fn draw_unrolled(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
        index: usize,
    ) -> Result<(), JsError> {
        let lab = self.lab(index)?;
        let label = lab.trainer.model().kind().name().to_uppercase();
        let view = UnrolledView {
            record: lab.trainer.record(),
            vocab: lab.trainer.model().vocab(),
            stage: self.session.stage(),
            label: &label,
            top_k: 3,
        };
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_unrolled(area, &view, theme)
        })
    }

    /// Draws the gradient norms over time of every model (overlaid).
    #[wasm_bindgen(js_name = drawGradientNorms)]
    pub fn draw_gradient_norms(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
        normalised: bool,
    ) -> Result<(), JsError> {
        let curves: Vec<(String, seq::GradientCurves)> = (0..self.model_count())
            .filter_map(|i| Some((self.model_label(i).ok()?, self.session.curves(i)?)))
            .collect();
        let views: Vec<(&str, &seq::GradientCurves)> =
            curves.iter().map(|(l, c)| (l.as_str(), c)).collect();
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_gradient_norms(area, &views, normalised, theme)
        })
    }

    /// Draws a heat map (units × time) of `which` (`h`, `c`, `i`, `f`, `g`, `o`) of model `index`.
    #[wasm_bindgen(js_name = drawHeatmap)]
    pub fn draw_heatmap(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
        index: usize,
        which: &str,
    ) -> Result<(), JsError> {
        let values = self.state_matrix(index, which)?;
        let scale = match which {
            "i" | "f" | "o" => HeatScale::Unit,
            _ => HeatScale::Signed(values.iter().fold(1e-6f32, |m, v| m.max(v.abs()))),
        };
        let highlight = match self.session.stage() {
            Stage::Forward(t) | Stage::Backward(t) => Some(t - 1),
            _ => None,
        };
        let caption = format!("{} {}", self.model_label(index)?, caption_of(which));
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_heatmap(area, values.view(), scale, highlight, &caption, theme)
        })
    }

    /// Draws the training curves of every model.
    #[wasm_bindgen(js_name = drawTrainingCurves)]
    pub fn draw_training_curves(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
    ) -> Result<(), JsError> {
        let labels: Vec<String> = (0..self.model_count())
            .filter_map(|i| self.model_label(i).ok())
            .collect();
        let histories: Vec<(&str, &seq::History)> = self
            .session
            .models()
            .iter()
            .zip(&labels)
            .map(|(m, l)| (l.as_str(), &m.history))
            .collect();
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_training_curves(area, &histories, "bits/char", theme)
        })
    }

    /// The timestep (0-based) under canvas pixel `(x, y)` of the unrolled view, or -1.
    #[wasm_bindgen(js_name = unrolledCellAt)]
    pub fn unrolled_cell_at(
        &self,
        width: u32,
        height: u32,
        pixel_ratio: f64,
        x: f64,
        y: f64,
    ) -> i32 {
        unrolled_cell_at(
            width,
            height,
            self.session.chunk_len(),
            &Theme::light(pixel_ratio),
            x,
            y,
        )
        .map_or(-1, |t| t as i32)
    }

    /// The values under x pixel `x` of the gradient chart: `[t, then per model ‖∂L_T/∂h_t‖,
    /// ‖∂L/∂h_t‖, ‖∂h_t/∂h_{t−1}‖₂, mean Π f]` (t 1-based), or empty off the plot.
    #[wasm_bindgen(js_name = gradientValuesAt)]
    pub fn gradient_values_at(&self, width: u32, pixel_ratio: f64, x: f64) -> Vec<f64> {
        let steps = self.session.chunk_len();
        let Some(t) = gradient_step_at(width, steps, &Theme::light(pixel_ratio), x) else {
            return Vec::new();
        };
        let mut out = vec![t as f64];
        for index in 0..self.model_count() {
            if let Some(c) = self.session.curves(index) {
                let i = t - 1;
                out.extend([
                    c.last_loss[i],
                    c.total[i],
                    c.jacobian[i],
                    c.forget_product[i],
                ]);
            }
        }
        out
    }

    /// `[timestep, unit]` (0-based) under canvas pixel `(x, y)` of a heat map, or empty.
    #[wasm_bindgen(js_name = heatmapCellAt)]
    pub fn heatmap_cell_at(
        &self,
        width: u32,
        height: u32,
        pixel_ratio: f64,
        x: f64,
        y: f64,
    ) -> Vec<u32> {
        let units = self.session.models()[0].trainer.model().dims().hidden;
        heatmap_cell_at(
            width,
            height,
            self.session.chunk_len(),
            units,
            &Theme::light(pixel_ratio),
            x,
            y,
        )
        .map_or(Vec::new(), |(t, u)| vec![t as u32, u as u32])
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
        seq::sample(
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
            seq::environment_accuracy(model, &gaps, trials, u64::from(seed)).map_err(js_error)?;
        Ok(accuracy.iter().map(|a| a.rate()).collect())
    }

    /// Per-character surprisal (bits) of `text` under model `index`; the first character is
    /// not predicted. The last two entries are the cross entropy (bits/char) and perplexity.
    #[wasm_bindgen(js_name = scoreText)]
    pub fn score_text(&self, index: usize, text: &str) -> Result<Vec<f32>, JsError> {
        let score = seq::score_text(self.lab(index)?.trainer.model(), text).map_err(js_error)?;
        let mut out = score.surprisal_bits;
        out.push(score.cross_entropy_bits);
        out.push(score.perplexity);
        Ok(out)
    }

    /// Draws the per-character surprisal of `text` under model `index` (the Metrics bench's
    /// perplexity chart; the first character is not predicted, so it is left out).
    #[wasm_bindgen(js_name = drawSurprisal)]
    pub fn draw_surprisal(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
        index: usize,
        text: &str,
    ) -> Result<(), JsError> {
        let score = seq::score_text(self.lab(index)?.trainer.model(), text).map_err(js_error)?;
        let surprisal_bits: Vec<f64> = score.surprisal_bits.iter().map(|&s| f64::from(s)).collect();
        let perplexity = crate::engine::metrics::Perplexity {
            chars: text.chars().skip(1).collect(),
            unknown: vec![false; surprisal_bits.len()],
            probabilities: surprisal_bits.iter().map(|s| (-s).exp2()).collect(),
            log2_prob_sum: -surprisal_bits.iter().sum::<f64>(),
            cross_entropy_bits: f64::from(score.cross_entropy_bits),
            perplexity: f64::from(score.perplexity),
            surprisal_bits,
        };
        draw_on(canvas, pixel_ratio, |area, theme| {
            crate::render::draw_surprisal(area, &perplexity, theme)
        })
    }

    /// Model `index` as a PyTorch state_dict JSON file.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self, index: usize) -> Result<String, JsError> {
        seq::to_json(self.lab(index)?.trainer.model()).map_err(js_error)
    }

    /// The global norm of the gradient model `index` used in its last step (after clipping).
    #[wasm_bindgen(js_name = gradNorm)]
    pub fn grad_norm(&self, index: usize) -> Result<f64, JsError> {
        Ok(self.lab(index)?.trainer.record().grads.norm())
    }
}

fn caption_of(which: &str) -> &'static str {
    match which {
        "h" => "hidden state h",
        "c" => "cell state c",
        "i" => "input gate i",
        "f" => "forget gate f",
        "g" => "candidate g",
        "o" => "output gate o",
        _ => "",
    }
}

impl BpttLab {
    fn lab(&self, index: usize) -> Result<&LabModel, JsError> {
        self.session.models().get(index).ok_or_else(|| {
            JsError::new(&format!(
                "model {index} does not exist (there are {})",
                self.session.models().len()
            ))
        })
    }

    /// `[T, H]` values of `which` for model `index` (h and c without their row 0).
    fn state_matrix(&self, index: usize, which: &str) -> Result<ndarray::Array2<f32>, JsError> {
        use ndarray::s;
        let lab = self.lab(index)?;
        let record = lab.trainer.record();
        let h = lab.trainer.model().dims().hidden;
        let lstm = lab.trainer.model().kind() == CellKind::Lstm;
        let chunk = |k: usize| record.gates.slice(s![.., k * h..(k + 1) * h]).to_owned();
        match which {
            "h" => Ok(record.h.slice(s![1.., ..]).to_owned()),
            "c" if lstm => Ok(record.c.slice(s![1.., ..]).to_owned()),
            "i" if lstm => Ok(chunk(0)),
            "f" if lstm => Ok(chunk(1)),
            "g" if lstm => Ok(chunk(2)),
            "o" if lstm => Ok(chunk(3)),
            other => Err(JsError::new(&format!(
                "{other:?} is not a state of the {}",
                lab.trainer.model().kind().name().to_uppercase()
            ))),
        }
    }
}

/// Tensor names, for the page's gradient table.
#[wasm_bindgen(js_name = tensorNames)]
pub fn tensor_names() -> Vec<String> {
    Tensor::ALL.iter().map(|t| t.name().to_string()).collect()
}
