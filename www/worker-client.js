// The page's side of the training worker (train-worker.js): one worker for the page, started on
// first use; a run sends the session's snapshot, then gets each state the worker sends (the
// worker sends the next one when asked, so at most one per run is on its way). Several runs may
// go on at once (one per player); messages of a run that was stopped are dropped (by id), so
// Pause, New model and a changed setting take effect at once.

/** @type {Worker | null} */
let worker = null;
/** @type {Promise<boolean> | null} */
let ready = null;
let nextId = 0;
/** The runs whose messages are listened to, by id. */
const runs = new Map();

/** Starts the worker once; resolves to whether it can train (false: train on the page). */
export function workerReady() {
  if (ready) return ready;
  ready = new Promise((resolve) => {
    // `?worker=off` trains on the page's thread (to compare, or where workers misbehave).
    if (new URLSearchParams(location.search).get('worker') === 'off') {
      resolve(false);
      return;
    }
    try {
      worker = new Worker(new URL('./train-worker.js', import.meta.url), { type: 'module' });
    } catch {
      resolve(false);
      return;
    }
    worker.onerror = () => { worker = null; resolve(false); };
    worker.onmessage = (event) => {
      if (event.data.type === 'ready') resolve(true);
      else receive(event.data);
    };
  });
  return ready;
}

/**
 * Starts training in the worker: `session` gives `{ kind, bytes, text }`; `goal` steps or null.
 * `onState(message)` gets each state the worker sends (`bytes`, `steps`, `ran`, `views`,
 * `done`, `error`, and `next()`, which asks for the following state). Returns `stop()`.
 */
export function trainInWorker(session, goal, onState) {
  const id = ++nextId;
  runs.set(id, { id, onState });
  const { kind, bytes, text } = session;
  document.documentElement.dataset.trainer = 'worker';
  worker.postMessage({ type: 'start', id, kind, bytes, text, goal }, [bytes.buffer]);
  return () => {
    if (runs.delete(id)) worker?.postMessage({ type: 'stop', id });
  };
}

/** A state from the worker, for the run it belongs to. */
function receive(message) {
  const run = runs.get(message.id);
  if (!run) return;
  if (message.done) runs.delete(run.id);
  message.next = () => { if (runs.get(run.id) === run) worker.postMessage({ type: 'ack', id: run.id }); };
  run.onState(message);
}
