// Boots the page: loads the wasm module, starts each lab that works, and routes between labs.
import init from './pkg/unroll.js';
import { installErrorBanner, installNumberFields, showError } from './kit.js';
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
/** Whether the wasm module has loaded. */
let loaded = false;
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
  if (loaded) startPanels(lab);
  if (target && target !== lab) target.scrollIntoView();
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

/** Loads the module and starts every panel; a failure is shown on the page. */
async function boot() {
  installErrorBanner();
  const status = document.getElementById('boot-status');
  route();
  window.addEventListener('hashchange', route);
  try {
    await init();
  } catch (error) {
    status.textContent = 'Could not load the WebAssembly module. Build it with scripts/serve.sh, then reload.';
    showError(error);
    return;
  }
  try {
    installNumberFields(document);
  } catch (error) {
    showError(error);
  }
  status.hidden = true;
  loaded = true;
  route();
  document.body.dataset.ready = 'true';
}

boot();
