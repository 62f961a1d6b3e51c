//! Divergence is caught while every number is still finite: a loss far above a uniform guess,
//! or an unclipped gradient norm above 1e6, stops training with "diverging at step k".

use unroll::attention::{AttentionLab, AttentionLabConfig};
use unroll::divergence::{DivergenceWatch, BITS_PER_CHAR, LOSS_FACTOR, MAX_GRAD_NORM, WINDOW};
use unroll::engine::rnn::{Cells, Optimizer, Session, SessionConfig};
use unroll::Error;

fn rnn_session(learning_rate: f32, optimizer: fn(f32) -> Optimizer, clip: Option<f32>) -> Session {
    Session::new(SessionConfig {
        cells: Cells::Both,
        text: "the quick brown fox jumps over the lazy dog. ".repeat(40),
        embedding_dim: 16,
        hidden_size: 32,
        seq_len: 20,
        optimizer: optimizer(learning_rate),
        clip,
        recurrent_scale: 10.0,
        forget_bias: None,
        seed: 1,
    })
    .unwrap()
}

fn sgd(learning_rate: f32) -> Optimizer {
    Optimizer::Sgd {
        learning_rate,
        momentum: 0.0,
    }
}

/// Trains until an error; the error and the step it came at.
fn run_until_error(session: &mut Session, steps: usize) -> Option<Error> {
    (0..steps).find_map(|_| session.train(1).err())
}

#[test]
fn the_watch_averages_recent_losses_and_refuses_an_exploding_gradient() {
    // A uniform guess over 32 characters costs ln 32 nats = 5 bits per character.
    let uniform = 32f64.ln();
    let mut watch = DivergenceWatch::new(uniform, BITS_PER_CHAR);
    // One spike of 5× uniform among normal losses is not a divergence (the mean of 20 is taken).
    for step in 1..=19 {
        watch.observe(step, uniform, None).unwrap();
    }
    watch.observe(20, 5.0 * uniform, None).unwrap();
    // A steady loss above LOSS_FACTOR × uniform is.
    let mut steps = 20;
    let error = loop {
        steps += 1;
        if let Err(error) = watch.observe(steps, (LOSS_FACTOR + 1.0) * uniform, None) {
            break error;
        }
    };
    assert!(
        steps <= 20 + WINDOW as u64,
        "caught within one window, at {steps}"
    );
    let text = error.to_string();
    assert!(
        text.starts_with(&format!("diverging at step {steps}: the loss is ")),
        "{text}"
    );
    assert!(
        text.contains("bits per character")
            && text.contains("5.00 bits per character of a uniform guess"),
        "{text}"
    );
    // An unclipped gradient above the limit stops at once, whatever the loss.
    let mut watch = DivergenceWatch::new(uniform, BITS_PER_CHAR);
    let error = watch
        .observe(1, uniform, Some(MAX_GRAD_NORM * 2.0))
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("the gradient norm is 2.00e6 with no clipping"),
        "{error}"
    );
    // A clipped gradient (None) of any size is fine.
    let mut watch = DivergenceWatch::new(uniform, BITS_PER_CHAR);
    watch.observe(1, uniform, None).unwrap();
}

#[test]
fn an_exploding_rnn_is_stopped_before_anything_is_infinite() {
    // The case: learning rate 100, W_hh scale 10, no clipping.
    for optimizer in [sgd as fn(f32) -> Optimizer, Optimizer::adam] {
        let mut session = rnn_session(100.0, optimizer, None);
        let error = run_until_error(&mut session, 500).expect("training stops");
        assert!(matches!(error, Error::Diverging { .. }), "{error}");
        assert!(error.to_string().contains("diverging at step"), "{error}");
        for model in session.models() {
            let loss = model.history.bits_per_char.last().copied().unwrap_or(0.0);
            assert!(loss.is_finite(), "every recorded loss is finite");
            assert!(
                model.trainer.model().params().all_finite(),
                "every weight is finite"
            );
        }
        // Once stopped it stays stopped (Play cannot run on), with the same message.
        assert_eq!(session.train(1).unwrap_err(), error);
    }
}

#[test]
fn a_healthy_run_is_not_stopped() {
    // The lab's defaults (Adam 0.005, clip 1) with the extreme W_hh scale still train.
    let mut session = rnn_session(0.005, Optimizer::adam, Some(1.0));
    session.train(300).unwrap();
    let mut plain = rnn_session(0.05, sgd, None);
    plain.train(300).unwrap();
}

#[test]
fn an_exploding_attention_model_is_stopped() {
    let mut lab = AttentionLab::new(AttentionLabConfig {
        learning_rate: 10.0,
        ..AttentionLabConfig::default()
    })
    .unwrap();
    let error = (0..400)
        .find_map(|_| lab.train(1).err())
        .expect("training stops");
    assert!(matches!(error, Error::Diverging { .. }), "{error}");
    assert!(error.to_string().contains("nats per symbol"), "{error}");
}
