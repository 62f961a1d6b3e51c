// Perplexity of pasted token scores: the per-token log-probabilities (or probabilities) any
// language model or API reports, read by the engine, drawn with the perplexity panel's chart.
import { beginFigure, finishFigure, tokenPerplexity } from '../pkg/metrics/unroll.js';
import { clearFigure, painter } from '../figure.js';
import { finder, guard, onResize, sig } from '../kit.js';

/** Draws the chart and keeps its draw call for Save. */
const paint = painter({ beginFigure, finishFigure }, 'metrics');
/** Pastes longer than this are scored after a pause in typing. */
const LARGE_INPUT_CHARS = 100_000;

/** A chat completion's `logprobs.content` for "The cat sat on the mat." (values as an API gives them). */
const EXAMPLE = `[
  {"token": "The", "logprob": -2.0512},
  {"token": " cat", "logprob": -4.8133},
  {"token": " sat", "logprob": -2.9067},
  {"token": " on", "logprob": -0.4117},
  {"token": " the", "logprob": -0.1083},
  {"token": " mat", "logprob": -1.3862},
  {"token": ".", "logprob": -0.6931}
]`;

/** Every sentence this part of the panel shows, in one place for a later translation. */
const TEXT = {
  scales: { ln: 'ln p (nats)', log2: 'log₂ p (bits)', log10: 'log₁₀ p', probability: 'probabilities p' },
  formats: {
    lines: 'one number per line',
    'json-numbers': 'a JSON array of numbers',
    'token-logprob-list': 'a list of {"token", "logprob"} objects (OpenAI chat logprobs)',
    'token-logprobs': 'an object with "token_logprobs" (OpenAI completions)',
  },
  hint: 'Accepted: a JSON array of numbers ([-1.2, -0.3, …]; null entries are skipped), a list of '
    + '{"token": …, "logprob": …} objects, an object with "token_logprobs", a whole API response '
    + '(choices[0].logprobs), or one number per line. Log-probabilities are ≤ 0; probabilities are in (0, 1].',
  /** Where an entry is: "entry 3 (line 4)" or "entry 3". */
  where: (issue) => `entry ${issue.entry}${issue.line ? ` (line ${issue.line})` : ''}`,
  /** The sentence for each issue kind. */
  issue(issue, scale) {
    const where = TEXT.where(issue);
    switch (issue.kind) {
      case 'empty': return 'There is nothing to score yet: paste at least one number.';
      case 'too-long': return `The paste is ${issue.count.toLocaleString('en')} bytes; at most ${issue.max.toLocaleString('en')} are read. Nothing was lost: shorten it to see the perplexity.`;
      case 'too-many': return `There are ${issue.count.toLocaleString('en')} scores; at most ${issue.max.toLocaleString('en')} are read. Nothing was lost: shorten the list to see the perplexity.`;
      case 'invalid-json': return `This starts like JSON but is not valid JSON (the parser stopped at line ${issue.line}, column ${issue.column}).`;
      case 'unknown-shape': return 'This JSON holds no list of scores: paste an array of numbers, a list of {"token", "logprob"} objects, or an object with "token_logprobs" or "content".';
      case 'not-a-number': return `${capital(where)} is "${issue.text}", not a number.`;
      case 'not-finite': return `${capital(where)} is ${Number.isNaN(issue.value) ? 'NaN' : issue.value > 0 ? '∞' : '−∞'}: every score must be a finite number (a probability of 0 has no finite log).`;
      case 'probability-out-of-range': return `${capital(where)} is ${sig(issue.value)}: a probability must be above 0 and at most 1. `
        + (issue.value <= 0 && scale === 'probability' ? 'If these are log-probabilities, choose their base above.' : '');
      case 'positive-log-probability': return `${capital(where)} is ${sig(issue.value)}: a log-probability is at most 0 (log 1 = 0). `
        + (issue.value <= 1 ? 'If these are probabilities, choose "probabilities p" above.' : '');
      case 'too-negative': return `${capital(where)} is ${sig(issue.value)}: too small a probability to score (its surprisal is not a finite number of nats).`;
      default: return `The scores were refused (${issue.kind}).`;
    }
  },
  /** The line under the chart. */
  detail(r, chosen) {
    const s = r.surprisalNats;
    const tokens = r.tokens;
    let worst = 0;
    for (let i = 1; i < s.length; i++) if (s[i] > s[worst]) worst = i;
    const name = tokens.length ? ` "${tokens[worst]}"` : '';
    const sum = s.reduce((a, b) => a + b, 0);
    let text = `${s.length} token${s.length === 1 ? '' : 's'} read as ${TEXT.formats[r.format]}, in ${TEXT.scales[r.scale]}. `
      + `Σ −ln P = ${sig(sum)} nats, so H = ${sig(sum)} / ${s.length} = ${sig(r.crossEntropyNats)} nats = ${sig(r.bitsPerToken)} bits per token. `
      + `Most surprising: token ${worst + 1}${name} (${sig(s[worst])} nats, P = ${sig(r.probabilities[worst])}).`;
    if (r.skippedNulls) text += ` ${r.skippedNulls} null entr${r.skippedNulls === 1 ? 'y was' : 'ies were'} skipped (an API gives the first token of a text no score).`;
    if (r.scale !== chosen) text += ' OpenAI\'s "logprob" values are natural logarithms, so they were read as ln p whatever the choice above.';
    return text;
  },
};

/** `text` with its first letter in capitals. */
function capital(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A perplexity for people: significant digits, or m·10^e when e^H overflows a double. */
function shownPerplexity(r) {
  if (Number.isFinite(r.perplexity)) return sig(r.perplexity);
  const exponent = Math.floor(r.log10Perplexity);
  return `${(10 ** (r.log10Perplexity - exponent)).toFixed(3)}e${exponent}`;
}

/** Starts the pasted-scores part of the perplexity panel inside `panel`. */
export function initTokenScores(panel) {
  const $ = finder(panel);
  const ui = {
    text: $('ppl-tokens-text'), scale: $('ppl-tokens-scale'), hint: $('ppl-tokens-hint'),
    message: $('ppl-tokens-message'), ppl: $('ppl-tokens-ppl'), nats: $('ppl-tokens-nats'),
    bits: $('ppl-tokens-bits'), chart: $('ppl-tokens-chart'), detail: $('ppl-tokens-detail'),
  };
  ui.text.value = EXAMPLE;
  ui.hint.textContent = TEXT.hint;
  const state = { result: null, timer: 0 };
  const schedule = () => {
    clearTimeout(state.timer);
    if (ui.text.value.length > LARGE_INPUT_CHARS) state.timer = setTimeout(() => guard(() => score(ui, state)), 250);
    else guard(() => score(ui, state));
  };
  ui.text.addEventListener('input', schedule);
  ui.scale.addEventListener('change', schedule);
  onResize(ui.chart, () => guard(() => draw(ui, state)));
  score(ui, state);
}

/** Scores the paste; a refused one gives a message and leaves the text as it is. */
function score(ui, state) {
  const scores = tokenPerplexity(ui.text.value, ui.scale.value);
  state.result?.free();
  state.result = null;
  const issue = scores.issue;
  if (issue) {
    ui.message.textContent = TEXT.issue(issue, ui.scale.value);
    issue.free();
    scores.free();
    for (const output of [ui.ppl, ui.nats, ui.bits]) output.textContent = '–';
    ui.detail.textContent = '';
    draw(ui, state);
    return;
  }
  state.result = scores;
  ui.message.textContent = '';
  ui.ppl.textContent = shownPerplexity(scores);
  ui.nats.textContent = sig(scores.crossEntropyNats);
  ui.bits.textContent = sig(scores.bitsPerToken);
  ui.detail.textContent = TEXT.detail(scores, ui.scale.value);
  draw(ui, state);
}

/** Draws the surprisal bars (or clears the canvas). */
function draw(ui, state) {
  if (state.result) paint(ui.chart, (canvas, ratio) => state.result.draw(canvas, ratio));
  else clearFigure(ui.chart);
}
