//! The "RNN & LSTM through time" lab's session: one model or an RNN and an LSTM side by side,
//! trained in lockstep from the same seed on the same chunks, with a cursor that reveals one
//! stage of a training step at a time: forward t = 1..T, the loss, backward t = T..1, update.

use std::cell::RefCell;

use super::analysis::{curves, GradientCurves};
use super::config::{Cells, SessionConfig};
use super::history::History;
use super::model::{CharModel, ModelConfig};
use super::train::{StepStats, TrainConfig, Trainer};
use crate::engine::{snapshot, Error};

/// What a step of the stage cursor shows.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Nothing of the next chunk shown yet (a new session shows its first chunk computed, as
    /// a preview of what stepping walks through).
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

/// One model in the session with its curve.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct LabModel {
    /// The trainer (model, optimiser, last record).
    pub trainer: Trainer,
    /// Loss and gradient-norm history.
    pub history: History,
    /// What the last training step did.
    pub last: Option<StepStats>,
}

/// One or two models, the stage cursor, and the training history.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
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
        let kinds = config.cells.kinds();
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
        }
        .with_first_chunk())
    }

    /// Prepares the first chunk (forward, backward, clipping; nothing applied) so that a new
    /// session's views show the untrained model on the chunk the first step walks through.
    /// Preparing again is a no-op, so stepping and training go on exactly as without it. A
    /// model that fails on it (a loaded model whose loss is not finite) keeps the error, and
    /// its first step or training reports it.
    fn with_first_chunk(mut self) -> Session {
        for model in &mut self.models {
            let _ = model.trainer.prepare();
        }
        self
    }

    /// The session as snapshot bytes ([`crate::engine::snapshot`]), without its training text.
    pub fn snapshot(&self) -> Vec<u8> {
        snapshot::to_bytes(self)
    }

    /// The session of `bytes` (from [`Session::snapshot`]) training on `text`, the text the
    /// snapshotted session had.
    pub fn from_snapshot(bytes: &[u8], text: String) -> Result<Session, Error> {
        let mut session: Session = snapshot::from_bytes(bytes)?;
        for lab in &mut session.models {
            let ids = lab.trainer.model().encode(&text)?;
            lab.trainer.set_text(ids);
        }
        session.config.text = text;
        Ok(session)
    }

    /// Replaces this session by the one of `bytes`, a snapshot of a session with the same text
    /// (this one's, taken over); on an error nothing changes.
    pub fn restore(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let mut session: Session = snapshot::from_bytes(bytes)?;
        if session.models.len() != self.models.len() {
            return Err(Error::Mismatch(
                "the snapshot has another number of models".to_string(),
            ));
        }
        for (new, old) in session.models.iter_mut().zip(&mut self.models) {
            new.trainer.set_text(old.trainer.take_text());
        }
        session.config.text = std::mem::take(&mut self.config.text);
        *self = session;
        Ok(())
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
        }
        .with_first_chunk())
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

    /// Shows `stage` of the chunk being stepped through instead of the one shown: any forward
    /// or backward timestep of it, or its loss, earlier or later (the chunk was computed when
    /// it started, so nothing is recomputed and nothing is applied). Returns false, and changes
    /// nothing, when no chunk is being stepped through or `stage` is not one of its stages.
    pub fn show_stage(&mut self, stage: Stage) -> bool {
        let inside = |s: Stage| match s {
            Stage::Forward(t) | Stage::Backward(t) => (1..=self.chunk_len()).contains(&t),
            Stage::Loss => true,
            Stage::Ready | Stage::Update => false,
        };
        if !inside(self.stage) || !inside(stage) {
            return false;
        }
        self.stage = stage;
        true
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

    /// Computes what the costliest views read (each model's gradient curves) so a snapshot
    /// carries them and the receiver draws without computing them again.
    pub fn prepare_views(&self) {
        for index in 0..self.models.len() {
            let _ = self.curves(index);
        }
    }
}
