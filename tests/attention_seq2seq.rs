//! The encoder–decoder: gradients of every weight against central finite differences, with
//! each score function and without attention; the one-step decoder against teacher-forced
//! forward; greedy and beam decoding against a hand-rolled argmax and brute-force enumeration;
//! and training on string reversal, where the attention model beats the baseline.
#![cfg(not(target_arch = "wasm32"))]

use unroll::attention::{
    decode, decode_traced, encode, task_alphabet, task_example, BeamStep, DecodeTrace, Decoded,
    Score, Seq2Seq, Seq2SeqConfig, Stop, Task, END, START,
};
use unroll::engine::nn::{Optimizer, OptimizerState};
use unroll::engine::Rng;

const VARIANTS: [Option<Score>; 4] = [
    None,
    Some(Score::Dot),
    Some(Score::General),
    Some(Score::Additive),
];

/// A small model whose weights are spread wider than the initialisation's, so that its
/// attention and output distributions are far from uniform.
fn sharpened(attention: Option<Score>, seed: u64) -> Seq2Seq {
    let mut model = Seq2Seq::new(Seq2SeqConfig {
        vocab: 6,
        embedding: 3,
        hidden: 4,
        attention,
        seed,
    })
    .unwrap();
    let weights: Vec<f32> = model.weights().iter().map(|w| 2.5 * w).collect();
    model.set_weights(&weights);
    model
}

fn check(attention: Option<Score>) {
    let config = Seq2SeqConfig {
        vocab: 6,
        embedding: 3,
        hidden: 4,
        attention,
        seed: 3,
    };
    let mut model = Seq2Seq::new(config).unwrap();
    let (source, target) = ([2, 4, 3, 5], [5, 3, 4, 2, END]);
    let (grad, _) = model.gradient(&source, &target).unwrap();
    let weights = model.weights();
    assert_eq!(grad.len(), weights.len());
    let eps = 1e-2f32;
    let mut worst = (0.0f64, 0usize, 0.0, 0.0);
    for k in 0..weights.len() {
        let mut w = weights.clone();
        w[k] = weights[k] + eps;
        model.set_weights(&w);
        let plus = f64::from(model.forward(&source, &target).unwrap().loss);
        w[k] = weights[k] - eps;
        model.set_weights(&w);
        let minus = f64::from(model.forward(&source, &target).unwrap().loss);
        let numeric = (plus - minus) / (2.0 * f64::from(eps));
        let exact = f64::from(grad[k]);
        let excess = (numeric - exact).abs() - (1e-2 * exact.abs() + 2e-4);
        if excess > worst.0 {
            worst = (excess, k, numeric, exact);
        }
    }
    model.set_weights(&weights);
    assert!(
        worst.0 <= 0.0,
        "{attention:?}: weight {} numeric {} analytic {}",
        worst.1,
        worst.2,
        worst.3
    );
}

#[test]
fn gradients_match_finite_differences_with_and_without_attention() {
    check(None);
    check(Some(Score::Dot));
    check(Some(Score::General));
    check(Some(Score::Additive));
}

/// `steps` Adam steps (learning rate 0.01) on the examples `example` draws; the losses.
fn train(
    model: &mut Seq2Seq,
    steps: usize,
    mut example: impl FnMut() -> (Vec<usize>, Vec<usize>),
) -> Vec<f32> {
    let mut adam = OptimizerState::new(Optimizer::adam(0.01), model.weights().len()).unwrap();
    (0..steps)
        .map(|_| {
            let (source, target) = example();
            let (grad, run) = model.gradient(&source, &target).unwrap();
            let mut weights = model.weights();
            adam.step(&mut weights, &grad);
            model.set_weights(&weights);
            run.loss
        })
        .collect()
}

#[test]
fn reversal_is_learned_better_with_attention() {
    let mut results = Vec::new();
    for attention in [None, Some(Score::General)] {
        let config = Seq2SeqConfig {
            vocab: 8,
            embedding: 8,
            hidden: 24,
            attention,
            seed: 1,
        };
        let mut model = Seq2Seq::new(config).unwrap();
        let mut rng = Rng::new(2);
        let losses = train(&mut model, 1_500, || {
            let length = 4 + rng.below(4);
            let source: Vec<usize> = (0..length).map(|_| 2 + rng.below(6)).collect();
            let mut target: Vec<usize> = source.iter().rev().copied().collect();
            target.push(END);
            (source, target)
        });
        let recent = losses[1_400..].iter().sum::<f32>() / 100.0;
        results.push(recent);
    }
    assert!(
        results[1] < 0.7 * results[0],
        "attention {} vs baseline {}",
        results[1],
        results[0]
    );
}

#[test]
fn a_trained_model_reverses_and_its_attention_runs_along_the_anti_diagonal() {
    let alphabet = task_alphabet(Task::Reverse);
    let config = Seq2SeqConfig {
        vocab: alphabet.len() + 2,
        embedding: 8,
        hidden: 32,
        attention: Some(Score::General),
        seed: 4,
    };
    let mut model = Seq2Seq::new(config).unwrap();
    let mut rng = Rng::new(6);
    train(&mut model, 3_000, || {
        let (input, output) = task_example(Task::Reverse, &mut rng);
        let source = encode(&alphabet, &input).unwrap();
        let target: Vec<usize> = encode(&alphabet, &output)
            .unwrap()
            .into_iter()
            .chain([END])
            .collect();
        (source, target)
    });
    let (mut correct, mut aligned, mut steps) = (0, 0, 0);
    for _ in 0..30 {
        let (input, output) = task_example(Task::Reverse, &mut rng);
        let source = encode(&alphabet, &input).unwrap();
        let best = &decode(&model, &source, 1, 12).unwrap()[0];
        if best.symbols == encode(&alphabet, &output).unwrap() {
            correct += 1;
        }
        for (i, step) in best.attention.iter().enumerate().take(source.len()) {
            let argmax = (0..step.weights.len())
                .max_by(|&a, &b| step.weights[a].total_cmp(&step.weights[b]))
                .unwrap();
            aligned += usize::from(argmax == source.len() - 1 - i);
            steps += 1;
        }
    }
    assert!(correct >= 20, "reversed {correct} of 30");
    assert!(
        aligned * 10 >= steps * 7,
        "{aligned} of {steps} output steps look at the mirrored input position"
    );
    let trace = decode_traced(&model, &encode(&alphabet, "abcdef").unwrap(), 3, 12).unwrap();
    let beams = &trace.results;
    assert!(beams.len() <= 3 && beams.windows(2).all(|w| w[0].log_prob >= w[1].log_prob));
    let rebuilt = results_from_candidates(&trace, 3);
    let listed: Vec<(Vec<usize>, f64)> = beams
        .iter()
        .map(|d| (d.symbols.clone(), d.log_prob))
        .collect();
    assert_eq!(rebuilt, listed);
}

fn largest_difference<'a>(
    ours: impl IntoIterator<Item = &'a f64>,
    theirs: impl IntoIterator<Item = &'a f64>,
) -> f64 {
    ours.into_iter()
        .zip(theirs)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max)
}

#[test]
fn decoder_steps_fed_the_target_reproduce_teacher_forced_forward() {
    let (source, target) = ([2, 4, 3, 5, 4], [5, 3, 4, 2, 2, END]);
    for attention in VARIANTS {
        let model = sharpened(attention, 7);
        let run = model.forward(&source, &target).unwrap();
        let encoded = model.encode(&source).unwrap();
        let mut state = model.initial_state(&encoded);
        let mut worst = 0.0f64;
        for (t, &y) in target.iter().enumerate() {
            let previous = if t == 0 { START } else { target[t - 1] };
            let step = model.decoder_step(&encoded, &state, previous);
            assert_eq!(step.previous, previous);
            let probs = step.probs.mapv(f64::from);
            worst = worst.max(largest_difference(
                &probs,
                &run.probs.row(t).mapv(f64::from),
            ));
            let h = step.state.h.mapv(f64::from);
            worst = worst.max(largest_difference(
                &h,
                &run.dec.h.row(t + 1).mapv(f64::from),
            ));
            match (&step.attention, run.attention.get(t)) {
                (Some(ours), Some(theirs)) => {
                    worst = worst.max(largest_difference(&ours.scores, &theirs.scores));
                    worst = worst.max(largest_difference(&ours.weights, &theirs.weights));
                    worst = worst.max(largest_difference(&ours.context, &theirs.context));
                    worst = worst.max(largest_difference(&step.query, run.queries.row(t)));
                }
                (None, None) => assert!(step.query.is_empty() && run.queries.nrows() == 0),
                _ => panic!("{attention:?}: attention at step {t} in only one of the two runs"),
            }
            assert!(f64::from(step.probs[y]) > 0.0);
            state = step.state;
        }
        assert!(worst <= 1e-6, "{attention:?}: largest difference {worst:e}");
    }
}

#[test]
fn luong_asks_with_the_new_state_and_bahdanau_with_the_previous_one_and_feeds_the_context() {
    let (source, target) = ([2, 4, 3], [5, 3, END]);
    for attention in VARIANTS {
        let model = sharpened(attention, 8);
        let run = model.forward(&source, &target).unwrap();
        let (e, h) = (3, 4);
        if attention.is_none() {
            assert_eq!(run.queries.dim(), (0, h));
            assert_eq!(run.dec_x.ncols(), e);
            continue;
        }
        let bahdanau = attention == Some(Score::Additive);
        assert_eq!(run.dec_x.ncols(), if bahdanau { e + h } else { e });
        for t in 0..target.len() {
            // Row t of dec.h is s_{t−1} (row 0: the encoder's final state), row t + 1 is s_t.
            let asked = run
                .dec
                .h
                .row(if bahdanau { t } else { t + 1 })
                .mapv(f64::from);
            assert!(largest_difference(run.queries.row(t), &asked) == 0.0);
            if bahdanau {
                let fed = run.dec_x.slice(ndarray::s![t, e..]).mapv(f64::from);
                assert!(largest_difference(&fed, &run.attention[t].context) < 1e-6);
            }
        }
        let last = run.enc.h.nrows() - 1;
        assert_eq!(run.dec.h.row(0), run.enc.h.row(last));
    }
}

/// Greedy decoding written out: the most probable symbol other than START at every step.
fn greedy(model: &Seq2Seq, source: &[usize], max_len: usize) -> (Vec<usize>, f64) {
    let encoded = model.encode(source).unwrap();
    let (mut state, mut previous) = (model.initial_state(&encoded), START);
    let (mut symbols, mut log_prob) = (Vec::new(), 0.0);
    for _ in 0..max_len {
        let step = model.decoder_step(&encoded, &state, previous);
        let best = (0..step.probs.len())
            .filter(|&k| k != START)
            .max_by(|&a, &b| step.probs[a].total_cmp(&step.probs[b]))
            .unwrap();
        log_prob += f64::from(step.probs[best]).ln();
        if best == END {
            break;
        }
        symbols.push(best);
        (state, previous) = (step.state, best);
    }
    (symbols, log_prob)
}

/// The results the candidates of `steps` describe: follows every kept candidate to its parent,
/// an index into the previous step's candidates that must name a kept, unfinished one.
/// Live prefixes at the end are results too unless the search stopped on the bound.
fn results_from_candidates(trace: &DecodeTrace, beam_width: usize) -> Vec<(Vec<usize>, f64)> {
    let steps: &[BeamStep] = &trace.steps;
    // Indexed like the previous step's candidates: `None` for one that is not a live prefix.
    let mut live: Vec<Option<(Vec<usize>, f64)>> = vec![Some((Vec::new(), 0.0))];
    let mut results = Vec::new();
    for (k, step) in steps.iter().enumerate() {
        let candidates = &step.candidates;
        assert!(
            candidates.len() <= 2 * beam_width,
            "step {k}: too many candidates"
        );
        assert!(candidates
            .windows(2)
            .all(|w| w[0].log_prob >= w[1].log_prob));
        let mut next = Vec::new();
        for (i, candidate) in candidates.iter().enumerate() {
            assert_eq!(candidate.kept, i < beam_width, "step {k}: kept flags");
            assert_eq!(candidate.finished, candidate.symbol == END);
            assert_ne!(candidate.symbol, START);
            let Some(Some((prefix, _))) = live.get(candidate.parent) else {
                panic!("step {k}: parent {} is not a live prefix", candidate.parent);
            };
            let mut symbols = prefix.clone();
            if !candidate.kept {
                continue;
            }
            if candidate.finished {
                results.push((symbols, candidate.log_prob));
                next.push(None);
            } else {
                symbols.push(candidate.symbol);
                next.push(Some((symbols, candidate.log_prob)));
            }
        }
        live = next;
    }
    if !matches!(trace.stop, Stop::Bound { .. }) {
        results.extend(live.into_iter().flatten());
    }
    results.sort_by(|a, b| b.1.total_cmp(&a.1));
    results.truncate(beam_width);
    results
}

fn check_decoded(model: &Seq2Seq, decoded: &Decoded) {
    let ended = decoded.steps.len() == decoded.symbols.len() + 1;
    assert!(ended || decoded.steps.len() == decoded.symbols.len());
    let attention = model.config().attention.is_some();
    assert_eq!(
        decoded.attention.len(),
        if attention { decoded.symbols.len() } else { 0 }
    );
    let mut log_prob = 0.0;
    for (i, step) in decoded.steps.iter().enumerate() {
        let emitted = decoded.symbols.get(i).copied().unwrap_or(END);
        let previous = if i == 0 {
            START
        } else {
            decoded.symbols[i - 1]
        };
        assert_eq!(step.previous, previous);
        log_prob += f64::from(step.probs[emitted]).ln();
    }
    assert!((log_prob - decoded.log_prob).abs() < 1e-9);
}

#[test]
fn beam_search_of_width_one_is_greedy_and_wider_beams_do_no_worse_here() {
    let source = [2, 5, 3, 4];
    let mut finished_ahead = 0;
    for attention in VARIANTS {
        for seed in 0..4 {
            let model = sharpened(attention, seed);
            let (symbols, log_prob) = greedy(&model, &source, 8);
            let trace = decode_traced(&model, &source, 1, 8).unwrap();
            assert_eq!(trace.results.len(), 1);
            assert_eq!(trace.results[0].symbols, symbols);
            assert!((trace.results[0].log_prob - log_prob).abs() < 1e-12);
            check_decoded(&model, &trace.results[0]);
            // Beam search can in general prune the prefix greedy would follow and end lower;
            // on these seeded models it does not.
            let wide = decode_traced(&model, &source, 4, 8).unwrap();
            assert!(wide.results[0].log_prob >= log_prob - 1e-12);
            // A finished candidate kept ahead of live ones shifts the parents' indices.
            finished_ahead += wide
                .steps
                .iter()
                .filter(|step| {
                    let kept = step.candidates.iter().take_while(|c| c.kept);
                    let mut seen_finished = false;
                    kept.into_iter().any(|c| {
                        seen_finished |= c.finished;
                        seen_finished && !c.finished
                    })
                })
                .count();
            for (width, trace) in [(1, &trace), (4, &wide)] {
                let rebuilt = results_from_candidates(trace, width);
                assert_eq!(rebuilt.len(), trace.results.len());
                for (ours, theirs) in rebuilt.iter().zip(&trace.results) {
                    assert_eq!(ours.0, theirs.symbols, "{attention:?} seed {seed}");
                    assert_eq!(ours.1, theirs.log_prob);
                    check_decoded(&model, theirs);
                }
            }
            assert_eq!(
                decode(&model, &source, 4, 8).unwrap(),
                wide.results,
                "decode is decode_traced's results"
            );
        }
    }
    assert!(
        finished_ahead > 0,
        "no step kept a finished candidate ahead of a live one"
    );
}

/// `ln p` of `symbols` followed by END (`finished`) or not, from teacher-forced forward.
fn sequence_log_prob(model: &Seq2Seq, source: &[usize], symbols: &[usize], finished: bool) -> f64 {
    let mut target = symbols.to_vec();
    target.push(END);
    let run = model.forward(source, &target).unwrap();
    let counted = if finished {
        target.len()
    } else {
        symbols.len()
    };
    (0..counted)
        .map(|t| f64::from(run.probs[[t, target[t]]]).ln())
        .sum()
}

#[test]
fn a_beam_too_wide_to_prune_finds_the_most_probable_output_by_enumeration() {
    let (source, max_len) = ([3, 2, 5], 3);
    for attention in VARIANTS {
        let model = sharpened(attention, 11);
        // Every output of up to 3 symbols from {2..5} (START never, END only last): unfinished
        // outputs are those cut at 3 symbols.
        let mut best = f64::NEG_INFINITY;
        let mut prefixes: Vec<Vec<usize>> = vec![Vec::new()];
        for length in 0..=max_len {
            for prefix in &prefixes {
                if length < max_len {
                    best = best.max(sequence_log_prob(&model, &source, prefix, true));
                } else {
                    best = best.max(sequence_log_prob(&model, &source, prefix, false));
                }
            }
            prefixes = prefixes
                .iter()
                .flat_map(|p| (2..6).map(move |k| [p.clone(), vec![k]].concat()))
                .collect();
        }
        // Step k has at most 4^(k−1) live prefixes with 5 extensions each (5, 20, 80
        // candidates): a width of 80 never prunes.
        let results = decode(&model, &source, 80, max_len).unwrap();
        assert!(
            (results[0].log_prob - best).abs() < 1e-5,
            "{attention:?}: beam {} vs enumeration {best}",
            results[0].log_prob
        );
    }
}

/// The same beam search as the product's (the `beam_width` best extensions kept, finished ones
/// taking their slots) without the stopping bound: runs until no prefix is live or `max_len`.
/// Returns the best output's symbols and `ln p`, and the number of steps taken.
fn beam_to_the_end(
    model: &Seq2Seq,
    source: &[usize],
    beam_width: usize,
    max_len: usize,
) -> ((Vec<usize>, f64), usize) {
    let encoded = model.encode(source).unwrap();
    // (symbols, ln p, decoder state, previous symbol)
    let mut live = vec![(Vec::new(), 0.0f64, model.initial_state(&encoded), START)];
    let mut results: Vec<(Vec<usize>, f64)> = Vec::new();
    let mut steps = 0;
    while !live.is_empty() && steps < max_len {
        steps += 1;
        let mut candidates = Vec::new();
        for (symbols, log_prob, state, previous) in &live {
            let step = model.decoder_step(&encoded, state, *previous);
            for k in (0..step.probs.len()).filter(|&k| k != START && step.probs[k] > 0.0) {
                let p = log_prob + f64::from(step.probs[k]).ln();
                candidates.push((symbols.clone(), p, step.state.clone(), k));
            }
        }
        candidates.sort_by(|a, b| b.1.total_cmp(&a.1));
        candidates.truncate(beam_width);
        live = Vec::new();
        for (mut symbols, p, state, k) in candidates {
            if k == END {
                results.push((symbols, p));
            } else {
                symbols.push(k);
                live.push((symbols, p, state, k));
            }
        }
    }
    results.extend(live.into_iter().map(|(s, p, _, _)| (s, p)));
    results.sort_by(|a, b| b.1.total_cmp(&a.1));
    (results.swap_remove(0), steps)
}

#[test]
fn beam_search_stops_when_no_live_prefix_can_beat_the_best_finished_one() {
    let mut stopped_early = 0;
    for attention in VARIANTS {
        for seed in 0..6 {
            let model = sharpened(attention, seed);
            for source in [[2, 5, 3, 4].as_slice(), &[4, 4, 2], &[3, 2, 5, 5, 4, 2]] {
                for width in [2, 3, 4] {
                    let trace = decode_traced(&model, source, width, 20).unwrap();
                    let (best, steps) = beam_to_the_end(&model, source, width, 20);
                    let ours = &trace.results[0];
                    assert_eq!(
                        ours.symbols, best.0,
                        "{attention:?} seed {seed} width {width}"
                    );
                    assert!((ours.log_prob - best.1).abs() < 1e-12);
                    assert!(trace.steps.len() <= steps);
                    match trace.stop {
                        Stop::Bound {
                            best_finished,
                            best_live,
                        } => {
                            assert!(best_live <= best_finished);
                            assert_eq!(best_finished, ours.log_prob);
                            // The bound held only at the last step: before it some live
                            // prefix was still ahead of every finished output.
                            stopped_early += usize::from(trace.steps.len() < steps);
                        }
                        Stop::Exhausted => assert_eq!(trace.steps.len(), steps),
                        Stop::MaxLen => assert_eq!(trace.steps.len(), 20),
                    }
                }
            }
        }
    }
    assert!(stopped_early > 0, "the bound never ended a search early");
}

/// The page's gradient check (float32, each tensor's largest entry and three random ones) on
/// every score function and the baseline: the spans cover every weight, each relative error is
/// below 1e-3.
#[test]
fn the_gradient_check_button_agrees_to_1e_3_in_float32() {
    let (source, target) = ([2, 4, 3, 5, 4], [5, 3, 4, 2, 2, END]);
    for attention in VARIANTS {
        for seed in 0..3 {
            let model = Seq2Seq::new(Seq2SeqConfig {
                vocab: 6,
                embedding: 4,
                hidden: 8,
                attention,
                seed,
            })
            .unwrap();
            let result = model.gradient_check(&source, &target, 3, seed).unwrap();
            assert_eq!(
                result.tensors.last().unwrap().range.end,
                model.weights().len()
            );
            assert_eq!(
                result.entries.len() + result.unresolved.len(),
                result.tensors.len() + 3
            );
            for entry in &result.entries {
                assert!(
                    entry.relative_error() < 1e-3,
                    "{attention:?} seed {seed}: {}[{:?}] analytic {} numeric {}",
                    result.tensors[entry.tensor].name,
                    entry.at,
                    entry.analytic,
                    entry.numeric
                );
            }
        }
    }
}
