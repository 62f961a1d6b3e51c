// Boots the page: loads the wasm module, then each lab that works.
import init from './pkg/unroll.js';
import { installErrorBanner, showError } from './errors.js';
import { initBleu } from './metrics/bleu.js';
import { initInformation } from './metrics/information.js';
import { initOverlap } from './metrics/overlap.js';
import { initPerplexity } from './metrics/perplexity.js';

const PANELS = [
  ['bleu', initBleu],
  ['overlap', initOverlap],
  ['information', initInformation],
  ['perplexity', initPerplexity],
];

/** Loads the module and starts every panel; a failure is shown on the page. */
async function boot() {
  installErrorBanner();
  const status = document.getElementById('boot-status');
  try {
    await init();
  } catch (error) {
    status.textContent = 'Could not load the WebAssembly module. Build it with scripts/serve.sh, then reload.';
    showError(error);
    return;
  }
  status.hidden = true;
  for (const [id, start] of PANELS) {
    const panel = document.getElementById(id);
    panel.hidden = false;
    try {
      start(panel);
    } catch (error) {
      showError(error);
    }
  }
  document.body.dataset.ready = 'true';
}

boot();
