//! Model files: a PyTorch `state_dict` as JSON, so a model trained in PyTorch opens here.
//!
//! ```json
//! {"kind": "lstm", "vocab": ["a", "b"], "embedding_dim": 8, "hidden_size": 16,
//!  "state_dict": {"embedding.weight": [[…]], "rnn.weight_ih_l0": …, "rnn.weight_hh_l0": …,
//!                 "rnn.bias_ih_l0": …, "rnn.bias_hh_l0": …, "decoder.weight": …, "decoder.bias": …}}
//! ```
//!
//! Nested lists with PyTorch's shapes; every error names the key and the expected and found
//! shapes. Export then import gives back the same model, bit for bit.

use serde_json::{Map, Value};

use super::model::{CellKind, CharModel, MAX_SIZE};
use super::params::{Dims, Params, Tensor};
use crate::engine::Error;

const TOP_KEYS: [&str; 5] = [
    "kind",
    "vocab",
    "embedding_dim",
    "hidden_size",
    "state_dict",
];

fn bad(message: String) -> Error {
    Error::InvalidModel(message)
}

fn field<'a>(object: &'a Map<String, Value>, key: &str) -> Result<&'a Value, Error> {
    object
        .get(key)
        .ok_or_else(|| bad(format!("the model file has no \"{key}\"")))
}

fn size(object: &Map<String, Value>, key: &str) -> Result<usize, Error> {
    let value = field(object, key)?;
    match value.as_u64() {
        Some(n) if n >= 1 && n as usize <= MAX_SIZE => Ok(n as usize),
        _ => Err(bad(format!(
            "\"{key}\" must be a whole number between 1 and {MAX_SIZE}, got {value}"
        ))),
    }
}

/// The shape of nested lists (`[]` for a number), checking it is rectangular.
fn shape_of(value: &Value, name: &str) -> Result<Vec<usize>, Error> {
    match value {
        Value::Array(items) => {
            let inner = match items.first() {
                Some(first) => shape_of(first, name)?,
                None => Vec::new(),
            };
            for item in items {
                if shape_of(item, name)? != inner {
                    return Err(bad(format!(
                        "\"{name}\" is not rectangular (rows differ in length)"
                    )));
                }
            }
            Ok(std::iter::once(items.len()).chain(inner).collect())
        }
        Value::Number(_) => Ok(Vec::new()),
        other => Err(bad(format!(
            "\"{name}\" must hold only numbers, found {}",
            kind_of(other)
        ))),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null (a NaN or infinity written as null?)",
        Value::Bool(_) => "true/false",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
        Value::Number(_) => "a number",
    }
}

fn flatten(value: &Value, out: &mut Vec<f32>, name: &str) -> Result<(), Error> {
    match value {
        Value::Array(items) => items.iter().try_for_each(|item| flatten(item, out, name)),
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(f64::NAN) as f32;
            if !x.is_finite() {
                return Err(bad(format!(
                    "\"{name}\" holds {n}, which is not a finite float32"
                )));
            }
            out.push(x);
            Ok(())
        }
        other => Err(bad(format!(
            "\"{name}\" must hold only numbers, found {}",
            kind_of(other)
        ))),
    }
}

fn show(shape: &[usize]) -> String {
    format!(
        "[{}]",
        shape
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The first bare `NaN` / `Infinity` / `-Infinity` outside strings (what Python's `json.dump`
/// writes for non-finite floats), with the last object key before it.
fn non_finite_token(text: &str) -> Option<(String, &'static str)> {
    let bytes = text.as_bytes();
    let (mut k, mut last_key, mut last_string) = (0, String::new(), String::new());
    while k < bytes.len() {
        match bytes[k] {
            b'"' => {
                let start = k + 1;
                k += 1;
                while k < bytes.len() && bytes[k] != b'"' {
                    k += if bytes[k] == b'\\' { 2 } else { 1 };
                }
                last_string = text.get(start..k.min(text.len())).unwrap_or("").to_string();
            }
            b':' => last_key = last_string.clone(),
            b'N' if text[k..].starts_with("NaN") => return Some((last_key, "NaN")),
            b'I' if text[k..].starts_with("Infinity") => return Some((last_key, "Infinity")),
            b'-' if text[k..].starts_with("-Infinity") => return Some((last_key, "-Infinity")),
            _ => {}
        }
        k += 1;
    }
    None
}

/// Reads a model file. Refuses invalid JSON, a missing or extra key, a wrong shape, a value
/// that is not a finite number, an unknown kind and duplicate vocabulary entries, saying which.
pub fn from_json(text: &str) -> Result<CharModel, Error> {
    let root: Value = serde_json::from_str(text).map_err(|e| match non_finite_token(text) {
        Some((key, token)) => bad(format!(
            "\"{key}\" holds {token}, which is not a finite number (Python's json.dump writes \
             {token} for a weight that overflowed: the model diverged)"
        )),
        None => bad(format!("the model file is not valid JSON: {e}")),
    })?;
    let object = root
        .as_object()
        .ok_or_else(|| bad("the model file must be a JSON object".to_string()))?;
    if let Some(extra) = object.keys().find(|k| !TOP_KEYS.contains(&k.as_str())) {
        return Err(bad(format!(
            "the model file has an unexpected key \"{extra}\""
        )));
    }
    let kind_value = field(object, "kind")?;
    let kind = CellKind::from_name(kind_value.as_str().unwrap_or("")).map_err(|_| {
        bad(format!(
            "\"kind\" must be \"rnn\" or \"lstm\", got {kind_value}"
        ))
    })?;
    let vocab: Vec<char> = field(object, "vocab")?
        .as_array()
        .ok_or_else(|| bad("\"vocab\" must be a list of one-character strings".to_string()))?
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mut chars = v.as_str().unwrap_or("").chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Ok(c),
                _ => Err(bad(format!(
                    "\"vocab\" entry {i} must be a one-character string, got {v}"
                ))),
            }
        })
        .collect::<Result<_, _>>()?;
    let dims = Dims {
        vocab: vocab.len(),
        embedding: size(object, "embedding_dim")?,
        hidden: size(object, "hidden_size")?,
        gates: kind.gates(),
    };
    let tensors = field(object, "state_dict")?
        .as_object()
        .ok_or_else(|| bad("\"state_dict\" must be an object of tensors".to_string()))?;
    if let Some(extra) = tensors.keys().find(|k| Tensor::from_name(k).is_none()) {
        return Err(bad(format!(
            "\"state_dict\" has an unexpected key \"{extra}\""
        )));
    }
    let mut params = Params::zeros(dims);
    for tensor in Tensor::ALL {
        let name = tensor.name();
        let value = tensors
            .get(name)
            .ok_or_else(|| bad(format!("\"state_dict\" has no \"{name}\"")))?;
        let expected = dims.shape(tensor);
        let found = shape_of(value, name)?;
        if found != expected {
            return Err(bad(format!(
                "\"{name}\" should have shape {} for a{} {} with V = {}, E = {}, H = {}, but has {}",
                show(&expected),
                if kind == CellKind::Rnn { "n" } else { "" },
                kind.name().to_uppercase(),
                dims.vocab,
                dims.embedding,
                dims.hidden,
                show(&found)
            )));
        }
        let mut values = Vec::with_capacity(expected.iter().product());
        flatten(value, &mut values, name)?;
        params.tensor_mut(tensor).copy_from_slice(&values);
    }
    CharModel::from_parts(kind, vocab, params).map_err(|e| bad(e.to_string()))
}

/// Writes `model` as a model file (floats in their shortest exact form).
pub fn to_json(model: &CharModel) -> Result<String, Error> {
    if !model.params().all_finite() {
        return Err(bad(
            "the model has non-finite weights (it diverged) and cannot be saved".to_string(),
        ));
    }
    let dims = model.dims();
    let vocab: Vec<String> = model
        .vocab()
        .iter()
        .map(|c| serde_json::to_string(&c.to_string()).unwrap_or_default())
        .collect();
    let mut out = format!(
        "{{\"kind\": \"{}\", \"vocab\": [{}], \"embedding_dim\": {}, \"hidden_size\": {}, \"state_dict\": {{",
        model.kind().name(),
        vocab.join(", "),
        dims.embedding,
        dims.hidden
    );
    for (k, tensor) in Tensor::ALL.into_iter().enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        out.push_str(&format!("\"{}\": ", tensor.name()));
        let values = model.params().tensor(tensor);
        let row = |slice: &[f32]| {
            let items: Vec<String> = slice.iter().map(|x| format!("{x:?}")).collect();
            format!("[{}]", items.join(", "))
        };
        match dims.shape(tensor).as_slice() {
            [_, cols] => {
                let rows: Vec<String> = values.chunks(*cols).map(row).collect();
                out.push_str(&format!("[{}]", rows.join(", ")));
            }
            _ => out.push_str(&row(values)),
        }
    }
    out.push_str("}}");
    Ok(out)
}
