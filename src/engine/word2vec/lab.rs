//! The word2vec lab's session: one model, or the same model untied and tied trained in
//! lockstep on the same pairs and negatives, the 2-D projection of each with trails, and the
//! rows the page shows of W and W′.

use std::collections::VecDeque;

use ndarray::Array2;

use super::model::{EmbeddingChoice, Matrix, Tying};
use super::pca::Projection;
use super::trainer::Word2VecTrainer;
use super::Word2VecConfig;
use crate::engine::Error;

/// Earlier positions kept per word for the trails.
pub const TRAIL_LENGTH: usize = 16;
/// Words drawn in the projection (the most frequent; ids are by descending count).
pub const PROJECTED_WORDS: usize = 120;
/// Rows of W and W′ the page shows.
pub const SHOWN_ROWS: usize = 24;

/// One trained model with its picture.
#[derive(Debug, Clone)]
pub struct LabRun {
    /// What it is ("untied: W and W′", "tied: W′ = W").
    pub label: &'static str,
    /// The trainer.
    pub trainer: Word2VecTrainer,
    /// The latest projection of the shown words.
    pub projection: Option<Projection>,
    /// Each shown word's earlier positions, oldest first.
    pub trails: Vec<VecDeque<(f64, f64)>>,
}

/// The lab: the runs and the known word classes (for a built-in corpus).
#[derive(Debug, Clone)]
pub struct Word2VecLab {
    /// The main run first; the comparison (the other tying) second when asked for.
    pub runs: Vec<LabRun>,
    /// Class names and each projected word's class, when the corpus has known classes.
    pub classes: Option<(Vec<String>, Vec<Option<usize>>)>,
}

fn label(tying: Tying) -> &'static str {
    match tying {
        Tying::Untied => "untied: W and W′",
        Tying::Tied => "tied: W′ = W",
    }
}

impl Word2VecLab {
    /// Builds the model (and, with `compare`, the same model with the other tying) on
    /// sentences of tokens; `classes` names word classes (class name, its words) if known.
    pub fn new<S: AsRef<str>>(
        sentences: &[Vec<S>],
        config: Word2VecConfig,
        compare: bool,
        classes: Option<Vec<(String, Vec<String>)>>,
    ) -> Result<Word2VecLab, Error> {
        let mut configs = vec![config];
        if compare {
            let other = match config.tying {
                Tying::Untied => Tying::Tied,
                Tying::Tied => Tying::Untied,
            };
            configs.push(Word2VecConfig {
                tying: other,
                ..config
            });
        }
        let mut runs = Vec::new();
        for config in configs {
            let trainer = Word2VecTrainer::from_sentences(sentences, config)?;
            runs.push(LabRun {
                label: label(config.tying),
                trainer,
                projection: None,
                trails: Vec::new(),
            });
        }
        let classes = classes.map(|classes| {
            let vocabulary = runs[0].trainer.vocabulary();
            let shown = vocabulary.len().min(PROJECTED_WORDS);
            let of_word = (0..shown)
                .map(|id| {
                    let word = vocabulary.word(id).unwrap_or_default();
                    classes
                        .iter()
                        .position(|(_, words)| words.iter().any(|w| w == word))
                })
                .collect();
            (classes.into_iter().map(|(name, _)| name).collect(), of_word)
        });
        let mut lab = Word2VecLab { runs, classes };
        lab.snapshot(EmbeddingChoice::Input)?;
        Ok(lab)
    }

    /// Pairs left in the schedule (epochs × pairs per epoch); training stops at its end.
    pub fn remaining(&self) -> u64 {
        let trainer = &self.runs[0].trainer;
        trainer.planned_pairs().saturating_sub(trainer.pairs_done())
    }

    /// The schedule has ended: an error saying so, for a step asked for after it.
    fn finished(&self) -> Error {
        let trainer = &self.runs[0].trainer;
        Error::InvalidOption {
            name: "training",
            message: format!(
                "has finished: all {} planned pairs ({} epochs) are done. Raise the epochs and \
                 press New model to train longer",
                trainer.planned_pairs(),
                trainer.config().epochs
            ),
        }
    }

    /// One pair in every run (the runs share pairs and negatives: same seed); an error once
    /// the schedule has ended.
    pub fn step(&mut self) -> Result<(), Error> {
        if self.remaining() == 0 {
            return Err(self.finished());
        }
        for run in &mut self.runs {
            run.trainer.step()?;
        }
        Ok(())
    }

    /// `pairs` pairs in every run, or the pairs left in the schedule if fewer; the main run's
    /// mean loss. An error once the schedule has ended.
    pub fn train(&mut self, pairs: u64) -> Result<f64, Error> {
        if self.remaining() == 0 && pairs > 0 {
            return Err(self.finished());
        }
        let pairs = pairs.min(self.remaining());
        let mut loss = f64::NAN;
        for (k, run) in self.runs.iter_mut().enumerate() {
            let mean = run.trainer.train(pairs)?;
            if k == 0 {
                loss = mean;
            }
        }
        Ok(loss)
    }

    /// Every run's trainer (text, vocabulary, settings and progress) as snapshot bytes, for a
    /// Web Worker to build the same runs from ([`Word2VecLab::from_session_bytes`]).
    pub fn session_bytes(&self) -> Vec<u8> {
        let trainers: Vec<&Word2VecTrainer> = self.runs.iter().map(|run| &run.trainer).collect();
        crate::engine::snapshot::to_bytes(&trainers)
    }

    /// The runs of `bytes` (from [`Word2VecLab::session_bytes`]), without projections or
    /// word classes (a worker trains them; the page draws).
    pub fn from_session_bytes(bytes: &[u8]) -> Result<Word2VecLab, Error> {
        let trainers: Vec<Word2VecTrainer> = crate::engine::snapshot::from_bytes(bytes)?;
        if trainers.is_empty() {
            return Err(Error::InvalidModel("a snapshot with no model".to_string()));
        }
        let runs = trainers
            .into_iter()
            .map(|trainer| LabRun {
                label: label(trainer.config().tying),
                trainer,
                projection: None,
                trails: Vec::new(),
            })
            .collect();
        Ok(Word2VecLab {
            runs,
            classes: None,
        })
    }

    /// What training changed in every run (models, positions, curves, last steps) as
    /// snapshot bytes, much smaller than [`Word2VecLab::session_bytes`]: the text stays out.
    pub fn progress_bytes(&self) -> Vec<u8> {
        let progress: Vec<_> = self.runs.iter().map(|run| run.trainer.progress()).collect();
        crate::engine::snapshot::to_bytes(&progress)
    }

    /// Takes over `bytes` (from [`Word2VecLab::progress_bytes`] of the same runs trained
    /// further elsewhere); projections and trails stay. On an error nothing changes.
    pub fn restore_progress(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let progress: Vec<super::trainer::Progress> = crate::engine::snapshot::from_bytes(bytes)?;
        if progress.len() != self.runs.len() {
            return Err(Error::InvalidModel(
                "a snapshot of another number of models".to_string(),
            ));
        }
        for (run, part) in self.runs.iter().zip(&progress) {
            run.trainer.check_progress(part)?;
        }
        for (run, part) in self.runs.iter_mut().zip(progress) {
            run.trainer.set_progress(part);
        }
        Ok(())
    }

    /// Projects the shown words of every run again and extends their trails.
    pub fn snapshot(&mut self, choice: EmbeddingChoice) -> Result<(), Error> {
        for run in &mut self.runs {
            let embeddings = run.trainer.embeddings(choice);
            let shown = embeddings.nrows().min(PROJECTED_WORDS);
            let projection = super::pca::pca_2d(embeddings.slice(ndarray::s![..shown, ..]))?;
            run.trails.resize(shown, VecDeque::new());
            if let Some(previous) = &run.projection {
                for (trail, point) in run.trails.iter_mut().zip(previous.points.rows()) {
                    if trail.len() == TRAIL_LENGTH {
                        trail.pop_front();
                    }
                    trail.push_back((point[0], point[1]));
                }
            }
            run.projection = Some(projection);
        }
        Ok(())
    }

    /// Forgets the trails (after the embedding choice changes, say).
    pub fn clear_trails(&mut self) {
        for run in &mut self.runs {
            run.trails.iter_mut().for_each(VecDeque::clear);
            run.projection = None;
        }
    }

    /// The rows of W and W′ the page shows for run `run`: the last step's centre, context and
    /// negatives first (each once), then the most frequent words, at most [`SHOWN_ROWS`]; and
    /// the last step's change of each shown row of W and of W′ (zero rows when unchanged).
    pub fn shown_rows(&self, run: usize) -> (Vec<usize>, Array2<f64>, Array2<f64>) {
        let trainer = &self.runs[run].trainer;
        let vocabulary = trainer.vocabulary().len();
        let mut rows: Vec<usize> = Vec::new();
        if let Some(last) = trainer.last() {
            let mut involved = vec![last.update.centre, last.update.context];
            if let super::Scores::NegativeSampling { negatives, .. } = &last.update.scores {
                involved.extend(negatives);
            }
            for id in involved {
                if !rows.contains(&id) {
                    rows.push(id);
                }
            }
        }
        for id in 0..vocabulary {
            if rows.len() >= SHOWN_ROWS.min(vocabulary) {
                break;
            }
            if !rows.contains(&id) {
                rows.push(id);
            }
        }
        rows.truncate(SHOWN_ROWS);
        let dimensions = trainer.model().dimensions();
        let mut delta_w = Array2::zeros((rows.len(), dimensions));
        let mut delta_w_prime = Array2::zeros((rows.len(), dimensions));
        if let Some(last) = trainer.last() {
            for change in &last.update.changes {
                if let Some(k) = rows.iter().position(|&r| r == change.row) {
                    let target = match change.matrix {
                        Matrix::Input => &mut delta_w,
                        Matrix::Output => &mut delta_w_prime,
                    };
                    target.row_mut(k).assign(&change.delta());
                }
            }
        }
        (rows, delta_w, delta_w_prime)
    }
}
