//! Using a trained model: surprisal of a text, the next-character distribution, sampling.
//! Texts of any length (up to [`MAX_INFER_CHARS`]) are read in chunks of at most
//! [`MAX_SEQ_LEN`] steps with the state carried, so memory stays that of one chunk.

use super::bptt::{forward_reusing, SequenceRecord};
use super::model::CharModel;
use super::train::MAX_SEQ_LEN;
use crate::engine::{Error, Rng};

/// The longest text scored, or used as context or prime.
pub const MAX_INFER_CHARS: usize = 100_000;

/// Per-character surprisal of a text under a model: character t+1 predicted from 1..t.
#[derive(Debug, Clone, PartialEq)]
pub struct TextScore {
    /// `−log₂ p(x_{t+1} | x_{≤t})` for each predicted character (the first is not predicted).
    pub surprisal_bits: Vec<f32>,
    /// Mean surprisal, bits per character.
    pub cross_entropy_bits: f32,
    /// `2^H`, per character.
    pub perplexity: f32,
}

/// A model reading a text chunk by chunk, its state carried from one chunk to the next.
struct Reader<'m> {
    model: &'m CharModel,
    record: SequenceRecord,
    h: Vec<f32>,
    c: Vec<f32>,
}

impl<'m> Reader<'m> {
    fn new(model: &'m CharModel) -> Reader<'m> {
        let dims = model.dims();
        Reader {
            model,
            record: SequenceRecord::new(model.kind(), dims),
            h: vec![0.0; dims.hidden],
            c: vec![0.0; dims.hidden],
        }
    }

    /// Reads `inputs` (predicting `targets`, or nothing in particular), calling `losses` with
    /// each chunk's per-step losses; afterwards `self.record` holds the last chunk.
    fn read(
        &mut self,
        inputs: &[usize],
        targets: Option<&[usize]>,
        mut losses: impl FnMut(&[f32]),
    ) {
        let zeros = vec![0; MAX_SEQ_LEN.min(inputs.len())];
        for (k, chunk) in inputs.chunks(MAX_SEQ_LEN).enumerate() {
            let target = match targets {
                Some(all) => &all[k * MAX_SEQ_LEN..k * MAX_SEQ_LEN + chunk.len()],
                None => &zeros[..chunk.len()],
            };
            forward_reusing(
                self.model,
                chunk,
                target,
                Some((&self.h, &self.c)),
                &mut self.record,
            );
            losses(self.record.losses.as_slice().expect("contiguous"));
            self.h
                .copy_from_slice(self.record.final_h().as_slice().expect("contiguous"));
            self.c
                .copy_from_slice(self.record.final_c().as_slice().expect("contiguous"));
        }
    }

    /// The logits after the last character read.
    fn last_logits(&self) -> Vec<f32> {
        self.record.logits.row(self.record.len() - 1).to_vec()
    }
}

fn encode_bounded(model: &CharModel, text: &str, what: &'static str) -> Result<Vec<usize>, Error> {
    let length = text.chars().count();
    if length > MAX_INFER_CHARS {
        return Err(Error::InvalidOption {
            name: what,
            message: format!("must be at most {MAX_INFER_CHARS} characters, got {length}"),
        });
    }
    model.encode(text)
}

/// Scores `text` (2 to 100 000 characters, all in the vocabulary) from a zero state.
pub fn score_text(model: &CharModel, text: &str) -> Result<TextScore, Error> {
    let ids = encode_bounded(model, text, "text to score")?;
    if ids.len() < 2 {
        return Err(Error::InvalidOption {
            name: "text to score",
            message: format!("needs at least 2 characters, got {}", ids.len()),
        });
    }
    let mut bits = Vec::with_capacity(ids.len() - 1);
    Reader::new(model).read(&ids[..ids.len() - 1], Some(&ids[1..]), |losses| {
        bits.extend(losses.iter().map(|l| l / std::f32::consts::LN_2));
    });
    let cross_entropy_bits = bits.iter().sum::<f32>() / bits.len() as f32;
    Ok(TextScore {
        surprisal_bits: bits,
        cross_entropy_bits,
        perplexity: cross_entropy_bits.exp2(),
    })
}

/// The next-character distribution after `context` (from a zero state), most likely first.
pub fn next_distribution(model: &CharModel, context: &str) -> Result<Vec<(char, f32)>, Error> {
    let ids = encode_bounded(model, context, "context")?;
    if ids.is_empty() {
        return Err(Error::Empty("the context"));
    }
    let mut reader = Reader::new(model);
    reader.read(&ids, None, |_| {});
    let logits = reader.last_logits();
    let mut probs = vec![0.0; logits.len()];
    crate::engine::nn::kernels::softmax(&logits, &mut probs);
    let mut next: Vec<(char, f32)> = model.vocab().iter().copied().zip(probs).collect();
    next.sort_by(|a, b| b.1.total_cmp(&a.1));
    Ok(next)
}

/// Generates `length` characters after `prime`, each chosen by `pick` from the logits.
fn generate(
    model: &CharModel,
    prime: &str,
    length: usize,
    mut pick: impl FnMut(&[f32]) -> usize,
) -> Result<String, Error> {
    let ids = encode_bounded(model, prime, "prime text")?;
    if ids.is_empty() {
        return Err(Error::Empty("the prime text"));
    }
    let mut reader = Reader::new(model);
    reader.read(&ids, None, |_| {});
    let mut out = String::new();
    for _ in 0..length {
        let next = pick(&reader.last_logits());
        out.push(model.vocab()[next]);
        reader.read(&[next], None, |_| {});
    }
    Ok(out)
}

/// Samples `length` characters after `prime` at `temperature` (> 0; lower is greedier), seeded.
pub fn sample(
    model: &CharModel,
    prime: &str,
    length: usize,
    temperature: f32,
    seed: u64,
) -> Result<String, Error> {
    if !(temperature.is_finite() && temperature > 0.0) {
        return Err(Error::InvalidOption {
            name: "temperature",
            message: format!("must be a number greater than 0, got {temperature}"),
        });
    }
    let mut rng = Rng::new(seed);
    generate(model, prime, length, |logits| {
        let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let weights: Vec<f64> = logits
            .iter()
            .map(|&l| f64::from((l - max) / temperature).exp())
            .collect();
        let mut target = rng.next_f64() * weights.iter().sum::<f64>();
        for (k, w) in weights.iter().enumerate() {
            if target < *w {
                return k;
            }
            target -= w;
        }
        weights.len() - 1
    })
}

/// `length` characters after `prime`, each the most likely next character (greedy decoding).
pub fn sample_greedy(model: &CharModel, prime: &str, length: usize) -> Result<String, Error> {
    generate(model, prime, length, |logits| {
        (0..logits.len())
            .max_by(|&a, &b| logits[a].total_cmp(&logits[b]))
            .unwrap_or(0)
    })
}
