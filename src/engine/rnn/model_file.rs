//! Reading a model file within a budget: the JSON is walked once, numbers go straight into
//! `f32` buffers, and every count (bytes, vocabulary entries, weights, nesting) is checked as it
//! grows, so a hostile file is refused before memory proportional to what it claims is taken.
//! A key given twice is refused too (JSON parsers usually keep the last one silently).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::model::MAX_VOCAB;
use super::params::Tensor;
use crate::engine::limits::{MODEL_FILE_BYTES, MODEL_WEIGHTS};

/// The deepest nesting of lists a tensor may have (PyTorch's are 1-D or 2-D).
const MAX_DEPTH: usize = 4;

/// A tensor as the file wrote it: its shape and its values, row-major.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RawTensor {
    pub shape: Vec<usize>,
    pub values: Vec<f32>,
}

/// What a model file holds, before its shapes are checked against each other.
#[derive(Debug, Default)]
pub(super) struct RawModel {
    pub kind: Option<serde_json::Value>,
    pub vocab: Option<Vec<serde_json::Value>>,
    pub embedding_dim: Option<serde_json::Value>,
    pub hidden_size: Option<serde_json::Value>,
    pub tensors: Option<Vec<(Tensor, RawTensor)>>,
}

/// Why a file could not be read.
#[derive(Debug)]
pub(super) enum ReadError {
    /// Not JSON (the parser's message, with the line and column).
    Syntax(String),
    /// JSON, but not a model file within the limits (a message naming the key).
    Content(String),
}

impl From<serde_json::Error> for ReadError {
    fn from(error: serde_json::Error) -> ReadError {
        match error.classify() {
            serde_json::error::Category::Data => {
                let text = error.to_string();
                let place = format!(" at line {} column {}", error.line(), error.column());
                ReadError::Content(text.strip_suffix(&place).unwrap_or(&text).to_string())
            }
            _ => ReadError::Syntax(error.to_string()),
        }
    }
}

/// Reads `text` into a [`RawModel`], or what was wrong.
pub(super) fn read(text: &str) -> Result<RawModel, ReadError> {
    if text.len() > MODEL_FILE_BYTES {
        return Err(ReadError::Content(format!(
            "the model file is {} MB; the lab reads files up to {} MB",
            text.len().div_ceil(1 << 20),
            MODEL_FILE_BYTES >> 20
        )));
    }
    let mut budget = MODEL_WEIGHTS;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let model = RootSeed {
        budget: &mut budget,
    }
    .deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(model)
}

/// Refuses a key seen before.
fn once<E: de::Error>(seen: &mut Vec<String>, key: &str, place: &str) -> Result<(), E> {
    if seen.iter().any(|k| k == key) {
        return Err(E::custom(format!("{place} has the key \"{key}\" twice")));
    }
    seen.push(key.to_string());
    Ok(())
}

struct RootSeed<'a> {
    budget: &'a mut usize,
}

impl<'de> DeserializeSeed<'de> for RootSeed<'_> {
    type Value = RawModel;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawModel, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RootSeed<'_> {
    type Value = RawModel;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the model file to be a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawModel, A::Error> {
        let mut model = RawModel::default();
        let mut seen = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            once(&mut seen, &key, "the model file")?;
            match key.as_str() {
                "kind" => model.kind = Some(map.next_value_seed(ScalarSeed("\"kind\""))?),
                "embedding_dim" => {
                    model.embedding_dim =
                        Some(map.next_value_seed(ScalarSeed("\"embedding_dim\""))?)
                }
                "hidden_size" => {
                    model.hidden_size = Some(map.next_value_seed(ScalarSeed("\"hidden_size\""))?)
                }
                "vocab" => model.vocab = Some(map.next_value_seed(VocabSeed)?),
                "state_dict" => {
                    model.tensors = Some(map.next_value_seed(StateDictSeed {
                        budget: &mut *self.budget,
                    })?)
                }
                other => {
                    return Err(de::Error::custom(format!(
                        "the model file has an unexpected key \"{other}\""
                    )))
                }
            }
        }
        Ok(model)
    }
}

/// One string, number, true/false or null (a list or an object is refused before it is read,
/// so a scalar field cannot hide a large value).
struct ScalarSeed(&'static str);

impl<'de> DeserializeSeed<'de> for ScalarSeed {
    type Value = serde_json::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ScalarSeed {
    type Value = serde_json::Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} to be a string or a number", self.0)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(serde_json::Value::String(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, Into::into))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(de::Error::custom(format!(
            "{} must be a string or a number, found a list",
            self.0
        )))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(de::Error::custom(format!(
            "{} must be a string or a number, found an object",
            self.0
        )))
    }
}

/// The vocabulary list, refused as soon as it is longer than the lab's limit.
struct VocabSeed;

impl<'de> DeserializeSeed<'de> for VocabSeed {
    type Value = Vec<serde_json::Value>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for VocabSeed {
    type Value = Vec<serde_json::Value>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("\"vocab\" to be a list of one-character strings")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(entry) = seq.next_element_seed(ScalarSeed("a \"vocab\" entry"))? {
            if out.len() == MAX_VOCAB {
                return Err(de::Error::custom(format!(
                    "\"vocab\" has more than {MAX_VOCAB} entries, the most the lab takes"
                )));
            }
            out.push(entry);
        }
        Ok(out)
    }
}

/// The `state_dict` object: every tensor, within the weight budget.
struct StateDictSeed<'a> {
    budget: &'a mut usize,
}

impl<'de> DeserializeSeed<'de> for StateDictSeed<'_> {
    type Value = Vec<(Tensor, RawTensor)>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StateDictSeed<'_> {
    type Value = Vec<(Tensor, RawTensor)>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("\"state_dict\" to be an object of tensors")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        let mut seen = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            once(&mut seen, &key, "\"state_dict\"")?;
            let tensor = Tensor::from_name(&key).ok_or_else(|| {
                de::Error::custom(format!("\"state_dict\" has an unexpected key \"{key}\""))
            })?;
            let mut values = Vec::new();
            let shape = map.next_value_seed(TensorSeed {
                name: tensor.name(),
                out: &mut values,
                budget: &mut *self.budget,
                depth: 0,
            })?;
            out.push((tensor, RawTensor { shape, values }));
        }
        Ok(out)
    }
}

/// Nested lists of numbers: pushes the numbers to `out` and returns the shape, checking that
/// the lists are rectangular, that every number is a finite float32, and the budget.
struct TensorSeed<'a> {
    name: &'static str,
    out: &'a mut Vec<f32>,
    budget: &'a mut usize,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for TensorSeed<'_> {
    type Value = Vec<usize>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<usize>, D::Error> {
        d.deserialize_any(self)
    }
}

impl TensorSeed<'_> {
    fn not_a_number<E: de::Error>(&self, found: &str) -> E {
        E::custom(format!(
            "\"{}\" must hold only numbers, found {found}",
            self.name
        ))
    }

    fn number<E: de::Error>(self, x: f64) -> Result<Vec<usize>, E> {
        let value = x as f32;
        if !value.is_finite() {
            return Err(E::custom(format!(
                "\"{}\" holds {x}, which is not a finite float32",
                self.name
            )));
        }
        if *self.budget == 0 {
            return Err(E::custom(format!(
                "the model file holds more than {MODEL_WEIGHTS} weights, the most the lab takes"
            )));
        }
        *self.budget -= 1;
        self.out.push(value);
        Ok(Vec::new())
    }
}

impl<'de> Visitor<'de> for TensorSeed<'_> {
    type Value = Vec<usize>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "\"{}\" to hold only numbers in nested lists", self.name)
    }
    fn visit_f64<E: de::Error>(self, x: f64) -> Result<Vec<usize>, E> {
        self.number(x)
    }
    fn visit_i64<E: de::Error>(self, x: i64) -> Result<Vec<usize>, E> {
        self.number(x as f64)
    }
    fn visit_u64<E: de::Error>(self, x: u64) -> Result<Vec<usize>, E> {
        self.number(x as f64)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Vec<usize>, E> {
        Err(self.not_a_number("null (a NaN or infinity written as null?)"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Vec<usize>, E> {
        Err(self.not_a_number("a string"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Vec<usize>, E> {
        Err(self.not_a_number("true/false"))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Vec<usize>, A::Error> {
        Err(self.not_a_number("an object"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<usize>, A::Error> {
        if self.depth == MAX_DEPTH {
            return Err(de::Error::custom(format!(
                "\"{}\" is nested more than {MAX_DEPTH} lists deep",
                self.name
            )));
        }
        let mut inner: Option<Vec<usize>> = None;
        let mut len = 0;
        loop {
            let shape = seq.next_element_seed(TensorSeed {
                name: self.name,
                out: &mut *self.out,
                budget: &mut *self.budget,
                depth: self.depth + 1,
            })?;
            let Some(shape) = shape else { break };
            match &inner {
                Some(first) if *first != shape => {
                    return Err(de::Error::custom(format!(
                        "\"{}\" is not rectangular (rows differ in length)",
                        self.name
                    )))
                }
                Some(_) => {}
                None => inner = Some(shape),
            }
            len += 1;
        }
        Ok(std::iter::once(len)
            .chain(inner.unwrap_or_default())
            .collect())
    }
}
