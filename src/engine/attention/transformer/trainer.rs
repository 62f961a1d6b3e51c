//! Greedy generation, and a seeded trainer the lab can step: task examples, mini-batches and
//! Adam over the model's f64 weights.
//!
//! Adam here is PyTorch's rule (the same as [`crate::engine::nn::Optimizer::Adam`]) in f64: the
//! engine's optimiser state is f32, and rounding the weights to f32 at every step would cost
//! this model the exactness of its finite-difference checks for nothing.

use super::{SelfAttentionModel, SelfAttentionRun};
use crate::engine::attention::{encode, task_alphabet, task_example_with_length, Task, END, START};
use crate::engine::divergence::{DivergenceWatch, NATS_PER_SYMBOL};
use crate::engine::nn::{adam_update, AdamRule};
use crate::engine::{Error, Rng};

/// The longest date input ("September 28, 2049").
pub const LONGEST_DATE_INPUT: usize = 18;

/// Positions the model reads for a `source_len`-character input of `task`:
/// `[input, SEP, output]`, the output as long as the input (reversal, sorting) or an ISO date
/// (10 characters); the end symbol is predicted, never read.
pub fn sequence_length(task: Task, source_len: usize) -> usize {
    let output = match task {
        Task::Reverse | Task::Sort => source_len,
        Task::Dates => 10,
    };
    source_len + 1 + output
}
/// The most letters in a reversal or sorting input, and the largest mini-batch.
const MAX_CHOICE: usize = 64;

impl SelfAttentionModel {
    /// Greedy decoding of at most `max_len` symbols, each step fed back as the next input:
    /// the symbols (without the end symbol) and the run of the final sequence
    /// `[source, SEP, output]`, whose maps the page draws.
    pub fn generate(
        &self,
        source: &[usize],
        max_len: usize,
    ) -> Result<(Vec<usize>, SelfAttentionRun), Error> {
        let room = self.config.max_len.saturating_sub(source.len() + 1);
        let mut output = Vec::new();
        let mut run = self.forward(source, &[END])?;
        while output.len() < max_len.min(room) {
            let last = run.probs.row(run.probs.nrows() - 1);
            let next = (0..last.len())
                .filter(|&k| k != START)
                .max_by(|&a, &b| last[a].total_cmp(&last[b]))
                .unwrap_or(END);
            if next == END {
                break;
            }
            output.push(next);
            let target: Vec<usize> = output.iter().copied().chain([END]).collect();
            run = self.forward(source, &target)?;
        }
        Ok((output, run))
    }
}

/// What to train on and how.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq)]
pub struct SelfAttentionTrainerConfig {
    /// The task examples come from.
    pub task: Task,
    /// The shortest input (reversal and sorting; dates have their own lengths).
    pub min_len: usize,
    /// The longest input.
    pub max_len: usize,
    /// Examples per step (their gradients are averaged).
    pub batch_size: usize,
    /// Adam's learning rate (β = (0.9, 0.999), ε = 1e-8).
    pub learning_rate: f64,
    /// Seed of the examples.
    pub seed: u64,
}

/// Scores of a model on fresh examples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation {
    /// The share of examples whose greedy output is exactly right.
    pub exact_match: f64,
    /// The mean teacher-forced loss.
    pub loss: f64,
}

/// A model, Adam's state and a seeded stream of examples.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct SelfAttentionTrainer {
    model: SelfAttentionModel,
    config: SelfAttentionTrainerConfig,
    alphabet: Vec<char>,
    rng: Rng,
    first: Vec<f64>,
    second: Vec<f64>,
    steps: u64,
    watch: DivergenceWatch,
}

impl SelfAttentionTrainer {
    /// Checks that the model can hold the task's symbols and longest sequence.
    pub fn new(
        model: SelfAttentionModel,
        config: SelfAttentionTrainerConfig,
    ) -> Result<SelfAttentionTrainer, Error> {
        let option = |name, message| Err(Error::InvalidOption { name, message });
        if !(config.learning_rate.is_finite() && config.learning_rate > 0.0) {
            let rate = config.learning_rate;
            return option("learning rate", format!("must be above 0, got {rate}"));
        }
        if !(1..=MAX_CHOICE).contains(&config.batch_size) {
            let size = config.batch_size;
            return option(
                "batch size",
                format!("must be 1 to {MAX_CHOICE}, got {size}"),
            );
        }
        let (min_len, max_len) = (config.min_len, config.max_len);
        if min_len == 0 || min_len > max_len || max_len > MAX_CHOICE {
            return option(
                "input length",
                format!("must run from 1 to at most {MAX_CHOICE}, got {min_len} to {max_len}"),
            );
        }
        let alphabet = task_alphabet(config.task);
        let model_config = model.config();
        if model_config.vocab < alphabet.len() + 2 {
            return option(
                "vocabulary size",
                format!(
                    "must be at least {} for this task, got {}",
                    alphabet.len() + 2,
                    model_config.vocab
                ),
            );
        }
        let longest = match config.task {
            Task::Reverse | Task::Sort => sequence_length(config.task, max_len),
            Task::Dates => sequence_length(Task::Dates, LONGEST_DATE_INPUT),
        };
        if model_config.max_len < longest {
            return option(
                "longest sequence",
                format!(
                    "must be at least {longest} for these inputs, got {}",
                    model_config.max_len
                ),
            );
        }
        let len = model.weights().len();
        Ok(SelfAttentionTrainer {
            model,
            config,
            alphabet,
            rng: Rng::new(config.seed),
            first: vec![0.0; len],
            second: vec![0.0; len],
            steps: 0,
            watch: DivergenceWatch::new((model_config.vocab as f64).ln(), NATS_PER_SYMBOL),
        })
    }

    /// The model.
    pub fn model(&self) -> &SelfAttentionModel {
        &self.model
    }

    /// The model, to toggle its mask or load weights.
    pub fn model_mut(&mut self) -> &mut SelfAttentionModel {
        &mut self.model
    }

    /// The configuration.
    pub fn config(&self) -> SelfAttentionTrainerConfig {
        self.config
    }

    /// Training steps taken.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The next (source, target + END) example from `rng`.
    fn example(&self, rng: &mut Rng) -> Result<(Vec<usize>, Vec<usize>), Error> {
        let c = &self.config;
        let (input, output) = task_example_with_length(c.task, c.min_len, c.max_len, rng);
        let mut target = encode(&self.alphabet, &output)?;
        target.push(END);
        Ok((encode(&self.alphabet, &input)?, target))
    }

    /// One Adam step on a fresh mini-batch: the batch's mean loss.
    pub fn train_step(&mut self) -> Result<f64, Error> {
        let mut rng = self.rng.clone();
        let mut grad = vec![0.0; self.first.len()];
        let mut loss = 0.0;
        for _ in 0..self.config.batch_size {
            let (source, target) = self.example(&mut rng)?;
            let (g, run) = self.model.gradient(&source, &target)?;
            grad.iter_mut().zip(&g).for_each(|(a, b)| *a += b);
            loss += run.loss;
        }
        self.rng = rng;
        let scale = 1.0 / self.config.batch_size as f64;
        loss *= scale;
        self.steps += 1;
        if !loss.is_finite() || grad.iter().any(|g| !g.is_finite()) {
            return Err(Error::Diverged {
                step: self.steps,
                what: "the loss",
            });
        }
        let norm = grad.iter().map(|g| g * g).sum::<f64>().sqrt();
        self.watch.observe(self.steps, loss, Some(norm))?;
        grad.iter_mut().for_each(|g| *g *= scale);
        let mut theta = self.model.weights();
        adam_update(
            AdamRule::pytorch(self.config.learning_rate),
            self.steps,
            &mut theta,
            &mut self.first,
            &mut self.second,
            &grad,
        );
        self.model.set_weights(&theta);
        Ok(loss)
    }

    /// Greedy exact match and teacher-forced loss on `count` fresh examples drawn from `seed`.
    pub fn evaluate(&self, count: usize, seed: u64) -> Result<Evaluation, Error> {
        let mut rng = Rng::new(seed);
        let (mut right, mut loss) = (0usize, 0.0);
        for _ in 0..count {
            let (source, target) = self.example(&mut rng)?;
            let (output, _) = self.model.generate(&source, target.len())?;
            right += usize::from(output == target[..target.len() - 1]);
            loss += self.model.forward(&source, &target)?.loss;
        }
        let n = count.max(1) as f64;
        Ok(Evaluation {
            exact_match: right as f64 / n,
            loss: loss / n,
        })
    }
}
