//! A session as snapshot bytes (what the page and its training worker exchange): restored or
//! rebuilt from them, it goes on exactly as the original would have, and bad bytes change nothing.
#![cfg(not(target_arch = "wasm32"))]

use unroll::engine::rnn::{environments_text, Cells, Optimizer, Session, SessionConfig};

fn config() -> SessionConfig {
    SessionConfig {
        cells: Cells::Both,
        text: environments_text(40, 1, 12, 3),
        embedding_dim: 4,
        hidden_size: 8,
        seq_len: 7,
        optimizer: Optimizer::adam(0.01),
        clip: Some(1.0),
        recurrent_scale: 1.0,
        forget_bias: Some(1.0),
        seed: 5,
    }
}

#[test]
fn a_session_rebuilt_from_its_bytes_trains_on_exactly_as_the_original() {
    let mut original = Session::new(config()).unwrap();
    original.train(30).unwrap();
    original.step_stage().unwrap();
    original.step_stage().unwrap();
    let bytes = original.snapshot();
    assert!(
        !bytes.is_empty() && bytes.len() < 200_000,
        "{} bytes",
        bytes.len()
    );
    let mut copy = Session::from_snapshot(&bytes, config().text).unwrap();
    assert_eq!(copy.snapshot(), bytes, "the copy is the same session");
    original.train(25).unwrap();
    copy.train(25).unwrap();
    assert_eq!(copy.snapshot(), original.snapshot());
    for index in 0..2 {
        let (a, b) = (&original.models()[index], &copy.models()[index]);
        assert_eq!(a.trainer.steps(), b.trainer.steps());
        assert!(a.trainer.steps() >= 54);
        assert_eq!(
            a.trainer.record().loss.to_bits(),
            b.trainer.record().loss.to_bits()
        );
        assert_eq!(a.history.bits_per_char, b.history.bits_per_char);
    }
}

#[test]
fn restoring_takes_over_a_state_trained_elsewhere_and_keeps_the_text() {
    let mut page = Session::new(config()).unwrap();
    let mut worker = Session::from_snapshot(&page.snapshot(), config().text).unwrap();
    worker.train(40).unwrap();
    page.restore(&worker.snapshot()).unwrap();
    assert_eq!(page.models()[0].trainer.steps(), 40);
    assert_eq!(page.config().text, config().text);
    // Both go on identically from there (the text, left out of the bytes, was kept).
    page.train(5).unwrap();
    worker.train(5).unwrap();
    assert_eq!(page.snapshot(), worker.snapshot());
}

#[test]
fn bytes_that_are_not_a_snapshot_are_refused_and_change_nothing() {
    let mut session = Session::new(config()).unwrap();
    session.train(3).unwrap();
    let before = session.snapshot();
    for bad in [&[][..], &[1, 2, 3][..], &before[..before.len() / 2]] {
        let error = session.restore(bad).unwrap_err();
        assert!(error.to_string().contains("not a snapshot"), "{error}");
        assert!(Session::from_snapshot(bad, config().text).is_err());
    }
    let mut one = config();
    one.cells = Cells::One(unroll::engine::rnn::CellKind::Lstm);
    let other = Session::new(one).unwrap().snapshot();
    assert!(session.restore(&other).is_err(), "another number of models");
    assert_eq!(session.snapshot(), before);
}
