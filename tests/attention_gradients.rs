//! Attention against central finite differences (float64, ε = 1e-6, tolerance 1e-7 relative):
//! every score function's gradients for the decoder state, every encoder state and the score
//! weights; self-attention's for the input and all four weight matrices; and two behaviours —
//! the weights really depend on the encoder states, and a causal mask hides the future.
#![cfg(not(target_arch = "wasm32"))]

use ndarray::{Array1, Array2};
use unroll::attention::{
    attend, attend_backward, self_attention, self_attention_backward, Score, ScoreParams,
    SelfAttentionParams,
};
use unroll::engine::Rng;

const EPS: f64 = 1e-6;

fn random(rng: &mut Rng, rows: usize, cols: usize) -> Array2<f64> {
    Array2::from_shape_fn((rows, cols), |_| f64::from(rng.normal()))
}

fn assert_close(what: &str, numeric: f64, exact: f64) {
    assert!(
        (numeric - exact).abs() <= 1e-7 * exact.abs().max(1.0),
        "{what}: numeric {numeric}, analytic {exact}"
    );
}

#[test]
fn every_score_function_has_exact_gradients() {
    let mut rng = Rng::new(3);
    for score in [Score::Dot, Score::General, Score::Additive] {
        let (d, e, a, t) = (4, 4, 3, 5);
        let mut params = ScoreParams::new(score, d, e, a, 7).unwrap();
        let mut s = random(&mut rng, 1, d).row(0).to_owned();
        let mut encoder = random(&mut rng, t, e);
        let r = random(&mut rng, 1, e).row(0).to_owned();
        let q = random(&mut rng, 1, t).row(0).to_owned();
        // L = r · c + q · a.
        let loss = |p: &ScoreParams, s: &Array1<f64>, enc: &Array2<f64>| {
            let step = attend(p, s.view(), enc.view());
            r.dot(&step.context) + q.dot(&step.weights)
        };
        let step = attend(&params, s.view(), encoder.view());
        let grads = attend_backward(
            &params,
            s.view(),
            encoder.view(),
            &step,
            r.view(),
            Some(q.view()),
        );
        for i in 0..d {
            let x = s[i];
            s[i] = x + EPS;
            let plus = loss(&params, &s, &encoder);
            s[i] = x - EPS;
            let minus = loss(&params, &s, &encoder);
            s[i] = x;
            assert_close(
                &format!("{} ∂s[{i}]", score.name()),
                (plus - minus) / (2.0 * EPS),
                grads.d_state[i],
            );
        }
        for j in 0..t {
            for k in 0..e {
                let x = encoder[[j, k]];
                encoder[[j, k]] = x + EPS;
                let plus = loss(&params, &s, &encoder);
                encoder[[j, k]] = x - EPS;
                let minus = loss(&params, &s, &encoder);
                encoder[[j, k]] = x;
                assert_close(
                    &format!("{} ∂h[{j},{k}]", score.name()),
                    (plus - minus) / (2.0 * EPS),
                    grads.d_encoder[[j, k]],
                );
            }
        }
        let mut check =
            |name: &str, pick: &dyn Fn(&mut ScoreParams) -> &mut [f64], exact: &[f64]| {
                for (i, &analytic) in exact.iter().enumerate() {
                    let x = pick(&mut params)[i];
                    pick(&mut params)[i] = x + EPS;
                    let plus = loss(&params, &s, &encoder);
                    pick(&mut params)[i] = x - EPS;
                    let minus = loss(&params, &s, &encoder);
                    pick(&mut params)[i] = x;
                    assert_close(
                        &format!("{} ∂{name}[{i}]", score.name()),
                        (plus - minus) / (2.0 * EPS),
                        analytic,
                    );
                }
            };
        check(
            "W",
            &|p| p.w.as_slice_mut().unwrap(),
            grads.d_params.w.as_slice().unwrap(),
        );
        check(
            "W_s",
            &|p| p.w_s.as_slice_mut().unwrap(),
            grads.d_params.w_s.as_slice().unwrap(),
        );
        check(
            "U",
            &|p| p.u.as_slice_mut().unwrap(),
            grads.d_params.u.as_slice().unwrap(),
        );
        check(
            "v",
            &|p| p.v.as_slice_mut().unwrap(),
            grads.d_params.v.as_slice().unwrap(),
        );
    }
}

#[test]
fn the_weights_follow_the_encoder_states() {
    // A popular tutorial once drew attention maps that ignored the encoder: here, making one
    // encoder state match the decoder state must pull the attention onto it.
    let mut rng = Rng::new(5);
    for score in [Score::Dot, Score::General, Score::Additive] {
        let params = ScoreParams::new(score, 4, 4, 4, 1).unwrap();
        let s = random(&mut rng, 1, 4).row(0).to_owned();
        let mut encoder = random(&mut rng, 6, 4) * 0.1;
        let before = attend(&params, s.view(), encoder.view()).weights;
        // Move encoder state 3 along the direction that raises its score.
        let step = attend(&params, s.view(), encoder.view());
        let mut one_hot = Array1::zeros(6);
        one_hot[3] = 1.0;
        let grads = attend_backward(
            &params,
            s.view(),
            encoder.view(),
            &step,
            Array1::zeros(4).view(),
            Some(one_hot.view()),
        );
        let direction = grads.d_encoder.row(3).to_owned();
        encoder.row_mut(3).scaled_add(
            5.0 / direction.dot(&direction).sqrt().max(1e-12),
            &direction,
        );
        let after = attend(&params, s.view(), encoder.view()).weights;
        // Additive scores are bounded by ‖v‖₁, so the shift is smaller there.
        assert!(
            after[3] > before[3] + 0.03,
            "{}: {} -> {}",
            score.name(),
            before[3],
            after[3]
        );
        if score != Score::Additive {
            assert!(
                after.iter().all(|&w| w <= after[3]),
                "{}: position 3 now has the most weight",
                score.name()
            );
        }
        assert!((after.sum() - 1.0).abs() < 1e-12);
    }
}

#[test]
fn self_attention_has_exact_gradients_and_a_causal_mask_hides_the_future() {
    let mut rng = Rng::new(9);
    for (heads, causal) in [(1, false), (2, true), (4, false)] {
        let mut params = SelfAttentionParams::new(8, heads, causal, 2).unwrap();
        let mut x = random(&mut rng, 5, 8);
        let r = random(&mut rng, 5, 8);
        let loss = |p: &SelfAttentionParams, x: &Array2<f64>| {
            (self_attention(p, x.view()).unwrap().output * &r).sum()
        };
        let run = self_attention(&params, x.view()).unwrap();
        let grads = self_attention_backward(&params, x.view(), &run, r.view());
        for k in 0..x.len() {
            let v = x.as_slice().unwrap()[k];
            x.as_slice_mut().unwrap()[k] = v + EPS;
            let plus = loss(&params, &x);
            x.as_slice_mut().unwrap()[k] = v - EPS;
            let minus = loss(&params, &x);
            x.as_slice_mut().unwrap()[k] = v;
            assert_close(
                &format!("heads {heads} ∂x[{k}]"),
                (plus - minus) / (2.0 * EPS),
                grads.d_x.as_slice().unwrap()[k],
            );
        }
        for (m, name) in ["W_q", "W_k", "W_v", "W_o"].iter().enumerate() {
            for k in 0..64 {
                let v = weight(&mut params, m)[k];
                weight(&mut params, m)[k] = v + EPS;
                let plus = loss(&params, &x);
                weight(&mut params, m)[k] = v - EPS;
                let minus = loss(&params, &x);
                weight(&mut params, m)[k] = v;
                let exact = grads.d_w[m].as_slice().unwrap()[k];
                assert_close(
                    &format!("heads {heads} ∂{name}[{k}]"),
                    (plus - minus) / (2.0 * EPS),
                    exact,
                );
            }
        }
        if causal {
            for h in 0..heads {
                for i in 0..5 {
                    for j in i + 1..5 {
                        assert_eq!(run.weights[[h, i, j]], 0.0, "position {i} must not see {j}");
                    }
                }
            }
            let mut later = x.clone();
            later.row_mut(4).fill(3.0);
            let changed = self_attention(&params, later.view()).unwrap();
            for i in 0..4 {
                assert_eq!(
                    changed.output.row(i),
                    run.output.row(i),
                    "row {i} ignores position 5"
                );
            }
        }
    }
}

/// Weight matrix `m` (W_q, W_k, W_v, W_o) of `p`, flat.
fn weight(p: &mut SelfAttentionParams, m: usize) -> &mut [f64] {
    let w = match m {
        0 => &mut p.w_q,
        1 => &mut p.w_k,
        2 => &mut p.w_v,
        _ => &mut p.w_o,
    };
    w.as_slice_mut().unwrap()
}
