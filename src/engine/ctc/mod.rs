//! Connectionist temporal classification: the loss over every alignment by forward–backward,
//! its gradient, and decoding (best path, prefix beam search, Viterbi, full enumeration).

mod decode;
mod emissions;
mod lattice;
mod model;
mod posterior;
mod session;
mod train;

pub use decode::{
    enumerate_paths, greedy, prefix_beam_search, viterbi, FramePath, Greedy, MAX_ENUMERATED_PATHS,
};
pub use emissions::log_emissions;
pub use lattice::{collapse, ctc, extend, log_add, log_softmax, min_frames, CtcOptions, CtcRecord};
pub use model::{CtcModel, CtcModelConfig, CtcStep};
pub use posterior::StateValues;
pub use session::{
    collapse_text, merge_repeats_text, parse_path, parse_target, symbol_name, symbols_text,
    CtcSession, Decodings, Reveal, BLANK_NAME, LABELS, MAX_FRAMES,
};
pub use train::{CtcTask, CtcTrainer, Utterance};
