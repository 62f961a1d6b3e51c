//! The word2vec lab's reading views for JavaScript: the embedding space with trails,
//! neighbours, analogies, the loss curves and the TSV export.

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::Word2VecLabHandle;
use crate::engine::word2vec::LabRun;
use crate::render::{
    draw_curves, draw_projection, projection_point_at, CurvesView, ProjectionView, Series, Theme,
};
use crate::web::canvas::draw_on;
use crate::web::js_error;

/// Neighbours listed for the picked word.
const NEIGHBOURS: usize = 8;

/// The projection of one run, owned: words, points, trails, classes.
struct Picture {
    words: Vec<String>,
    points: Vec<(f64, f64)>,
    trails: Vec<Vec<(f64, f64)>>,
    classes: Option<Vec<usize>>,
    class_names: Vec<String>,
    title: String,
}

impl Word2VecLabHandle {
    fn run(&self, run: usize) -> Result<&LabRun, JsError> {
        self.lab
            .runs
            .get(run)
            .ok_or_else(|| JsError::new(&format!("there is no model {run}")))
    }

    fn picture(&self, run: usize) -> Result<Picture, JsError> {
        let lab_run = self.run(run)?;
        let vocabulary = lab_run.trainer.vocabulary();
        let (points, explained) = match &lab_run.projection {
            Some(p) => (
                p.points
                    .rows()
                    .into_iter()
                    .map(|r| (r[0], r[1]))
                    .collect::<Vec<_>>(),
                (p.variances[0] + p.variances[1]) / p.total_variance.max(f64::MIN_POSITIVE),
            ),
            None => (Vec::new(), f64::NAN),
        };
        let words: Vec<String> = vocabulary.words()[..points.len()].to_vec();
        let (classes, class_names) = match &self.lab.classes {
            Some((names, of_word)) => {
                let mut names = names.clone();
                let other = names.len();
                names.push("other".to_string());
                let classes = (0..points.len())
                    .map(|k| of_word.get(k).copied().flatten().unwrap_or(other))
                    .collect();
                (Some(classes), names)
            }
            None => (None, Vec::new()),
        };
        Ok(Picture {
            trails: lab_run
                .trails
                .iter()
                .take(points.len())
                .map(|t| t.iter().copied().collect())
                .collect(),
            words,
            points,
            classes,
            class_names,
            title: format!(
                "{} · PCA, 2 components explain {:.0} %",
                lab_run.label,
                100.0 * explained
            ),
        })
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
        let picture = self.picture(run)?;
        let highlight = picture.words.iter().position(|w| w == word);
        let neighbours: Vec<usize> = match highlight {
            Some(_) => self
                .run(run)?
                .trainer
                .nearest_words(word, NEIGHBOURS, self.choice)
                .map(|list| {
                    list.iter()
                        .filter_map(|(w, _)| picture.words.iter().position(|p| p == w))
                        .collect()
                })
                .unwrap_or_default(),
            None => Vec::new(),
        };
        let view = ProjectionView {
            words: &picture.words,
            points: &picture.points,
            trails: &picture.trails,
            classes: picture.classes.as_deref(),
            class_names: &picture.class_names,
            highlight,
            neighbours: &neighbours,
            title: &picture.title,
        };
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_projection(area, &view, theme)
        })
    }

    /// The word drawn nearest a pointer (backend pixels) in model `run`'s picture, or "".
    #[wasm_bindgen(js_name = projectionWordAt)]
    pub fn projection_word_at(
        &self,
        run: usize,
        width: u32,
        height: u32,
        pixel_ratio: f64,
        x: f64,
        y: f64,
    ) -> String {
        let Ok(picture) = self.picture(run) else {
            return String::new();
        };
        let view = ProjectionView {
            words: &picture.words,
            points: &picture.points,
            trails: &picture.trails,
            classes: picture.classes.as_deref(),
            class_names: &picture.class_names,
            highlight: None,
            neighbours: &[],
            title: &picture.title,
        };
        let theme = Theme::light(pixel_ratio);
        projection_point_at(width, height, &view, &theme, x, y)
            .map(|k| picture.words[k].clone())
            .unwrap_or_default()
    }

    /// The nearest words to `word` in model `run` as `["word cosine", …]`; an unknown word throws.
    pub fn neighbours(&self, run: usize, word: &str) -> Result<Vec<String>, JsError> {
        let list = self
            .run(run)?
            .trainer
            .nearest_words(word.trim(), NEIGHBOURS, self.choice)
            .map_err(js_error)?;
        Ok(list
            .into_iter()
            .map(|(w, c)| format!("{w} {c:.3}"))
            .collect())
    }

    /// The best answers to `a − b + c` in model `run` (3CosAdd), as `["word cosine", …]`.
    pub fn analogy(&self, run: usize, a: &str, b: &str, c: &str) -> Result<Vec<String>, JsError> {
        let list = self
            .run(run)?
            .trainer
            .analogy_words([a.trim(), b.trim(), c.trim()], 5, self.choice)
            .map_err(js_error)?;
        Ok(list
            .into_iter()
            .map(|(w, c)| format!("{w} {c:.3}"))
            .collect())
    }

    /// The loss of every model against pairs trained.
    #[wasm_bindgen(js_name = drawLoss)]
    pub fn draw_loss(&self, canvas: HtmlCanvasElement, pixel_ratio: f64) -> Result<(), JsError> {
        let curves: Vec<(String, Vec<(f64, f64)>)> = self
            .lab
            .runs
            .iter()
            .map(|run| {
                (
                    run.label.to_string(),
                    run.trainer
                        .loss_curve()
                        .points()
                        .iter()
                        .map(|&(x, y)| (x as f64, y))
                        .collect(),
                )
            })
            .collect();
        let series: Vec<Series> = curves
            .iter()
            .map(|(label, points)| Series { label, points })
            .collect();
        let view = CurvesView {
            series: &series,
            x_label: "pairs",
            y_label: "loss per pair",
            y_range: None,
            markers: false,
            empty_text: "no pairs trained yet",
        };
        draw_on(canvas, pixel_ratio, |area, theme| {
            draw_curves(area, &view, theme)
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
