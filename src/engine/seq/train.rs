//! Training with truncated BPTT (the state carried across chunks of a long text), sampling
//! with temperature, and scoring a text.

use super::bptt::{backward, forward, SequenceRecord};
use super::model::CharModel;
use super::optim::{clip_grad_norm, Optimizer, OptimizerState};
use crate::engine::{Error, Rng};

/// The longest truncation window.
pub const MAX_SEQ_LEN: usize = 512;

/// How to train.
#[derive(Debug, Clone, Copy, PartialEq)]
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
#[derive(Debug, Clone, Copy, PartialEq)]
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
#[derive(Debug, Clone)]
pub struct Trainer {
    model: CharModel,
    optimizer: OptimizerState,
    config: TrainConfig,
    text: Vec<usize>,
    cursor: usize,
    h: Vec<f32>,
    c: Vec<f32>,
    rng: Rng,
    record: SequenceRecord,
    steps: u64,
    diverged: Option<Error>,
    pending: Option<Pending>,
}

impl Trainer {
    /// A trainer for `model` on `text` (every character must be in the model's vocabulary).
    pub fn new(model: CharModel, text: &str, config: TrainConfig) -> Result<Trainer, Error> {
        let ids = model.encode(text)?;
        Trainer::from_ids(model, ids, config)
    }

    /// A trainer on a text already given as character indices.
    pub fn from_ids(
        model: CharModel,
        text: Vec<usize>,
        config: TrainConfig,
    ) -> Result<Trainer, Error> {
        if config.seq_len == 0 || config.seq_len > MAX_SEQ_LEN {
            return Err(Error::InvalidOption {
                name: "sequence length",
                message: format!(
                    "must be between 1 and {MAX_SEQ_LEN}, got {}",
                    config.seq_len
                ),
            });
        }
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
    /// A non-finite loss, gradient or weight stops training with [`Error::Diverged`] (and every
    /// later call returns the same error).
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
        let clipped_norm = match self.config.clip {
            Some(max) => {
                clip_grad_norm(&mut self.record.grads, max);
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
        self.optimizer
            .step(self.model.params_mut(), &self.record.grads);
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
#[derive(Debug, Clone, Copy)]
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

/// Per-character surprisal of a text under a model: character t+1 predicted from 1..t.
#[derive(Debug, Clone, PartialEq)]
pub struct TextScore {
    /// `−log₂ p(x_{t+1} | x_{≤t})` for each predicted character (the first is not predicted).
    pub surprisal_bits: Vec<f32>,
    /// Mean surprisal, bits per character.
    pub cross_entropy_bits: f32,
    /// `2^H`, per character.
    pub perplexity: f32,
}

/// Scores `text` (at least 2 characters, all in the vocabulary) from a zero state.
pub fn score_text(model: &CharModel, text: &str) -> Result<TextScore, Error> {
    let ids = model.encode(text)?;
    if ids.len() < 2 {
        return Err(Error::InvalidOption {
            name: "text to score",
            message: format!("needs at least 2 characters, got {}", ids.len()),
        });
    }
    let mut record = SequenceRecord::new(model.kind(), model.dims());
    forward(model, &ids[..ids.len() - 1], &ids[1..], None, &mut record);
    let bits: Vec<f32> = record
        .losses
        .iter()
        .map(|l| l / std::f32::consts::LN_2)
        .collect();
    let cross_entropy_bits = bits.iter().sum::<f32>() / bits.len() as f32;
    Ok(TextScore {
        surprisal_bits: bits,
        cross_entropy_bits,
        perplexity: cross_entropy_bits.exp2(),
    })
}

/// The next-character distribution after `context` (from a zero state), most likely first.
pub fn next_distribution(model: &CharModel, context: &str) -> Result<Vec<(char, f32)>, Error> {
    let ids = model.encode(context)?;
    if ids.is_empty() {
        return Err(Error::Empty("the context"));
    }
    let mut record = SequenceRecord::new(model.kind(), model.dims());
    let targets = vec![0; ids.len()];
    forward(model, &ids, &targets, None, &mut record);
    let last = record.probs.row(ids.len() - 1);
    let mut next: Vec<(char, f32)> = model
        .vocab()
        .iter()
        .copied()
        .zip(last.iter().copied())
        .collect();
    next.sort_by(|a, b| b.1.total_cmp(&a.1));
    Ok(next)
}

/// Samples `length` characters after `prime` with `temperature` (> 0; lower is greedier),
/// seeded.
pub fn sample(
    model: &CharModel,
    prime: &str,
    length: usize,
    temperature: f32,
    seed: u64,
) -> Result<String, Error> {
    if !(temperature.is_finite() && temperature > 0.0) {
        return Err(Error::InvalidOption {
            name: "temperature",
            message: format!("must be a number greater than 0, got {temperature}"),
        });
    }
    let mut ids = model.encode(prime)?;
    if ids.is_empty() {
        return Err(Error::Empty("the prime text"));
    }
    let dims = model.dims();
    let mut rng = Rng::new(seed);
    let mut record = SequenceRecord::new(model.kind(), dims);
    let (mut h, mut c) = (vec![0.0f32; dims.hidden], vec![0.0f32; dims.hidden]);
    // Feed the prime except its last character, then generate one character per step.
    let feed = &ids[..ids.len() - 1];
    if !feed.is_empty() {
        forward(model, feed, &vec![0; feed.len()], None, &mut record);
        h.copy_from_slice(record.final_h().as_slice().expect("contiguous"));
        c.copy_from_slice(record.final_c().as_slice().expect("contiguous"));
    }
    let mut out = String::new();
    let mut current = *ids.last().expect("not empty");
    for _ in 0..length {
        forward(model, &[current], &[0], Some((&h, &c)), &mut record);
        h.copy_from_slice(record.final_h().as_slice().expect("contiguous"));
        c.copy_from_slice(record.final_c().as_slice().expect("contiguous"));
        let logits = record.logits.row(0);
        let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let weights: Vec<f64> = logits
            .iter()
            .map(|&l| f64::from((l - max) / temperature).exp())
            .collect();
        let mut target = rng.next_f64() * weights.iter().sum::<f64>();
        current = weights.len() - 1;
        for (k, w) in weights.iter().enumerate() {
            if target < *w {
                current = k;
                break;
            }
            target -= w;
        }
        ids.push(current);
        out.push(model.vocab()[current]);
    }
    Ok(out)
}

/// `length` characters after `prime`, each the most likely next character (greedy decoding).
pub fn sample_greedy(model: &CharModel, prime: &str, length: usize) -> Result<String, Error> {
    let ids = model.encode(prime)?;
    let Some((&last, feed)) = ids.split_last() else {
        return Err(Error::Empty("the prime text"));
    };
    let dims = model.dims();
    let mut record = SequenceRecord::new(model.kind(), dims);
    let (mut h, mut c) = (vec![0.0f32; dims.hidden], vec![0.0f32; dims.hidden]);
    if !feed.is_empty() {
        let targets = vec![0; feed.len()];
        forward(model, feed, &targets, None, &mut record);
        h.copy_from_slice(record.final_h().as_slice().expect("contiguous"));
        c.copy_from_slice(record.final_c().as_slice().expect("contiguous"));
    }
    let mut out = String::new();
    let mut current = last;
    for _ in 0..length {
        forward(model, &[current], &[0], Some((&h, &c)), &mut record);
        h.copy_from_slice(record.final_h().as_slice().expect("contiguous"));
        c.copy_from_slice(record.final_c().as_slice().expect("contiguous"));
        let logits = record.logits.row(0);
        current = (0..logits.len())
            .max_by(|&a, &b| logits[a].total_cmp(&logits[b]))
            .unwrap_or(0);
        out.push(model.vocab()[current]);
    }
    Ok(out)
}
