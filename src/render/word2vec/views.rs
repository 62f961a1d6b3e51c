//! The word2vec lab's drawings and hover read-outs straight from the engine's session: the
//! views are built here, natively (where tests reach them), so the web layer only converts
//! arguments and hands over a canvas.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::engine::word2vec::{EmbeddingChoice, LabRun, MatrixRows, Scores, Word2VecLab};
use crate::engine::Error;
use crate::render::kit::significant;
use crate::render::{
    draw_curves, draw_matrices, draw_pair, draw_projection, draw_sampling, matrices_cell_at,
    projection_point_at, CurvesView, MatricesView, PairView, ProjectionView, RenderError,
    SamplingView, Series, Theme,
};

/// Words in the negative-sampling chart.
const SAMPLING_WORDS: usize = 30;
/// Neighbours ringed in the picture for the picked word.
const NEIGHBOURS: usize = 8;

/// Model `run` of `lab`, or an error naming it.
fn run_of(lab: &Word2VecLab, run: usize) -> Result<&LabRun, Error> {
    lab.runs.get(run).ok_or(Error::InvalidOption {
        name: "model",
        message: format!("there is no model {run}"),
    })
}

/// Draws the unigram and unigram^α distributions of the most frequent words, the last
/// negatives marked.
pub fn draw_w2v_sampling<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lab: &Word2VecLab,
    theme: &Theme,
) -> Result<(), RenderError> {
    let trainer = &lab.runs[0].trainer;
    let vocabulary = trainer.vocabulary();
    let shown = vocabulary.len().min(SAMPLING_WORDS);
    let words: Vec<String> = vocabulary.words()[..shown].to_vec();
    let unigram = vocabulary.unigram(shown);
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
    draw_sampling(area, &view, theme)
}

/// Draws the last update's scores: σ of the centre's dot product with the context and each
/// negative, and each term of the loss.
pub fn draw_w2v_pair<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lab: &Word2VecLab,
    theme: &Theme,
) -> Result<(), RenderError> {
    let trainer = &lab.runs[0].trainer;
    let word = |id: usize| trainer.vocabulary().word(id).unwrap_or("?").to_string();
    let (centre, labels, dots, sigmas, terms, loss) = match trainer.last() {
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
                    u.scores.terms(),
                    u.loss,
                ),
                Scores::Softmax { .. } => (
                    word(u.centre),
                    Vec::new(),
                    Vec::new(),
                    Vec::new(),
                    Vec::new(),
                    u.loss,
                ),
            }
        }
        None => (
            String::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            f64::NAN,
        ),
    };
    let view = PairView {
        centre: &centre,
        labels: &labels,
        dots: &dots,
        sigmas: &sigmas,
        terms: &terms,
        loss,
    };
    draw_pair(area, &view, theme)
}

/// The last update in words, or `None` before the first.
pub fn w2v_pair_text(lab: &Word2VecLab) -> Option<String> {
    let trainer = &lab.runs[0].trainer;
    let last = trainer.last()?;
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
    Some(format!(
        "pair {}: centre '{}' → context '{}'; {what}; loss {}; learning rate {}; {} rows moved",
        last.step,
        word(u.centre),
        word(u.context),
        significant(u.loss, 4),
        significant(u.learning_rate, 3),
        u.changes.len()
    ))
}

/// The view of `rows`.
fn matrices_view(rows: &MatrixRows) -> MatricesView<'_> {
    MatricesView {
        words: &rows.words,
        w: rows.w.view(),
        w_prime: (!rows.tied).then(|| rows.w_prime.view()),
        changed_w: &rows.changed_w,
        changed_w_prime: &rows.changed_w_prime,
        delta_w: Some(rows.delta_w.view()),
        delta_w_prime: (!rows.tied).then(|| rows.delta_w_prime.view()),
        roles: &rows.roles,
    }
}

/// Draws rows of W and W′: the last pair's words first, the rows it changed outlined, their
/// change beside them.
pub fn draw_w2v_matrices<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rows: &MatrixRows,
    theme: &Theme,
) -> Result<(), RenderError> {
    draw_matrices(area, &matrices_view(rows), theme)
}

/// The matrix cell of `rows` under a pointer at `(x, y)` (backend pixels), described.
pub fn w2v_matrices_cell_text(
    rows: &MatrixRows,
    (width, height): (u32, u32),
    theme: &Theme,
    (x, y): (f64, f64),
) -> Option<String> {
    let (matrix, row, col) = matrices_cell_at(width, height, &matrices_view(rows), theme, x, y)?;
    let (name, values, delta) = if matrix == 0 {
        ("W", &rows.w, &rows.delta_w)
    } else {
        ("W′", &rows.w_prime, &rows.delta_w_prime)
    };
    Some(format!(
        "{name}['{}'][{col}] = {} (last change {})",
        rows.words[row],
        significant(values[[row, col]], 4),
        significant(delta[[row, col]], 3)
    ))
}

/// The projection of one run, owned: words, points, trails, classes.
struct Picture {
    words: Vec<String>,
    points: Vec<(f64, f64)>,
    trails: Vec<Vec<(f64, f64)>>,
    classes: Option<Vec<usize>>,
    class_names: Vec<String>,
    title: String,
}

impl Picture {
    /// The picture of model `run`.
    fn of(lab: &Word2VecLab, run: usize) -> Result<Picture, Error> {
        let lab_run = run_of(lab, run)?;
        let vocabulary = lab_run.trainer.vocabulary();
        let (points, explained) = match &lab_run.projection {
            Some(p) => (
                p.points
                    .rows()
                    .into_iter()
                    .map(|r| (r[0], r[1]))
                    .collect::<Vec<_>>(),
                p.explained(),
            ),
            None => (Vec::new(), f64::NAN),
        };
        let words: Vec<String> = vocabulary.words()[..points.len()].to_vec();
        let (classes, class_names) = match &lab.classes {
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

    /// The view, `highlight` ringed with lines to `neighbours`.
    fn view<'a>(&'a self, highlight: Option<usize>, neighbours: &'a [usize]) -> ProjectionView<'a> {
        ProjectionView {
            words: &self.words,
            points: &self.points,
            trails: &self.trails,
            classes: self.classes.as_deref(),
            class_names: &self.class_names,
            highlight,
            neighbours,
            title: &self.title,
        }
    }
}

/// Draws the embedding space of model `run` in 2-D with trails; `word` (if shown) ringed with
/// lines to its nearest neighbours under `choice`.
pub fn draw_w2v_projection<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lab: &Word2VecLab,
    (run, word, choice): (usize, &str, EmbeddingChoice),
    theme: &Theme,
) -> Result<(), RenderError> {
    let picture = Picture::of(lab, run).map_err(|e| RenderError(e.to_string()))?;
    let highlight = picture.words.iter().position(|w| w == word);
    let neighbours: Vec<usize> = match highlight {
        Some(_) => lab.runs[run]
            .trainer
            .nearest_words(word, NEIGHBOURS, choice)
            .map(|list| {
                list.iter()
                    .filter_map(|(w, _)| picture.words.iter().position(|p| p == w))
                    .collect()
            })
            .unwrap_or_default(),
        None => Vec::new(),
    };
    draw_projection(area, &picture.view(highlight, &neighbours), theme)
}

/// The word drawn nearest a pointer at `(x, y)` (backend pixels) in model `run`'s picture.
pub fn w2v_projection_word_at(
    lab: &Word2VecLab,
    run: usize,
    (width, height): (u32, u32),
    theme: &Theme,
    (x, y): (f64, f64),
) -> Option<String> {
    let picture = Picture::of(lab, run).ok()?;
    let k = projection_point_at(width, height, &picture.view(None, &[]), theme, x, y)?;
    Some(picture.words[k].clone())
}

/// Draws the loss of every model against pairs trained.
pub fn draw_w2v_loss<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lab: &Word2VecLab,
    theme: &Theme,
) -> Result<(), RenderError> {
    let curves: Vec<(String, Vec<(f64, f64)>)> = lab
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
    draw_curves(area, &view, theme)
}
