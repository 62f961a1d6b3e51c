//! The JavaScript API, run in headless Chromium by wasm-bindgen-test: handles construct,
//! compute, and raise a JS `Error` with a readable message on bad input.
#![cfg(target_arch = "wasm32")]

use js_sys::Array;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use unroll::web::{
    corpus_bleu, ctc_collapse, lab_task_text, preprocess_text, sentence_bleu, synthetic_text,
    toy_corpus_text, AttentionLabHandle, AttentionLabOptions, AttentionScore, AttentionTask,
    BleuOptions, CharLmTrainer, CtcLattice, RnnCells, RnnLab, RnnLabOptions, RnnState, RnnTask,
    SelfAttentionLab, SelfAttentionOptions, StageName, StemmerKind, TextOptions, TokenizerKind,
    Word2VecLabHandle, Word2VecOptions,
};

wasm_bindgen_test_configure!(run_in_browser);

fn message(error: wasm_bindgen::JsError) -> String {
    let value: JsValue = error.into();
    js_sys::Error::from(value).message().into()
}

// A string enum's `__Invalid` is what an unknown string from JavaScript arrives as (the
// generated glue maps any other string to it): the failure path a bad choice now takes.

#[wasm_bindgen_test]
fn sentence_bleu_of_identical_text_is_100() {
    let options = BleuOptions::new();
    let score = sentence_bleu(
        "The cat is on the mat.",
        vec!["The cat is on the mat.".into()],
        &options,
    )
    .unwrap();
    assert!((score.score() - 100.0).abs() < 1e-9);
    assert_eq!(score.counts(), vec![7.0, 6.0, 5.0, 4.0]);
    assert_eq!(
        score.signature(),
        "nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0"
    );
    assert_eq!(score.matched_orders(0).unwrap(), vec![4; 7]);
}

#[wasm_bindgen_test]
fn unknown_tokenizer_is_a_js_error_naming_the_choices() {
    let mut options = BleuOptions::new();
    options.set_tokenize("moses".into());
    let error = sentence_bleu("a", vec!["a".into()], &options)
        .err()
        .unwrap();
    assert_eq!(
        message(error),
        "tokenizer must be one of 13a, none, char, intl; got \"moses\""
    );
}

#[wasm_bindgen_test]
fn corpus_bleu_checks_the_shape_of_its_streams() {
    let options = BleuOptions::new();
    let streams = Array::of1(&Array::of1(&"a b c".into()));
    let score = corpus_bleu(vec!["a b c".into()], streams, &options).unwrap();
    assert_eq!(score.segment_count(), 1);
    let not_arrays = Array::of1(&JsValue::from_f64(3.0));
    let error = corpus_bleu(vec!["a".into()], not_arrays, &options)
        .err()
        .unwrap();
    assert_eq!(message(error), "refs[0] must be an array of strings");
    let short = Array::of1(&Array::new());
    let error = corpus_bleu(vec!["a".into()], short, &options)
        .err()
        .unwrap();
    assert_eq!(
        message(error),
        "reference stream 1 has 0 lines but there are 1 hypotheses"
    );
}

#[wasm_bindgen_test]
fn asking_for_a_missing_segment_is_an_error_not_a_panic() {
    let score = sentence_bleu("a", vec!["a".into()], &BleuOptions::new()).unwrap();
    assert!(score.ngram_table(3).is_err());
}

#[wasm_bindgen_test]
fn a_trainer_trains_in_the_browser_and_refuses_bad_settings() {
    let text = "hello world. hello there. hello world.";
    let mut trainer = CharLmTrainer::new("lstm", text, 8, 16, 10, "adam", 0.02, 1.0, 3).unwrap();
    let first = trainer.train(1).unwrap();
    let later = trainer.train(200).unwrap();
    assert!(later < first, "loss {first} -> {later}");
    assert_eq!(trainer.steps(), 201.0);
    assert_eq!(
        trainer.sample("he", 12, 0.7, 1).unwrap().chars().count(),
        12
    );
    assert!(trainer
        .to_json()
        .unwrap()
        .starts_with("{\"kind\": \"lstm\""));
    let error = CharLmTrainer::new("transformer", text, 8, 16, 10, "adam", 0.02, 1.0, 3)
        .err()
        .unwrap();
    assert_eq!(
        message(error),
        "kind must be \"rnn\", \"lstm\" or \"gru\", got \"transformer\""
    );
    let error = CharLmTrainer::new("rnn", text, 8, 0, 10, "adam", 0.02, 1.0, 3)
        .err()
        .unwrap();
    assert_eq!(
        message(error),
        "hidden size must be between 1 and 1024, got 0"
    );
    assert_eq!(synthetic_text(64, 100, 2).unwrap().chars().count(), 100);
}

#[wasm_bindgen_test]
fn the_lab_handle_steps_both_passes_and_refuses_bad_settings() {
    let text = lab_task_text(RnnTask::Environments, 10.0, 1.0).unwrap();
    let mut options = RnnLabOptions::new();
    options.hidden_size = 8.0;
    options.seq_len = 3.0;
    let mut lab = RnnLab::new(&text, &options).unwrap();
    assert_eq!(lab.model_count(), 2);
    let stages: Vec<StageName> = (0..8).map(|_| lab.step_stage().unwrap()).collect();
    use StageName::{Backward, Forward, Loss, Update};
    assert_eq!(
        stages,
        [Forward, Forward, Forward, Loss, Backward, Backward, Backward, Update]
    );
    assert_eq!(lab.steps(), 1.0);
    lab.train(20).unwrap();
    assert_eq!(lab.steps(), 21.0);
    assert!(lab.formula(1).unwrap().starts_with("update"));
    assert_eq!(lab.last_loss_norms(0).unwrap().len(), 3);
    let error = lab.state_value(0, RnnState::C, 0, 0).err().unwrap();
    assert_eq!(message(error), "the RNN has no cell state or gates");
    assert_eq!(RnnCells::from_js_value(&"gru".into()), Some(RnnCells::Gru));
    assert_eq!(RnnCells::from_js_value(&"transformer".into()), None);
    options.cells = RnnCells::__Invalid;
    let error = RnnLab::new(&text, &options).err().unwrap();
    assert_eq!(
        message(error),
        "cells must be one of rnn, lstm, gru, both, all"
    );
    let error = RnnLab::from_model_json("{", &text, &RnnLabOptions::new())
        .err()
        .unwrap();
    assert!(message(error).starts_with("the model file is not valid JSON"));
}

#[wasm_bindgen_test]
fn ctc_collapses_and_scores_the_classic_disagreement() {
    assert_eq!(ctc_collapse(vec![0, 1, 1, 0, 1, 2, 2], 0), vec![1, 1, 2]);
    // p(blank) = 0.6, p(a) = 0.4 at two frames: best path "", but P("a") = 0.64.
    let lattice = CtcLattice::new(vec![0.6, 0.4, 0.6, 0.4], 2, 2, vec![1], 0, false).unwrap();
    assert!((lattice.probability() - 0.64).abs() < 1e-12);
    assert_eq!(lattice.greedy().unwrap(), vec![0, 0, -1]);
    assert_eq!(lattice.beam(4).unwrap(), vec![1]);
    let infeasible = CtcLattice::new(vec![0.5, 0.5], 1, 2, vec![1, 1], 0, false).unwrap();
    assert_eq!(infeasible.loss(), f64::INFINITY);
    assert!(infeasible
        .infeasible()
        .unwrap()
        .contains("needs at least 3"));
    let error = CtcLattice::new(vec![0.5, 0.5], 1, 2, vec![3], 0, false)
        .err()
        .unwrap();
    assert_eq!(
        message(error),
        "target position 1 is symbol 3, outside the alphabet of 2"
    );
}

#[wasm_bindgen_test]
fn the_attention_lab_trains_steps_decoding_and_refuses_bad_input() {
    let refused = |options: &AttentionLabOptions| {
        message(
            AttentionLabHandle::new(options)
                .err()
                .expect("the options are refused"),
        )
    };
    let options = AttentionLabOptions::new();
    assert_eq!(AttentionTask::from_js_value(&"poems".into()), None);
    let poems = AttentionLabOptions {
        task: AttentionTask::__Invalid,
        ..options
    };
    assert!(refused(&poems).contains("task must be one of reverse, sort, dates"));
    assert_eq!(AttentionScore::from_js_value(&"cosine".into()), None);
    let cosine = AttentionLabOptions {
        score: AttentionScore::__Invalid,
        ..options
    };
    assert!(refused(&cosine).contains("score must be one of additive, dot, general"));
    let mut lab = AttentionLabHandle::new(&options).unwrap();
    lab.train(20).unwrap();
    assert_eq!(lab.steps(), 20.0);
    lab.set_input("abcd").unwrap();
    assert_eq!(lab.expected().as_deref(), Some("dcba"));
    lab.step_decode();
    assert_eq!(lab.cursor(), Some(1));
    assert!(lab.step_text(0).starts_with("Step 1: fed '<s>'"));
    assert!(message(lab.set_input("abcx").unwrap_err()).contains("\"x\""));
    assert_eq!(lab.input(), "abcd");
    let numbers = |hidden: f64, beam_width: f64| AttentionLabOptions {
        hidden,
        learning_rate: 0.005,
        min_len: 3.0,
        max_len: 8.0,
        beam_width,
        seed: 1.0,
        ..options
    };
    assert!(refused(&numbers(0.0, 3.0))
        .contains("hidden size H must be a whole number from 1 to 128, got 0"));
    // A number that would wrap to 32 as a 32-bit integer is refused, not changed.
    assert!(refused(&numbers(4294967328.0, 3.0)).contains("got 4294967328"));
    assert!(refused(&numbers(32.0, 2.5))
        .contains("beam width must be a whole number from 1 to 8, got 2.5"));
}

#[wasm_bindgen_test]
fn the_self_attention_lab_trains_and_refuses_bad_input() {
    let options = SelfAttentionOptions {
        task: AttentionTask::Reverse,
        heads: 2.0,
        causal: true,
        min_len: 3.0,
        max_len: 8.0,
        seed: 1.0,
    };
    let mut lab = SelfAttentionLab::new(&options).unwrap();
    let loss = lab.train(5).unwrap();
    assert!(loss.is_finite());
    assert_eq!(lab.steps(), 5.0);
    assert!(message(lab.set_input("").unwrap_err()).contains("empty"));
    assert!(message(lab.set_input(&"a".repeat(30)).unwrap_err()).contains("at most 8"));
    let three_heads = SelfAttentionOptions {
        heads: 3.0,
        ..options
    };
    let error = SelfAttentionLab::new(&three_heads)
        .err()
        .expect("3 heads do not divide 32");
    assert!(message(error).contains("heads"));
}

#[wasm_bindgen_test]
fn the_text_pipeline_previews_stages_and_refuses_a_bad_pattern() {
    let mut options = TextOptions::new();
    options.stemmer = StemmerKind::Porter;
    let preview = preprocess_text("<b>Running</b> dogs at https://x.org", &options).unwrap();
    assert_eq!(preview.stages().len(), 5);
    assert_eq!(preview.tokens(), vec!["run", "dog", "at", "<url>"]);
    options.tokenizer = TokenizerKind::Regex;
    options.pattern = "(".into();
    assert!(preprocess_text("a b", &options).is_err());
    options.pattern = TextOptions::default_pattern();
    assert_eq!(StemmerKind::from_js_value(&"lancaster".into()), None);
    options.stemmer = StemmerKind::__Invalid;
    let error = preprocess_text("a b", &options)
        .err()
        .expect("an unknown stemmer is refused");
    assert!(message(error).contains("stemmer must be one of none, porter, snowball, lemma"));
}

#[wasm_bindgen_test]
fn the_word2vec_lab_steps_trains_and_refuses_a_one_word_text() {
    let text = toy_corpus_text(200, 1.0).unwrap();
    let mut options = Word2VecOptions::new();
    options.compare = true;
    let mut lab = Word2VecLabHandle::new(&text, &TextOptions::new(), &options, Some(1.0)).unwrap();
    lab.step().unwrap();
    assert!(lab.pair_text().starts_with("pair 1: centre '"));
    let loss = lab.train(1000).unwrap();
    assert!(loss.is_finite());
    assert_eq!(lab.summary().pairs_done, 1001.0);
    assert_eq!(lab.labels().len(), 2);
    assert!(lab.neighbours(0, "dog").unwrap().len() >= 5);
    assert!(lab.neighbours(0, "zebra").is_err());
    assert_eq!(
        lab.metadata_tsv().lines().count(),
        lab.summary().vocabulary as usize
    );
    options.compare = false;
    let error = Word2VecLabHandle::new("dog dog dog", &TextOptions::new(), &options, None)
        .err()
        .expect("one word is refused");
    assert!(message(error).contains("one distinct word"));
}

// The page's canvas backend (BatchedCanvas: rectangles batched into one image, context state
// cached) against plotters-canvas drawing the same charts: every pixel must be the same.

mod backends {
    use plotters::prelude::*;
    use plotters_canvas::CanvasBackend;
    use unroll::ctc::CtcSession;
    use unroll::render::{
        draw_ctc_emissions, draw_ctc_gradient, draw_ctc_lattice, draw_heatmap,
        draw_rnn_gradient_norms, draw_rnn_training_curves, draw_rnn_unrolled, HeatScale, Theme,
    };
    use unroll::rnn::{Cells, Optimizer, Session, SessionConfig};
    use unroll::web::BatchedCanvas;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;
    use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

    const SIZE: (u32, u32) = (900, 360);

    fn canvas() -> HtmlCanvasElement {
        let document = web_sys::window().unwrap().document().unwrap();
        let canvas: HtmlCanvasElement = document
            .create_element("canvas")
            .unwrap()
            .dyn_into()
            .unwrap();
        canvas.set_width(SIZE.0);
        canvas.set_height(SIZE.1);
        canvas
    }

    fn pixels(canvas: &HtmlCanvasElement) -> Vec<u8> {
        let context: CanvasRenderingContext2d = canvas
            .get_context("2d")
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap();
        context
            .get_image_data(0.0, 0.0, f64::from(SIZE.0), f64::from(SIZE.1))
            .unwrap()
            .data()
            .0
    }

    /// Draws `$draw` (a closure of the drawing area) with plotters-canvas and with the page's
    /// backend, and asserts the pixels are equal and not blank.
    macro_rules! same_pixels {
        ($name:expr, $draw:expr) => {{
            let reference = canvas();
            {
                let area = CanvasBackend::with_canvas_object(reference.clone())
                    .unwrap()
                    .into_drawing_area();
                $draw(&area).unwrap();
            }
            let page = canvas();
            {
                let area = BatchedCanvas::new(page.clone())
                    .unwrap()
                    .into_drawing_area();
                $draw(&area).unwrap();
                area.present().unwrap();
            }
            let (a, b) = (pixels(&reference), pixels(&page));
            let differ = a.chunks(4).zip(b.chunks(4)).filter(|(p, q)| p != q).count();
            assert_eq!(differ, 0, "{}: {differ} pixels differ", $name);
            let inked = a
                .chunks(4)
                .filter(|p| p[3] > 0 && p[..3] != [255, 255, 255])
                .count();
            assert!(
                inked > 1000,
                "{}: the drawing has ink ({inked} pixels)",
                $name
            );
        }};
    }

    fn rnn_session() -> Session {
        let mut session = Session::new(SessionConfig {
            cells: Cells::Both,
            text: "hello world, hello sequence models. ".repeat(20),
            embedding_dim: 8,
            hidden_size: 12,
            seq_len: 10,
            optimizer: Optimizer::adam(0.01),
            clip: Some(1.0),
            recurrent_scale: 1.0,
            forget_bias: None,
            seed: 3,
        })
        .unwrap();
        session.train(3).unwrap();
        for _ in 0..4 {
            session.step_stage().unwrap();
        }
        session
    }

    #[wasm_bindgen_test]
    fn the_page_backend_draws_the_same_pixels_as_plotters_canvas() {
        let theme = Theme::light(2.0);
        // A dense heat map (one batch of 25 600 cells) and a sparse one (gaps between cells).
        let dense = ndarray::Array2::from_shape_fn((200, 128), |(t, u)| {
            ((t * 7 + u * 13) % 97) as f32 / 48.0 - 1.0
        });
        same_pixels!("dense heat map", |area| draw_heatmap(
            area,
            dense.view(),
            HeatScale::Signed(0.0),
            Some(17),
            "h",
            &theme
        ));
        let sparse = ndarray::Array2::from_shape_fn((12, 8), |(t, u)| ((t + u) % 5) as f32 / 4.0);
        same_pixels!("sparse heat map", |area| draw_heatmap(
            area,
            sparse.view(),
            HeatScale::Unit,
            None,
            "f",
            &theme
        ));
        // Text, lines, paths, polygons and circles interleaved with rectangles.
        let session = rnn_session();
        let stage = session.stage();
        for lab in session.models() {
            same_pixels!("unrolled", |area| draw_rnn_unrolled(
                area,
                (lab, stage),
                &theme
            ));
        }
        same_pixels!("gradient norms", |area| draw_rnn_gradient_norms(
            area, &session, false, &theme
        ));
        same_pixels!("training curves", |area| draw_rnn_training_curves(
            area, &session, &theme
        ));
        let mut ctc = CtcSession::new(4).unwrap();
        ctc.step_reveal();
        let decodings = ctc.decodings(8).unwrap();
        same_pixels!("CTC lattice", |area| draw_ctc_lattice(
            area, &ctc, &decodings, &theme
        ));
        same_pixels!("CTC emissions", |area| draw_ctc_emissions(
            area, &ctc, &theme
        ));
        same_pixels!("CTC gradient", |area| draw_ctc_gradient(area, &ctc, &theme));
    }
}
