//! The word2vec lab for JavaScript: options, and one handle around the engine's session
//! (the text through the pipeline, the model or the tied/untied pair, their pictures).

mod views;

pub use views::NearWord;

use crate::web::text::TextOptions;

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::engine::limits;
use crate::engine::text::run_pipeline;
use crate::engine::word2vec::{
    EmbeddingChoice, Objective, ToyCorpus, Tying, WindowRole, Word2VecConfig, Word2VecLab,
};
use crate::render::{
    draw_w2v_matrices, draw_w2v_pair, draw_w2v_sampling, w2v_matrices_cell_text, w2v_pair_text,
};
use crate::web::canvas::{draw_on, Pointer};
use crate::web::choice::choice;
use crate::web::{js_error, GradientCheckValues};

/// Tokens either side of the window shown in the text strip.
const STRIP_MARGIN: usize = 4;

/// SGNS settings (set the fields, then pass to `new Word2VecLab(text, textOptions, options)`);
/// every number is checked against its field's range when the lab is built.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy)]
pub struct Word2VecOptions {
    /// Embedding dimensions D.
    pub dimensions: f64,
    /// Context window (words either side).
    pub window: f64,
    /// Negatives per pair k.
    pub negatives: f64,
    /// Exponent α of the unigram distribution negatives are drawn from.
    pub alpha: f64,
    /// Starting learning rate (decays linearly).
    #[wasm_bindgen(js_name = learningRate)]
    pub learning_rate: f64,
    /// Subsampling threshold t (0: off).
    pub subsample: f64,
    /// Words seen fewer times are dropped.
    #[wasm_bindgen(js_name = minCount)]
    pub min_count: f64,
    /// Passes over the text.
    pub epochs: f64,
    /// Seed of the weights and the sampling.
    pub seed: f64,
    /// W′ shared with W.
    pub tied: bool,
    /// The full softmax instead of negative sampling (vocabularies up to 2 000 words).
    #[wasm_bindgen(js_name = fullSoftmax)]
    pub full_softmax: bool,
    /// Also train the model with the other tying on the same pairs.
    pub compare: bool,
}

#[wasm_bindgen]
impl Word2VecOptions {
    /// Defaults: D 20, window 2, k 5, α 0.75, learning rate 0.025, no subsampling, 5 epochs,
    /// untied, negative sampling, no comparison.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Word2VecOptions {
        let config = Word2VecConfig::default();
        Word2VecOptions {
            dimensions: config.dimensions as f64,
            window: config.window as f64,
            negatives: config.negatives as f64,
            alpha: config.alpha,
            learning_rate: config.learning_rate,
            subsample: config.subsample,
            min_count: config.min_count as f64,
            epochs: config.epochs as f64,
            seed: config.seed as f64,
            tied: config.tying == Tying::Tied,
            full_softmax: config.objective == Objective::FullSoftmax,
            compare: false,
        }
    }
}

impl Default for Word2VecOptions {
    fn default() -> Self {
        Word2VecOptions::new()
    }
}

impl Word2VecOptions {
    /// The engine's settings; a JS `Error` names the first field out of range.
    fn to_config(self) -> Result<Word2VecConfig, JsError> {
        Ok(Word2VecConfig {
            dimensions: limits::W2V_DIMENSIONS
                .count(self.dimensions)
                .map_err(js_error)?,
            window: limits::W2V_WINDOW.count(self.window).map_err(js_error)?,
            negatives: limits::W2V_NEGATIVES
                .count(self.negatives)
                .map_err(js_error)?,
            alpha: limits::W2V_ALPHA.check(self.alpha).map_err(js_error)?,
            learning_rate: limits::W2V_LEARNING_RATE
                .check(self.learning_rate)
                .map_err(js_error)?,
            subsample: limits::W2V_SUBSAMPLE
                .check(self.subsample)
                .map_err(js_error)?,
            min_count: limits::W2V_MIN_COUNT
                .seed(self.min_count)
                .map_err(js_error)?,
            epochs: limits::W2V_EPOCHS.count(self.epochs).map_err(js_error)?,
            seed: limits::SEED.seed(self.seed).map_err(js_error)?,
            tying: if self.tied {
                Tying::Tied
            } else {
                Tying::Untied
            },
            objective: if self.full_softmax {
                Objective::FullSoftmax
            } else {
                Objective::NegativeSampling
            },
            ..Word2VecConfig::default()
        })
    }
}

choice! {
    #[doc = " Which vectors stand for a word."]
    #[wasm_bindgen]
    pub enum Word2VecVectors("the vectors") => EmbeddingChoice {
        /// The rows of W (input, centre vectors).
        W = "w" => EmbeddingChoice::Input,
        /// The rows of W′ (output, context vectors).
        WPrime = "wprime" => EmbeddingChoice::Output,
        /// Their average.
        Average = "average" => EmbeddingChoice::Average,
    }
}

/// A token's part in the current pair.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StripRole {
    /// Outside the window.
    Outside = "outside",
    /// In the window.
    Window = "window",
    /// The centre word.
    Centre = "centre",
    /// The pair's context word.
    Context = "context",
}

/// One token of the text strip around the window.
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripToken {
    /// The token.
    pub token: String,
    /// Its part in the pair.
    pub role: StripRole,
}

/// Where training stands: pairs, epoch, learning rate, sizes and each model's latest loss.
#[wasm_bindgen]
#[derive(Debug, Clone, PartialEq)]
pub struct Word2VecSummary {
    /// Pairs trained.
    #[wasm_bindgen(js_name = pairsDone)]
    pub pairs_done: f64,
    /// Pairs the schedule plans (epochs × pairs per epoch).
    #[wasm_bindgen(js_name = plannedPairs)]
    pub planned_pairs: f64,
    /// The current epoch (from 1).
    pub epoch: f64,
    /// The current learning rate.
    #[wasm_bindgen(js_name = learningRate)]
    pub learning_rate: f64,
    /// Words in the vocabulary.
    pub vocabulary: f64,
    /// Tokens of the text after the pipeline.
    pub tokens: f64,
    losses: Vec<f64>,
}

#[wasm_bindgen]
impl Word2VecSummary {
    /// The latest mean loss of each model (NaN before any pair).
    #[wasm_bindgen(getter)]
    pub fn losses(&self) -> Vec<f64> {
        self.losses.clone()
    }
}

/// The word2vec lab: a text's tokens, the model (and the other tying beside it), pictures.
#[wasm_bindgen(js_name = Word2VecLab)]
pub struct Word2VecLabHandle {
    pub(super) lab: Word2VecLab,
    pub(super) choice: EmbeddingChoice,
    tokens: usize,
}

#[wasm_bindgen(js_class = Word2VecLab)]
impl Word2VecLabHandle {
    /// Runs the pipeline on `text` and builds the model (with `options.compare`, also the
    /// model with the other tying on the same pairs). `toy_seed` (or `undefined`) says the text
    /// is the toy language of that seed (its word classes colour the picture). Bad text or
    /// options throw.
    #[wasm_bindgen(constructor)]
    pub fn new(
        text: &str,
        text_options: &TextOptions,
        options: &Word2VecOptions,
        toy_seed: Option<f64>,
    ) -> Result<Word2VecLabHandle, JsError> {
        let toy_seed = toy_seed
            .map(|seed| limits::SEED.seed(seed))
            .transpose()
            .map_err(js_error)?;
        let run = run_pipeline(text, &text_options.to_engine()?).map_err(js_error)?;
        let tokens = run.tokens.len();
        let classes = toy_seed.map(|seed| {
            ToyCorpus::generate(1, seed)
                .classes
                .into_iter()
                .map(|c| {
                    (
                        c.name.to_string(),
                        c.words.iter().map(|w| w.to_string()).collect(),
                    )
                })
                .collect()
        });
        let config = options.to_config()?;
        let lab =
            Word2VecLab::new(&[run.tokens], config, options.compare, classes).map_err(js_error)?;
        Ok(Word2VecLabHandle {
            lab,
            choice: EmbeddingChoice::Input,
            tokens,
        })
    }

    /// Every model with its text, vocabulary and settings as bytes, for a Web Worker to build
    /// the same models from (`Word2VecLab.fromSession`); sent once when training starts.
    #[wasm_bindgen(js_name = sessionBytes)]
    pub fn session_bytes(&self) -> Vec<u8> {
        self.lab.session_bytes()
    }

    /// The models of `sessionBytes()`'s bytes, to train (a worker's copy: no word classes,
    /// no projections).
    #[wasm_bindgen(js_name = fromSession)]
    pub fn from_session(bytes: &[u8]) -> Result<Word2VecLabHandle, JsError> {
        Ok(Word2VecLabHandle {
            lab: Word2VecLab::from_session_bytes(bytes).map_err(js_error)?,
            choice: EmbeddingChoice::Input,
            tokens: 0,
        })
    }

    /// What training changed (the models, where the stream stands, the curve, the last step)
    /// as bytes, without the text: what the worker sends the page at display rate.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.lab.progress_bytes()
    }

    /// Takes over `toBytes()`'s bytes from the same models trained further elsewhere; the
    /// projections and their trails stay (call `snapshot()` to extend them). On an error
    /// nothing changes.
    pub fn restore(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        self.lab.restore_progress(bytes).map_err(js_error)
    }

    /// The gradient check of the shown model's last pair: each matrix's largest entry and three
    /// random ones (`seed`), the analytic gradient beside the central difference (float64);
    /// `undefined` before the first step.
    #[wasm_bindgen(js_name = gradientCheck)]
    pub fn gradient_check(&self, seed: u64) -> Option<GradientCheckValues> {
        let run = self.lab.runs.first()?;
        let check = run.trainer.gradient_check(3, seed)?;
        Some(GradientCheckValues::from(&check))
    }

    /// Nothing is computed ahead for this lab's views (the worker's protocol asks every lab).
    #[wasm_bindgen(js_name = prepareViews)]
    pub fn prepare_views(&self) {}

    /// One (centre, context) pair: one SGD step in every model.
    pub fn step(&mut self) -> Result<(), JsError> {
        self.lab.step().map_err(js_error)
    }

    /// `pairs` pairs in every model; the main model's mean loss over them.
    pub fn train(&mut self, pairs: u32) -> Result<f64, JsError> {
        self.lab.train(u64::from(pairs)).map_err(js_error)
    }

    /// Pairs left in the learning-rate schedule (training stops at its end).
    #[wasm_bindgen(getter)]
    pub fn remaining(&self) -> f64 {
        self.lab.remaining() as f64
    }

    /// Projects again (trails grow by one point).
    pub fn snapshot(&mut self) -> Result<(), JsError> {
        self.lab.snapshot(self.choice).map_err(js_error)
    }

    /// Which vectors stand for a word (trails restart).
    #[wasm_bindgen(js_name = setChoice)]
    pub fn set_choice(&mut self, vectors: Word2VecVectors) -> Result<(), JsError> {
        self.choice = vectors.value()?;
        self.lab.clear_trails();
        self.lab.snapshot(self.choice).map_err(js_error)
    }

    /// Where training stands.
    pub fn summary(&self) -> Word2VecSummary {
        let main = &self.lab.runs[0].trainer;
        Word2VecSummary {
            pairs_done: main.pairs_done() as f64,
            planned_pairs: main.planned_pairs() as f64,
            epoch: main.epoch() as f64,
            learning_rate: main.learning_rate(),
            vocabulary: main.vocabulary().len() as f64,
            tokens: self.tokens as f64,
            losses: self
                .lab
                .runs
                .iter()
                .map(|run| {
                    run.trainer
                        .loss_curve()
                        .points()
                        .last()
                        .map_or(f64::NAN, |p| p.1)
                })
                .collect(),
        }
    }

    /// The models' names ("untied: W and W′", "tied: W′ = W").
    pub fn labels(&self) -> Vec<String> {
        self.lab.runs.iter().map(|r| r.label.to_string()).collect()
    }

    /// The text around the last pair (or the next, before any), each token with its role.
    #[wasm_bindgen(js_name = windowStrip)]
    pub fn window_strip(&self) -> Vec<StripToken> {
        self.lab.runs[0]
            .trainer
            .window_strip(STRIP_MARGIN)
            .into_iter()
            .map(|(token, role)| StripToken {
                token,
                role: match role {
                    WindowRole::Outside => StripRole::Outside,
                    WindowRole::Window => StripRole::Window,
                    WindowRole::Centre => StripRole::Centre,
                    WindowRole::Context => StripRole::Context,
                },
            })
            .collect()
    }

    /// The last update in words, or "" before the first.
    #[wasm_bindgen(js_name = pairText)]
    pub fn pair_text(&self) -> String {
        w2v_pair_text(&self.lab).unwrap_or_default()
    }

    /// The unigram and unigram^α distributions of the most frequent words, the last
    /// negatives marked.
    #[wasm_bindgen(js_name = drawSampling)]
    pub fn draw_sampling(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
    ) -> Result<(), JsError> {
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_w2v_sampling(area, &self.lab, theme)
        })
    }

    /// The last update's scores: σ of the centre's dot product with the context and each
    /// negative.
    #[wasm_bindgen(js_name = drawPair)]
    pub fn draw_pair(&self, canvas: HtmlCanvasElement, pixel_ratio: f64) -> Result<(), JsError> {
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_w2v_pair(area, &self.lab, theme)
        })
    }

    /// Rows of W and W′ of model `run`: the last pair's words first, the rows it changed
    /// outlined, their change beside them.
    #[wasm_bindgen(js_name = drawMatrices)]
    pub fn draw_matrices(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
        run: usize,
    ) -> Result<(), JsError> {
        let rows = self.lab.matrix_rows(run).map_err(js_error)?;
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_w2v_matrices(area, &rows, theme)
        })
    }

    /// The matrix cell under a pointer (backend pixels) described, or "".
    #[wasm_bindgen(js_name = matricesCellText)]
    #[allow(clippy::too_many_arguments)]
    pub fn matrices_cell_text(&self, run: usize, pointer: Pointer) -> String {
        let Ok(rows) = self.lab.matrix_rows(run) else {
            return String::new();
        };
        let theme = pointer.theme();
        w2v_matrices_cell_text(&rows, pointer.size(), &theme, pointer.at()).unwrap_or_default()
    }
}
