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

use serde_json::Value;

use super::model::{CharModel, MAX_SIZE};
use super::model_file::{self, ReadError};
use super::params::{Dims, Params, Tensor};
use crate::engine::limits::MODEL_WEIGHTS;
use crate::engine::nn::CellKind;
use crate::engine::Error;

fn bad(message: String) -> Error {
    Error::InvalidModel(message)
}

fn present<T>(value: Option<T>, key: &str) -> Result<T, Error> {
    value.ok_or_else(|| bad(format!("the model file has no \"{key}\"")))
}

fn size(value: &Value, key: &str) -> Result<usize, Error> {
    match value.as_u64() {
        Some(n) if n >= 1 && n <= MAX_SIZE as u64 => Ok(n as usize),
        _ => Err(bad(format!(
            "\"{key}\" must be a whole number between 1 and {MAX_SIZE}, got {value}"
        ))),
    }
}

/// The model a file describes, e.g. "an RNN with V = 5, E = 4, H = 6".
fn describe(kind: CellKind, dims: Dims) -> String {
    format!(
        "a{} {} with V = {}, E = {}, H = {}",
        if kind == CellKind::Rnn { "n" } else { "" },
        kind.name().to_uppercase(),
        dims.vocab,
        dims.embedding,
        dims.hidden
    )
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

/// Reads a model file. Refuses invalid JSON, a missing, extra or repeated key, a wrong shape, a
/// value that is not a finite number, an unknown kind, duplicate vocabulary entries and a file
/// beyond the lab's limits (bytes, vocabulary, weights), saying which — and checks every size
/// before the model's memory is taken.
pub fn from_json(text: &str) -> Result<CharModel, Error> {
    let raw = model_file::read(text).map_err(|error| match error {
        ReadError::Content(message) => bad(message),
        ReadError::Syntax(message) => match non_finite_token(text) {
            Some((key, token)) => bad(format!(
                "\"{key}\" holds {token}, which is not a finite number (Python's json.dump writes \
                 {token} for a weight that overflowed: the model diverged)"
            )),
            None => bad(format!("the model file is not valid JSON: {message}")),
        },
    })?;
    let kind_value = present(raw.kind, "kind")?;
    let kind = CellKind::from_name(kind_value.as_str().unwrap_or("")).map_err(|_| {
        bad(format!(
            "\"kind\" must be \"rnn\", \"lstm\" or \"gru\", got {kind_value}"
        ))
    })?;
    let vocab: Vec<char> = present(raw.vocab, "vocab")?
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
        embedding: size(
            &present(raw.embedding_dim, "embedding_dim")?,
            "embedding_dim",
        )?,
        hidden: size(&present(raw.hidden_size, "hidden_size")?, "hidden_size")?,
        gates: kind.gates(),
    };
    if dims.vocab == 0 {
        return Err(bad("\"vocab\" is empty".to_string()));
    }
    if dims.total() > MODEL_WEIGHTS {
        return Err(bad(format!(
            "{} has {} weights; the lab takes up to {MODEL_WEIGHTS}",
            describe(kind, dims),
            dims.total()
        )));
    }
    let mut tensors = present(raw.tensors, "state_dict")?;
    if let Some(missing) = Tensor::ALL
        .into_iter()
        .find(|t| !tensors.iter().any(|(found, _)| found == t))
    {
        return Err(bad(format!("\"state_dict\" has no \"{}\"", missing.name())));
    }
    let mut params = Params::zeros(dims);
    for tensor in Tensor::ALL {
        let name = tensor.name();
        let at = tensors
            .iter()
            .position(|(found, _)| *found == tensor)
            .expect("checked above");
        let (_, found) = tensors.swap_remove(at);
        let expected = dims.shape(tensor);
        if found.shape != expected {
            return Err(bad(format!(
                "\"{name}\" should have shape {} for {}, but has {}",
                show(&expected),
                describe(kind, dims),
                show(&found.shape)
            )));
        }
        params.tensor_mut(tensor).copy_from_slice(&found.values);
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
