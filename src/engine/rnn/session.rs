//! The "RNN & LSTM through time" lab's session: one model or an RNN and an LSTM side by side,
//! trained in lockstep from the same seed on the same chunks, with a cursor that reveals one
//! stage of a training step at a time: forward t = 1..T, the loss, backward t = T..1, update.

use std::cell::RefCell;

use super::analysis::{jacobian_norms, last_loss_grad_norms, power_iterations, spectral_norm};
use super::bptt::SequenceRecord;
use super::model::{CharModel, ModelConfig};
use super::params::Tensor;
use super::train::{StepStats, TrainConfig, Trainer};
use crate::engine::nn::kernels::norm;
use crate::engine::nn::{CellKind, Optimizer};
use crate::engine::{limits, Error};

/// Most points kept per training curve; older points are thinned (every other one dropped).
pub const MAX_HISTORY: usize = 4_096;

/// What a step of the stage cursor shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Nothing of the next chunk shown yet.
    Ready,
    /// The forward pass up to timestep `t` (1-based) is shown.
    Forward(usize),
    /// The loss of the chunk is shown.
    Loss,
    /// The backward pass from T down to timestep `t` (1-based) is shown.
    Backward(usize),
    /// The update was applied (the next stage starts a new chunk).
    Update,
}

/// Which cells the lab trains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cells {
    /// One model of this kind.
    One(CellKind),
    /// An RNN and an LSTM side by side.
    Both,
}

/// Everything that sets up a session.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionConfig {
    /// RNN, LSTM or both.
    pub cells: Cells,
    /// The training text (its distinct characters are the vocabulary).
    pub text: String,
    /// Embedding size.
    pub embedding_dim: usize,
    /// Hidden size.
    pub hidden_size: usize,
    /// Truncation window T.
    pub seq_len: usize,
    /// The optimiser.
    pub optimizer: Optimizer,
    /// Gradient clipping threshold (`None`: off).
    pub clip: Option<f32>,
    /// Multiplies `W_hh` at initialisation.
    pub recurrent_scale: f32,
    /// LSTM forget-gate bias at initialisation (`None`: PyTorch's default).
    pub forget_bias: Option<f32>,
    /// Seed of everything.
    pub seed: u64,
}

/// A training curve, thinned to at most [`MAX_HISTORY`] points.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// Step numbers.
    pub steps: Vec<u64>,
    /// Loss in bits per character.
    pub bits_per_char: Vec<f32>,
    /// Global gradient norm before clipping.
    pub grad_norm: Vec<f32>,
    /// Whether clipping scaled the gradient.
    pub clipped: Vec<bool>,
    stride: u64,
}

impl History {
    fn push(&mut self, stats: &StepStats) {
        let stride = self.stride.max(1);
        if !stats.step.is_multiple_of(stride) {
            return;
        }
        self.steps.push(stats.step);
        self.bits_per_char.push(stats.loss / std::f32::consts::LN_2);
        self.grad_norm.push(stats.grad_norm as f32);
        self.clipped.push(stats.clipped);
        if self.steps.len() > MAX_HISTORY {
            thin(&mut self.steps);
            thin(&mut self.bits_per_char);
            thin(&mut self.grad_norm);
            thin(&mut self.clipped);
            self.stride = stride * 2;
        }
    }
}

/// Drops every other element (keeps the first).
fn thin<T>(values: &mut Vec<T>) {
    let mut k = 0;
    values.retain(|_| {
        k += 1;
        k % 2 == 1
    });
}

/// The gradient-norm curves of one recorded chunk, for the "gradient norm over time" view.
#[derive(Debug, Clone, PartialEq)]
pub struct GradientCurves {
    /// `‖∂L_T/∂h_t‖` for t = 1..T (the last step's loss alone).
    pub last_loss: Vec<f64>,
    /// `‖∂L/∂h_t‖`, the total gradient reaching h_t.
    pub total: Vec<f64>,
    /// `‖∂h_t/∂h_{t−1}‖₂` for t = 1..T.
    pub jacobian: Vec<f64>,
    /// `Π_{k=t+1..T} ‖∂h_k/∂h_{k−1}‖₂`: the bound on how the last loss reaches back to t.
    pub running_product: Vec<f64>,
    /// `‖W_hh‖₂` (for the LSTM, of each gate block's largest).
    pub w_hh_norm: f64,
    /// Product of forget gates `Π_{k=t+1..T} f_k`, averaged over units (LSTM): the cell path.
    pub forget_product: Vec<f64>,
    /// The first timestep (1-based) whose value overflowed, if any.
    pub overflow_at: Option<usize>,
}

impl SessionConfig {
    /// Checks every setting against the page's limits, and the text's length, before anything
    /// is allocated.
    pub fn validate(&self) -> Result<(), Error> {
        limits::RNN_HIDDEN.check_count(self.hidden_size)?;
        self.validate_training()
    }

    /// The multiply–adds of one step for a model of `kind` over `vocab` characters: forward
    /// and backward through T steps (backward ≈ twice forward) and the gradient-norm view
    /// (power iteration on each step's `H × H` Jacobian and on `W_hh`).
    pub fn step_cost(&self, kind: CellKind, vocab: usize) -> u64 {
        let (e, h, t) = (
            self.embedding_dim as u64,
            self.hidden_size as u64,
            self.seq_len as u64,
        );
        let g = kind.gates() as u64;
        let iterations = power_iterations(self.hidden_size) as u64;
        let training = 3 * t * (g * h * (e + h) + vocab as u64 * h);
        let analysis = t * (2 * iterations * h * h + g * h * h) + g * 2 * iterations * h * h;
        training + analysis
    }

    /// Refuses settings whose one step would cost more than [`limits::RNN_STEP_MACS`].
    fn check_cost(&self, kinds: &[CellKind], vocab: usize) -> Result<(), Error> {
        let cost: u64 = kinds.iter().map(|&k| self.step_cost(k, vocab)).sum();
        if cost <= limits::RNN_STEP_MACS {
            return Ok(());
        }
        let cells = match kinds {
            [one] => format!("the {}", one.name().to_uppercase()),
            _ => "both cells".to_string(),
        };
        Err(Error::InvalidOption {
            name: "model size",
            message: format!(
                "is too large for one step: {cells} at H = {}, T = {} cost about {} million \
                 multiply-adds per step (training and the gradient-norm view), more than the {} \
                 million the page runs at once; lower H or T{}",
                self.hidden_size,
                self.seq_len,
                cost.div_ceil(1_000_000),
                limits::RNN_STEP_MACS / 1_000_000,
                if kinds.len() > 1 {
                    ", or train one cell"
                } else {
                    ""
                }
            ),
        })
    }

    /// The settings that also apply to a loaded model (its sizes come from its file).
    fn validate_training(&self) -> Result<(), Error> {
        limits::RNN_SEQ_LEN.check_count(self.seq_len)?;
        limits::RNN_SCALE.check_f32(self.recurrent_scale)?;
        if let Some(bias) = self.forget_bias {
            limits::RNN_FORGET_BIAS.check_f32(bias)?;
        }
        if let Some(clip) = self.clip {
            limits::RNN_CLIP.check_f32(clip)?;
        }
        limits::RNN_LEARNING_RATE.check_f32(self.optimizer.learning_rate())?;
        let chars = self.text.chars().count();
        if chars > limits::RNN_TEXT_CHARS {
            return Err(Error::InvalidOption {
                name: "training text",
                message: format!(
                    "has {chars} characters; the lab takes up to {}",
                    limits::RNN_TEXT_CHARS
                ),
            });
        }
        Ok(())
    }
}

/// One model in the session with its curve.
#[derive(Debug, Clone)]
pub struct LabModel {
    /// The trainer (model, optimiser, last record).
    pub trainer: Trainer,
    /// Loss and gradient-norm history.
    pub history: History,
    /// What the last training step did.
    pub last: Option<StepStats>,
}

/// One or two models, the stage cursor, and the training history.
#[derive(Debug, Clone)]
pub struct Session {
    models: Vec<LabModel>,
    stage: Stage,
    config: SessionConfig,
    /// Each model's gradient curves with the (steps, pending) they were computed at: power
    /// iteration over T Jacobians is the costliest view, and every draw and hover reads it.
    curves: RefCell<Vec<Option<(CurvesKey, GradientCurves)>>>,
}

/// What a model's curves depend on: its steps taken and whether a chunk is prepared.
type CurvesKey = (u64, bool);

impl Session {
    /// Builds the models (same seed) and trainers (same chunks) of `config`; every setting is
    /// checked against the page's limits ([`crate::engine::limits`]) first.
    pub fn new(config: SessionConfig) -> Result<Session, Error> {
        config.validate()?;
        let mut vocab: Vec<char> = config.text.chars().collect();
        vocab.sort_unstable();
        vocab.dedup();
        let kinds = match config.cells {
            Cells::One(kind) => vec![kind],
            Cells::Both => vec![CellKind::Rnn, CellKind::Lstm],
        };
        config.check_cost(&kinds, vocab.len())?;
        let models: Vec<LabModel> = kinds
            .into_iter()
            .map(|kind| {
                let model = CharModel::new(&ModelConfig {
                    kind,
                    vocab: vocab.clone(),
                    embedding_dim: config.embedding_dim,
                    hidden_size: config.hidden_size,
                    recurrent_scale: config.recurrent_scale,
                    forget_bias: config.forget_bias,
                    seed: config.seed,
                })?;
                Session::lab_model(model, &config)
            })
            .collect::<Result<_, Error>>()?;
        Ok(Session {
            curves: RefCell::new(vec![None; models.len()]),
            models,
            stage: Stage::Ready,
            config,
        })
    }

    /// A session around a loaded model (one model; its vocabulary must cover the text).
    pub fn with_model(model: CharModel, config: SessionConfig) -> Result<Session, Error> {
        config.validate_training()?;
        let config = SessionConfig {
            cells: Cells::One(model.kind()),
            embedding_dim: model.dims().embedding,
            hidden_size: model.dims().hidden,
            ..config
        };
        config.check_cost(&[model.kind()], model.dims().vocab)?;
        Ok(Session {
            models: vec![Session::lab_model(model, &config)?],
            stage: Stage::Ready,
            config,
            curves: RefCell::new(vec![None]),
        })
    }

    fn lab_model(model: CharModel, config: &SessionConfig) -> Result<LabModel, Error> {
        let train = TrainConfig {
            seq_len: config.seq_len,
            optimizer: config.optimizer,
            clip: config.clip,
            seed: config.seed.wrapping_add(1),
        };
        Ok(LabModel {
            trainer: Trainer::new(model, &config.text, train)?,
            history: History::default(),
            last: None,
        })
    }

    /// The models (one, or RNN then LSTM).
    pub fn models(&self) -> &[LabModel] {
        &self.models
    }

    /// The configuration.
    pub fn config(&self) -> &SessionConfig {
        &self.config
    }

    /// The stage now shown.
    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// The length of the chunk being shown (0 before the first).
    pub fn chunk_len(&self) -> usize {
        self.models[0].trainer.record().len()
    }

    /// Reveals the next stage; starting a chunk computes it (forward, backward, clipping) for
    /// every model at once, and the `Update` stage applies the update.
    pub fn step_stage(&mut self) -> Result<Stage, Error> {
        self.stage = match self.stage {
            Stage::Ready | Stage::Update => {
                for model in &mut self.models {
                    model.trainer.prepare()?;
                }
                Stage::Forward(1)
            }
            Stage::Forward(t) if t < self.chunk_len() => Stage::Forward(t + 1),
            Stage::Forward(_) => Stage::Loss,
            Stage::Loss => Stage::Backward(self.chunk_len()),
            Stage::Backward(t) if t > 1 => Stage::Backward(t - 1),
            Stage::Backward(_) => {
                self.apply_all()?;
                Stage::Update
            }
        };
        Ok(self.stage)
    }

    /// Runs `steps` whole training steps (finishing a step in progress first).
    pub fn train(&mut self, steps: usize) -> Result<(), Error> {
        if matches!(
            self.stage,
            Stage::Forward(_) | Stage::Loss | Stage::Backward(_)
        ) {
            self.apply_all()?;
            self.stage = Stage::Update;
        }
        for _ in 0..steps {
            for model in &mut self.models {
                model.trainer.prepare()?;
            }
            self.apply_all()?;
            self.stage = Stage::Update;
        }
        Ok(())
    }

    fn apply_all(&mut self) -> Result<(), Error> {
        for model in &mut self.models {
            let stats = model.trainer.apply()?;
            model.history.push(&stats);
            model.last = Some(stats);
        }
        Ok(())
    }

    /// The gradient-norm curves of model `index`'s last chunk (computed once per chunk and
    /// update, then kept).
    pub fn curves(&self, index: usize) -> Option<GradientCurves> {
        let lab = self.models.get(index)?;
        let (model, record) = (lab.trainer.model(), lab.trainer.record());
        if record.is_empty() {
            return None;
        }
        let key = (lab.trainer.steps(), lab.trainer.is_pending());
        let mut cache = self.curves.borrow_mut();
        let slot = cache.get_mut(index)?;
        match slot {
            Some((at, kept)) if *at == key => Some(kept.clone()),
            _ => Some(slot.insert((key, curves(model, record))).1.clone()),
        }
    }
}

/// The gradient-norm curves of `record` under `model`.
pub fn curves(model: &CharModel, record: &SequenceRecord) -> GradientCurves {
    let steps = record.len();
    let h_size = model.dims().hidden;
    let last_loss = last_loss_grad_norms(model, record);
    let total: Vec<f64> = record.dh.rows().into_iter().map(norm).collect();
    let jacobian: Vec<f64> = jacobian_norms(model, record)
        .into_iter()
        .map(f64::from)
        .collect();
    let mut running_product = vec![1.0f64; steps];
    for t in (0..steps.saturating_sub(1)).rev() {
        running_product[t] = running_product[t + 1] * jacobian[t + 1];
    }
    let w_hh = model.params().tensor(Tensor::WeightHh);
    let w_hh_norm = (0..model.dims().gates)
        .map(|k| {
            f64::from(spectral_norm(
                &w_hh[k * h_size * h_size..(k + 1) * h_size * h_size],
                h_size,
            ))
        })
        .fold(0.0, f64::max);
    let mut forget_product = vec![1.0f64; steps];
    if model.kind() == CellKind::Lstm {
        let mut product = vec![1.0f64; h_size];
        for t in (0..steps).rev() {
            forget_product[t] = product.iter().sum::<f64>() / h_size as f64;
            for (j, p) in product.iter_mut().enumerate() {
                *p *= f64::from(record.gates[[t, h_size + j]]);
            }
        }
    }
    let overflow_at = (0..steps)
        .find(|&t| {
            !last_loss[t].is_finite() || !total[t].is_finite() || !running_product[t].is_finite()
        })
        .map(|t| t + 1);
    GradientCurves {
        last_loss,
        total,
        jacobian,
        running_product,
        w_hh_norm,
        forget_product,
        overflow_at,
    }
}
