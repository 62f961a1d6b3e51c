#![cfg(not(target_arch = "wasm32"))]
//! The numbers behind each chart (`render::figure_data`): drawn inside `collect`, every chart
//! records what it plots, and the records are checked against the independent source of the
//! values the chart was given (the session, lab or score), in the orientation it is drawn.
//! Drawing outside `collect` records nothing, and recording never changes the drawing.

use ndarray::{array, s, Array2};
use serde_json::Value;
use unroll::attention::SelfAttentionLabConfig;
use unroll::attention::{AttentionLab, AttentionLabConfig, SelfAttentionLab};
use unroll::ctc::{CtcSession, Reveal};
use unroll::metrics::Smoothing;
use unroll::metrics::{mutual_information, sentence_bleu, BleuOptions, CharNgramModel, LogBase};
use unroll::render::figure_data::{collect, finish};
use unroll::render::{
    ctc_symbol_names, draw_bleu_buildup, draw_ctc_emissions, draw_ctc_lattice, draw_distributions,
    draw_joint_heatmap, draw_lab_beam_tree, draw_lab_decoder_step, draw_probe_map,
    draw_rnn_gradient_norms, draw_rnn_unrolled, draw_self_attention_lab, draw_surprisal,
    draw_w2v_matrices, draw_w2v_pair, draw_w2v_projection, draw_w2v_sampling, MapStyle,
    RenderError, LOG_FLOOR,
};
use unroll::rnn::{Cells, Optimizer, Session, SessionConfig, Stage};
use unroll::word2vec::{EmbeddingChoice, Scores, Word2VecConfig, Word2VecLab};

mod support;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, SVGBackend};
use support::{svg_of, theme};

const SIZE: (u32, u32) = (640, 360);

/// Draws with `draw` inside `collect` and returns the records; checks that drawing the same
/// outside `collect` gives the same SVG (recording changes nothing) and records nothing, and
/// that every record has a kind and a title.
fn recorded(
    draw: impl Fn(&DrawingArea<SVGBackend, Shift>) -> Result<(), RenderError>,
) -> Vec<Value> {
    let (inside, records) = collect(|| svg_of(SIZE, &draw));
    let outside = svg_of(SIZE, &draw);
    assert_eq!(inside, outside, "recording changed the drawing");
    assert!(finish().is_empty(), "drawing outside an export recorded");
    assert!(!records.is_empty(), "the chart recorded nothing");
    for record in &records {
        assert!(
            record["kind"].is_string(),
            "a record without a kind: {record}"
        );
        assert!(
            record["title"].is_string(),
            "a record without a title: {record}"
        );
    }
    records
}

/// The one record of `kind` whose title satisfies `title`.
fn find<'a>(records: &'a [Value], kind: &str, title: impl Fn(&str) -> bool) -> &'a Value {
    let found: Vec<&Value> = records
        .iter()
        .filter(|r| r["kind"] == kind && title(r["title"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(found.len(), 1, "{kind} records: {records:?}");
    found[0]
}

/// A JSON number as `f64` (`None` for `null`); panics on anything else.
fn num(value: &Value) -> Option<f64> {
    match value {
        Value::Null => None,
        v => Some(v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))),
    }
}

/// A JSON array of strings.
fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect()
}

/// A matrix record's cells, `null` as NaN.
fn cells(record: &Value) -> Array2<f64> {
    let rows = record["values"].as_array().expect("values");
    let columns = record["columns"].as_array().expect("columns").len();
    assert_eq!(rows.len(), record["rows"].as_array().expect("rows").len());
    Array2::from_shape_fn((rows.len(), columns), |(r, c)| {
        num(&rows[r][c]).unwrap_or(f64::NAN)
    })
}

/// A table record's column named `name`.
fn column<'a>(table: &'a Value, name: &str) -> Vec<&'a Value> {
    let columns = strings(&table["columns"]);
    let k = columns
        .iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("no column {name}: {columns:?}"));
    let rows = table["rows"].as_array().expect("rows");
    rows.iter().map(|row| &row[k]).collect()
}

/// Whether `a` and `b` agree to `f64` rounding (they are the same numbers, through JSON).
fn same(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
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
    .expect("a valid session");
    session.train(3).expect("trains");
    // Forward 1..10, the loss, then backward from 10 down to 7.
    while !matches!(session.stage(), Stage::Backward(7)) {
        session.step_stage().expect("steps");
    }
    session
}

#[test]
fn the_unrolled_lstm_records_each_timestep_as_drawn_while_stepping_backward() {
    let session = rnn_session();
    let lstm = &session.models()[1];
    let stage = session.stage();
    let records = recorded(|area| draw_rnn_unrolled(area, (lstm, stage), &theme()));
    let steps = find(&records, "table", |t| t == "LSTM");
    assert_eq!(steps["stage"], "backward: t = 7 of 10");
    let record = lstm.trainer.record();
    let vocab = lstm.trainer.model().vocab();
    let printed = |k: usize| match vocab[k] {
        ' ' => "␣".to_string(),
        c => c.to_string(),
    };
    let inputs: Vec<String> = record.inputs.iter().map(|&k| printed(k)).collect();
    let targets: Vec<String> = record.targets.iter().map(|&k| printed(k)).collect();
    let as_text = |values: Vec<&Value>| -> Vec<String> {
        values
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(as_text(column(steps, "input")), inputs);
    assert_eq!(as_text(column(steps, "target")), targets);
    let norm = |row: ndarray::ArrayView1<f32>| {
        row.iter()
            .map(|&x| f64::from(x) * f64::from(x))
            .sum::<f64>()
            .sqrt()
    };
    let losses = column(steps, "loss (bits)");
    let carried = column(steps, "‖∂L/∂h_t‖ carried back from t+1");
    let from_output = column(steps, "‖∂L/∂h_t‖ from the output at t");
    let p_target = column(steps, "p(target)");
    for t in 0..10 {
        // −log₂ p = the loss in nats / ln 2; p(target) = exp(−loss).
        let bits = f64::from(record.losses[t]) / std::f64::consts::LN_2;
        assert!(same(num(losses[t]).unwrap(), bits), "t = {}", t + 1);
        let p = f64::from(record.probs[[t, record.targets[t]]]);
        assert!(same(num(p_target[t]).unwrap(), p));
        // Backward stepped from T = 10 down to 7: arrows at 7..10 only, none carried out of 10.
        let shown = t + 1 >= 7;
        assert_eq!(num(from_output[t]).is_some(), shown, "t = {}", t + 1);
        if shown {
            assert!(same(
                num(from_output[t]).unwrap(),
                norm(record.dh_out.row(t))
            ));
        }
        if shown && t + 1 < 10 {
            assert!(same(num(carried[t]).unwrap(), norm(record.dh_next.row(t))));
        } else {
            assert!(carried[t].is_null(), "t = {}", t + 1);
        }
    }
    let predictions = find(&records, "table", |t| {
        t.ends_with("most probable next characters")
    });
    let ts = column(predictions, "t");
    assert!(
        ts.len() >= 30,
        "three per timestep, and the target when outside them"
    );
    for (row, t) in predictions["rows"].as_array().unwrap().iter().zip(ts) {
        let t = t.as_u64().unwrap() as usize - 1;
        let character = row[2].as_str().unwrap();
        let k = (0..vocab.len()).find(|&k| printed(k) == character).unwrap();
        assert!(same(num(&row[3]).unwrap(), f64::from(record.probs[[t, k]])));
    }
}

#[test]
fn gradient_norms_record_every_curve_named_as_in_the_legend() {
    let session = rnn_session();
    let records = recorded(|area| draw_rnn_gradient_norms(area, &session, false, &theme()));
    let names: Vec<String> = records
        .iter()
        .filter(|r| r["kind"] == "series")
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect();
    for name in [
        "RNN: ‖∂L_T/∂h_t‖",
        "RNN: ‖∂L/∂h_t‖",
        "RNN: Π‖∂h_k/∂h_k−1‖",
        "LSTM: ‖∂L_T/∂h_t‖",
        "LSTM: Π f (cell path)",
    ] {
        assert!(names.iter().any(|n| n == name), "no {name}: {names:?}");
    }
    for (i, model) in ["RNN", "LSTM"].into_iter().enumerate() {
        let curves = session.curves(i).expect("curves");
        for (legend, values) in [
            ("‖∂L_T/∂h_t‖", &curves.last_loss),
            ("Π‖∂h_k/∂h_k−1‖", &curves.running_product),
        ] {
            let name = format!("{model}: {legend}");
            let series = records
                .iter()
                .find(|r| r["kind"] == "series" && r["name"] == name.as_str())
                .expect("the series");
            assert_eq!(series["title"], "norm (log scale)");
            let points = series["points"].as_array().unwrap();
            assert_eq!(points.len(), values.len());
            for (t, (point, &v)) in points.iter().zip(values).enumerate() {
                assert_eq!(num(&point[0]), Some((t + 1) as f64));
                // Plotted on the log axis at least at the floor.
                assert!(
                    same(num(&point[1]).unwrap(), v.max(LOG_FLOOR)),
                    "{name} t = {t}"
                );
            }
        }
    }
}

#[test]
fn surprisal_records_each_character_with_its_bits() {
    let model = CharNgramModel::train("abracadabra", 2, Smoothing::AddK(1.0)).unwrap();
    let perplexity = model.score("abrz a").unwrap();
    let records = recorded(|area| draw_surprisal(area, &perplexity, &theme()));
    let table = find(&records, "table", |t| t == "surprisal (bits)");
    let characters: Vec<&str> = column(table, "character")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(characters, ["a", "b", "r", "z", "␣", "a"]);
    for (v, &bits) in column(table, "surprisal −log₂ P (bits)")
        .iter()
        .zip(&perplexity.surprisal_bits)
    {
        assert!(same(num(v).unwrap(), bits));
    }
    let h = find(&records, "values", |t| t == "cross entropy");
    assert!(same(
        num(&h["values"]["H (bits/char)"]).unwrap(),
        perplexity.cross_entropy_bits
    ));
}

#[test]
fn the_ctc_emissions_are_recorded_symbols_down_frames_across_as_drawn() {
    let session = CtcSession::new(4).expect("a session");
    let records = recorded(|area| draw_ctc_emissions(area, &session, &theme()));
    let matrix = find(&records, "matrix", |t| t == "emissions y_t(k)");
    assert_eq!(strings(&matrix["rows"]), ctc_symbol_names());
    let probs = session.probs();
    let (frames, symbols) = probs.dim();
    assert_eq!(strings(&matrix["columns"]).len(), frames);
    // Transposed: row k, column t is y_t(k).
    assert_eq!(cells(matrix), probs.t());
    assert_eq!(symbols, ctc_symbol_names().len());
}

#[test]
fn the_ctc_lattice_records_the_revealed_alphas_and_its_header() {
    let mut session = CtcSession::new(4).expect("a session");
    for _ in 0..3 {
        session.step_reveal();
    }
    let Reveal::Alpha(upto) = session.reveal() else {
        panic!("α is being revealed: {:?}", session.reveal());
    };
    let decodings = session.decodings(8).expect("decodes");
    let records = recorded(|area| draw_ctc_lattice(area, &session, &decodings, &theme()));
    let matrix = find(&records, "matrix", |t| t.starts_with("α, forward: t = "));
    let record = session.record();
    let (states, frames) = record.log_alpha.dim();
    let values = cells(matrix);
    assert_eq!(values.dim(), (states, frames));
    for s in 0..states {
        for t in 0..frames {
            let v = values[[s, t]];
            if t <= upto {
                assert!(same(v, record.log_alpha[[s, t]].exp()), "s {s}, t {t}");
            } else {
                assert!(v.is_nan(), "frame {} is not revealed yet", t + 1);
            }
        }
    }
    let names = ctc_symbol_names();
    let rows: Vec<String> = record.extended.iter().map(|&k| names[k].clone()).collect();
    assert_eq!(strings(&matrix["rows"]), rows);
    let header = find(&records, "values", |t| t.starts_with("p(l | x) = "));
    assert!(same(
        num(&header["values"]["p(l | x)"]).unwrap(),
        record.probability()
    ));
    assert!(same(num(&header["values"]["loss"]).unwrap(), record.loss));
}

fn attention_lab() -> AttentionLab {
    let mut lab = AttentionLab::new(AttentionLabConfig {
        hidden: 8,
        embedding: 6,
        ..AttentionLabConfig::default()
    })
    .expect("a valid lab");
    lab.train(5).expect("trains");
    lab.refresh().expect("decodes");
    lab
}

#[test]
fn the_attention_map_records_the_weights_cell_for_cell_with_the_selection() {
    let lab = attention_lab();
    let records = recorded(|area| {
        draw_probe_map(area, &lab, (MapStyle::Heatmap, &[0, 1], Some(1)), &theme())
    });
    let map = lab.probe_map();
    let matrix = find(&records, "matrix", |t| t.starts_with("attention a_tj"));
    assert_eq!(cells(matrix), map.weights);
    let shown = |labels: &[String]| -> Vec<String> {
        labels.iter().map(|l| l.replace(' ', "␣")).collect()
    };
    assert_eq!(strings(&matrix["rows"]), shown(&map.output));
    assert_eq!(strings(&matrix["columns"]), shown(&map.input));
    assert_eq!(matrix["selected"], serde_json::json!([1, 2]));
    assert_eq!(matrix["highlight"], 2);
    let sums: Vec<f64> = matrix["Σ selected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| num(v).unwrap())
        .collect();
    for (j, sum) in sums.iter().enumerate() {
        assert!(same(*sum, map.weights[[0, j]] + map.weights[[1, j]]));
    }
    // The links style draws the same weights, and records them the same.
    let links = recorded(|area| draw_probe_map(area, &lab, (MapStyle::Links, &[], None), &theme()));
    let matrix = find(&links, "matrix", |t| t.starts_with("attention a_tj"));
    assert_eq!(cells(matrix), map.weights);
}

#[test]
fn the_decoder_step_records_scores_weights_context_and_next_characters() {
    let lab = attention_lab();
    let detail = lab.step_detail(0).expect("a first step");
    let records = recorded(|area| draw_lab_decoder_step(area, &lab, 0, &theme()));
    let parts = find(&records, "matrix", |t| t.starts_with("e_j = Σ_k "));
    assert_eq!(cells(parts), detail.parts);
    let table = find(&records, "table", |t| t == "softmax → a_j");
    for (name, expected) in [("e_j", &detail.scores), ("a_j", &detail.weights)] {
        let got: Vec<f64> = column(table, name)
            .iter()
            .map(|v| num(v).unwrap())
            .collect();
        assert_eq!(&got, expected, "{name}");
    }
    let context = find(&records, "table", |t| t == "Σ a_j h_j → c");
    let got: Vec<f64> = column(context, "c_k")
        .iter()
        .map(|v| num(v).unwrap())
        .collect();
    assert_eq!(got, detail.context);
    let next = find(&records, "table", |t| t.ends_with("→ next"));
    let got: Vec<f64> = column(next, "p").iter().map(|v| num(v).unwrap()).collect();
    let expected: Vec<f64> = detail.top_k.iter().map(|(_, p)| *p).collect();
    assert_eq!(got, expected);
}

#[test]
fn the_beam_tree_records_every_node_with_its_parent() {
    let lab = attention_lab();
    let (columns, best) = lab.beam_tree();
    let records = recorded(|area| draw_lab_beam_tree(area, &lab, &theme()));
    let tree = find(&records, "tree", |t| t == "beam width 3");
    let nodes = tree["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), columns.iter().map(Vec::len).sum::<usize>());
    let mut n = 0;
    for (k, column) in columns.iter().enumerate() {
        let previous_kept: Vec<usize> = match k {
            0 => Vec::new(),
            _ => (0..columns[k - 1].len())
                .filter(|&i| columns[k - 1][i].kept)
                .collect(),
        };
        for (i, node) in column.iter().enumerate() {
            let got = &nodes[n];
            n += 1;
            assert_eq!(got["step"], k + 1);
            assert_eq!(got["rank"], i + 1);
            assert_eq!(got["label"], node.label.as_str());
            assert!(same(num(&got["log_prob"]).unwrap(), node.log_prob));
            assert_eq!(got["kept"], node.kept);
            assert_eq!(got["best"], best.get(k) == Some(&i));
            let parent = previous_kept.get(node.parent).map(|&p| p + 1);
            assert_eq!(num(&got["parent"]), parent.map(|p| p as f64), "{got}");
        }
    }
}

#[test]
fn self_attention_records_one_matrix_per_head_with_the_masked_cells_left_out() {
    let mut lab = SelfAttentionLab::new(SelfAttentionLabConfig::default()).expect("a panel");
    lab.train(2).expect("trains");
    let maps = lab.maps(true).expect("maps");
    let records = recorded(|area| draw_self_attention_lab(area, &maps, true, &theme()));
    assert_eq!(records.len(), maps.maps.len());
    for (p, map) in maps.maps.iter().enumerate() {
        let matrix = find(&records, "matrix", |t| t == maps.titles[p]);
        assert_eq!(matrix["causal"], true);
        let tokens: Vec<String> = maps.tokens.iter().map(|t| t.replace(' ', "␣")).collect();
        assert_eq!(strings(&matrix["rows"]), tokens);
        assert_eq!(strings(&matrix["columns"]), tokens);
        let values = cells(matrix);
        for ((i, j), &w) in map.indexed_iter() {
            if j > i {
                assert!(values[[i, j]].is_nan(), "masked cell {i}, {j}");
            } else {
                assert_eq!(values[[i, j]], w);
            }
        }
    }
}

fn word2vec_lab() -> Word2VecLab {
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
    lab.train(40).expect("trains");
    lab.snapshot(EmbeddingChoice::Input).expect("projects");
    lab
}

#[test]
fn the_word2vec_matrices_record_the_rows_of_w_and_w_prime_of_the_model() {
    let lab = word2vec_lab();
    let rows = lab.matrix_rows(0).expect("model 0");
    let records = recorded(|area| draw_w2v_matrices(area, &rows, &theme()));
    let trainer = &lab.runs[0].trainer;
    let model = trainer.model();
    for (title, full) in [
        ("W (input)", model.input()),
        ("W′ (output)", model.output()),
    ] {
        let matrix = find(&records, "matrix", |t| t == title);
        let words = strings(&matrix["rows"]);
        assert_eq!(words, rows.words);
        let values = cells(matrix);
        for (r, word) in words.iter().enumerate() {
            let id = trainer
                .vocabulary()
                .id(word)
                .expect("a word of the vocabulary");
            assert_eq!(values.row(r), full.row(id), "{title}['{word}']");
        }
    }
    let delta = find(&records, "matrix", |t| t == "Δ W (input)");
    let changed: Vec<String> = rows
        .changed_w
        .iter()
        .map(|&r| rows.words[r].clone())
        .collect();
    assert_eq!(strings(&delta["rows"]), changed);
    for (k, &r) in rows.changed_w.iter().enumerate() {
        assert_eq!(cells(delta).row(k), rows.delta_w.row(r));
    }
    let roles = find(&records, "table", |t| t == "roles");
    assert!(column(roles, "role").iter().any(|r| *r == "centre"));
}

#[test]
fn the_word2vec_sampling_pair_and_projection_record_what_they_draw() {
    let lab = word2vec_lab();
    let trainer = &lab.runs[0].trainer;
    let records_of = recorded(|area| draw_w2v_sampling(area, &lab, &theme()));
    let table = find(&records_of, "table", |t| t == "P(word)");
    let words: Vec<&str> = column(table, "word")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let shown = words.len();
    assert_eq!(words, trainer.vocabulary().words()[..shown]);
    let unigram: Vec<f64> = column(table, "unigram")
        .iter()
        .map(|v| num(v).unwrap())
        .collect();
    assert_eq!(unigram, trainer.vocabulary().unigram(shown));
    let smoothed: Vec<f64> = column(table, "unigram^0.75")
        .iter()
        .map(|v| num(v).unwrap())
        .collect();
    assert_eq!(smoothed, trainer.sampler().probabilities()[..shown]);
    let last = trainer.last().expect("a last pair");
    let Scores::NegativeSampling {
        negatives,
        dots,
        sigmoids,
    } = &last.update.scores
    else {
        panic!("negative sampling by default");
    };
    let drawn: u64 = column(table, "negatives drawn")
        .iter()
        .map(|v| v.as_u64().unwrap())
        .sum::<u64>()
        + table["negatives not shown"].as_u64().unwrap();
    assert_eq!(drawn as usize, negatives.len());

    let records_of = recorded(|area| draw_w2v_pair(area, &lab, &theme()));
    let pair = find(&records_of, "table", |t| t.starts_with("centre “"));
    let got: Vec<f64> = column(pair, "dot")
        .iter()
        .map(|v| num(v).unwrap())
        .collect();
    assert_eq!(&got, dots);
    let got: Vec<f64> = column(pair, "σ(dot)")
        .iter()
        .map(|v| num(v).unwrap())
        .collect();
    assert_eq!(&got, sigmoids);
    assert!(same(num(&pair["loss"]).unwrap(), last.update.loss));

    let records_of = recorded(|area| {
        draw_w2v_projection(area, &lab, (0, "cat", EmbeddingChoice::Input), &theme())
    });
    let picture = find(&records_of, "table", |t| {
        t.contains("· PCA, 2 components explain")
    });
    assert!(picture["projection"].as_str().unwrap().starts_with("PCA"));
    assert_eq!(picture["highlight"], "cat");
    let projection = lab.runs[0].projection.as_ref().expect("projected");
    let words = column(picture, "word");
    let (xs, ys) = (column(picture, "PC 1"), column(picture, "PC 2"));
    assert_eq!(words.len(), projection.points.nrows());
    for (k, word) in words.iter().enumerate() {
        assert_eq!(
            word.as_str(),
            Some(trainer.vocabulary().words()[k].as_str())
        );
        assert_eq!(num(xs[k]), Some(projection.points[[k, 0]]));
        assert_eq!(num(ys[k]), Some(projection.points[[k, 1]]));
    }
}

#[test]
fn the_bleu_build_up_records_the_scores_precisions_and_penalty() {
    let bleu = sentence_bleu(
        "the cat sat on the mat",
        &["the cat is on the mat"],
        &BleuOptions::sentence(),
    )
    .unwrap();
    let records = recorded(|area| draw_bleu_buildup(area, &bleu, &theme()));
    let values = &find(&records, "values", |t| t == "BLEU build-up")["values"];
    for n in 0..4 {
        let p = num(&values[format!("p{}", n + 1)]).unwrap();
        assert_eq!(p, bleu.precisions[n], "p{}", n + 1);
    }
    assert_eq!(num(&values["× BP"]), Some(bleu.bp));
    assert_eq!(num(&values["BLEU"]), Some(bleu.score));
    assert!(same(num(&values["mean"]).unwrap(), bleu.score / bleu.bp));
}

#[test]
fn distributions_and_the_joint_record_their_probabilities_with_the_margins() {
    let (p, q) = ([0.5, 0.25, 0.25], [0.25, 0.75, 0.0]);
    let records = recorded(|area| draw_distributions(area, &p, &q, &theme()));
    let table = find(&records, "table", |t| t == "p and q per outcome");
    let got = |name| -> Vec<f64> {
        column(table, name)
            .iter()
            .map(|v| num(v).unwrap())
            .collect()
    };
    assert_eq!((got("p"), got("q")), (p.to_vec(), q.to_vec()));
    assert_eq!(got("outcome"), [1.0, 2.0, 3.0]);

    let joint = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let mi = mutual_information(&joint, LogBase::Bits).unwrap();
    let records = recorded(|area| draw_joint_heatmap(area, &mi, &theme()));
    let matrix = find(&records, "matrix", |t| t == "p(x, y)");
    assert_eq!(strings(&matrix["rows"]), ["x1", "x2"]);
    assert_eq!(strings(&matrix["columns"]), ["y1", "y2", "y3"]);
    let values = cells(matrix);
    for ((i, j), &v) in joint.indexed_iter() {
        assert!(same(values[[i, j]], v / 21.0), "p(x{}, y{})", i + 1, j + 1);
    }
    let margin = |name: &str| -> Vec<f64> {
        matrix[name]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| num(v).unwrap())
            .collect()
    };
    for (got, expected) in margin("p(x)").iter().zip([6.0 / 21.0, 15.0 / 21.0]) {
        assert!(same(*got, expected));
    }
    let p_y = margin("p(y)");
    assert_eq!(p_y.len(), 3);
    assert!(same(p_y[2], 9.0 / 21.0));
    // The joint's rows are the slices of the matrix as given (x down), not transposed.
    assert!(same(values.slice(s![1, ..]).sum(), 15.0 / 21.0));
}
