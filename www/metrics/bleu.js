// The BLEU panel: sentence or corpus BLEU, live as the reader types, with every count shown.
import { BleuOptions, beginFigure, corpusBleu, finishFigure, sentenceBleu } from '../pkg/metrics/unroll.js';
import { clearFigure, painter } from '../figure.js';
import { el, finder, fmt, guard, installNumberFields, lines, onResize, readNumber } from '../kit.js';

/** Draws the chart and keeps its draw call for Save. */
const paint = painter({ beginFigure, finishFigure }, 'metrics');
const MAX_INPUT_CHARS = 2_000_000;
const LARGE_INPUT_CHARS = 100_000;
const MAX_TABLE_ROWS = 500;
const MAX_SHOWN_TOKENS = 2_000;
const MAX_SEGMENT_ROWS = 1_000;

const EXAMPLES = {
  sentence: {
    hyp: 'The cat sat on the mat.',
    refs: 'The cat is on the mat.\nThere is a cat on the mat.',
  },
  corpus: {
    hyp: 'The cat sat on the mat.\nIt is raining today.\nHe read the book quickly.\nYes.',
    refs: 'The cat is on the mat.\nIt rains today.\nHe quickly read the book.\nYes, indeed.\n\n'
      + 'There is a cat on the mat.\nToday it is raining.\nHe read the book fast.\nYes, of course.',
  },
};

/** Starts the BLEU panel inside `panel`. */
export function initBleu(panel) {
  const $ = finder(panel);
  const ui = {
    hyp: $('bleu-hyp'), refs: $('bleu-refs'), hypLabel: $('bleu-hyp-label'), refsLabel: $('bleu-refs-label'),
    hint: $('bleu-input-hint'), tokenize: $('bleu-tokenize'), smooth: $('bleu-smooth'),
    smoothValue: $('bleu-smooth-value'), smoothValueLabel: $('bleu-smooth-value-label'),
    lowercase: $('bleu-lowercase'), effective: $('bleu-effective'), message: $('bleu-message'),
    score: $('bleu-score'), precisions: $('bleu-precisions').tBodies[0], bp: $('bleu-bp'),
    chart: $('bleu-chart'), signature: $('bleu-signature'), corpus: $('bleu-corpus'),
    segments: $('bleu-segments').tBodies[0], tokens: $('bleu-tokens'), tokensTitle: $('bleu-tokens-title'),
    orderFilter: $('bleu-order-filter'), ngrams: $('bleu-ngrams').tBodies[0], ngramsNote: $('bleu-ngrams-note'),
    whyZero: $('bleu-why-zero'), whyCorpus: $('bleu-why-corpus'),
  };
  const state = { mode: 'sentence', texts: structuredClone(EXAMPLES), result: null, segment: 0, timer: 0 };
  ui.hyp.value = state.texts.sentence.hyp;
  ui.refs.value = state.texts.sentence.refs;

  // Small inputs are scored at once (as the reader types); large ones after a pause in typing.
  const schedule = () => {
    clearTimeout(state.timer);
    const size = ui.hyp.value.length + ui.refs.value.length;
    if (size > LARGE_INPUT_CHARS) state.timer = setTimeout(() => guard(() => recompute(ui, state)), 250);
    else guard(() => recompute(ui, state));
  };
  for (const input of [ui.hyp, ui.refs, ui.smoothValue]) input.addEventListener('input', schedule);
  for (const input of [ui.tokenize, ui.smooth, ui.lowercase, ui.effective]) input.addEventListener('change', schedule);
  ui.orderFilter.addEventListener('change', () => guard(() => showSegment(ui, state)));
  for (const radio of panel.querySelectorAll('input[name="bleu-mode"]')) {
    radio.addEventListener('change', () => {
      state.texts[state.mode] = { hyp: ui.hyp.value, refs: ui.refs.value };
      state.mode = radio.value;
      ui.hyp.value = state.texts[state.mode].hyp;
      ui.refs.value = state.texts[state.mode].refs;
      ui.effective.checked = state.mode === 'sentence';
      state.segment = 0;
      schedule();
    });
  }
  onResize(ui.chart, () => guard(() => drawChart(ui, state)));
  recompute(ui, state);
  return {
    // The controls hold the mode and the texts shown; the other mode's texts are its examples.
    restore: async () => {
      clearTimeout(state.timer);
      state.texts = structuredClone(EXAMPLES);
      state.mode = panel.querySelector('input[name="bleu-mode"]:checked').value;
      state.texts[state.mode] = { hyp: ui.hyp.value, refs: ui.refs.value };
      state.segment = 0;
      guard(() => recompute(ui, state));
      return { used: [], notes: [] };
    },
  };
}

/** Reads the option controls into a BleuOptions (the caller frees it). */
function readOptions(ui) {
  const options = new BleuOptions();
  options.tokenize = ui.tokenize.value;
  options.smoothMethod = ui.smooth.value;
  options.lowercase = ui.lowercase.checked;
  options.effectiveOrder = ui.effective.checked;
  const takesValue = ui.smooth.value === 'floor' || ui.smooth.value === 'add-k';
  ui.smoothValueLabel.hidden = !takesValue;
  if (takesValue) {
    ui.smoothValue.placeholder = ui.smooth.value === 'floor' ? '0.1' : '1';
    const key = ui.smooth.value === 'floor' ? 'bleu.floor' : 'bleu.add_k';
    if (ui.smoothValue.dataset.field !== key) {
      ui.smoothValue.dataset.field = key;
      ui.smoothValue.dataset.name = ui.smooth.value === 'floor' ? 'floor smoothing value ε' : 'add-k smoothing value k';
      installNumberFields(ui.smoothValue.parentElement);
    }
    let value;
    try {
      value = readNumber(ui.smoothValue);
    } catch (error) {
      options.free();
      throw error;
    }
    if (value !== null) options.smoothValue = value;
  }
  return options;
}

/** A reference line that stands for "this stream has no reference for this segment" (sacreBLEU's None). */
const NO_REFERENCE = '<none>';
/** A reference line that stands for an empty reference (sacreBLEU's ""), which counts, with length 0. */
const EMPTY_REFERENCE = '<empty>';

/** Splits the references box into streams: blocks separated by blank lines (corpus mode). A line
 * `<none>` is no reference (null), a line `<empty>` the empty reference. */
function referenceStreams(text) {
  const streams = [];
  let block = [];
  for (const line of lines(text)) {
    const marker = line.trim();
    if (marker === '') {
      if (block.length) streams.push(block);
      block = [];
    } else {
      block.push(marker === NO_REFERENCE ? null : marker === EMPTY_REFERENCE ? '' : line);
    }
  }
  if (block.length) streams.push(block);
  return streams;
}

/** How many references each segment has (streams as long as `count`; longer or shorter ones are
 * reported by the engine). */
function referenceCounts(streams, count) {
  const counts = new Array(count).fill(0);
  for (const stream of streams) {
    for (let i = 0; i < Math.min(count, stream.length); i++) if (stream[i] !== null) counts[i]++;
  }
  return counts;
}

/** The sentences of the corpus inputs, in one place for a later translation. */
const CORPUS_TEXT = {
  hypLabel: 'Hypotheses (one segment per line)',
  refsLabel: 'References (one block per stream, lines parallel to the hypotheses, a blank line between blocks; '
    + `a line ${NO_REFERENCE}: no reference here, ${EMPTY_REFERENCE}: an empty one)`,
  /** The hint under the boxes: segments, streams, and which segments have fewer references. */
  hint(segments, streams, counts) {
    const most = Math.max(...counts);
    const fewer = counts.map((c, i) => (c < most ? i + 1 : 0)).filter(Boolean);
    const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
    let text = `${plural(segments, 'segment')}, ${plural(streams, 'reference stream')}.`;
    if (fewer.length) {
      text += ` Variable references (nrefs:var): segment${fewer.length === 1 ? '' : 's'} ${list(fewer)} `
        + `${fewer.length === 1 ? 'has' : 'have'} fewer than ${most}; a missing reference is left out, as sacreBLEU leaves out None `
        + '(an empty reference would count, with length 0).';
    }
    return text;
  },
  /** Segments no stream has a reference for. */
  noReference: (segments) => `Segment${segments.length === 1 ? '' : 's'} ${list(segments)} ${segments.length === 1 ? 'has' : 'have'} no reference in any stream `
    + `(every line there is ${NO_REFERENCE}); each segment needs at least one.`,
};

/** `1, 2, 5` (at most 10, then "and N more"). */
function list(numbers) {
  const shown = numbers.slice(0, 10).join(', ');
  return numbers.length > 10 ? `${shown} and ${numbers.length - 10} more` : shown;
}

/** Scores the current input and redraws everything; bad input gives a message, not a crash. */
function recompute(ui, state) {
  const corpus = state.mode === 'corpus';
  ui.hypLabel.textContent = corpus ? CORPUS_TEXT.hypLabel : 'Hypothesis';
  ui.refsLabel.textContent = corpus ? CORPUS_TEXT.refsLabel : 'References (one per line)';
  ui.corpus.hidden = !corpus;
  ui.message.textContent = '';
  const size = ui.hyp.value.length + ui.refs.value.length;
  if (size > MAX_INPUT_CHARS) {
    return fail(ui, state, `That is ${size.toLocaleString('en')} characters; the bench scores up to ${MAX_INPUT_CHARS.toLocaleString('en')}. Nothing was lost: shorten the text to see scores again.`);
  }
  let options;
  try {
    options = readOptions(ui);
    let result;
    if (corpus) {
      const hyps = lines(ui.hyp.value);
      const streams = referenceStreams(ui.refs.value);
      if (streams.length === 0) return fail(ui, state, 'Type at least one reference block.');
      const counts = referenceCounts(streams, hyps.length);
      const missing = counts.map((c, i) => (c === 0 ? i + 1 : 0)).filter(Boolean);
      if (missing.length && streams.every((s) => s.length === hyps.length)) return fail(ui, state, CORPUS_TEXT.noReference(missing));
      ui.hint.textContent = CORPUS_TEXT.hint(hyps.length, streams.length, counts);
      result = corpusBleu(hyps, streams, options);
    } else {
      const refs = lines(ui.refs.value);
      if (ui.refs.value.trim() === '') return fail(ui, state, 'Type at least one reference.');
      const empty = refs.map((r, i) => (r.trim() === '' ? i + 1 : 0)).filter(Boolean);
      ui.hint.textContent = `${refs.length} reference${refs.length === 1 ? '' : 's'}`
        + (empty.length ? ` (reference ${empty.join(', ')} is empty: it still counts, with length 0, as in sacreBLEU).` : '.');
      result = sentenceBleu(ui.hyp.value, refs, options);
    }
    state.result?.free();
    state.result = result;
    if (state.segment >= result.segmentCount) state.segment = 0;
    showResult(ui, state);
  } catch (error) {
    fail(ui, state, error instanceof Error ? error.message : String(error));
  } finally {
    options?.free();
  }
}

/** Shows a message and clears the numbers (the reader's text stays as it is). */
function fail(ui, state, message) {
  ui.message.textContent = message;
  state.result?.free();
  state.result = null;
  ui.score.textContent = '–';
  ui.precisions.replaceChildren();
  ui.bp.textContent = '';
  ui.signature.textContent = '';
  ui.tokens.replaceChildren();
  ui.ngrams.replaceChildren();
  ui.segments.replaceChildren();
  ui.whyZero.textContent = '';
  ui.whyCorpus.textContent = '';
  drawChart(ui, state);
}

/** Fills the score, precision table, BP line, signature, chart and explanations. */
function showResult(ui, state) {
  const r = state.result;
  ui.score.textContent = fmt(r.score, 2);
  const precisions = r.precisions;
  const counts = r.counts;
  const totals = r.totals;
  ui.precisions.replaceChildren(...[0, 1, 2, 3].map((i) => el('tr',
    { class: r.ordersUsed && i >= r.ordersUsed ? 'unused' : '' },
    el('td', {}, i + 1),
    el('td', {}, `${+counts[i].toFixed(4)} / ${+totals[i].toFixed(4)}`),
    el('td', {}, fmt(precisions[i], 2)))));
  const penalty = r.sysLen >= r.refLen
    ? 'BP = 1: the hypothesis is not shorter than the reference'
    : r.sysLen === 0 ? 'BP = 0: the hypothesis is empty' : `BP = exp(1 − ${r.refLen}/${r.sysLen}) = ${fmt(r.bp, 4)}`;
  ui.bp.textContent = `Brevity penalty ${penalty} (hypothesis length ${r.sysLen}, reference length ${r.refLen}, ratio ${fmt(r.ratio, 3)}).`;
  ui.signature.textContent = r.signature;
  drawChart(ui, state);
  showSegments(ui, state);
  showSegment(ui, state);
  explain(ui, state);
}

/** Draws the build-up chart (or clears it when there is no result). */
function drawChart(ui, state) {
  if (state.result) paint(ui.chart, (canvas, ratio) => state.result.draw(canvas, ratio));
  else clearFigure(ui.chart);
}

/** The corpus table: one row per segment with its own sentence BLEU. */
function showSegments(ui, state) {
  const r = state.result;
  if (ui.corpus.hidden) return;
  const hyps = lines(ui.hyp.value);
  const scores = r.segmentScores;
  const variable = r.signature.startsWith('nrefs:var');
  const rows = [];
  for (let i = 0; i < Math.min(r.segmentCount, MAX_SEGMENT_ROWS); i++) {
    const stats = r.segmentStats(i);
    const refs = variable ? r.segmentRefLens(i).length : 0;
    const lengths = `${stats[0]} / ${stats[1]}` + (variable ? ` (${refs} ref${refs === 1 ? '' : 's'})` : '');
    const row = el('tr', { class: i === state.segment ? 'selected' : '', tabIndex: 0 },
      el('td', {}, i + 1), el('td', { class: 'text' }, truncate(hyps[i] ?? '', 80)),
      el('td', {}, fmt(scores[i], 2)), el('td', {}, lengths));
    const select = () => { state.segment = i; guard(() => { showSegments(ui, state); showSegment(ui, state); }); };
    row.addEventListener('click', select);
    row.addEventListener('keydown', (event) => { if (event.key === 'Enter') select(); });
    rows.push(row);
  }
  ui.segments.replaceChildren(...rows);
}

/** Tokens with match highlighting and the n-gram table of the selected segment. */
function showSegment(ui, state) {
  const r = state.result;
  if (!r) return;
  const i = state.segment;
  ui.tokensTitle.textContent = r.segmentCount > 1 ? `Hypothesis ${i + 1}: tokens` : 'Hypothesis tokens';
  const tokens = r.segmentTokens(i);
  const orders = r.matchedOrders(i);
  const shown = tokens.slice(0, MAX_SHOWN_TOKENS).map((token, k) => el('span',
    { class: orders[k] ? `tok m${orders[k]}` : 'tok', title: orders[k] ? `in a matched ${orders[k]}-gram` : 'no match' }, token));
  if (tokens.length === 0) shown.push(el('span', { class: 'hint' }, '(no tokens)'));
  if (tokens.length > MAX_SHOWN_TOKENS) shown.push(el('span', { class: 'hint' }, ` … and ${tokens.length - MAX_SHOWN_TOKENS} more`));
  ui.tokens.replaceChildren(...shown);

  const table = r.ngramTable(i);
  const filter = Number(ui.orderFilter.value);
  const rows = [];
  let matching = 0;
  for (let k = 0; k < table.orders.length; k++) {
    if (filter && table.orders[k] !== filter) continue;
    matching++;
    if (rows.length >= MAX_TABLE_ROWS) continue;
    rows.push(el('tr', { class: table.clipped[k] ? 'matched' : '' },
      el('td', {}, table.orders[k]), el('td', { class: 'text' }, table.texts[k]),
      el('td', {}, table.counts[k]), el('td', {}, table.maxRefCounts[k]),
      el('td', {}, table.clipped[k])));
  }
  ui.ngrams.replaceChildren(...rows);
  ui.ngramsNote.textContent = table.omitted
    ? 'This hypothesis is too long for a table; the counts above are still exact.'
    : matching > MAX_TABLE_ROWS ? `Showing the first ${MAX_TABLE_ROWS} of ${matching} n-grams.` : '';
}

/** Explains zero sentence BLEU and corpus vs mean-of-sentences with the current numbers. */
function explain(ui, state) {
  const r = state.result;
  const stats = r.segmentStats(state.segment);
  const correct = stats.slice(2, 6);
  const total = stats.slice(6, 10);
  const zero = [0, 1, 2, 3].find((n) => total[n] > 0 && correct[n] === 0);
  const where = r.segmentCount > 1 ? `Hypothesis ${state.segment + 1}` : 'This hypothesis';
  if (zero === undefined) {
    ui.whyZero.textContent = `${where} has at least one match at every order it has n-grams for, so no precision is 0. `
      + 'Change one word in the middle and watch p₃ and p₄ fall: without smoothing, one order with no match (pₙ = 0, ln 0 = −∞) makes the geometric mean — and BLEU — exactly 0, however good the rest is.';
  } else {
    const n = zero + 1;
    const unsmoothed = r.segmentScoreWith(state.segment, 'none');
    const exp = r.segmentScoreWith(state.segment, 'exp');
    ui.whyZero.textContent = `${where} has ${total[zero]} ${n}-gram${total[zero] === 1 ? '' : 's'} and none appears in a reference, so p${sub(n)} = 0/${total[zero]}. `
      + `The geometric mean multiplies the precisions, so one zero makes it 0: without smoothing BLEU = ${fmt(unsmoothed, 2)} (sacreBLEU floors ln 0 at −9 999 999 999). `
      + `Short sentences often have no matching 4-gram at all. The exp smoothing counts the k-th empty order as 100 / (2ᵏ · total) percent instead, giving BLEU = ${fmt(exp, 2)}.`;
  }
  if (r.segmentCount > 1) {
    const scores = r.segmentScores;
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    ui.whyCorpus.textContent = `Here the mean of the ${scores.length} sentence BLEUs is ${fmt(mean, 2)}, but corpus BLEU is ${fmt(r.score, 2)}. `
      + `Corpus BLEU first adds up the matches (${r.counts.map((c) => +c.toFixed(2)).join(', ')}) and totals (${r.totals.map((c) => +c.toFixed(2)).join(', ')}) and the lengths (${r.sysLen} vs ${r.refLen}) of all segments, then takes the ratios once. `
      + 'Long segments weigh more, a segment with no 4-gram match does not zero anything, and the brevity penalty is paid once for the whole corpus, not per sentence.';
  } else {
    ui.whyCorpus.textContent = 'Corpus BLEU adds up the matched and total n-grams and the lengths of all segments before dividing; it is not the average of sentence BLEUs. '
      + 'Switch to Corpus above to see both numbers for several segments.';
  }
}

/** Subscript digits for p₁..p₄. */
function sub(n) {
  return '₀₁₂₃₄₅₆₇₈₉'[n];
}

/** Shortens text to `max` characters with an ellipsis. */
function truncate(text, max) {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}
