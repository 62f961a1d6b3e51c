//! Choices that cross into JavaScript as strings: `#[wasm_bindgen]` string enums, whose
//! TypeScript type is the union of their strings. A string outside the union reaches Rust as
//! wasm-bindgen's hidden extra variant; converting it is a JS `Error` naming the choices, never
//! a silent default.

use wasm_bindgen::JsError;

/// Declares a string enum for JavaScript and, after `=>`, the value each choice stands for
/// (`value()` converts, an unknown string is an error naming the choices). Write the enum's
/// own doc as `#[doc = " …"]`: a `///` comment passed through a macro arrives at wasm-bindgen
/// as a raw string and would reach the TypeScript declarations as `r" …`.
///
/// ```ignore
/// choice! {
///     #[doc = " Which cells a session trains."]
///     #[wasm_bindgen]
///     pub enum RnnCells("cells") => Cells {
///         /// The tanh RNN alone.
///         Rnn = "rnn" => Cells::One(CellKind::Rnn),
///     }
/// }
/// ```
macro_rules! choice {
    (
        $(# $meta:tt)*
        pub enum $name:ident($what:literal) => $target:ty {
            $( $(# $vmeta:tt)* $variant:ident = $text:literal => $value:expr, )+
        }
    ) => {
        $(# $meta)*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $( $(# $vmeta)* $variant = $text, )+
        }

        impl $name {
            /// The value this choice stands for; a string outside the choices is an error.
            pub(crate) fn value(self) -> Result<$target, wasm_bindgen::JsError> {
                match self {
                    $( $name::$variant => Ok($value), )+
                    _ => Err($crate::web::choice::unknown($what, &[$($text),+])),
                }
            }
        }
    };
}

pub(crate) use choice;

/// The error for a string that is none of `choices`.
pub(crate) fn unknown(what: &str, choices: &[&str]) -> JsError {
    JsError::new(&format!("{what} must be one of {}", choices.join(", ")))
}
