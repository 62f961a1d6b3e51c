//! Attention: an encoder–decoder step with dot, general or additive scores, and scaled
//! dot-product self-attention (multi-head, optionally causal), each with its backward pass.
//! The attention lab's models are built from these.

mod encoder_decoder;
mod self_attention;
mod seq2seq;
mod tasks;

pub use encoder_decoder::{
    attend, attend_backward, AttentionGrads, AttentionStep, Score, ScoreParams,
};
pub use self_attention::{
    self_attention, self_attention_backward, SelfAttention, SelfAttentionGrads, SelfAttentionParams,
};
pub use seq2seq::{Seq2Seq, Seq2SeqConfig, Seq2SeqRun, END, START};
pub use tasks::{decode, encode, task_alphabet, task_example, Decoded, Task};
