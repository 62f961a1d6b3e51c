// The perplexity panel: a character n-gram model scores a sentence, one surprisal bar per character;
// below it, the perplexity of any model's pasted token scores (token-scores.js).
import { CharNgramModel, beginFigure, finishFigure } from '../pkg/metrics/unroll.js';
import { beginFigure as beginLabFigure, finishFigure as finishLabFigure } from '../pkg/rnn/unroll.js';
import { clearFigure, painter } from '../figure.js';
import { finder, fmt, guard, inputLimits, onResize, readNumber } from '../kit.js';
import { trainedModels } from '../rnn/lab.js';
import { initTokenScores } from './token-scores.js';

/** Draws the chart and keeps its draw call for Save: the n-gram model's bars (this module). */
const paint = painter({ beginFigure, finishFigure }, 'metrics');
/** The same for the bars of the RNN lab's model (drawn by the RNN lab's module). */
const paintLab = painter({ beginFigure: beginLabFigure, finishFigure: finishLabFigure }, 'metrics',
  () => (trainedModels.lab ? `rnn-step${trainedModels.lab.steps}` : ''));

const TRAINING_TEXT = `A recurrent network reads a sentence one character at a time. At every step it keeps a \
hidden state, a short memory of what it has seen, and from that memory it guesses the next character. \
When the guess is good, the character is no surprise; when it is bad, the surprise is large. \
We measure surprise in bits: a character the model gave probability one half costs one bit, one quarter costs two bits. \
The average number of bits per character is the cross entropy of the text under the model, \
and two to the power of that average is the perplexity: the number of equally likely characters \
the model is, on average, choosing between. A model that has read a lot of text is rarely surprised \
by common words such as the, and, of, to, in, is and that, and it learns that a space usually follows a word \
and that a capital letter usually follows a full stop. It is more surprised by rare names and numbers.`;
const SENTENCE = 'The model reads the next character.';

/** Starts the perplexity panel inside `panel`. */
export function initPerplexity(panel) {
  const $ = finder(panel);
  const ui = {
    text: $('ppl-text'), train: $('ppl-train'), order: $('ppl-order'), smoothing: $('ppl-smoothing'),
    k: $('ppl-k'), kLabel: $('ppl-k-label'), trainInfo: $('ppl-train-info'), message: $('ppl-message'),
    h: $('ppl-h'), ppl: $('ppl-ppl'), chart: $('ppl-chart'), detail: $('ppl-detail'), model: $('ppl-model'),
  };
  ui.train.value = TRAINING_TEXT;
  ui.text.value = SENTENCE;
  const state = { model: null, result: null, timer: 0, trainError: null };
  const retrain = () => {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => guard(() => { train(ui, state); score(ui, state); }), ui.train.value.length > 50_000 ? 250 : 0);
  };
  ui.train.addEventListener('input', retrain);
  for (const control of [ui.order, ui.smoothing, ui.k]) control.addEventListener('input', retrain);
  ui.smoothing.addEventListener('change', retrain);
  ui.order.addEventListener('change', retrain);
  ui.text.addEventListener('input', () => guard(() => score(ui, state)));
  ui.model.addEventListener('focus', () => guard(() => listLabModels(ui)));
  ui.model.addEventListener('change', () => guard(() => score(ui, state)));
  listLabModels(ui);
  onResize(ui.chart, () => guard(() => draw(ui, state)));
  train(ui, state);
  score(ui, state);
  initTokenScores(panel);
}

/** Trains a model on the training text; a bad setting gives a message and keeps the old model. */
function train(ui, state) {
  const addK = ui.smoothing.value === 'add-k';
  ui.kLabel.hidden = !addK;
  const text = ui.train.value;
  const length = Array.from(text).length;
  if (length > inputLimits.ngramTrainChars) {
    state.trainError = `The training text has ${length.toLocaleString('en')} characters; the model trains on at most ${inputLimits.ngramTrainChars.toLocaleString('en')}. Nothing was lost: shorten it to retrain.`;
    ui.message.textContent = state.trainError;
    return;
  }
  try {
    const k = addK ? readNumber(ui.k) : 1;
    const model = new CharNgramModel(text, Number(ui.order.value), ui.smoothing.value, k);
    state.model?.free();
    state.model = model;
    state.trainError = null;
    ui.message.textContent = '';
    ui.trainInfo.textContent = `${length.toLocaleString('en')} training characters; vocabulary |V| = ${model.vocabSize} (distinct characters + one "unknown" symbol for characters never seen in training).`;
  } catch (error) {
    state.trainError = error.message;
    ui.message.textContent = error.message;
  }
}

/** Offers the RNN & LSTM lab's current models beside the n-gram model. */
function listLabModels(ui) {
  const chosen = ui.model.value;
  const options = [['ngram', 'character n-gram']];
  trainedModels.labels.forEach((label, i) => options.push([`lab-${i}`, `the lab's ${label} (${trainedModels.lab.steps} steps)`]));
  ui.model.replaceChildren(...options.map(([value, text]) => {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = text;
    return option;
  }));
  ui.model.value = options.some(([value]) => value === chosen) ? chosen : 'ngram';
}

/** Scores the sentence under the lab's model `index`: numbers and bars. */
function scoreWithLab(ui, state, index) {
  const lab = trainedModels.lab;
  try {
    const score = lab.scoreText(index, ui.text.value);
    const n = score.surprisalBits.length;
    const { crossEntropyBits, perplexity } = score;
    score.free();
    const text = ui.text.value;
    paintLab(ui.chart, (canvas, ratio) => lab.drawSurprisal(canvas, ratio, index, text));
    ui.h.textContent = fmt(crossEntropyBits, 3);
    ui.ppl.textContent = fmt(perplexity, 2);
    ui.detail.textContent = `${n} characters predicted (the first one is not) by the lab's ${trainedModels.labels[index]} after ${lab.steps} training steps.`;
    ui.message.textContent = '';
  } catch (error) {
    ui.message.textContent = error.message;
    ui.h.textContent = '–';
    ui.ppl.textContent = '–';
    ui.chart.getContext('2d').clearRect(0, 0, ui.chart.width, ui.chart.height);
  }
}

/** Scores the sentence and draws its surprisal bars. */
function score(ui, state) {
  const labIndex = ui.model.value.startsWith('lab-') ? Number(ui.model.value.slice(4)) : -1;
  if (labIndex >= 0 && trainedModels.lab) return scoreWithLab(ui, state, labIndex);
  if (!state.model) return;
  let result;
  try {
    result = state.model.score(ui.text.value);
  } catch (error) {
    ui.message.textContent = error.message;
    state.result?.free();
    state.result = null;
    ui.h.textContent = '–';
    ui.ppl.textContent = '–';
    ui.detail.textContent = '';
    draw(ui, state);
    return;
  }
  ui.message.textContent = state.trainError ?? '';
  state.result?.free();
  state.result = result;
  ui.h.textContent = fmt(result.crossEntropyBits, 3);
  ui.ppl.textContent = fmt(result.perplexity, 2);
  const unknown = result.unknown.reduce((a, b) => a + b, 0);
  const chars = result.chars;
  const surprisal = result.surprisal;
  let worst = 0;
  for (let i = 1; i < surprisal.length; i++) if (surprisal[i] > surprisal[worst]) worst = i;
  ui.detail.textContent = `${chars.length} characters, log₂ P(text) = ${fmt(result.log2ProbSum, 2)} bits, H = ${fmt(-result.log2ProbSum, 2)} / ${chars.length} = ${fmt(result.crossEntropyBits, 3)} bits per character. `
    + `Most surprising: "${chars[worst]}" at position ${worst + 1} (${fmt(surprisal[worst], 2)} bits, p = ${fmt(result.probabilities[worst], 4)}).`
    + (unknown ? ` ${unknown} character${unknown === 1 ? ' was' : 's were'} never seen in training and scored as "unknown" (orange).` : '');
  draw(ui, state);
}

/** Draws the surprisal bars (or clears the canvas). */
function draw(ui, state) {
  if (ui.model.value.startsWith('lab-') && trainedModels.lab) return scoreWithLab(ui, state, Number(ui.model.value.slice(4)));
  if (state.result) paint(ui.chart, (canvas, ratio) => state.result.draw(canvas, ratio));
  else clearFigure(ui.chart);
}
