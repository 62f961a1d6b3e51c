//! The word2vec lab's session: tied and untied runs see the same pairs and negatives, the
//! shown rows start with the last pair's words and carry exactly the rows that moved, trails
//! grow to their length, and the toy corpus's classes label the picture.
#![cfg(not(target_arch = "wasm32"))]

use unroll::word2vec::{
    EmbeddingChoice, Scores, ToyCorpus, Word2VecConfig, Word2VecLab, PROJECTED_WORDS, SHOWN_ROWS,
    TRAIL_LENGTH,
};

fn toy_lab(compare: bool) -> (Word2VecLab, ToyCorpus) {
    let toy = ToyCorpus::generate(300, 3);
    let classes = toy
        .classes
        .iter()
        .map(|c| {
            (
                c.name.to_string(),
                c.words.iter().map(|w| w.to_string()).collect(),
            )
        })
        .collect();
    let lab = Word2VecLab::new(
        &toy.sentences,
        Word2VecConfig::default(),
        compare,
        Some(classes),
    )
    .unwrap();
    (lab, toy)
}

#[test]
fn tied_and_untied_runs_share_pairs_and_negatives() {
    let (mut lab, _) = toy_lab(true);
    assert_eq!(lab.runs.len(), 2);
    assert_ne!(lab.runs[0].label, lab.runs[1].label);
    for _ in 0..50 {
        lab.step().unwrap();
        let [a, b] = [&lab.runs[0], &lab.runs[1]].map(|r| r.trainer.last().unwrap().clone());
        assert_eq!(
            (a.pair.centre, a.pair.context),
            (b.pair.centre, b.pair.context)
        );
        let negatives = |s: &Scores| match s {
            Scores::NegativeSampling { negatives, .. } => negatives.clone(),
            Scores::Softmax { .. } => Vec::new(),
        };
        assert_eq!(negatives(&a.update.scores), negatives(&b.update.scores));
    }
}

#[test]
fn shown_rows_lead_with_the_pair_and_carry_exactly_the_rows_that_moved() {
    let (mut lab, _) = toy_lab(false);
    lab.train(2_000).unwrap();
    lab.step().unwrap();
    let last = lab.runs[0].trainer.last().unwrap().clone();
    let (rows, delta_w, delta_w_prime) = lab.shown_rows(0);
    assert_eq!(
        rows.len(),
        SHOWN_ROWS.min(lab.runs[0].trainer.vocabulary().len())
    );
    assert_eq!(rows[0], last.update.centre);
    assert_eq!(rows[1], last.update.context);
    let moved = |delta: &ndarray::Array2<f64>, r: usize| delta.row(r).iter().any(|&d| d != 0.0);
    for (k, &id) in rows.iter().enumerate() {
        let in_w = last
            .update
            .changes
            .iter()
            .any(|c| c.row == id && c.matrix == unroll::word2vec::Matrix::Input);
        let in_w_prime = last
            .update
            .changes
            .iter()
            .any(|c| c.row == id && c.matrix == unroll::word2vec::Matrix::Output);
        assert_eq!(moved(&delta_w, k), in_w, "row {id} of W");
        assert_eq!(moved(&delta_w_prime, k), in_w_prime, "row {id} of W′");
    }
    assert!(moved(&delta_w, 0), "the centre's row of W moved");
}

#[test]
fn trails_grow_to_their_length_and_classes_label_the_words() {
    let (mut lab, toy) = toy_lab(false);
    for _ in 0..TRAIL_LENGTH + 5 {
        lab.train(200).unwrap();
        lab.snapshot(EmbeddingChoice::Input).unwrap();
    }
    let run = &lab.runs[0];
    let shown = run.trainer.vocabulary().len().min(PROJECTED_WORDS);
    assert_eq!(run.projection.as_ref().unwrap().points.nrows(), shown);
    assert!(run.trails.iter().all(|t| t.len() == TRAIL_LENGTH));
    let (names, of_word) = lab.classes.as_ref().unwrap();
    for (id, class) in of_word.iter().enumerate() {
        let word = run.trainer.vocabulary().word(id).unwrap();
        assert_eq!(
            class.map(|c| names[c].as_str()),
            toy.class_of(word),
            "{word}"
        );
    }
    lab.clear_trails();
    assert!(lab.runs[0].trails.iter().all(|t| t.is_empty()));
}
