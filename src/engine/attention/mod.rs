//! Attention: an encoder–decoder step with dot, general or additive scores, and scaled
//! dot-product self-attention (multi-head, optionally causal), each with its backward pass.
//! The attention lab's models are built from these.

mod decode;
mod encoder_decoder;
mod lab;
mod lab_probe;
mod sdpa;
mod self_attention;
mod self_attention_lab;
mod seq2seq;
mod tasks;
mod transformer;

pub use crate::engine::curve::Curve;
pub use decode::{decode, decode_traced, BeamCandidate, BeamStep, DecodeTrace, Decoded, Stop};
pub use encoder_decoder::{
    attend, attend_backward, AttentionGrads, AttentionStep, Score, ScoreParams,
};
pub use lab::{
    AttentionLab, AttentionLabConfig, Learner, Probe, EVAL_EVERY, MAX_INPUT_CHARS, MAX_OUTPUT_CHARS,
};
pub use lab_probe::{symbol_label, ProbeMap, StepDetail, TreeNode};
pub use sdpa::{
    causal_mask, padding_mask, sdpa, sdpa_backward, sdpa_example, sdpa_value, FullyMasked, Scaling,
    Sdpa, SdpaGrads, SDPA_FILL, SDPA_MAX_POSITIONS, SDPA_MAX_VALUE, SDPA_MAX_WIDTH,
};
pub use self_attention::{
    self_attention, self_attention_backward, SelfAttention, SelfAttentionGrads, SelfAttentionParams,
};
pub use self_attention_lab::{SelfAttentionLab, SelfAttentionLabConfig, SelfAttentionMaps};
pub use seq2seq::{
    DecoderState, DecoderStep, Encoded, Seq2Seq, Seq2SeqConfig, Seq2SeqRun, END, START,
};
pub use tasks::{
    encode, shown_example, task_alphabet, task_answer, task_example, task_example_with_length, Task,
};
pub use transformer::{
    sequence_length, BlockRun, Evaluation, SelfAttentionModel, SelfAttentionModelConfig,
    SelfAttentionRun, SelfAttentionTrainer, SelfAttentionTrainerConfig, LONGEST_DATE_INPUT,
};
