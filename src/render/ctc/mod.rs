//! CTC drawn: the lattice of the blank-extended target's states across frames, coloured by α,
//! β or the per-state posterior, with the allowed transitions and alignment paths; and the
//! emission matrix it is computed from, as a heat map whose cells the reader can drag.

mod emissions;
mod labels;
mod lattice;
mod lattice_data;
mod layout;
mod numbers;
mod paths;
mod views;

pub use emissions::draw_emissions;
pub use lattice::{draw_lattice, LatticeValues, LatticeView};
pub use layout::{emission_cell_at, lattice_cell_at};
pub use numbers::path_states;
pub use views::{
    ctc_symbol_names, draw_ctc_emissions, draw_ctc_gradient, draw_ctc_lattice, draw_ctc_loss_curve,
};
