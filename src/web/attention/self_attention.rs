//! The self-attention panel for JavaScript: a two-layer self-attention model trained on the
//! attention lab's task, its maps per layer and head for one input.

use ndarray::{Array2, ArrayView2, Axis};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::parse_task;
use crate::engine::attention::{
    encode, sequence_length, symbol_label, task_alphabet, task_example_with_length,
    SelfAttentionModel, SelfAttentionModelConfig, SelfAttentionTrainer, SelfAttentionTrainerConfig,
    Task, END, LONGEST_DATE_INPUT,
};
use crate::engine::{limits, Error, Rng};
use crate::render::{
    draw_self_attention_maps, self_attention_cell_at, SelfAttentionMapView, Theme,
};
use crate::web::canvas::draw_on;
use crate::web::js_error;

/// Width of the residual stream.
const WIDTH: usize = 32;
/// Blocks.
const LAYERS: usize = 2;
/// Examples per training step.
const BATCH: usize = 4;
/// Adam's learning rate.
const LEARNING_RATE: f64 = 3e-3;
/// Fresh examples in each evaluation.
const EVALUATED: usize = 50;
/// Steps between evaluations.
const EVALUATE_EVERY: u64 = 200;

/// Token labels, one map per layer and head, and the maps' titles.
type Maps = (Vec<String>, Vec<Array2<f64>>, Vec<String>);

/// The self-attention panel's model, trainer and the input whose maps are drawn.
#[wasm_bindgen]
pub struct SelfAttentionLab {
    trainer: SelfAttentionTrainer,
    alphabet: Vec<char>,
    source: Vec<usize>,
    input: String,
    output: Vec<usize>,
    accuracy: f64,
    seed: u64,
}

#[wasm_bindgen]
impl SelfAttentionLab {
    /// A new model for `task` with `heads` heads (1, 2 or 4), trained with or without the
    /// causal mask, on inputs of `min_len..=max_len` letters.
    #[wasm_bindgen(constructor)]
    pub fn new(
        task: &str,
        heads: f64,
        causal: bool,
        min_len: f64,
        max_len: f64,
        seed: f64,
    ) -> Result<SelfAttentionLab, JsError> {
        let task = parse_task(task)?;
        let heads = limits::ATTENTION_HEADS.count(heads).map_err(js_error)?;
        let min_len = limits::ATTENTION_SHORTEST
            .count(min_len)
            .map_err(js_error)?;
        let max_len = limits::ATTENTION_LONGEST.count(max_len).map_err(js_error)?;
        let seed = limits::SEED.seed(seed).map_err(js_error)?;
        let alphabet = task_alphabet(task);
        let longest = match task {
            Task::Dates => sequence_length(task, LONGEST_DATE_INPUT),
            Task::Reverse | Task::Sort => sequence_length(task, max_len),
        };
        let model = SelfAttentionModel::new(SelfAttentionModelConfig {
            vocab: alphabet.len() + 2,
            width: WIDTH,
            heads,
            layers: LAYERS,
            max_len: longest,
            causal,
            seed,
        })
        .map_err(js_error)?;
        let trainer = SelfAttentionTrainer::new(
            model,
            SelfAttentionTrainerConfig {
                task,
                min_len,
                max_len,
                batch_size: BATCH,
                learning_rate: LEARNING_RATE,
                seed,
            },
        )
        .map_err(js_error)?;
        let mut lab = SelfAttentionLab {
            trainer,
            alphabet,
            source: Vec::new(),
            input: String::new(),
            output: Vec::new(),
            accuracy: f64::NAN,
            seed,
        };
        let (text, _) = task_example_with_length(task, min_len, max_len, &mut Rng::new(lab.seed));
        lab.set_input(&text)?;
        Ok(lab)
    }

    /// Trains `steps` steps (mini-batches of 4); returns the last loss. Evaluates every 200.
    pub fn train(&mut self, steps: usize) -> Result<f64, JsError> {
        let mut loss = f64::NAN;
        for _ in 0..steps {
            loss = self.trainer.train_step().map_err(js_error)?;
            if !loss.is_finite() {
                return Err(js_error(Error::Diverged {
                    step: self.trainer.steps(),
                    what: "the loss",
                }));
            }
            if self.trainer.steps().is_multiple_of(EVALUATE_EVERY) {
                let seed = self.seed ^ 0xE7A1_0A7E;
                self.accuracy = self
                    .trainer
                    .evaluate(EVALUATED, seed)
                    .map_err(js_error)?
                    .exact_match;
            }
        }
        self.regenerate().map_err(js_error)?;
        Ok(loss)
    }

    /// Training steps taken.
    #[wasm_bindgen(getter)]
    pub fn steps(&self) -> f64 {
        self.trainer.steps() as f64
    }

    /// Greedy exact match on 50 fresh examples at the last evaluation (NaN before one).
    #[wasm_bindgen(getter)]
    pub fn accuracy(&self) -> f64 {
        self.accuracy
    }

    /// Decodes `text` from now on; a bad input throws and the old one stays.
    #[wasm_bindgen(js_name = setInput)]
    pub fn set_input(&mut self, text: &str) -> Result<(), JsError> {
        if text.is_empty() {
            return Err(js_error(Error::Empty("the input")));
        }
        let room = self.trainer.model().config().max_len;
        let length = text.chars().count();
        let task = self.trainer.config().task;
        let needed = sequence_length(task, length);
        let most = (1..=length)
            .rev()
            .find(|&n| sequence_length(task, n) <= room)
            .unwrap_or(0);
        if needed > room {
            return Err(js_error(Error::InvalidOption {
                name: "the input",
                message: format!(
                    "has {length} characters; this model holds sequences of {room} (input, separator and output), so at most {most}"
                ),
            }));
        }
        let source = encode(&self.alphabet, text).map_err(js_error)?;
        let (old_source, old_input) = (
            std::mem::replace(&mut self.source, source),
            std::mem::replace(&mut self.input, text.to_string()),
        );
        if let Err(error) = self.regenerate() {
            self.source = old_source;
            self.input = old_input;
            return Err(js_error(error));
        }
        Ok(())
    }

    /// The model's greedy output for the input.
    #[wasm_bindgen(getter)]
    pub fn output(&self) -> String {
        self.output
            .iter()
            .filter_map(|&k| k.checked_sub(2).and_then(|i| self.alphabet.get(i)))
            .collect()
    }

    /// The maps of every layer and head over `[input, <s>, output]`, read with the causal mask
    /// on or off (`masked`), whatever the model was trained with.
    #[wasm_bindgen(js_name = drawMaps)]
    pub fn draw_maps(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
        masked: bool,
    ) -> Result<(), JsError> {
        let (tokens, maps, titles) = self.maps(masked).map_err(js_error)?;
        let views: Vec<ArrayView2<f64>> = maps.iter().map(|m| m.view()).collect();
        let view = SelfAttentionMapView {
            tokens: &tokens,
            maps: &views,
            titles: &titles,
            causal: masked,
            query: None,
        };
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_self_attention_maps(area, &view, theme)
        })
    }

    /// The map cell under a pointer (backend pixels), described, or "".
    #[wasm_bindgen(js_name = cellText)]
    pub fn cell_text(
        &self,
        width: u32,
        height: u32,
        pixel_ratio: f64,
        masked: bool,
        x: f64,
        y: f64,
    ) -> String {
        let Ok((tokens, maps, titles)) = self.maps(masked) else {
            return String::new();
        };
        let views: Vec<ArrayView2<f64>> = maps.iter().map(|m| m.view()).collect();
        let view = SelfAttentionMapView {
            tokens: &tokens,
            maps: &views,
            titles: &titles,
            causal: masked,
            query: None,
        };
        let theme = Theme::light(pixel_ratio);
        match self_attention_cell_at(width, height, &view, &theme, x, y) {
            Some((panel, i, j)) => format!(
                "{}: position {} '{}' looks at {} '{}' with weight {:.3}",
                titles[panel],
                i + 1,
                tokens[i],
                j + 1,
                tokens[j],
                maps[panel][[i, j]]
            ),
            None => String::new(),
        }
    }
}

impl SelfAttentionLab {
    /// Greedy output for the input with the trained mask setting.
    fn regenerate(&mut self) -> Result<(), Error> {
        let room = self.trainer.model().config().max_len;
        let (output, _) = self
            .trainer
            .model()
            .generate(&self.source, room.saturating_sub(self.source.len() + 2))?;
        self.output = output;
        Ok(())
    }

    /// Token labels, one `[N, N]` map per layer and head, and their titles.
    fn maps(&self, masked: bool) -> Result<Maps, Error> {
        let mut model = self.trainer.model().clone();
        model.set_causal(masked);
        let target: Vec<usize> = self.output.iter().copied().chain([END]).collect();
        let run = model.forward(&self.source, &target)?;
        let tokens = run
            .tokens
            .iter()
            .map(|&k| symbol_label(&self.alphabet, k))
            .collect();
        let mut maps = Vec::new();
        let mut titles = Vec::new();
        for (layer, per_head) in run.maps.iter().enumerate() {
            for (head, map) in per_head.axis_iter(Axis(0)).enumerate() {
                maps.push(map.to_owned());
                titles.push(format!("layer {} · head {}", layer + 1, head + 1));
            }
        }
        Ok((tokens, maps, titles))
    }
}
