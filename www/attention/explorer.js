// The attention explorer: queries, keys and values edited by dragging a cell or typing,
// softmax(QKᵀ · c + mask) V with every step drawn, and the masks people confuse side by side
// (none, causal, padding, custom), including a fully masked row and what it gives. The engine
// computes every number; this module formats the sentences (one place, for a later translation).
import { AttentionExplorer, Pointer, beginFigure, finishFigure } from '../pkg/attention/unroll.js';
import { painter } from '../figure.js';
import { finder, guard, onResize, pixelRatio, pointerMaker, sig } from '../kit.js';
import { shorten, stateChanged } from '../link.js';

const pointerOn = pointerMaker(Pointer);
/** Draws an explorer chart and keeps its draw call for Save. */
const paint = painter({ beginFigure, finishFigure }, 'attention');

/** The charts, by the canvas each is drawn on. @type {Array<'inputs' | 'steps' | 'masks'>} */
const CHARTS = ['inputs', 'steps', 'masks'];
/** The inputs, in the order the inputs chart draws them. @type {Array<'q' | 'k' | 'v'>} */
const MATRICES = ['q', 'k', 'v'];
/** The masks, in the order the masks chart draws them. @type {Array<'none' | 'causal' | 'padding' | 'custom'>} */
const MASKS = ['none', 'causal', 'padding', 'custom'];
/** A drag changes a value by one per this many CSS pixels. */
const DRAG_PX_PER_UNIT = 40;
/** Dragged and keyed values are kept to multiples of this (a link holds them exactly). */
const VALUE_STEP = 0.05;
/** How much Page Up / Page Down change a value. */
const KEY_STEP = 0.1;
/** The link's keys for the explorer's own state (its controls are in the link by their ids). */
const LINK_KEYS = ['ex-q', 'ex-k', 'ex-v', 'ex-custom'];

/** A number as the page writes it: three significant digits less trailing zeros (as the charts), a true minus sign, NaN named. */
function num(value) {
  if (Number.isNaN(value)) return 'NaN';
  const text = sig(value, 3);
  return text.includes('e') || !text.includes('.') ? text : text.replace(/\.?0+$/, '');
}

/** `value` kept to a multiple of VALUE_STEP within ±max. */
function stepped(value, max) {
  const kept = Math.round(value / VALUE_STEP) * VALUE_STEP;
  return Math.min(max, Math.max(-max, Number(kept.toFixed(2))));
}

/** Starts the explorer inside the attention lab's `section`; returns `joined(hooks)`, which adds its link state to the lab's. */
export function initExplorer(section) {
  const $ = finder(section);
  const ui = {
    tq: $('att-ex-tq'), tk: $('att-ex-tk'), d: $('att-ex-d'), dv: $('att-ex-dv'), scaled: $('att-ex-scaled'),
    padded: $('att-ex-padded'), value: $('att-ex-value'), valueLabel: $('att-ex-value-label'), readout: $('att-ex-readout'),
    message: $('att-ex-message'), inputs: $('att-ex-inputs'), steps: $('att-ex-steps'), masks: $('att-ex-masks'),
    explain: $('att-ex-explain'), masksExplain: $('att-ex-masks-explain'), fixes: $('att-ex-fixes'),
  };
  const canvases = { inputs: ui.inputs, steps: ui.steps, masks: ui.masks };
  const state = { ex: new AttentionExplorer(), selected: null, drag: null };
  const redraw = () => draw(section, ui, canvases, state);
  const change = (fn) => () => guard(() => {
    ui.message.textContent = '';
    try {
      fn();
    } catch (error) {
      ui.message.textContent = error.message;
    }
    redraw();
  });
  for (const select of [ui.tq, ui.tk, ui.d, ui.dv]) {
    select.addEventListener('change', change(() => { resize(ui, state); }));
  }
  ui.scaled.addEventListener('change', change(() => state.ex.setScaled(ui.scaled.checked)));
  ui.padded.addEventListener('change', change(() => state.ex.setPadded(Number(ui.padded.value))));
  for (const radio of section.querySelectorAll('input[name="att-ex-mask"], input[name="att-ex-fully"]')) {
    radio.addEventListener('change', change(() => applyChoices(section, state)));
  }
  ui.value.addEventListener('input', change(() => typeValue(ui, state)));
  installInputs(ui, state, change);
  installMasks(section, ui, state, change);
  installReadouts(section, ui, state);
  for (const canvas of Object.values(canvases)) onResize(canvas, () => guard(redraw));
  applyChoices(section, state);
  redraw();
  return {
    /** The lab's link hooks with the explorer's state added: `ex-q`, `ex-k`, `ex-v` (edited inputs) and `ex-custom`. */
    joined: (hooks) => ({
      built: hooks.built,
      extra: () => [...hooks.extra(), ...linkState(state)],
      restore: async (params, progress) => {
        const lab = await hooks.restore(params, progress);
        const own = guard(() => restoreLink(section, ui, state, params)) ?? { used: LINK_KEYS, notes: [] };
        redraw();
        return { used: [...lab.used, ...own.used], notes: [...lab.notes, ...own.notes] };
      },
    }),
  };
}

/** The checked value of radio group `name`. */
function checked(section, name) {
  return section.querySelector(`input[name="${name}"]:checked`)?.value;
}

/** Gives the explorer the chosen mask and what a fully masked row gives. */
function applyChoices(section, state) {
  state.ex.setMask(checked(section, 'att-ex-mask') ?? 'custom');
  state.ex.setFullyMasked(checked(section, 'att-ex-fully') ?? 'nan');
}

/** New sizes from the size controls (the selection goes). */
function resize(ui, state) {
  state.ex.resize(Number(ui.tq.value), Number(ui.tk.value), Number(ui.d.value), Number(ui.dv.value));
  select(ui, state, null);
}

/** Selects an input cell (null: none) and puts its value in the value field. */
function select(ui, state, cell) {
  state.selected = cell;
  if (!cell) {
    state.ex.clearSelection();
    ui.value.value = '';
    ui.value.disabled = true;
    ui.valueLabel.firstChild.textContent = 'value ';
    return;
  }
  state.ex.select(cell.matrix, cell.row, cell.column);
  ui.value.disabled = false;
  ui.value.value = String(state.ex.entry(cell.matrix, cell.row, cell.column));
  ui.valueLabel.firstChild.textContent = `${cellName(cell.matrix, cell.row, cell.column)} = `;
}

/** An input cell's name: `Q[2, 1]` (1-based). */
function cellName(matrix, row, column) {
  return `${matrix.toUpperCase()}[${row + 1}, ${column + 1}]`;
}

/** Takes the typed value for the selected cell; what is not a number is a message. */
function typeValue(ui, state) {
  const cell = state.selected;
  if (!cell) return;
  const typed = ui.value.value.trim().replace('−', '-');
  const value = typed === '' ? NaN : Number(typed);
  if (Number.isNaN(value)) throw new Error(`${cellName(cell.matrix, cell.row, cell.column)} must be a number from −${AttentionExplorer.maxValue} to ${AttentionExplorer.maxValue}; “${shorten(ui.value.value)}” is not one.`);
  state.ex.setEntry(cell.matrix, cell.row, cell.column, value);
  stateChanged(ui.value, false);
}

/** The input cell under a pointer event, as { matrix, row, column }, or null. */
function inputCell(state, event, canvas) {
  const hit = state.ex.cellAt('inputs', pointerOn(event, canvas));
  if (hit === undefined) return null;
  const cell = { matrix: MATRICES[hit.matrix], row: hit.row, column: hit.column };
  hit.free();
  return cell;
}

/** Dragging an input cell up or down changes it; a click selects it for typing; Page Up / Page Down step it. */
function installInputs(ui, state, change) {
  const canvas = ui.inputs;
  canvas.addEventListener('pointerdown', (event) => guard(() => {
    const cell = inputCell(state, event, canvas);
    if (!cell) return;
    // A key's press (www/keyboard.js) has no pointer to capture.
    if (event.isTrusted) canvas.setPointerCapture(event.pointerId);
    state.drag = { cell, y: event.clientY, from: state.ex.entry(cell.matrix, cell.row, cell.column), moved: false, pointer: event.isTrusted };
    select(ui, state, cell);
    change(() => {})();
  }));
  canvas.addEventListener('pointermove', (event) => guard(() => {
    const drag = state.drag;
    if (!drag || !(event.buttons & 1)) return;
    const value = stepped(drag.from + (drag.y - event.clientY) / DRAG_PX_PER_UNIT, AttentionExplorer.maxValue);
    const { matrix, row, column } = drag.cell;
    if (value === state.ex.entry(matrix, row, column)) return;
    drag.moved = true;
    change(() => { state.ex.setEntry(matrix, row, column, value); ui.value.value = String(value); })();
  }));
  const end = () => guard(() => {
    const drag = state.drag;
    state.drag = null;
    if (!drag) return;
    // One drag is one change of the state a link holds; a click leaves the cell ready for
    // typing (a key's press, www/keyboard.js, keeps the focus on the chart).
    if (drag.moved) stateChanged(canvas);
    else if (drag.pointer) { ui.value.focus(); ui.value.select(); }
  });
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  canvas.addEventListener('chart-nudge', (event) => guard(() => {
    const { detail } = /** @type {CustomEvent} */ (event);
    const cell = inputCell(state, detail, canvas);
    if (!cell) return;
    event.preventDefault();
    const { matrix, row, column } = cell;
    const value = stepped(state.ex.entry(matrix, row, column) + detail.by * KEY_STEP, AttentionExplorer.maxValue);
    change(() => { state.ex.setEntry(matrix, row, column, value); select(ui, state, cell); })();
    stateChanged(canvas);
  }));
}

/** A click on a mask chooses it; a click on a cell of the custom mask toggles that cell. */
function installMasks(section, ui, state, change) {
  ui.masks.addEventListener('click', (event) => guard(() => {
    const hit = state.ex.cellAt('masks', pointerOn(event, ui.masks));
    if (hit === undefined) return;
    const { matrix, row, column } = hit;
    hit.free();
    const mask = MASKS[matrix];
    const radio = section.querySelector(`input[name="att-ex-mask"][value="${mask}"]`);
    change(() => {
      if (mask === 'custom' && radio.checked) state.ex.toggleCustom(row, column);
      radio.checked = true;
      applyChoices(section, state);
    })();
    stateChanged(ui.masks);
  }));
}

/** Hover read-outs (a canvas's title, which the keyboard cursor reads too). */
function installReadouts(section, ui, state) {
  for (const chart of CHARTS) {
    const canvas = ui[chart];
    canvas.addEventListener('pointermove', (event) => guard(() => {
      const hit = state.ex.cellAt(chart, pointerOn(event, canvas));
      if (hit === undefined) { canvas.title = ''; return; }
      const cell = { matrix: hit.matrix, row: hit.row, column: hit.column };
      hit.free();
      canvas.title = cellText(state.ex, chart, cell, checked(section, 'att-ex-mask') ?? 'custom');
    }));
  }
}

/** What one cell of `chart` holds, in a sentence (`mask`: the chosen one, which the steps show). */
function cellText(ex, chart, { matrix, row, column }, mask) {
  const q = `q${row + 1}`;
  const k = `k${column + 1}`;
  if (chart === 'inputs') {
    const name = MATRICES[matrix];
    return `${cellName(name, row, column)} = ${num(ex.entry(name, row, column))} · drag up or down, or click and type (keys: Page Up / Page Down)`;
  }
  if (chart === 'masks') {
    const shown = MASKS[matrix];
    const weight = ex.weight(shown, row, column);
    const allowed = ex.allowed(shown, row, column);
    const what = shown === 'none' ? 'no mask' : `the ${shown} mask`;
    return `${what}: ${q} ${allowed ? 'may attend to' : 'may not attend to'} ${k}, weight ${num(weight)}${shown === 'custom' ? ' · click to toggle' : ' · click to choose this mask'}`;
  }
  switch (matrix) {
    case 0: return `S[${q}, ${k}] = ${q} · ${k} = ${num(ex.score(row, column))}`;
    case 1: return `${num(ex.score(row, column))} × ${num(ex.scale)} = ${num(ex.scaled(row, column))}`;
    case 2: return ex.allowed(mask, row, column) ? `${q} may attend to ${k}: + 0` : `${q} may not attend to ${k}: + −∞`;
    case 3: return `masked score ${q} → ${k}: ${num(ex.masked(row, column))}`;
    case 4: return `weight of ${k} for ${q}: ${num(ex.weight(mask, row, column))}`;
    default: return `O[${row + 1}, ${column + 1}] = Σⱼ A[${row + 1}, j] V[j, ${column + 1}] = ${num(ex.output(row, column))}`;
  }
}

/** Every chart (each canvas as tall as its matrices need) and every sentence. */
function draw(section, ui, canvases, state) {
  const mask = checked(section, 'att-ex-mask') ?? 'custom';
  for (const chart of CHARTS) {
    const canvas = canvases[chart];
    const height = state.ex.height(chart, canvas.clientWidth || 600, pixelRatio());
    if (canvas.style.height !== `${height}px`) canvas.style.height = `${height}px`;
    paint(canvas, (target, ratio) => state.ex.draw(target, ratio, chart));
  }
  const ex = state.ex;
  ui.readout.textContent = `Tq = ${ex.queries} queries, Tk = ${ex.keys} keys, d = ${ex.width}, dv = ${ex.valueWidth}; c = ${ui.scaled.checked ? `1/√${ex.width} = ${num(ex.scale)}` : '1 (scaling off)'}`;
  ui.explain.textContent = explainSteps(ex, mask, checked(section, 'att-ex-fully') ?? 'nan', ui.scaled.checked);
  ui.masksExplain.textContent = explainMasks(ex, Number(ui.padded.value));
  ui.fixes.textContent = FIXES;
}

/** The sentences under the steps: the scaling, then what the chosen mask's fully masked rows give. */
function explainSteps(ex, mask, fully, scaled) {
  const scaling = scaled
    ? `Each score is multiplied by c = 1/√d = ${num(ex.scale)}: for random queries and keys the dot product of d numbers grows like √d, and dividing keeps the softmax from saturating.`
    : 'Scaling is off (c = 1, PyTorch’s scale=1.0): with wider queries the scores grow and the softmax tends to pick one key.';
  const rows = [...ex.fullyMaskedRows(mask)];
  if (rows.length === 0) return `${scaling} Every row of A is a softmax over the keys its query may see, so it adds up to 1.`;
  const names = rows.map((i) => `q${i + 1}`).join(', ');
  const one = rows.length === 1;
  const what = {
    nan: `every score in its row is −∞, so the softmax is e^−∞ / Σ e^−∞ = 0 / 0 = NaN: ${one ? 'its' : 'their'} weights and output row are NaN (orange). That is what the formula and torch.softmax of −∞-filled scores give; the NaN then spreads into every entry of ∂L/∂V when it is trained through.`,
    zeros: `PyTorch’s scaled_dot_product_attention (2.5 and later; checked here against 2.15) returns zero weights and a zero output row for ${one ? 'it' : 'them'} instead of 0/0 = NaN — no NaN, but a row of zeros the rest of the model must still ignore.`,
    fill: `with −1e9 instead of −∞ every score in the row is the same, so the softmax is uniform, 1/Tk = ${num(ex.weight(mask, rows[0], 0))} for each key, and the output is the mean of all ${ex.keys} values — the masked ones included.`,
  }[fully];
  return `${scaling} ${names} may attend to no key: ${what}`;
}

/** The sentence under the masks. */
function explainMasks(ex, padded) {
  const causal = ex.queries === ex.keys
    ? 'causal: query i sees keys 1 … i'
    : `causal: query i sees keys 1 … i, aligned at the top left as PyTorch’s is_causal does (with ${ex.queries} queries and ${ex.keys} keys, ${ex.queries < ex.keys ? `no query sees the last ${ex.keys - ex.queries}` : `queries past ${ex.keys} see every key`})`;
  const padding = padded >= ex.keys
    ? `padding: all ${ex.keys} keys are padding, so every row is fully masked`
    : `padding: the last ${padded} key${padded === 1 ? ' is' : 's are'} padding, masked in every row`;
  return `No mask: every query sees every key. ${causal[0].toUpperCase()}${causal.slice(1)}. ${padding[0].toUpperCase()}${padding.slice(1)}. Custom: the cells you switch on; a row with none is fully masked.`;
}

/** The common fixes for a fully masked row. */
const FIXES = 'Common fixes for a fully masked row: make sure every query can see at least one key (a padded query may attend to itself or to the first token, and its output is dropped from the loss); use a softmax that gives 0 for an all-masked row, as PyTorch’s scaled_dot_product_attention does; fill with a large finite negative number (−1e9, or torch.finfo(dtype).min) instead of −∞ — no NaN, but the row then averages every value; or replace the NaN afterwards (torch.nan_to_num) and mask those queries out of the loss. The gradients here give a fully masked row nothing: its ∂L/∂Q row is 0, and it sends nothing to ∂L/∂K or ∂L/∂V.';

/** The explorer's state in a link: edited inputs (rows by `_`, entries by `,`) and a changed custom mask. */
function linkState(state) {
  const ex = state.ex;
  const pairs = [];
  const widths = { q: ex.width, k: ex.width, v: ex.valueWidth };
  for (const matrix of MATRICES) {
    if (ex.isExample(matrix)) continue;
    const values = [...ex.entries(matrix)];
    const rows = [];
    for (let i = 0; i < values.length; i += widths[matrix]) rows.push(values.slice(i, i + widths[matrix]).join(','));
    pairs.push([`ex-${matrix}`, rows.join('_')]);
  }
  if (!ex.isDefaultCustom) pairs.push(['ex-custom', ex.custom]);
  return pairs;
}

/** A link's `ex-q` (…) value as rows of numbers `rows × columns`, or null when it is not one. */
function parseMatrix(text, rows, columns) {
  const parts = text.split('_').map((row) => row.split(',').map((x) => (x.trim() === '' ? NaN : Number(x))));
  if (parts.length !== rows || parts.some((row) => row.length !== columns || row.some((x) => !Number.isFinite(x)))) return null;
  return parts;
}

/** Opens a link's explorer state: sizes and choices from the controls (already set), then the link's inputs and custom mask. */
function restoreLink(section, ui, state, params) {
  const notes = [];
  const ex = new AttentionExplorer();
  state.ex.free();
  state.ex = ex;
  select(ui, state, null);
  ui.message.textContent = '';
  resize(ui, state);
  ex.setScaled(ui.scaled.checked);
  try {
    ex.setPadded(Number(ui.padded.value));
  } catch (error) {
    notes.push(`“padded=${ui.padded.value}” was not used: ${error.message}.`);
  }
  applyChoices(section, state);
  const shapes = { q: [ex.queries, ex.width], k: [ex.keys, ex.width], v: [ex.keys, ex.valueWidth] };
  for (const matrix of MATRICES) {
    const text = params.get(`ex-${matrix}`);
    if (text === undefined) continue;
    const [rows, columns] = shapes[matrix];
    const values = parseMatrix(text, rows, columns);
    if (values === null) {
      notes.push(`“ex-${matrix}=${shorten(text)}” is not ${rows} rows of ${columns} numbers, so ${matrix.toUpperCase()} is the example’s.`);
      continue;
    }
    try {
      values.forEach((row, i) => row.forEach((x, j) => ex.setEntry(matrix, i, j, x)));
    } catch (error) {
      notes.push(`“ex-${matrix}=${shorten(text)}” was not used in full: ${error.message}.`);
    }
  }
  const custom = params.get('ex-custom');
  if (custom !== undefined) {
    const rows = custom.split('.');
    if (rows.length !== ex.queries || rows.some((row) => !new RegExp(`^[01]{${ex.keys}}$`).test(row))) {
      notes.push(`“ex-custom=${shorten(custom)}” is not ${ex.queries} rows of ${ex.keys} 0s and 1s, so the custom mask is the starting one.`);
    } else {
      const now = ex.custom.split('.');
      rows.forEach((row, i) => [...row].forEach((bit, j) => { if (bit !== now[i][j]) ex.toggleCustom(i, j); }));
    }
  }
  return { used: LINK_KEYS, notes };
}
