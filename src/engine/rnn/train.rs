//! Training with truncated BPTT (the state carried across chunks of a long text), sampling
//! with temperature, and scoring a text.

use super::bptt::{backward, forward, SequenceRecord};
use super::model::CharModel;
use crate::engine::divergence::{DivergenceWatch, BITS_PER_CHAR};
use crate::engine::nn::{clip_grad_norm, Optimizer, OptimizerState};
use crate::engine::{Error, Rng};

/// The longest truncation window.
pub const MAX_SEQ_LEN: usize = 512;

/// How to train.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq)]
pub struct TrainConfig {
    /// Truncation window T: characters per chunk.
    pub seq_len: usize,
    /// The optimiser.
    pub optimizer: Optimizer,
    /// Clip the global gradient norm to this (`None`: no clipping).
    pub clip: Option<f32>,
    /// Seed for where chunks start after the text wraps.
    pub seed: u64,
}

/// What one training step did.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq)]
pub struct StepStats {
    /// The step number, from 1.
    pub step: u64,
    /// The mean loss of the chunk before the update (nats per character).
    pub loss: f32,
    /// The global gradient norm before clipping.
    pub grad_norm: f64,
    /// The global gradient norm after clipping (equal when not clipped).
    pub clipped_norm: f64,
    /// True when clipping scaled the gradient.
    pub clipped: bool,
}

/// A model, its optimiser and its place in the training text.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct Trainer {
    model: CharModel,
    optimizer: OptimizerState,
    config: TrainConfig,
    /// Left out of snapshots (the receiver has the text): see [`Trainer::share_text`].
    #[serde(skip)]
    text: Vec<usize>,
    cursor: usize,
    h: Vec<f32>,
    c: Vec<f32>,
    rng: Rng,
    record: SequenceRecord,
    steps: u64,
    diverged: Option<Error>,
    watch: DivergenceWatch,
    pending: Option<Pending>,
}

impl Trainer {
    /// A trainer for `model` on `text` (every character must be in the model's vocabulary).
    pub fn new(model: CharModel, text: &str, config: TrainConfig) -> Result<Trainer, Error> {
        let ids = model.encode(text)?;
        Trainer::from_ids(model, ids, config)
    }

    /// After restoring a snapshot (which leaves the text out): the text as `ids`.
    pub(crate) fn set_text(&mut self, ids: Vec<usize>) {
        self.text = ids;
    }

    /// Moves the text out (for a snapshot restored in place of this trainer).
    pub(crate) fn take_text(&mut self) -> Vec<usize> {
        std::mem::take(&mut self.text)
    }

    /// A trainer on a text already given as character indices.
    pub fn from_ids(
        model: CharModel,
        text: Vec<usize>,
        config: TrainConfig,
    ) -> Result<Trainer, Error> {
        Error::check_between("sequence length", config.seq_len, 1, MAX_SEQ_LEN)?;
        if text.len() < 2 {
            return Err(Error::InvalidOption {
                name: "training text",
                message: format!("needs at least 2 characters, got {}", text.len()),
            });
        }
        if let Some(&bad) = text.iter().find(|&&id| id >= model.dims().vocab) {
            return Err(Error::InvalidOption {
                name: "training text",
                message: format!(
                    "contains index {bad}, outside the vocabulary of {}",
                    model.dims().vocab
                ),
            });
        }
        if let Some(clip) = config.clip {
            if !(clip.is_finite() && clip > 0.0) {
                return Err(Error::InvalidOption {
                    name: "clipping threshold",
                    message: format!("must be a number greater than 0, got {clip}"),
                });
            }
        }
        let dims = model.dims();
        let optimizer = OptimizerState::new(config.optimizer, dims.total())?;
        Ok(Trainer {
            record: SequenceRecord::new(model.kind(), dims),
            model,
            optimizer,
            rng: Rng::new(config.seed),
            config,
            text,
            cursor: 0,
            h: vec![0.0; dims.hidden],
            c: vec![0.0; dims.hidden],
            steps: 0,
            diverged: None,
            watch: DivergenceWatch::new((dims.vocab as f64).ln(), BITS_PER_CHAR),
            pending: None,
        })
    }

    /// The model being trained.
    pub fn model(&self) -> &CharModel {
        &self.model
    }

    /// The last step's record: forward, backward and (clipped) gradients of its chunk.
    pub fn record(&self) -> &SequenceRecord {
        &self.record
    }

    /// Steps taken.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The training configuration.
    pub fn config(&self) -> TrainConfig {
        self.config
    }

    /// The next chunk's `(start, length)`, wrapping to a seeded offset (and a zero state) when
    /// the text runs out.
    fn next_chunk(&mut self) -> (usize, usize) {
        let n = self.config.seq_len.min(self.text.len() - 1);
        if self.cursor + n + 1 > self.text.len() {
            let slack = self.text.len() - n - 1;
            self.cursor = self.rng.below(slack.min(n) + 1);
            self.h.fill(0.0);
            self.c.fill(0.0);
        }
        (self.cursor, n)
    }

    /// One step: forward and BPTT over the next chunk from the carried state, clip, update.
    /// A non-finite loss, gradient or weight stops training with [`Error::Diverged`], a loss
    /// far above a uniform guess or an exploding unclipped gradient with
    /// [`Error::Diverging`] (and every later call returns the same error).
    pub fn step(&mut self) -> Result<StepStats, Error> {
        self.prepare()?;
        self.apply()
    }

    /// The first half of a step: forward and BPTT over the next chunk, and clipping — every
    /// number of the step is in [`Trainer::record`], but no weight has changed yet. Calling it
    /// again before [`Trainer::apply`] does nothing.
    pub fn prepare(&mut self) -> Result<(), Error> {
        if let Some(error) = &self.diverged {
            return Err(error.clone());
        }
        if self.pending.is_some() {
            return Ok(());
        }
        let step = self.steps + 1;
        let (start, n) = self.next_chunk();
        let (inputs, targets) = (
            &self.text[start..start + n],
            &self.text[start + 1..start + n + 1],
        );
        forward(
            &self.model,
            inputs,
            targets,
            Some((&self.h, &self.c)),
            &mut self.record,
        );
        if !self.record.loss.is_finite() {
            return Err(self.fail(step, "the loss"));
        }
        backward(&self.model, &mut self.record);
        let grad_norm = self.record.grads.norm();
        if !grad_norm.is_finite() {
            return Err(self.fail(step, "the gradient"));
        }
        let unclipped = self.config.clip.is_none().then_some(grad_norm);
        if let Err(error) = self
            .watch
            .observe(step, f64::from(self.record.loss), unclipped)
        {
            self.diverged = Some(error.clone());
            return Err(error);
        }
        let clipped_norm = match self.config.clip {
            Some(max) => {
                clip_grad_norm(self.record.grads.as_mut_slice(), max);
                self.record.grads.norm()
            }
            None => grad_norm,
        };
        self.pending = Some(Pending {
            start,
            n,
            stats: StepStats {
                step,
                loss: self.record.loss,
                grad_norm,
                clipped_norm,
                clipped: self
                    .config
                    .clip
                    .is_some_and(|max| grad_norm > f64::from(max)),
            },
        });
        Ok(())
    }

    /// True between [`Trainer::prepare`] and [`Trainer::apply`].
    pub fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// The second half of a step: the optimiser update, and the final state carried to the
    /// next chunk. Prepares the step first if needed.
    pub fn apply(&mut self) -> Result<StepStats, Error> {
        self.prepare()?;
        let Pending { start, n, stats } = self.pending.take().expect("prepared above");
        self.optimizer.step(
            self.model.params_mut().as_mut_slice(),
            self.record.grads.as_slice(),
        );
        if !self.model.params().all_finite() {
            return Err(self.fail(stats.step, "a weight"));
        }
        self.h
            .copy_from_slice(self.record.final_h().as_slice().expect("contiguous"));
        self.c
            .copy_from_slice(self.record.final_c().as_slice().expect("contiguous"));
        self.cursor = start + n;
        self.steps = stats.step;
        Ok(stats)
    }

    /// Records divergence at `step` and returns the error.
    fn fail(&mut self, step: u64, what: &'static str) -> Error {
        let error = Error::Diverged { step, what };
        self.diverged = Some(error.clone());
        self.pending = None;
        error
    }
}

/// A prepared step waiting for its update.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy)]
struct Pending {
    start: usize,
    n: usize,
    stats: StepStats,
}

/// Runs `text` through `model` forward and backward from a zero state, each character
/// predicting the next: the whole record (loss, per-step losses, states, gates, `∂L/∂h_t`,
/// gradients by name). `text` needs 2 to 513 characters, all in the vocabulary.
pub fn run_sequence(model: &CharModel, text: &str) -> Result<SequenceRecord, Error> {
    let ids = model.encode(text)?;
    if ids.len() < 2 || ids.len() > MAX_SEQ_LEN + 1 {
        return Err(Error::InvalidOption {
            name: "sequence",
            message: format!(
                "needs between 2 and {} characters, got {}",
                MAX_SEQ_LEN + 1,
                ids.len()
            ),
        });
    }
    let mut record = SequenceRecord::new(model.kind(), model.dims());
    forward(model, &ids[..ids.len() - 1], &ids[1..], None, &mut record);
    backward(model, &mut record);
    Ok(record)
}
