//! BLEU against sacreBLEU 2.6.0 itself.
//!
//! Fixtures: `tests/fixtures/bleu.json`, written by `tests/fixtures/gen_bleu.py` (which runs
//! sacreBLEU). Tolerance: 1e-9 on scores, precisions and BP; counts, lengths, tokens and the
//! signature must be equal. A failure lists every case that differs and the largest difference.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::{flat, list, load, strings};
use serde_json::Value;
use unroll::metrics::{
    corpus_bleu, corpus_bleu_variable, references_of, rescore, segment_detail, sentence_bleu,
    BleuOptions, SmoothMethod, Tokenize,
};

const TOLERANCE: f64 = 1e-9;

fn options(value: &Value) -> BleuOptions {
    BleuOptions {
        tokenize: value["tokenize"].as_str().unwrap().parse().unwrap(),
        smooth_method: value["smooth_method"].as_str().unwrap().parse().unwrap(),
        smooth_value: value["smooth_value"].as_f64(),
        lowercase: value["lowercase"].as_bool().unwrap(),
        effective_order: value["effective_order"].as_bool().unwrap(),
    }
}

/// A reference stream: `null` is a segment this stream has no reference for (sacreBLEU's
/// `None`).
fn stream(value: &Value) -> Vec<Option<String>> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().map(str::to_string))
        .collect()
}

/// A case's options, hypotheses and reference streams.
fn inputs(case: &Value) -> (BleuOptions, Vec<String>, Vec<Vec<Option<String>>>) {
    let refs = list(case, "refs").iter().map(stream).collect();
    (options(&case["options"]), strings(&case["hyps"]), refs)
}

/// Whether some stream has no reference for some segment.
fn has_gaps(refs: &[Vec<Option<String>>]) -> bool {
    refs.iter().flatten().any(Option::is_none)
}

/// The streams as plain strings (a case without gaps).
fn complete(refs: &[Vec<Option<String>>]) -> Vec<Vec<String>> {
    refs.iter()
        .map(|s| s.iter().map(|r| r.clone().unwrap()).collect())
        .collect()
}

#[test]
fn every_case_equals_sacrebleu() {
    let fixtures = load("bleu.json");
    let cases = fixtures["cases"].as_array().unwrap();
    assert!(cases.len() >= 80, "expected the full fixture set");
    let mut failures = Vec::new();
    let mut largest = 0.0f64;
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let (options, hyps, refs) = inputs(case);
        let bleu = if case["mode"] == "sentence" {
            sentence_bleu(&hyps[0], &references_of(&refs, 0), &options)
        } else if has_gaps(&refs) {
            corpus_bleu_variable(&hyps, &refs, &options)
        } else {
            // Both entry points, which must agree where there is no gap.
            let plain = corpus_bleu(&hyps, &complete(&refs), &options);
            let variable = corpus_bleu_variable(&hyps, &refs, &options);
            assert_eq!(plain, variable, "{name}");
            plain
        }
        .unwrap_or_else(|e| panic!("{name}: unexpected error {e}"));
        let expected = &case["expected"];
        let mut problems = Vec::new();
        let mut close = |what: &str, got: f64, want: f64| {
            let diff = (got - want).abs();
            largest = largest.max(diff);
            if diff > TOLERANCE {
                problems.push(format!("{what}: got {got}, sacreBLEU {want}"));
            }
        };
        close("score", bleu.score, expected["score"].as_f64().unwrap());
        close("bp", bleu.bp, expected["bp"].as_f64().unwrap());
        for (n, want) in flat(&expected["precisions"]).into_iter().enumerate() {
            close(&format!("precision {}", n + 1), bleu.precisions[n], want);
        }
        if bleu.counts.to_vec() != flat(&expected["counts"]) {
            problems.push(format!(
                "counts {:?} vs {}",
                bleu.counts, expected["counts"]
            ));
        }
        if bleu.totals.to_vec() != flat(&expected["totals"]) {
            problems.push(format!(
                "totals {:?} vs {}",
                bleu.totals, expected["totals"]
            ));
        }
        if bleu.sys_len as u64 != expected["sys_len"].as_u64().unwrap()
            || bleu.ref_len as u64 != expected["ref_len"].as_u64().unwrap()
        {
            problems.push(format!(
                "lengths {}/{} vs {}/{}",
                bleu.sys_len, bleu.ref_len, expected["sys_len"], expected["ref_len"]
            ));
        }
        if bleu.signature != expected["signature"].as_str().unwrap() {
            problems.push(format!(
                "signature {} vs {}",
                bleu.signature, expected["signature"]
            ));
        }
        for (segment, want) in bleu
            .segments
            .iter()
            .zip(case["tokenized_hyps"].as_array().unwrap())
        {
            if segment.hyp_tokens != strings(want) {
                problems.push(format!("tokens {:?} vs {}", segment.hyp_tokens, want));
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{name}: {}", problems.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from sacreBLEU (largest difference {largest:e}):\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_tokenizer_case_equals_sacrebleu() {
    let fixtures = load("bleu.json");
    let cases = fixtures["tokenizer_cases"].as_array().unwrap();
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let tokenize: Tokenize = case["tokenize"].as_str().unwrap().parse().unwrap();
            let input = case["input"].as_str().unwrap();
            let want = case["output"].as_str().unwrap();
            let got = tokenize.apply(input);
            (got != want).then(|| format!("{tokenize} {input:?}: got {got:?}, sacreBLEU {want:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn inputs_sacrebleu_crashes_on_are_clear_errors_here() {
    // sacreBLEU raises IndexError for these (see error_cases in the fixtures).
    let options = BleuOptions::sentence();
    let empty: [&str; 0] = [];
    let error = sentence_bleu("a cat", &empty, &options).unwrap_err();
    assert_eq!(error.to_string(), "the list of references is empty");
    let no_hyps: Vec<String> = Vec::new();
    assert!(corpus_bleu(&no_hyps, &[Vec::<String>::new()], &options).is_err());
    assert!(corpus_bleu(&["a"], &Vec::<Vec<String>>::new(), &options).is_err());
}

#[test]
fn a_segment_without_any_reference_is_a_clear_error() {
    // sacreBLEU raises TypeError for it (error_cases: "corpus segment with no reference in any
    // stream"); here the error names the segment.
    let fixtures = load("bleu.json");
    let case = list(&fixtures, "error_cases")
        .iter()
        .find(|c| c["name"] == "corpus segment with no reference in any stream")
        .expect("the fixture records sacreBLEU's error");
    let (options, hyps, refs) = inputs(case);
    let error = corpus_bleu_variable(&hyps, &refs, &options).unwrap_err();
    assert_eq!(
        error.to_string(),
        "segment 2 has no reference in any stream"
    );
}

#[test]
fn a_missing_reference_is_not_an_empty_one() {
    // Segment 1 has references of 3 and 0 tokens (closest to "a" is 0) or only the first: the
    // effective reference length is 0 with the empty string and 3 without it.
    let hyps = ["a"];
    let with_empty = corpus_bleu_variable(
        &hyps,
        &[vec![Some("a b c")], vec![Some("")]],
        &BleuOptions::default(),
    )
    .unwrap();
    let with_none = corpus_bleu_variable(
        &hyps,
        &[vec![Some("a b c")], vec![None]],
        &BleuOptions::default(),
    )
    .unwrap();
    assert_eq!((with_empty.ref_len, with_none.ref_len), (0, 3));
    assert!(with_empty.signature.starts_with("nrefs:2|"));
    assert!(with_none.signature.starts_with("nrefs:1|"));
}

#[test]
fn mismatched_streams_are_refused_instead_of_truncated() {
    let error = corpus_bleu(&["a", "b"], &[vec!["a"]], &BleuOptions::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "reference stream 1 has 1 lines but there are 2 hypotheses"
    );
}

#[test]
fn bad_smoothing_values_are_refused() {
    let options = BleuOptions {
        smooth_method: SmoothMethod::Floor,
        smooth_value: Some(-1.0),
        ..BleuOptions::sentence()
    };
    assert!(sentence_bleu("a", &["a"], &options).is_err());
}

#[test]
fn rescoring_and_segment_details_agree_with_the_full_computation() {
    let fixtures = load("bleu.json");
    for case in fixtures["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let (options, hyps, refs) = inputs(case);
        if case["mode"] == "sentence" {
            let bleu = sentence_bleu(&hyps[0], &references_of(&refs, 0), &options).unwrap();
            let again = rescore(&bleu.segments[0], &options).unwrap();
            assert_eq!(again, bleu.score, "{name}");
            continue;
        }
        let bleu = corpus_bleu_variable(&hyps, &refs, &options).unwrap();
        for (i, segment) in bleu.segments.iter().enumerate() {
            assert!(segment.ngrams.is_empty(), "corpus BLEU builds no tables");
            let detail = segment_detail(&hyps[i], &references_of(&refs, i), &options).unwrap();
            assert_eq!(
                (detail.correct, detail.total),
                (segment.correct, segment.total),
                "{name} #{i}"
            );
            let clipped: u64 = detail.ngrams.iter().map(|row| row.clipped).sum();
            assert_eq!(
                clipped,
                detail.correct.iter().sum::<u64>(),
                "{name} #{i}: the table adds up"
            );
        }
    }
}
