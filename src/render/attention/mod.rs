//! The attention lab: attention maps (grid and links), the beam tree, one decoder step, and
//! the self-attention maps.

mod beam_tree;
mod decoder_step;
mod grid;
mod links;
mod map;
mod self_attention_map;

pub use beam_tree::{draw_beam_tree, BeamNode, BeamTreeView};
pub use decoder_step::{draw_decoder_step, DecoderStepView};
pub use map::{attention_cell_at, draw_attention_map, AttentionMapView, MapStyle};
pub use self_attention_map::{
    draw_self_attention_maps, self_attention_cell_at, SelfAttentionMapView,
};
