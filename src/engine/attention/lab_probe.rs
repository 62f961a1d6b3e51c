//! The attention lab's probe: the reader's input (or a seeded example) decoded by both
//! models, stepped through one output character at a time, with each decoder step broken into
//! the parts of its scores, the softmax, the context vector and the next-character
//! distribution, and beam search laid out as a tree.

use ndarray::{Array2, Axis};

use super::decode::Stop;
use super::lab::{AttentionLab, MAX_INPUT_CHARS};
use super::seq2seq::{END, START};
use super::tasks::{encode, shown_example, task_answer};
use super::Score;
use crate::engine::gradcheck::GradientCheck;
use crate::engine::{Error, Rng};

/// How a symbol is shown: `<s>`, `</s>`, a visible space `␣`, or the character.
pub fn symbol_label(alphabet: &[char], symbol: usize) -> String {
    match symbol {
        START => "<s>".to_string(),
        END => "</s>".to_string(),
        k => match alphabet.get(k - 2) {
            Some(' ') => "␣".to_string(),
            Some(c) => c.to_string(),
            None => "?".to_string(),
        },
    }
}

/// The attention map of the probe's best output: labels and `[outputs, inputs]` weights
/// (rows up to the step-through cursor).
#[derive(Debug, Clone, PartialEq)]
pub struct ProbeMap {
    /// One label per input character.
    pub input: Vec<String>,
    /// One label per output step shown (the end symbol's step included).
    pub output: Vec<String>,
    /// `a_{t,j}`.
    pub weights: Array2<f64>,
}

/// One decoder step broken down for the page.
#[derive(Debug, Clone, PartialEq)]
pub struct StepDetail {
    /// The output step (from 0).
    pub step: usize,
    /// The symbol fed in (the previous output, `<s>` at first).
    pub previous: String,
    /// The symbol this step emitted on the best output.
    pub emitted: String,
    /// `[inputs, K]`: the parts whose row sums are the scores (dot: `s_k h_jk`; general:
    /// `s_k (W h_j)_k`; additive: `v_k tanh(W_s s + U h_j)_k`).
    pub parts: Array2<f64>,
    /// What a part is, as a formula.
    pub parts_caption: &'static str,
    /// `e_j`.
    pub scores: Vec<f64>,
    /// `a_j`.
    pub weights: Vec<f64>,
    /// `c`.
    pub context: Vec<f64>,
    /// The query state the scores compared with.
    pub query: Vec<f64>,
    /// The five most likely next symbols and their probabilities.
    pub top_k: Vec<(String, f64)>,
}

/// One node of the beam-search tree.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeNode {
    /// Index of its parent among the previous column's nodes.
    pub parent: usize,
    /// The symbol's label.
    pub label: String,
    /// `ln p` of the prefix.
    pub log_prob: f64,
    /// Kept in the beam.
    pub kept: bool,
    /// Ends with `</s>`.
    pub finished: bool,
}

impl AttentionLab {
    /// Decodes `text` from now on; a bad input (empty, too long, characters the task does not
    /// use) is refused with a message and the previous input stays.
    pub fn set_input(&mut self, text: &str) -> Result<(), Error> {
        let length = text.chars().count();
        if length == 0 {
            return Err(Error::Empty("the input"));
        }
        if length > MAX_INPUT_CHARS {
            return Err(Error::InvalidOption {
                name: "the input",
                message: format!(
                    "has {length} characters; the lab decodes at most {MAX_INPUT_CHARS}"
                ),
            });
        }
        let source = encode(&self.alphabet, text).map_err(|_| {
            let bad: String = text
                .chars()
                .filter(|c| !self.alphabet.contains(c))
                .take(5)
                .collect();
            let known: String = self.alphabet.iter().collect();
            Error::InvalidOption {
                name: "the input",
                message: format!(
                    "contains {bad:?}, which the {} task never shows its models; they know only {known:?}",
                    self.config.task.name()
                ),
            }
        })?;
        let previous = std::mem::replace(&mut self.probe.source, source);
        let previous_text = std::mem::replace(&mut self.probe.text, text.to_string());
        if let Err(error) = self.redecode() {
            self.probe.source = previous;
            self.probe.text = previous_text;
            return Err(error);
        }
        Ok(())
    }

    /// A fresh seeded example as the input; returns its text.
    pub fn new_example(&mut self, seed: u64) -> Result<String, Error> {
        let mut rng = Rng::new(seed);
        let (text, _) = shown_example(
            self.config.task,
            self.config.min_len,
            self.config.max_len,
            &mut rng,
        );
        self.set_input(&text)?;
        Ok(text)
    }

    /// The probe's text.
    pub fn input(&self) -> &str {
        &self.probe.text
    }

    /// The right answer for the probe, when the task can say.
    pub fn expected(&self) -> Option<String> {
        task_answer(self.config.task, &self.probe.text)
    }

    /// The pair the gradient check is made on: the probe and its right answer, or the first
    /// held-out example when the task cannot answer the probe — `(source, target ending with
    /// the end symbol, the input as text)`.
    pub fn gradient_check_pair(&self) -> Result<(Vec<usize>, Vec<usize>, String), Error> {
        let answer = self
            .expected()
            .and_then(|answer| encode(&self.alphabet, &answer).ok());
        let (source, mut target, text) = match answer {
            Some(target) => (self.probe.source.clone(), target, self.probe.text.clone()),
            None => {
                let (source, target) = self.held_out.first().ok_or_else(|| {
                    Error::Mismatch("there is no example to check on".to_string())
                })?;
                let text = self.text_of(source);
                (source.clone(), target[..target.len() - 1].to_vec(), text)
            }
        };
        target.push(END);
        Ok((source, target, text))
    }

    /// The attention model's gradient check on [`AttentionLab::gradient_check_pair`], in
    /// float32: see [`Seq2Seq::gradient_check`](super::Seq2Seq::gradient_check).
    pub fn gradient_check(&self, extra: usize, seed: u64) -> Result<GradientCheck, Error> {
        let (source, target, _) = self.gradient_check_pair()?;
        self.attention
            .model
            .gradient_check(&source, &target, extra, seed)
    }

    /// Why the probe's beam search stopped, and after how many steps.
    pub fn beam_stop(&self) -> (Stop, usize) {
        (self.probe.trace.stop, self.probe.trace.steps.len())
    }

    /// The attention model's best output, as text.
    pub fn attention_output(&self) -> String {
        self.probe
            .trace
            .results
            .first()
            .map(|d| self.text_of(&d.symbols))
            .unwrap_or_default()
    }

    /// The baseline's greedy output, as text.
    pub fn baseline_output(&self) -> String {
        self.text_of(&self.probe.baseline_output)
    }

    fn text_of(&self, symbols: &[usize]) -> String {
        symbols
            .iter()
            .filter_map(|&k| k.checked_sub(2).and_then(|i| self.alphabet.get(i)))
            .collect()
    }

    /// Output steps of the best output (the end symbol's step included).
    pub fn decode_steps(&self) -> usize {
        self.probe
            .trace
            .results
            .first()
            .map_or(0, |d| d.steps.len())
    }

    /// Steps revealed by stepping through decoding, or `None` when all are shown.
    pub fn cursor(&self) -> Option<usize> {
        self.probe.cursor
    }

    /// Reveals one more output step (starting from none); after the last, shows all again.
    pub fn step_decode(&mut self) {
        let steps = self.decode_steps();
        self.probe.cursor = match self.probe.cursor {
            None => Some(1.min(steps)),
            Some(k) if k >= steps => None,
            Some(k) => Some(k + 1),
        };
    }

    /// Shows every output step.
    pub fn show_all_steps(&mut self) {
        self.probe.cursor = None;
    }

    /// The attention map of the probe up to the cursor.
    pub fn probe_map(&self) -> ProbeMap {
        let input = self
            .probe
            .source
            .iter()
            .map(|&k| symbol_label(&self.alphabet, k))
            .collect();
        let Some(best) = self.probe.trace.results.first() else {
            return ProbeMap {
                input,
                output: Vec::new(),
                weights: Array2::zeros((0, self.probe.source.len())),
            };
        };
        let shown = self
            .probe
            .cursor
            .unwrap_or(best.steps.len())
            .min(best.steps.len());
        let mut weights = Array2::zeros((0, self.probe.source.len()));
        let mut output = Vec::new();
        for (t, step) in best.steps.iter().take(shown).enumerate() {
            let Some(attention) = &step.attention else {
                break;
            };
            let emitted = best.symbols.get(t).copied().unwrap_or(END);
            output.push(symbol_label(&self.alphabet, emitted));
            // Rows have the source's length by construction.
            let _ = weights.push_row(attention.weights.view());
        }
        ProbeMap {
            input,
            output,
            weights,
        }
    }

    /// Step `t` of the best output broken down, or `None` past the end.
    pub fn step_detail(&self, t: usize) -> Option<StepDetail> {
        let best = self.probe.trace.results.first()?;
        let step = best.steps.get(t)?;
        let attention = step.attention.as_ref()?;
        let params = self.attention.model.attention_params()?;
        let encoded = self.attention.model.encode(&self.probe.source).ok()?;
        let states = &encoded.states;
        let q = &step.query;
        let (parts, parts_caption) = match params.score {
            Score::Dot => (states * q, "s_k · h_jk"),
            Score::General => {
                let projected = states.dot(&params.w.t());
                (projected * q, "s_k · (W h_j)_k")
            }
            Score::Additive => (&attention.hidden * &params.v, "v_k · tanh(W_s s + U h_j)_k"),
        };
        let mut ranked: Vec<(usize, f32)> = step.probs.iter().copied().enumerate().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let top_k = ranked
            .into_iter()
            .take(5)
            .map(|(k, p)| (symbol_label(&self.alphabet, k), f64::from(p)))
            .collect();
        debug_assert_eq!(parts.len_of(Axis(0)), states.nrows());
        Some(StepDetail {
            step: t,
            previous: symbol_label(&self.alphabet, step.previous),
            emitted: symbol_label(&self.alphabet, best.symbols.get(t).copied().unwrap_or(END)),
            parts,
            parts_caption,
            scores: attention.scores.to_vec(),
            weights: attention.weights.to_vec(),
            context: attention.context.to_vec(),
            query: q.to_vec(),
            top_k,
        })
    }

    /// The beam search as columns of nodes, and per column the index of the best output's
    /// node (as far as it goes).
    pub fn beam_tree(&self) -> (Vec<Vec<TreeNode>>, Vec<usize>) {
        let columns: Vec<Vec<TreeNode>> = self
            .probe
            .trace
            .steps
            .iter()
            .map(|step| {
                step.candidates
                    .iter()
                    .map(|c| TreeNode {
                        parent: c.parent,
                        label: symbol_label(&self.alphabet, c.symbol),
                        log_prob: c.log_prob,
                        kept: c.kept,
                        finished: c.finished,
                    })
                    .collect()
            })
            .collect();
        let mut best_path = Vec::new();
        if let Some(best) = self.probe.trace.results.first() {
            let mut symbols = best.symbols.clone();
            if best.steps.len() > best.symbols.len() {
                symbols.push(END);
            }
            let mut parent = 0;
            for (step, &symbol) in self.probe.trace.steps.iter().zip(&symbols) {
                let Some(index) = step
                    .candidates
                    .iter()
                    .position(|c| c.parent == parent && c.symbol == symbol)
                else {
                    break;
                };
                best_path.push(index);
                parent = index;
            }
        }
        (columns, best_path)
    }
}

impl StepDetail {
    /// The input the softmax weighs most and its weight `(j, a_j)` (the first of equals).
    pub fn strongest(&self) -> (usize, f64) {
        self.weights
            .iter()
            .enumerate()
            .fold((0, f64::NEG_INFINITY), |best, (j, &a)| {
                if a > best.1 {
                    (j, a)
                } else {
                    best
                }
            })
    }

    /// `‖s‖₂`, the norm of the query state.
    pub fn query_norm(&self) -> f64 {
        self.query.iter().map(|x| x * x).sum::<f64>().sqrt()
    }
}
