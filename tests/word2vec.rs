//! word2vec engine: gradients against finite differences, subsampling and negative sampling
//! against their formulas, the window's pairs listed exactly, PCA against a known
//! eigen-decomposition and a brute-force search, the toy language's classes recovered (tied
//! and untied), readable errors, and the Embedding Projector format.
#![cfg(not(target_arch = "wasm32"))]

use ndarray::{array, Array2};
use unroll::engine::Rng;
use unroll::word2vec::{
    analogy, keep_probability, metadata_tsv, nearest, pca_2d, subsample, vectors_tsv,
    ContextNegatives, Corpus, EmbeddingChoice, Gradient, Matrix, NegativeSampler, Objective,
    Scores, SkipGram, ToyCorpus, Tying, Vocabulary, Window, WindowShrink, Word2VecConfig,
    Word2VecTrainer, LEARNING_RATE_FLOOR,
};

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

fn random_model(v: usize, d: usize, tying: Tying, seed: u64) -> SkipGram {
    let mut rng = Rng::new(seed);
    let mut m = || Array2::from_shape_fn((v, d), |_| rng.next_f64() - 0.5);
    let w = m();
    let out = (tying == Tying::Untied).then(m);
    SkipGram::from_matrices(w, out).unwrap()
}

/// The gradient as dense `[V, D]` matrices (W, W′), rows summed.
fn dense(gradient: &Gradient, v: usize, d: usize) -> (Array2<f64>, Array2<f64>) {
    let (mut dw, mut dout) = (Array2::zeros((v, d)), Array2::zeros((v, d)));
    for row in &gradient.rows {
        let target = match row.matrix {
            Matrix::Input => &mut dw,
            Matrix::Output => &mut dout,
        };
        target.row_mut(row.row).scaled_add(1.0, &row.gradient);
    }
    (dw, dout)
}

/// Central differences of `loss` over every weight, against the analytic gradient.
fn finite_difference_check(
    name: &str,
    model: &SkipGram,
    loss: impl Fn(&SkipGram) -> f64,
    gradient: &Gradient,
) {
    let (v, d) = (model.vocab_size(), model.dimensions());
    let (dw, dout) = dense(gradient, v, d);
    let h = 1e-6;
    let mut worst = 0.0f64;
    let tied = model.tying() == Tying::Tied;
    let matrices = if tied {
        vec![Matrix::Input]
    } else {
        vec![Matrix::Input, Matrix::Output]
    };
    for matrix in matrices {
        for r in 0..v {
            for c in 0..d {
                let shifted = |delta: f64| {
                    let mut w = model.input().clone();
                    let mut out = model.output().clone();
                    match matrix {
                        Matrix::Input => w[[r, c]] += delta,
                        Matrix::Output => out[[r, c]] += delta,
                    }
                    loss(&SkipGram::from_matrices(w, (!tied).then_some(out)).unwrap())
                };
                let numeric = (shifted(h) - shifted(-h)) / (2.0 * h);
                let analytic = match matrix {
                    Matrix::Input => dw[[r, c]],
                    Matrix::Output => dout[[r, c]],
                };
                worst = worst.max((numeric - analytic).abs());
            }
        }
    }
    assert!(worst < 1e-8, "{name}: largest difference {worst:e}");
}

#[test]
fn sgns_and_softmax_gradients_match_finite_differences() {
    // (name, tying, centre, context, negatives): repeats, a negative equal to the context,
    // and (tied) the centre as a negative and as the context.
    let cases: [(&str, Tying, usize, usize, &[usize]); 6] = [
        ("untied", Tying::Untied, 1, 3, &[0, 4, 2]),
        ("untied repeats", Tying::Untied, 2, 0, &[5, 5, 0, 2]),
        ("tied", Tying::Tied, 1, 3, &[0, 4]),
        ("tied centre as negative", Tying::Tied, 4, 1, &[4, 4, 1]),
        ("tied centre as context", Tying::Tied, 3, 3, &[0, 3]),
        ("untied k = 1", Tying::Untied, 5, 4, &[4]),
    ];
    for (k, (name, tying, i, j, negatives)) in cases.into_iter().enumerate() {
        let model = random_model(6, 4, tying, 10 + k as u64);
        let gradient = model.sgns_gradient(i, j, negatives).unwrap();
        let loss = |m: &SkipGram| m.sgns_gradient(i, j, negatives).unwrap().loss;
        finite_difference_check(name, &model, loss, &gradient);
        // dL/ds: σ(s_0) − 1 for the context, σ(s_k) for each negative.
        let Scores::NegativeSampling { dots, sigmoids, .. } = &gradient.scores else {
            panic!("{name}: scores");
        };
        let by_hand: f64 =
            -(sigmoids[0].ln()) - sigmoids[1..].iter().map(|s| (1.0 - s).ln()).sum::<f64>();
        assert!(
            (by_hand - gradient.loss).abs() < 1e-12,
            "{name}: loss from σ"
        );
        assert_eq!(dots.len(), negatives.len() + 1);
    }
    for (k, tying) in [Tying::Untied, Tying::Tied].into_iter().enumerate() {
        for (i, j) in [(1, 3), (2, 2)] {
            let model = random_model(5, 3, tying, 40 + k as u64);
            let gradient = model.softmax_gradient(i, j).unwrap();
            let loss = |m: &SkipGram| m.softmax_gradient(i, j).unwrap().loss;
            finite_difference_check(
                &format!("softmax {tying:?} {i}→{j}"),
                &model,
                loss,
                &gradient,
            );
        }
    }
}

#[test]
fn a_step_moves_exactly_the_rows_of_the_pair_once_each() {
    let mut model = random_model(6, 3, Tying::Untied, 3);
    let update = model.sgns_update(1, 3, &[3, 5, 5], 0.1).unwrap();
    let rows: Vec<(Matrix, usize)> = update.changes.iter().map(|c| (c.matrix, c.row)).collect();
    assert_eq!(
        rows,
        [(Matrix::Input, 1), (Matrix::Output, 3), (Matrix::Output, 5)]
    );
    for change in &update.changes {
        assert_eq!(model.row(change.matrix, change.row), change.after.view());
        assert!(change.delta().iter().any(|&x| x != 0.0));
    }
    let mut tied = random_model(6, 3, Tying::Tied, 3);
    let update = tied.sgns_update(2, 4, &[2, 0], 0.1).unwrap();
    let rows: Vec<(Matrix, usize)> = update.changes.iter().map(|c| (c.matrix, c.row)).collect();
    assert_eq!(
        rows,
        [(Matrix::Input, 2), (Matrix::Input, 4), (Matrix::Input, 0)]
    );
    // Fresh untied model (W′ = 0): the first step cannot move W (its gradient is Σ g W′ = 0).
    let mut fresh = SkipGram::new(6, 3, Tying::Untied, &mut Rng::new(1));
    let update = fresh.sgns_update(0, 1, &[2, 3], 0.5).unwrap();
    assert!(update.changes[0].delta().iter().all(|&x| x == 0.0));
    assert!((update.loss - 3.0 * std::f64::consts::LN_2).abs() < 1e-15);
    assert!(SkipGram::new(6, 3, Tying::Untied, &mut Rng::new(1))
        .input()
        .iter()
        .all(|x| x.abs() <= 0.5 / 3.0));
}

#[test]
fn subsampling_keeps_each_word_with_the_formula_probability() {
    // keep(f) = (√(f/t) + 1) · t/f, clamped to 1; t = 0 keeps everything.
    let t = 1e-3;
    for (count, total) in [
        (500u64, 10_000u64),
        (50, 10_000),
        (1, 10_000),
        (9_000, 10_000),
    ] {
        let f = count as f64 / total as f64;
        let formula = (((f / t).sqrt() + 1.0) * t / f).min(1.0);
        assert_eq!(keep_probability(count, total, t), formula);
    }
    assert_eq!(keep_probability(9_000, 10_000, 0.0), 1.0);
    assert_eq!(keep_probability(26, 10_000, t), 1.0); // f = 2.6 t: always kept
    assert!(keep_probability(27, 10_000, 1e-3) < 1.0);
    // Empirically: a text where "the" is half of all words.
    let mut tokens = Vec::new();
    for k in 0..20_000 {
        tokens.push(if k % 2 == 0 {
            "the".to_string()
        } else {
            format!("w{}", k % 300)
        });
    }
    let vocabulary = Vocabulary::new(&tokens, 1).unwrap();
    let corpus = Corpus::new(&vocabulary, &tokens);
    let t = 1e-2;
    let mut rng = Rng::new(5);
    let (mut kept_the, mut kept_rare, runs) = (0usize, 0usize, 20);
    for _ in 0..runs {
        let kept = subsample(&corpus, &vocabulary, t, &mut rng);
        kept_the += kept.ids().iter().filter(|&&id| id == 0).count();
        kept_rare += kept.ids().iter().filter(|&&id| id != 0).count();
    }
    let n = (10_000 * runs) as f64;
    let p = keep_probability(10_000, 20_000, t);
    let observed = kept_the as f64 / n;
    let sd = (p * (1.0 - p) / n).sqrt();
    assert!(
        (observed - p).abs() < 5.0 * sd,
        "the: kept {observed}, formula {p}"
    );
    assert_eq!(
        kept_rare,
        10_000 * runs,
        "rare words (f ≈ 0.17 %, below 2.6 t) are all kept"
    );
}

#[test]
fn negative_samples_follow_unigram_to_the_alpha() {
    let counts = [400u64, 200, 120, 90, 50, 30, 20, 10, 5, 3, 2, 1];
    for alpha in [0.75, 0.0, 1.0] {
        let sampler = NegativeSampler::new(&counts, alpha).unwrap();
        let weights: Vec<f64> = counts.iter().map(|&c| (c as f64).powf(alpha)).collect();
        let sum: f64 = weights.iter().sum();
        for (p, w) in sampler.probabilities().iter().zip(&weights) {
            assert!((p - w / sum).abs() < 1e-15);
        }
        let draws = 200_000;
        let mut seen = vec![0usize; counts.len()];
        let mut rng = Rng::new(99);
        for _ in 0..draws {
            seen[sampler.sample(&mut rng)] += 1;
        }
        let chi_square: f64 = seen
            .iter()
            .zip(sampler.probabilities())
            .map(|(&o, p)| {
                let e = p * draws as f64;
                (o as f64 - e).powi(2) / e
            })
            .sum();
        // 11 degrees of freedom: the 99.9 % point is 31.3.
        assert!(
            chi_square < 31.3,
            "α = {alpha}: χ² = {chi_square:.2}, counts {seen:?}"
        );
    }
    assert!(NegativeSampler::new(&counts, 3.0).is_err());
}

#[test]
fn the_window_lists_its_pairs_in_order() {
    let tokens = words("a b c a d");
    let vocabulary = Vocabulary::new(&tokens, 1).unwrap();
    let name = |id: usize| vocabulary.word(id).unwrap().to_string();
    let list = |window: Window| -> Vec<String> {
        window
            .map(|p| format!("{}{}", name(p.centre), name(p.context)))
            .collect()
    };
    let corpus = Corpus::new(&vocabulary, &tokens);
    let mut rng = Rng::new(1);
    let window = Window::new(corpus.clone(), 1, WindowShrink::Fixed, &mut rng);
    assert_eq!(window.pair_count(), 8);
    assert_eq!(
        list(window),
        ["ab", "ba", "bc", "cb", "ca", "ac", "ad", "da"]
    );
    let window = Window::new(corpus.clone(), 2, WindowShrink::Fixed, &mut rng);
    assert_eq!(
        list(window),
        ["ab", "ac", "ba", "bc", "ba", "ca", "cb", "ca", "cd", "ab", "ac", "ad", "dc", "da"]
    );
    // Sentences stop the window; a rare word (min count 2) is left out but keeps its place.
    let sentences = [words("a b x c"), words("a c"), words("b")];
    let vocabulary =
        Vocabulary::from_tokens(sentences.iter().flatten().map(String::as_str), 2).unwrap();
    let corpus = Corpus::from_sentences(&vocabulary, &sentences);
    assert_eq!(corpus.positions(), [0, 1, 3, 4, 5, 6]);
    let mut window = Window::new(corpus, 1, WindowShrink::Fixed, &mut rng);
    let first = window.peek().unwrap();
    assert_eq!(
        (first.centre_position, first.context_position, first.window),
        (0, 1, (0, 1))
    );
    let pairs: Vec<(usize, usize, (usize, usize))> = window
        .by_ref()
        .map(|p| (p.centre_position, p.context_position, p.window))
        .collect();
    assert_eq!(
        pairs,
        [
            (0, 1, (0, 1)),
            (1, 0, (0, 3)),
            (1, 3, (0, 3)),
            (3, 1, (1, 3)),
            (4, 5, (4, 5)),
            (5, 4, (4, 5))
        ]
    );
    assert!(window.next_pair().is_none());
    // The C code's reduced window: each reach in 1..=c, and the count matches the pairs.
    let tokens = words("a b c d e f g h i j a b c d e f");
    let vocabulary = Vocabulary::new(&tokens, 1).unwrap();
    let window = Window::new(
        Corpus::new(&vocabulary, &tokens),
        4,
        WindowShrink::Random,
        &mut rng,
    );
    assert!(window.reach().iter().all(|&r| (1..=4).contains(&r)));
    assert!(window.reach().iter().any(|&r| r < 4));
    let count = window.pair_count();
    assert_eq!(window.count() as u64, count);
}

#[test]
fn vocabulary_orders_by_count_then_alphabet() {
    let vocabulary = Vocabulary::new(&words("b a c b a d b e e"), 2).unwrap();
    assert_eq!(vocabulary.words(), ["b", "a", "e"]);
    assert_eq!(vocabulary.counts(), [3, 2, 2]);
    assert_eq!(
        (vocabulary.dropped_words(), vocabulary.dropped_tokens()),
        (2, 2)
    );
    assert_eq!(vocabulary.id("e"), Some(2));
    assert_eq!(vocabulary.id("c"), None);
}

#[test]
fn pca_recovers_a_known_eigen_decomposition() {
    // Points ±a q1, ±b q2, ±c q3 along orthonormal q: the covariance is
    // (2a² q1q1ᵀ + 2b² q2q2ᵀ + 2c² q3q3ᵀ) / (n − 1), n = 6.
    let s = 1.0 / 3.0;
    let q = array![
        [s, 2.0 * s, 2.0 * s],
        [-2.0 * s, -s, 2.0 * s],
        [2.0 * s, -2.0 * s, s]
    ];
    let (a, b, c) = (3.0, 2.0, 0.5);
    let mut x = Array2::zeros((6, 3));
    for (k, scale) in [a, b, c].into_iter().enumerate() {
        x.row_mut(2 * k).assign(&(&q.row(k) * scale));
        x.row_mut(2 * k + 1).assign(&(&q.row(k) * -scale));
    }
    let x = x + 7.0; // a shift the mean removes
    let projection = pca_2d(x.view()).unwrap();
    assert!((projection.variances[0] - 2.0 * a * a / 5.0).abs() < 1e-12);
    assert!((projection.variances[1] - 2.0 * b * b / 5.0).abs() < 1e-12);
    assert!((projection.total_variance - 2.0 * (a * a + b * b + c * c) / 5.0).abs() < 1e-12);
    // Sign fixed: the largest-magnitude entry is positive (q2 has −2/3 and 2/3: the first
    // decides, so q2 is flipped; q1's first 2/3 is already positive).
    let expected = [q.row(0).to_owned(), -&q.row(1)];
    for (k, expected) in expected.iter().enumerate() {
        let diff = (&projection.components.row(k) - expected)
            .mapv(f64::abs)
            .sum();
        assert!(
            diff < 1e-12,
            "component {k}: {}",
            projection.components.row(k)
        );
    }
    assert!((projection.points[[0, 0]] - a).abs() < 1e-12);
    assert_eq!(projection, pca_2d(x.view()).unwrap(), "deterministic");
    // Brute force in 2-D: the first component maximises the projected variance over angles.
    let mut rng = Rng::new(8);
    let x = Array2::from_shape_fn((40, 2), |(_, c)| {
        (rng.next_f64() - 0.5) * if c == 0 { 1.0 } else { 3.0 }
    });
    let x = &x.column(0).insert_axis(ndarray::Axis(1)) * 0.5 + &x;
    let centred = &x - &x.mean_axis(ndarray::Axis(0)).unwrap();
    let variance = |angle: f64| {
        let u = array![angle.cos(), angle.sin()];
        centred.dot(&u).mapv(|p| p * p).sum() / 39.0
    };
    let (mut low, mut high) = (0.0, std::f64::consts::PI);
    let best = (0..1000)
        .map(|k| low + (high - low) * k as f64 / 1000.0)
        .fold(0.0, |b, t| if variance(t) > variance(b) { t } else { b });
    (low, high) = (best - 0.01, best + 0.01);
    for _ in 0..200 {
        let (m1, m2) = (low + (high - low) / 3.0, high - (high - low) / 3.0);
        if variance(m1) < variance(m2) {
            low = m1
        } else {
            high = m2
        }
    }
    let projection = pca_2d(x.view()).unwrap();
    assert!((projection.variances[0] - variance(low)).abs() < 1e-12);
    let direction = projection.components.row(0);
    assert!((direction[0] * low.sin() - direction[1] * low.cos()).abs() < 1e-7);
}

#[test]
fn neighbours_and_analogies_on_hand_made_vectors() {
    let e = array![[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [-1.0, 0.0], [0.0, 0.0]];
    let near = nearest(e.view(), 0, 4).unwrap();
    assert_eq!(near.iter().map(|n| n.id).collect::<Vec<_>>(), [1, 2, 4, 3]);
    assert_eq!(near[2].cosine, 0.0, "a zero vector has cosine 0");
    // (1,0) − (0,1) + (−1,0) = (0,−1): nearest of the rest is the zero vector, then (0.9, 0.1).
    let best = analogy(e.view(), 0, 2, 3, 2).unwrap();
    assert_eq!(best.iter().map(|n| n.id).collect::<Vec<_>>(), [4, 1]);
    assert!(nearest(e.view(), 9, 1).is_err());
}

#[test]
fn embedding_projector_files() {
    let e = array![[0.5, -1.25], [3.0, 1e-7]];
    assert_eq!(vectors_tsv(e.view()), "0.5\t-1.25\n3\t0.0000001\n");
    assert_eq!(metadata_tsv(&["king", "a\tb"]), "king\na b\n");
    let corpus = ToyCorpus::generate(200, 1);
    let trainer =
        Word2VecTrainer::from_sentences(&corpus.sentences, Word2VecConfig::default()).unwrap();
    let vectors = trainer.vectors_tsv(EmbeddingChoice::Input);
    let metadata = trainer.metadata_tsv();
    let v = trainer.vocabulary().len();
    assert_eq!(vectors.lines().count(), v);
    assert_eq!(
        metadata.lines().collect::<Vec<_>>(),
        trainer.vocabulary().words()
    );
    for line in vectors.lines() {
        let values: Vec<f64> = line.split('\t').map(|x| x.parse().unwrap()).collect();
        assert_eq!(values.len(), 20);
    }
}

/// Trains on the toy language (seed 7) until the planned pairs are done; returns the trainer,
/// the mean loss of the last twentieth, and pairs per second (measured, not asserted).
fn train_toy(config: Word2VecConfig, sentences: usize) -> (Word2VecTrainer, f64, f64) {
    let corpus = ToyCorpus::generate(sentences, 7);
    let mut trainer = Word2VecTrainer::from_sentences(&corpus.sentences, config).unwrap();
    let start = std::time::Instant::now();
    let chunk = trainer.planned_pairs() / 20;
    let mut last = 0.0;
    while !trainer.is_finished() {
        last = trainer.train(chunk).unwrap();
    }
    let rate = trainer.pairs_done() as f64 / start.elapsed().as_secs_f64();
    (trainer, last, rate)
}

#[test]
fn the_toy_language_classes_are_recovered_tied_and_untied() {
    let sentences = 3000;
    let corpus = ToyCorpus::generate(sentences, 7);
    let chance = 6.0 * std::f64::consts::LN_2; // every score 0: 6 terms of ln 2
    let mut results = Vec::new();
    for (tying, objective) in [
        (Tying::Untied, Objective::NegativeSampling),
        (Tying::Tied, Objective::NegativeSampling),
        (Tying::Untied, Objective::FullSoftmax),
    ] {
        let config = Word2VecConfig {
            tying,
            objective,
            epochs: if objective == Objective::FullSoftmax {
                1
            } else {
                5
            },
            ..Word2VecConfig::default()
        };
        let (trainer, loss, rate) = train_toy(config, sentences);
        let mut report = format!(
            "{tying:?} {objective:?}: {} pairs, {rate:.0} pairs/s, loss {:.3} → {loss:.3}",
            trainer.pairs_done(),
            trainer.loss_curve().points()[0].1,
        );
        let mut scores = Vec::new();
        for choice in [
            EmbeddingChoice::Input,
            EmbeddingChoice::Output,
            EmbeddingChoice::Average,
        ] {
            let e = trainer.embeddings(choice);
            let top3 = corpus.neighbour_accuracy(trainer.vocabulary(), e.view(), 3);
            let analogies = corpus.analogy_accuracy(trainer.vocabulary(), e.view());
            report += &format!(
                "; {choice:?}: top-3 {:.1} %, analogies {:.1} %",
                100.0 * top3,
                100.0 * analogies
            );
            scores.push((top3, analogies));
        }
        let king = trainer
            .nearest_words("king", 3, EmbeddingChoice::Input)
            .unwrap();
        let queen = trainer
            .analogy_words(["king", "man", "woman"], 1, EmbeddingChoice::Input)
            .unwrap();
        eprintln!("{report}\n  king: {king:?}\n  king − man + woman: {queen:?}");
        results.push((loss, scores[0], queen[0].0.clone()));
    }
    let (untied, tied, softmax) = (&results[0], &results[1], &results[2]);
    assert!(
        untied.1 .0 >= 0.8,
        "untied top-3 in class {:.3}",
        untied.1 .0
    );
    assert!(untied.1 .1 >= 0.75, "untied analogies {:.3}", untied.1 .1);
    assert_eq!(untied.2, "queen");
    assert!(untied.0 < 0.6 * chance, "untied loss {}", untied.0);
    // Tied learns too, but W Wᵀ is positive semi-definite: a word cannot score low with
    // itself or with its own class while scoring high with its contexts, so it stalls.
    assert!(tied.1 .0 >= 0.6, "tied top-3 in class {:.3}", tied.1 .0);
    assert!(tied.0 < chance && tied.0 > untied.0, "tied loss {}", tied.0);
    assert!(
        softmax.1 .0 >= 0.8,
        "softmax top-3 in class {:.3}",
        softmax.1 .0
    );
}

fn error_text<T: std::fmt::Debug>(result: Result<T, unroll::Error>) -> String {
    result.expect_err("should be refused").to_string()
}

#[test]
fn bad_inputs_give_readable_errors() {
    let config = Word2VecConfig::default();
    let none: [&str; 0] = [];
    assert_eq!(
        error_text(Word2VecTrainer::new(&none, config)),
        "text has no words: type or paste some text (or pick a built-in corpus)"
    );
    assert_eq!(
        error_text(Word2VecTrainer::new(&words("the the the the"), config)),
        "text has only one distinct word, \"the\": word2vec learns by telling words apart, so it \
         needs at least two; use a more varied text"
    );
    let rare = Word2VecConfig {
        min_count: 3,
        ..config
    };
    assert_eq!(
        error_text(Word2VecTrainer::new(&words("a b a c"), rare)),
        "text has no word seen at least 3 times (the minimum count): lower the minimum count or \
         use a longer text"
    );
    assert!(error_text(Word2VecTrainer::new(
        &words("a b a c a d"),
        Word2VecConfig {
            min_count: 2,
            ..config
        }
    ))
    .contains("only one distinct word seen at least 2 times (the minimum count), \"a\""));
    let many: Vec<String> = (0..120_000).map(|k| format!("w{k}")).collect();
    assert_eq!(
        error_text(Word2VecTrainer::new(
            &many,
            Word2VecConfig {
                dimensions: 100,
                ..config
            }
        )),
        "vocabulary of 120 000 words is too large for D = 100: at most 40 000 × 100 = \
         4 000 000 weights per matrix; raise the minimum count, lower D or use a shorter text"
    );
    let softmax = Word2VecConfig {
        objective: Objective::FullSoftmax,
        ..config
    };
    assert_eq!(
        error_text(Word2VecTrainer::new(&many[..2001], softmax)),
        "full softmax needs a vocabulary of at most 2 000 words, got 2 001: use negative \
         sampling or raise the minimum count"
    );
    let huge = Vocabulary::from_tokens(
        std::iter::repeat_n("a", unroll::word2vec::MAX_TOKENS + 1),
        1,
    );
    assert_eq!(
        error_text(huge),
        "text has 2 000 001 words, more than the 2 000 000 this lab trains on: use a shorter text"
    );
    assert!(error_text(Word2VecTrainer::from_sentences(
        &[words("a"), words("b")],
        config
    ))
    .starts_with("text has no (centre, context) pairs"));
    for (bad, expected) in [
        (
            Word2VecConfig {
                dimensions: 0,
                ..config
            },
            "embedding size D must be a whole number from 1 to 300, got 0",
        ),
        (
            Word2VecConfig {
                window: 11,
                ..config
            },
            "window must be a whole number from 1 to 10, got 11",
        ),
        (
            Word2VecConfig {
                negatives: 0,
                ..config
            },
            "negatives k must be a whole number from 1 to 20, got 0",
        ),
        (
            Word2VecConfig {
                learning_rate: 0.0,
                ..config
            },
            "learning rate must be a number from 0.000001 to 1, got 0",
        ),
        (
            Word2VecConfig {
                alpha: f64::NAN,
                ..config
            },
            "α must be a number from 0 to 2, got something that is not a number",
        ),
        (
            Word2VecConfig {
                subsample: -1.0,
                ..config
            },
            "subsampling threshold t must be a number from 0 to 1, got -1",
        ),
    ] {
        assert_eq!(
            error_text(Word2VecTrainer::new(&words("a b c"), bad)),
            expected
        );
    }
    let trainer = Word2VecTrainer::new(&words("a b c a"), config).unwrap();
    assert_eq!(
        error_text(trainer.nearest_words("zebra", 3, EmbeddingChoice::Input)),
        "word \"zebra\" is not in the vocabulary (too rare or not in the text)"
    );
    assert!(SkipGram::new(3, 2, Tying::Untied, &mut Rng::new(1))
        .sgns_gradient(0, 3, &[1])
        .is_err());
}

#[test]
fn the_learning_rate_decays_linearly_to_its_floor() {
    let corpus = ToyCorpus::generate(100, 3);
    let config = Word2VecConfig {
        learning_rate: 0.05,
        epochs: 2,
        ..Word2VecConfig::default()
    };
    let mut trainer = Word2VecTrainer::from_sentences(&corpus.sentences, config).unwrap();
    let planned = trainer.planned_pairs();
    assert_eq!(planned, 2 * trainer.window().pair_count());
    assert_eq!(trainer.learning_rate(), 0.05);
    trainer.train(planned / 4).unwrap();
    let expected = 0.05 * (1.0 - (planned / 4) as f64 / planned as f64);
    assert!((trainer.learning_rate() - expected).abs() < 1e-15);
    trainer.train(planned - planned / 4).unwrap();
    assert!(trainer.is_finished());
    assert_eq!(trainer.epoch(), 2);
    assert_eq!(trainer.learning_rate(), 0.05 * LEARNING_RATE_FLOOR);
    trainer.train(100).unwrap();
    assert_eq!(
        (trainer.learning_rate(), trainer.epoch()),
        (0.05 * LEARNING_RATE_FLOOR, 3)
    );
    let curve = trainer.loss_curve().points();
    assert!(curve.len() < 1000 && curve.windows(2).all(|w| w[0].0 < w[1].0));
    assert_eq!(curve.last().unwrap().0 % trainer.loss_curve().chunk(), 0);
}

#[test]
fn steps_are_recorded_seeded_and_shared_by_tied_and_untied() {
    let corpus = ToyCorpus::generate(50, 4);
    let config = Word2VecConfig {
        subsample: 1e-2,
        shrink: WindowShrink::Random,
        ..Word2VecConfig::default()
    };
    let mut untied = Word2VecTrainer::from_sentences(&corpus.sentences, config).unwrap();
    let mut tied = Word2VecTrainer::from_sentences(
        &corpus.sentences,
        Word2VecConfig {
            tying: Tying::Tied,
            ..config
        },
    )
    .unwrap();
    for _ in 0..300 {
        let next = untied.peek().unwrap();
        let learning_rate = untied.learning_rate();
        let a = untied.step().unwrap().clone();
        let b = tied.step().unwrap();
        assert_eq!((a.pair, a.step), (next, untied.pairs_done()));
        assert_eq!(a.update.learning_rate, learning_rate);
        assert_eq!(
            (a.pair, &a.update.scores_negatives()),
            (b.pair, &b.update.scores_negatives())
        );
        assert_eq!(
            (a.update.changes[0].matrix, a.update.changes[0].row),
            (Matrix::Input, next.centre)
        );
        assert_eq!(untied.last(), Some(&a));
    }
    // Same seed, same run.
    let mut again = Word2VecTrainer::from_sentences(&corpus.sentences, config).unwrap();
    again.train(300).unwrap();
    assert_eq!(again.model(), untied.model());
    // Dropping negatives equal to the context, as the C code does.
    let skip = Word2VecConfig {
        context_negatives: ContextNegatives::Skip,
        ..config
    };
    let mut trainer = Word2VecTrainer::from_sentences(&corpus.sentences, skip).unwrap();
    let mut short = 0;
    for _ in 0..2000 {
        let record = trainer.step().unwrap();
        let negatives = record.update.scores_negatives();
        assert!(!negatives.contains(&record.pair.context));
        short += usize::from(negatives.len() < 5);
    }
    assert!(short > 0, "some pairs lost a negative");
}

trait NegativesOf {
    fn scores_negatives(&self) -> Vec<usize>;
}

impl NegativesOf for unroll::word2vec::Update {
    fn scores_negatives(&self) -> Vec<usize> {
        match &self.scores {
            Scores::NegativeSampling { negatives, .. } => negatives.clone(),
            Scores::Softmax { .. } => Vec::new(),
        }
    }
}

#[test]
fn the_projection_of_a_trained_model_is_stable_and_separates_classes() {
    let (trainer, _, _) = train_toy(
        Word2VecConfig {
            epochs: 2,
            ..Word2VecConfig::default()
        },
        1000,
    );
    let projection = trainer.projection(EmbeddingChoice::Input).unwrap();
    assert_eq!(projection.points.dim(), (trainer.vocabulary().len(), 2));
    assert!(projection.variances[0] >= projection.variances[1]);
    assert!(projection.variances[0] + projection.variances[1] <= projection.total_variance + 1e-12);
    let explained = (projection.variances[0] + projection.variances[1]) / projection.total_variance;
    eprintln!(
        "PCA of the toy embeddings: the first two components explain {:.1} %",
        100.0 * explained
    );
    assert_eq!(
        projection,
        trainer.projection(EmbeddingChoice::Input).unwrap()
    );
}

/// The page's gradient check (float64, ε = 1e-6) of the last pair, negative sampling and the
/// full softmax, tied and untied: every relative error below 1e-6; none before a step.
#[test]
fn the_gradient_check_button_agrees_to_1e_6_in_float64() {
    use unroll::word2vec::{Objective, Tying};
    let corpus = ToyCorpus::generate(200, 1);
    for objective in [Objective::NegativeSampling, Objective::FullSoftmax] {
        for tying in [Tying::Untied, Tying::Tied] {
            let config = Word2VecConfig {
                objective,
                tying,
                ..Word2VecConfig::default()
            };
            let mut trainer = Word2VecTrainer::from_sentences(&corpus.sentences, config).unwrap();
            assert!(trainer.gradient_check(3, 0).is_none(), "no pair yet");
            trainer.train(500).unwrap();
            trainer.step().unwrap();
            let result = trainer.gradient_check(3, 4).unwrap();
            let tensors = if tying == Tying::Tied { 1 } else { 2 };
            assert_eq!(result.tensors.len(), tensors);
            assert_eq!(result.entries.len() + result.unresolved.len(), tensors + 3);
            for entry in &result.entries {
                assert!(
                    entry.relative_error() < 1e-6,
                    "{objective:?} {tying:?}: {entry:?}"
                );
            }
        }
    }
}
