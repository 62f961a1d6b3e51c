// Boots the page and routes between labs. Each lab has its own wasm module (www/pkg/<module>/),
// loaded the first time the lab is shown: the page starts with the first lab's code only.
import * as attention from './pkg/attention/unroll.js';
import * as ctc from './pkg/ctc/unroll.js';
import * as metrics from './pkg/metrics/unroll.js';
import * as rnn from './pkg/rnn/unroll.js';
import * as word2vec from './pkg/word2vec/unroll.js';
import { installErrorBanner, installNumberFields, loadFieldTable, showError } from './kit.js';
import { readAddress } from './address.js';
import { initBleu } from './metrics/bleu.js';
import { initInformation } from './metrics/information.js';
import { initOverlap } from './metrics/overlap.js';
import { initPerplexity } from './metrics/perplexity.js';
import { initRnnLab } from './rnn/lab.js';
import { initCtcLab } from './ctc/lab.js';
import { initAttentionLab } from './attention/lab.js';
import { initWord2VecLab } from './word2vec/lab.js';

const DEFAULT_LAB = 'rnn';
/** Panels already started, by id. */
const started = new Set();
/** Each lab's module, by the lab's id (its section.lab), and what the status line calls it. */
const MODULES = {
  rnn: { api: rnn, name: 'RNN & LSTM' },
  attention: { api: attention, name: 'attention' },
  ctc: { api: ctc, name: 'CTC' },
  word2vec: { api: word2vec, name: 'word2vec' },
  metrics: { api: metrics, name: 'Metrics bench' },
};
/** Modules loading or loaded, by lab id: a promise of their exports, ready to call. */
const loading = new Map();
/** Whether the page has booted (the first module loaded and the number fields installed). */
let booted = false;
/** @type {Array<[string, (section: HTMLElement) => void]>} */
const PANELS = [
  ['rnn', initRnnLab],
  ['attention', initAttentionLab],
  ['ctc', initCtcLab],
  ['word2vec', initWord2VecLab],
  ['bleu', initBleu],
  ['overlap', initOverlap],
  ['information', initInformation],
  ['perplexity', initPerplexity],
];

/**
 * Shows the lab holding the element the address names (the first lab by default). Any address,
 * however malformed, gives a working page; what was not understood is said in a note.
 */
function route() {
  const address = readAddress(location.hash, (id) => document.getElementById(id)?.closest('section.lab') ? id : null);
  const note = document.getElementById('address-note');
  note.textContent = address.note;
  note.hidden = address.note === '';
  const target = document.getElementById(address.id ?? DEFAULT_LAB);
  const lab = target?.closest('section.lab') ?? document.getElementById(DEFAULT_LAB);
  for (const section of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('section.lab'))) section.hidden = section !== lab;
  for (const link of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#lab-nav .lab-link'))) {
    const active = link.dataset.lab === lab.id;
    link.classList.toggle('active', active);
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (booted) showLab(lab);
  if (target && target !== lab) target.scrollIntoView();
}

/** Loads lab `id`'s module once; resolves to its exports when they can be called. */
function loadModule(id) {
  if (!loading.has(id)) {
    const { api } = MODULES[id];
    loading.set(id, api.default().then(() => api));
  }
  return loading.get(id);
}

/**
 * Shows `lab`: loads its module (saying so while it loads), then starts its panels. Until then
 * the lab stays out of sight (aria-busy) and body[data-ready] is "false", so nothing can be typed
 * into a lab whose code has not loaded; it is "true" once the shown lab can be used.
 */
async function showLab(lab) {
  const name = lab.id;
  const status = document.getElementById('boot-status');
  if (!loading.has(name)) {
    document.body.dataset.ready = 'false';
    status.textContent = `Loading the ${MODULES[name].name} module…`;
    status.hidden = false;
  }
  try {
    await loadModule(name);
  } catch (error) {
    status.textContent = `Could not load the ${MODULES[name].name} module. Build it with scripts/serve.sh, then reload.`;
    status.hidden = false;
    showError(error);
    return;
  }
  // Another lab may have been chosen meanwhile: only the one shown is marked ready.
  if (lab.hidden) return;
  status.hidden = true;
  // Shown first: the panels size their canvases from the layout when they start.
  lab.removeAttribute('aria-busy');
  startPanels(lab);
  document.body.dataset.ready = 'true';
}

/** Starts, once, every panel inside `lab` (labs start when first shown, so the page boots fast). */
function startPanels(lab) {
  for (const [id, start] of PANELS) {
    const panel = document.getElementById(id);
    if (started.has(id) || panel.closest('section.lab') !== lab) continue;
    started.add(id);
    if (panel.classList.contains('panel')) panel.hidden = false;
    try {
      start(panel);
    } catch (error) {
      showError(error);
    }
  }
}

/** Loads the first lab's module, installs the number fields, and shows the lab. */
async function boot() {
  installErrorBanner();
  const status = document.getElementById('boot-status');
  route();
  window.addEventListener('hashchange', route);
  const lab = [.../** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('section.lab'))].find((section) => !section.hidden);
  let api;
  try {
    // Every module carries the whole table of number fields; the first one loaded gives it.
    api = await loadModule(lab?.id ?? DEFAULT_LAB);
  } catch (error) {
    status.textContent = 'Could not load the WebAssembly module. Build it with scripts/serve.sh, then reload.';
    showError(error);
    return;
  }
  try {
    loadFieldTable(api);
    installNumberFields(document);
  } catch (error) {
    showError(error);
  }
  booted = true;
  route();
}

boot();
