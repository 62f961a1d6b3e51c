#![cfg(not(target_arch = "wasm32"))]
//! The labs' views built natively from real sessions (the functions the web layer calls with
//! a canvas): each draws, says what it shows, and answers hover and read-out questions with
//! what the engine holds. The drawings themselves are checked in detail, with snapshots, in
//! the `render_<lab>.rs` files; these tests prove the views reach them with the right data.

use unroll::attention::{
    AttentionLab, AttentionLabConfig, SelfAttentionLab, SelfAttentionLabConfig,
};
use unroll::ctc::CtcSession;
use unroll::render::{
    attention_chart_point_text, decoder_step_text, draw_attention_chart, draw_ctc_emissions,
    draw_ctc_gradient, draw_ctc_lattice, draw_ctc_loss_curve, draw_lab_beam_tree,
    draw_lab_decoder_step, draw_probe_map, draw_rnn_gradient_norms, draw_rnn_heatmap,
    draw_rnn_training_curves, draw_rnn_unrolled, draw_self_attention_lab, draw_w2v_loss,
    draw_w2v_matrices, draw_w2v_pair, draw_w2v_projection, draw_w2v_sampling, model_label,
    probe_map_cell_at, probe_map_cell_text, rnn_formula, self_attention_cell_text, state_matrix,
    w2v_matrices_cell_text, w2v_pair_text, w2v_projection_word_at, AttentionChart, MapStyle,
    RecurrentState,
};
use unroll::rnn::{Cells, Optimizer, Session, SessionConfig};
use unroll::word2vec::{EmbeddingChoice, Word2VecConfig, Word2VecLab};

mod support;

use support::{has_text, svg_of, tags, texts, theme};

const SIZE: (u32, u32) = (640, 360);

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
    .expect("a valid session");
    session.train(3).expect("trains");
    for _ in 0..4 {
        session.step_stage().expect("steps");
    }
    session
}

#[test]
fn rnn_views_draw_both_models_and_their_states() {
    let session = rnn_session();
    let (rnn, lstm) = (&session.models()[0], &session.models()[1]);
    assert_eq!(
        (model_label(rnn).as_str(), model_label(lstm).as_str()),
        ("RNN", "LSTM")
    );
    let stage = session.stage();
    let svg = svg_of(SIZE, |area| {
        draw_rnn_unrolled(area, (lstm, stage), &theme())
    });
    assert!(has_text(&svg, "LSTM"), "the unrolled view names its model");
    let svg = svg_of(SIZE, |area| {
        draw_rnn_gradient_norms(area, &session, false, &theme())
    });
    assert!(
        has_text(&svg, "RNN") && has_text(&svg, "LSTM"),
        "both models in the legend"
    );
    let svg = svg_of(SIZE, |area| {
        draw_rnn_training_curves(area, &session, &theme())
    });
    assert!(!tags(&svg, "polyline").is_empty() || !tags(&svg, "path").is_empty());

    // h is [T, H]; the RNN has no gates; a gate heat map is captioned with its model.
    let h = state_matrix(rnn, RecurrentState::Hidden).expect("the RNN has h");
    assert_eq!(h.dim(), (10, 12));
    assert!(state_matrix(rnn, RecurrentState::Forget).is_err());
    let f = state_matrix(lstm, RecurrentState::Forget).expect("the LSTM has f");
    assert!(
        f.iter().all(|&v| (0.0..=1.0).contains(&v)),
        "a gate is a sigmoid"
    );
    let svg = svg_of(SIZE, |area| {
        draw_rnn_heatmap(area, (lstm, stage), (RecurrentState::Forget, &f), &theme())
    });
    assert!(has_text(&svg, "LSTM forget gate f"));

    let formula = rnn_formula(lstm, stage);
    assert!(
        formula.contains("c₄ = f ⊙ c₃ + i ⊙ g"),
        "forward t = 4: {formula}"
    );
}

#[test]
fn attention_views_draw_the_probe_and_describe_what_is_under_the_pointer() {
    let mut lab = AttentionLab::new(AttentionLabConfig {
        hidden: 8,
        embedding: 6,
        ..AttentionLabConfig::default()
    })
    .expect("a valid lab");
    lab.train(5).expect("trains");
    lab.refresh().expect("decodes");
    let svg = svg_of(SIZE, |area| {
        draw_probe_map(area, &lab, (MapStyle::Heatmap, &[], Some(0)), &theme())
    });
    assert!(has_text(
        &svg,
        "attention a_tj: output steps × input characters"
    ));
    let svg = svg_of(SIZE, |area| draw_lab_decoder_step(area, &lab, 0, &theme()));
    assert!(!tags(&svg, "rect").is_empty());
    let svg = svg_of(SIZE, |area| draw_lab_beam_tree(area, &lab, &theme()));
    assert!(has_text(&svg, "beam width 3"));
    for chart in [
        AttentionChart::Loss,
        AttentionChart::Accuracy,
        AttentionChart::Lengths,
    ] {
        svg_of(SIZE, |area| {
            draw_attention_chart(area, &lab, chart, &theme())
        });
    }

    // The step text names the input the softmax weighs most, and its weight.
    let detail = lab.step_detail(0).expect("a first step");
    let (best, weight) = detail.strongest();
    assert_eq!(
        weight,
        detail
            .weights
            .iter()
            .cloned()
            .fold(f64::NEG_INFINITY, f64::max)
    );
    let text = decoder_step_text(&lab, 0).expect("a first step");
    assert!(text.contains(&format!("on input {}", best + 1)), "{text}");
    assert!(decoder_step_text(&lab, 1000).is_none());

    // A cell found by the hit test is described with the weight at that cell.
    let map = lab.probe_map();
    let (rows, cols) = map.weights.dim();
    let found = (0..SIZE.0)
        .step_by(4)
        .flat_map(|x| (0..SIZE.1).step_by(4).map(move |y| (x, y)))
        .find_map(|(x, y)| {
            probe_map_cell_at(
                &lab,
                (MapStyle::Heatmap, &[]),
                SIZE,
                &theme(),
                (f64::from(x), f64::from(y)),
            )
            .and_then(|(row, column)| column.map(|c| (row, c)))
        })
        .expect("some cell is under some pixel");
    assert!(found.0 < rows && found.1 < cols);
    let text = probe_map_cell_text(&lab, found.0, Some(found.1)).expect("a cell");
    assert!(
        text.ends_with(&format!("a = {:.3}", map.weights[[found.0, found.1]])),
        "{text}"
    );
    assert!(probe_map_cell_text(&lab, rows + 5, None).is_none());
    assert_eq!(
        attention_chart_point_text(&lab, AttentionChart::Loss, SIZE, &theme(), (-5.0, -5.0)),
        None
    );
}

#[test]
fn self_attention_views_draw_every_head_and_read_a_weight() {
    let mut lab = SelfAttentionLab::new(SelfAttentionLabConfig::default()).expect("a valid panel");
    lab.train(2).expect("trains");
    let maps = lab.maps(true).expect("maps");
    assert_eq!(maps.maps.len(), 4, "two layers × two heads");
    let svg = svg_of(SIZE, |area| {
        draw_self_attention_lab(area, &maps, true, &theme())
    });
    assert!(has_text(&svg, "layer 2 · head 2"));
    let text = (0..SIZE.0)
        .step_by(3)
        .flat_map(|x| (0..SIZE.1).step_by(3).map(move |y| (x, y)))
        .find_map(|(x, y)| {
            self_attention_cell_text(&maps, true, SIZE, &theme(), (f64::from(x), f64::from(y)))
        })
        .expect("some cell is under some pixel");
    assert!(
        text.starts_with("layer ") && text.contains(" with weight "),
        "{text}"
    );
}

#[test]
fn ctc_views_draw_the_session() {
    let mut session = CtcSession::new(4).expect("a session");
    session.step_reveal();
    let decodings = session.decodings(8).expect("decodes");
    let svg = svg_of(SIZE, |area| {
        draw_ctc_lattice(area, &session, &decodings, &theme())
    });
    assert!(!tags(&svg, "circle").is_empty() || !tags(&svg, "rect").is_empty());
    // The header writes p and the loss with four significant digits, as the page's read-out.
    let header = texts(&svg)
        .into_iter()
        .find(|t| t.starts_with("p(l | x) = "))
        .expect("the lattice header");
    let (p, loss) = header["p(l | x) = ".len()..]
        .split_once(", loss ")
        .expect("p and the loss");
    let record = session.record();
    for (text, value) in [(p, record.probability()), (loss, record.loss)] {
        let digits = text.split('e').next().unwrap().replace('.', "");
        assert_eq!(digits.trim_start_matches('0').len(), 4, "{header}");
        let shown: f64 = text.parse().expect("a number");
        assert!((shown - value).abs() <= 5e-4 * value.abs(), "{header}");
    }
    svg_of(SIZE, |area| draw_ctc_emissions(area, &session, &theme()));
    let svg = svg_of(SIZE, |area| draw_ctc_gradient(area, &session, &theme()));
    assert!(has_text(&svg, "∂loss/∂logits"));
    for symbol in ["−", "a", "b", "c"] {
        assert!(has_text(&svg, symbol), "the gradient's row {symbol}");
    }
    session.train(3).expect("trains");
    let svg = svg_of(SIZE, |area| draw_ctc_loss_curve(area, &session, &theme()));
    assert!(has_text(&svg, "BiLSTM"));
    // p(l | x) is exp of the record's log-likelihood; the state values agree with α and β.
    let record = session.record();
    assert_eq!(record.probability(), record.log_likelihood.exp());
    let values = record.state_values(1, 0).expect("state 1 at frame 1");
    assert_eq!(values.log_alpha, record.log_alpha[[1, 0]]);
    assert!((0.0..=1.0 + 1e-12).contains(&values.posterior));
    assert!(record.state_values(999, 0).is_none());
}

#[test]
fn word2vec_views_draw_the_pair_matrices_and_picture() {
    let text = "the cat sat on the mat the dog sat on the log ".repeat(20);
    let tokens: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    let mut lab = Word2VecLab::new(
        &[tokens],
        Word2VecConfig {
            dimensions: 6,
            ..Word2VecConfig::default()
        },
        true,
        None,
    )
    .expect("a lab");
    assert!(
        w2v_pair_text(&lab).is_none(),
        "no pair before the first step"
    );
    lab.train(40).expect("trains");
    lab.snapshot(EmbeddingChoice::Input).expect("projects");
    let pair = w2v_pair_text(&lab).expect("a pair");
    assert!(pair.starts_with("pair 40: centre '"), "{pair}");
    let svg = svg_of(SIZE, |area| draw_w2v_sampling(area, &lab, &theme()));
    assert!(has_text(&svg, "unigram"));
    svg_of(SIZE, |area| draw_w2v_pair(area, &lab, &theme()));
    let rows = lab.matrix_rows(0).expect("model 0");
    assert!(!rows.tied && rows.w.dim().1 == 6);
    assert!(lab.matrix_rows(7).is_err());
    svg_of(SIZE, |area| draw_w2v_matrices(area, &rows, &theme()));
    let cell = (0..SIZE.0)
        .step_by(3)
        .flat_map(|x| (0..SIZE.1).step_by(3).map(move |y| (x, y)))
        .find_map(|(x, y)| {
            w2v_matrices_cell_text(&rows, SIZE, &theme(), (f64::from(x), f64::from(y)))
        })
        .expect("some cell is under some pixel");
    assert!(
        cell.starts_with("W['") || cell.starts_with("W′['"),
        "{cell}"
    );
    let svg = svg_of(SIZE, |area| {
        draw_w2v_projection(area, &lab, (0, "cat", EmbeddingChoice::Input), &theme())
    });
    assert!(
        texts(&svg)
            .iter()
            .any(|t| t.contains("· PCA, 2 components explain")),
        "the title says how much variance the picture explains"
    );
    let word = (0..SIZE.0)
        .step_by(2)
        .flat_map(|x| (0..SIZE.1).step_by(2).map(move |y| (x, y)))
        .find_map(|(x, y)| {
            w2v_projection_word_at(&lab, 0, SIZE, &theme(), (f64::from(x), f64::from(y)))
        });
    assert!(word.is_some(), "some word is under some pixel");
    svg_of(SIZE, |area| draw_w2v_loss(area, &lab, &theme()));
}
