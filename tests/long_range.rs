//! The long-range experiment as a seeded test with thresholds: an RNN, an LSTM and a GRU
//! trained in lockstep on matching environments with bodies of 1–8 characters (the lab's task
//! at a small size, so it runs in seconds); the LSTM must learn to close them with the right
//! name and the tanh RNN must not (`examples/long_range.rs` runs the lab's defaults).
#![cfg(not(target_arch = "wasm32"))]

use unroll::engine::rnn::{
    environment_accuracy, environments_text, Cells, Optimizer, Session, SessionConfig,
};

#[test]
fn the_lstm_carries_the_name_and_the_rnn_does_not() {
    let mut session = Session::new(SessionConfig {
        cells: Cells::All,
        text: environments_text(1_000, 1, 8, 1),
        embedding_dim: 8,
        hidden_size: 16,
        seq_len: 30,
        optimizer: Optimizer::adam(1e-2),
        clip: Some(1.0),
        recurrent_scale: 1.0,
        forget_bias: Some(1.0),
        seed: 1,
    })
    .unwrap();
    session.train(12_000).unwrap();
    let mean = |index: usize| {
        let model = session.models()[index].trainer.model();
        let accuracy = environment_accuracy(model, &[2, 5, 8], 40, 11).unwrap();
        let rates: Vec<f64> = accuracy.iter().map(|a| a.rate()).collect();
        (rates.iter().sum::<f64>() / rates.len() as f64, rates)
    };
    let ((rnn, rnn_rates), (_, lstm_rates), (gru, gru_rates)) = (mean(0), mean(1), mean(2));
    let all = format!("RNN {rnn_rates:?}, LSTM {lstm_rates:?}, GRU {gru_rates:?}");
    // Chance is 1/4 (four names); the RNN always writes the same one.
    assert!(rnn < 0.35, "the RNN stays near chance: {all}");
    assert!(
        lstm_rates.iter().all(|&r| r >= 0.9),
        "the LSTM carries the name: {all}"
    );
    // The GRU learns it later and less steadily at this size (at 12 000 steps it is between
    // chance and 50 %, depending even on the build's float rounding): only reported.
    println!("{all}; GRU mean {gru:.2}");
}
