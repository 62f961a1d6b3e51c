#![cfg(not(target_arch = "wasm32"))]
//! Overlap F1 (whitespace ignored or counted), entropy / KL, mutual information, the character
//! n-gram model and the perplexity of pasted token log-probabilities against reference values
//! computed separately in Python.
//!
//! Fixtures: `tests/fixtures/metrics.json`, written by `tests/fixtures/gen_metrics.py`
//! (collections.Counter, scipy.stats.entropy, sklearn.metrics.mutual_info_score and exact
//! `fractions.Fraction` n-gram probabilities; versions in the file). Tolerances: counts exact;
//! overlap ratios, information and MI values 1e-12 (absolute below 1, relative above);
//! n-gram probabilities, surprisals, cross entropy and log-probability sums 1e-12 relative,
//! perplexity 1e-9 relative; token surprisals (NumPy), their mean, bits per token and
//! perplexity 1e-12 relative. `"inf"` is +∞ and `null` is undefined (`None`). A failure lists
//! every differing entry and the largest difference.

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::{flat, load, number, Failures};
use ndarray::Array2;
use unroll::metrics::{
    compare, cross_entropy, entropy, first_support_gap, identical_joint, independent_joint,
    kl_divergence, mutual_information, overlap, overlap_with, token_perplexity, CharNgramModel,
    Distribution, LogBase, OverlapLevel, ScoreFormat, ScoreScale, Smoothing, TokenScoreIssue,
    Whitespace, MAX_TOKEN_SCORES, MAX_TOKEN_SCORES_BYTES,
};

const TOLERANCE: f64 = 1e-12;
const PERPLEXITY_TOLERANCE: f64 = 1e-9;

#[test]
fn overlap_matches_counter_intersection() {
    let fixtures = load("metrics.json");
    let ignoring = fixtures["overlap"].as_array().unwrap();
    let counting = fixtures["overlap_whitespace"].as_array().unwrap();
    assert!(
        ignoring.len() >= 30,
        "expected the full overlap fixture set"
    );
    assert!(
        counting.len() >= 10,
        "expected the whitespace-counting cases"
    );
    let mut report = Failures::default();
    for case in ignoring.iter().chain(counting) {
        let (truth, prediction) = (
            case["truth"].as_str().unwrap(),
            case["prediction"].as_str().unwrap(),
        );
        let level: OverlapLevel = case["level"].as_str().unwrap().parse().unwrap();
        let whitespace: Whitespace = case["whitespace"].as_str().unwrap().parse().unwrap();
        let name = format!("{truth:?} vs {prediction:?} ({level}, whitespace {whitespace})");
        let got = overlap_with(truth, prediction, level, whitespace);
        for (field, value) in [
            ("overlap", got.overlap),
            ("pred_len", got.pred_len),
            ("truth_len", got.truth_len),
        ] {
            report.equal(
                &format!("{name}: {field}"),
                value as u64,
                case[field].as_u64().unwrap(),
            );
        }
        report.equal(
            &format!("{name}: sum of matched"),
            got.items.iter().map(|i| i.matched).sum::<usize>(),
            got.overlap,
        );
        for (field, value) in [
            ("precision", got.precision),
            ("recall", got.recall),
            ("f1", got.f1),
        ] {
            report.numbers(
                &format!("{name}: {field}"),
                value,
                number(&case[field]),
                TOLERANCE,
            );
        }
    }
    report.finish("overlap");
}

#[test]
fn information_matches_scipy() {
    let fixtures = load("metrics.json");
    let cases = fixtures["information"].as_array().unwrap();
    assert!(
        cases.len() >= 25,
        "expected the full information fixture set"
    );
    let mut report = Failures::default();
    for case in cases {
        let p = Distribution::new(&flat(&case["p"])).unwrap();
        let q = Distribution::new(&flat(&case["q"])).unwrap();
        let name = format!("p = {}, q = {}", case["p"], case["q"]);
        for (dist, key) in [(&p, "p_normalised"), (&q, "q_normalised")] {
            for (i, (&got, want)) in dist
                .probabilities()
                .iter()
                .zip(flat(&case[key]))
                .enumerate()
            {
                report.numbers(
                    &format!("{name}: {key}[{i}]"),
                    Some(got),
                    Some(want),
                    TOLERANCE,
                );
            }
        }
        for base in [LogBase::Bits, LogBase::Nats] {
            let want = &case[base.unit()];
            let got = compare(&p, &q, base).unwrap();
            let fields = [
                ("entropy_p", got.entropy_p),
                ("entropy_q", got.entropy_q),
                ("cross_entropy_pq", got.cross_entropy_pq),
                ("cross_entropy_qp", got.cross_entropy_qp),
                ("kl_pq", got.kl_pq),
                ("kl_qp", got.kl_qp),
            ];
            for (field, value) in fields {
                let label = format!("{field} ({})", base.unit());
                report.numbers(
                    &format!("{name}: {label}"),
                    Some(value),
                    number(&want[field]),
                    TOLERANCE,
                );
            }
            report.equal(
                &format!("{name}: kl_pq infinite iff a support gap"),
                got.kl_pq.is_infinite(),
                got.gap_pq.is_some(),
            );
        }
    }
    report.finish("information");
}

#[test]
fn mutual_information_matches_sklearn() {
    let fixtures = load("metrics.json");
    let cases = fixtures["mutual_information"].as_array().unwrap();
    assert!(
        cases.len() >= 15,
        "expected the full mutual information fixture set"
    );
    let mut report = Failures::default();
    for case in cases {
        let rows: Vec<Vec<f64>> = case["joint"].as_array().unwrap().iter().map(flat).collect();
        let shape = (rows.len(), rows[0].len());
        let joint = Array2::from_shape_vec(shape, rows.concat()).unwrap();
        let name = format!("joint = {}", case["joint"]);
        for base in [LogBase::Bits, LogBase::Nats] {
            let want = &case[base.unit()];
            let got = mutual_information(&joint, base).unwrap();
            let fields = [
                ("mi", got.mi),
                ("h_x", got.h_x),
                ("h_y", got.h_y),
                ("h_xy", got.h_xy),
                ("h_x_given_y", got.h_x_given_y),
                ("h_y_given_x", got.h_y_given_x),
            ];
            for (field, value) in fields {
                report.numbers(
                    &format!("{name}: {field} ({})", base.unit()),
                    Some(value),
                    number(&want[field]),
                    TOLERANCE,
                );
            }
        }
    }
    report.finish("mutual information");
}

#[test]
fn ngram_model_matches_exact_fractions() {
    let fixtures = load("metrics.json");
    let cases = fixtures["ngram_lm"].as_array().unwrap();
    assert!(cases.len() >= 30, "expected the full n-gram fixture set");
    let mut report = Failures::default();
    for case in cases {
        let (train, test) = (
            case["train"].as_str().unwrap(),
            case["test"].as_str().unwrap(),
        );
        let order = case["order"].as_u64().unwrap() as usize;
        let smoothing = match case["smoothing"].as_str().unwrap() {
            "add_k" => Smoothing::AddK(case["k"].as_f64().unwrap()),
            "witten_bell" => Smoothing::WittenBell,
            other => panic!("unknown smoothing {other}"),
        };
        let name = format!(
            "train {:.20?}…, test {test:.20?}…, order {order}, {smoothing:?}",
            train
        );
        let model = CharNgramModel::train(train, order, smoothing).unwrap();
        report.equal(
            &format!("{name}: vocab_size"),
            model.vocab_size() as u64,
            case["vocab_size"].as_u64().unwrap(),
        );
        let got = model.score(test).unwrap();
        let want_probs = flat(&case["probs"]);
        report.equal(
            &format!("{name}: number of probabilities"),
            got.probabilities.len(),
            want_probs.len(),
        );
        for (i, (&g, w)) in got.probabilities.iter().zip(want_probs).enumerate() {
            report.relative(&format!("{name}: probs[{i}]"), g, w, TOLERANCE);
        }
        for (i, (&g, w)) in got
            .surprisal_bits
            .iter()
            .zip(flat(&case["surprisal_bits"]))
            .enumerate()
        {
            report.numbers(
                &format!("{name}: surprisal_bits[{i}]"),
                Some(g),
                Some(w),
                TOLERANCE,
            );
        }
        let scalars = [
            ("cross_entropy_bits", got.cross_entropy_bits, TOLERANCE),
            ("log2_prob_sum", got.log2_prob_sum, TOLERANCE),
            ("perplexity", got.perplexity, PERPLEXITY_TOLERANCE),
        ];
        for (field, value, tol) in scalars {
            report.relative(
                &format!("{name}: {field}"),
                value,
                number(&case[field]).unwrap(),
                tol,
            );
        }
    }
    report.finish("n-gram model");
}

#[test]
fn abc_against_abcde_counts_every_item() {
    // P = 3/5, R = 3/3, F1 = 2·3 / (5 + 3).
    let got = overlap("abc", "abcde", OverlapLevel::Char);
    assert_eq!((got.overlap, got.pred_len, got.truth_len), (3, 5, 3));
    assert_eq!(
        (got.precision, got.recall, got.f1),
        (Some(0.6), Some(1.0), Some(0.75))
    );
    let rows: Vec<(&str, usize, usize, usize)> = got
        .items
        .iter()
        .map(|i| (i.text.as_str(), i.truth_count, i.pred_count, i.matched))
        .collect();
    assert_eq!(
        rows,
        [
            ("a", 1, 1, 1),
            ("b", 1, 1, 1),
            ("c", 1, 1, 1),
            ("d", 0, 1, 0),
            ("e", 0, 1, 0)
        ]
    );
}

#[test]
fn kl_is_infinite_where_q_misses_the_support_of_p() {
    let p = Distribution::new(&[0.2, 0.3, 0.5]).unwrap();
    let q = Distribution::new(&[0.5, 0.5, 0.0]).unwrap();
    assert_eq!(first_support_gap(&p, &q), Some(2));
    assert_eq!(first_support_gap(&q, &p), None);
    let got = compare(&p, &q, LogBase::Bits).unwrap();
    assert_eq!(
        (got.kl_pq, got.cross_entropy_pq),
        (f64::INFINITY, f64::INFINITY)
    );
    assert_eq!(got.kl_pq_terms[2], f64::INFINITY);
    assert!(got.kl_qp.is_finite() && got.kl_qp > 0.0);
    assert_eq!(kl_divergence(&p, &q, LogBase::Nats), f64::INFINITY);
}

#[test]
fn kl_equals_cross_entropy_minus_entropy() {
    // A small linear congruential generator: deterministic "random-ish" vectors with zeros.
    let mut state = 12345u64;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as f64 / (1u64 << 31) as f64
    };
    for trial in 0..200 {
        let len = 2 + trial % 9;
        let p: Vec<f64> = (0..len)
            .map(|_| if next() < 0.2 { 0.0 } else { next() })
            .collect();
        let q: Vec<f64> = (0..len).map(|_| next() + 1e-3).collect();
        let (Ok(p), Ok(q)) = (Distribution::new(&p), Distribution::new(&q)) else {
            continue;
        };
        for base in [LogBase::Bits, LogBase::Nats] {
            let kl = kl_divergence(&p, &q, base);
            let identity = cross_entropy(&p, &q, base) - entropy(&p, base);
            assert!(
                (kl - identity).abs() < 1e-12,
                "trial {trial}: {kl} vs {identity}"
            );
            assert!(kl >= 0.0);
        }
    }
}

#[test]
fn mutual_information_of_the_one_click_examples() {
    let p_x = Distribution::new(&[0.2, 0.8]).unwrap();
    let p_y = Distribution::new(&[0.1, 0.3, 0.6]).unwrap();
    let independent = mutual_information(&independent_joint(&p_x, &p_y), LogBase::Bits).unwrap();
    assert!(independent.mi.abs() < 1e-15);
    let copy = mutual_information(&identical_joint(&p_y), LogBase::Nats).unwrap();
    // I(X; X) = H(X).
    assert!((copy.mi - entropy(&p_y, LogBase::Nats)).abs() < 1e-15);
    assert_eq!(copy.h_x_given_y, 0.0);
}

#[test]
fn witten_bell_and_add_k_sum_to_one_over_the_vocabulary() {
    let train = "the river ran quietly past the old mill; the wheel had not turned.";
    let histories = ["", "t", "th", "the ", "xq", "river", "zzzzzz", " mill; th"];
    for order in 1..=6 {
        for smoothing in [
            Smoothing::WittenBell,
            Smoothing::AddK(0.01),
            Smoothing::AddK(2.5),
        ] {
            let model = CharNgramModel::train(train, order, smoothing).unwrap();
            for history in histories {
                let history: Vec<char> = history.chars().collect();
                let all = model.top_next(&history, usize::MAX);
                assert_eq!(all.len(), model.vocab_size());
                let sum: f64 = all.iter().map(|(_, p)| p).sum();
                assert!(
                    (sum - 1.0).abs() < 1e-12,
                    "order {order} {smoothing:?} {history:?}: {sum}"
                );
                assert!(all.windows(2).all(|w| w[0].1 >= w[1].1));
            }
        }
    }
    // V = {a, b, UNK}: P(a) = (2 + 1) / (3 + 3), P(b) = (1 + 1) / 6, P(UNK) = (0 + 1) / 6.
    let model = CharNgramModel::train("aab", 1, Smoothing::AddK(1.0)).unwrap();
    let top = model.top_next(&[], 3);
    assert_eq!(
        top,
        [
            ("a".to_string(), 0.5),
            ("b".to_string(), 2.0 / 6.0),
            ("<unk>".to_string(), 1.0 / 6.0)
        ]
    );
}

#[test]
fn unseen_characters_are_scored_as_unknown() {
    let model = CharNgramModel::train("abab", 2, Smoothing::WittenBell).unwrap();
    let got = model.score("abz").unwrap();
    assert_eq!(got.unknown, [false, false, true]);
    assert_eq!(got.probabilities[2], model.probability(&['a', 'b'], 'q'));
    assert!((got.perplexity - got.cross_entropy_bits.exp2()).abs() < 1e-12);
}

#[test]
fn bad_inputs_are_refused_with_a_message() {
    let message = |error: unroll::Error| error.to_string();
    assert_eq!(
        message(Distribution::new(&[0.1, 0.2, 0.3, -0.5]).unwrap_err()),
        "entry 4 is negative (-0.5); probabilities must be ≥ 0"
    );
    assert_eq!(
        message(Distribution::new(&[]).unwrap_err()),
        "the distribution is empty"
    );
    assert!(message(Distribution::new(&[0.0, 0.0]).unwrap_err()).contains("greater than 0"));
    assert!(message(Distribution::new(&[1.0, f64::NAN]).unwrap_err())
        .starts_with("entry 2 is not a number"));
    assert!(message(Distribution::new(&[f64::INFINITY]).unwrap_err())
        .starts_with("entry 1 is infinite"));
    let (p, q) = (
        Distribution::new(&[1.0, 1.0]).unwrap(),
        Distribution::new(&[1.0]).unwrap(),
    );
    assert_eq!(
        message(compare(&p, &q, LogBase::Bits).unwrap_err()),
        "p has 2 entries but q has 1; they must have the same number"
    );
    let table = Array2::from_shape_vec((2, 2), vec![1.0, 0.0, -2.0, 1.0]).unwrap();
    assert_eq!(
        message(mutual_information(&table, LogBase::Bits).unwrap_err()),
        "row 2, column 1 is negative (-2); probabilities must be ≥ 0"
    );
    assert_eq!(
        message(mutual_information(&Array2::zeros((0, 3)), LogBase::Bits).unwrap_err()),
        "the joint table is empty"
    );
    assert_eq!(
        message(CharNgramModel::train("abc", 9, Smoothing::WittenBell).unwrap_err()),
        "n-gram order must be between 1 and 6, got 9"
    );
    assert_eq!(
        message(CharNgramModel::train("abc", 2, Smoothing::AddK(0.0)).unwrap_err()),
        "add-k constant k must be a number from 0.000001 to 100, got 0"
    );
    assert_eq!(
        message(CharNgramModel::train(&"a".repeat(300_001), 2, Smoothing::WittenBell).unwrap_err()),
        "training text must be at most 300000 characters, got 300001"
    );
    let model = CharNgramModel::train("abc", 2, Smoothing::WittenBell).unwrap();
    assert_eq!(
        message(model.score("").unwrap_err()),
        "the text to score is empty"
    );
    assert_eq!(
        message(model.score(&"b".repeat(100_001)).unwrap_err()),
        "text to score must be at most 100000 characters, got 100001"
    );
}

#[test]
fn token_perplexity_matches_numpy() {
    let fixtures = load("metrics.json");
    let cases = fixtures["token_logprobs"].as_array().unwrap();
    assert!(
        cases.len() >= 15,
        "expected the token log-probability cases"
    );
    let mut report = Failures::default();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let scale: ScoreScale = case["scale"].as_str().unwrap().parse().unwrap();
        let got = token_perplexity(case["text"].as_str().unwrap(), scale)
            .unwrap_or_else(|issue| panic!("{name}: refused with {issue:?}"));
        report.equal(
            &format!("{name}: scale used"),
            got.scale.name(),
            case["scale_used"].as_str().unwrap(),
        );
        report.equal(
            &format!("{name}: skipped nulls"),
            got.skipped_nulls as u64,
            case["skipped_nulls"].as_u64().unwrap(),
        );
        let want = flat(&case["surprisal_nats"]);
        report.equal(
            &format!("{name}: count"),
            got.surprisal_nats.len(),
            want.len(),
        );
        for (i, (&g, w)) in got.surprisal_nats.iter().zip(want).enumerate() {
            report.numbers(&format!("{name}: s[{i}]"), Some(g), Some(w), TOLERANCE);
        }
        for (field, value) in [
            ("cross_entropy_nats", got.cross_entropy_nats),
            ("bits_per_token", got.bits_per_token()),
            ("perplexity", got.perplexity()),
            ("log10_perplexity", got.log10_perplexity),
        ] {
            report.numbers(
                &format!("{name}: {field}"),
                Some(value),
                number(&case[field]),
                TOLERANCE,
            );
        }
        let tokens = case["tokens"].as_array().map(|t| {
            t.iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        });
        report.equal(&format!("{name}: tokens"), got.tokens.clone(), tokens);
        // The chart's record says the same in bits.
        report.equal(
            &format!("{name}: record length"),
            got.record.surprisal_bits.len(),
            got.surprisal_nats.len(),
        );
    }
    report.finish("NumPy token perplexity");
}

#[test]
fn a_fair_coin_per_token_is_one_bit_and_perplexity_two() {
    // ln ½ = −0.693…: H = ln 2 nats = 1 bit per token, PPL = e^{ln 2} = 2.
    let text = format!("[{0}, {0}, {0}]", -std::f64::consts::LN_2);
    let got = token_perplexity(&text, ScoreScale::LogE).unwrap();
    assert_eq!(got.format, ScoreFormat::JsonNumbers);
    assert_eq!(got.bits_per_token(), 1.0);
    assert!((got.perplexity() - 2.0).abs() < 1e-15);
}

#[test]
fn bad_token_scores_are_issues_that_name_the_entry() {
    use TokenScoreIssue as Issue;
    let issue = |text: &str, scale: ScoreScale| token_perplexity(text, scale).unwrap_err();
    let ln = ScoreScale::LogE;
    assert_eq!(issue("", ln), Issue::Empty);
    assert_eq!(issue(" \n\n ", ln), Issue::Empty);
    assert_eq!(issue("[]", ln), Issue::Empty);
    assert_eq!(issue("[null, null]", ln), Issue::Empty);
    assert_eq!(
        issue("-1\n\nabc\n-2", ln),
        Issue::NotANumber {
            entry: 2,
            line: Some(3),
            text: "abc".into()
        }
    );
    assert_eq!(
        issue("[-1, \"x\"]", ln),
        Issue::NotANumber {
            entry: 2,
            line: None,
            text: "\"x\"".into()
        }
    );
    assert!(matches!(
        issue("-1\nNaN", ln),
        Issue::NotFinite { entry: 2, line: Some(2), value } if value.is_nan()
    ));
    assert!(matches!(
        issue("-inf", ln),
        Issue::NotFinite { entry: 1, value, .. } if value == f64::NEG_INFINITY
    ));
    assert_eq!(
        issue("[-0.5, 0.25]", ScoreScale::Log2),
        Issue::PositiveLogProbability {
            entry: 2,
            line: None,
            value: 0.25
        }
    );
    for bad in ["0", "1.5", "-0.2"] {
        assert!(
            matches!(
                issue(&format!("0.5\n{bad}"), ScoreScale::Probability),
                Issue::ProbabilityOutOfRange {
                    entry: 2,
                    line: Some(2),
                    ..
                }
            ),
            "{bad}"
        );
    }
    assert_eq!(
        issue("[-1e308]", ScoreScale::Log10),
        Issue::TooNegative {
            entry: 1,
            line: None,
            value: -1e308
        }
    );
    assert_eq!(
        issue("[-1, -2", ln),
        Issue::InvalidJson { line: 1, column: 7 }
    );
    assert_eq!(issue("{\"scores\": [-1]}", ln), Issue::UnknownShape);
    assert_eq!(
        issue("[[-1]]", ln),
        Issue::NotANumber {
            entry: 1,
            line: None,
            text: "[-1]".into()
        }
    );
    // OpenAI's logprob objects without a logprob.
    assert!(matches!(
        issue("[{\"token\": \"a\"}]", ln),
        Issue::NotANumber { entry: 1, .. }
    ));
    // The limits: too many scores, too many bytes; nothing is truncated.
    let many = "-1\n".repeat(MAX_TOKEN_SCORES + 1);
    assert_eq!(
        issue(&many, ln),
        Issue::TooMany {
            count: MAX_TOKEN_SCORES + 1,
            max: MAX_TOKEN_SCORES
        }
    );
    assert!(token_perplexity(&"-1\n".repeat(MAX_TOKEN_SCORES), ln).is_ok());
    let long = " ".repeat(MAX_TOKEN_SCORES_BYTES + 1);
    assert!(matches!(issue(&long, ln), Issue::TooLong { .. }));
    // A long entry is shown shortened.
    match issue(&"x".repeat(500), ln) {
        Issue::NotANumber { text, .. } => assert_eq!(text.chars().count(), 40),
        other => panic!("{other:?}"),
    }
}

#[test]
fn deeply_nested_or_odd_json_is_refused_without_a_panic() {
    for text in [
        "[".repeat(10_000).as_str(),
        "{\"choices\": []}",
        "{\"choices\": [{\"logprobs\": null}]}",
        "{\"logprobs\": {\"logprobs\": 3}}",
        "\"-1\"",
        "{}",
        "[1e400]",
    ] {
        let _ = token_perplexity(text, ScoreScale::LogE);
    }
}
