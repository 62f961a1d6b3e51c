//! Reading a label sequence out of the emissions: best path (greedy), prefix beam search, the
//! Viterbi alignment of a given target, and — for small T — every frame path enumerated.

use std::collections::HashMap;

use ndarray::ArrayView2;

use super::lattice::{can_skip, check, collapse, extend, log_add};
use crate::engine::Error;

/// The most frames × symbols enumerated (`C^T` paths).
pub const MAX_ENUMERATED_PATHS: usize = 1 << 18;

/// Best-path decoding: the most likely symbol at each frame, then the collapse rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Greedy {
    /// The argmax symbol of each frame, `[T]`.
    pub frames: Vec<usize>,
    /// `frames` collapsed.
    pub collapsed: Vec<usize>,
    /// `ln` of the best path's probability (not of the label sequence's).
    pub log_prob: f64,
}

/// The argmax per frame and its collapse.
pub fn greedy(log_probs: ArrayView2<'_, f64>, blank: usize) -> Result<Greedy, Error> {
    check(log_probs, &[], blank)?;
    let frames: Vec<usize> = log_probs
        .rows()
        .into_iter()
        .map(|row| {
            (0..row.len())
                .max_by(|&a, &b| row[a].total_cmp(&row[b]).then(b.cmp(&a)))
                .unwrap_or(blank)
        })
        .collect();
    let log_prob = frames
        .iter()
        .enumerate()
        .map(|(t, &k)| log_probs[[t, k]])
        .sum();
    Ok(Greedy {
        collapsed: collapse(&frames, blank),
        frames,
        log_prob,
    })
}

/// The most probable single alignment (frame path) that collapses to `target`, and its `ln`
/// probability: the max-product form of the α recursion, then backtracking. `None` when no
/// alignment exists.
pub fn viterbi(
    log_probs: ArrayView2<'_, f64>,
    target: &[usize],
    blank: usize,
) -> Result<Option<(Vec<usize>, f64)>, Error> {
    check(log_probs, target, blank)?;
    let (frames, _) = log_probs.dim();
    let extended = extend(target, blank);
    let states = extended.len();
    let mut score = vec![vec![f64::NEG_INFINITY; states]; frames];
    let mut from = vec![vec![0usize; states]; frames];
    score[0][0] = log_probs[[0, extended[0]]];
    if states > 1 {
        score[0][1] = log_probs[[0, extended[1]]];
    }
    for t in 1..frames {
        for s in 0..states {
            let mut best = (score[t - 1][s], s);
            if s >= 1 && score[t - 1][s - 1] > best.0 {
                best = (score[t - 1][s - 1], s - 1);
            }
            if can_skip(&extended, blank, s) && score[t - 1][s - 2] > best.0 {
                best = (score[t - 1][s - 2], s - 2);
            }
            if best.0 > f64::NEG_INFINITY {
                score[t][s] = best.0 + log_probs[[t, extended[s]]];
                from[t][s] = best.1;
            }
        }
    }
    let mut end = states - 1;
    if states > 1 && score[frames - 1][states - 2] > score[frames - 1][end] {
        end = states - 2;
    }
    let best = score[frames - 1][end];
    if best == f64::NEG_INFINITY {
        return Ok(None);
    }
    let mut path = vec![0; frames];
    let mut s = end;
    for t in (0..frames).rev() {
        path[t] = extended[s];
        s = from[t][s];
    }
    Ok(Some((path, best)))
}

/// Prefix beam search (Hannun et al., 2014): keeps the `beam_width` most probable label
/// prefixes, each with the probability of ending in a blank and in a label, so that paths
/// collapsing to the same prefix are summed. Returns the beams, most probable first, with the
/// `ln` probability of each label sequence.
pub fn prefix_beam_search(
    log_probs: ArrayView2<'_, f64>,
    blank: usize,
    beam_width: usize,
) -> Result<Vec<(Vec<usize>, f64)>, Error> {
    check(log_probs, &[], blank)?;
    if beam_width == 0 {
        return Err(Error::InvalidOption {
            name: "beam width",
            message: "must be at least 1".to_string(),
        });
    }
    let symbols = log_probs.ncols();
    // prefix → (ln P(prefix, ending in blank), ln P(prefix, ending in a label)).
    let mut beams: Vec<(Vec<usize>, (f64, f64))> = vec![(Vec::new(), (0.0, f64::NEG_INFINITY))];
    for row in log_probs.rows() {
        let mut next: HashMap<Vec<usize>, (f64, f64)> = HashMap::new();
        for (prefix, (pb, pnb)) in &beams {
            let total = log_add(*pb, *pnb);
            let slot = next
                .entry(prefix.clone())
                .or_insert((f64::NEG_INFINITY, f64::NEG_INFINITY));
            slot.0 = log_add(slot.0, total + row[blank]);
            for c in (0..symbols).filter(|&c| c != blank) {
                let mut extended = prefix.clone();
                extended.push(c);
                if prefix.last() == Some(&c) {
                    // A repeat extends the prefix only after a blank; otherwise it merges.
                    let slot = next
                        .entry(prefix.clone())
                        .or_insert((f64::NEG_INFINITY, f64::NEG_INFINITY));
                    slot.1 = log_add(slot.1, *pnb + row[c]);
                    let slot = next
                        .entry(extended)
                        .or_insert((f64::NEG_INFINITY, f64::NEG_INFINITY));
                    slot.1 = log_add(slot.1, *pb + row[c]);
                } else {
                    let slot = next
                        .entry(extended)
                        .or_insert((f64::NEG_INFINITY, f64::NEG_INFINITY));
                    slot.1 = log_add(slot.1, total + row[c]);
                }
            }
        }
        let mut ranked: Vec<(Vec<usize>, (f64, f64))> = next.into_iter().collect();
        ranked.sort_by(|a, b| {
            log_add(b.1 .0, b.1 .1)
                .total_cmp(&log_add(a.1 .0, a.1 .1))
                .then_with(|| a.0.cmp(&b.0))
        });
        ranked.truncate(beam_width);
        beams = ranked;
    }
    Ok(beams
        .into_iter()
        .map(|(prefix, (pb, pnb))| (prefix, log_add(pb, pnb)))
        .collect())
}

/// One frame path of the enumeration.
#[derive(Debug, Clone, PartialEq)]
pub struct FramePath {
    /// The symbol at each frame.
    pub frames: Vec<usize>,
    /// The label sequence it collapses to.
    pub collapsed: Vec<usize>,
    /// `ln` of its probability, `Σ_t ln y_t(frames_t)`.
    pub log_prob: f64,
}

/// Every one of the `C^T` frame paths (at most [`MAX_ENUMERATED_PATHS`]), in lexicographic order.
pub fn enumerate_paths(
    log_probs: ArrayView2<'_, f64>,
    blank: usize,
) -> Result<Vec<FramePath>, Error> {
    check(log_probs, &[], blank)?;
    let (frames, symbols) = log_probs.dim();
    let count = (symbols as f64).powi(frames as i32);
    if count > MAX_ENUMERATED_PATHS as f64 {
        return Err(Error::InvalidOption {
            name: "enumeration",
            message: format!(
                "would list {symbols}^{frames} ≈ {count:.3e} paths; at most {MAX_ENUMERATED_PATHS} are listed"
            ),
        });
    }
    let mut paths = Vec::with_capacity(count as usize);
    let mut frame_path = vec![0usize; frames];
    loop {
        let log_prob = frame_path
            .iter()
            .enumerate()
            .map(|(t, &k)| log_probs[[t, k]])
            .sum();
        paths.push(FramePath {
            collapsed: collapse(&frame_path, blank),
            frames: frame_path.clone(),
            log_prob,
        });
        // Next path: count in base `symbols`, the last frame fastest.
        let mut t = frames;
        loop {
            if t == 0 {
                return Ok(paths);
            }
            t -= 1;
            frame_path[t] += 1;
            if frame_path[t] < symbols {
                break;
            }
            frame_path[t] = 0;
        }
    }
}
