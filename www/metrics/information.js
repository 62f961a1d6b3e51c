// The information panel: entropy, cross entropy and KL of two editable distributions, and the
// mutual information of an editable joint table.
import {
  beginFigure, compareDistributions, DistributionComparison, finishFigure, identicalJoint, independentJoint,
  mutualInformation,
} from '../pkg/metrics/unroll.js';
import { painter } from '../figure.js';
import { canvasPoint, el, finder, fmt, guard, onResize, pixelRatio } from '../kit.js';
import { stateChanged } from '../link.js';

/** Draws a chart and keeps its draw call for Save. */
const paint = painter({ beginFigure, finishFigure }, 'metrics');
const MAX_OUTCOMES = 12;
const MAX_SIDE = 6;
const PRESETS = {
  peaked: { p: [0.25, 0.25, 0.25, 0.25], q: [0.7, 0.1, 0.1, 0.1] },
  gap: { p: [0.4, 0.3, 0.2, 0.1], q: [0.5, 0.3, 0, 0.2] },
};

/** Starts the information panel inside `panel`. */
export function initInformation(panel) {
  const $ = finder(panel);
  const ui = {
    p: $('info-p'), q: $('info-q'), chart: $('info-chart'), table: $('info-table').tBodies[0],
    identity: $('info-identity'), infinite: $('info-infinite'), message: $('info-message'),
    miTable: $('mi-table'), miChart: $('mi-chart'), miMessage: $('mi-message'), miKpis: $('mi-kpis'),
  };
  const state = {
    p: [...PRESETS.peaked.p], q: [...PRESETS.peaked.q], result: null,
    joint: structuredClone(DEFAULT_JOINT), mi: null, drag: null,
  };
  const unit = () => panel.querySelector('input[name="info-unit"]:checked').value;
  const refresh = () => guard(() => { buildInputs(ui, state); compute(ui, state, unit()); });
  const recompute = () => guard(() => compute(ui, state, unit()));
  state.recompute = recompute;

  $('info-add').addEventListener('click', () => {
    if (state.p.length >= MAX_OUTCOMES) return;
    state.p.push(0.1); state.q.push(0.1); refresh();
  });
  $('info-remove').addEventListener('click', () => {
    if (state.p.length <= 2) return;
    state.p.pop(); state.q.pop(); refresh();
  });
  $('info-preset-peaked').addEventListener('click', () => {
    state.p = [...PRESETS.peaked.p]; state.q = [...PRESETS.peaked.q]; refresh();
  });
  $('info-preset-gap').addEventListener('click', () => {
    state.p = [...PRESETS.gap.p]; state.q = [...PRESETS.gap.q]; refresh();
  });
  $('info-preset-same').addEventListener('click', () => { state.q = [...state.p]; refresh(); });
  for (const radio of panel.querySelectorAll('input[name="info-unit"]')) {
    radio.addEventListener('change', () => guard(() => { compute(ui, state, unit()); computeMi(ui, state, unit()); }));
  }
  installDrag(ui, state);
  onResize(ui.chart, () => guard(() => drawDistributions(ui, state)));

  const miRefresh = () => guard(() => { buildJoint(ui, state); computeMi(ui, state, unit()); });
  state.miRecompute = () => guard(() => computeMi(ui, state, unit()));
  $('mi-independent').addEventListener('click', () => guard(() => {
    if (!state.mi) return;
    const px = Array.from(state.mi.pX);
    const py = Array.from(state.mi.pY);
    state.joint = reshape(independentJoint(px, py), px.length, py.length);
    miRefresh();
  }));
  $('mi-identical').addEventListener('click', () => guard(() => {
    if (!state.mi) return;
    const px = Array.from(state.mi.pX);
    state.joint = reshape(identicalJoint(px), px.length, px.length);
    miRefresh();
  }));
  $('mi-add-row').addEventListener('click', () => {
    if (state.joint.length < MAX_SIDE) { state.joint.push(state.joint[0].map(() => 0.1)); miRefresh(); }
  });
  $('mi-remove-row').addEventListener('click', () => {
    if (state.joint.length > 1) { state.joint.pop(); miRefresh(); }
  });
  $('mi-add-col').addEventListener('click', () => {
    if (state.joint[0].length < MAX_SIDE) { state.joint.forEach((row) => row.push(0.1)); miRefresh(); }
  });
  $('mi-remove-col').addEventListener('click', () => {
    if (state.joint[0].length > 1) { state.joint.forEach((row) => row.pop()); miRefresh(); }
  });
  onResize(ui.miChart, () => guard(() => drawMi(ui, state)));
  refresh();
  miRefresh();
  // Buttons and drags change the distributions without an input event: say so to the address.
  for (const button of panel.querySelectorAll('button')) button.addEventListener('click', () => stateChanged(button));
  ui.chart.addEventListener('pointerup', () => stateChanged(ui.chart));
  return {
    extra: () => linkState(state),
    restore: async (params) => {
      const notes = [];
      const p = readList(params.get('p'), 2, MAX_OUTCOMES);
      const q = readList(params.get('q'), 2, MAX_OUTCOMES);
      if (p === null || q === null || (p && q && p.length !== q.length)) {
        notes.push(`The link's p and q are not two lists of 2 to ${MAX_OUTCOMES} numbers of the same length; the example distributions opened instead.`);
        state.p = [...PRESETS.peaked.p]; state.q = [...PRESETS.peaked.q];
      } else {
        state.p = p ?? [...PRESETS.peaked.p];
        state.q = q ?? [...PRESETS.peaked.q];
      }
      const rows = params.get('joint')?.split(';').map((row) => readList(row, 1, MAX_SIDE));
      if (rows && (rows.length > MAX_SIDE || rows.some((row) => row === null || row?.length !== rows[0]?.length))) {
        notes.push(`The link's joint distribution is not a table of at most ${MAX_SIDE} × ${MAX_SIDE} numbers; the example table opened instead.`);
        state.joint = structuredClone(DEFAULT_JOINT);
      } else state.joint = rows ?? structuredClone(DEFAULT_JOINT);
      refresh();
      miRefresh();
      return { used: ['p', 'q', 'joint'], notes };
    },
  };
}

/** The joint distribution the panel opens with. */
const DEFAULT_JOINT = [[0.3, 0.1], [0.1, 0.5]];

/** The distributions, as a link writes them (only when they are not the ones the panel opens with). */
function linkState(state) {
  const list = (values) => values.map((v) => (Number.isFinite(v) ? String(v) : '')).join(',');
  const pairs = [];
  if (list(state.p) !== list(PRESETS.peaked.p) || list(state.q) !== list(PRESETS.peaked.q)) {
    pairs.push(['p', list(state.p)], ['q', list(state.q)]);
  }
  const joint = state.joint.map(list).join(';');
  if (joint !== DEFAULT_JOINT.map(list).join(';')) pairs.push(['joint', joint]);
  return pairs;
}

/**
 * A link's comma-separated list of `fewest` to `most` numbers (an empty entry is kept as NaN,
 * as an empty input is); `undefined` when the link has none, null when it is not such a list.
 */
function readList(text, fewest, most) {
  if (text === undefined) return undefined;
  const parts = text.split(',');
  if (parts.length < fewest || parts.length > most) return null;
  if (!parts.every((part) => part.trim() === '' || Number.isFinite(Number(part)))) return null;
  return parts.map((part) => (part.trim() === '' ? NaN : Number(part)));
}

/** Parses a typed entry: a finite number, or NaN (the engine names the bad entry). */
function parseEntry(text) {
  const trimmed = text.trim();
  return trimmed === '' ? NaN : Number(trimmed);
}

/** Rebuilds the number inputs for p and q from the state. */
function buildInputs(ui, state) {
  for (const name of ['p', 'q']) {
    const inputs = state[name].map((value, i) => {
      const input = el('input', {
        type: 'text', inputMode: 'decimal', value: String(round(value)),
        'aria-label': `${name}${i + 1}`, dataset: { series: name, index: String(i) },
      });
      input.addEventListener('input', () => {
        state[name][i] = parseEntry(input.value);
        state.recompute();
      });
      return input;
    });
    ui[name].replaceChildren(...inputs);
  }
}

/** Writes the state's values back into the inputs (after a drag). */
function syncInputs(ui, state) {
  for (const name of ['p', 'q']) {
    ui[name].querySelectorAll('input').forEach((input, i) => { input.value = String(round(state[name][i])); });
  }
}

/** Rounds for display in an input. */
function round(value) {
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : '';
}

/** Computes every measure and fills the table; bad entries give a message and keep the text. */
function compute(ui, state, unitName) {
  let result;
  try {
    result = compareDistributions(state.p, state.q, unitName);
  } catch (error) {
    ui.message.textContent = error.message;
    return;
  }
  state.result?.free();
  state.result = result;
  const notes = [];
  if (Math.abs(result.pSum - 1) > 1e-9) notes.push(`p sums to ${fmt(result.pSum, 3)}: each entry is divided by ${fmt(result.pSum, 3)}.`);
  if (Math.abs(result.qSum - 1) > 1e-9) notes.push(`q sums to ${fmt(result.qSum, 3)}: each entry is divided by ${fmt(result.qSum, 3)}.`);
  ui.message.textContent = notes.join(' ');
  ui.message.classList.toggle('note', notes.length > 0);
  const u = unitName;
  const rows = [
    ['H(p)', result.entropyP, `average surprise of outcomes drawn from p, in ${u}`],
    ['H(q)', result.entropyQ, 'the same for q'],
    ['H(p, q)', result.crossEntropyPQ, `average ${u} to code samples of p with a code built for q`],
    ['H(q, p)', result.crossEntropyQP, 'samples of q, code built for p'],
    ['KL(p‖q)', result.klPQ, `extra ${u} paid for using q when the truth is p`],
    ['KL(q‖p)', result.klQP, 'the other way round: not the same number (KL is not symmetric)'],
  ];
  ui.table.replaceChildren(...rows.map(([name, value, what]) => el('tr', {},
    el('td', { class: 'text' }, name),
    el('td', { class: value === Infinity ? 'inf' : '' }, fmt(value, 4)),
    el('td', { class: 'text' }, what))));
  ui.identity.textContent = Number.isFinite(result.klPQ)
    ? `KL(p‖q) = H(p,q) − H(p) = ${fmt(result.crossEntropyPQ, 4)} − ${fmt(result.entropyP, 4)} = ${fmt(result.crossEntropyPQ - result.entropyP, 4)} ${u}`
    : `KL(p‖q) = H(p,q) − H(p) = ∞ − ${fmt(result.entropyP, 4)} = ∞`;
  const reasons = [];
  const p = result.p;
  const q = result.q;
  if (result.gapPQ !== undefined) {
    const i = result.gapPQ;
    reasons.push(`KL(p‖q) = ∞ because q${i + 1} = 0 while p${i + 1} = ${fmt(p[i], 3)} > 0: q calls impossible an outcome that p says happens, and log(p/0) is infinite.`);
  }
  if (result.gapQP !== undefined) {
    const i = result.gapQP;
    reasons.push(`KL(q‖p) = ∞ because p${i + 1} = 0 while q${i + 1} = ${fmt(q[i], 3)} > 0.`);
  }
  if (result.gapPQ === undefined && result.gapQP !== undefined) {
    reasons.push('Outcomes where p is 0 cost nothing in KL(p‖q): 0·log 0 = 0.');
  }
  ui.infinite.textContent = reasons.join(' ');
  drawDistributions(ui, state);
}

/** Draws p and q on the canvas. */
function drawDistributions(ui, state) {
  if (state.result) paint(ui.chart, (canvas, ratio) => state.result.draw(canvas, ratio));
}

/** Dragging a bar sets that probability; the other entries of the series scale to keep the sum 1. */
function installDrag(ui, state) {
  const hit = (event) => {
    const area = DistributionComparison.plotArea(ui.chart.width, ui.chart.height, pixelRatio());
    const { left, top, right, bottom } = area;
    area.free();
    const [x, y] = canvasPoint(event, ui.chart);
    const n = state.p.length;
    const slot = ((x - left) / (right - left)) * n;
    if (slot < 0 || slot >= n) return null;
    const index = Math.floor(slot);
    const series = slot - index < 0.5 ? 'p' : 'q';
    const value = Math.min(1, Math.max(0, (bottom - y) / (bottom - top)));
    return { index, series, value };
  };
  const apply = (target) => {
    const values = state[target.series];
    const sum = values.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0) || 1;
    const normalised = values.map((v) => (Number.isFinite(v) ? v / sum : 0));
    const others = normalised.reduce((a, b, i) => (i === target.index ? a : a + b), 0);
    const scale = others > 0 ? (1 - target.value) / others : 0;
    state[target.series] = normalised.map((v, i) => (i === target.index ? target.value : v * scale));
    if (others === 0) {
      const share = (1 - target.value) / (values.length - 1);
      state[target.series] = normalised.map((v, i) => (i === target.index ? target.value : share));
    }
    syncInputs(ui, state);
    state.recompute();
  };
  ui.chart.addEventListener('pointerdown', (event) => guard(() => {
    const target = hit(event);
    if (!target) return;
    state.drag = target;
    ui.chart.setPointerCapture(event.pointerId);
    apply(target);
  }));
  ui.chart.addEventListener('pointermove', (event) => guard(() => {
    if (!state.drag) return;
    const target = hit(event);
    if (target) apply({ ...state.drag, value: target.value });
  }));
  const end = () => { state.drag = null; };
  ui.chart.addEventListener('pointerup', end);
  ui.chart.addEventListener('pointercancel', end);
}

/** Splits a flat row-major array into rows. */
function reshape(flat, rows, cols) {
  return Array.from({ length: rows }, (_, r) => Array.from(flat.slice(r * cols, (r + 1) * cols)));
}

/** Rebuilds the joint table's inputs. */
function buildJoint(ui, state) {
  const cols = state.joint[0].length;
  const head = el('tr', {}, el('th', { scope: 'col' }, 'x \\ y'), ...Array.from({ length: cols }, (_, c) => el('th', {}, `y${c + 1}`)));
  const rows = state.joint.map((row, r) => el('tr', {}, el('th', {}, `x${r + 1}`), ...row.map((value, c) => {
    const input = el('input', { type: 'text', inputMode: 'decimal', value: String(round(value)), 'aria-label': `p(x${r + 1}, y${c + 1})` });
    input.addEventListener('input', () => { state.joint[r][c] = parseEntry(input.value); state.miRecompute(); });
    return el('td', {}, input);
  })));
  ui.miTable.replaceChildren(head, ...rows);
}

/** Computes I(X;Y) and the entropies around it. */
function computeMi(ui, state, unitName) {
  const rows = state.joint.length;
  const cols = state.joint[0].length;
  let result;
  try {
    result = mutualInformation(state.joint.flat(), rows, cols, unitName);
  } catch (error) {
    ui.miMessage.textContent = error.message;
    ui.miMessage.classList.remove('note');
    return;
  }
  state.mi?.free();
  state.mi = result;
  const sum = state.joint.flat().reduce((a, b) => a + b, 0);
  ui.miMessage.textContent = Math.abs(sum - 1) > 1e-9 ? `The table sums to ${fmt(sum, 3)}: each entry is divided by ${fmt(sum, 3)}.` : '';
  ui.miMessage.classList.add('note');
  const u = unitName;
  const kpi = (label, value, sub) => el('div', { class: 'kpi' },
    el('div', { class: 'sub' }, label), el('div', { class: 'value' }, fmt(value, 4)), el('div', { class: 'sub' }, sub));
  ui.miKpis.replaceChildren(
    kpi('I(X;Y)', result.mi, `${u} shared by X and Y`),
    kpi('H(X)', result.hX, u), kpi('H(Y)', result.hY, u), kpi('H(X,Y)', result.hXY, u),
    kpi('H(X|Y)', result.hXGivenY, `${u} left in X once Y is known`),
    kpi('H(Y|X)', result.hYGivenX, u),
    el('p', { class: 'formula' }, `H(X) + H(Y) − H(X,Y) = ${fmt(result.hX, 4)} + ${fmt(result.hY, 4)} − ${fmt(result.hXY, 4)} = ${fmt(result.hX + result.hY - result.hXY, 4)}`),
  );
  drawMi(ui, state);
}

/** Draws the joint heat map. */
function drawMi(ui, state) {
  if (state.mi) paint(ui.miChart, (canvas, ratio) => state.mi.draw(canvas, ratio));
}
