//! The word2vec lab's reading views for JavaScript: the embedding space with trails,
//! neighbours, analogies, the loss curves and the TSV export.

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::Word2VecLabHandle;
use crate::engine::word2vec::LabRun;
use crate::render::{draw_w2v_loss, draw_w2v_projection, w2v_projection_word_at};
use crate::web::canvas::{draw_on, Pointer};
use crate::web::js_error;

/// Neighbours listed for the picked word.
const NEIGHBOURS: usize = 8;

/// A word near another, and their cosine similarity.
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone, PartialEq)]
pub struct NearWord {
    /// The word.
    pub word: String,
    /// The cosine similarity, in [−1, 1].
    pub cosine: f64,
}

impl Word2VecLabHandle {
    /// Model `run`, or an error naming it.
    fn run(&self, run: usize) -> Result<&LabRun, JsError> {
        self.lab
            .runs
            .get(run)
            .ok_or_else(|| JsError::new(&format!("there is no model {run}")))
    }
}

#[wasm_bindgen(js_class = Word2VecLab)]
impl Word2VecLabHandle {
    /// The embedding space of model `run` in 2-D with trails; `word` (if known) ringed with
    /// lines to its nearest neighbours.
    #[wasm_bindgen(js_name = drawProjection)]
    pub fn draw_projection(
        &self,
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
        run: usize,
        word: &str,
    ) -> Result<(), JsError> {
        self.run(run)?;
        let choice = self.choice;
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_w2v_projection(area, &self.lab, (run, word, choice), theme)
        })
    }

    /// The word drawn nearest a pointer (backend pixels) in model `run`'s picture, or "".
    #[wasm_bindgen(js_name = projectionWordAt)]
    pub fn projection_word_at(&self, run: usize, pointer: Pointer) -> String {
        let theme = pointer.theme();
        w2v_projection_word_at(&self.lab, run, pointer.size(), &theme, pointer.at())
            .unwrap_or_default()
    }

    /// The nearest words to `word` in model `run`; an unknown word throws.
    pub fn neighbours(&self, run: usize, word: &str) -> Result<Vec<NearWord>, JsError> {
        let list = self
            .run(run)?
            .trainer
            .nearest_words(word.trim(), NEIGHBOURS, self.choice)
            .map_err(js_error)?;
        Ok(list
            .into_iter()
            .map(|(word, cosine)| NearWord { word, cosine })
            .collect())
    }

    /// The best answers to `a − b + c` in model `run` (3CosAdd).
    pub fn analogy(&self, run: usize, a: &str, b: &str, c: &str) -> Result<Vec<NearWord>, JsError> {
        let list = self
            .run(run)?
            .trainer
            .analogy_words([a.trim(), b.trim(), c.trim()], 5, self.choice)
            .map_err(js_error)?;
        Ok(list
            .into_iter()
            .map(|(word, cosine)| NearWord { word, cosine })
            .collect())
    }

    /// The loss of every model against pairs trained.
    #[wasm_bindgen(js_name = drawLoss)]
    pub fn draw_loss(&self, canvas: HtmlCanvasElement, pixel_ratio: f64) -> Result<(), JsError> {
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_w2v_loss(area, &self.lab, theme)
        })
    }

    /// `vectors.tsv` of the main model (the Embedding Projector format).
    #[wasm_bindgen(js_name = vectorsTsv)]
    pub fn vectors_tsv(&self) -> String {
        self.lab.runs[0].trainer.vectors_tsv(self.choice)
    }

    /// `metadata.tsv` of the main model (one word per line, no header).
    #[wasm_bindgen(js_name = metadataTsv)]
    pub fn metadata_tsv(&self) -> String {
        self.lab.runs[0].trainer.metadata_tsv()
    }
}
