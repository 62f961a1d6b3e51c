//! The attention lab: attention maps (grid and links), the beam tree, one decoder step, and
//! the self-attention maps.

mod beam_tree;
mod decoder_step;
mod explorer;
mod grid;
mod links;
mod map;
mod self_attention_map;
mod views;

pub use beam_tree::{draw_beam_tree, BeamNode, BeamTreeView};
pub use decoder_step::{draw_decoder_step, DecoderStepView};
pub use explorer::{draw_explorer, explorer_cell_at, explorer_height, ExplorerChart, ExplorerView};
pub use map::{attention_cell_at, draw_attention_map, AttentionMapView, MapStyle};
pub use self_attention_map::{
    draw_self_attention_maps, self_attention_cell_at, SelfAttentionMapView,
};
pub use views::{
    attention_chart_point_text, decoder_step_text, draw_attention_chart, draw_lab_beam_tree,
    draw_lab_decoder_step, draw_probe_map, draw_self_attention_lab, probe_map_cell_at,
    probe_map_cell_text, self_attention_cell_text, AttentionChart,
};
