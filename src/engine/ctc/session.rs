//! The CTC lab's session: an editable emission matrix and a target, the lattice revealed one
//! column at a time (α forward, then β backward, then the posteriors), and a model training on
//! the synthetic task whose emissions can be taken over.

use std::collections::VecDeque;

use ndarray::Array2;

use super::decode::{enumerate_paths, greedy, prefix_beam_search, viterbi};
use super::lattice::{collapse, ctc, CtcOptions, CtcRecord};
use super::model::{CtcModel, CtcModelConfig};
use super::train::{CtcTask, CtcTrainer};
use crate::engine::curve::LossCurve;
use crate::engine::Error;

/// The blank's display name (not a space: a space would be a label).
pub const BLANK_NAME: char = '−';
/// The labels of the lab's alphabet (symbol k + 1 is `LABELS[k]`; symbol 0 is the blank).
pub const LABELS: [char; 3] = ['a', 'b', 'c'];
/// The most frames an edited emission matrix may have.
pub const MAX_FRAMES: usize = crate::engine::limits::CTC_FRAMES.max as usize;

/// Which part of the lattice is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reveal {
    /// α up to frame t (0-based).
    Alpha(usize),
    /// β from frame t (0-based) to the end.
    Beta(usize),
    /// Everything, coloured by the posteriors.
    Posterior,
}

/// Three readings of the emissions.
#[derive(Debug, Clone, PartialEq)]
pub struct Decodings {
    /// The argmax symbol of each frame.
    pub best_frames: Vec<usize>,
    /// Best path collapsed.
    pub best: Vec<usize>,
    /// The most probable labelling found by prefix beam search.
    pub beam: Vec<usize>,
    /// The most probable alignment of the target (a frame path), if any.
    pub viterbi: Option<Vec<usize>>,
}

/// The lab's state.
#[derive(Debug, Clone)]
pub struct CtcSession {
    probs: Array2<f64>,
    target: Vec<usize>,
    record: CtcRecord,
    reveal: Reveal,
    trainer: CtcTrainer,
    losses: LossHistory,
}

/// How many losses the first and the recent summaries average.
pub const LOSS_SUMMARY: usize = 50;

/// The training losses of the whole run: a thinned curve, the first [`LOSS_SUMMARY`] losses
/// (fixed once seen, so "at the start" never changes) and the latest ones.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default)]
pub struct LossHistory {
    /// The whole run, averaged into at most a thousand points.
    pub curve: LossCurve,
    /// The first losses (nats per utterance).
    pub first: Vec<f64>,
    /// The latest losses, oldest first.
    pub recent: VecDeque<f64>,
}

impl LossHistory {
    fn push(&mut self, step: u64, loss: f64) {
        self.curve.push(step, loss);
        if self.first.len() < LOSS_SUMMARY {
            self.first.push(loss);
        }
        if self.recent.len() == LOSS_SUMMARY {
            self.recent.pop_front();
        }
        self.recent.push_back(loss);
    }

    /// The mean of the first losses (NaN before any).
    pub fn first_mean(&self) -> f64 {
        self.first.iter().sum::<f64>() / self.first.len() as f64
    }

    /// The mean of the latest losses (NaN before any).
    pub fn recent_mean(&self) -> f64 {
        self.recent.iter().sum::<f64>() / self.recent.len() as f64
    }
}

/// The symbol index of `c` (`-` and `−` are the blank).
fn symbol_of(c: char) -> Option<usize> {
    if c == '-' || c == BLANK_NAME {
        return Some(0);
    }
    LABELS.iter().position(|&l| l == c).map(|k| k + 1)
}

/// The display name of symbol `k`.
pub fn symbol_name(k: usize) -> char {
    if k == 0 {
        BLANK_NAME
    } else {
        LABELS.get(k - 1).copied().unwrap_or('?')
    }
}

/// Names for a sequence of symbols.
pub fn symbols_text(symbols: &[usize]) -> String {
    symbols.iter().map(|&k| symbol_name(k)).collect()
}

fn alphabet() -> String {
    LABELS
        .iter()
        .map(char::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parses a frame path typed as text (`-` or `−` for the blank).
pub fn parse_path(text: &str) -> Result<Vec<usize>, Error> {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            symbol_of(c).ok_or_else(|| Error::InvalidOption {
                name: "frame path",
                message: format!(
                    "contains {c:?}; use the labels {} and - for the blank",
                    alphabet()
                ),
            })
        })
        .collect()
}

/// Parses a target typed as text (labels only).
pub fn parse_target(text: &str) -> Result<Vec<usize>, Error> {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match symbol_of(c) {
            Some(0) => Err(Error::InvalidOption {
                name: "target",
                message: "cannot contain the blank: it is what CTC inserts between labels"
                    .to_string(),
            }),
            Some(k) => Ok(k),
            None => Err(Error::InvalidOption {
                name: "target",
                message: format!(
                    "contains {c:?}, which is not in the alphabet ({})",
                    alphabet()
                ),
            }),
        })
        .collect()
}

/// The collapse of a typed frame path, as text.
pub fn collapse_text(text: &str) -> Result<String, Error> {
    Ok(symbols_text(&collapse(&parse_path(text)?, 0)))
}

/// The first half of the collapse rule on a typed frame path: repeats merged, blanks kept.
pub fn merge_repeats_text(text: &str) -> Result<String, Error> {
    let path = parse_path(text)?;
    let mut merged = path.clone();
    merged.dedup();
    Ok(symbols_text(&merged))
}

impl CtcSession {
    /// A session with `frames` uniform-ish emissions, target "ab", and a fresh model (seeded).
    pub fn new(seed: u64) -> Result<CtcSession, Error> {
        let symbols = LABELS.len() + 1;
        let task = CtcTask::new(LABELS.len(), 8, 0.4, seed);
        let model = CtcModel::new(CtcModelConfig {
            features: 8,
            hidden: 24,
            symbols,
            bidirectional: true,
            seed: seed.wrapping_add(1),
        })?;
        let trainer = CtcTrainer::new(model, task, 0.01, 5.0, seed.wrapping_add(2))?;
        let probs = Array2::from_shape_fn((5, symbols), |(t, k)| {
            // A gentle default: "a" early, "b" late, blanks between.
            match (t, k) {
                (0 | 1, 1) | (3 | 4, 2) => 0.5,
                (_, 0) => 0.3,
                _ => 0.1,
            }
        });
        let mut session = CtcSession {
            record: ctc(probs.mapv(f64::ln).view(), &[1, 2], CtcOptions::default())?,
            probs,
            target: vec![1, 2],
            reveal: Reveal::Posterior,
            trainer,
            losses: LossHistory::default(),
        };
        session.normalise_and_score()?;
        Ok(session)
    }

    fn normalise_and_score(&mut self) -> Result<(), Error> {
        for mut row in self.probs.rows_mut() {
            let sum = row.sum();
            row.mapv_inplace(|p| p / sum);
        }
        self.record = ctc(self.log_probs().view(), &self.target, CtcOptions::default())?;
        Ok(())
    }

    /// `ln` of the emission probabilities, `[T, C]`.
    pub fn log_probs(&self) -> Array2<f64> {
        self.probs.mapv(f64::ln)
    }

    /// The emission probabilities, `[T, C]`.
    pub fn probs(&self) -> &Array2<f64> {
        &self.probs
    }

    /// The target.
    pub fn target(&self) -> &[usize] {
        &self.target
    }

    /// The lattice record.
    pub fn record(&self) -> &CtcRecord {
        &self.record
    }

    /// What the lattice shows.
    pub fn reveal(&self) -> Reveal {
        self.reveal
    }

    /// Sets the target from text; a bad target is refused and the old one kept.
    pub fn set_target(&mut self, text: &str) -> Result<(), Error> {
        let target = parse_target(text)?;
        let record = ctc(self.log_probs().view(), &target, CtcOptions::default())?;
        self.target = target;
        self.record = record;
        Ok(())
    }

    /// Sets symbol `k`'s probability at frame `t` to `p` (0.001..0.999), scaling the others so
    /// the frame still sums to 1.
    pub fn set_probability(&mut self, t: usize, k: usize, p: f64) -> Result<(), Error> {
        let (frames, symbols) = self.probs.dim();
        if t >= frames || k >= symbols || !p.is_finite() {
            return Err(Error::InvalidOption {
                name: "emission cell",
                message: format!("frame {} symbol {k} = {p} is outside the matrix", t + 1),
            });
        }
        let p = p.clamp(0.001, 0.999);
        let others: f64 = (0..symbols)
            .filter(|&j| j != k)
            .map(|j| self.probs[[t, j]])
            .sum();
        for j in 0..symbols {
            self.probs[[t, j]] = if j == k {
                p
            } else if others > 0.0 {
                self.probs[[t, j]] / others * (1.0 - p)
            } else {
                (1.0 - p) / (symbols - 1) as f64
            };
        }
        self.normalise_and_score()
    }

    /// Changes the number of frames to `frames` (1..=12): new frames are uniform.
    pub fn set_frames(&mut self, frames: usize) -> Result<(), Error> {
        Error::check_between("frames", frames, 1, MAX_FRAMES)?;
        let symbols = self.probs.ncols();
        let old = self.probs.clone();
        self.probs = Array2::from_shape_fn((frames, symbols), |(t, k)| {
            if t < old.nrows() {
                old[[t, k]]
            } else {
                1.0 / symbols as f64
            }
        });
        self.reveal = Reveal::Posterior;
        self.normalise_and_score()
    }

    /// The case where best path and the summed paths disagree: two frames with p(−) = 0.6 and
    /// p(a) = 0.4, target "a" (best path "" but P("a") = 0.64).
    pub fn load_disagreement(&mut self) -> Result<(), Error> {
        let symbols = self.probs.ncols();
        self.probs = Array2::from_shape_fn((2, symbols), |(_, k)| match k {
            0 => 0.6,
            1 => 0.4,
            _ => 0.0,
        });
        self.target = vec![1];
        self.reveal = Reveal::Posterior;
        // Zero-probability symbols stay exactly 0 (ln 0 = −∞ is fine in the recursion).
        self.record = ctc(self.log_probs().view(), &self.target, CtcOptions::default())?;
        Ok(())
    }

    /// Takes the emissions and target of the model's last training utterance.
    pub fn take_model_emissions(&mut self) -> Result<(), Error> {
        let Some((utterance, step)) = self.trainer.last() else {
            return Err(Error::InvalidOption {
                name: "model",
                message: "has not trained yet: train a step first".to_string(),
            });
        };
        self.probs = step.log_probs.mapv(f64::exp);
        self.target = utterance.target.clone();
        self.reveal = Reveal::Posterior;
        self.normalise_and_score()
    }

    /// Reveals the next column: α forward over every frame, then β backward, then posteriors.
    pub fn step_reveal(&mut self) -> Reveal {
        let frames = self.probs.nrows();
        self.reveal = match self.reveal {
            Reveal::Posterior => Reveal::Alpha(0),
            Reveal::Alpha(t) if t + 1 < frames => Reveal::Alpha(t + 1),
            Reveal::Alpha(_) => Reveal::Beta(frames - 1),
            Reveal::Beta(t) if t > 0 => Reveal::Beta(t - 1),
            Reveal::Beta(_) => Reveal::Posterior,
        };
        self.reveal
    }

    /// Best path (frames and collapse), the best beam (width `beam`), and the Viterbi path.
    pub fn decodings(&self, beam: usize) -> Result<Decodings, Error> {
        let log_probs = self.log_probs();
        let best = greedy(log_probs.view(), 0)?;
        let beams = prefix_beam_search(log_probs.view(), 0, beam)?;
        let viterbi_path = viterbi(log_probs.view(), &self.target, 0)?.map(|(path, _)| path);
        Ok(Decodings {
            best_frames: best.frames,
            best: best.collapsed,
            beam: beams.first().map(|b| b.0.clone()).unwrap_or_default(),
            viterbi: viterbi_path,
        })
    }

    /// Every frame path that collapses to the target, with its probability, most likely first.
    pub fn alignments(&self) -> Result<Vec<(Vec<usize>, f64)>, Error> {
        let mut paths: Vec<(Vec<usize>, f64)> = enumerate_paths(self.log_probs().view(), 0)?
            .into_iter()
            .filter(|p| p.collapsed == self.target && p.log_prob > f64::NEG_INFINITY)
            .map(|p| (p.frames, p.log_prob.exp()))
            .collect();
        paths.sort_by(|a, b| b.1.total_cmp(&a.1));
        Ok(paths)
    }

    /// Trains `steps` steps of the model on fresh utterances.
    pub fn train(&mut self, steps: usize) -> Result<(), Error> {
        for _ in 0..steps {
            let loss = self.trainer.step()?;
            self.losses.push(self.trainer.steps(), loss);
        }
        Ok(())
    }

    /// The training part of the session (the model, its optimiser, data and losses) as
    /// snapshot bytes ([`crate::engine::snapshot`]); the lattice a visitor edits is not in them.
    pub fn training_bytes(&self) -> Vec<u8> {
        crate::engine::snapshot::to_bytes(&(&self.trainer, &self.losses))
    }

    /// Takes over the training part of `bytes` (from [`CtcSession::training_bytes`]), keeping
    /// the lattice as it is; on an error nothing changes.
    pub fn restore_training(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let (trainer, losses) = crate::engine::snapshot::from_bytes(bytes)?;
        self.trainer = trainer;
        self.losses = losses;
        Ok(())
    }

    /// The training losses of the whole run.
    pub fn losses(&self) -> &LossHistory {
        &self.losses
    }

    /// The trainer.
    pub fn trainer(&self) -> &CtcTrainer {
        &self.trainer
    }
}
