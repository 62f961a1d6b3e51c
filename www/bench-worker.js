// The benchmark's dedicated module Worker (www/bench.js starts it): its own instance of the
// engine, where a CharLmTrainer is built with the same arguments as on the page's thread and
// batches of steps are timed here, with this worker's clock, so the message round trip is not
// counted. One trainer at a time.
//
// Messages in:  { type: 'trainer', cell, text, embedding, hidden, seqLen, optimizer,
//                 learningRate, clip, seed }   builds (replaces) the trainer
//               { type: 'batch', steps }        runs `steps` steps and times them
//               { type: 'free' }                frees the trainer
// Messages out: { type: 'ready', resolutionMs } once the module loaded (the clock's measured
//               resolution here); { type: 'trainer' }; { type: 'batch', ms, loss };
//               { type: 'free' }; { type: 'error', message } when anything throws.
import init, { CharLmTrainer } from './pkg/rnn/unroll.js';
import { timerResolution } from './bench-timer.js';

const scope = /** @type {any} */ (globalThis);
/** @type {CharLmTrainer | null} */
let trainer = null;

/** Handles one message from the page. */
function handle(/** @type {any} */ message) {
  switch (message.type) {
    case 'trainer': {
      trainer?.free();
      trainer = null;
      trainer = new CharLmTrainer(message.cell, message.text, message.embedding, message.hidden,
        message.seqLen, message.optimizer, message.learningRate, message.clip, message.seed);
      return { type: 'trainer' };
    }
    case 'batch': {
      if (!trainer) throw new Error('no trainer: send { type: "trainer" } first');
      const start = performance.now();
      const loss = trainer.train(message.steps);
      return { type: 'batch', ms: performance.now() - start, loss };
    }
    case 'free':
      trainer?.free();
      trainer = null;
      return { type: 'free' };
    default:
      throw new Error(`unknown message ${JSON.stringify(message.type)}`);
  }
}

scope.onmessage = (/** @type {MessageEvent} */ event) => {
  try {
    scope.postMessage(handle(event.data));
  } catch (error) {
    scope.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};

init().then(
  () => scope.postMessage({ type: 'ready', resolutionMs: timerResolution() }),
  (error) => scope.postMessage({ type: 'error', message: `the worker could not load the module: ${error}` }),
);
