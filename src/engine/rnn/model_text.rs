//! What a model loaded from a file trains on: the text given if the model knows its
//! characters; else that text without the characters it does not know; or, when too little is
//! left, text sampled from the model itself.

use super::{sample, CharModel, Session, SessionConfig};
use crate::engine::Error;

/// Characters sampled from a model when the text given cannot be used.
const SAMPLED_CHARS: usize = 20_000;

/// Where a loaded model's training text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrainingText {
    /// The text given, whole.
    Given,
    /// The text given without the `dropped` characters the model does not know.
    Filtered {
        /// Characters removed.
        dropped: usize,
    },
    /// Text sampled from the model (the text given had too few characters it knows).
    Sampled,
}

impl Session {
    /// A session around `model` (e.g. a PyTorch state_dict read from a file) training on
    /// `text` as the model allows (see [`TrainingText`]), with `config`'s other settings.
    pub fn for_model(
        model: CharModel,
        text: &str,
        config: SessionConfig,
    ) -> Result<(Session, TrainingText), Error> {
        let known: String = text
            .chars()
            .filter(|&c| model.char_index(c).is_ok())
            .collect();
        let dropped = text.chars().count() - known.chars().count();
        let (text, source) = if known.chars().count() > 2 * config.seq_len.max(1) {
            let source = if dropped == 0 {
                TrainingText::Given
            } else {
                TrainingText::Filtered { dropped }
            };
            (known, source)
        } else {
            let prime = model.vocab()[0].to_string();
            let sampled = sample(&model, &prime, SAMPLED_CHARS, 1.0, config.seed)?;
            (prime + &sampled, TrainingText::Sampled)
        };
        let session = Session::with_model(model, SessionConfig { text, ..config })?;
        Ok((session, source))
    }
}
