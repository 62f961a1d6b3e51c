//! The self-attention panel's session: a two-layer self-attention model trained on the
//! attention lab's task, evaluated every 200 steps, and one input whose maps per layer and
//! head are shown.

use ndarray::{Array2, Axis};

use super::{
    encode, sequence_length, shown_example, symbol_label, task_alphabet, SelfAttentionModel,
    SelfAttentionModelConfig, SelfAttentionTrainer, SelfAttentionTrainerConfig, Task, END,
    LONGEST_DATE_INPUT,
};
use crate::engine::gradcheck::GradientCheck;
use crate::engine::{limits, Error, Rng};

/// Width of the residual stream.
const WIDTH: usize = 32;
/// Blocks.
const LAYERS: usize = 2;
/// Examples per training step.
const BATCH: usize = 4;
/// Adam's learning rate.
const LEARNING_RATE: f64 = 3e-3;
/// Fresh examples in each evaluation.
const EVALUATED: usize = 50;
/// Steps between evaluations.
const EVALUATE_EVERY: u64 = 200;

/// Settings of the self-attention panel.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq)]
pub struct SelfAttentionLabConfig {
    /// The task (the attention lab's).
    pub task: Task,
    /// Attention heads per layer (1 to 4).
    pub heads: usize,
    /// Whether the model is trained with the causal mask.
    pub causal: bool,
    /// Shortest training input (reversal, sorting).
    pub min_len: usize,
    /// Longest training input (reversal, sorting).
    pub max_len: usize,
    /// Seed of the weights and the examples.
    pub seed: u64,
}

impl Default for SelfAttentionLabConfig {
    fn default() -> Self {
        SelfAttentionLabConfig {
            task: Task::Reverse,
            heads: 2,
            causal: true,
            min_len: 3,
            max_len: 8,
            seed: 1,
        }
    }
}

/// One map per layer and head over the tokens `[input, <s>, output]`.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfAttentionMaps {
    /// The tokens' labels.
    pub tokens: Vec<String>,
    /// `[N, N]` attention weights of each layer and head, layer by layer.
    pub maps: Vec<Array2<f64>>,
    /// Each map's title, `layer 1 · head 2`.
    pub titles: Vec<String>,
}

/// The self-attention panel: model, trainer, and the input whose maps are drawn.
#[derive(Debug, Clone)]
pub struct SelfAttentionLab {
    trainer: SelfAttentionTrainer,
    alphabet: Vec<char>,
    source: Vec<usize>,
    input: String,
    output: Vec<usize>,
    accuracy: f64,
    seed: u64,
    config: SelfAttentionLabConfig,
}

impl SelfAttentionLab {
    /// A new model for `config`, with a seeded example as its input.
    pub fn new(config: SelfAttentionLabConfig) -> Result<SelfAttentionLab, Error> {
        limits::ATTENTION_HEADS.check_count(config.heads)?;
        limits::ATTENTION_SHORTEST.check_count(config.min_len)?;
        limits::ATTENTION_LONGEST.check_count(config.max_len)?;
        let SelfAttentionLabConfig {
            task,
            heads,
            causal,
            min_len,
            max_len,
            seed,
        } = config;
        let alphabet = task_alphabet(task);
        let longest = match task {
            Task::Dates => sequence_length(task, LONGEST_DATE_INPUT),
            Task::Reverse | Task::Sort => sequence_length(task, max_len),
        };
        let model = SelfAttentionModel::new(SelfAttentionModelConfig {
            vocab: alphabet.len() + 2,
            width: WIDTH,
            heads,
            layers: LAYERS,
            max_len: longest,
            causal,
            seed,
        })?;
        let trainer = SelfAttentionTrainer::new(
            model,
            SelfAttentionTrainerConfig {
                task,
                min_len,
                max_len,
                batch_size: BATCH,
                learning_rate: LEARNING_RATE,
                seed,
            },
        )?;
        let mut lab = SelfAttentionLab {
            trainer,
            alphabet,
            source: Vec::new(),
            input: String::new(),
            output: Vec::new(),
            accuracy: f64::NAN,
            seed,
            config,
        };
        let (text, _) = shown_example(task, min_len, max_len, &mut Rng::new(lab.seed));
        lab.set_input(&text)?;
        Ok(lab)
    }

    /// Trains `steps` steps (mini-batches of 4); returns the last loss. Evaluates every 200.
    pub fn train(&mut self, steps: usize) -> Result<f64, Error> {
        let mut loss = f64::NAN;
        for _ in 0..steps {
            loss = self.trainer.train_step()?;
            if !loss.is_finite() {
                return Err(Error::Diverged {
                    step: self.trainer.steps(),
                    what: "the loss",
                });
            }
            if self.trainer.steps().is_multiple_of(EVALUATE_EVERY) {
                let seed = self.seed ^ 0xE7A1_0A7E;
                self.accuracy = self.trainer.evaluate(EVALUATED, seed)?.exact_match;
            }
        }
        self.regenerate()?;
        Ok(loss)
    }

    /// The training part of the panel (the trainer with its model, optimiser and example
    /// stream, and the latest accuracy) as snapshot bytes, for a Web Worker to go on training
    /// it; the input being looked at is not in them.
    pub fn training_bytes(&self) -> Vec<u8> {
        crate::engine::snapshot::to_bytes(&(&self.config, &self.trainer, self.accuracy))
    }

    /// A panel whose training part is `bytes` (from [`SelfAttentionLab::training_bytes`]).
    pub fn from_training_bytes(bytes: &[u8]) -> Result<SelfAttentionLab, Error> {
        let (config, ..): (SelfAttentionLabConfig, SelfAttentionTrainer, f64) =
            crate::engine::snapshot::from_bytes(bytes)?;
        let mut lab = SelfAttentionLab::new(config)?;
        lab.restore_training(bytes)?;
        Ok(lab)
    }

    /// Takes over the training part of `bytes`, trained further elsewhere from this panel's
    /// settings; the input is kept and decoded again. On an error nothing changes.
    pub fn restore_training(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let (config, trainer, accuracy): (SelfAttentionLabConfig, SelfAttentionTrainer, f64) =
            crate::engine::snapshot::from_bytes(bytes)?;
        if config != self.config {
            return Err(Error::InvalidModel(
                "a snapshot of a panel with other settings".to_string(),
            ));
        }
        let old = std::mem::replace(&mut self.trainer, trainer);
        if let Err(error) = self.regenerate() {
            self.trainer = old;
            return Err(error);
        }
        self.accuracy = accuracy;
        Ok(())
    }

    /// Training steps taken.
    pub fn steps(&self) -> u64 {
        self.trainer.steps()
    }

    /// Greedy exact match on 50 fresh examples at the last evaluation (NaN before one).
    pub fn accuracy(&self) -> f64 {
        self.accuracy
    }

    /// Decodes `text` from now on; on a bad input the old one stays.
    pub fn set_input(&mut self, text: &str) -> Result<(), Error> {
        if text.is_empty() {
            return Err(Error::Empty("the input"));
        }
        let room = self.trainer.model().config().max_len;
        let length = text.chars().count();
        let task = self.trainer.config().task;
        let needed = sequence_length(task, length);
        let most = (1..=length)
            .rev()
            .find(|&n| sequence_length(task, n) <= room)
            .unwrap_or(0);
        if needed > room {
            return Err(Error::InvalidOption {
                name: "the input",
                message: format!(
                    "has {length} characters; this model holds sequences of {room} (input, separator and output), so at most {most}"
                ),
            });
        }
        let source = encode(&self.alphabet, text)?;
        let (old_source, old_input) = (
            std::mem::replace(&mut self.source, source),
            std::mem::replace(&mut self.input, text.to_string()),
        );
        if let Err(error) = self.regenerate() {
            self.source = old_source;
            self.input = old_input;
            return Err(error);
        }
        Ok(())
    }

    /// The model's greedy output for the input.
    pub fn output(&self) -> String {
        self.output
            .iter()
            .filter_map(|&k| k.checked_sub(2).and_then(|i| self.alphabet.get(i)))
            .collect()
    }

    /// The maps of every layer and head over `[input, <s>, output]`, read with the causal mask
    /// on or off (`masked`), whatever the model was trained with.
    pub fn maps(&self, masked: bool) -> Result<SelfAttentionMaps, Error> {
        let mut model = self.trainer.model().clone();
        model.set_causal(masked);
        let target: Vec<usize> = self.output.iter().copied().chain([END]).collect();
        let run = model.forward(&self.source, &target)?;
        let tokens = run
            .tokens
            .iter()
            .map(|&k| symbol_label(&self.alphabet, k))
            .collect();
        let mut maps = Vec::new();
        let mut titles = Vec::new();
        for (layer, per_head) in run.maps.iter().enumerate() {
            for (head, map) in per_head.axis_iter(Axis(0)).enumerate() {
                maps.push(map.to_owned());
                titles.push(format!("layer {} · head {}", layer + 1, head + 1));
            }
        }
        Ok(SelfAttentionMaps {
            tokens,
            maps,
            titles,
        })
    }

    /// Greedy output for the input with the trained mask setting.
    fn regenerate(&mut self) -> Result<(), Error> {
        let room = self.trainer.model().config().max_len;
        let (output, _) = self
            .trainer
            .model()
            .generate(&self.source, room.saturating_sub(self.source.len() + 2))?;
        self.output = output;
        Ok(())
    }
}

impl SelfAttentionLab {
    /// The model's gradient check (float64) on the input and its right answer, or the model's
    /// own output when the task cannot answer the input: see
    /// [`SelfAttentionModel::gradient_check`](super::SelfAttentionModel::gradient_check).
    pub fn gradient_check(&self, extra: usize, seed: u64) -> Result<GradientCheck, Error> {
        let answer = super::tasks::task_answer(self.trainer.config().task, &self.input)
            .and_then(|answer| encode(&self.alphabet, &answer).ok());
        let mut target = answer.unwrap_or_else(|| self.output.clone());
        target.push(END);
        self.trainer
            .model()
            .gradient_check(&self.source, &target, extra, seed)
    }
}
