//! The lab session: the stage cursor's order, RNN and LSTM on identical chunks, the history's
//! thinning, and the gradient curves' invariants.
#![cfg(not(target_arch = "wasm32"))]

use unroll::engine::rnn::{
    environments_text, Cells, Optimizer, Session, SessionConfig, Stage, MAX_HISTORY,
};

fn config(cells: Cells, seq_len: usize, scale: f32) -> SessionConfig {
    SessionConfig {
        cells,
        text: environments_text(40, 1, 12, 3),
        embedding_dim: 4,
        hidden_size: 8,
        seq_len,
        optimizer: Optimizer::adam(0.01),
        clip: Some(1.0),
        recurrent_scale: scale,
        forget_bias: Some(1.0),
        seed: 5,
    }
}

#[test]
fn scrubbing_moves_within_the_chunk_and_changes_no_number() {
    use Stage::*;
    let mut plain = Session::new(config(Cells::Both, 4, 1.0)).unwrap();
    let mut scrubbed = Session::new(config(Cells::Both, 4, 1.0)).unwrap();
    assert!(
        !scrubbed.show_stage(Forward(2)),
        "no chunk yet: nothing to scrub"
    );
    for _ in 0..7 {
        scrubbed.step_stage().unwrap();
    }
    assert_eq!(scrubbed.stage(), Backward(3));
    for (to, moved) in [
        (Forward(1), true),
        (Loss, true),
        (Backward(4), true),
        (Forward(5), false),
        (Backward(0), false),
        (Update, false),
        (Ready, false),
        (Backward(2), true),
    ] {
        let before = scrubbed.stage();
        assert_eq!(scrubbed.show_stage(to), moved, "{to:?}");
        assert_eq!(scrubbed.stage(), if moved { to } else { before });
    }
    // From Backward(2) the reveal goes on as usual: Backward(1), then the update.
    assert_eq!(scrubbed.step_stage().unwrap(), Backward(1));
    assert_eq!(scrubbed.step_stage().unwrap(), Update);
    assert!(
        !scrubbed.show_stage(Loss),
        "after the update the chunk is done"
    );
    for _ in 0..10 {
        plain.step_stage().unwrap();
    }
    scrubbed.train(2).unwrap();
    plain.train(2).unwrap();
    for (a, b) in plain.models().iter().zip(scrubbed.models()) {
        assert_eq!(
            a.trainer.record().bits_per_char_f64(),
            b.trainer.record().bits_per_char_f64()
        );
        assert_eq!(a.trainer.steps(), b.trainer.steps());
    }
}

#[test]
fn the_stage_cursor_reveals_forward_loss_backward_then_the_update() {
    let mut session = Session::new(config(Cells::Both, 4, 1.0)).unwrap();
    assert_eq!(session.stage(), Stage::Ready);
    let stages: Vec<Stage> = (0..10).map(|_| session.step_stage().unwrap()).collect();
    use Stage::*;
    assert_eq!(
        stages,
        [
            Forward(1),
            Forward(2),
            Forward(3),
            Forward(4),
            Loss,
            Backward(4),
            Backward(3),
            Backward(2),
            Backward(1),
            Update
        ]
    );
    assert_eq!(
        session.models()[0].trainer.steps(),
        1,
        "the update is one step"
    );
    assert_eq!(
        session.step_stage().unwrap(),
        Forward(1),
        "then the next chunk"
    );
    assert_eq!(session.models()[0].trainer.steps(), 1, "not yet updated");
    session.train(3).unwrap();
    assert_eq!(
        session.models()[1].trainer.steps(),
        5,
        "the step in progress finished first, then three more"
    );
}

#[test]
fn side_by_side_models_read_identical_chunks() {
    let mut session = Session::new(config(Cells::Both, 7, 1.0)).unwrap();
    for _ in 0..25 {
        session.train(1).unwrap();
        let (rnn, lstm) = (&session.models()[0], &session.models()[1]);
        assert_eq!(rnn.trainer.record().inputs, lstm.trainer.record().inputs);
        assert_eq!(rnn.trainer.model().kind().name(), "rnn");
        assert_eq!(lstm.trainer.model().kind().name(), "lstm");
    }
}

#[test]
fn the_history_is_thinned_but_keeps_its_shape() {
    let mut session = Session::new(config(
        Cells::One(unroll::engine::rnn::CellKind::Rnn),
        3,
        1.0,
    ))
    .unwrap();
    session.train(MAX_HISTORY * 3).unwrap();
    let history = &session.models()[0].history;
    assert!(history.steps.len() <= MAX_HISTORY && history.steps.len() > MAX_HISTORY / 4);
    assert_eq!(history.steps.len(), history.bits_per_char.len());
    assert!(
        history.steps.windows(2).all(|w| w[0] < w[1]),
        "steps increase"
    );
    assert_eq!(
        session.models()[0].last.unwrap().step,
        (MAX_HISTORY * 3) as u64
    );
}

#[test]
fn the_curves_hold_their_invariants() {
    let mut session = Session::new(config(Cells::Both, 12, 1.0)).unwrap();
    session.train(2).unwrap();
    for index in 0..2 {
        let curves = session.curves(index).unwrap();
        let t = curves.last_loss.len();
        assert_eq!(t, 12);
        assert_eq!(
            curves.running_product[t - 1],
            1.0,
            "the empty product at t = T"
        );
        for k in 0..t - 1 {
            let expected = curves.running_product[k + 1] * curves.jacobian[k + 1];
            assert!((curves.running_product[k] - expected).abs() <= 1e-9 * expected.max(1e-300));
            // ‖∂L_T/∂h_t‖ ≤ ‖∂L_T/∂h_T‖ · Π ‖J‖ (the bound the dotted line draws), RNN only:
            // the LSTM's gradient also flows through c.
            if index == 0 {
                let bound = curves.last_loss[t - 1] * curves.running_product[k];
                assert!(
                    curves.last_loss[k] <= bound * (1.0 + 1e-3) + 1e-12,
                    "bound at t = {k}"
                );
            }
        }
        if index == 1 {
            assert!(curves
                .forget_product
                .iter()
                .all(|&f| (0.0..=1.0).contains(&f)));
            assert_eq!(curves.forget_product[t - 1], 1.0);
        }
        assert_eq!(curves.overflow_at, None);
    }
}

#[test]
fn a_new_session_shows_its_first_chunk_and_steps_as_before() {
    use unroll::engine::rnn::{CharModel, ModelConfig, TrainConfig, Trainer};
    let cfg = config(Cells::One(unroll::engine::rnn::CellKind::Lstm), 6, 1.0);
    let mut session = Session::new(cfg.clone()).unwrap();
    let lab = &session.models()[0];
    assert_eq!(session.stage(), Stage::Ready);
    assert_eq!(lab.trainer.steps(), 0, "nothing applied");
    assert_eq!(lab.trainer.record().len(), 6, "the first chunk is shown");
    assert!(lab.trainer.record().loss.is_finite());
    let first = lab.trainer.record().inputs.clone();
    assert!(session.curves(0).is_some(), "its gradient curves too");
    assert_eq!(session.step_stage().unwrap(), Stage::Forward(1));
    assert_eq!(
        session.models()[0].trainer.record().inputs,
        first,
        "stepping walks through the chunk that was shown"
    );
    // Training from a new session takes the same steps as a bare trainer does.
    let mut fresh = Session::new(cfg.clone()).unwrap();
    fresh.train(3).unwrap();
    let model = CharModel::new(&ModelConfig {
        kind: unroll::engine::rnn::CellKind::Lstm,
        vocab: {
            let mut v: Vec<char> = cfg.text.chars().collect();
            v.sort_unstable();
            v.dedup();
            v
        },
        embedding_dim: cfg.embedding_dim,
        hidden_size: cfg.hidden_size,
        recurrent_scale: cfg.recurrent_scale,
        forget_bias: cfg.forget_bias,
        seed: cfg.seed,
    })
    .unwrap();
    let mut bare = Trainer::new(
        model,
        &cfg.text,
        TrainConfig {
            seq_len: cfg.seq_len,
            optimizer: cfg.optimizer,
            clip: cfg.clip,
            seed: cfg.seed.wrapping_add(1),
        },
    )
    .unwrap();
    let losses: Vec<f32> = (0..3).map(|_| bare.step().unwrap().loss).collect();
    assert_eq!(fresh.models()[0].trainer.steps(), 3);
    assert_eq!(
        fresh.models()[0].last.unwrap().loss,
        losses[2],
        "the same third step"
    );
}
