//! The attention lab's session: an encoder–decoder with attention and the no-attention
//! baseline trained in lockstep on the same seeded examples (Adam, one example per step, the
//! gradient's global norm clipped to 5), their loss and held-out sequence accuracy recorded as
//! they learn, accuracy per input length, and one probe input decoded with every step kept
//! (see [`super::lab_probe`]).

use super::decode::{decode, decode_traced, DecodeTrace};
use super::seq2seq::{Seq2Seq, Seq2SeqConfig, END};
use super::tasks::{encode, shown_example, task_alphabet, task_example_with_length, Task};
use super::Score;
use crate::engine::curve::Curve;
use crate::engine::divergence::{DivergenceWatch, NATS_PER_SYMBOL};
use crate::engine::nn::{Optimizer, OptimizerState};
use crate::engine::{limits, Error, Rng};

/// Longest input the lab accepts (characters).
pub const MAX_INPUT_CHARS: usize = 40;
/// Longest output decoding produces before it stops without an end symbol.
pub const MAX_OUTPUT_CHARS: usize = 48;

/// The longest output worth decoding for a source of `length` symbols: every task's answer is
/// at most as long as its input or an ISO date (10), so twice that plus a margin is plenty.
pub(super) fn output_limit(length: usize) -> usize {
    (2 * length + 12).min(MAX_OUTPUT_CHARS)
}
/// Steps between two evaluations on the held-out examples.
pub const EVAL_EVERY: u64 = 100;
/// Held-out examples in all (split evenly over the input lengths for reversal and sorting,
/// at least 4 per length).
const HELD_OUT: usize = 80;
/// Largest global gradient norm; larger gradients are scaled down to it.
const CLIP: f32 = 5.0;

/// A (source, target with the end symbol) pair of symbol sequences.
type Example = (Vec<usize>, Vec<usize>);

/// Everything the reader can choose.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq)]
pub struct AttentionLabConfig {
    /// The task.
    pub task: Task,
    /// The attention model's score function.
    pub score: Score,
    /// Hidden units of encoder and decoder (both models).
    pub hidden: usize,
    /// Embedding size (both models).
    pub embedding: usize,
    /// Adam's learning rate.
    pub learning_rate: f32,
    /// Shortest training input (reversal, sorting).
    pub min_len: usize,
    /// Longest training input (reversal, sorting).
    pub max_len: usize,
    /// Beam width of the probe's decoding (1: greedy).
    pub beam_width: usize,
    /// Seed of the weights and of the examples.
    pub seed: u64,
}

impl Default for AttentionLabConfig {
    fn default() -> Self {
        AttentionLabConfig {
            task: Task::Reverse,
            score: Score::Additive,
            hidden: 32,
            embedding: 16,
            learning_rate: 0.005,
            min_len: 3,
            max_len: 8,
            beam_width: 3,
            seed: 1,
        }
    }
}

/// One of the two models with its optimiser and curves.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct Learner {
    /// The model.
    pub model: Seq2Seq,
    optimizer: OptimizerState,
    /// Training loss (nats per output symbol) against the step.
    pub loss: Curve,
    /// Held-out exact-match accuracy against the step.
    pub accuracy: Curve,
    /// The latest held-out accuracy per input length: `(length, correct, total)`.
    pub by_length: Vec<(usize, usize, usize)>,
    watch: DivergenceWatch,
}

impl Learner {
    fn new(config: Seq2SeqConfig, learning_rate: f32) -> Result<Learner, Error> {
        let model = Seq2Seq::new(config)?;
        let optimizer = OptimizerState::new(Optimizer::adam(learning_rate), model.weights().len())?;
        Ok(Learner {
            model,
            optimizer,
            loss: Curve::default(),
            accuracy: Curve::default(),
            by_length: Vec::new(),
            // Every output symbol is one of the vocabulary's: a uniform guess costs ln V.
            watch: DivergenceWatch::new((config.vocab as f64).ln(), NATS_PER_SYMBOL),
        })
    }

    /// One Adam step on one example; the loss before the step.
    fn train(&mut self, source: &[usize], target: &[usize], step: u64) -> Result<f32, Error> {
        let (mut grad, run) = self.model.gradient(source, target)?;
        if !run.loss.is_finite() {
            return Err(Error::Diverged {
                step,
                what: "the loss",
            });
        }
        let norm = grad.iter().map(|g| g * g).sum::<f32>().sqrt();
        if !norm.is_finite() {
            return Err(Error::Diverged {
                step,
                what: "the gradient",
            });
        }
        // The gradient is always clipped here, so only the loss can show a run away.
        self.watch.observe(step, f64::from(run.loss), None)?;
        if norm > CLIP {
            grad.iter_mut().for_each(|g| *g *= CLIP / norm);
        }
        let mut weights = self.model.weights();
        self.optimizer.step(&mut weights, &grad);
        self.model.set_weights(&weights);
        Ok(run.loss)
    }

    /// Greedy exact-match accuracy on `examples`, overall and per source length.
    fn evaluate(&mut self, examples: &[Example], step: u64) {
        let mut by_length: Vec<(usize, usize, usize)> = Vec::new();
        for (source, target) in examples {
            let right = decode(&self.model, source, 1, output_limit(source.len()))
                .ok()
                .and_then(|mut results| results.drain(..).next())
                .is_some_and(|best| best.symbols == target[..target.len() - 1]);
            match by_length
                .iter_mut()
                .find(|(len, _, _)| *len == source.len())
            {
                Some(slot) => {
                    slot.1 += usize::from(right);
                    slot.2 += 1;
                }
                None => by_length.push((source.len(), usize::from(right), 1)),
            }
        }
        by_length.sort_unstable();
        let (correct, total) = by_length
            .iter()
            .fold((0, 0), |(c, t), &(_, right, all)| (c + right, t + all));
        self.accuracy
            .push(step as f64, correct as f64 / total.max(1) as f64);
        self.by_length = by_length;
    }
}

/// The lab: both models, the example stream, the held-out set and the probe.
#[derive(Debug, Clone)]
pub struct AttentionLab {
    pub(super) config: AttentionLabConfig,
    pub(super) alphabet: Vec<char>,
    rng: Rng,
    step: u64,
    /// The model with attention.
    pub attention: Learner,
    /// The model without attention.
    pub baseline: Learner,
    pub(super) held_out: Vec<Example>,
    pub(super) probe: Probe,
}

/// The input the page shows decoded, and what each model made of it.
#[derive(Debug, Clone)]
pub struct Probe {
    /// The input as typed.
    pub text: String,
    /// Its symbols.
    pub source: Vec<usize>,
    /// The attention model's beam search, every step recorded.
    pub trace: DecodeTrace,
    /// The baseline's greedy output (symbols, without the end).
    pub baseline_output: Vec<usize>,
    /// Output steps revealed by stepping through decoding (`None`: all of them).
    pub cursor: Option<usize>,
    /// Trained since the probe was decoded.
    pub stale: bool,
}

impl AttentionLab {
    /// Builds both models (same seed, same sizes) and the held-out set; checks every option.
    pub fn new(config: AttentionLabConfig) -> Result<AttentionLab, Error> {
        limits::ATTENTION_HIDDEN.check_count(config.hidden)?;
        Error::check_between("embedding size", config.embedding, 1, 128)?;
        limits::ATTENTION_SHORTEST.check_count(config.min_len)?;
        limits::ATTENTION_LONGEST.check_count(config.max_len)?;
        Error::check_between("longest input", config.max_len, config.min_len, 20)?;
        limits::ATTENTION_BEAM.check_count(config.beam_width)?;
        limits::ATTENTION_LEARNING_RATE.check_f32(config.learning_rate)?;
        let alphabet = task_alphabet(config.task);
        let model_config = |attention| Seq2SeqConfig {
            vocab: alphabet.len() + 2,
            embedding: config.embedding,
            hidden: config.hidden,
            attention,
            seed: config.seed,
        };
        let attention = Learner::new(model_config(Some(config.score)), config.learning_rate)?;
        let baseline = Learner::new(model_config(None), config.learning_rate)?;
        let held_out = held_out_set(config, &alphabet)?;
        let mut rng = Rng::new(config.seed ^ 0x5EED_0FE8_A3A3);
        let (text, _) = shown_example(config.task, config.min_len, config.max_len, &mut rng);
        let mut lab = AttentionLab {
            config,
            alphabet,
            rng: Rng::new(config.seed.wrapping_add(0x9E37_79B9)),
            step: 0,
            attention,
            baseline,
            held_out,
            probe: Probe {
                text: String::new(),
                source: Vec::new(),
                trace: DecodeTrace::empty(),
                baseline_output: Vec::new(),
                cursor: None,
                stale: false,
            },
        };
        lab.set_input(&text)?;
        lab.attention.evaluate(&lab.held_out, 0);
        lab.baseline.evaluate(&lab.held_out, 0);
        Ok(lab)
    }

    /// The options.
    pub fn config(&self) -> AttentionLabConfig {
        self.config
    }

    /// Training steps taken.
    pub fn step(&self) -> u64 {
        self.step
    }

    /// The task's characters.
    pub fn alphabet(&self) -> &[char] {
        &self.alphabet
    }

    /// `steps` training steps for both models on the same fresh examples, evaluating every
    /// [`EVAL_EVERY`] steps; the probe is decoded again by [`AttentionLab::refresh`]. Returns the last step's losses
    /// (attention, baseline). On divergence nothing after the failing step is applied.
    pub fn train(&mut self, steps: usize) -> Result<(f32, f32), Error> {
        let mut last = (f32::NAN, f32::NAN);
        for _ in 0..steps {
            let (input, output) = task_example_with_length(
                self.config.task,
                self.config.min_len,
                self.config.max_len,
                &mut self.rng,
            );
            let source = encode(&self.alphabet, &input)?;
            let mut target = encode(&self.alphabet, &output)?;
            target.push(END);
            let step = self.step + 1;
            let a = self.attention.train(&source, &target, step)?;
            let b = self.baseline.train(&source, &target, step)?;
            self.step = step;
            self.attention.loss.push(step as f64, f64::from(a));
            self.baseline.loss.push(step as f64, f64::from(b));
            if step.is_multiple_of(EVAL_EVERY) {
                self.attention.evaluate(&self.held_out, step);
                self.baseline.evaluate(&self.held_out, step);
            }
            last = (a, b);
        }
        self.probe.stale = true;
        Ok(last)
    }

    /// The training part of the lab (options, example stream, both models with their
    /// optimisers and curves) as snapshot bytes ([`crate::engine::snapshot`]), for a Web Worker
    /// to go on training it; the probe being looked at is not in them.
    pub fn training_bytes(&self) -> Vec<u8> {
        crate::engine::snapshot::to_bytes(&(
            &self.config,
            &self.rng,
            self.step,
            &self.attention,
            &self.baseline,
        ))
    }

    /// A lab whose training part is `bytes` (from [`AttentionLab::training_bytes`]).
    pub fn from_training_bytes(bytes: &[u8]) -> Result<AttentionLab, Error> {
        let (config, ..): (AttentionLabConfig, Rng, u64, Learner, Learner) =
            crate::engine::snapshot::from_bytes(bytes)?;
        let mut lab = AttentionLab::new(config)?;
        lab.restore_training(bytes)?;
        Ok(lab)
    }

    /// Takes over the training part of `bytes`, trained further elsewhere from this lab's
    /// options; the probe is kept (and decoded again by [`AttentionLab::refresh`]). On an
    /// error (bytes of other options, or not a snapshot) nothing changes.
    pub fn restore_training(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let (config, rng, step, attention, baseline): (
            AttentionLabConfig,
            Rng,
            u64,
            Learner,
            Learner,
        ) = crate::engine::snapshot::from_bytes(bytes)?;
        if config != self.config {
            return Err(Error::InvalidModel(
                "a snapshot of a lab with other options".to_string(),
            ));
        }
        self.rng = rng;
        self.step = step;
        self.attention = attention;
        self.baseline = baseline;
        self.probe.stale = true;
        Ok(())
    }

    /// Decodes the probe again if training changed the models since it was last decoded
    /// (once per drawn frame, however many training calls came before).
    pub fn refresh(&mut self) -> Result<(), Error> {
        if self.probe.stale {
            self.redecode()?;
        }
        Ok(())
    }

    /// Decodes the probe again with both models (keeping the step-through cursor in range).
    pub(super) fn redecode(&mut self) -> Result<(), Error> {
        self.probe.stale = false;
        let trace = decode_traced(
            &self.attention.model,
            &self.probe.source,
            self.config.beam_width,
            output_limit(self.probe.source.len()),
        )?;
        let baseline = decode(
            &self.baseline.model,
            &self.probe.source,
            1,
            output_limit(self.probe.source.len()),
        )?;
        self.probe.baseline_output = baseline
            .into_iter()
            .next()
            .map(|d| d.symbols)
            .unwrap_or_default();
        self.probe.trace = trace;
        let steps = self
            .probe
            .trace
            .results
            .first()
            .map_or(0, |d| d.steps.len());
        if let Some(cursor) = &mut self.probe.cursor {
            *cursor = (*cursor).min(steps);
        }
        Ok(())
    }
}

/// The held-out examples ([`HELD_OUT`], spread over the training lengths for reversal and
/// sorting); from their own seed, so they do not follow
/// the training stream.
fn held_out_set(config: AttentionLabConfig, alphabet: &[char]) -> Result<Vec<Example>, Error> {
    let mut rng = Rng::new(config.seed ^ 0xD1CE_5EED);
    let mut examples = Vec::new();
    let mut add = |input: String, output: String| -> Result<(), Error> {
        let mut target = encode(alphabet, &output)?;
        target.push(END);
        examples.push((encode(alphabet, &input)?, target));
        Ok(())
    };
    match config.task {
        Task::Dates => {
            for _ in 0..HELD_OUT {
                let (input, output) = task_example_with_length(config.task, 1, 1, &mut rng);
                add(input, output)?;
            }
        }
        Task::Reverse | Task::Sort => {
            let lengths = config.max_len - config.min_len + 1;
            for len in config.min_len..=config.max_len {
                for _ in 0..(HELD_OUT / lengths).max(4) {
                    let (input, output) = task_example_with_length(config.task, len, len, &mut rng);
                    add(input, output)?;
                }
            }
        }
    }
    Ok(examples)
}
