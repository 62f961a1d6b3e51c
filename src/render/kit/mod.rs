//! The drawing kit every chart is made of: the frame (margin, title band, grid, placeholder),
//! text (labels, numbers, fitting), geometry (splitting a span into parts, hit tests, shapes),
//! marks (cells with values, arrows, highlights), legends and colour keys. No lab owns these.

mod frame;
mod geometry;
mod key;
mod legend;
mod marks;
mod text;

pub(crate) use frame::*;
pub(crate) use geometry::*;
pub(crate) use key::*;
pub(crate) use legend::*;
pub(crate) use marks::*;
pub(crate) use text::*;
