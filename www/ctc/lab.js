// The CTC lab: the collapse rule, an editable emission matrix, the lattice stepped column by
// column, three decoders, every alignment listed, and a model learning to align.
import { CtcLab, Pointer, beginFigure, finishFigure } from '../pkg/ctc/unroll.js';
import { painter } from '../figure.js';
import { gradientCheckView } from '../gradcheck.js';
import {
  actions, attempt, pointerMaker, el, finder, fmt, guard, onResize, playerWithButton, readNumber, sig,
} from '../kit.js';
import { shorten, stateChanged, wholeCount } from '../link.js';

const pointerOn = pointerMaker(Pointer);

/** The lab's state, for the figures' file names (set when the lab starts). */
let shown = null;
/** Draws a chart and keeps its draw call for Save (files say the training step). */
const paint = painter({ beginFigure, finishFigure }, 'ctc', () => (shown?.lab ? `step${shown.lab.steps}` : ''));

const MAX_LISTED = 200;
/** While playing: the loss curve at most this often, in ms. */
const CURVE_EVERY_MS = 100;
/** While playing: the lattice views follow the model at most this often, in ms. */
const FOLLOW_EVERY_MS = 150;
/** The lab's seed (the model's initialisation and its utterances). */
const SEED = 1;
/** The most training steps a link may ask to replay. */
const MOST_REPLAYED_STEPS = 1_000_000;
/** The symbols as a link's edits name them: the blank, then the labels a, b, c. */
const SYMBOL_NAMES = ['-', 'a', 'b', 'c'];
/** A dragged probability is kept to this many steps of 1 (0.001 … 0.999), so a link holds it exactly. */
const PROBABILITY_STEPS = 1000;
/** How much Page Up / Page Down change an emission probability. */
const KEY_STEP = 0.05;

/** The views of the emissions and the lattice, each drawn by itself. */
const LATTICE_DRAW = {
  emissions: (ui, state) => paint(ui.emissions, (canvas, ratio) => state.lab.drawEmissions(canvas, ratio)),
  lattice: (ui, state) => paint(ui.lattice, (canvas, ratio) => state.lab.drawLattice(canvas, ratio)),
  gradient: (ui, state) => paint(ui.gradient, (canvas, ratio) => state.lab.drawGradient(canvas, ratio)),
  text: (ui, state) => showLatticeText(ui, state),
  alignments: (ui, state) => showAlignments(ui, state),
};
const LATTICE_VIEWS = Object.keys(LATTICE_DRAW);

/** Starts the CTC lab inside `section`. */
export function initCtcLab(section) {
  const $ = finder(section);
  const ui = {
    path: $('ctc-path'), collapse: $('ctc-collapse-out'), target: $('ctc-target'), frames: $('ctc-frames'),
    step: $('ctc-step'), scrub: $('ctc-scrub'), scrubOut: $('ctc-scrub-out'), disagree: $('ctc-disagree'), take: $('ctc-take'), message: $('ctc-message'),
    readout: $('ctc-readout'), emissions: $('ctc-emissions'), lattice: $('ctc-lattice'), explain: $('ctc-explain'),
    decodings: $('ctc-decodings').tBodies[0], gradient: $('ctc-gradient'), alignmentsSum: $('ctc-alignments-sum'),
    alignments: $('ctc-alignments').tBodies[0], train: $('ctc-train'), play: $('ctc-play'),
    trainReadout: $('ctc-train-readout'), curve: $('ctc-curve'), follow: $('ctc-follow'),
    gradcheck: $('ctc-gradcheck'), gradcheckOut: $('ctc-gradcheck-out'),
  };
  /**
   * `followed`: lattice views taken from the model and not drawn yet. The emissions on screen
   * are `from` (the first ones "", "disagreement", or "model.N": the model's after N steps)
   * changed by `edits` in order (`t7`: 7 frames; `3a734`: frame 3's a set to 0.734), which a
   * link replays; `replaying`: a link is being opened (the views do not follow the model).
   */
  const state = {
    lab: new CtcLab(SEED), dragging: false, dragged: false, followed: new Set(), from: '', edits: [], replaying: false, player: null,
  };
  shown = state;
  const player = playerWithButton(ui.play, {
    work: (n) => trainSteps(ui, state, Math.min(n, 20)),
    // Each view is its own part, so a frame draws only what fits in its budget; the lattice
    // views follow the model at most every FOLLOW_EVERY_MS and are drawn from one take.
    parts: [
      { draw: () => showTrainingText(ui, state), text: true },
      { draw: () => drawLossCurve(ui, state), every: CURVE_EVERY_MS },
      {
        draw: () => {
          if (!ui.follow.checked || state.replaying || !takeFromModel(ui, state)) return;
          for (const view of LATTICE_VIEWS) state.followed.add(view);
        },
        every: FOLLOW_EVERY_MS,
        text: true,
      },
      ...LATTICE_VIEWS.map((view) => ({
        draw: () => { if (state.followed.delete(view)) LATTICE_DRAW[view](ui, state); },
        text: view === 'text' || view === 'alignments',
      })),
    ],
    // The worker trains the model; the lattice stays the page's, editable while it trains.
    remote: {
      session: () => ({ kind: 'ctc', bytes: state.lab.toBytes(), text: '' }),
      restore: (bytes) => state.lab.restore(bytes),
      failed: (message) => { ui.message.textContent = message; showTraining(ui, state); },
    },
  });
  state.player = player;
  const act = actions(ui.message, () => redraw(ui, state));
  ui.path.addEventListener('input', () => guard(() => showCollapse(ui)));
  ui.target.addEventListener('input', act(() => state.lab.setTarget(ui.target.value)));
  ui.frames.addEventListener('input', act(() => setFrames(state, readNumber(ui.frames))));
  ui.step.addEventListener('click', act(() => { state.lab.stepReveal().free(); stateChanged(ui.step); }));
  // The slider (and its arrow keys) moves through the same reveals: α column by column, β back, the posteriors.
  ui.scrub.addEventListener('input', act(() => { revealAt(state, ui.scrub.valueAsNumber); }));
  ui.disagree.addEventListener('click', act(() => { loadDisagreement(state); syncInputs(ui, state); stateChanged(ui.disagree); }));
  ui.take.addEventListener('click', act(() => { takeEmissions(state); syncInputs(ui, state); stateChanged(ui.take); }));
  ui.train.addEventListener('click', act(() => {
    player.stop();
    trainSteps(ui, state, 50);
    showTraining(ui, state);
    if (ui.follow.checked) follow(ui, state);
    stateChanged(ui.train);
  }));
  let checks = 0;
  ui.gradcheck.addEventListener('click', act(() => {
    player.stop();
    const view = gradientCheckView(state.lab.gradientCheck(BigInt(checks)));
    checks += 1;
    ui.gradcheckOut.replaceChildren(el('p', { class: 'hint' }, `After ${state.lab.steps} training steps, on the last training utterance:`), view);
  }));
  installDrag(ui, state, act);
  for (const canvas of [ui.emissions, ui.lattice, ui.gradient]) onResize(canvas, () => guard(() => redraw(ui, state)));
  onResize(ui.curve, () => guard(() => showTraining(ui, state)));
  showCollapse(ui);
  redraw(ui, state);
  showTraining(ui, state);
  return {
    // A link holds the target and frames the lattice has (not a refused one typed since).
    built: () => new Map([[ui.target, state.lab.target], [ui.frames, String(state.lab.frames)]]),
    extra: () => linkState(state),
    restore: (params, progress) => restoreLink(ui, state, params, progress),
  };
}

/** Changes the number of frames, noting it among the edits. */
function setFrames(state, frames) {
  state.lab.setFrames(frames);
  state.edits.push(`t${frames}`);
}

/** Loads the case where best path and the summed paths disagree (the edits start again). */
function loadDisagreement(state) {
  state.lab.loadDisagreement();
  state.from = 'disagreement';
  state.edits = [];
}

/** Takes the model's emissions on its latest utterance (the edits start again). */
function takeEmissions(state) {
  state.lab.takeModelEmissions();
  state.from = `model.${state.lab.steps}`;
  state.edits = [];
}

/**
 * Sets a dragged emission, kept to a step of 1/PROBABILITY_STEPS and noted among the edits; the
 * same value again is no edit.
 */
function setEmission(state, frame, symbol, probability) {
  const steps = Math.min(PROBABILITY_STEPS - 1, Math.max(1, Math.round(probability * PROBABILITY_STEPS)));
  const edit = `${frame + 1}${SYMBOL_NAMES[symbol]}${steps}`;
  if (state.edits.at(-1) === edit) return false;
  state.lab.setProbability(frame, symbol, steps / PROBABILITY_STEPS);
  state.edits.push(edit);
  return true;
}

/** The reveal shown, as a link writes it: `alpha.3`, `beta.2`, or `posterior`. */
function stageName(lab) {
  const reveal = lab.reveal;
  const { kind, frame } = reveal;
  reveal.free();
  return kind === 'posterior' ? kind : `${kind}.${frame}`;
}

/**
 * What a link holds beyond the controls: the steps trained, where the emissions came from and
 * the edits since, and the reveal shown.
 */
function linkState(state) {
  const lab = state.lab;
  const pairs = [];
  if (lab.steps > 0) pairs.push(['trained', String(lab.steps)]);
  if (state.from) pairs.push(['emissions', state.from]);
  if (state.edits.length > 0) pairs.push(['edits', state.edits.join(',')]);
  const stage = stageName(lab);
  if (stage !== 'posterior') pairs.push(['stage', stage]);
  return pairs;
}



/**
 * Opens a link's state: a new lab (seeded), the model trained the link's steps (the emissions
 * taken from it at the step they were), the emissions' edits replayed in order, then the
 * target, the frames and the reveal; the controls are already set.
 */
async function restoreLink(ui, state, params, progress) {
  const used = ['trained', 'emissions', 'edits', 'stage'];
  const notes = [];
  state.player.stop();
  state.replaying = true;
  try {
    state.lab.free();
    state.lab = new CtcLab(SEED);
    state.from = '';
    state.edits = [];
    ui.message.textContent = '';
    let trained = wholeCount(params.get('trained'), MOST_REPLAYED_STEPS);
    if (trained === null) {
      notes.push(`“trained=${shorten(params.get('trained'))}” is not a number of steps from 0 to ${MOST_REPLAYED_STEPS.toLocaleString('en')}; the model opened untrained.`);
      trained = 0;
    }
    const from = params.get('emissions');
    const taken = from === undefined ? null : /^model\.(\d{1,9})$/.exec(from);
    const takenAt = taken ? Number(taken[1]) : 0;
    const train = async (steps) => {
      const start = state.lab.steps;
      if (steps <= start) return;
      progress(start, trained);
      await state.player.goal(steps - start, (done) => progress(start + done, trained));
    };
    if (from === 'disagreement') loadDisagreement(state);
    else if (taken && takenAt >= 1 && takenAt <= trained) {
      await train(takenAt);
      if (state.lab.steps === takenAt) takeEmissions(state);
      else notes.push(`Training stopped at step ${state.lab.steps.toLocaleString('en')}, before the link's emissions (after step ${takenAt.toLocaleString('en')}) could be taken; the first emissions were kept.`);
    } else if (from !== undefined) {
      notes.push(`“emissions=${shorten(from)}” is not where emissions come from (“disagreement”, or “model.N” with N from 1 to the steps trained), so the first emissions were kept.`);
    }
    await train(trained);
    if (state.lab.steps < trained) notes.push(`Training stopped at step ${state.lab.steps.toLocaleString('en')} of the link's ${trained.toLocaleString('en')}.`);
    replayEdits(state, params.get('edits'), notes);
    if (ui.target.value !== state.lab.target) {
      try {
        state.lab.setTarget(ui.target.value);
      } catch (error) {
        notes.push(`“target=${shorten(ui.target.value)}” was not used: ${error.message}; the target is “${state.lab.target}”.`);
      }
    }
    // The controls were checked when the link set them: the frames field holds a valid count.
    const frames = attempt(ui.message, () => readNumber(ui.frames), state.lab.frames);
    if (frames !== state.lab.frames) attempt(ui.message, () => setFrames(state, frames));
    restoreStage(state, params.get('stage'), notes);
  } finally {
    state.replaying = false;
  }
  syncInputs(ui, state);
  showCollapse(ui);
  redraw(ui, state);
  showTraining(ui, state);
  return { used, notes };
}

/** Replays a link's edits of the emissions (`t7,3a734,…`); those that are not edits are a note. */
function replayEdits(state, text, notes) {
  if (text === undefined || text === '') return;
  const bad = [];
  for (const edit of text.split(',')) {
    const frames = /^t(\d{1,2})$/.exec(edit);
    const cell = /^(\d{1,2})([-abc])(\d{1,3})$/.exec(edit);
    try {
      if (frames) setFrames(state, Number(frames[1]));
      else if (cell && Number(cell[1]) >= 1 && Number(cell[1]) <= state.lab.frames && Number(cell[3]) >= 1 && Number(cell[3]) < PROBABILITY_STEPS) {
        const frame = Number(cell[1]) - 1;
        const symbol = SYMBOL_NAMES.indexOf(cell[2]);
        const probability = Number(cell[3]) / PROBABILITY_STEPS;
        state.lab.setProbability(frame, symbol, probability);
        state.edits.push(edit);
      } else bad.push(edit);
    } catch {
      bad.push(edit);
    }
  }
  if (bad.length > 0) {
    const list = bad.slice(0, 3).map((edit) => `“${shorten(edit)}”`).join(', ');
    notes.push(`The link's edits ${list}${bad.length > 3 ? ` and ${bad.length - 3} more` : ''} are not edits of these emissions (“t7”: 7 frames; “3a734”: frame 3's a set to 0.734), so ${bad.length === 1 ? 'it was' : 'they were'} left out.`);
  }
}

/** Steps the lattice to a link's reveal (`alpha.3`, `beta.2`); one it never reaches is a note. */
function restoreStage(state, stage, notes) {
  if (stage === undefined) return;
  // From the posteriors, α and β take one step per frame each.
  const most = 2 * state.lab.frames + 1;
  for (let k = 0; k < most && stageName(state.lab) !== stage; k++) state.lab.stepReveal().free();
  if (stageName(state.lab) !== stage) {
    while (stageName(state.lab) !== 'posterior') state.lab.stepReveal().free();
    notes.push(`“stage=${shorten(stage)}” is not a step of this lattice (alpha.1 to alpha.${state.lab.frames}, beta.${state.lab.frames} to beta.1), so the posteriors are shown.`);
  }
}

/** The collapse of the typed frame path, in two visible steps. */
function showCollapse(ui) {
  try {
    const collapsed = CtcLab.collapseText(ui.path.value);
    const path = ui.path.value.replace(/\s+/g, '').replace(/-/g, '−');
    const merged = CtcLab.mergeText(ui.path.value);
    ui.collapse.textContent = `${path || '(empty)'}  →  merge repeats: ${merged || '(empty)'}  →  drop blanks: ${collapsed ? `"${collapsed}"` : '"" (nothing)'}`;
  } catch (error) {
    ui.collapse.textContent = error.message;
  }
}

/** Puts the session's target and frame count back into the inputs. */
function syncInputs(ui, state) {
  ui.target.value = state.lab.target;
  ui.frames.value = String(state.lab.frames);
}

/** Every view of the emissions and the lattice. */
function redraw(ui, state) {
  state.followed.clear();
  for (const view of LATTICE_VIEWS) LATTICE_DRAW[view](ui, state);
}

/** The lattice's readout, the decoders and what they say. */
/** The lattice's reveals as slider positions: α 1..T (0..T−1), β T..1 (T..2T−1), the posteriors (2T). */
function revealPosition(lab) {
  const T = lab.frames;
  const reveal = lab.reveal;
  const { kind, frame } = reveal;
  reveal.free();
  if (kind === 'alpha') return frame - 1;
  if (kind === 'beta') return 2 * T - frame;
  return 2 * T;
}

/** Steps the reveal (it cycles) until it is at slider position `position`. */
function revealAt(state, position) {
  const most = 2 * state.lab.frames + 1;
  for (let k = 0; k < most && revealPosition(state.lab) !== position; k++) state.lab.stepReveal().free();
}

function showLatticeText(ui, state) {
  const lab = state.lab;
  ui.scrub.max = String(2 * lab.frames);
  ui.scrub.value = String(revealPosition(lab));
  const reveal = lab.reveal;
  const { kind, frame } = reveal;
  reveal.free();
  const shown = kind === 'posterior'
    ? 'posteriors: α·β/y, the share of all alignments passing through each state'
    : kind === 'alpha' ? `α up to frame ${frame} (forward)` : `β from frame ${frame} (backward)`;
  ui.scrubOut.textContent = kind === 'posterior' ? 'posteriors' : `${kind === 'alpha' ? 'α' : 'β'} frame ${frame}`;
  ui.scrub.setAttribute('aria-valuetext', shown);
  ui.readout.textContent = lab.infeasible
    ? `target "${lab.target}": no alignment — ${lab.infeasible}; loss = ∞`
    : `target "${lab.target}" · p = ${sig(lab.probability, 4)} · loss −ln p = ${sig(lab.loss, 4)} · showing ${shown}`;
  const decodings = lab.decodings();
  const { bestFrames: frames, bestPath: best, beam, viterbi } = decodings;
  decodings.free();
  ui.decodings.replaceChildren(
    row('best path (argmax per frame)', `${frames} → "${best}"`),
    row('prefix beam search (width 8)', `"${beam}"`),
    row('Viterbi alignment of the target', viterbi ? viterbi : '(none: the target cannot be aligned)'),
  );
  ui.explain.textContent = best !== beam
    ? `Here they disagree: the single most likely frame path spells "${best}", but summing every path, "${beam}" is more probable. CTC's loss sums over paths; best-path decoding does not.`
    : 'The lattice holds one row per symbol of the blank-extended target (− l₁ − l₂ … −). An alignment moves right one frame at a time: stay, step down one, or skip a blank — but never skip between two equal labels, which is why "aa" needs a blank between.';
}

/** One row of the decodings table. */
function row(name, value) {
  return el('tr', {}, el('td', { class: 'text' }, name), el('td', { class: 'text' }, value));
}

/** The alignments of the target (for small T), adding up to the lattice's total. */
function showAlignments(ui, state) {
  try {
    const alignments = state.lab.alignments();
    const rows = [];
    let sum = 0;
    for (const alignment of alignments) {
      const { path, probability } = alignment;
      alignment.free();
      sum += probability;
      if (rows.length < MAX_LISTED) rows.push(el('tr', {}, el('td', { class: 'text' }, path), el('td', {}, probability.toPrecision(4))));
    }
    const count = alignments.length;
    ui.alignments.replaceChildren(...rows);
    ui.alignmentsSum.textContent = `${count} alignment${count === 1 ? '' : 's'}${count > MAX_LISTED ? ` (the ${MAX_LISTED} most likely shown)` : ''}; their probabilities add up to ${sum.toPrecision(6)} = p from the lattice.`;
  } catch (error) {
    ui.alignments.replaceChildren();
    ui.alignmentsSum.textContent = error.message;
  }
}

/** Dragging an emission cell sets that probability; hover on the lattice shows α, β, γ. */
function installDrag(ui, state, act) {
  const set = (event) => {
    const cell = state.lab.emissionCellAt(pointerOn(event, ui.emissions));
    if (cell === undefined) return;
    const { frame, symbol, probability } = cell;
    cell.free();
    act(() => { if (setEmission(state, frame, symbol, probability)) state.dragged = true; })();
  };
  ui.emissions.addEventListener('pointerdown', (event) => {
    state.dragging = true;
    // A key's press (www/keyboard.js) has no pointer to capture.
    if (event.isTrusted) ui.emissions.setPointerCapture(event.pointerId);
    set(event);
  });
  // Page Up / Page Down on the focused chart (www/keyboard.js): the cell under its cursor ± 0.05.
  ui.emissions.addEventListener('chart-nudge', (event) => guard(() => {
    const { detail } = /** @type {CustomEvent} */ (event);
    const cell = state.lab.emissionCellAt(pointerOn(detail, ui.emissions));
    if (cell === undefined) return;
    event.preventDefault();
    const { frame, symbol } = cell;
    cell.free();
    const value = Math.min(Math.max(state.lab.emission(frame, symbol) + detail.by * KEY_STEP, 0.001), 0.999);
    act(() => { setEmission(state, frame, symbol, value); })();
    stateChanged(ui.emissions);
  }));
  ui.emissions.addEventListener('pointermove', (event) => guard(() => {
    if (state.dragging) return set(event);
    // The read-out (a hover title, and the keyboard's cursor, www/keyboard.js, reads it).
    const cell = state.lab.emissionCellAt(pointerOn(event, ui.emissions));
    if (cell === undefined) { ui.emissions.title = ''; return undefined; }
    const { frame, symbol } = cell;
    cell.free();
    const name = symbol === 0 ? 'the blank −' : `“${SYMBOL_NAMES[symbol]}”`;
    ui.emissions.title = `frame ${frame + 1}, ${name}: y = ${fmt(state.lab.emission(frame, symbol), 3)} · drag up or down (keys: Page Up / Page Down) to change it`;
    return undefined;
  }));
  ui.emissions.addEventListener('pointerup', () => {
    state.dragging = false;
    // One drag is one change of the state a link holds.
    if (state.dragged) stateChanged(ui.emissions);
    state.dragged = false;
  });
  ui.lattice.addEventListener('pointermove', (event) => guard(() => {
    const cell = state.lab.latticeCellAt(pointerOn(event, ui.lattice));
    if (cell === undefined) { ui.lattice.title = ''; return; }
    const { state: s, frame: t } = cell;
    cell.free();
    const values = state.lab.stateValues(s, t);
    const { logAlpha: alpha, logBeta: beta, posterior } = values ?? {};
    values?.free();
    ui.lattice.title = `state ${s + 1} ('${state.lab.stateName(s)}'), frame ${t + 1}\nln α = ${fmt(alpha, 3)}, ln β = ${fmt(beta, 3)}, posterior = ${fmt(posterior, 3)}`;
  }));
}

/** Trains `n` steps; a failure stops with a message. */
function trainSteps(ui, state, n) {
  return attempt(ui.message, () => {
    state.lab.train(n);
    return true;
  }, false);
}

/** Puts the model's emissions on its latest utterance into the lattice; false before training. */
function takeFromModel(ui, state) {
  if (state.lab.steps === 0) return false;
  takeEmissions(state);
  syncInputs(ui, state);
  return true;
}

/** Shows the model's emissions on its latest utterance in the emission and lattice views. */
function follow(ui, state) {
  if (takeFromModel(ui, state)) redraw(ui, state);
}

/** The training readout and loss curve. */
function showTraining(ui, state) {
  drawLossCurve(ui, state);
  showTrainingText(ui, state);
}

/** The loss curve. */
function drawLossCurve(ui, state) {
  paint(ui.curve, (canvas, ratio) => state.lab.drawLossCurve(canvas, ratio));
}

/** The training readout. */
function showTrainingText(ui, state) {
  const count = state.lab.lossSummaryCount;
  ui.trainReadout.textContent = count
    ? `step ${state.lab.steps} · mean CTC loss of the last ${count} utterances ${fmt(state.lab.recentLossMean, 3)} nats (first ${count}: ${fmt(state.lab.firstLossMean, 3)} nats). With “show the model's emissions” on, the views above follow its latest utterance: first near-uniform, then mostly blanks, then peaky labels.`
    : 'Not trained yet: at first the model spreads its probability over every symbol; soon it predicts only blanks, then peaky labels.';
}
