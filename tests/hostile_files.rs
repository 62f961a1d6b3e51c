//! Model files from a hostile visitor: random bytes, mutated valid files and files that claim
//! huge sizes. Every one gives `Ok` or an `Err` with a message — never a panic — and reading it
//! never takes more memory than a stated bound, whatever the file claims (a counting allocator
//! measures the peak; this file holds one test so nothing else allocates meanwhile).
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/counting.rs"]
mod counting;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use unroll::engine::rnn::{from_json, to_json, CellKind, CharModel, ModelConfig};
use unroll::limits::{MODEL_FILE_BYTES, MODEL_WEIGHTS};

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

/// The most the reader may allocate beyond the text: the weight budget as f32 twice over (a
/// growing buffer doubles), the longest vocabulary, and a little for messages.
const BOUND: isize = (2 * 4 * MODEL_WEIGHTS + 4096 * 128 + (1 << 20)) as isize;

/// Reads `text` and returns the peak allocation above what was live before, and the result.
fn read_measured(text: &str) -> (isize, Result<CharModel, unroll::Error>) {
    let before = counting::reset_peak();
    let result = from_json(text);
    (counting::peak() - before, result)
}

fn good_file() -> String {
    let mut config = ModelConfig::new(CellKind::Lstm, "abcde".chars().collect(), 3, 4);
    config.seed = 3;
    to_json(&CharModel::new(&config).unwrap()).unwrap()
}

/// One mutation of a valid file: a byte changed, a span cut, a span repeated, a key doubled.
fn mutate(file: &str, kind: u8, at: usize, len: usize) -> String {
    let bytes = file.as_bytes();
    let at = at % bytes.len();
    let end = (at + len).min(bytes.len());
    let mut out = bytes.to_vec();
    match kind % 4 {
        0 => out[at] = b"{}[],:\"0-eE.9nN "[len % 16],
        1 => {
            out.drain(at..end);
        }
        2 => {
            let span = bytes[at..end].to_vec();
            out.splice(at..at, span);
        }
        _ => {
            let doubled = file.replacen("{\"kind\"", "{\"kind\": \"lstm\", \"kind\"", 1);
            out = doubled.into_bytes();
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn hostile_model_files_are_refused_within_the_memory_bound() {
    // The file: 300 000 vocabulary entries, E = H = 1024, no tensors.
    let huge_vocab = format!(
        "{{\"kind\":\"rnn\",\"vocab\":[{}],\"embedding_dim\":1024,\"hidden_size\":1024,\"state_dict\":{{}}}}",
        vec!["\"a\""; 300_000].join(",")
    );
    for (file, words) in [
        (huge_vocab.as_str(), "more than 4096 entries"),
        (
            "{\"kind\":\"lstm\",\"vocab\":[\"a\",\"b\"],\"embedding_dim\":1024,\"hidden_size\":1024,\"state_dict\":{}}",
            "the lab takes up to 2000000",
        ),
        (
            "{\"kind\":\"rnn\",\"kind\":\"lstm\"}",
            "has the key \"kind\" twice",
        ),
        (
            "{\"state_dict\":{\"decoder.bias\":[1],\"decoder.bias\":[2]}}",
            "\"state_dict\" has the key \"decoder.bias\" twice",
        ),
        ("{\"kind\":[[[[[[[[1]]]]]]]]}", "\"kind\" must be a string or a number, found a list"),
        (
            "{\"state_dict\":{\"decoder.bias\":[[[[[[1]]]]]]}}",
            "nested more than 4 lists deep",
        ),
    ] {
        let (peak, result) = read_measured(file);
        let message = result.expect_err("refused").to_string();
        assert!(message.contains(words), "{message}");
        assert!(peak < BOUND, "peak {peak} bytes for {words:?}");
    }
    // Ten million numbers in one tensor: refused at the weight budget, not after reading all.
    let many = format!(
        "{{\"state_dict\":{{\"rnn.weight_hh_l0\":[{}]}}}}",
        vec!["0"; 10_000_000].join(",")
    );
    let (peak, result) = read_measured(&many);
    assert!(result
        .unwrap_err()
        .to_string()
        .contains("more than 2000000 weights"));
    assert!(peak < BOUND, "peak {peak}");
    // A file over the size limit is refused before it is parsed.
    let big = " ".repeat(MODEL_FILE_BYTES + 1);
    let (peak, result) = read_measured(&big);
    assert!(result
        .unwrap_err()
        .to_string()
        .contains("the lab reads files up to 48 MB"));
    assert!(peak < 1 << 16, "peak {peak}");

    let good = good_file();
    assert!(from_json(&good).is_ok());
    let mut runner = TestRunner::new(Config {
        cases: 3000,
        failure_persistence: None,
        ..Config::default()
    });
    // Mutated valid files.
    runner
        .run(
            &(any::<u8>(), any::<usize>(), 0usize..64),
            |(kind, at, len)| {
                let file = mutate(&good, kind, at, len);
                let (peak, result) = read_measured(&file);
                if let Err(error) = result {
                    prop_assert!(!error.to_string().is_empty());
                }
                prop_assert!(peak < BOUND, "peak {} for {:?}", peak, file);
                Ok(())
            },
        )
        .unwrap();
    // Random JSON-ish text.
    runner
        .run(&"[\\[\\]{}\",:0-9a-z.eE+\\- ]{0,200}", |text| {
            let (peak, result) = read_measured(&text);
            if let Err(error) = result {
                prop_assert!(!error.to_string().is_empty());
            }
            prop_assert!(peak < BOUND);
            Ok(())
        })
        .unwrap();
    // Well-formed files with random claimed sizes and kinds.
    runner
        .run(
            &(0u64..5000, 0u64..5000, 0usize..5000, prop::sample::select(vec!["rnn", "lstm", "gru", ""])),
            |(e, h, v, kind)| {
                let vocab: Vec<String> = (0..v)
                    .map(|i| format!("\"{}\"", char::from_u32(0x4e00 + i as u32).unwrap()))
                    .collect();
                let file = format!(
                    "{{\"kind\":\"{kind}\",\"vocab\":[{}],\"embedding_dim\":{e},\"hidden_size\":{h},\"state_dict\":{{}}}}",
                    vocab.join(",")
                );
                let (peak, result) = read_measured(&file);
                prop_assert!(result.is_err());
                prop_assert!(peak < BOUND, "peak {} for E {} H {} V {}", peak, e, h, v);
                Ok(())
            },
        )
        .unwrap();
}
