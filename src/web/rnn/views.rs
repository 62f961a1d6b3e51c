//! The RNN lab's drawings and pointer read-outs for JavaScript: each hands a canvas to the
//! renderer's lab views, or asks them what is under a pointer.

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{GradientReadout, GradientValues, HeatmapCell, RnnLab, RnnState};
use crate::engine::metrics::Perplexity;
use crate::engine::rnn;
use crate::render::{
    draw_rnn_gradient_norms, draw_rnn_heatmap, draw_rnn_input_reach, draw_rnn_training_curves,
    draw_rnn_unrolled, draw_surprisal, gradient_step_at, heatmap_cell_at, state_matrix,
    unrolled_cell_at,
};
use crate::web::canvas::{draw_on, Pointer};
use crate::web::{js_error, GradientCheckValues};

#[wasm_bindgen]
impl RnnLab {
    /// Draws model `index`'s unrolled network on `canvas`.
    #[wasm_bindgen(js_name = drawUnrolled)]
    pub fn draw_unrolled(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
        index: usize,
    ) -> Result<(), JsError> {
        let lab = self.lab(index)?;
        let stage = self.session.stage();
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_rnn_unrolled(area, (lab, stage), theme)
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
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_rnn_gradient_norms(area, &self.session, normalised, theme)
        })
    }

    /// Draws how much of the last step's loss reaches each input, `‖∂L_T/∂x_t‖` by distance
    /// `T − t`, for every model on one log scale.
    #[wasm_bindgen(js_name = drawInputReach)]
    pub fn draw_input_reach(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
    ) -> Result<(), JsError> {
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_rnn_input_reach(area, &self.session, theme)
        })
    }

    /// Model `index`'s gradient check on the chunk shown: each tensor's largest entry and three
    /// random ones (`seed`), the analytic gradient beside the central difference (float32).
    #[wasm_bindgen(js_name = gradientCheck)]
    pub fn gradient_check(&self, index: usize, seed: u64) -> Option<GradientCheckValues> {
        let lab = self.session.models().get(index)?;
        let check = rnn::gradient_check(lab.trainer.model(), lab.trainer.record(), 3, seed)?;
        Some(GradientCheckValues::from(&check))
    }

    /// `‖∂L_T/∂x_t‖` for t = 1..T of model `index`'s chunk (empty before any).
    #[wasm_bindgen(js_name = inputReach)]
    pub fn input_reach(&self, index: usize) -> Vec<f64> {
        self.session
            .curves(index)
            .map(|c| c.input)
            .unwrap_or_default()
    }

    /// Draws a heat map (units × time) of state `which` of model `index`.
    #[wasm_bindgen(js_name = drawHeatmap)]
    pub fn draw_heatmap(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
        index: usize,
        which: RnnState,
    ) -> Result<(), JsError> {
        let lab = self.lab(index)?;
        let which = which.value()?;
        let values = state_matrix(lab, which).map_err(|message| JsError::new(&message))?;
        let stage = self.session.stage();
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_rnn_heatmap(area, (lab, stage), (which, &values), theme)
        })
    }

    /// Draws the training curves of every model.
    #[wasm_bindgen(js_name = drawTrainingCurves)]
    pub fn draw_training_curves(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
    ) -> Result<(), JsError> {
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_rnn_training_curves(area, &self.session, theme)
        })
    }

    /// The timestep (0-based) under canvas pixel `pointer.at()` of the unrolled view, if any.
    #[wasm_bindgen(js_name = unrolledCellAt)]
    pub fn unrolled_cell_at(&self, pointer: Pointer) -> Option<usize> {
        unrolled_cell_at(
            pointer.width,
            pointer.height,
            self.session.chunk_len(),
            &pointer.theme(),
            pointer.x,
            pointer.y,
        )
    }

    /// The values under the pointer's x on the gradient chart (undefined off the plot).
    #[wasm_bindgen(js_name = gradientValuesAt)]
    pub fn gradient_values_at(&self, pointer: Pointer) -> Option<GradientReadout> {
        let steps = self.session.chunk_len();
        let t = gradient_step_at(pointer.width, steps, &pointer.theme(), pointer.x)?;
        let models = (0..self.model_count())
            .filter_map(|index| self.session.curves(index))
            .map(|c| GradientValues {
                last_loss: c.last_loss[t - 1],
                total: c.total[t - 1],
                jacobian: c.jacobian[t - 1],
                forget_product: c.forget_product[t - 1],
            })
            .collect();
        Some(GradientReadout { step: t, models })
    }

    /// The cell under canvas pixel `pointer.at()` of a heat map, if any.
    #[wasm_bindgen(js_name = heatmapCellAt)]
    pub fn heatmap_cell_at(&self, pointer: Pointer) -> Option<HeatmapCell> {
        let units = self.session.models()[0].trainer.model().dims().hidden;
        heatmap_cell_at(
            pointer.width,
            pointer.height,
            self.session.chunk_len(),
            units,
            &pointer.theme(),
            pointer.x,
            pointer.y,
        )
        .map(|(timestep, unit)| HeatmapCell { timestep, unit })
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
        let score = rnn::score_text(self.lab(index)?.trainer.model(), text).map_err(js_error)?;
        let perplexity = Perplexity::from_surprisal(
            text,
            &score.surprisal_bits,
            score.cross_entropy_bits,
            score.perplexity,
        );
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_surprisal(area, &perplexity, theme)
        })
    }
}
