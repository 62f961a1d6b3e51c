// The attention lab: an encoder–decoder with attention and a no-attention baseline trained
// side by side, the attention map drawn as they learn, decoding stepped one character at a
// time, beam search as a tree, and a self-attention model's maps.
import {
  AttentionLab, AttentionLabOptions, Pointer, SelfAttentionLab, SelfAttentionOptions, beginFigure, finishFigure,
} from '../pkg/attention/unroll.js';
import { painter } from '../figure.js';
import { gradientCheckView } from '../gradcheck.js';
import {
  actions, attempt, pointerMaker, el, finder, fmt, guard, onResize, playerWithButton,
  readNumber, sig, tooltip, trainButton,
} from '../kit.js';
import { shorten, stateChanged, wholeCount } from '../link.js';
import { initExplorer } from './explorer.js';

const pointerOn = pointerMaker(Pointer);

/** The lab's state, for the figures' file names (set when the lab starts). */
let shown = null;
/** Draws an encoder–decoder chart and keeps its draw call for Save (files say the step). */
const paint = painter({ beginFigure, finishFigure }, 'attention', () => (shown?.lab ? `step${shown.lab.steps}` : ''));
/** The same for the self-attention maps (their own model's step). */
const paintSelf = painter({ beginFigure, finishFigure }, 'attention', () => (shown?.sa ? `step${shown.sa.steps}` : ''));

/** The heavier views (beam tree, step view, charts) redraw at most this often while playing. */
const HEAVY_VIEWS_EVERY_MS = 250;
const TRAIN_BUTTON_STEPS = 200;
/** The most training steps a link may ask to replay (for each model). */
const MOST_REPLAYED_STEPS = 1_000_000;
/** The most output steps a decoding has (48 characters and the end symbol): a link's rows and step are at most this. */
const MOST_OUTPUT_STEPS = 49;

/** Starts the attention lab inside `section`. */
export function initAttentionLab(section) {
  const $ = finder(section);
  const ui = {
    task: $('att-task'), score: $('att-score'), hidden: $('att-hidden'), lr: $('att-lr'), min: $('att-min'),
    max: $('att-max'), beam: $('att-beam'), seed: $('att-seed'), reset: $('att-reset'), step: $('att-step'),
    train: $('att-train'), play: $('att-play'), readout: $('att-readout'), message: $('att-message'),
    input: $('att-input'), example: $('att-example'), inputMessage: $('att-input-message'),
    outputs: $('att-outputs').tBodies[0], map: $('att-map'), decStep: $('att-dec-step'), decAll: $('att-dec-all'), decScrub: $('att-dec-scrub'),
    decReadout: $('att-dec-readout'), decExplain: $('att-dec-explain'), stepView: $('att-step-view'),
    beamTree: $('att-beam-tree'), beamStop: $('att-beam-stop'), gradcheck: $('att-gradcheck'), gradcheckOut: $('att-gradcheck-out'), loss: $('att-loss'), accuracy: $('att-accuracy'), lengths: $('att-lengths'),
    tooltip: $('att-tooltip'), saHeads: $('sa-heads'), saCausal: $('sa-causal'), saReset: $('sa-reset'),
    saGradcheck: $('sa-gradcheck'), saGradcheckOut: $('sa-gradcheck-out'),
    saTrain: $('sa-train'), saPlay: $('sa-play'), saReadout: $('sa-readout'), saMessage: $('sa-message'),
    saExplain: $('sa-explain'), saMaps: $('sa-maps'), saView: $('sa-view'),
  };
  const state = {
    lab: null, sa: null, selected: new Set(), detail: 0,
    /** The build controls' values when the models on screen were built (a link holds these). */
    builtWith: new Map(),
    /** The same for the self-attention model, which its own "New model" may build apart. */
    saBuiltWith: new Map(),
    /** The input the self-attention model last took (null: none, it decodes its own). */
    saInput: null,
  };
  shown = state;
  const player = playerWithButton(ui.play, {
    work: (n) => trainSteps(ui, state, Math.min(n, 25)),
    parts: [
      { draw: () => { refresh(ui, state); drawMap(ui, state); showOutputs(ui, state); } },
      { draw: () => drawHeavy(ui, state), heavy: true },
      { draw: () => showReadout(ui, state, player), text: true },
    ],
    heavyEveryMs: HEAVY_VIEWS_EVERY_MS,
    // The worker trains both models; the input, the step-through and the selection stay here.
    remote: {
      session: () => ({ kind: 'attention', bytes: state.lab.toBytes(), text: '' }),
      restore: (bytes) => state.lab.restore(bytes),
      failed: (message) => { ui.message.textContent = message; },
    },
  });
  const saPlayer = playerWithButton(ui.saPlay, {
    work: (n) => trainSelfAttention(ui, state, Math.min(n, 10)),
    parts: [{ draw: () => showSelfAttention(ui, state, saPlayer) }],
    remote: {
      session: () => ({ kind: 'selfAttention', bytes: state.sa.toBytes(), text: '' }),
      restore: (bytes) => state.sa.restore(bytes),
      failed: (message) => { ui.saMessage.textContent = message; },
    },
  });
  const act = actions(ui.message, () => redraw(ui, state, player));

  const rebuild = act(() => {
    player.stop();
    saPlayer.stop();
    build(ui, state);
    buildSelfAttention(ui, state, saPlayer);
  });
  ui.reset.addEventListener('click', () => { rebuild(); stateChanged(ui.reset); });
  for (const control of [ui.task, ui.score]) control.addEventListener('change', rebuild);
  ui.step.addEventListener('click', act(() => { player.stop(); state.lab.train(1); stateChanged(ui.step); }));
  trainButton(ui.train, player, TRAIN_BUTTON_STEPS, ui.message);
  ui.input.addEventListener('input', () => guard(() => setInput(ui, state, player)));
  ui.example.addEventListener('click', act(() => {
    ui.input.value = state.lab.newExample();
    ui.inputMessage.textContent = '';
    state.selected.clear();
    selfAttentionInput(ui, state);
    showSelfAttention(ui, state, saPlayer);
    stateChanged(ui.example);
  }));
  for (const radio of section.querySelectorAll('input[name="att-style"]')) {
    radio.addEventListener('change', () => guard(() => drawMap(ui, state)));
  }
  ui.decStep.addEventListener('click', act(() => {
    player.stop();
    state.lab.stepDecode();
    const cursor = state.lab.cursor;
    if (cursor !== undefined && cursor > 0) state.detail = cursor - 1;
    stateChanged(ui.decStep);
  }));
  ui.decAll.addEventListener('click', act(() => { state.lab.showAllSteps(); stateChanged(ui.decAll); }));
  let checks = 0;
  ui.gradcheck.addEventListener('click', act(() => {
    player.stop();
    const input = state.lab.gradientCheckInput();
    const view = gradientCheckView(state.lab.gradientCheck(BigInt(checks)));
    checks += 1;
    ui.gradcheckOut.replaceChildren(el('p', { class: 'hint' }, `After ${state.lab.steps} training steps, on '${input}' and its right answer:`), view);
  }));
  // The slider (and its arrow keys): output steps 1..n decoded, back and forth.
  ui.decScrub.addEventListener('input', act(() => {
    player.stop();
    const goal = ui.decScrub.valueAsNumber;
    const steps = state.lab.decodeSteps;
    for (let k = 0; k < steps + 2 && (state.lab.cursor ?? steps) !== goal; k++) state.lab.stepDecode();
    if (goal === steps) state.lab.showAllSteps();
    state.detail = goal - 1;
  }));

  ui.saReset.addEventListener('click', () => guard(() => { saPlayer.stop(); buildSelfAttention(ui, state, saPlayer); stateChanged(ui.saReset); }));
  let saChecks = 0;
  ui.saGradcheck.addEventListener('click', () => guard(() => {
    if (!state.sa) return;
    saPlayer.stop();
    try {
      const view = gradientCheckView(state.sa.gradientCheck(BigInt(saChecks)));
      saChecks += 1;
      ui.saGradcheckOut.replaceChildren(el('p', { class: 'hint' }, `After ${state.sa.steps} training steps:`), view);
    } catch (error) {
      ui.saGradcheckOut.replaceChildren(el('p', { class: 'message' }, error.message));
    }
  }));
  for (const control of [ui.saHeads, ui.saCausal]) {
    control.addEventListener('change', () => guard(() => { saPlayer.stop(); buildSelfAttention(ui, state, saPlayer); }));
  }
  ui.saView.addEventListener('change', () => guard(() => showSelfAttention(ui, state, saPlayer)));
  trainButton(ui.saTrain, saPlayer, TRAIN_BUTTON_STEPS, ui.saMessage);

  installPointer(ui, state, player);
  for (const canvas of [ui.map, ui.stepView, ui.beamTree, ui.loss, ui.accuracy, ui.lengths]) {
    onResize(canvas, () => guard(() => redraw(ui, state, player)));
  }
  onResize(ui.saMaps, () => guard(() => showSelfAttention(ui, state, saPlayer)));
  build(ui, state);
  redraw(ui, state, player);
  buildSelfAttention(ui, state, saPlayer);
  return initExplorer(section).joined({
    // A link holds the settings the models on screen were built with (a setting changed since,
    // without "New models", is not in it) and the input they decode.
    built: () => builtValues(ui, state),
    extra: () => linkState(ui, state),
    restore: (params, progress) => restoreLink(ui, state, { player, saPlayer }, params, progress),
  });
}

/** The controls both models are built from ("New models" reads them). */
function buildControls(ui) {
  return [ui.task, ui.score, ui.hidden, ui.lr, ui.min, ui.max, ui.beam, ui.seed];
}

/** The controls the self-attention model is built from (its "New model" reads them). */
function selfAttentionControls(ui) {
  return [ui.task, ui.saHeads, ui.saCausal, ui.min, ui.max, ui.seed];
}

/** A control's value as a link writes it (a checkbox as 1 or 0). */
function controlValue(c) {
  return c instanceof HTMLInputElement && c.type === 'checkbox' ? (c.checked ? '1' : '0') : c.value;
}

/**
 * The values the models on screen were built from, as a link writes them: the encoder–decoder's
 * settings, the self-attention model's heads and mask, and the input being decoded (not a
 * typed one the models refused).
 */
function builtValues(ui, state) {
  const values = new Map(state.builtWith);
  if (state.lab) values.set(ui.input, state.lab.input);
  for (const c of [ui.saHeads, ui.saCausal]) if (state.saBuiltWith.has(c)) values.set(c, state.saBuiltWith.get(c));
  return values;
}

/** The keys a link gives the self-attention model's settings when they are not the others' (`sa-seed`). */
const SELF_ATTENTION_KEYS = [['sa-task', 'task'], ['sa-min', 'min'], ['sa-max', 'max'], ['sa-seed', 'seed']];

/**
 * What a link holds beyond the controls: each model's steps trained, the decoding stepped to,
 * the selected rows and the step broken down, and what the self-attention model was built
 * from or decodes when that is not what the encoder–decoder was or does.
 */
function linkState(ui, state) {
  const lab = state.lab;
  if (!lab) return [];
  const pairs = [];
  if (lab.steps > 0) pairs.push(['trained', String(lab.steps)]);
  const cursor = lab.cursor;
  if (cursor !== undefined) pairs.push(['decoded', String(cursor)]);
  if (state.selected.size > 0) pairs.push(['rows', [...state.selected].sort((a, b) => a - b).map((r) => r + 1).join(',')]);
  if (state.detail > 0) pairs.push(['step', String(state.detail + 1)]);
  if (state.sa) {
    if (state.sa.steps > 0) pairs.push(['sa-trained', String(state.sa.steps)]);
    for (const [key, name] of SELF_ATTENTION_KEYS) {
      const value = state.saBuiltWith.get(ui[name]);
      if (value !== undefined && value !== state.builtWith.get(ui[name])) pairs.push([key, value]);
    }
    if (state.saInput !== null && state.saInput !== lab.input) pairs.push(['sa-input', state.saInput]);
  }
  return pairs;
}


/** A link's list of 1-based output rows (`rows=1,3`) as 0-based rows, or null when it is not one. */
function rowList(text) {
  const parts = text.split(',');
  const rows = parts.map((part) => wholeCount(part, MOST_OUTPUT_STEPS));
  return rows.every((r) => r !== null && r >= 1) ? rows.map((r) => r - 1) : null;
}

/**
 * Opens a link's state: new models from the controls (already set), the link's input, each
 * model's steps replayed (seeded, so the same models come out), then the decoding stepped to,
 * the rows selected and the step shown.
 */
async function restoreLink(ui, state, { player, saPlayer }, params, progress) {
  const used = ['trained', 'decoded', 'rows', 'step', 'sa-trained', 'sa-input', ...SELF_ATTENTION_KEYS.map(([key]) => key)];
  const notes = [];
  player.stop();
  saPlayer.stop();
  // The link's input, or the default one when it names none.
  const input = ui.input.value;
  const readMasked = ui.saView.checked;
  ui.message.textContent = '';
  try {
    build(ui, state);
  } catch (error) {
    // Each number is in range (the link's controls were checked) but together they make no model.
    notes.push(`The link's settings make no model (${error.message}), so the last models' settings were used.`);
    for (const [control, value] of state.builtWith) control.value = value;
    build(ui, state);
  }
  try {
    state.lab.setInput(input);
    ui.input.value = input;
  } catch (error) {
    // A link the page wrote names any input but the default, which the models take.
    if (params.has('input')) notes.push(`“input=${shorten(input)}” was not decoded: ${error.message}; the example “${state.lab.input}” was.`);
  }
  buildSelfAttentionFromLink(ui, state, saPlayer, params, notes);
  ui.saView.checked = readMasked;

  const trained = wholeCount(params.get('trained'), MOST_REPLAYED_STEPS);
  const saTrained = wholeCount(params.get('sa-trained'), MOST_REPLAYED_STEPS);
  if (trained === null) notes.push(`“trained=${shorten(params.get('trained'))}” is not a number of steps from 0 to ${MOST_REPLAYED_STEPS.toLocaleString('en')}; the models opened untrained.`);
  if (saTrained === null) notes.push(`“sa-trained=${shorten(params.get('sa-trained'))}” is not a number of steps from 0 to ${MOST_REPLAYED_STEPS.toLocaleString('en')}; the self-attention model opened untrained.`);
  // A self-attention model the link could not build is the last one, maybe trained already.
  const saMore = state.sa ? (saTrained ?? 0) - state.sa.steps : 0;
  const total = (trained ?? 0) + Math.max(0, saMore);
  if (trained > 0) {
    progress(0, total);
    const reached = await player.goal(trained, (done) => progress(done, total));
    if (!reached && state.lab.steps < trained) notes.push(`Training stopped at step ${state.lab.steps.toLocaleString('en')} of the link's ${trained.toLocaleString('en')}.`);
  }
  if (saMore > 0) {
    progress(trained ?? 0, total);
    const reached = await saPlayer.goal(saMore, (done) => progress((trained ?? 0) + done, total));
    if (!reached && state.sa.steps < saTrained) notes.push(`The self-attention model stopped at step ${state.sa.steps.toLocaleString('en')} of the link's ${saTrained.toLocaleString('en')}.`);
  }
  refresh(ui, state);
  restoreDecoding(state, params, notes);
  redraw(ui, state, player);
  showSelfAttention(ui, state, saPlayer);
  return { used, notes };
}

/**
 * Builds the self-attention model for a link: from the controls, or from the link's own
 * `sa-task`, `sa-min`, `sa-max` and `sa-seed` where it names them (the controls keep the
 * encoder–decoder's values); then gives it the link's `sa-input` when there is one.
 */
function buildSelfAttentionFromLink(ui, state, saPlayer, params, notes) {
  const kept = new Map(SELF_ATTENTION_KEYS.map(([, name]) => [ui[name], ui[name].value]));
  for (const [key, name] of SELF_ATTENTION_KEYS) {
    const value = params.get(key);
    if (value === undefined) continue;
    const control = ui[name];
    if (control instanceof HTMLSelectElement) {
      if ([...control.options].some((o) => o.value === value)) control.value = value;
      else notes.push(`“${key}=${shorten(value)}” is not one of its choices (${[...control.options].map((o) => o.value).join(', ')}), so the self-attention model was built for “${control.value}”.`);
      continue;
    }
    control.value = value;
    try {
      readNumber(control);
    } catch (error) {
      control.value = kept.get(control);
      notes.push(`“${key}=${shorten(value)}” was not used: ${error.message}`);
    }
  }
  const before = state.sa;
  buildSelfAttention(ui, state, saPlayer);
  for (const [control, value] of kept) control.value = value;
  if (state.sa === before) notes.push(`The self-attention model could not be built from the link (${ui.saMessage.textContent}), so the last one was kept.`);
  const saInput = params.get('sa-input');
  if (saInput !== undefined && state.sa) {
    try {
      state.sa.setInput(saInput);
      state.saInput = saInput;
    } catch (error) {
      notes.push(`“sa-input=${shorten(saInput)}” was not decoded by the self-attention model: ${error.message}.`);
    }
  }
}

/** Steps the decoding to the link's `decoded`, selects its `rows` and shows its `step`. */
function restoreDecoding(state, params, notes) {
  const lab = state.lab;
  const steps = lab.decodeSteps;
  const decoded = params.get('decoded');
  if (decoded !== undefined) {
    const cursor = wholeCount(decoded, steps);
    // From all shown, each step reveals one more output step (0 of 0 for an empty output).
    for (let k = 0; cursor !== null && lab.cursor !== cursor && k <= steps + 1; k++) lab.stepDecode();
    if (cursor === null || lab.cursor !== cursor) {
      lab.showAllSteps();
      notes.push(`“decoded=${shorten(decoded)}” is not a number of output steps from 0 to ${steps}, so every step is shown.`);
    }
  }
  const rows = params.get('rows');
  if (rows !== undefined) {
    const list = rowList(rows);
    if (list === null) notes.push(`“rows=${shorten(rows)}” is not a list of output rows from 1 to ${MOST_OUTPUT_STEPS}, so no row is selected.`);
    else state.selected = new Set(list);
  }
  const step = params.get('step');
  if (step !== undefined) {
    const t = wholeCount(step, MOST_OUTPUT_STEPS);
    if (t === null || t < 1) notes.push(`“step=${shorten(step)}” is not an output step from 1 to ${MOST_OUTPUT_STEPS}, so the first step is broken down.`);
    else state.detail = t - 1;
  }
}


/** Reads every control into AttentionLabOptions (the caller frees it). */
function readOptions(ui) {
  const options = new AttentionLabOptions();
  try {
    options.task = ui.task.value;
    options.score = ui.score.value;
    options.hidden = readNumber(ui.hidden);
    options.learningRate = readNumber(ui.lr);
    options.minLen = readNumber(ui.min);
    options.maxLen = readNumber(ui.max);
    options.beamWidth = readNumber(ui.beam);
    options.seed = readNumber(ui.seed);
  } catch (error) {
    options.free();
    throw error;
  }
  return options;
}

/** New models from the controls; on a bad option the old lab stays and the message says why. */
function build(ui, state) {
  const options = readOptions(ui);
  try {
    const lab = new AttentionLab(options);
    state.lab?.free();
    state.lab = lab;
  } finally {
    options.free();
  }
  state.builtWith = new Map(buildControls(ui).map((c) => [c, controlValue(c)]));
  ui.input.value = state.lab.input;
  ui.inputMessage.textContent = '';
  state.selected.clear();
  state.detail = 0;
  const dates = ui.task.value === 'dates';
  ui.min.disabled = dates;
  ui.max.disabled = dates;
}

/** Takes the typed input; a bad one is explained and the last good one stays decoded. */
function setInput(ui, state, player) {
  try {
    state.lab.setInput(ui.input.value);
    ui.inputMessage.textContent = '';
    state.selected.clear();
    state.detail = 0;
  } catch (error) {
    ui.inputMessage.textContent = `${error.message}. Still showing "${state.lab.input}".`;
  }
  selfAttentionInput(ui, state);
  redraw(ui, state, player);
}

/** Gives the typed input to the self-attention model too; a bad one is its panel's message. */
function selfAttentionInput(ui, state) {
  attempt(ui.saMessage, () => {
    if (!state.sa) return;
    state.sa.setInput(ui.input.value);
    state.saInput = ui.input.value;
    ui.saMessage.textContent = '';
  });
}

/** Trains `n` steps (returns n); a failure stops with a message. */
function trainSteps(ui, state, n) {
  return attempt(ui.message, () => {
    state.lab.train(n);
    return n;
  }, false);
}

/** Decodes the input again if the models trained; a failure is shown. */
function refresh(ui, state) {
  attempt(ui.message, () => state.lab.refresh());
}

/** Every view. */
function redraw(ui, state, player) {
  if (!state.lab) return;
  refresh(ui, state);
  drawMap(ui, state);
  showOutputs(ui, state);
  drawHeavy(ui, state);
  showReadout(ui, state, player);
}

/** The selected map style. */
function mapStyle(ui) {
  return ui.map.closest('article').querySelector('input[name="att-style"]:checked')?.value ?? 'heatmap';
}

/** The attention map with the selection and the stepped row. */
function drawMap(ui, state) {
  const cursor = state.lab.cursor;
  paint(ui.map, (canvas, ratio) => state.lab.drawMap(canvas, ratio, mapStyle(ui), Uint32Array.from(state.selected),
    cursor !== undefined && cursor > 0 ? cursor - 1 : undefined));
}

/** The table of outputs: the attention model's, the baseline's and the right one. */
function showOutputs(ui, state) {
  const lab = state.lab;
  const expected = lab.expected;
  const mark = (text) => (expected === undefined ? '' : text === expected ? ' ✓' : ' ✗');
  const rows = [
    ['with attention', `${lab.attentionOutput}${mark(lab.attentionOutput)}`],
    ['without attention (baseline)', `${lab.baselineOutput}${mark(lab.baselineOutput)}`],
  ];
  if (expected !== undefined) rows.push(['right answer', expected]);
  ui.outputs.replaceChildren(...rows.map(([name, value]) => el('tr', {},
    el('td', { class: 'text' }, name), el('td', { class: 'text mono' }, value || '(nothing)'))));
}

/** Why the beam search stopped, in a sentence with its numbers. */
function beamStopText(lab) {
  const stop = lab.beamStop;
  const { kind, steps, bestFinished, bestLive } = stop;
  stop.free();
  const after = `Stopped after ${steps} step${steps === 1 ? '' : 's'}`;
  if (kind === 'bound') {
    return `${after}: the best finished output has ln p = ${sig(bestFinished, 3)} and the best live prefix ${sig(bestLive, 3)}. `
      + 'Scores are the whole sequence\'s ln p (no length normalisation), and each further symbol adds ln p ≤ 0, so no live prefix can overtake it.';
  }
  if (kind === 'exhausted') return `${after}: every prefix the beam kept has ended with </s>.`;
  return `${after}: the output length limit; the prefixes still live are listed unfinished.`;
}

/** The step view, the beam tree and the charts. */
function drawHeavy(ui, state) {
  const lab = state.lab;
  const steps = lab.decodeSteps;
  const cursor = lab.cursor;
  const t = Math.min(state.detail, Math.max(0, steps - 1));
  paint(ui.stepView, (canvas, ratio) => state.lab.drawStep(canvas, ratio, t));
  ui.decExplain.textContent = lab.stepText(t);
  ui.decScrub.max = String(Math.max(1, steps));
  ui.decScrub.value = String(cursor ?? steps);
  ui.decScrub.disabled = steps === 0;
  ui.decReadout.textContent = cursor === undefined
    ? `all ${steps} output steps shown · click a row of the map to break its step down`
    : `${cursor} of ${steps} output steps decoded`;
  paint(ui.beamTree, (canvas, ratio) => state.lab.drawBeamTree(canvas, ratio));
  ui.beamStop.textContent = beamStopText(lab);
  for (const [canvas, which] of [[ui.loss, 'loss'], [ui.accuracy, 'accuracy'], [ui.lengths, 'lengths']]) {
    paint(canvas, (target, ratio) => state.lab.drawChart(target, ratio, which));
  }
}

/** Step count, speed and the latest numbers. */
function showReadout(ui, state, player) {
  const summary = state.lab.summary();
  const { loss: lossA, baselineLoss: lossB, accuracy: accA, baselineAccuracy: accB } = summary;
  summary.free();
  const pct = (x) => (Number.isNaN(x) ? '–' : `${Math.round(100 * x)} %`);
  const speed = player.running ? ` · ${Math.round(player.stepsPerSecond)} steps/s` : '';
  ui.readout.textContent = state.lab.steps === 0
    ? `untrained · held-out exact match ${pct(accA)} with attention, ${pct(accB)} without`
    : `step ${state.lab.steps}${speed} · loss ${fmt(lossA, 3)} with attention, ${fmt(lossB, 3)} without · held-out exact match ${pct(accA)} vs ${pct(accB)} (every ${AttentionLab.evalEvery} steps)`;
}

/** Hover and click on the map (select rows, pick a step) and hover on the charts. */
function installPointer(ui, state, player) {
  const { show, hide } = tooltip(ui.tooltip);
  const cell = (event) => {
    const hit = state.lab.mapCellAt(mapStyle(ui), Uint32Array.from(state.selected), pointerOn(event, ui.map));
    if (hit === undefined) return undefined;
    const { row, column } = hit;
    hit.free();
    return { row, column };
  };
  ui.map.addEventListener('pointermove', (event) => guard(() => {
    const hit = cell(event);
    show(event, hit !== undefined ? state.lab.mapCellText(hit.row, hit.column) : '');
  }));
  ui.map.addEventListener('pointerleave', hide);
  ui.map.addEventListener('click', (event) => guard(() => {
    const hit = cell(event);
    if (hit === undefined) return;
    const { row } = hit;
    if (state.selected.has(row)) state.selected.delete(row);
    else state.selected.add(row);
    state.detail = row;
    redraw(ui, state, player);
    stateChanged(ui.map);
  }));
  for (const [canvas, which] of [[ui.loss, 'loss'], [ui.accuracy, 'accuracy'], [ui.lengths, 'lengths']]) {
    canvas.addEventListener('pointermove', (event) => guard(() => {
      show(event, state.lab.chartPointText(which, pointerOn(event, canvas)));
    }));
    canvas.addEventListener('pointerleave', hide);
  }
  ui.saMaps.addEventListener('pointermove', (event) => guard(() => {
    if (!state.sa) return hide();
    show(event, state.sa.cellText(ui.saView.checked, pointerOn(event, ui.saMaps)));
  }));
  ui.saMaps.addEventListener('pointerleave', hide);
}

/** A new self-attention model for the lab's task and the panel's options. */
function buildSelfAttention(ui, state, saPlayer) {
  ui.saMessage.textContent = '';
  let options;
  try {
    options = new SelfAttentionOptions();
    options.task = ui.task.value;
    options.heads = Number(ui.saHeads.value);
    options.causal = ui.saCausal.checked;
    options.minLen = readNumber(ui.min);
    options.maxLen = readNumber(ui.max);
    options.seed = readNumber(ui.seed);
    const sa = new SelfAttentionLab(options);
    state.sa?.free();
    state.sa = sa;
    state.saBuiltWith = new Map(selfAttentionControls(ui).map((c) => [c, controlValue(c)]));
    state.saInput = null;
    ui.saView.checked = ui.saCausal.checked;
    try {
      sa.setInput(ui.input.value);
      state.saInput = ui.input.value;
    } catch (error) {
      ui.saMessage.textContent = error.message;
    }
  } catch (error) {
    ui.saMessage.textContent = error.message;
  } finally {
    options?.free();
  }
  showSelfAttention(ui, state, saPlayer);
}

/** Trains the self-attention model `n` steps; a failure stops with a message. */
function trainSelfAttention(ui, state, n) {
  if (!state.sa) return false;
  return attempt(ui.saMessage, () => {
    state.sa.train(n);
    return n;
  }, false);
}

/** The self-attention maps and what they show. */
function showSelfAttention(ui, state, saPlayer) {
  const sa = state.sa;
  if (!sa) return;
  paintSelf(ui.saMaps, (canvas, ratio) => state.sa.drawMaps(canvas, ratio, ui.saView.checked));
  const speed = saPlayer.running ? ` · ${Math.round(saPlayer.stepsPerSecond)} steps/s` : '';
  const accuracy = Number.isNaN(sa.accuracy) ? 'measured every 200 steps' : `${Math.round(100 * sa.accuracy)} % exact on 50 fresh examples`;
  ui.saReadout.textContent = `step ${sa.steps}${speed} · output "${sa.output}" · ${accuracy}`;
  const trainedMasked = ui.saCausal.checked;
  const viewMasked = ui.saView.checked;
  ui.saExplain.textContent = !trainedMasked
    ? 'Trained without the mask, each position can read the very character it must predict: the training loss falls to almost 0 — yet generating one character at a time (where the future does not exist yet) fails. That is why a decoder needs the causal mask.'
    : viewMasked
      ? 'Each row is one position looking back over the sequence. After training, rows of the output (after <s>) look at the input character they copy — for reversal, a diagonal running the other way.'
      : 'The same trained model read without its mask: the rows can now see later positions, the maps change and so would the predictions. The model was never trained to look ahead.';
}
