//! The word2vec lab's session: a text turned into pairs epoch after epoch, one SGD step per
//! pair, a record of the latest step, and the loss curve.

use ndarray::Array2;

use super::config::{ContextNegatives, Objective, Word2VecConfig, MAX_SOFTMAX_VOCABULARY};
use super::model::{EmbeddingChoice, Matrix, SkipGram, Tying};
use super::sampling::{subsample, NegativeSampler};
use super::update::{Gradient, Update};
use super::vocab::{grouped, Corpus, Vocabulary};
use super::window::{Pair, Window};
use crate::engine::curve::LossCurve;
use crate::engine::divergence::{DivergenceWatch, NATS_PER_PAIR};
use crate::engine::gradcheck::{check, pick_entries, GradientCheck, Precision, TensorSpan};
use crate::engine::{Error, Rng};

/// The learning rate never goes below `lr0 · LEARNING_RATE_FLOOR` (the C code's 1e-4).
pub const LEARNING_RATE_FLOOR: f64 = 1e-4;
/// Offset between the weight seed and the data seed.
const DATA_SEED: u64 = 0xDA7A_5EED_0002_0007;

/// One training step as the page shows it.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct StepRecord {
    /// The step's number (from 1).
    pub step: u64,
    /// The epoch (from 1).
    pub epoch: usize,
    /// The pair and where the window stood.
    pub pair: Pair,
    /// Scores, loss, learning rate and the rows that moved.
    pub update: Update,
}

/// The trainer: vocabulary, the stream, the model, and where training has got to.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct Word2VecTrainer {
    config: Word2VecConfig,
    vocabulary: Vocabulary,
    corpus: Corpus,
    sampler: NegativeSampler,
    model: SkipGram,
    rng: Rng,
    window: Window,
    epoch: usize,
    pairs_done: u64,
    planned_pairs: u64,
    loss: LossCurve,
    last: Option<StepRecord>,
    watch: DivergenceWatch,
}

/// The loss of one pair when every score is 0 (a model that has learned nothing): for negative
/// sampling `(1 + k) ln 2` (σ(0) = ½ for the context and each negative), for the full softmax
/// `ln V`.
fn uniform_loss(config: &Word2VecConfig, vocabulary: usize) -> f64 {
    match config.objective {
        Objective::NegativeSampling => (1 + config.negatives) as f64 * std::f64::consts::LN_2,
        Objective::FullSoftmax => (vocabulary as f64).ln(),
    }
}

/// What training changes in a [`Word2VecTrainer`] (the model, the stream's position, the
/// random draws, the curve, the last step), as the worker sends it back to the page; the
/// vocabulary, the corpus and the sampler stay where they are.
pub(super) type Progress = (
    Word2VecConfig,
    SkipGram,
    Rng,
    Window,
    usize,
    u64,
    LossCurve,
    Option<StepRecord>,
    DivergenceWatch,
);

impl Word2VecTrainer {
    /// The part training changes (see [`Progress`]), for [`crate::engine::snapshot`].
    pub(super) fn progress(&self) -> impl serde::Serialize + '_ {
        (
            &self.config,
            &self.model,
            &self.rng,
            &self.window,
            self.epoch,
            self.pairs_done,
            &self.loss,
            &self.last,
            &self.watch,
        )
    }

    /// Whether `progress` can be taken over: it comes from a trainer of the same settings and
    /// model shape (and so, in practice, the same text).
    pub(super) fn check_progress(&self, progress: &Progress) -> Result<(), Error> {
        let (config, model, _, _, _, pairs_done, ..) = progress;
        if *config != self.config
            || model.input().dim() != self.model.input().dim()
            || model.output().dim() != self.model.output().dim()
            || model.tying() != self.model.tying()
            || *pairs_done > self.planned_pairs
        {
            return Err(Error::InvalidModel(
                "a snapshot of a model trained on another text or with other settings".to_string(),
            ));
        }
        Ok(())
    }

    /// Takes over `progress`, checked by [`Word2VecTrainer::check_progress`].
    pub(super) fn set_progress(&mut self, progress: Progress) {
        let (_, model, rng, window, epoch, pairs_done, loss, last, watch) = progress;
        self.model = model;
        self.rng = rng;
        self.window = window;
        self.epoch = epoch;
        self.pairs_done = pairs_done;
        self.loss = loss;
        self.last = last;
        self.watch = watch;
    }
}

impl Word2VecTrainer {
    /// A trainer on one token stream (a single sentence: windows run across everything).
    pub fn new<S: AsRef<str>>(
        tokens: &[S],
        config: Word2VecConfig,
    ) -> Result<Word2VecTrainer, Error> {
        Word2VecTrainer::from_sentences(&[tokens], config)
    }

    /// A trainer on sentences (windows stop at sentence ends). Checks every option and the
    /// text: it must have at least two distinct words at the minimum count, a vocabulary that
    /// fits `D` (and at most [`MAX_SOFTMAX_VOCABULARY`] words for the full softmax), and at
    /// least one pair.
    pub fn from_sentences<T: AsRef<[S]>, S: AsRef<str>>(
        sentences: &[T],
        config: Word2VecConfig,
    ) -> Result<Word2VecTrainer, Error> {
        config.validate()?;
        let tokens = sentences
            .iter()
            .flat_map(|s| s.as_ref().iter().map(AsRef::as_ref));
        let vocabulary = Vocabulary::from_tokens(tokens, config.min_count)?;
        vocabulary.check_size(config.dimensions)?;
        if config.objective == Objective::FullSoftmax && vocabulary.len() > MAX_SOFTMAX_VOCABULARY {
            return Err(Error::InvalidOption {
                name: "full softmax",
                message: format!(
                    "needs a vocabulary of at most {} words, got {}: use negative sampling or \
                     raise the minimum count",
                    grouped(MAX_SOFTMAX_VOCABULARY),
                    grouped(vocabulary.len())
                ),
            });
        }
        let corpus = Corpus::from_sentences(&vocabulary, sentences);
        let mut rng = Rng::new(config.seed ^ DATA_SEED);
        let full = Window::new(corpus.clone(), config.window, config.shrink, &mut rng);
        if full.pair_count() == 0 {
            return Err(Error::InvalidOption {
                name: "text",
                message: "has no (centre, context) pairs: every sentence has a single word \
                          after rare words are dropped; join the sentences or lower the minimum count"
                    .to_string(),
            });
        }
        let sampler = NegativeSampler::new(vocabulary.counts(), config.alpha)?;
        let model = SkipGram::new(
            vocabulary.len(),
            config.dimensions,
            config.tying,
            &mut Rng::new(config.seed),
        );
        let watch = DivergenceWatch::new(uniform_loss(&config, vocabulary.len()), NATS_PER_PAIR);
        let mut trainer = Word2VecTrainer {
            config,
            vocabulary,
            corpus,
            sampler,
            model,
            rng,
            window: full,
            epoch: 0,
            pairs_done: 0,
            planned_pairs: 0,
            loss: LossCurve::default(),
            last: None,
            watch,
        };
        trainer.start_epoch();
        trainer.planned_pairs = trainer.window.pair_count() * config.epochs as u64;
        Ok(trainer)
    }

    /// Subsamples the stream for the next epoch and puts the window at its start. An epoch that
    /// subsampling left without a pair (possible on a tiny text) runs on the whole stream.
    fn start_epoch(&mut self) {
        self.epoch += 1;
        let kept = subsample(
            &self.corpus,
            &self.vocabulary,
            self.config.subsample,
            &mut self.rng,
        );
        let mut window = Window::new(kept, self.config.window, self.config.shrink, &mut self.rng);
        if window.pair_count() == 0 {
            window = Window::new(
                self.corpus.clone(),
                self.config.window,
                self.config.shrink,
                &mut self.rng,
            );
        }
        self.window = window;
    }

    /// The next pair, starting a new epoch when this one is done.
    fn next_pair(&mut self) -> Pair {
        loop {
            if let Some(pair) = self.window.next_pair() {
                return pair;
            }
            self.start_epoch();
        }
    }

    /// `k` draws from the sampler (those equal to the context dropped if so configured).
    fn draw_negatives(&mut self, context: usize) -> Vec<usize> {
        let mut negatives = Vec::with_capacity(self.config.negatives);
        for _ in 0..self.config.negatives {
            let word = self.sampler.sample(&mut self.rng);
            if word != context || self.config.context_negatives == ContextNegatives::Keep {
                negatives.push(word);
            }
        }
        negatives
    }

    /// One pair: draw its negatives, compute loss and gradient, move the rows. Returns the
    /// record (also kept as [`Word2VecTrainer::last`]).
    pub fn step(&mut self) -> Result<&StepRecord, Error> {
        let (pair, gradient, learning_rate) = self.prepare()?;
        let update = self.model.apply_recorded(gradient, learning_rate);
        self.finish(update.loss);
        let record = StepRecord {
            step: self.pairs_done,
            epoch: self.epoch,
            pair,
            update,
        };
        Ok(self.last.insert(record))
    }

    /// `pairs` steps, only the last one recorded (as [`Word2VecTrainer::step`] records it);
    /// returns their mean loss.
    pub fn train(&mut self, pairs: u64) -> Result<f64, Error> {
        let mut sum = 0.0;
        for _ in 1..pairs {
            let (_, gradient, learning_rate) = self.prepare()?;
            self.model.apply(&gradient, learning_rate);
            self.finish(gradient.loss);
            sum += gradient.loss;
        }
        if pairs > 0 {
            sum += self.step()?.update.loss;
        }
        Ok(sum / pairs.max(1) as f64)
    }

    /// The next pair, its gradient and the learning rate; refuses a non-finite loss.
    fn prepare(&mut self) -> Result<(Pair, Gradient, f64), Error> {
        let pair = self.next_pair();
        let learning_rate = self.learning_rate();
        let gradient = match self.config.objective {
            Objective::NegativeSampling => {
                let negatives = self.draw_negatives(pair.context);
                self.model
                    .sgns_gradient(pair.centre, pair.context, &negatives)?
            }
            Objective::FullSoftmax => self.model.softmax_gradient(pair.centre, pair.context)?,
        };
        if !gradient.loss.is_finite() {
            return Err(Error::Diverged {
                step: self.pairs_done + 1,
                what: "the loss",
            });
        }
        self.watch
            .observe(self.pairs_done + 1, gradient.loss, None)?;
        Ok((pair, gradient, learning_rate))
    }

    /// Counts the step and adds its loss to the curve.
    fn finish(&mut self, loss: f64) {
        self.pairs_done += 1;
        self.loss.push(self.pairs_done, loss);
    }

    /// The learning rate of the next step: `lr0 · max(1e-4, 1 − pairs done / planned pairs)`,
    /// linear decay as in the C code (which counts words where this counts pairs).
    pub fn learning_rate(&self) -> f64 {
        let progress = self.pairs_done as f64 / self.planned_pairs.max(1) as f64;
        self.config.learning_rate * (1.0 - progress).max(LEARNING_RATE_FLOOR)
    }

    /// The pair the next step will train on (`None` only between epochs).
    pub fn peek(&self) -> Option<Pair> {
        self.window.peek()
    }

    /// The options.
    pub fn config(&self) -> &Word2VecConfig {
        &self.config
    }

    /// The vocabulary.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// The whole stream as word ids (before subsampling).
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// The current epoch's window (its stream shows which tokens subsampling kept).
    pub fn window(&self) -> &Window {
        &self.window
    }

    /// The negative sampler (its probabilities are the unigram^α bar chart).
    pub fn sampler(&self) -> &NegativeSampler {
        &self.sampler
    }

    /// The model.
    pub fn model(&self) -> &SkipGram {
        &self.model
    }

    /// The word vectors chosen by `choice`, `[V, D]`.
    pub fn embeddings(&self, choice: EmbeddingChoice) -> Array2<f64> {
        self.model.embeddings(choice)
    }

    /// The current epoch (from 1).
    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// Steps taken.
    pub fn pairs_done(&self) -> u64 {
        self.pairs_done
    }

    /// Pairs the learning-rate schedule plans for: epochs × the first epoch's pairs.
    pub fn planned_pairs(&self) -> u64 {
        self.planned_pairs
    }

    /// True once the planned pairs are done (training on goes on at the floor rate).
    pub fn is_finished(&self) -> bool {
        self.pairs_done >= self.planned_pairs
    }

    /// The loss curve.
    pub fn loss_curve(&self) -> &LossCurve {
        &self.loss
    }

    /// The latest [`Word2VecTrainer::step`]'s record (cleared by `train`).
    pub fn last(&self) -> Option<&StepRecord> {
        self.last.as_ref()
    }
}

impl Word2VecTrainer {
    /// The gradient check of the last step's pair (its centre, context and negatives) under the
    /// model as it is now: the loss's analytic gradient beside central differences in float64,
    /// for each matrix's largest entry and `extra` random ones among the rows the pair moves
    /// (see [`crate::engine::gradcheck`]); `None` before the first step.
    pub fn gradient_check(&self, extra: usize, seed: u64) -> Option<GradientCheck> {
        let last = self.last.as_ref()?;
        let (centre, context) = (last.update.centre, last.update.context);
        let negatives = match &last.update.scores {
            super::update::Scores::NegativeSampling { negatives, .. } => Some(negatives.clone()),
            super::update::Scores::Softmax { .. } => None,
        };
        let loss_of = |model: &SkipGram| -> Result<Gradient, Error> {
            match &negatives {
                Some(negatives) => model.sgns_gradient(centre, context, negatives),
                None => model.softmax_gradient(centre, context),
            }
        };
        let gradient = loss_of(&self.model).ok()?;
        let (v, d) = (self.model.vocab_size(), self.model.dimensions());
        let matrices: Vec<Matrix> = match self.model.tying() {
            Tying::Untied => vec![Matrix::Input, Matrix::Output],
            Tying::Tied => vec![Matrix::Input],
        };
        let tensors: Vec<TensorSpan> = matrices
            .iter()
            .enumerate()
            .map(|(k, &m)| TensorSpan {
                name: match m {
                    Matrix::Input => "W",
                    Matrix::Output => "W′",
                }
                .to_string(),
                range: k * v * d..(k + 1) * v * d,
                shape: (v, d),
            })
            .collect();
        let mut grads = vec![0.0; matrices.len() * v * d];
        for row in &gradient.rows {
            let k = matrices.iter().position(|&m| m == row.matrix)?;
            for (j, g) in row.gradient.iter().enumerate() {
                grads[k * v * d + row.row * d + j] += g;
            }
        }
        let picks = pick_entries(Precision::Float64, &tensors, &grads, extra, seed);
        let mut probe = self.model.clone();
        Some(check(
            Precision::Float64,
            tensors,
            &grads,
            &picks,
            |i, delta| {
                let (k, entry) = (i / (v * d), i % (v * d));
                let matrix = probe.matrix_mut(matrices[k]);
                let slot = &mut matrix[[entry / d, entry % d]];
                let original = *slot;
                *slot = original + delta;
                let loss = loss_of(&probe).map_or(f64::NAN, |g| g.loss);
                probe.matrix_mut(matrices[k])[[entry / d, entry % d]] = original;
                loss
            },
        ))
    }
}
