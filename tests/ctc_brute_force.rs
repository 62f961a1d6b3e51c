//! CTC against brute force: for small T, the forward–backward sum equals the sum over every
//! one of the `C^T` frame paths that collapse to the target; Viterbi equals the best such path;
//! prefix beam search with a wide beam finds the most probable label sequence; and the
//! gradient matches central finite differences.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashMap;

use ndarray::Array2;
use unroll::ctc::{
    collapse, ctc, enumerate_paths, greedy, log_add, log_softmax, min_frames, prefix_beam_search,
    viterbi, CtcOptions,
};
use unroll::engine::Rng;

fn random_logits(rng: &mut Rng, frames: usize, symbols: usize, scale: f32) -> Array2<f64> {
    Array2::from_shape_fn((frames, symbols), |_| f64::from(rng.normal() * scale))
}

#[test]
fn collapse_merges_repeats_then_drops_blanks() {
    let (a, b, blank) = (1, 2, 0);
    assert_eq!(collapse(&[a, a, a], blank), [a]);
    assert_eq!(collapse(&[a, blank, a], blank), [a, a]);
    assert_eq!(
        collapse(&[blank, a, a, blank, b, b, blank, b], blank),
        [a, b, b]
    );
    assert_eq!(collapse(&[blank, blank], blank), Vec::<usize>::new());
    assert_eq!(min_frames(&[a, a, b, b, b]), 5 + 3);
}

#[test]
fn the_recursion_sums_exactly_the_paths_that_collapse_to_the_target() {
    let mut rng = Rng::new(1);
    let mut checked = 0;
    for trial in 0..60 {
        let frames = 1 + trial % 6;
        let symbols = 2 + trial % 3;
        let log_probs = log_softmax(random_logits(&mut rng, frames, symbols, 1.5).view());
        let paths = enumerate_paths(log_probs.view(), 0).unwrap();
        assert_eq!(paths.len(), symbols.pow(frames as u32));
        let total = paths
            .iter()
            .fold(f64::NEG_INFINITY, |s, p| log_add(s, p.log_prob));
        assert!(total.abs() < 1e-12, "all paths sum to 1");
        let mut by_target: HashMap<Vec<usize>, f64> = HashMap::new();
        for path in &paths {
            let slot = by_target
                .entry(path.collapsed.clone())
                .or_insert(f64::NEG_INFINITY);
            *slot = log_add(*slot, path.log_prob);
        }
        for (target, brute) in &by_target {
            let record = ctc(log_probs.view(), target, CtcOptions::default()).unwrap();
            assert!(
                (record.log_likelihood - brute).abs() < 1e-10,
                "{target:?}: {} vs {brute}",
                record.log_likelihood
            );
            let best = paths
                .iter()
                .filter(|p| &p.collapsed == target)
                .map(|p| p.log_prob)
                .fold(f64::NEG_INFINITY, f64::max);
            let (path, log_prob) = viterbi(log_probs.view(), target, 0)
                .unwrap()
                .expect("feasible");
            assert!((log_prob - best).abs() < 1e-10);
            assert_eq!(&collapse(&path, 0), target);
            checked += 1;
        }
        let most_probable = by_target.iter().max_by(|a, b| a.1.total_cmp(b.1)).unwrap();
        let beams = prefix_beam_search(log_probs.view(), 0, 4096).unwrap(); // wide: nothing pruned
        assert_eq!(
            &beams[0].0, most_probable.0,
            "the beam finds the most probable labelling"
        );
        assert!((beams[0].1 - most_probable.1).abs() < 1e-10);
    }
    assert!(checked > 200);
}

#[test]
fn best_path_and_summed_paths_can_disagree() {
    // p(blank) = 0.6, p(a) = 0.4 at both frames: the best path is "--" → "", yet
    // P("a") = 0.4·0.4 + 0.6·0.4 + 0.4·0.6 = 0.64 > P("") = 0.36.
    let log_probs = Array2::from_shape_vec(
        (2, 2),
        vec![0.6f64.ln(), 0.4f64.ln(), 0.6f64.ln(), 0.4f64.ln()],
    )
    .unwrap();
    let best = greedy(log_probs.view(), 0).unwrap();
    assert_eq!((best.frames, best.collapsed), (vec![0, 0], vec![]));
    let a = ctc(log_probs.view(), &[1], CtcOptions::default()).unwrap();
    assert!((a.log_likelihood.exp() - 0.64).abs() < 1e-12);
    let beams = prefix_beam_search(log_probs.view(), 0, 4).unwrap();
    assert_eq!(beams[0].0, vec![1]);
}

#[test]
fn infeasible_pairs_give_infinity_with_a_reason_never_nan() {
    let log_probs = log_softmax(Array2::<f64>::zeros((2, 3)).view());
    let record = ctc(log_probs.view(), &[1, 1], CtcOptions::default()).unwrap();
    assert_eq!(record.loss, f64::INFINITY);
    assert_eq!(
        record.infeasible.as_deref(),
        Some("2 frame(s) cannot spell a target of 2 label(s) with 1 repeat(s), each needing a blank between: it needs at least 3")
    );
    assert!(record.grad.iter().all(|g| *g == 0.0));
    let zeroed = ctc(
        log_probs.view(),
        &[1, 1],
        CtcOptions {
            blank: 0,
            zero_infinity: true,
        },
    )
    .unwrap();
    assert_eq!(zeroed.loss, 0.0);
    assert_eq!(viterbi(log_probs.view(), &[1, 1], 0).unwrap(), None);
    let error = ctc(log_probs.view(), &[1, 5], CtcOptions::default())
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "target position 2 is symbol 5, outside the alphabet of 3"
    );
    let error = ctc(log_probs.view(), &[0], CtcOptions::default())
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "target position 1 is the blank, which a target cannot contain"
    );
}

#[test]
fn the_gradient_matches_finite_differences() {
    let mut rng = Rng::new(4);
    for (frames, symbols, target) in [
        (5, 3, vec![1, 2]),
        (7, 4, vec![3, 3, 1]),
        (4, 2, vec![]),
        (6, 3, vec![2, 1, 2]),
    ] {
        let logits = random_logits(&mut rng, frames, symbols, 1.0);
        let loss = |l: &Array2<f64>| {
            ctc(log_softmax(l.view()).view(), &target, CtcOptions::default())
                .unwrap()
                .loss
        };
        let record = ctc(
            log_softmax(logits.view()).view(),
            &target,
            CtcOptions::default(),
        )
        .unwrap();
        let eps = 1e-6;
        for t in 0..frames {
            for k in 0..symbols {
                let (mut plus, mut minus) = (logits.clone(), logits.clone());
                plus[[t, k]] += eps;
                minus[[t, k]] -= eps;
                let numeric = (loss(&plus) - loss(&minus)) / (2.0 * eps);
                assert!(
                    (numeric - record.grad[[t, k]]).abs() < 1e-7,
                    "{target:?} [{t},{k}]: {numeric} vs {}",
                    record.grad[[t, k]]
                );
            }
        }
        // Posteriors are distributions over symbols at every frame.
        for row in record.posteriors.rows() {
            assert!((row.sum() - 1.0).abs() < 1e-10);
        }
    }
}
