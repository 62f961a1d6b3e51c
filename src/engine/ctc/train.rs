//! A seeded synthetic task of unsegmented sequences, and training the CTC model on it.
//!
//! Each label has a prototype feature vector; an utterance spells a random word of 1–3 labels,
//! each label as a run of 2–4 noisy copies of its prototype, with 0–2 frames of noisy silence
//! before, between and after. Nobody says where a label starts: CTC has to find out.

use ndarray::Array2;

use super::lattice::CtcOptions;
use super::model::{CtcModel, CtcStep};
use crate::engine::divergence::{DivergenceWatch, NATS_PER_FRAME};
use crate::engine::gradcheck::{check, pick_entries, GradientCheck, Precision, TensorSpan};
use crate::engine::nn::kernels::norm;
use crate::engine::nn::{Optimizer, OptimizerState};
use crate::engine::{Error, Rng};

/// The synthetic task: `labels` symbols (1..=labels; 0 is the blank) in `features` dimensions.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct CtcTask {
    /// Row 0: silence; row k: label k's prototype, `[labels + 1, features]`.
    prototypes: Array2<f32>,
    /// Standard deviation of the noise added to every frame.
    pub noise: f32,
}

/// One utterance: its frames and the label sequence they spell.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct Utterance {
    /// `[T, F]`.
    pub frames: Array2<f32>,
    /// Labels (never the blank 0).
    pub target: Vec<usize>,
    /// The label (or 0 for silence) each frame was made from: the true alignment.
    pub truth: Vec<usize>,
}

impl CtcTask {
    /// A task of `labels` labels in `features` dimensions with prototypes drawn from `seed`.
    pub fn new(labels: usize, features: usize, noise: f32, seed: u64) -> CtcTask {
        let mut rng = Rng::new(seed);
        let prototypes = Array2::from_shape_fn((labels + 1, features), |(k, _)| {
            if k == 0 {
                0.0
            } else {
                1.5 * rng.normal()
            }
        });
        CtcTask { prototypes, noise }
    }

    /// The number of labels (the model needs one more symbol, the blank).
    pub fn labels(&self) -> usize {
        self.prototypes.nrows() - 1
    }

    /// Features per frame.
    pub fn features(&self) -> usize {
        self.prototypes.ncols()
    }

    /// A fresh random utterance.
    pub fn utterance(&self, rng: &mut Rng) -> Utterance {
        let word: Vec<usize> = (0..1 + rng.below(3))
            .map(|_| 1 + rng.below(self.labels()))
            .collect();
        let mut truth = vec![0; rng.below(3)];
        for &label in &word {
            truth.extend(std::iter::repeat_n(label, 2 + rng.below(3)));
            truth.extend(std::iter::repeat_n(0, rng.below(3)));
        }
        let mut frames = Array2::zeros((truth.len(), self.features()));
        for (t, &symbol) in truth.iter().enumerate() {
            for f in 0..self.features() {
                frames[[t, f]] = self.prototypes[[symbol, f]] + self.noise * rng.normal();
            }
        }
        Utterance {
            frames,
            target: word,
            truth,
        }
    }
}

/// The model, its optimiser and the task, stepping one utterance at a time.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct CtcTrainer {
    model: CtcModel,
    optimizer: OptimizerState,
    task: CtcTask,
    rng: Rng,
    clip: f32,
    steps: u64,
    last: Option<(Utterance, CtcStep)>,
    watch: DivergenceWatch,
}

impl CtcTrainer {
    /// A trainer with Adam at `learning_rate`, the gradient norm clipped to `clip`.
    pub fn new(
        model: CtcModel,
        task: CtcTask,
        learning_rate: f32,
        clip: f32,
        seed: u64,
    ) -> Result<CtcTrainer, Error> {
        if model.config().symbols != task.labels() + 1 || model.config().features != task.features()
        {
            return Err(Error::Mismatch(format!(
                "the model has {} symbols and {} features; the task needs {} and {}",
                model.config().symbols,
                model.config().features,
                task.labels() + 1,
                task.features()
            )));
        }
        let optimizer =
            OptimizerState::new(Optimizer::adam(learning_rate), model.parameter_count())?;
        let symbols = model.config().symbols;
        Ok(CtcTrainer {
            model,
            optimizer,
            task,
            rng: Rng::new(seed),
            clip,
            steps: 0,
            last: None,
            // Per frame, a uniform guess over the labels and the blank costs at most ln C.
            watch: DivergenceWatch::new((symbols as f64).ln(), NATS_PER_FRAME),
        })
    }

    /// The model.
    pub fn model(&self) -> &CtcModel {
        &self.model
    }

    /// Steps taken.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The last utterance and what the model computed on it (before that step's update).
    pub fn last(&self) -> Option<&(Utterance, CtcStep)> {
        self.last.as_ref()
    }

    /// A fresh utterance from the task's stream (for evaluation).
    pub fn sample(&mut self) -> Utterance {
        self.task.utterance(&mut self.rng)
    }

    /// One step on a fresh utterance; returns its CTC loss before the update.
    pub fn step(&mut self) -> Result<f64, Error> {
        let utterance = self.task.utterance(&mut self.rng);
        let (mut grad, step) = self.model.gradient(
            utterance.frames.view(),
            &utterance.target,
            CtcOptions::default(),
        )?;
        let loss = step.record.loss;
        let norm = norm(&grad);
        if !loss.is_finite() || !norm.is_finite() {
            return Err(Error::Diverged {
                step: self.steps + 1,
                what: "the CTC loss",
            });
        }
        let frames = utterance.frames.nrows().max(1) as f64;
        self.watch.observe(self.steps + 1, loss / frames, None)?;
        if norm > f64::from(self.clip) {
            let scale = (f64::from(self.clip) / norm) as f32;
            grad.iter_mut().for_each(|g| *g *= scale);
        }
        let mut weights: Vec<f32> = self.model.flat_mut().into_iter().map(|w| *w).collect();
        self.optimizer.step(&mut weights, &grad);
        for (slot, value) in self.model.flat_mut().into_iter().zip(weights) {
            *slot = value;
        }
        self.steps += 1;
        self.last = Some((utterance, step));
        Ok(loss)
    }
}

impl CtcTrainer {
    /// The gradient check of the model on the last utterance (a fresh one from a copy of the
    /// stream before any step): the CTC loss's analytic gradient beside central differences, in
    /// float32, for every tensor's largest entry and `extra` random ones (see
    /// [`crate::engine::gradcheck`]). Tensors are named as PyTorch's `nn.LSTM` (`_reverse` for
    /// the backward direction; `bias_l0` is `b_ih + b_hh` in one) and `nn.Linear` (`fc`).
    pub fn gradient_check(&self, extra: usize, seed: u64) -> Result<GradientCheck, Error> {
        let utterance = match &self.last {
            Some((utterance, _)) => utterance.clone(),
            None => self.task.utterance(&mut self.rng.clone()),
        };
        let (x, target) = (utterance.frames.view(), &utterance.target);
        let (grad, _) = self.model.gradient(x, target, CtcOptions::default())?;
        let grads: Vec<f64> = grad.iter().map(|&g| f64::from(g)).collect();
        let config = self.model.config();
        let (f, h, c) = (config.features, config.hidden, config.symbols);
        let directions = if config.bidirectional { 2 } else { 1 };
        let mut shapes = Vec::new();
        for d in 0..directions {
            let suffix = if d == 1 { "_reverse" } else { "" };
            shapes.push((format!("lstm.weight_ih_l0{suffix}"), (4 * h, f)));
            shapes.push((format!("lstm.weight_hh_l0{suffix}"), (4 * h, h)));
            shapes.push((format!("lstm.bias_l0{suffix}"), (4 * h, 1)));
        }
        shapes.push(("fc.weight".to_string(), (c, directions * h)));
        shapes.push(("fc.bias".to_string(), (c, 1)));
        let mut offset = 0;
        let tensors: Vec<TensorSpan> = shapes
            .into_iter()
            .map(|(name, shape)| {
                let len = shape.0 * shape.1;
                offset += len;
                TensorSpan {
                    name,
                    range: offset - len..offset,
                    shape,
                }
            })
            .collect();
        let picks = pick_entries(Precision::Float32, &tensors, &grads, extra, seed);
        let mut probe = self.model.clone();
        let weights = self.model.weights();
        Ok(check(
            Precision::Float32,
            tensors,
            &grads,
            &picks,
            |i, delta| {
                probe.set_weight(i, weights[i] + delta as f32);
                let loss = probe
                    .gradient(x, target, CtcOptions::default())
                    .map_or(f64::NAN, |(_, step)| step.record.loss);
                probe.set_weight(i, weights[i]);
                loss
            },
        ))
    }
}
