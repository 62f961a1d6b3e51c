//! The self-attention panel for JavaScript: a handle around the engine's session, its maps
//! per layer and head drawn for one input.

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::AttentionTask;
use crate::engine::attention::{self, SelfAttentionLabConfig};
use crate::engine::limits;
use crate::render::{draw_self_attention_lab, self_attention_cell_text};
use crate::web::canvas::{draw_on, Pointer};
use crate::web::{js_error, GradientCheckValues};

/// Settings of the self-attention panel (set the fields, then pass it to
/// `new SelfAttentionLab(options)`); numbers are checked when the panel is built.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy)]
pub struct SelfAttentionOptions {
    /// The task (the attention lab's).
    pub task: AttentionTask,
    /// Heads per layer (1, 2 or 4).
    pub heads: f64,
    /// Train with the causal mask.
    pub causal: bool,
    /// Shortest training input.
    #[wasm_bindgen(js_name = minLen)]
    pub min_len: f64,
    /// Longest training input.
    #[wasm_bindgen(js_name = maxLen)]
    pub max_len: f64,
    /// Seed of the weights and the examples.
    pub seed: f64,
}

#[wasm_bindgen]
impl SelfAttentionOptions {
    /// Defaults: reversal, 2 heads, causal, inputs of 3–8, seed 1.
    #[wasm_bindgen(constructor)]
    pub fn new() -> SelfAttentionOptions {
        let config = SelfAttentionLabConfig::default();
        SelfAttentionOptions {
            task: AttentionTask::Reverse,
            heads: config.heads as f64,
            causal: config.causal,
            min_len: config.min_len as f64,
            max_len: config.max_len as f64,
            seed: config.seed as f64,
        }
    }
}

impl Default for SelfAttentionOptions {
    fn default() -> Self {
        SelfAttentionOptions::new()
    }
}

/// The self-attention panel: a two-layer self-attention model trained on the attention lab's
/// task, and one input whose maps are drawn.
#[wasm_bindgen]
pub struct SelfAttentionLab {
    lab: attention::SelfAttentionLab,
}

#[wasm_bindgen]
impl SelfAttentionLab {
    /// A new model for `options`; a bad option throws with its name.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &SelfAttentionOptions) -> Result<SelfAttentionLab, JsError> {
        let config = SelfAttentionLabConfig {
            task: options.task.value()?,
            heads: limits::ATTENTION_HEADS
                .count(options.heads)
                .map_err(js_error)?,
            causal: options.causal,
            min_len: limits::ATTENTION_SHORTEST
                .count(options.min_len)
                .map_err(js_error)?,
            max_len: limits::ATTENTION_LONGEST
                .count(options.max_len)
                .map_err(js_error)?,
            seed: limits::SEED.seed(options.seed).map_err(js_error)?,
        };
        Ok(SelfAttentionLab {
            lab: attention::SelfAttentionLab::new(config).map_err(js_error)?,
        })
    }

    /// The training part of the panel (settings, trainer, accuracy) as bytes, for a Web
    /// Worker to go on training it or for the page to take back what the worker trained.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.lab.training_bytes()
    }

    /// A panel whose training part is `toBytes()`'s bytes (for the worker; `_text` is unused).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8], _text: String) -> Result<SelfAttentionLab, JsError> {
        Ok(SelfAttentionLab {
            lab: attention::SelfAttentionLab::from_training_bytes(bytes).map_err(js_error)?,
        })
    }

    /// Takes over the training part of `bytes`, trained further elsewhere; the input is kept
    /// and decoded again. On an error nothing changes.
    pub fn restore(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        self.lab.restore_training(bytes).map_err(js_error)
    }

    /// Nothing is computed ahead for this panel's views (the worker's protocol asks every lab).
    #[wasm_bindgen(js_name = prepareViews)]
    pub fn prepare_views(&self) {}

    /// Trains `steps` steps (mini-batches of 4); returns the last loss. Evaluates every 200.
    pub fn train(&mut self, steps: usize) -> Result<f64, JsError> {
        self.lab.train(steps).map_err(js_error)
    }

    /// Training steps taken.
    #[wasm_bindgen(getter)]
    pub fn steps(&self) -> f64 {
        self.lab.steps() as f64
    }

    /// The model's gradient check (float64) on the input and its right answer: each tensor's
    /// largest entry and three random ones (`seed`).
    #[wasm_bindgen(js_name = gradientCheck)]
    pub fn gradient_check(&self, seed: u64) -> Result<GradientCheckValues, JsError> {
        let check = self.lab.gradient_check(3, seed).map_err(js_error)?;
        Ok(GradientCheckValues::from(&check))
    }

    /// Greedy exact match on 50 fresh examples at the last evaluation (NaN before one).
    #[wasm_bindgen(getter)]
    pub fn accuracy(&self) -> f64 {
        self.lab.accuracy()
    }

    /// Decodes `text` from now on; a bad input throws and the old one stays.
    #[wasm_bindgen(js_name = setInput)]
    pub fn set_input(&mut self, text: &str) -> Result<(), JsError> {
        self.lab.set_input(text).map_err(js_error)
    }

    /// The model's greedy output for the input.
    #[wasm_bindgen(getter)]
    pub fn output(&self) -> String {
        self.lab.output()
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
        let maps = self.lab.maps(masked).map_err(js_error)?;
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_self_attention_lab(area, &maps, masked, theme)
        })
    }

    /// The map cell under a pointer (backend pixels), described, or "".
    #[wasm_bindgen(js_name = cellText)]
    pub fn cell_text(&self, masked: bool, pointer: Pointer) -> String {
        let Ok(maps) = self.lab.maps(masked) else {
            return String::new();
        };
        let theme = pointer.theme();
        self_attention_cell_text(&maps, masked, pointer.size(), &theme, pointer.at())
            .unwrap_or_default()
    }
}
