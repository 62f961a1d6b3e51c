//! The sequence engine's behaviour: model files (round trip and every refusal), truncated BPTT
//! carrying the state, divergence detection, sampling, scoring, and no memory growth.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/small_rnn.rs"]
mod small_rnn;

use serde_json::Value;
use unroll::engine::rnn::{
    forward, from_json, next_distribution, sample, sample_greedy, score_text, to_json, CellKind,
    CharModel, ModelConfig, Optimizer, SequenceRecord, Trainer,
};

#[test]
fn model_files_round_trip_exactly() {
    for kind in [CellKind::Rnn, CellKind::Lstm, CellKind::Gru] {
        let model = small_rnn::model(kind, Some(1.0));
        let json = to_json(&model).unwrap();
        assert_eq!(from_json(&json).unwrap(), model);
        let value: Value = serde_json::from_str(&json).unwrap();
        let weight_hh = &value["state_dict"]["rnn.weight_hh_l0"];
        assert_eq!(
            weight_hh.as_array().unwrap().len(),
            kind.gates() * 6,
            "[G·H, H] rows"
        );
        assert_eq!(weight_hh[0].as_array().unwrap().len(), 6);
    }
}

#[test]
fn bad_model_files_are_refused_with_the_key_and_shapes() {
    let good: Value =
        serde_json::from_str(&to_json(&small_rnn::model(CellKind::Lstm, Some(1.0))).unwrap())
            .unwrap();
    let refuse = |edit: &dyn Fn(&mut Value), want: &str| {
        let mut file = good.clone();
        edit(&mut file);
        let error = from_json(&file.to_string()).unwrap_err().to_string();
        assert!(error.contains(want), "expected {want:?} in {error:?}");
    };
    assert!(from_json("{not json")
        .unwrap_err()
        .to_string()
        .contains("not valid JSON"));
    let with_nan = serde_json::to_string(&good).unwrap().replacen(
        "\"rnn.weight_hh_l0\":[[",
        "\"rnn.weight_hh_l0\":[[NaN,",
        1,
    );
    assert_eq!(
        from_json(&with_nan).unwrap_err().to_string(),
        "\"rnn.weight_hh_l0\" holds NaN, which is not a finite number (Python's json.dump writes \
         NaN for a weight that overflowed: the model diverged)"
    );
    let with_inf = serde_json::to_string(&good).unwrap().replacen(
        "\"decoder.bias\":[",
        "\"decoder.bias\":[-Infinity,",
        1,
    );
    assert!(from_json(&with_inf)
        .unwrap_err()
        .to_string()
        .starts_with("\"decoder.bias\" holds -Infinity"));
    refuse(
        &|f| {
            drop(
                f["state_dict"]
                    .as_object_mut()
                    .unwrap()
                    .remove("rnn.bias_hh_l0"),
            )
        },
        "\"state_dict\" has no \"rnn.bias_hh_l0\"",
    );
    refuse(
        &|f| f["state_dict"]["rnn.extra"] = Value::from(1),
        "unexpected key \"rnn.extra\"",
    );
    refuse(&|f| f["extra"] = Value::from(1), "unexpected key \"extra\"");
    refuse(
        &|f| f["kind"] = Value::from("transformer"),
        "\"kind\" must be \"rnn\", \"lstm\" or \"gru\", got \"transformer\"",
    );
    refuse(&|f| f["vocab"][1] = Value::from("a"), "lists 'a' twice");
    refuse(
        &|f| f["vocab"][1] = Value::from("ab"),
        "one-character string",
    );
    refuse(
        &|f| f["hidden_size"] = Value::from(5),
        "\"rnn.weight_ih_l0\" should have shape [20, 4] for a LSTM with V = 5, E = 4, H = 5, but has [24, 4]",
    );
    refuse(
        &|f| f["state_dict"]["decoder.bias"][2] = Value::Null,
        "found null",
    );
    refuse(
        &|f| f["state_dict"]["decoder.bias"][2] = Value::from("x"),
        "found a string",
    );
    refuse(
        &|f| {
            drop(
                f["state_dict"]["embedding.weight"][1]
                    .as_array_mut()
                    .unwrap()
                    .pop(),
            )
        },
        "not rectangular",
    );
    refuse(
        &|f| f["state_dict"]["decoder.bias"][0] = Value::from(1e39),
        "not a finite float32",
    );
}

#[test]
fn truncated_bptt_carries_the_state_from_chunk_to_chunk() {
    let text = "ab c.ab c.ab c.ab c.";
    let mut trainer = Trainer::new(
        small_rnn::model(CellKind::Lstm, Some(1.0)),
        text,
        small_rnn::config(Optimizer::adam(0.01), None),
    )
    .unwrap();
    trainer.step().unwrap();
    let carried = (
        trainer.record().final_h().to_vec(),
        trainer.record().final_c().to_vec(),
    );
    let snapshot = trainer.model().clone();
    trainer.step().unwrap();
    // The second chunk, run by hand from the first chunk's final state, gives the same loss.
    let ids = snapshot.encode(text).unwrap();
    let mut record = SequenceRecord::new(snapshot.kind(), snapshot.dims());
    forward(
        &snapshot,
        &ids[5..10],
        &ids[6..11],
        Some((&carried.0, &carried.1)),
        &mut record,
    );
    assert_eq!(record.loss, trainer.record().loss);
    let mut from_zero = SequenceRecord::new(snapshot.kind(), snapshot.dims());
    forward(&snapshot, &ids[5..10], &ids[6..11], None, &mut from_zero);
    assert_ne!(from_zero.loss, trainer.record().loss, "the state matters");
}

#[test]
fn training_lowers_the_loss() {
    let text = "abc abc abc abc abc abc abc abc.";
    let mut trainer = Trainer::new(
        small_rnn::model(CellKind::Lstm, Some(1.0)),
        text,
        small_rnn::config(Optimizer::adam(0.05), Some(1.0)),
    )
    .unwrap();
    let first = trainer.step().unwrap().loss;
    let last = (0..300)
        .map(|_| trainer.step().unwrap().loss)
        .last()
        .unwrap();
    assert!(last < first * 0.5, "loss {first} -> {last}");
    let stats = trainer.step().unwrap();
    assert!(stats.clipped_norm <= 1.0 + 1e-5 && stats.clipped == (stats.grad_norm > 1.0));
}

#[test]
fn divergence_is_reported_at_the_step_it_happens() {
    let mut config_model = ModelConfig::new(CellKind::Rnn, "abc .".chars().collect(), 4, 6);
    config_model.recurrent_scale = 50.0;
    let model = CharModel::new(&config_model).unwrap();
    let sgd = Optimizer::Sgd {
        learning_rate: 3e38,
        momentum: 0.0,
    };
    let mut trainer =
        Trainer::new(model, "abc abc abc abc abc.", small_rnn::config(sgd, None)).unwrap();
    let error = (0..50)
        .find_map(|_| trainer.step().err())
        .expect("it diverges");
    let message = error.to_string();
    assert!(
        message.starts_with("diverged at step 2: the loss"),
        "{message}"
    );
    assert_eq!(
        trainer.step().unwrap_err().to_string(),
        message,
        "and stays stopped"
    );
}

#[test]
fn sampling_is_seeded_and_the_next_distribution_sums_to_one() {
    let model = small_rnn::model(CellKind::Lstm, Some(1.0));
    let a = sample(&model, "ab", 40, 0.8, 3).unwrap();
    assert_eq!(a, sample(&model, "ab", 40, 0.8, 3).unwrap());
    assert_ne!(a, sample(&model, "ab", 40, 0.8, 4).unwrap());
    assert_eq!(a.chars().count(), 40);
    let next = next_distribution(&model, "ab c").unwrap();
    assert!((next.iter().map(|(_, p)| p).sum::<f32>() - 1.0).abs() < 1e-5);
    assert!(
        next.windows(2).all(|w| w[0].1 >= w[1].1),
        "most likely first"
    );
    assert!(sample(&model, "ab", 4, 0.0, 1).is_err());
}

#[test]
fn generating_one_character_at_a_time_matches_reading_the_whole_text() {
    // Generation reads one character per call with the state carried; reading the whole
    // prefix from a zero state in one call must pick the same next character every time.
    for kind in [CellKind::Rnn, CellKind::Lstm, CellKind::Gru] {
        let mut trainer = Trainer::new(
            small_rnn::model(kind, Some(1.0)),
            "abc abc ab abc a abc.",
            small_rnn::config(Optimizer::adam(0.05), Some(1.0)),
        )
        .unwrap();
        for _ in 0..40 {
            trainer.step().unwrap();
        }
        let model = trainer.model();
        let greedy = sample_greedy(model, "ab", 30).unwrap();
        let mut text = String::from("ab");
        for expected in greedy.chars() {
            let next = next_distribution(model, &text).unwrap()[0].0;
            assert_eq!(next, expected, "{kind:?} after {text:?}");
            text.push(next);
        }
    }
}

#[test]
fn scoring_refuses_unknown_characters_by_name() {
    let model = small_rnn::model(CellKind::Rnn, Some(1.0));
    let score = score_text(&model, "ab c.").unwrap();
    assert_eq!(score.surprisal_bits.len(), 4);
    assert!((score.perplexity - score.cross_entropy_bits.exp2()).abs() < 1e-4);
    let error = score_text(&model, "abz").unwrap_err().to_string();
    assert_eq!(
        error,
        "text contains 'z' (U+007A), which is not in the model's vocabulary"
    );
}

#[test]
fn long_texts_are_scored_in_chunks_with_the_state_carried() {
    let model = small_rnn::model(CellKind::Lstm, Some(1.0));
    let text: String = "ab c. abc a.b c".chars().cycle().take(1_300).collect();
    let score = score_text(&model, &text).unwrap();
    let ids = model.encode(&text).unwrap();
    let mut whole = SequenceRecord::new(model.kind(), model.dims());
    forward(&model, &ids[..ids.len() - 1], &ids[1..], None, &mut whole);
    assert_eq!(score.surprisal_bits.len(), 1_299);
    let worst = score
        .surprisal_bits
        .iter()
        .zip(whole.losses.iter())
        .map(|(bits, nats)| (bits - nats / std::f32::consts::LN_2).abs())
        .fold(0.0f32, f32::max);
    assert!(worst < 1e-4, "chunked and whole differ by {worst}");
    let too_long: String = "a".repeat(100_001);
    let error = score_text(&model, &too_long).unwrap_err().to_string();
    assert_eq!(
        error,
        "text to score must be at most 100000 characters, got 100001"
    );
}

#[test]
fn the_partial_w_hh_gradient_ends_at_the_whole_gradient() {
    use unroll::engine::rnn::{partial_w_hh_grad_norm, run_sequence, Tensor};
    let model = small_rnn::model(CellKind::Lstm, Some(1.0));
    let record = run_sequence(&model, "ab c.abc a").unwrap();
    let whole = record.grads.tensor_norm(Tensor::WeightHh);
    assert!((partial_w_hh_grad_norm(&record, 0) - whole).abs() < 1e-6 * whole.max(1.0));
    let last = record.len() - 1;
    let (dz, h) = (record.dz.row(last), record.h.row(last));
    let single = f64::from(dz.dot(&dz).sqrt() * h.dot(&h).sqrt());
    assert!((partial_w_hh_grad_norm(&record, last) - single).abs() < 1e-6);
}
