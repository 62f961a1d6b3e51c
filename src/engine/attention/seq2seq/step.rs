//! Decoding one step at a time: encode the source once, then each step reads the encoder
//! states, the previous symbol and the previous decoder state (O(1) steps per output symbol,
//! so a whole output costs O(L) steps). Teacher-forced [`Seq2Seq::forward`] chains the same
//! steps, so both agree.

use ndarray::{s, Array1, Array2, Axis};

use super::{encoder_states, Seq2Seq};
use crate::engine::attention::encoder_decoder::{attend, AttentionStep};
use crate::engine::nn::LstmRun;
use crate::engine::Error;

/// The encoder's run on one source: what every decoder step reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Encoded {
    /// `h^enc` as f64, `[S, H]`: what the attention looks at.
    pub states: Array2<f64>,
    /// The encoder's inputs (embeddings of the source), `[S, E]`.
    pub x: Array2<f32>,
    /// The encoder's run (its last row is the decoder's initial state).
    pub run: LstmRun,
}

/// The decoder's recurrent state `(s_t, cell_t)`.
#[derive(Debug, Clone, PartialEq)]
pub struct DecoderState {
    /// `s_t`, `[H]`.
    pub h: Array1<f32>,
    /// The cell, `[H]`.
    pub c: Array1<f32>,
}

/// One decoder step: what the page's step-through shows.
#[derive(Debug, Clone, PartialEq)]
pub struct DecoderStep {
    /// The symbol fed in, `y_{t−1}` ([`super::START`] at the first step).
    pub previous: usize,
    /// The state the attention was asked with: `s_t` (dot, general) or `s_{t−1}` (additive),
    /// `[H]`; empty for the baseline.
    pub query: Array1<f64>,
    /// The step's attention (`None` for the baseline).
    pub attention: Option<AttentionStep>,
    /// `s_t` after the step.
    pub state: DecoderState,
    /// `p_t` over the vocabulary, `[V]`.
    pub probs: Array1<f32>,
}

/// Everything one step computed, for [`Seq2Seq::forward`] and [`Seq2Seq::decoder_step`].
pub(super) struct Cell {
    /// The decoder's input: `E[y_{t−1}]`, for additive `[E[y_{t−1}]; c_t]`.
    pub(super) x: Array1<f32>,
    /// The decoder LSTM's one-step run (rows 0 and 1 of `h`, `c`: `s_{t−1}`, `s_t`).
    pub(super) lstm: LstmRun,
    /// The attention's query (empty for the baseline).
    pub(super) query: Array1<f64>,
    /// The attention.
    pub(super) attention: Option<AttentionStep>,
    /// `o_t = [s_t; c_t]` (baseline: `s_t`).
    pub(super) features: Array1<f32>,
}

impl Seq2Seq {
    /// Runs the encoder over `source` (symbols below the vocabulary size, not empty).
    pub fn encode(&self, source: &[usize]) -> Result<Encoded, Error> {
        self.check(source, "source")?;
        let mut x = Array2::zeros((source.len(), self.config.embedding));
        for (t, &id) in source.iter().enumerate() {
            x.row_mut(t).assign(&self.embedding.row(id));
        }
        let run = self.encoder.forward(x.view(), None);
        Ok(Encoded {
            states: encoder_states(&run),
            x,
            run,
        })
    }

    /// The decoder's state before the first step: the encoder's final state `s_0 = h^enc_S`.
    pub fn initial_state(&self, encoded: &Encoded) -> DecoderState {
        let last = encoded.run.h.nrows() - 1;
        DecoderState {
            h: encoded.run.h.row(last).to_owned(),
            c: encoded.run.c.row(last).to_owned(),
        }
    }

    /// One decoder step from `state`, fed the symbol `previous` (see the module's equations).
    ///
    /// # Panics
    ///
    /// If `previous` is outside the vocabulary, or `encoded` and `state` come from a model of
    /// another size: use symbols this model emitted and states it returned.
    pub fn decoder_step(
        &self,
        encoded: &Encoded,
        state: &DecoderState,
        previous: usize,
    ) -> DecoderStep {
        let cell = self.advance(encoded, state, previous);
        let (probs, _, _) = self.output(cell.features.view());
        DecoderStep {
            previous,
            query: cell.query,
            attention: cell.attention,
            state: DecoderState {
                h: cell.lstm.h.row(1).to_owned(),
                c: cell.lstm.c.row(1).to_owned(),
            },
            probs,
        }
    }

    /// The step's recurrence and attention, up to `o_t`.
    pub(super) fn advance(&self, encoded: &Encoded, state: &DecoderState, previous: usize) -> Cell {
        let (e, h) = (self.config.embedding, self.config.hidden);
        let mut x = Array1::zeros(self.decoder.w_ih.ncols());
        x.slice_mut(s![..e]).assign(&self.embedding.row(previous));
        let mut query = Array1::zeros(0);
        let mut attention = None;
        if let (Some(params), true) = (&self.attention, self.feeds_context()) {
            // Bahdanau: s_{t−1} asks, and the context joins the input.
            query = state.h.mapv(f64::from);
            let step = attend(params, query.view(), encoded.states.view());
            x.slice_mut(s![e..])
                .assign(&step.context.mapv(|c| c as f32));
            attention = Some(step);
        }
        let lstm = self.decoder.forward(
            x.view().insert_axis(Axis(0)),
            Some((state.h.view(), state.c.view())),
        );
        let s_t = lstm.h.row(1);
        if let (Some(params), false) = (&self.attention, self.feeds_context()) {
            // Luong: s_t asks.
            query = s_t.mapv(f64::from);
            attention = Some(attend(params, query.view(), encoded.states.view()));
        }
        let mut features = Array1::zeros(self.w_out.ncols());
        features.slice_mut(s![..h]).assign(&s_t);
        if let Some(step) = &attention {
            features
                .slice_mut(s![h..])
                .assign(&step.context.mapv(|c| c as f32));
        }
        Cell {
            x,
            lstm,
            query,
            attention,
            features,
        }
    }
}
