// The precision / recall panel: multiset overlap drawn item by item.
import { TextOptions, overlap, pipelineTokens } from '../pkg/metrics/unroll.js';
import { pipelineOptions } from '../word2vec/lab.js';
import { el, finder, fmt, guard } from '../kit.js';

const MAX_CHARS = 100_000;
const MAX_CHIPS = 400;

/** Starts the precision/recall panel inside `panel`. */
export function initOverlap(panel) {
  const $ = finder(panel);
  const ui = {
    truth: $('overlap-truth'), pred: $('overlap-pred'), precision: $('overlap-precision'),
    recall: $('overlap-recall'), f1: $('overlap-f1'), precisionFrac: $('overlap-precision-frac'),
    recallFrac: $('overlap-recall-frac'), f1Frac: $('overlap-f1-frac'),
    message: $('overlap-message'), truthItems: $('overlap-truth-items'), predItems: $('overlap-pred-items'), gaming: $('overlap-gaming'),
    whitespace: $('overlap-whitespace'),
  };
  const level = () => panel.querySelector('input[name="overlap-level"]:checked').value;
  const update = () => guard(() => show(ui, level()));
  ui.truth.addEventListener('input', update);
  ui.pred.addEventListener('input', update);
  ui.whitespace.addEventListener('change', update);
  for (const radio of panel.querySelectorAll('input[name="overlap-level"]')) radio.addEventListener('change', update);
  update();
}

/** Whether whitespace is counted: only characters offer the choice (the box is disabled otherwise). */
function whitespaceFor(ui, level) {
  ui.whitespace.disabled = level !== 'char';
  return level === 'char' && ui.whitespace.checked ? 'count' : 'ignore';
}

/** An item as a chip shows it: whitespace made visible (space ␣, tab ⇥, newline ↵, others as U+XXXX). */
function shownItem(item) {
  if (!/^\s$/u.test(item)) return item;
  const named = { ' ': '␣', '\t': '⇥', '\n': '↵', '\r': '␍' }[item];
  return named ?? `U+${item.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Scores the inputs and draws both multisets. */
function show(ui, level) {
  const whitespace = whitespaceFor(ui, level);
  const long = ui.truth.value.length > MAX_CHARS || ui.pred.value.length > MAX_CHARS;
  ui.message.textContent = long
    ? `Only the first ${MAX_CHARS.toLocaleString('en')} characters of each text are compared; your text is kept as it is.`
    : '';
  const truth = ui.truth.value.slice(0, MAX_CHARS);
  const pred = ui.pred.value.slice(0, MAX_CHARS);
  const o = level === 'pipeline' ? pipelineOverlap(truth, pred) : overlap(truth, pred, level, whitespace);
  ui.precision.textContent = fmt(o.precision, 3);
  ui.recall.textContent = fmt(o.recall, 3);
  ui.f1.textContent = fmt(o.f1, 3);
  ui.precisionFrac.textContent = o.predLen ? `${o.overlap} shared / ${o.predLen} predicted` : 'undefined: nothing predicted (0/0)';
  ui.recallFrac.textContent = o.truthLen ? `${o.overlap} shared / ${o.truthLen} true` : 'undefined: empty truth (0/0)';
  ui.f1Frac.textContent = o.predLen + o.truthLen ? `2·${o.overlap} / (${o.predLen} + ${o.truthLen})` : 'undefined';
  const unit = level === 'char' ? 'character' : 'word';
  const items = o.items;
  ui.truthItems.replaceChildren(...chips(items, o.matched, o.truthSequence));
  ui.predItems.replaceChildren(...chips(items, o.matched, o.predSequence));
  const first = o.truthSequence.length ? items[o.truthSequence[0]] : null;
  o.free();
  explainGaming(ui, truth, first, level, unit, whitespace);
}

/** Word-level overlap of the two texts' tokens under the word2vec lab's preprocessing. */
function pipelineOverlap(truth, pred) {
  const options = pipelineOptions(TextOptions);
  try {
    return overlap(pipelineTokens(truth, options).join(' '), pipelineTokens(pred, options).join(' '), 'token');
  } finally {
    options.free();
  }
}

/** One chip per item occurrence (`seq` indexes `items`); the first `matched[i]` occurrences
 * of item i are highlighted as shared. */
function chips(items, matched, seq) {
  const used = new Map();
  const out = [];
  for (const i of seq.slice(0, MAX_CHIPS)) {
    const k = used.get(i) ?? 0;
    used.set(i, k + 1);
    const shared = k < matched[i];
    out.push(el('span', { class: shared ? 'chip matched' : 'chip', title: shared ? 'shared' : 'not shared' }, shownItem(items[i])));
  }
  if (seq.length > MAX_CHIPS) out.push(el('span', { class: 'hint' }, `… ${seq.length - MAX_CHIPS} more`));
  if (seq.length === 0) out.push(el('span', { class: 'hint' }, '(empty)'));
  return out;
}

/** Shows, with the current truth, how a long or a short prediction games one of the two. */
function explainGaming(ui, truth, first, level, unit, whitespace) {
  const sep = level === 'char' ? '' : ' ';
  if (first === null) {
    ui.gaming.textContent = 'Type a truth to see how each measure can be gamed.';
    return;
  }
  const padding = level === 'char' ? 'qxzjkvwy' : 'and the of a to in is it';
  const score = (a, b) => (level === 'pipeline' ? pipelineOverlap(a, b) : overlap(a, b, level, whitespace));
  const long = score(truth, `${truth}${sep}${padding}${sep}${padding}`);
  const short = score(truth, first);
  ui.gaming.textContent = `Recall alone rewards saying more: the truth followed by filler ("${truth}${sep}${padding}${sep}${padding}") keeps recall at ${fmt(long.recall, 2)} while precision falls to ${fmt(long.precision, 2)}. `
    + `Precision alone rewards saying less: predicting only the first ${unit} ("${first}") gives precision ${fmt(short.precision, 2)} but recall ${fmt(short.recall, 2)}. `
    + `F1, their harmonic mean, punishes both: ${fmt(long.f1, 2)} and ${fmt(short.f1, 2)}.`;
  long.free();
  short.free();
}
