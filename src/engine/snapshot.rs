//! A session as bytes and back, so a run can train in a Web Worker while the page draws the
//! same session: the worker sends its state at display rate, the page restores it and draws.
//!
//! The bytes are [postcard](https://docs.rs/postcard) (compact, little-endian, floats bit for
//! bit), so a restored session continues exactly as the original would have: same numbers,
//! same random draws. They are meant for another instance of the same module, not for files.
//!
//! What names a constant of the engine (a loss unit) is written as its name; an error a
//! session keeps (a run that diverged) as its message, read back as [`Error::Stored`].

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::engine::divergence::{
    LossUnit, BITS_PER_CHAR, NATS_PER_FRAME, NATS_PER_PAIR, NATS_PER_SYMBOL,
};
use crate::engine::Error;

/// `value` as snapshot bytes.
pub fn to_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    postcard::to_allocvec(value).expect("a session always serialises")
}

/// A value from [`to_bytes`]'s bytes; an error when they are not such a snapshot.
pub fn from_bytes<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    postcard::from_bytes(bytes)
        .map_err(|error| Error::InvalidModel(format!("not a snapshot of this session: {error}")))
}

impl Serialize for LossUnit {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name)
    }
}

impl<'de> Deserialize<'de> for LossUnit {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<LossUnit, D::Error> {
        let name = String::deserialize(deserializer)?;
        [
            BITS_PER_CHAR,
            NATS_PER_SYMBOL,
            NATS_PER_FRAME,
            NATS_PER_PAIR,
        ]
        .into_iter()
        .find(|unit| unit.name == name)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown loss unit {name:?}")))
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Error {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Error, D::Error> {
        String::deserialize(deserializer).map(Error::Stored)
    }
}
