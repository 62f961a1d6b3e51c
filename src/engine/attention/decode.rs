//! Decoding a trained encoder–decoder greedily or with a beam, on the one-step API
//! ([`Seq2Seq::decoder_step`]): the source is encoded once and every live prefix costs one
//! decoder step per output symbol. Every step of every result is kept, and so is every
//! beam-search step's shortlist of candidates, for the page to step through.
//!
//! Beam search with width `B`: each live prefix (the empty prefix, fed [`START`], at first) is
//! extended by every symbol but [`START`], scored by the whole prefix's `ln p`; the `B` best
//! extensions over all prefixes are kept. A kept extension that ends with [`END`] is finished
//! (a result); the others are the live prefixes of the next step.
//!
//! Decoding stops ([`Stop`]) at the first of: no prefix is live; no live prefix can beat the
//! best finished output — scores are the plain `ln p` of the whole sequence, with no length
//! normalisation, and extending a prefix only adds `ln p ≤ 0`, so once every live prefix's
//! `ln p` is at or below the best finished one's, none of them can overtake it (the best
//! result is the one the search would reach by going on); or `max_len` steps (live prefixes
//! then become results, unfinished).
//!
//! The trace ([`DecodeTrace::steps`]) holds, for step `k`, the `2B` best extensions, best
//! first; the first `B` of them are the kept ones. A candidate of step `k + 1` names the
//! prefix it extends by `parent`, an index into step `k`'s candidates, which is always a kept,
//! unfinished one (at step 0 the parent is 0, the empty prefix).

use ndarray::Array1;

use super::encoder_decoder::AttentionStep;
use super::seq2seq::{DecoderStep, Seq2Seq, END, START};
use crate::engine::Error;

/// One decoded output: the symbols and every step that produced them.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The output symbols (without the end symbol).
    pub symbols: Vec<usize>,
    /// Attention at each output symbol's step (the end symbol's step excluded; empty for the
    /// baseline).
    pub attention: Vec<AttentionStep>,
    /// One decoder step per emitted symbol, the end symbol's step included when it ended:
    /// `steps[i]` emitted `symbols[i]` (or [`END`], for the last one of a finished output).
    pub steps: Vec<DecoderStep>,
    /// The sequence's `ln` probability (the end symbol's included when it ended).
    pub log_prob: f64,
}

/// One candidate extension considered at a beam-search step.
#[derive(Debug, Clone, PartialEq)]
pub struct BeamCandidate {
    /// The prefix it extends: an index into the previous step's candidates, all of them
    /// counted (since the kept ones come first, this is also the index among the kept ones).
    /// It always names a kept, unfinished candidate. At step 0 it is 0, the empty prefix.
    pub parent: usize,
    /// The symbol appended.
    pub symbol: usize,
    /// `ln p` of the whole extended prefix.
    pub log_prob: f64,
    /// Among the `beam_width` best of the step (the first `beam_width` candidates): it becomes
    /// a live prefix or, if finished, a finished output (the best `beam_width` finished and
    /// still-live outputs at the end are the results).
    pub kept: bool,
    /// `symbol == END`.
    pub finished: bool,
}

/// One beam-search step.
#[derive(Debug, Clone, PartialEq)]
pub struct BeamStep {
    /// The best `2 × beam_width` extensions of the live prefixes (fewer if there are fewer),
    /// best first; the first `beam_width` are the kept ones.
    pub candidates: Vec<BeamCandidate>,
}

/// Why a beam search stopped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stop {
    /// Every kept candidate of the last step was finished: no prefix is live.
    Exhausted,
    /// No live prefix can beat the best finished output: the best live `ln p` is at or below
    /// the best finished one (the live prefixes are dropped; the results are finished ones).
    Bound {
        /// `ln p` of the best finished output.
        best_finished: f64,
        /// `ln p` of the best live prefix when the search stopped.
        best_live: f64,
    },
    /// The length limit was reached; the live prefixes are results too, unfinished.
    MaxLen,
}

/// Beam search with every step recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodeTrace {
    /// The outputs, best first, at most `beam_width`.
    pub results: Vec<Decoded>,
    /// One entry per beam-search step.
    pub steps: Vec<BeamStep>,
    /// Why the search stopped after its last step.
    pub stop: Stop,
}

impl DecodeTrace {
    /// A trace of no search (no steps, no results).
    pub fn empty() -> DecodeTrace {
        DecodeTrace {
            results: Vec::new(),
            steps: Vec::new(),
            stop: Stop::Exhausted,
        }
    }
}

/// A kept extension: the prefix it extends, the decoder step that scored it, its symbol.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// The node of the prefix it extends (`None`: the empty prefix).
    parent: Option<usize>,
    /// Index of the decoder step (of the parent prefix) that emitted `symbol`.
    step: usize,
    symbol: usize,
}

/// A prefix: its last node (`None`: the empty prefix) and its `ln p`.
#[derive(Debug, Clone, Copy)]
struct Prefix {
    node: Option<usize>,
    log_prob: f64,
}

/// Beam search (width 1: greedy) for at most `max_len` symbols; see [`decode_traced`].
pub fn decode(
    model: &Seq2Seq,
    source: &[usize],
    beam_width: usize,
    max_len: usize,
) -> Result<Vec<Decoded>, Error> {
    Ok(decode_traced(model, source, beam_width, max_len)?.results)
}

/// Beam search (width 1: greedy) for at most `max_len` symbols, every step's candidates
/// recorded. Never emits [`START`]; results are sorted by `ln p`, at most `beam_width`.
/// Each live prefix costs one [`Seq2Seq::decoder_step`] per step; prefixes share their
/// steps until the end, so the work and memory are O(`beam_width × max_len`) steps.
pub fn decode_traced(
    model: &Seq2Seq,
    source: &[usize],
    beam_width: usize,
    max_len: usize,
) -> Result<DecodeTrace, Error> {
    if beam_width == 0 {
        return Err(Error::InvalidOption {
            name: "beam width",
            message: "must be at least 1".to_string(),
        });
    }
    let encoded = model.encode(source)?;
    let initial = model.initial_state(&encoded);
    let mut taken: Vec<DecoderStep> = Vec::new();
    let mut nodes: Vec<Node> = Vec::new();
    // Indexed like the previous step's candidates: `None` for one that is not live.
    let mut live = vec![Some(Prefix {
        node: None,
        log_prob: 0.0,
    })];
    let mut ended: Vec<Prefix> = Vec::new();
    let mut trace = Vec::new();
    let mut stop = Stop::MaxLen;
    for _ in 0..max_len {
        // Each live prefix's node and decoder step (an index into `taken`).
        let mut expanded = vec![None; live.len()];
        let mut candidates = Vec::new();
        for (parent, prefix) in live.iter().enumerate() {
            let Some(prefix) = prefix else { continue };
            let (state, previous) = match prefix.node {
                Some(n) => (&taken[nodes[n].step].state, nodes[n].symbol),
                None => (&initial, START),
            };
            let step = model.decoder_step(&encoded, state, previous);
            candidates.extend(extensions(parent, prefix.log_prob, &step.probs));
            expanded[parent] = Some((prefix.node, taken.len()));
            taken.push(step);
        }
        // Stable: ties keep the parent's order, then the symbol's.
        candidates.sort_by(|a, b| b.log_prob.total_cmp(&a.log_prob));
        candidates.truncate(2 * beam_width);
        let mut next = Vec::new();
        for candidate in candidates.iter_mut().take(beam_width) {
            candidate.kept = true;
            let mut extended = None;
            if let Some((parent, step)) = expanded[candidate.parent] {
                nodes.push(Node {
                    parent,
                    step,
                    symbol: candidate.symbol,
                });
                let prefix = Prefix {
                    node: Some(nodes.len() - 1),
                    log_prob: candidate.log_prob,
                };
                if candidate.finished {
                    ended.push(prefix);
                } else {
                    extended = Some(prefix);
                }
            }
            next.push(extended);
        }
        trace.push(BeamStep { candidates });
        live = next;
        let best_live = live
            .iter()
            .flatten()
            .map(|p| p.log_prob)
            .max_by(f64::total_cmp);
        let best_finished = ended.iter().map(|p| p.log_prob).max_by(f64::total_cmp);
        match (best_live, best_finished) {
            (None, _) => {
                stop = Stop::Exhausted;
                break;
            }
            (Some(best_live), Some(best_finished)) if best_live <= best_finished => {
                stop = Stop::Bound {
                    best_finished,
                    best_live,
                };
                live.clear();
                break;
            }
            _ => {}
        }
    }
    ended.extend(live.into_iter().flatten());
    ended.sort_by(|a, b| b.log_prob.total_cmp(&a.log_prob));
    ended.truncate(beam_width);
    let results = ended
        .iter()
        .map(|prefix| unwind(prefix, &nodes, &taken))
        .collect();
    Ok(DecodeTrace {
        results,
        steps: trace,
        stop,
    })
}

/// The output a prefix's chain of nodes spells, with its steps.
fn unwind(prefix: &Prefix, nodes: &[Node], taken: &[DecoderStep]) -> Decoded {
    let mut chain = Vec::new();
    let mut at = prefix.node;
    while let Some(n) = at {
        chain.push(nodes[n]);
        at = nodes[n].parent;
    }
    chain.reverse();
    let mut decoded = Decoded {
        symbols: Vec::new(),
        attention: Vec::new(),
        steps: Vec::new(),
        log_prob: prefix.log_prob,
    };
    for node in chain {
        let step = &taken[node.step];
        decoded.steps.push(step.clone());
        if node.symbol != END {
            decoded.symbols.push(node.symbol);
            decoded.attention.extend(step.attention.clone());
        }
    }
    decoded
}

/// Every extension of a prefix (`ln p = prefix_log_prob`) by a symbol other than [`START`]
/// with a non-zero probability.
fn extensions(
    parent: usize,
    prefix_log_prob: f64,
    probs: &Array1<f32>,
) -> impl Iterator<Item = BeamCandidate> + '_ {
    probs
        .iter()
        .enumerate()
        .filter(|&(symbol, &p)| symbol != START && p > 0.0)
        .map(move |(symbol, &p)| BeamCandidate {
            parent,
            symbol,
            log_prob: prefix_log_prob + f64::from(p).ln(),
            kept: false,
            finished: symbol == END,
        })
}
