// The "RNN & LSTM through time" lab: controls, stepping, training, and every view.
import { Pointer, RnnLab, RnnLabOptions, beginFigure, finishFigure, labTaskText } from '../pkg/rnn/unroll.js';
import { painter } from '../figure.js';
import { gradientCheckView } from '../gradcheck.js';
import {
  attempt, pointerMaker, download, el, finder, fmt, formatBytes, guard, inputLimits, onResize,
  playerWithButton, readNumber, showError, sig, tooltip,
} from '../kit.js';
import { stateChanged, wholeCount } from '../link.js';

const pointerOn = pointerMaker(Pointer);

const GAPS = [2, 5, 10, 20, 30, 45];
const ACCURACY_TRIALS = 40;
const SAMPLE_EVERY_MS = 1500;
/** While playing: the unrolled networks and the loss curves at most this often, in ms. */
const UNROLLED_EVERY_MS = 200;
const PERPLEXITY_SENTENCE = {
  environments: '\\begin{proof}abc de\\end{proof}',
  remember: 'Cqwertyuiopasdfghjklzxcv=C',
  plain: 'The network reads one character at a time.',
  own: '',
};

/** The lab's current trained models, for other panels (the Metrics bench's perplexity). */
export const trainedModels = { lab: null, labels: [] };

/** The narrowest an unrolled cell is drawn, in CSS pixels (a wider chunk scrolls sideways). */
const UNROLLED_CELL_PX = 15;
/** Room beside the cells of the unrolled view (its labels and arrows), in CSS pixels. */
const UNROLLED_MARGIN_PX = 60;

/** Draws a chart and keeps its draw call for Save (files say the training step). */
const paint = painter({ beginFigure, finishFigure }, 'rnn', () => (trainedModels.lab ? `step${trainedModels.lab.steps}` : ''));

/** Starts the lab inside `section`. */
export function initRnnLab(section) {
  const $ = finder(section);
  const ui = {
    task: $('rnn-task'), length: $('rnn-length'), lengthLabel: $('rnn-length-label'), ownText: $('rnn-own-text'),
    dataInfo: $('rnn-data-info'), cells: $('rnn-cells'), hidden: $('rnn-hidden'), seqLen: $('rnn-seqlen'),
    scale: $('rnn-scale'), forget: $('rnn-forget'), optimizer: $('rnn-optimizer'), lr: $('rnn-lr'), clip: $('rnn-clip'),
    seed: $('rnn-seed'), temperature: $('rnn-temperature'), reset: $('rnn-reset'), step: $('rnn-step'),
    trainStep: $('rnn-train-step'), play: $('rnn-play'), readout: $('rnn-readout'), file: $('rnn-file'),
    files: section.querySelector('.files'), save: $('rnn-save'), saveWhich: $('rnn-save-which'), message: $('rnn-message'),
    unrolled: $('rnn-unrolled'), normsExplain: $('rnn-norms-explain'), normalised: $('rnn-normalised'),
    norms: $('rnn-norms'), gradcheck: $('rnn-gradcheck'), gradcheckOut: $('rnn-gradcheck-out'), reach: $('rnn-reach'), reachExplain: $('rnn-reach-explain'), heatWhich: $('rnn-heat-which'), heatmaps: $('rnn-heatmaps'), curves: $('rnn-curves'),
    samples: $('rnn-samples'), accuracyBox: $('rnn-accuracy-box'), accuracyTitle: $('rnn-accuracy-title'), accuracyHint: $('rnn-accuracy-hint'), accuracyRun: $('rnn-accuracy-run'),
    accuracy: $('rnn-accuracy'), pplText: $('rnn-ppl-text'), pplOut: $('rnn-ppl-out'), tooltip: $('rnn-tooltip'),
    scrub: $('rnn-scrub'), scrubOut: $('rnn-scrub-out'), finish: $('rnn-finish'),
  };
  const state = { lab: null, views: [], text: '', fromFile: false, builtWith: new Map() };
  const player = playerWithButton(ui.play, {
    work: (n) => train(ui, state, n),
    remote: {
      session: () => ({ kind: 'rnn', bytes: state.lab.toBytes(), text: state.lab.text }),
      restore: (bytes) => state.lab.restore(bytes),
      failed: (message) => { ui.message.textContent = message; redrawAll(ui, state); },
    },
    parts: [
      { draw: () => drawReadout(ui, state), text: true },
      // One part per model (at most two side by side), so a frame draws one of them.
      { draw: () => drawUnrolled(ui, state, 0), every: UNROLLED_EVERY_MS },
      { draw: () => drawUnrolled(ui, state, 1), every: UNROLLED_EVERY_MS },
      { draw: () => drawCurves(ui, state), every: UNROLLED_EVERY_MS },
      { draw: () => drawNorms(ui, state), heavy: true },
      { draw: () => drawHeatmaps(ui, state, 0), heavy: true },
      { draw: () => drawHeatmaps(ui, state, 1), heavy: true },
      { draw: () => showSamples(ui, state), every: SAMPLE_EVERY_MS, text: true },
    ],
  });
  state.player = player;

  ui.task.addEventListener('change', () => guard(() => { showTaskControls(ui); fillSentence(ui); rebuild(ui, state); }));

  ui.reset.addEventListener('click', () => guard(() => { rebuild(ui, state); stateChanged(ui.reset); }));
  ui.step.addEventListener('click', () => guard(() => { player.stop(); stepStage(ui, state); stateChanged(ui.step); }));
  ui.trainStep.addEventListener('click', () => guard(() => { player.stop(); train(ui, state, 1); redrawAll(ui, state); stateChanged(ui.trainStep); }));
  ui.scrub.addEventListener('input', () => guard(() => { player.stop(); showStage(ui, state, stageAt(ui.scrub.valueAsNumber, chunkLength(state))); }));
  ui.finish.addEventListener('click', () => guard(() => { player.stop(); finishPass(ui, state); stateChanged(ui.finish); }));
  let checks = 0;
  ui.gradcheck.addEventListener('click', () => guard(() => {
    if (!state.lab) return;
    player.stop();
    const views = state.views.map((view, i) => {
      const values = state.lab.gradientCheck(i, BigInt(checks));
      return values ? gradientCheckView(values, state.views.length > 1 ? view.label : '') : null;
    }).filter((v) => v !== null);
    checks += 1;
    ui.gradcheckOut.replaceChildren(el('p', { class: 'hint' }, `After ${state.lab.steps} training steps, on the chunk shown:`), ...views);
  }));
  document.addEventListener('keydown', (event) => guard(() => stageKey(event, ui, state)));
  ui.normalised.addEventListener('change', () => guard(() => drawNorms(ui, state)));
  ui.heatWhich.addEventListener('change', () => guard(() => drawHeatmaps(ui, state)));
  ui.accuracyRun.addEventListener('click', () => guard(() => { measureAccuracy(ui, state); stateChanged(ui.accuracyRun); }));
  ui.pplText.addEventListener('input', () => guard(() => showPerplexity(ui, state)));
  ui.save.addEventListener('click', () => guard(() => save(ui, state)));
  ui.file.addEventListener('change', () => guard(() => {
    const file = ui.file.files[0];
    ui.file.value = '';
    if (file) load(ui, state, file);
  }));
  ui.files.addEventListener('dragover', (event) => { event.preventDefault(); ui.files.classList.add('drag'); });
  ui.files.addEventListener('dragleave', () => ui.files.classList.remove('drag'));
  ui.files.addEventListener('drop', (event) => {
    event.preventDefault();
    ui.files.classList.remove('drag');
    const file = event.dataTransfer?.files?.[0];
    if (file) guard(() => load(ui, state, file));
  });
  onResize(ui.norms, () => guard(() => drawNorms(ui, state)));
  onResize(ui.curves, () => guard(() => drawCurves(ui, state)));
  installHover(ui, state);
  showTaskControls(ui);
  fillSentence(ui);
  rebuild(ui, state);
  return {
    // A link holds the settings the models on screen were built with (a setting changed since,
    // without "New models", is not in it: the link opens the models as they are shown).
    built: () => state.builtWith,
    extra: () => linkState(ui, state),
    restore: (params, progress) => restoreLink(ui, state, params, progress),
  };
}

/** What a link holds beyond the controls: the steps trained, the stage shown, the accuracy table. */
function linkState(ui, state) {
  const lab = state.lab;
  if (!lab) return [];
  const pairs = [];
  if (state.fromFile) pairs.push(['model', 'file']);
  if (lab.steps > 0) pairs.push(['trained', String(lab.steps)]);
  const stage = stageName(lab);
  if (stage !== 'ready' && stage !== 'update') pairs.push(['stage', stage]);
  if (ui.accuracy.tBodies[0].rows.length > 0) pairs.push(['accuracy', '1']);
  return pairs;
}

/** The stage shown, as a link writes it: `ready`, `forward.12`, `loss`, `backward.3`, `update`. */
function stageName(lab) {
  const stage = lab.stage;
  return stage === 'forward' || stage === 'backward' ? `${stage}.${lab.stageStep}` : stage;
}

/** The most steps a link may ask to replay. */
const MOST_REPLAYED_STEPS = 1_000_000;

/**
 * Opens a link's state: new models from the controls (already set), the steps trained replayed
 * (seeded, so the same models come out), then the stage stepped to and the accuracy measured.
 */
async function restoreLink(ui, state, params, progress) {
  const notes = [];
  state.player.stop();
  showTaskControls(ui);
  rebuild(ui, state);
  if (!state.lab) return { used: ['trained', 'stage', 'accuracy', 'model'], notes };
  if (params.get('model') === 'file') notes.push('The link was made from a model loaded from a file, which a link cannot carry: a new model from the settings opened instead.');
  const trained = wholeCount(params.get('trained'), MOST_REPLAYED_STEPS);
  if (trained === null) notes.push(`“trained=${params.get('trained')}” is not a number of steps from 0 to ${MOST_REPLAYED_STEPS.toLocaleString('en')}; the model opened untrained.`);
  else if (trained > 0) {
    progress(0, trained);
    const reached = await state.player.goal(trained, (done) => progress(done, trained));
    if (!reached && state.lab.steps < trained) notes.push(`Training stopped at step ${state.lab.steps.toLocaleString('en')} of the link's ${trained.toLocaleString('en')}.`);
  }
  const stage = params.get('stage');
  if (stage !== undefined) {
    // Every stage of a pass comes after at most 2T + 3 reveals.
    const most = 2 * readNumber(ui.seqLen) + 3;
    let reveals = 0;
    while (stageName(state.lab) !== stage && reveals < most) {
      state.lab.stepStage();
      reveals += 1;
    }
    if (stageName(state.lab) !== stage) {
      notes.push(`“stage=${stage}” is not a stage of this chunk, so the chunk opened at its start.`);
      state.player.stop();
      rebuild(ui, state);
      if (trained) await state.player.goal(trained);
    }
  }
  if (params.get('accuracy') === '1') measureAccuracy(ui, state);
  redrawAll(ui, state);
  return { used: ['trained', 'stage', 'accuracy', 'model'], notes };
}


/** Shows the knob that fits the task (gap, delay, or the text box). */
function showTaskControls(ui) {
  const task = ui.task.value;
  ui.lengthLabel.hidden = task === 'plain' || task === 'own';
  ui.lengthLabel.firstChild.textContent = task === 'remember' ? 'Delay ' : 'Longest gap ';
  ui.ownText.hidden = task !== 'own';
  ui.accuracyBox.hidden = task !== 'environments' && task !== 'remember';
  const [title, hint] = ACCURACY_TEXT[task === 'remember' ? 'remember' : 'environments'];
  ui.accuracyTitle.textContent = title;
  ui.accuracyHint.textContent = hint;
}

/** The recall measure's heading and how it is measured, per task. */
const ACCURACY_TEXT = {
  environments: ['Does it close the right environment?',
    `Opens ${ACCURACY_TRIALS} fresh seeded environments per body length and lets each model finish \\end{ greedily (chance: 25 %).`],
  remember: ['Does it recall the first character?',
    `Writes ${ACCURACY_TRIALS} fresh seeded lines per delay — a capital letter, the delay's filler, then = — and lets each model write the next character greedily (chance: 12.5 %, one of 8 letters).`],
};

/** Puts the task's example sentence in the perplexity box (when the task changes). */
function fillSentence(ui) {
  ui.pplText.value = PERPLEXITY_SENTENCE[ui.task.value] || ui.pplText.value;
}

/** The controls the models are built from (read when new models are made). */
function buildControls(ui) {
  return [ui.task, ui.length, ui.ownText, ui.cells, ui.hidden, ui.seqLen, ui.scale, ui.forget, ui.optimizer, ui.lr, ui.clip, ui.seed];
}

/** The build controls and their values now. */
function buildValues(ui) {
  return new Map(buildControls(ui).map((c) => [c, c.value]));
}

/** Reads every control into RnnLabOptions (the caller frees it). */
function readOptions(ui) {
  const options = new RnnLabOptions();
  try {
    options.cells = ui.cells.value;
    options.optimizer = ui.optimizer.value;
    options.embeddingDim = 16;
    options.hiddenSize = readNumber(ui.hidden);
    options.seqLen = readNumber(ui.seqLen);
    options.learningRate = readNumber(ui.lr);
    options.clip = readNumber(ui.clip);
    options.recurrentScale = readNumber(ui.scale);
    options.forgetBias = readNumber(ui.forget) ?? NaN;
    options.seed = readNumber(ui.seed);
  } catch (error) {
    options.free();
    throw error;
  }
  return options;
}

/** The training text of the chosen task. */
function taskText(ui) {
  const task = ui.task.value;
  if (task === 'own') {
    const text = ui.ownText.value;
    if (text.length > inputLimits.rnnTextChars) throw new RangeError(`Your text has ${text.length.toLocaleString('en')} characters; the lab takes up to ${inputLimits.rnnTextChars.toLocaleString('en')}.`);
    if (Array.from(text).length < 3) throw new RangeError('Paste at least a few characters of text to train on.');
    return text;
  }
  return labTaskText(task, readNumber(ui.length), readNumber(ui.seed));
}

/** Builds new models from the controls; a bad setting is a message and the old lab stays. */
function rebuild(ui, state) {
  state.player.stop();
  let options;
  try {
    options = readOptions(ui);
    const text = taskText(ui);
    const lab = new RnnLab(text, options);
    replaceLab(ui, state, lab, text);
    state.fromFile = false;
    state.builtWith = buildValues(ui);
    const distinct = new Set(text).size;
    ui.dataInfo.textContent = `${Array.from(text).length.toLocaleString('en')} characters, ${distinct} distinct; chunks of T characters are read in order, the hidden state carried from one chunk to the next.`;
    ui.message.textContent = '';
  } catch (error) {
    ui.message.textContent = error.message;
  } finally {
    options?.free();
  }
}

/** Installs a new lab object and rebuilds the per-model views. */
function replaceLab(ui, state, lab, text) {
  state.lab?.free();
  state.lab = lab;
  trainedModels.lab = lab;
  trainedModels.labels = Array.from({ length: lab.modelCount }, (_, i) => lab.modelLabel(i));
  state.text = text;
  ui.gradcheckOut.replaceChildren();
  state.views = [];
  const unrolled = [];
  const heat = [];
  for (let i = 0; i < lab.modelCount; i++) {
    const label = lab.modelLabel(i);
    const canvas = el('canvas', { class: 'chart unrolled', 'aria-label': `${label} unrolled over the chunk`, dataset: { figure: `unrolled-${label}` } });
    const formula = el('pre', { class: 'formula', 'aria-live': 'polite', tabIndex: 0 });
    // The canvas names its model itself; on a narrow screen it scrolls sideways (wide-scroll).
    unrolled.push(el('div', { class: 'model-view' }, el('div', { class: 'wide-scroll' }, canvas), formula));
    const heatCanvas = el('canvas', { class: 'chart heat', 'aria-label': `${label} states`, dataset: { figure: `states-${label}` } });
    heat.push(el('div', {}, heatCanvas));
    state.views.push({ label, canvas, formula, heatCanvas });
  }
  ui.saveWhich.replaceChildren(...state.views.map((view, i) => el('option', { value: String(i) }, `the ${view.label} as a PyTorch file`)));
  ui.saveWhich.value = String(state.views.length - 1);
  ui.unrolled.replaceChildren(...unrolled);
  ui.heatmaps.replaceChildren(...heat);
  for (const view of state.views) {
    onResize(view.canvas, () => guard(() => drawUnrolled(ui, state)));
    onResize(view.heatCanvas, () => guard(() => drawHeatmaps(ui, state)));
  }
  ui.accuracy.tHead.replaceChildren();
  ui.accuracy.tBodies[0].replaceChildren();
  redrawAll(ui, state);
}

/** Runs `n` training steps; on divergence stops with a message naming the step. */
function train(ui, state, n) {
  if (!state.lab) return false;
  try {
    state.lab.train(n);
    return true;
  } catch (error) {
    state.player.stop();
    ui.message.textContent = error.message;
    redrawAll(ui, state);
    return false;
  }
}

/** Reveals one stage and redraws. */
function stepStage(ui, state) {
  if (!state.lab) return;
  attempt(ui.message, () => state.lab.stepStage());
  redrawAll(ui, state);
}

/** The timesteps of the chunk being stepped through (0 before the first). */
function chunkLength(state) {
  return state.lab ? state.lab.chunkLength : 0;
}

/**
 * The stages of a chunk of `T` timesteps in the order they are revealed, as slider positions:
 * forward 1..T (0..T−1), the loss (T), backward T..1 (T+1..2T).
 */
function stageAt(position, T) {
  if (position < T) return { kind: 'forward', t: position + 1 };
  if (position === T) return { kind: 'loss', t: 0 };
  return { kind: 'backward', t: 2 * T + 1 - position };
}

/** The slider position of the stage shown, or null outside a chunk. */
function positionOf(lab, T) {
  const stage = lab.stage;
  if (stage === 'forward') return lab.stageStep - 1;
  if (stage === 'loss') return T;
  if (stage === 'backward') return 2 * T + 1 - lab.stageStep;
  return null;
}

/** Shows `stage` ({kind, t}) of the chunk (starting one first when none is being stepped). */
function showStage(ui, state, stage) {
  const lab = state.lab;
  if (!lab) return;
  if (positionOf(lab, chunkLength(state)) === null && attempt(ui.message, () => lab.stepStage()) === undefined) return;
  lab.showStage(stage.kind, stage.t);
  drawLight(ui, state);
  drawHeavy(ui, state);
}

/** Reveals the rest of the chunk's stages and applies its update. */
function finishPass(ui, state) {
  const lab = state.lab;
  if (!lab) return;
  const most = 2 * Math.max(1, chunkLength(state)) + 3;
  for (let k = 0; k < most && lab.stage !== 'update'; k++) {
    if (attempt(ui.message, () => lab.stepStage()) === undefined) break;
  }
  redrawAll(ui, state);
}

/**
 * Arrow keys move through the chunk while the RNN lab is shown and no text field has the
 * focus: ← → a timestep of the forward pass, Shift+← → of the backward pass, Home / End the
 * first and last stage.
 */
function stageKey(event, ui, state) {
  const section = ui.scrub.closest('section');
  if (section.hidden || event.altKey || event.ctrlKey || event.metaKey || !state.lab) return;
  const target = /** @type {HTMLElement} */ (event.target);
  const typing = target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement
    || (target instanceof HTMLInputElement && target.type !== 'button' && target.type !== 'checkbox' && target !== ui.scrub);
  // A focused chart's arrow keys move its own cursor (www/keyboard.js).
  if (typing || target instanceof HTMLCanvasElement || (target !== document.body && !section.contains(target))) return;
  const T = chunkLength(state);
  const step = { ArrowLeft: -1, ArrowRight: 1 }[event.key];
  let stage;
  if (event.key === 'Home') stage = { kind: 'forward', t: 1 };
  else if (event.key === 'End') stage = { kind: 'backward', t: 1 };
  else if (step !== undefined) {
    const position = positionOf(state.lab, T);
    const now = position === null ? 0 : state.lab.stage === 'loss' ? T : state.lab.stageStep;
    const t = position === null ? 1 : Math.min(Math.max(now + step, 1), Math.max(T, 1));
    stage = { kind: event.shiftKey ? 'backward' : 'forward', t: position === null && event.shiftKey ? Math.max(T, 1) : t };
  } else return;
  event.preventDefault();
  state.player.stop();
  showStage(ui, state, stage);
  stateChanged(ui.scrub);
}

/** The slider and its read-out follow the stage shown. */
function syncScrub(ui, state) {
  const T = chunkLength(state);
  const position = state.lab ? positionOf(state.lab, T) : null;
  ui.scrub.max = String(Math.max(0, 2 * T));
  ui.scrub.disabled = position === null;
  ui.scrub.value = String(position ?? 0);
  const stage = position === null ? null : stageAt(position, T);
  ui.scrubOut.textContent = stage === null
    ? 'Step once (or press →) to start a chunk.'
    : stage.kind === 'loss' ? `the loss (stage ${T + 1} of ${2 * T + 1})` : `${stage.kind} t = ${stage.t} (stage ${position + 1} of ${2 * T + 1})`;
  ui.scrub.setAttribute('aria-valuetext', ui.scrubOut.textContent);
}

/** Everything, now (samples and surprisal too). */
function redrawAll(ui, state) {
  drawLight(ui, state);
  drawHeavy(ui, state);
  showSamples(ui, state);
}

/** The cheap views: readout, unrolled networks, formulas, training curves. */
function drawLight(ui, state) {
  drawReadout(ui, state);
  drawUnrolled(ui, state);
  drawCurves(ui, state);
}

/** Where training and the step-through are, each model's loss, and the rate while playing. */
function drawReadout(ui, state) {
  const lab = state.lab;
  if (!lab) return;
  const stage = lab.stage;
  const where = stage === 'forward' || stage === 'backward' ? `${stage} t = ${lab.stageStep}` : stage;
  const losses = state.views.map((v, i) => `${v.label} ${fmt(lab.lossBits(i), 3)} bits/char`).join(' · ');
  const rate = state.player.running ? ` · ${Math.round(state.player.stepsPerSecond)} steps/s` : '';
  ui.readout.textContent = `step ${lab.steps} · ${where} · ${losses}${rate}`;
  syncScrub(ui, state);
}

/** The costlier views: gradient norms (power iterations) and heat maps. */
function drawHeavy(ui, state) {
  drawNorms(ui, state);
  drawHeatmaps(ui, state);
}

/** Each model's unrolled network and formula (only model `only`'s when given). */
function drawUnrolled(ui, state, only = undefined) {
  if (!state.lab) return;
  state.views.forEach((view, i) => {
    if (only !== undefined && i !== only) return;
    // At least UNROLLED_CELL_PX per timestep: a phone scrolls the chunk rather than squeezing it.
    view.canvas.style.minWidth = `${chunkLength(state) * UNROLLED_CELL_PX + UNROLLED_MARGIN_PX}px`;
    paint(view.canvas, (canvas, ratio) => state.lab.drawUnrolled(canvas, ratio, i));
    view.formula.textContent = state.lab.formula(i);
  });
}

/**
 * How much of the last step's loss reaches each input, by distance, and in words: what reaches
 * the farthest input as a share of what reaches the nearest, for each model.
 */
function drawReach(ui, state) {
  paint(ui.reach, (canvas, ratio) => state.lab.drawInputReach(canvas, ratio));
  const parts = [];
  state.views.forEach((view, i) => {
    const reach = state.lab.inputReach(i);
    const T = reach.length;
    if (T < 2) return;
    const share = reach[0] / reach[T - 1];
    parts.push(`${view.label} ${Number.isFinite(share) ? sig(share, 2) : '–'}`);
  });
  ui.reachExplain.textContent = parts.length
    ? `‖∂L_T/∂x_t‖: the gradient of the last prediction's loss with respect to the input vector fed at step t, against the distance T − t. `
      + `What reaches the farthest input (T − t = ${state.lab.chunkLength - 1}) as a share of what reaches the nearest: ${parts.join(' · ')}. `
      + 'A tanh RNN multiplies it by a Jacobian at every step; the LSTM also carries it along the cell (Π f), the GRU along its kept state (Π z).'
    : '';
}

/** The gradient-norm chart and what to look for in it. */
function drawNorms(ui, state) {
  if (!state.lab) return;
  paint(ui.norms, (canvas, ratio) => state.lab.drawGradientNorms(canvas, ratio, ui.normalised.checked));
  const parts = [];
  for (let i = 0; i < state.views.length; i++) {
    const decay = state.lab.gradientDecay(i);
    if (!decay) continue;
    const { perStep, total } = decay;
    decay.free();
    const spectral = state.lab.recurrentNorm(i);
    parts.push(perStep > 0
      ? `${state.views[i].label} (‖W_hh‖₂ = ${fmt(spectral, 3)}): from t = T back to t = 1 the last step's gradient changes by about ×${perStep.toPrecision(3)} per step (×${total.toPrecision(3)} in all).`
      : `${state.views[i].label}: the gradient reaching t = 1 is 0 in float32 — it vanished completely.`);
  }
  drawReach(ui, state);
  ui.normsExplain.textContent = parts.length
    ? `Solid: ‖∂L_T/∂h_t‖, how much the loss at the last step alone reaches back to step t; dashed: the total ‖∂L/∂h_t‖; dotted: the product of the Jacobian norms ‖∂h_k/∂h_{k−1}‖. ${parts.join(' ')} A factor below 1 vanishes geometrically, above 1 explodes.`
    : 'Step or train to see the gradient norms of a chunk.';
}

/** The states and gates each cell has, as the heat-map menu names them. */
const CELL_STATES = { RNN: ['h'], LSTM: ['h', 'c', 'i', 'f', 'g', 'o'], GRU: ['h', 'r', 'z', 'n'] };

/** State `which` when model `label` has it, else h. */
function shownState(label, which) {
  return (CELL_STATES[label] ?? ['h']).includes(which) ? which : 'h';
}

/** One heat map per model of the chosen state (only model `only`'s when given). */
function drawHeatmaps(ui, state, only = undefined) {
  if (!state.lab) return;
  const which = ui.heatWhich.value;
  state.views.forEach((view, i) => {
    if (only !== undefined && i !== only) return;
    // A model without the chosen state (the RNN has only h) shows h.
    const shown = shownState(view.label, which);
    paint(view.heatCanvas, (canvas, ratio) => state.lab.drawHeatmap(canvas, ratio, i, shown));
  });
}

/** Loss curves. */
function drawCurves(ui, state) {
  if (!state.lab) return;
  paint(ui.curves, (canvas, ratio) => state.lab.drawTrainingCurves(canvas, ratio));
}

/** A fresh seeded sample from each model. */
function showSamples(ui, state) {
  if (!state.lab) return;
  const temperature = attempt(ui.message, () => readNumber(ui.temperature));
  if (temperature === undefined) return;
  const prime = Array.from(state.text).slice(0, 1).join('');
  ui.samples.replaceChildren(...state.views.map((view, i) => el('div', {},
    el('h4', {}, `${view.label} writes (temperature ${temperature}, after ${state.lab.steps} steps)`),
    el('p', { class: 'sample' }, prime + state.lab.sample(i, prime, 160, temperature, 7)))));
  showPerplexity(ui, state);
}

/** Environment accuracy per gap for each model. */
function measureAccuracy(ui, state) {
  if (!state.lab) return;
  const remember = ui.task.value === 'remember';
  const head = el('tr', {}, el('th', { class: 'text' }, 'cell'), ...GAPS.map((g) => el('th', {}, `${remember ? 'delay' : 'gap'} ${g}`)));
  const rows = state.views.map((view, i) => {
    const rates = remember
      ? state.lab.rememberAccuracy(i, Uint32Array.from(GAPS), ACCURACY_TRIALS, 11)
      : state.lab.environmentAccuracy(i, Uint32Array.from(GAPS), ACCURACY_TRIALS, 11);
    return el('tr', {}, el('td', { class: 'text' }, view.label), ...Array.from(rates).map((r) => el('td', {}, `${Math.round(r * 100)} %`)));
  });
  ui.accuracy.tHead.replaceChildren(head);
  ui.accuracy.tBodies[0].replaceChildren(...rows);
}

/** Per-character surprisal of the sentence under each model. */
function showPerplexity(ui, state) {
  if (!state.lab) return;
  const text = ui.pplText.value;
  const out = state.views.map((view, i) => {
    try {
      const score = state.lab.scoreText(i, text);
      const values = score.surprisalBits;
      const crossEntropy = score.crossEntropyBits;
      const perplexity = score.perplexity;
      score.free();
      const chars = Array.from(text);
      const max = Math.max(1, ...values);
      const spans = chars.map((c, k) => {
        const s = k === 0 ? null : values[k - 1];
        const shade = s === null ? 0 : Math.min(1, s / max);
        return el('span', {
          style: `background: rgba(234, 88, 12, ${(shade * 0.8).toFixed(2)})`,
          title: s === null ? 'the first character is not predicted' : `−log₂ p = ${fmt(s, 2)} bits`,
        }, c === ' ' ? '␣' : c);
      });
      return el('div', {}, el('h4', {}, `${view.label}: ${fmt(crossEntropy, 3)} bits per character, perplexity ${fmt(perplexity, 2)}`),
        el('p', { class: 'surprisal' }, ...spans));
    } catch (error) {
      return el('p', { class: 'message' }, `${view.label}: ${error.message}`);
    }
  });
  ui.pplOut.replaceChildren(...out);
}

/** Downloads the chosen model as a PyTorch state_dict JSON file. */
function save(ui, state) {
  if (!state.lab) return;
  const index = Number(ui.saveWhich.value || state.views.length - 1);
  const json = state.lab.toJson(index);
  download(`unroll-${state.views[index].label.toLowerCase()}.json`, json, 'application/json');
  ui.message.textContent = `Saved the ${state.views[index].label} as a PyTorch state_dict JSON file.`;
}

/** Loads a model file; a bad file shows the engine's message and keeps the current lab. */
function load(ui, state, file) {
  state.player.stop();
  if (file.size > inputLimits.modelFileBytes) {
    ui.message.textContent = `Could not load ${file.name}: it is ${formatBytes(file.size)}; the lab reads model files up to ${formatBytes(inputLimits.modelFileBytes)}. The current models are kept.`;
    return;
  }
  file.text().then((json) => guard(() => {
    let options;
    try {
      options = readOptions(ui);
      const text = state.text;
      const lab = RnnLab.fromModelJson(json, text, options);
      replaceLab(ui, state, lab, lab.textNote ? lab.trainingText(100_000) : text);
      state.fromFile = true;
      state.builtWith = buildValues(ui);
      stateChanged(ui.message);
      ui.message.textContent = `Loaded ${file.name}: an ${lab.modelLabel(0)}. Step through it, or train it further. ${lab.textNote}`.trim();
    } catch (error) {
      ui.message.textContent = `Could not load ${file.name}: ${error.message}`;
    } finally {
      options?.free();
    }
  }), showError);
}

/** Hover on the unrolled views and heat maps shows the value under the pointer. */
function installHover(ui, state) {
  const { show, hide } = tooltip(ui.tooltip);
  const inputs = () => state.lab?.chunkInputs() ?? [];
  for (const container of [ui.unrolled, ui.heatmaps]) {
    container.addEventListener('pointermove', (event) => guard(() => {
      const canvas = event.target;
      if (!(canvas instanceof HTMLCanvasElement) || !state.lab) return hide();
      const index = state.views.findIndex((v) => v.canvas === canvas || v.heatCanvas === canvas);
      if (index < 0) return hide();
      if (canvas === state.views[index].canvas) {
        const t = state.lab.unrolledCellAt(pointerOn(event, canvas));
        if (t === undefined) return hide();
        const h = state.lab.stateValue(index, 'h', t, 0);
        return show(event, `t = ${t + 1}, input '${inputs()[t] ?? ''}'\nh_${t + 1}[1] = ${fmt(h, 4)}`);
      }
      const cell = state.lab.heatmapCellAt(pointerOn(event, canvas));
      if (cell === undefined) return hide();
      const { timestep, unit } = cell;
      cell.free();
      const label = state.views[index].label;
      const which = shownState(label, ui.heatWhich.value);
      const value = state.lab.stateValue(index, which, timestep, unit);
      const formulas = {
        h: { LSTM: 'h = o ⊙ tanh(c)', GRU: 'h = (1 − z) ⊙ n + z ⊙ h₋₁' }[label] ?? 'h = tanh(W_ih x + b_ih + W_hh h₋₁ + b_hh)',
        c: 'c = f ⊙ c₋₁ + i ⊙ g', i: 'i = σ(zⁱ)', f: 'f = σ(zᶠ)', g: 'g = tanh(zᵍ)', o: 'o = σ(zᵒ)',
        r: 'r = σ(W_ir x + b_ir + W_hr h₋₁ + b_hr)', z: 'z = σ(W_iz x + b_iz + W_hz h₋₁ + b_hz)',
        n: 'n = tanh(W_in x + b_in + r ⊙ (W_hn h₋₁ + b_hn))',
      };
      return show(event, `${which}[unit ${unit + 1}] at t = ${timestep + 1} ('${inputs()[timestep] ?? ''}') = ${fmt(value, 4)}\n${formulas[which]}`);
    }));
    container.addEventListener('pointerleave', hide);
  }
  ui.norms.addEventListener('pointermove', (event) => guard(() => {
    if (!state.lab) return hide();
    const readout = state.lab.gradientValuesAt(pointerOn(event, ui.norms));
    if (readout === undefined) return hide();
    const t = readout.step;
    const lines = [`t = ${t}, input '${inputs()[t - 1] ?? ''}'`];
    state.views.forEach((view, i) => {
      const values = readout.model(i);
      const [last, total, jac, forget] = values ? [values.lastLoss, values.total, values.jacobian, values.forgetProduct] : [];
      values?.free();
      lines.push(`${view.label}: ‖∂L_T/∂h_t‖ = ${last.toExponential(2)}, ‖∂L/∂h_t‖ = ${total.toExponential(2)}, ‖∂h_t/∂h_t−1‖₂ = ${fmt(jac, 3)}`
        + ({ LSTM: `, mean Π f = ${fmt(forget, 3)}`, GRU: `, mean Π z = ${fmt(forget, 3)}` }[view.label] ?? ''));
    });
    readout.free();
    return show(event, lines.join('\n'));
  }));
  ui.norms.addEventListener('pointerleave', hide);
}
