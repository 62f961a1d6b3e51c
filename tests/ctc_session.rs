//! The CTC lab's session: editing emissions, targets and reveal order; the listed alignments
//! add up to the lattice's total; the disagreement case; taking over the model's emissions.
#![cfg(not(target_arch = "wasm32"))]

use unroll::ctc::{collapse_text, merge_repeats_text, symbols_text, CtcSession, Reveal};

#[test]
fn the_alignments_listed_add_up_to_the_lattice_total() {
    let mut session = CtcSession::new(1).unwrap();
    for target in ["ab", "a", "aa", "abc", ""] {
        session.set_target(target).unwrap();
        let total: f64 = session.alignments().unwrap().iter().map(|a| a.1).sum();
        let lattice = session.record().log_likelihood.exp();
        assert!(
            (total - lattice).abs() < 1e-12,
            "{target}: {total} vs {lattice}"
        );
    }
    session.set_probability(2, 1, 0.9).unwrap();
    let row = session.probs().row(2);
    assert!((row.sum() - 1.0).abs() < 1e-12 && (row[1] - 0.9).abs() < 1e-12);
}

#[test]
fn reveal_goes_alpha_forward_then_beta_backward_then_posteriors() {
    let mut session = CtcSession::new(1).unwrap();
    session.set_frames(3).unwrap();
    let order: Vec<Reveal> = (0..7).map(|_| session.step_reveal()).collect();
    use Reveal::*;
    assert_eq!(
        order,
        [
            Alpha(0),
            Alpha(1),
            Alpha(2),
            Beta(2),
            Beta(1),
            Beta(0),
            Posterior
        ]
    );
}

#[test]
fn bad_targets_and_paths_are_messages_and_keep_the_old_state() {
    let mut session = CtcSession::new(1).unwrap();
    assert_eq!(
        session.set_target("ax").unwrap_err().to_string(),
        "target contains 'x', which is not in the alphabet (a, b, c)"
    );
    assert_eq!(
        session.set_target("a-b").unwrap_err().to_string(),
        "target cannot contain the blank: it is what CTC inserts between labels"
    );
    assert_eq!(symbols_text(session.target()), "ab");
    assert_eq!(collapse_text("aa-ab--b").unwrap(), "aabb");
    assert_eq!(merge_repeats_text("aa-ab--b").unwrap(), "a−ab−b");
    assert_eq!(
        collapse_text("a a").unwrap(),
        "a",
        "spaces in a typed path are ignored"
    );
    assert!(session.set_frames(13).is_err());
    session.set_target("aaaa").unwrap();
    assert!(
        session.record().infeasible.is_some(),
        "5 frames cannot spell aaaa (needs 7)"
    );
}

#[test]
fn best_path_says_nothing_while_the_sum_favours_a() {
    let mut session = CtcSession::new(1).unwrap();
    session.load_disagreement().unwrap();
    let d = session.decodings(4).unwrap();
    assert_eq!(
        (symbols_text(&d.best_frames), symbols_text(&d.best)),
        ("−−".to_string(), String::new())
    );
    assert_eq!(symbols_text(&d.beam), "a");
    assert!(d.viterbi.is_some());
    assert!((session.record().log_likelihood.exp() - 0.64).abs() < 1e-12);
}

#[test]
fn the_model_trains_and_its_emissions_can_be_taken_over() {
    let mut session = CtcSession::new(2).unwrap();
    assert!(session.take_model_emissions().is_err());
    session.train(300).unwrap();
    let losses = session.losses();
    assert!(losses.recent_mean() < 0.5 * losses.first_mean());
    // The first losses stay the first: training on does not change them, and the curve
    // keeps the whole run (thinned), not only the latest steps.
    let first = losses.first.clone();
    session.train(5_000).unwrap();
    assert_eq!(session.losses().first, first);
    let points = session.losses().curve.points();
    assert!(
        points.len() <= 1000 && points[0].0 <= 8,
        "starts at the start: {:?}",
        &points[..2]
    );
    let chunk = session.losses().curve.chunk();
    assert!(
        points.last().unwrap().0 > 5_300 - chunk,
        "ends at the latest step"
    );
    session.take_model_emissions().unwrap();
    assert!(session.record().infeasible.is_none());
}
