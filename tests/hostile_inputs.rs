//! Whatever a visitor types, every entry point answers with a value or an error carrying a
//! message — never a panic — and no number is silently changed: a field accepts exactly the
//! finite values in its range (whole where it must be) and refuses everything else.

use proptest::prelude::*;
use unroll::attention::{AttentionLab, AttentionLabConfig};
use unroll::ctc::CtcSession;
use unroll::engine::rnn::{Cells, Optimizer, Session, SessionConfig};
use unroll::limits::{Field, FIELDS};
use unroll::metrics::{sentence_bleu, BleuOptions, SmoothMethod};
use unroll::text::{run_pipeline, PipelineOptions, Tokenizer};
use unroll::word2vec::{Word2VecConfig, Word2VecTrainer};

/// Values people type and the ones that break parsers: huge, tiny, negative, fractional,
/// 2³² + small (what wrapped to a small number before), NaN and infinities.
fn typed_number() -> impl Strategy<Value = f64> {
    prop_oneof![
        -1e3f64..1e3,
        (0u64..300).prop_map(|n| n as f64),
        (0u64..40).prop_map(|n| 4294967296.0 + n as f64),
        prop::sample::select(vec![
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -0.0,
            1e308,
            1e-300,
            0.5,
            2.5
        ]),
        any::<f64>(),
    ]
}

fn field() -> impl Strategy<Value = Field> {
    prop::sample::select(FIELDS.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_field_takes_exactly_its_range(field in field(), value in typed_number()) {
        let allowed = value.is_finite()
            && value >= field.min
            && value <= field.max
            && (!field.integer || value.fract() == 0.0);
        match field.check(value) {
            Ok(kept) => {
                prop_assert!(allowed, "{} took {}", field.key, value);
                prop_assert_eq!(kept.to_bits(), value.to_bits(), "the value is not changed");
            }
            Err(error) => {
                prop_assert!(!allowed, "{} refused {}", field.key, value);
                let text = error.to_string();
                prop_assert!(text.starts_with(field.name), "{}", text);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_rnn_lab_refuses_or_builds(
        hidden in 0usize..2000, seq_len in 0usize..2000, lr in typed_number(),
        scale in typed_number(), clip in typed_number(), both in any::<bool>(),
        text in "\\PC{0,40}",
    ) {
        let result = Session::new(SessionConfig {
            cells: if both { Cells::Both } else { Cells::One(unroll::engine::rnn::CellKind::Rnn) },
            text,
            embedding_dim: 16,
            hidden_size: hidden,
            seq_len,
            optimizer: Optimizer::adam(lr as f32),
            clip: Some(clip as f32),
            recurrent_scale: scale as f32,
            forget_bias: None,
            seed: 1,
        });
        if let Err(error) = result {
            prop_assert!(!error.to_string().is_empty());
        }
    }

    #[test]
    fn the_text_pipeline_takes_any_text_and_pattern(text in "\\PC{0,300}", pattern in "\\PC{0,24}") {
        let options = PipelineOptions { tokenizer: Tokenizer::Regex(pattern), ..PipelineOptions::default() };
        if let Err(error) = run_pipeline(&text, &options) {
            prop_assert!(!error.to_string().is_empty());
        }
        run_pipeline(&text, &PipelineOptions::default()).unwrap();
    }

    #[test]
    fn bleu_is_finite_for_every_allowed_smoothing_value(
        value in 0.0f64..=100.0, add_k in any::<bool>(), hyp in "[a-c ]{0,30}", reference in "[a-c ]{0,30}",
    ) {
        let options = BleuOptions {
            smooth_method: if add_k { SmoothMethod::AddK } else { SmoothMethod::Floor },
            smooth_value: Some(value),
            ..BleuOptions::default()
        };
        match sentence_bleu(&hyp, &[&reference], &options) {
            Ok(bleu) => prop_assert!(bleu.score.is_finite() && (0.0..=100.0 + 1e-9).contains(&bleu.score), "{}", bleu.score),
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }

    #[test]
    fn word2vec_settings_refuse_or_train(
        d in 0usize..400, window in 0usize..20, k in 0usize..30, alpha in typed_number(),
        lr in typed_number(), sub in typed_number(), epochs in 0usize..2000,
    ) {
        let config = Word2VecConfig {
            dimensions: d, window, negatives: k, alpha, learning_rate: lr, subsample: sub, epochs,
            ..Word2VecConfig::default()
        };
        let words: Vec<&str> = "the dog saw the cat and the cat saw the dog".split(' ').collect();
        match Word2VecTrainer::new(&words, config) {
            Ok(mut trainer) => { let _ = trainer.train(20); }
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }

    #[test]
    fn ctc_frames_and_targets_refuse_or_apply(frames in 0usize..100, target in "\\PC{0,20}") {
        let mut session = CtcSession::new(1).unwrap();
        if let Err(error) = session.set_frames(frames) {
            prop_assert!(!error.to_string().is_empty());
        }
        if let Err(error) = session.set_target(&target) {
            prop_assert!(!error.to_string().is_empty());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_attention_lab_refuses_or_builds(
        hidden in 0usize..200, min_len in 0usize..30, max_len in 0usize..30, beam in 0usize..12,
        lr in typed_number(), input in "\\PC{0,60}",
    ) {
        let config = AttentionLabConfig {
            hidden, min_len, max_len, beam_width: beam, learning_rate: lr as f32,
            ..AttentionLabConfig::default()
        };
        match AttentionLab::new(config) {
            Ok(mut lab) => {
                if let Err(error) = lab.set_input(&input) {
                    prop_assert!(!error.to_string().is_empty());
                }
            }
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }
}
