//! The attention lab, the self-attention panel and the word2vec lab as snapshot bytes (what the
//! page and its training worker exchange): a copy built from the bytes trains on exactly as the
//! original would have, the page takes back what the copy trained and keeps what it shows, and
//! bytes of another lab or no snapshot at all are refused and change nothing.
#![cfg(not(target_arch = "wasm32"))]

use unroll::engine::attention::{
    AttentionLab, AttentionLabConfig, SelfAttentionLab, SelfAttentionLabConfig,
};
use unroll::engine::word2vec::{ToyCorpus, Word2VecConfig, Word2VecLab};

fn attention_config() -> AttentionLabConfig {
    AttentionLabConfig {
        hidden: 12,
        embedding: 6,
        seed: 3,
        ..AttentionLabConfig::default()
    }
}

#[test]
fn the_attention_lab_trained_in_a_copy_from_its_bytes_matches_the_original() {
    let mut original = AttentionLab::new(attention_config()).unwrap();
    original.train(30).unwrap();
    let bytes = original.training_bytes();
    let mut copy = AttentionLab::from_training_bytes(&bytes).unwrap();
    assert_eq!(copy.training_bytes(), bytes, "the copy is the same lab");
    original.train(120).unwrap();
    copy.train(120).unwrap();
    assert_eq!(copy.training_bytes(), original.training_bytes());
    assert_eq!(copy.step(), 150);
    // Past an evaluation (every 100 steps): the held-out set, rebuilt from the options, agrees.
    assert_eq!(copy.attention.accuracy, original.attention.accuracy);
    assert_eq!(copy.attention.loss, original.attention.loss);

    // The page takes the copy's state back; its own input stays and is decoded again.
    let mut page = AttentionLab::new(attention_config()).unwrap();
    page.set_input("hgfe").unwrap();
    page.restore_training(&copy.training_bytes()).unwrap();
    page.refresh().unwrap();
    assert_eq!(page.input(), "hgfe");
    assert_eq!(page.step(), 150);
    page.train(5).unwrap();
    copy.train(5).unwrap();
    assert_eq!(page.training_bytes(), copy.training_bytes());
}

#[test]
fn the_attention_lab_refuses_bytes_of_other_options_or_no_snapshot() {
    let mut lab = AttentionLab::new(attention_config()).unwrap();
    lab.train(3).unwrap();
    let before = lab.training_bytes();
    let other = AttentionLab::new(AttentionLabConfig {
        seed: 4,
        ..attention_config()
    })
    .unwrap()
    .training_bytes();
    assert!(lab.restore_training(&other).is_err());
    for bad in [&[][..], &[7, 7, 7][..], &before[..before.len() / 2]] {
        let error = lab.restore_training(bad).unwrap_err();
        assert!(error.to_string().contains("not a snapshot"), "{error}");
        assert!(AttentionLab::from_training_bytes(bad).is_err());
    }
    assert_eq!(lab.training_bytes(), before);
}

#[test]
fn the_self_attention_panel_trained_in_a_copy_from_its_bytes_matches_the_original() {
    let config = SelfAttentionLabConfig {
        seed: 2,
        ..SelfAttentionLabConfig::default()
    };
    let mut original = SelfAttentionLab::new(config).unwrap();
    original.train(20).unwrap();
    let mut copy = SelfAttentionLab::from_training_bytes(&original.training_bytes()).unwrap();
    original.train(190).unwrap();
    copy.train(190).unwrap();
    assert_eq!(copy.training_bytes(), original.training_bytes());
    assert_eq!(copy.accuracy().to_bits(), original.accuracy().to_bits());
    assert!(copy.accuracy().is_finite(), "evaluated at step 200");

    let mut page = SelfAttentionLab::new(config).unwrap();
    page.set_input("abc").unwrap();
    page.restore_training(&copy.training_bytes()).unwrap();
    assert_eq!(page.steps(), 210);
    copy.set_input("abc").unwrap();
    assert_eq!(
        page.output(),
        copy.output(),
        "the kept input is decoded by the new model"
    );

    let before = page.training_bytes();
    let other = SelfAttentionLab::new(SelfAttentionLabConfig { heads: 4, ..config })
        .unwrap()
        .training_bytes();
    assert!(page.restore_training(&other).is_err());
    assert!(page.restore_training(&before[..10]).is_err());
    assert_eq!(page.training_bytes(), before);
}

fn word2vec_lab(compare: bool) -> Word2VecLab {
    let corpus = ToyCorpus::generate(60, 4);
    let config = Word2VecConfig {
        dimensions: 8,
        seed: 9,
        ..Word2VecConfig::default()
    };
    Word2VecLab::new(&corpus.sentences, config, compare, None).unwrap()
}

#[test]
fn word2vec_trained_in_a_copy_from_its_session_sends_back_only_its_progress() {
    let mut original = word2vec_lab(true);
    original.train(200).unwrap();
    let session = original.session_bytes();
    let mut copy = Word2VecLab::from_session_bytes(&session).unwrap();
    assert_eq!(copy.runs.len(), 2);
    original.train(700).unwrap();
    copy.train(700).unwrap();
    let progress = copy.progress_bytes();
    assert_eq!(progress, original.progress_bytes());
    // The text (vocabulary, corpus, sampler) is not in the progress.
    let whole = copy.session_bytes().len();
    assert!(
        progress.len() + 2_000 < whole,
        "progress {} bytes, session {whole} bytes",
        progress.len()
    );

    let mut page = word2vec_lab(true);
    page.restore_progress(&progress).unwrap();
    for (a, b) in page.runs.iter().zip(&original.runs) {
        assert_eq!(a.trainer.pairs_done(), 900);
        assert_eq!(a.trainer.model(), b.trainer.model());
        assert_eq!(a.trainer.loss_curve(), b.trainer.loss_curve());
    }
    page.train(50).unwrap();
    original.train(50).unwrap();
    assert_eq!(page.progress_bytes(), original.progress_bytes());
}

#[test]
fn word2vec_refuses_progress_of_other_models_and_changes_nothing() {
    let mut page = word2vec_lab(false);
    page.train(10).unwrap();
    let before = page.progress_bytes();
    let two = word2vec_lab(true).progress_bytes();
    assert!(
        page.restore_progress(&two).is_err(),
        "another number of models"
    );
    let corpus = ToyCorpus::generate(60, 4);
    let wider = Word2VecLab::new(
        &corpus.sentences,
        Word2VecConfig {
            dimensions: 10,
            seed: 9,
            ..Word2VecConfig::default()
        },
        false,
        None,
    )
    .unwrap();
    assert!(page.restore_progress(&wider.progress_bytes()).is_err());
    assert!(page.restore_progress(&before[..before.len() / 3]).is_err());
    assert!(Word2VecLab::from_session_bytes(&[1, 2]).is_err());
    assert_eq!(page.progress_bytes(), before);
}
