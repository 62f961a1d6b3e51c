// The training worker: a dedicated module Worker with its own instance of each lab's module
// (loaded when a run of that lab first starts). The page sends a lab's session as snapshot
// bytes and a goal; the worker trains it at full speed and
// sends the session back as bytes (transferred, never copied or turned into JSON) whenever the
// page has drawn the previous one, so the page's thread only restores and draws.
//
// Several runs may train at once (the attention lab's two models play side by side): each has
// its id, and their slices take turns.
//
// Messages in:  { type: 'start', id, kind, bytes, text, goal }  (goal: steps, or null to play on)
//               { type: 'ack', id }    the page drew run id's last state: send the next one
//               { type: 'stop', id }   stop run id (the page keeps what it last drew)
// Messages out: { type: 'ready' } once the worker runs;
//               { type: 'state', id, bytes, steps, ran, views, done, error }

/** How long one slice of training runs before the worker looks at its messages, in ms. */
const SLICE_MS = 8;
/** How often the costliest views are computed for the page, in ms. */
const VIEWS_EVERY_MS = 250;
/** The most steps asked of the engine in one call. */
const MAX_PER_CALL = 1000;

/**
 * Each kind: the lab's module (loaded the first time a run of that kind starts) and how its
 * session is built from snapshot bytes.
 */
const KINDS = {
  rnn: { module: 'rnn', build: (/** @type {any} */ api, /** @type {any} */ m) => api.RnnLab.fromBytes(m.bytes, m.text) },
  ctc: { module: 'ctc', build: (/** @type {any} */ api, /** @type {any} */ m) => api.CtcLab.fromBytes(m.bytes, '') },
  attention: { module: 'attention', build: (/** @type {any} */ api, /** @type {any} */ m) => api.AttentionLab.fromBytes(m.bytes, '') },
  selfAttention: { module: 'attention', build: (/** @type {any} */ api, /** @type {any} */ m) => api.SelfAttentionLab.fromBytes(m.bytes, '') },
  // The text and vocabulary come once, with the whole session; states carry only progress.
  word2vec: { module: 'word2vec', build: (/** @type {any} */ api, /** @type {any} */ m) => api.Word2VecLab.fromSession(m.bytes) },
};

/** The modules loading or loaded, by name: a promise of their exports, initialised. */
const modules = new Map();
/** Loads module `name` once. */
function loadModule(name) {
  if (!modules.has(name)) {
    modules.set(name, import(`./pkg/${name}/unroll.js`).then(async (api) => { await api.default(); return api; }));
  }
  return modules.get(name);
}

const scope = /** @type {any} */ (globalThis);
/** The runs being trained, by id: each with its session, goal and flow-control state. */
const jobs = new Map();
/** A zero-delay turn of the event loop (setTimeout clamps nested calls to 4 ms). */
const channel = new MessageChannel();
/** The runs waiting for their next turn, in order (one message each). */
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
const nextTurn = () => new Promise((resolve) => { waiting.push(resolve); channel.port2.postMessage(0); });

/** Sends the job's state: its bytes are transferred, not copied. */
function send(current, extra) {
  const bytes = current.lab.toBytes();
  scope.postMessage({
    type: 'state', id: current.id, bytes, steps: current.lab.steps, ran: current.ran, views: current.views,
    done: false, error: null, ...extra,
  }, [bytes.buffer]);
  current.ran = 0;
  current.views = false;
  current.acked = false;
}

/** Trains `current` in slices until it is stopped, replaced, reaches its goal or fails. */
async function run(current) {
  let perCall = 1;
  let lastViews = performance.now();
  while (jobs.get(current.id) === current) {
    const start = performance.now();
    try {
      while (performance.now() - start < SLICE_MS && current.remaining !== 0) {
        const asked = current.remaining === null ? perCall : Math.min(perCall, current.remaining);
        const t0 = performance.now();
        current.lab.train(asked);
        const took = performance.now() - t0;
        current.ran += asked;
        if (current.remaining !== null) current.remaining -= asked;
        if (took < SLICE_MS / 4) perCall = Math.min(MAX_PER_CALL, perCall * 2);
        else if (took > SLICE_MS && perCall > 1) perCall = Math.max(1, Math.floor(perCall / 2));
      }
    } catch (error) {
      current.lab.prepareViews();
      current.views = true;
      send(current, { done: true, error: error instanceof Error ? error.message : String(error) });
      finish(current);
      return;
    }
    if (current.remaining === 0) {
      current.lab.prepareViews();
      current.views = true;
      send(current, { done: true });
      finish(current);
      return;
    }
    if (current.acked) {
      if (performance.now() - lastViews >= VIEWS_EVERY_MS) {
        current.lab.prepareViews();
        current.views = true;
        lastViews = performance.now();
      }
      send(current, {});
    }
    await nextTurn();
  }
}

/** Ends `current` and frees its session. */
function finish(current) {
  if (jobs.get(current.id) !== current) return;
  jobs.delete(current.id);
  current.lab?.free();
}

scope.onmessage = async (/** @type {MessageEvent} */ event) => {
  const message = event.data;
  if (message.type === 'start') {
    // Registered at once, so a stop that arrives while the module loads is not lost.
    const job = { id: message.id, lab: null, remaining: message.goal, ran: 0, views: false, acked: true };
    jobs.set(job.id, job);
    try {
      const kind = KINDS[message.kind];
      if (!kind) throw new Error(`the worker does not train "${message.kind}"`);
      const api = await loadModule(kind.module);
      if (jobs.get(job.id) !== job) return;
      job.lab = kind.build(api, message);
    } catch (error) {
      jobs.delete(job.id);
      scope.postMessage({ type: 'state', id: message.id, bytes: null, steps: 0, ran: 0, views: false, done: true, error: error instanceof Error ? error.message : String(error) });
      return;
    }
    run(job);
  } else if (message.type === 'ack') {
    const job = jobs.get(message.id);
    if (job) job.acked = true;
  } else if (message.type === 'stop') {
    const job = jobs.get(message.id);
    if (job) finish(job);
  }
};

// Modules load when a run needs them; the worker can take runs at once.
scope.postMessage({ type: 'ready' });
