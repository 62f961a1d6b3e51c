// The CTC lab: the collapse rule, an editable emission matrix, the lattice stepped column by
// column, three decoders, every alignment listed, and a model learning to align.
import { CtcLab, Pointer, beginFigure, finishFigure } from '../pkg/ctc/unroll.js';
import { painter } from '../figure.js';
import {
  actions, attempt, pointerMaker, el, finder, fmt, guard, onResize, playerWithButton, readNumber, sig,
} from '../kit.js';

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
    step: $('ctc-step'), disagree: $('ctc-disagree'), take: $('ctc-take'), message: $('ctc-message'),
    readout: $('ctc-readout'), emissions: $('ctc-emissions'), lattice: $('ctc-lattice'), explain: $('ctc-explain'),
    decodings: $('ctc-decodings').tBodies[0], gradient: $('ctc-gradient'), alignmentsSum: $('ctc-alignments-sum'),
    alignments: $('ctc-alignments').tBodies[0], train: $('ctc-train'), play: $('ctc-play'),
    trainReadout: $('ctc-train-readout'), curve: $('ctc-curve'), follow: $('ctc-follow'),
  };
  const lab = new CtcLab(1);
  /** `followed`: lattice views taken from the model and not drawn yet. */
  const state = { lab, dragging: false, followed: new Set() };
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
          if (!ui.follow.checked || !takeFromModel(ui, state)) return;
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
      session: () => ({ kind: 'ctc', bytes: lab.toBytes(), text: '' }),
      restore: (bytes) => lab.restore(bytes),
      failed: (message) => { ui.message.textContent = message; showTraining(ui, state); },
    },
  });
  const act = actions(ui.message, () => redraw(ui, state));
  ui.path.addEventListener('input', () => guard(() => showCollapse(ui)));
  ui.target.addEventListener('input', act(() => lab.setTarget(ui.target.value)));
  ui.frames.addEventListener('input', act(() => {
    lab.setFrames(readNumber(ui.frames));
  }));
  ui.step.addEventListener('click', act(() => lab.stepReveal().free()));
  ui.disagree.addEventListener('click', act(() => { lab.loadDisagreement(); syncInputs(ui, state); }));
  ui.take.addEventListener('click', act(() => { lab.takeModelEmissions(); syncInputs(ui, state); }));
  ui.train.addEventListener('click', act(() => {
    player.stop();
    trainSteps(ui, state, 50);
    showTraining(ui, state);
    if (ui.follow.checked) follow(ui, state);
  }));
  installDrag(ui, state, act);
  for (const canvas of [ui.emissions, ui.lattice, ui.gradient]) onResize(canvas, () => guard(() => redraw(ui, state)));
  onResize(ui.curve, () => guard(() => showTraining(ui, state)));
  showCollapse(ui);
  redraw(ui, state);
  showTraining(ui, state);
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
function showLatticeText(ui, state) {
  const lab = state.lab;
  const reveal = lab.reveal;
  const { kind, frame } = reveal;
  reveal.free();
  const shown = kind === 'posterior'
    ? 'posteriors: α·β/y, the share of all alignments passing through each state'
    : kind === 'alpha' ? `α up to frame ${frame} (forward)` : `β from frame ${frame} (backward)`;
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
    act(() => state.lab.setProbability(frame, symbol, probability))();
  };
  ui.emissions.addEventListener('pointerdown', (event) => { state.dragging = true; ui.emissions.setPointerCapture(event.pointerId); set(event); });
  ui.emissions.addEventListener('pointermove', (event) => { if (state.dragging) set(event); });
  ui.emissions.addEventListener('pointerup', () => { state.dragging = false; });
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
  state.lab.takeModelEmissions();
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
