//! The word2vec lab for JavaScript: options, and one handle around the engine's session
//! (the text through the pipeline, the model or the tied/untied pair, their pictures).

mod text;
mod views;

pub use text::{pipeline_tokens, preprocess_text, toy_corpus_text, TextOptions, TextPreview};

use ndarray::Array2;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::engine::limits;
use crate::engine::text::run_pipeline;
use crate::engine::word2vec::{
    neg_log_sigmoid, EmbeddingChoice, Matrix, Objective, Scores, ToyCorpus, Tying, Word2VecConfig,
    Word2VecLab,
};
use crate::render::{
    draw_matrices, draw_pair, draw_sampling, matrices_cell_at, MatricesView, PairView,
    SamplingView, Theme,
};
use crate::web::canvas::draw_on;
use crate::web::js_error;

/// Words in the negative-sampling chart.
const SAMPLING_WORDS: usize = 30;
/// Tokens either side of the window shown in the text strip.
const STRIP_MARGIN: usize = 4;

/// SGNS settings (set them, then pass to `new Word2VecLab(...)`).
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct Word2VecOptions {
    config: Word2VecConfig,
}

#[wasm_bindgen]
impl Word2VecOptions {
    /// Defaults: D 20, window 2, k 5, α 0.75, learning rate 0.025, no subsampling, 5 epochs.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Word2VecOptions {
        Word2VecOptions {
            config: Word2VecConfig::default(),
        }
    }

    /// Sets the numbers; each is checked against its field's range (a JS `Error` names the
    /// field), and nothing is changed unless all are valid.
    #[wasm_bindgen(js_name = setNumbers)]
    #[allow(clippy::too_many_arguments)]
    pub fn set_numbers(
        &mut self,
        dimensions: f64,
        window: f64,
        negatives: f64,
        alpha: f64,
        learning_rate: f64,
        subsample: f64,
        min_count: f64,
        epochs: f64,
        seed: f64,
    ) -> Result<(), JsError> {
        let config = Word2VecConfig {
            dimensions: limits::W2V_DIMENSIONS.count(dimensions).map_err(js_error)?,
            window: limits::W2V_WINDOW.count(window).map_err(js_error)?,
            negatives: limits::W2V_NEGATIVES.count(negatives).map_err(js_error)?,
            alpha: limits::W2V_ALPHA.check(alpha).map_err(js_error)?,
            learning_rate: limits::W2V_LEARNING_RATE
                .check(learning_rate)
                .map_err(js_error)?,
            subsample: limits::W2V_SUBSAMPLE.check(subsample).map_err(js_error)?,
            min_count: limits::W2V_MIN_COUNT.seed(min_count).map_err(js_error)?,
            epochs: limits::W2V_EPOCHS.count(epochs).map_err(js_error)?,
            seed: limits::SEED.seed(seed).map_err(js_error)?,
            ..self.config
        };
        self.config = config;
        Ok(())
    }

    /// W′ shared with W (`true`) or separate.
    #[wasm_bindgen(js_name = setTied)]
    pub fn set_tied(&mut self, tied: bool) {
        self.config.tying = if tied { Tying::Tied } else { Tying::Untied };
    }

    /// The full softmax instead of negative sampling (vocabularies up to 2 000 words).
    #[wasm_bindgen(js_name = setFullSoftmax)]
    pub fn set_full_softmax(&mut self, softmax: bool) {
        self.config.objective = if softmax {
            Objective::FullSoftmax
        } else {
            Objective::NegativeSampling
        };
    }
}

impl Default for Word2VecOptions {
    fn default() -> Self {
        Word2VecOptions::new()
    }
}

/// The word2vec lab: a text's tokens, the model (and the other tying beside it), pictures.
#[wasm_bindgen(js_name = Word2VecLab)]
pub struct Word2VecLabHandle {
    pub(super) lab: Word2VecLab,
    pub(super) choice: EmbeddingChoice,
    tokens: usize,
}

fn choice(name: &str) -> EmbeddingChoice {
    match name {
        "wprime" => EmbeddingChoice::Output,
        "average" => EmbeddingChoice::Average,
        _ => EmbeddingChoice::Input,
    }
}

#[wasm_bindgen(js_class = Word2VecLab)]
impl Word2VecLabHandle {
    /// Runs the pipeline on `text` and builds the model; with `compare`, also the model with
    /// the other tying on the same pairs. `toy_seed` (or `undefined`) says the text is the toy
    /// language of that seed (its word classes colour the picture). Bad text or options throw.
    #[wasm_bindgen(constructor)]
    pub fn new(
        text: &str,
        text_options: &TextOptions,
        options: &Word2VecOptions,
        compare: bool,
        toy_seed: Option<f64>,
    ) -> Result<Word2VecLabHandle, JsError> {
        let toy_seed = toy_seed
            .map(|seed| limits::SEED.seed(seed))
            .transpose()
            .map_err(js_error)?;
        let run = run_pipeline(text, &text_options.inner).map_err(js_error)?;
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
        let lab =
            Word2VecLab::new(&[run.tokens], options.config, compare, classes).map_err(js_error)?;
        Ok(Word2VecLabHandle {
            lab,
            choice: EmbeddingChoice::Input,
            tokens,
        })
    }

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

    /// Which vectors stand for a word: `"w"`, `"wprime"` or `"average"` (trails restart).
    #[wasm_bindgen(js_name = setChoice)]
    pub fn set_choice(&mut self, name: &str) -> Result<(), JsError> {
        self.choice = choice(name);
        self.lab.clear_trails();
        self.lab.snapshot(self.choice).map_err(js_error)
    }

    /// `[pairs done, planned pairs, epoch, learning rate, vocabulary, tokens, latest mean loss of each model…]`.
    pub fn summary(&self) -> Vec<f64> {
        let main = &self.lab.runs[0].trainer;
        let mut out = vec![
            main.pairs_done() as f64,
            main.planned_pairs() as f64,
            main.epoch() as f64,
            main.learning_rate(),
            main.vocabulary().len() as f64,
            self.tokens as f64,
        ];
        for run in &self.lab.runs {
            out.push(
                run.trainer
                    .loss_curve()
                    .points()
                    .last()
                    .map_or(f64::NAN, |p| p.1),
            );
        }
        out
    }

    /// The models' names ("untied: W and W′", "tied: W′ = W").
    pub fn labels(&self) -> Vec<String> {
        self.lab.runs.iter().map(|r| r.label.to_string()).collect()
    }

    /// The text around the last pair: tokens, and per token 0 (outside the window), 1 (in
    /// it), 2 (the centre) or 3 (the context), as `[token, role, token, role, …]`.
    #[wasm_bindgen(js_name = windowStrip)]
    pub fn window_strip(&self) -> Vec<String> {
        let trainer = &self.lab.runs[0].trainer;
        let Some(pair) = trainer.last().map(|r| r.pair).or_else(|| trainer.peek()) else {
            return Vec::new();
        };
        let corpus = trainer.corpus();
        let (ids, positions) = (corpus.ids(), corpus.positions());
        // The window's first and last original positions, inclusive.
        let (first, last) = pair.window;
        let from = positions
            .partition_point(|&p| p < first)
            .saturating_sub(STRIP_MARGIN);
        let to = (positions.partition_point(|&p| p <= last) + STRIP_MARGIN).min(ids.len());
        let vocabulary = trainer.vocabulary();
        let mut out = Vec::new();
        for (&id, &position) in ids[from..to].iter().zip(&positions[from..to]) {
            out.push(vocabulary.word(id).unwrap_or("?").to_string());
            let role = if position == pair.centre_position {
                2
            } else if position == pair.context_position {
                3
            } else if (first..=last).contains(&position) {
                1
            } else {
                0
            };
            out.push(role.to_string());
        }
        out
    }

    /// The last update in words, or "" before the first.
    #[wasm_bindgen(js_name = pairText)]
    pub fn pair_text(&self) -> String {
        let trainer = &self.lab.runs[0].trainer;
        let Some(last) = trainer.last() else {
            return String::new();
        };
        let word = |id: usize| trainer.vocabulary().word(id).unwrap_or("?").to_string();
        let u = &last.update;
        let what = match &u.scores {
            Scores::NegativeSampling { negatives, .. } => format!(
                "negatives drawn from unigram^α: {}",
                negatives
                    .iter()
                    .map(|&n| word(n))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Scores::Softmax { .. } => "full softmax over every word".to_string(),
        };
        format!(
            "pair {}: centre '{}' → context '{}'; {what}; loss {:.4}; learning rate {:.5}; {} rows moved",
            last.step,
            word(u.centre),
            word(u.context),
            u.loss,
            u.learning_rate,
            u.changes.len()
        )
    }

    /// The unigram and unigram^α distributions of the most frequent words, the last
    /// negatives marked.
    #[wasm_bindgen(js_name = drawSampling)]
    pub fn draw_sampling(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
    ) -> Result<(), JsError> {
        let trainer = &self.lab.runs[0].trainer;
        let vocabulary = trainer.vocabulary();
        let shown = vocabulary.len().min(SAMPLING_WORDS);
        let words: Vec<String> = vocabulary.words()[..shown].to_vec();
        let total = vocabulary.total().max(1) as f64;
        let unigram: Vec<f64> = vocabulary.counts()[..shown]
            .iter()
            .map(|&c| c as f64 / total)
            .collect();
        let smoothed = trainer.sampler().probabilities()[..shown].to_vec();
        let (drawn, positive) = match trainer.last() {
            Some(last) => match &last.update.scores {
                Scores::NegativeSampling { negatives, .. } => {
                    (negatives.clone(), Some(last.update.context))
                }
                Scores::Softmax { .. } => (Vec::new(), Some(last.update.context)),
            },
            None => (Vec::new(), None),
        };
        let view = SamplingView {
            words: &words,
            unigram: &unigram,
            smoothed: &smoothed,
            alpha: trainer.sampler().alpha(),
            drawn: &drawn,
            positive: positive.filter(|&p| p < shown),
        };
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_sampling(area, &view, theme)
        })
    }

    /// The last update's scores: σ of the centre's dot product with the context and each
    /// negative.
    #[wasm_bindgen(js_name = drawPair)]
    pub fn draw_pair(&self, canvas: HtmlCanvasElement, pixel_ratio: f64) -> Result<(), JsError> {
        let trainer = &self.lab.runs[0].trainer;
        let word = |id: usize| trainer.vocabulary().word(id).unwrap_or("?").to_string();
        let (centre, labels, dots, sigmas, loss) = match trainer.last() {
            Some(last) => {
                let u = &last.update;
                match &u.scores {
                    Scores::NegativeSampling {
                        negatives,
                        dots,
                        sigmoids,
                    } => (
                        word(u.centre),
                        std::iter::once(u.context)
                            .chain(negatives.iter().copied())
                            .map(word)
                            .collect(),
                        dots.clone(),
                        sigmoids.clone(),
                        u.loss,
                    ),
                    Scores::Softmax { .. } => {
                        (word(u.centre), Vec::new(), Vec::new(), Vec::new(), u.loss)
                    }
                }
            }
            None => (String::new(), Vec::new(), Vec::new(), Vec::new(), f64::NAN),
        };
        // The context's term is −ln σ(dot), each negative's −ln σ(−dot).
        let terms: Vec<f64> = dots
            .iter()
            .enumerate()
            .map(|(k, &dot)| neg_log_sigmoid(if k == 0 { dot } else { -dot }))
            .collect();
        let view = PairView {
            centre: &centre,
            labels: &labels,
            dots: &dots,
            sigmas: &sigmas,
            terms: &terms,
            loss,
        };
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_pair(area, &view, theme)
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
        let data = self.matrices(run)?;
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_matrices(area, &data.view(), theme)
        })
    }

    /// The matrix cell under a pointer (backend pixels) described, or "".
    #[wasm_bindgen(js_name = matricesCellText)]
    #[allow(clippy::too_many_arguments)]
    pub fn matrices_cell_text(
        &self,
        run: usize,
        width: u32,
        height: u32,
        pixel_ratio: f64,
        x: f64,
        y: f64,
    ) -> String {
        let Ok(data) = self.matrices(run) else {
            return String::new();
        };
        let theme = Theme::light(pixel_ratio);
        match matrices_cell_at(width, height, &data.view(), &theme, x, y) {
            Some((matrix, row, col)) => {
                let (name, values, delta) = if matrix == 0 {
                    ("W", &data.w, &data.delta_w)
                } else {
                    ("W′", &data.w_prime, &data.delta_w_prime)
                };
                format!(
                    "{name}['{}'][{col}] = {:.4} (last change {:+.2e})",
                    data.words[row],
                    values[[row, col]],
                    delta[[row, col]]
                )
            }
            None => String::new(),
        }
    }
}

/// The rows of W and W′ a drawing needs, owned.
struct MatricesData {
    words: Vec<String>,
    w: Array2<f64>,
    w_prime: Array2<f64>,
    tied: bool,
    changed_w: Vec<usize>,
    changed_w_prime: Vec<usize>,
    delta_w: Array2<f64>,
    delta_w_prime: Array2<f64>,
    roles: Vec<(usize, char)>,
}

impl MatricesData {
    fn view(&self) -> MatricesView<'_> {
        MatricesView {
            words: &self.words,
            w: self.w.view(),
            w_prime: (!self.tied).then(|| self.w_prime.view()),
            changed_w: &self.changed_w,
            changed_w_prime: &self.changed_w_prime,
            delta_w: Some(self.delta_w.view()),
            delta_w_prime: (!self.tied).then(|| self.delta_w_prime.view()),
            roles: &self.roles,
        }
    }
}

impl Word2VecLabHandle {
    fn matrices(&self, run: usize) -> Result<MatricesData, JsError> {
        let lab_run = self
            .lab
            .runs
            .get(run)
            .ok_or_else(|| JsError::new(&format!("there is no model {run}")))?;
        let trainer = &lab_run.trainer;
        let (rows, delta_w, delta_w_prime) = self.lab.shown_rows(run);
        let model = trainer.model();
        let tied = model.tying() == Tying::Tied;
        let pick = |matrix: Matrix| {
            let full = model.matrix(matrix);
            Array2::from_shape_fn((rows.len(), full.ncols()), |(r, c)| full[[rows[r], c]])
        };
        let changed = |delta: &Array2<f64>| {
            (0..rows.len())
                .filter(|&r| delta.row(r).iter().any(|&d| d != 0.0))
                .collect::<Vec<_>>()
        };
        let mut roles = Vec::new();
        if let Some(last) = trainer.last() {
            let u = &last.update;
            let position = |id: usize| rows.iter().position(|&r| r == id);
            if let Scores::NegativeSampling { negatives, .. } = &u.scores {
                for &n in negatives {
                    if let Some(k) = position(n) {
                        roles.push((k, 'n'));
                    }
                }
            }
            if let Some(k) = position(u.context) {
                roles.push((k, 'o'));
            }
            if let Some(k) = position(u.centre) {
                roles.push((k, 'c'));
            }
        }
        Ok(MatricesData {
            words: rows
                .iter()
                .map(|&id| trainer.vocabulary().word(id).unwrap_or("?").to_string())
                .collect(),
            w: pick(Matrix::Input),
            w_prime: if tied {
                Array2::zeros((0, 0))
            } else {
                pick(Matrix::Output)
            },
            tied,
            changed_w: changed(&delta_w),
            changed_w_prime: changed(&delta_w_prime),
            delta_w,
            delta_w_prime,
            roles,
        })
    }
}
