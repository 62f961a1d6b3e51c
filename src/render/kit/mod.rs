//! The drawing kit every chart is made of: text (labels, numbers, fitting), geometry (splitting
//! a span into parts, hit tests, shapes), legends and colour keys. No lab owns these.

mod geometry;
mod key;
mod legend;
mod text;

pub(crate) use geometry::*;
pub(crate) use key::*;
pub(crate) use legend::*;
pub(crate) use text::*;
