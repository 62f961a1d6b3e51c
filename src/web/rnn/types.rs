//! The values the RNN lab hands to JavaScript and the choices it takes: tasks, stages,
//! states, hover read-outs and text scores.

use wasm_bindgen::prelude::*;

use crate::render::RecurrentState;
use crate::web::choice::choice;

/// A built-in training text of the lab.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RnnTask {
    /// `\begin{name} … \end{name}` with bodies of 1..`length` characters.
    Environments = "environments",
    /// The first character recalled after `length` characters.
    Remember = "remember",
    /// A short English text, repeated.
    Plain = "plain",
}

/// Where a step-through is: before a chunk, or at one of its stages.
#[wasm_bindgen(js_name = RnnStage)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageName {
    /// No chunk has been run yet.
    Ready = "ready",
    /// The forward pass at `stageStep`.
    Forward = "forward",
    /// The loss over the chunk.
    Loss = "loss",
    /// Backpropagation through time at `stageStep`.
    Backward = "backward",
    /// The parameter update.
    Update = "update",
}

choice! {
    #[doc = " A state or gate of the cells, shown as a heat map (units × time)."]
    #[wasm_bindgen]
    pub enum RnnState("the state") => RecurrentState {
        /// The hidden state h (both cells).
        H = "h" => RecurrentState::Hidden,
        /// The LSTM's cell state c.
        C = "c" => RecurrentState::Cell,
        /// The LSTM's input gate i.
        I = "i" => RecurrentState::Input,
        /// The LSTM's forget gate f.
        F = "f" => RecurrentState::Forget,
        /// The LSTM's candidate g.
        G = "g" => RecurrentState::Candidate,
        /// The LSTM's output gate o.
        O = "o" => RecurrentState::Output,
        /// The GRU's reset gate r.
        R = "r" => RecurrentState::Reset,
        /// The GRU's update gate z.
        Z = "z" => RecurrentState::Update,
        /// The GRU's candidate n.
        N = "n" => RecurrentState::NewState,
    }
}

/// A heat-map cell under the pointer.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeatmapCell {
    /// The timestep (0-based).
    pub timestep: usize,
    /// The hidden unit (0-based).
    pub unit: usize,
}

/// How the last step's gradient changes going back through the chunk.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradientDecayValues {
    /// `‖∂L_T/∂h_1‖ / ‖∂L_T/∂h_T‖` (0: it vanished in float32).
    pub total: f64,
    /// The geometric mean change per step (0: it vanished).
    #[wasm_bindgen(js_name = perStep)]
    pub per_step: f64,
}

/// One model's gradient read-out at a timestep of the gradient chart.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradientValues {
    /// `‖∂L_T/∂h_t‖`: the last step's loss reaching h_t.
    #[wasm_bindgen(js_name = lastLoss)]
    pub last_loss: f64,
    /// `‖∂L/∂h_t‖`: the whole chunk's loss reaching h_t.
    pub total: f64,
    /// `‖∂h_t/∂h_{t−1}‖₂`.
    pub jacobian: f64,
    /// The mean over units of `Π f` from t to T (NaN for the RNN).
    #[wasm_bindgen(js_name = forgetProduct)]
    pub forget_product: f64,
}

/// The gradient chart's values under the pointer: a timestep and each model's values there.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct GradientReadout {
    pub(super) step: usize,
    pub(super) models: Vec<GradientValues>,
}

#[wasm_bindgen]
impl GradientReadout {
    /// The timestep t (1-based).
    #[wasm_bindgen(getter)]
    pub fn step(&self) -> usize {
        self.step
    }

    /// Model `index`'s values at t (undefined when that model has none).
    pub fn model(&self, index: usize) -> Option<GradientValues> {
        self.models.get(index).copied()
    }
}

/// A text scored by a model: per-character surprisal, cross entropy and perplexity.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct TextScore {
    pub(super) surprisal_bits: Vec<f32>,
    /// The mean surprisal, in bits per character.
    #[wasm_bindgen(js_name = crossEntropyBits)]
    pub cross_entropy_bits: f32,
    /// 2 to the cross entropy.
    pub perplexity: f32,
}

#[wasm_bindgen]
impl TextScore {
    /// Surprisal of each character after the first, in bits.
    #[wasm_bindgen(getter, js_name = surprisalBits)]
    pub fn surprisal_bits(&self) -> Vec<f32> {
        self.surprisal_bits.clone()
    }
}
