//! The range of every number a visitor can type, and the size of everything they can paste or
//! drop: one table. The sessions refuse values outside it, the page sets each field's `min`,
//! `max` and `step` from it and shows the range beside the field, and the tests read it.
//!
//! A number is never wrapped, truncated or clamped: a value outside its field's range, a
//! fraction in a whole-number field, or something that is not a finite number is an
//! [`Error::OutOfRange`] naming the field and its range.

use crate::engine::Error;

/// One number field: its key on the page (`data-field`), its name in messages, its range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// The key the page's input carries in `data-field`, e.g. `"rnn.hidden"`.
    pub key: &'static str,
    /// The field's name in a message, e.g. `"hidden size H"`.
    pub name: &'static str,
    /// The smallest value allowed.
    pub min: f64,
    /// The largest value allowed.
    pub max: f64,
    /// Whether only whole numbers are allowed.
    pub integer: bool,
}

impl Field {
    const fn whole(key: &'static str, name: &'static str, min: f64, max: f64) -> Field {
        Field {
            key,
            name,
            min,
            max,
            integer: true,
        }
    }

    const fn real(key: &'static str, name: &'static str, min: f64, max: f64) -> Field {
        Field {
            key,
            name,
            min,
            max,
            integer: false,
        }
    }

    fn refuse(&self, got: f64) -> Error {
        Error::OutOfRange {
            name: self.name,
            min: self.min,
            max: self.max,
            integer: self.integer,
            got,
        }
    }

    /// `value` if it is finite, in range and (for a whole-number field) whole.
    pub fn check(&self, value: f64) -> Result<f64, Error> {
        let whole = !self.integer || value.fract() == 0.0;
        if value.is_finite() && whole && value >= self.min && value <= self.max {
            Ok(value)
        } else {
            Err(self.refuse(value))
        }
    }

    /// A whole-number field's value as a count (the check first: nothing wraps).
    pub fn count(&self, value: f64) -> Result<usize, Error> {
        debug_assert!(self.integer && self.min >= 0.0);
        self.check(value).map(|v| v as usize)
    }

    /// A whole-number field's value as a seed (the check first: nothing wraps).
    pub fn seed(&self, value: f64) -> Result<u64, Error> {
        debug_assert!(self.integer && self.min >= 0.0);
        self.check(value).map(|v| v as u64)
    }

    /// A count already held as an integer (an engine config), checked against the same range.
    pub fn check_count(&self, value: usize) -> Result<usize, Error> {
        self.check(value as f64).map(|_| value)
    }

    /// A real number held as `f32` (an engine config), checked against the same range.
    pub fn check_f32(&self, value: f32) -> Result<f32, Error> {
        self.check(f64::from(value)).map(|_| value)
    }
}

/// The largest seed: seeds are 32-bit on the page so that every one is typed exactly.
/// The longest text the text pipeline accepts, in bytes of UTF-8 (2 MiB).
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;

const MAX_SEED: f64 = 4_294_967_295.0;

/// Every lab's seed.
pub const SEED: Field = Field::whole("seed", "seed", 0.0, MAX_SEED);

/// The RNN lab's longest gap (environments) or delay (remember the first character).
pub const RNN_GAP: Field = Field::whole("rnn.gap", "gap or delay", 1.0, 200.0);
/// The RNN lab's hidden size H.
pub const RNN_HIDDEN: Field = Field::whole("rnn.hidden", "hidden size H", 1.0, 256.0);
/// The RNN lab's truncation window T.
pub const RNN_SEQ_LEN: Field = Field::whole("rnn.seq_len", "length T", 2.0, 200.0);
/// Multiplies `W_hh` at initialisation.
pub const RNN_SCALE: Field = Field::real("rnn.scale", "W_hh scale", 0.0, 10.0);
/// The LSTM's forget-gate bias at initialisation (empty: PyTorch's default).
pub const RNN_FORGET_BIAS: Field = Field::real("rnn.forget_bias", "forget bias", -20.0, 20.0);
/// The RNN lab's learning rate.
pub const RNN_LEARNING_RATE: Field = Field::real("rnn.lr", "learning rate", 1e-6, 100.0);
/// The RNN lab's gradient clipping threshold (0: off).
pub const RNN_CLIP: Field = Field::real("rnn.clip", "clip ‖g‖", 0.0, 1e6);
/// The sampling temperature.
pub const RNN_TEMPERATURE: Field = Field::real("rnn.temperature", "temperature", 0.05, 5.0);

/// The attention lab's hidden size.
pub const ATTENTION_HIDDEN: Field = Field::whole("attention.hidden", "hidden size H", 1.0, 128.0);
/// The attention lab's learning rate (Adam).
pub const ATTENTION_LEARNING_RATE: Field = Field::real("attention.lr", "learning rate", 1e-6, 10.0);
/// The shortest training input.
pub const ATTENTION_SHORTEST: Field =
    Field::whole("attention.shortest", "shortest input", 1.0, 20.0);
/// The longest training input.
pub const ATTENTION_LONGEST: Field = Field::whole("attention.longest", "longest input", 1.0, 20.0);
/// The beam width.
pub const ATTENTION_BEAM: Field = Field::whole("attention.beam", "beam width", 1.0, 8.0);
/// Self-attention heads.
pub const ATTENTION_HEADS: Field = Field::whole("attention.heads", "heads", 1.0, 4.0);

/// The CTC lab's frames T.
pub const CTC_FRAMES: Field = Field::whole("ctc.frames", "frames T", 1.0, 12.0);

/// The word2vec window.
pub const W2V_WINDOW: Field = Field::whole("word2vec.window", "window", 1.0, 10.0);
/// The word2vec embedding size D.
pub const W2V_DIMENSIONS: Field = Field::whole("word2vec.dim", "embedding size D", 1.0, 300.0);
/// Negatives per pair k.
pub const W2V_NEGATIVES: Field = Field::whole("word2vec.k", "negatives k", 1.0, 20.0);
/// The negative-sampling exponent α.
pub const W2V_ALPHA: Field = Field::real("word2vec.alpha", "α", 0.0, 2.0);
/// The starting learning rate.
pub const W2V_LEARNING_RATE: Field = Field::real("word2vec.lr", "learning rate", 1e-6, 1.0);
/// The subsampling threshold t (0: off).
pub const W2V_SUBSAMPLE: Field =
    Field::real("word2vec.subsample", "subsampling threshold t", 0.0, 1.0);
/// The minimum count of a word in the vocabulary.
pub const W2V_MIN_COUNT: Field = Field::whole("word2vec.min_count", "min count", 1.0, 1e6);
/// Passes over the text.
pub const W2V_EPOCHS: Field = Field::whole("word2vec.epochs", "epochs", 1.0, 1000.0);

/// BLEU's add-k smoothing value k.
pub const BLEU_ADD_K: Field = Field::real("bleu.add_k", "add-k smoothing value k", 0.0, 100.0);
/// BLEU's floor smoothing value ε (a stand-in precision: above 0, at most 1).
pub const BLEU_FLOOR_VALUE: Field = Field::real("bleu.floor", "floor smoothing value ε", 1e-4, 1.0);
/// The character n-gram model's add-k.
pub const NGRAM_ADD_K: Field = Field::real("ngram.k", "add-k constant k", 1e-6, 100.0);

/// Every field, for the page.
pub const FIELDS: [Field; 27] = [
    SEED,
    RNN_GAP,
    RNN_HIDDEN,
    RNN_SEQ_LEN,
    RNN_SCALE,
    RNN_FORGET_BIAS,
    RNN_LEARNING_RATE,
    RNN_CLIP,
    RNN_TEMPERATURE,
    ATTENTION_HIDDEN,
    ATTENTION_LEARNING_RATE,
    ATTENTION_SHORTEST,
    ATTENTION_LONGEST,
    ATTENTION_BEAM,
    ATTENTION_HEADS,
    CTC_FRAMES,
    W2V_WINDOW,
    W2V_DIMENSIONS,
    W2V_NEGATIVES,
    W2V_ALPHA,
    W2V_LEARNING_RATE,
    W2V_SUBSAMPLE,
    W2V_MIN_COUNT,
    W2V_EPOCHS,
    BLEU_ADD_K,
    BLEU_FLOOR_VALUE,
    NGRAM_ADD_K,
];

/// The field with `key`, if any.
pub fn field(key: &str) -> Option<Field> {
    FIELDS.iter().copied().find(|f| f.key == key)
}

/// The largest text the RNN lab trains on, in characters.
pub const RNN_TEXT_CHARS: usize = 5_000_000;
/// The most multiply–adds one step of the RNN lab may cost (training every model on a chunk
/// and the gradient-norm view's power iterations, which dominate). Measured in Chromium on a
/// 2-core machine, a step at this cost (e.g. both cells at H 128, T 200) holds the page for
/// about 0.6 s including its redraw, so the page always answers within a second; larger
/// settings are refused up front with the estimate. (Training in a worker is what will keep
/// every frame short.)
pub const RNN_STEP_MACS: u64 = 1_200_000_000;
/// The largest model file, in bytes: a model at the RNN lab's limits is far smaller; the file
/// is refused before it is parsed.
pub const MODEL_FILE_BYTES: usize = 48 * 1024 * 1024;
/// The most weights a model file may hold (counted from its sizes before anything is allocated).
pub const MODEL_WEIGHTS: usize = 2_000_000;
