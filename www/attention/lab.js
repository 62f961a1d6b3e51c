// The attention lab: an encoder–decoder with attention and a no-attention baseline trained
// side by side, the attention map drawn as they learn, decoding stepped one character at a
// time, beam search as a tree, and a self-attention model's maps.
import {
  AttentionLab, AttentionLabOptions, Pointer, SelfAttentionLab, SelfAttentionOptions, beginFigure, finishFigure,
} from '../pkg/attention/unroll.js';
import { painter } from '../figure.js';
import {
  actions, attempt, pointerMaker, el, finder, fmt, guard, onResize, playerWithButton,
  readNumber, tooltip, trainButton,
} from '../kit.js';

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

/** Starts the attention lab inside `section`. */
export function initAttentionLab(section) {
  const $ = finder(section);
  const ui = {
    task: $('att-task'), score: $('att-score'), hidden: $('att-hidden'), lr: $('att-lr'), min: $('att-min'),
    max: $('att-max'), beam: $('att-beam'), seed: $('att-seed'), reset: $('att-reset'), step: $('att-step'),
    train: $('att-train'), play: $('att-play'), readout: $('att-readout'), message: $('att-message'),
    input: $('att-input'), example: $('att-example'), inputMessage: $('att-input-message'),
    outputs: $('att-outputs').tBodies[0], map: $('att-map'), decStep: $('att-dec-step'), decAll: $('att-dec-all'),
    decReadout: $('att-dec-readout'), decExplain: $('att-dec-explain'), stepView: $('att-step-view'),
    beamTree: $('att-beam-tree'), loss: $('att-loss'), accuracy: $('att-accuracy'), lengths: $('att-lengths'),
    tooltip: $('att-tooltip'), saHeads: $('sa-heads'), saCausal: $('sa-causal'), saReset: $('sa-reset'),
    saTrain: $('sa-train'), saPlay: $('sa-play'), saReadout: $('sa-readout'), saMessage: $('sa-message'),
    saExplain: $('sa-explain'), saMaps: $('sa-maps'), saView: $('sa-view'),
  };
  const state = { lab: null, sa: null, selected: new Set(), detail: 0 };
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
  ui.reset.addEventListener('click', rebuild);
  for (const control of [ui.task, ui.score]) control.addEventListener('change', rebuild);
  ui.step.addEventListener('click', act(() => { player.stop(); state.lab.train(1); }));
  trainButton(ui.train, player, TRAIN_BUTTON_STEPS, ui.message);
  ui.input.addEventListener('input', () => guard(() => setInput(ui, state, player)));
  ui.example.addEventListener('click', act(() => {
    ui.input.value = state.lab.newExample();
    ui.inputMessage.textContent = '';
    state.selected.clear();
    selfAttentionInput(ui, state);
    showSelfAttention(ui, state, saPlayer);
  }));
  for (const radio of section.querySelectorAll('input[name="att-style"]')) {
    radio.addEventListener('change', () => guard(() => drawMap(ui, state)));
  }
  ui.decStep.addEventListener('click', act(() => {
    player.stop();
    state.lab.stepDecode();
    const cursor = state.lab.cursor;
    if (cursor !== undefined && cursor > 0) state.detail = cursor - 1;
  }));
  ui.decAll.addEventListener('click', act(() => state.lab.showAllSteps()));

  ui.saReset.addEventListener('click', () => guard(() => { saPlayer.stop(); buildSelfAttention(ui, state, saPlayer); }));
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
    state.sa?.setInput(ui.input.value);
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

/** The step view, the beam tree and the charts. */
function drawHeavy(ui, state) {
  const lab = state.lab;
  const steps = lab.decodeSteps;
  const cursor = lab.cursor;
  const t = Math.min(state.detail, Math.max(0, steps - 1));
  paint(ui.stepView, (canvas, ratio) => state.lab.drawStep(canvas, ratio, t));
  ui.decExplain.textContent = lab.stepText(t);
  ui.decReadout.textContent = cursor === undefined
    ? `all ${steps} output steps shown · click a row of the map to break its step down`
    : `${cursor} of ${steps} output steps decoded`;
  paint(ui.beamTree, (canvas, ratio) => state.lab.drawBeamTree(canvas, ratio));
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
    ui.saView.checked = ui.saCausal.checked;
    try {
      sa.setInput(ui.input.value);
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
