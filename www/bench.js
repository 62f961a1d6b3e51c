// Training benchmark: Unroll's wasm CharLmTrainer on the page's thread and in a dedicated
// module Worker, TensorFlow.js's wasm backend, and the "wasm GEMV limit" (the engine's
// hand-written simd128 matrix–vector kernel timed at each configuration's recurrent shape) train
// or multiply the same character models in this tab; median ms per step of each, and ratios.
// TensorFlow.js is loaded by bench.html as classic scripts (`window.tf`) from node_modules.
// scripts/bench.sh adds the PyTorch column (tests/e2e/bench-run.mjs merges it).
import init, { CharLmTrainer, GemvBench, syntheticText, trainStepMultiplyAdds, version } from './pkg/rnn/unroll.js';
import { el, fmt, installErrorBanner, showError } from './kit.js';
import { timerResolution } from './bench-timer.js';

/** The two standard configurations (as in `cargo bench --bench train`). */
const CONFIGS = [
  { name: 'small', vocab: 64, embedding: 32, hidden: 128, seqLen: 32 },
  { name: 'medium', vocab: 64, embedding: 64, hidden: 256, seqLen: 64 },
];
const CELLS = ['rnn', 'lstm'];
/** Gates per cell: the recurrent weight is G·H × H. */
const GATES = { rnn: 1, lstm: 4 };
/** The optimisers, their learning rates, and their names in the table. */
const OPTIMIZERS = {
  sgd: { learningRate: 0.05, label: 'SGD' },
  adam: { learningRate: 1e-3, label: 'Adam' },
};
const TEXT_LENGTH = 20_000;
const TEXT_SEED = 2;
const MODEL_SEED = 1;
const NO_CLIPPING = 0;
const TFJS_WASM_DIR = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';
/**
 * The full run: per side, `warmupBatches` untimed batches (the first of `firstSteps` steps, each
 * later one sized from the one before so it takes about `targetMs`), then `timedBatches` batches
 * of the size the last warm-up gave. Batches of 300 ms make the timer's resolution (0.1 ms
 * without cross-origin isolation) 0.03 % of a batch.
 */
const FULL = {
  warmupBatches: 2,
  timedBatches: 5,
  targetMs: 300,
  firstSteps: {
    unroll: { small: { rnn: 100, lstm: 30 }, medium: { rnn: 30, lstm: 10 } },
    tfjs: { small: { rnn: 5, lstm: 3 }, medium: { rnn: 3, lstm: 2 } },
    gemv: 500,
  },
};
/** `?quick=1`: a smoke run for tests (fixed tiny batches); its numbers mean nothing. */
const QUICK = {
  warmupBatches: 1,
  timedBatches: 2,
  targetMs: 0,
  firstSteps: {
    unroll: { small: { rnn: 3, lstm: 3 }, medium: { rnn: 2, lstm: 2 } },
    tfjs: { small: { rnn: 3, lstm: 3 }, medium: { rnn: 2, lstm: 2 } },
    gemv: 20,
  },
};
/**
 * The formula of the limit, as the page states it. `train_step_multiply_adds` in
 * src/engine/nn/limit.rs computes it.
 */
const LIMIT_FORMULA = 'limit (ms/step) = 3·T·(G·H·(H + E) + V·H) multiply-adds ÷ the GEMV kernel\'s multiply-adds per ms at G·H × H';

/** Shows what the benchmark is doing now. */
const status = (text) => { document.getElementById('bench-status').textContent = text; };

/** Resolves on the next turn of the event loop, so the page can repaint between batches. */
const nextTurn = () => new Promise((resolve) => { setTimeout(resolve, 0); });

/** The median of a list of numbers. */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Character ids 0..V-1 of `text`, numbered by the sorted distinct characters. */
function characterIds(text) {
  const chars = Array.from(text);
  const alphabet = [...new Set(chars)].sort();
  const index = new Map(alphabet.map((c, i) => [c, i]));
  return { ids: Int32Array.from(chars, (c) => index.get(c)), vocab: alphabet.length };
}

/**
 * Times batches of `runBatch(steps)` (resolving to `{ ms, loss }`) after warm-up; returns the
 * median ms per step, every batch's ms per step, the steps per timed batch and the last loss.
 */
async function measure(runBatch, { steps: firstSteps, plan, label }) {
  let steps = firstSteps;
  for (let i = 0; i < plan.warmupBatches; i++) {
    status(`${label}: warming up (${i + 1}/${plan.warmupBatches}, ${steps} steps)…`);
    await nextTurn();
    const { ms } = await runBatch(steps);
    if (plan.targetMs > 0) steps = Math.max(1, Math.min(1_000_000, Math.ceil(plan.targetMs / (Math.max(ms, 0.1) / steps))));
  }
  const perStep = [];
  let loss = NaN;
  for (let i = 0; i < plan.timedBatches; i++) {
    status(`${label}: batch ${i + 1}/${plan.timedBatches} of ${steps} steps…`);
    await nextTurn();
    const batch = await runBatch(steps);
    loss = batch.loss;
    perStep.push(batch.ms / steps);
  }
  return { ms: median(perStep), perStep, steps, loss };
}

/** Times `run` on the page's thread: `{ ms, loss }`. */
function timed(run) {
  const start = performance.now();
  const loss = run();
  return { ms: performance.now() - start, loss };
}

/** The trainer's arguments, the same on the page's thread and in the worker. */
function trainerArgs(text, config, cell, optimizer) {
  return { cell, text, embedding: config.embedding, hidden: config.hidden, seqLen: config.seqLen,
    optimizer, learningRate: OPTIMIZERS[optimizer].learningRate, clip: NO_CLIPPING, seed: MODEL_SEED };
}

/** Unroll on the page's thread: median ms per step for one configuration, cell and optimiser. */
async function benchUnroll(text, config, cell, optimizer, plan) {
  const a = trainerArgs(text, config, cell, optimizer);
  const trainer = new CharLmTrainer(a.cell, a.text, a.embedding, a.hidden, a.seqLen, a.optimizer,
    a.learningRate, a.clip, a.seed);
  try {
    return await measure(async (steps) => timed(() => trainer.train(steps)), {
      steps: plan.firstSteps.unroll[config.name][cell], plan,
      label: `Unroll ${config.name} ${cell} ${optimizer}`,
    });
  } finally {
    trainer.free();
  }
}

/**
 * Starts the benchmark's module Worker (www/bench-worker.js); resolves, once its module loaded,
 * to `{ request(message), resolutionMs, terminate() }`. One request at a time.
 */
async function startWorker() {
  const worker = new Worker(new URL('./bench-worker.js', import.meta.url), { type: 'module' });
  let pending = null;
  const settle = (fn) => { const p = pending; pending = null; p?.[fn[0]](fn[1]); };
  worker.onmessage = (event) => {
    if (event.data.type === 'error') settle(['reject', new Error(`in the benchmark worker: ${event.data.message}`)]);
    else settle(['resolve', event.data]);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    settle(['reject', new Error(`the benchmark worker failed: ${event.message || 'its module did not load'}`)]);
  };
  const request = (message) => new Promise((resolve, reject) => {
    pending = { resolve, reject };
    if (message) worker.postMessage(message);
  });
  const ready = await request(null);
  return { request, resolutionMs: ready.resolutionMs, terminate: () => worker.terminate() };
}

/** Unroll in the Worker, timed there: median ms per step for one configuration, cell and optimiser. */
async function benchWorker(worker, text, config, cell, optimizer, plan) {
  await worker.request({ type: 'trainer', ...trainerArgs(text, config, cell, optimizer) });
  try {
    return await measure((steps) => worker.request({ type: 'batch', steps }), {
      steps: plan.firstSteps.unroll[config.name][cell], plan,
      label: `Unroll in a Worker ${config.name} ${cell} ${optimizer}`,
    });
  } finally {
    await worker.request({ type: 'free' });
  }
}

/**
 * The wasm GEMV limit at one configuration's recurrent shape (G·H × H): the kernel's median ms
 * per product, its GFLOP/s, and the step's multiply-adds over that rate (ms per step).
 */
async function benchLimit(config, cell, plan) {
  const rows = GATES[cell] * config.hidden;
  const cols = config.hidden;
  const gemv = new GemvBench(rows, cols, MODEL_SEED);
  try {
    const product = await measure(async (reps) => timed(() => gemv.run(reps)), {
      steps: plan.firstSteps.gemv, plan, label: `GEMV ${rows}×${cols}`,
    });
    const perProduct = gemv.multiplyAdds();
    const stepMultiplyAdds = trainStepMultiplyAdds(cell, config.vocab, config.embedding, config.hidden, config.seqLen);
    return {
      rows, cols, msPerProduct: product.ms, reps: product.steps,
      gflops: (2 * perProduct) / (product.ms * 1e6),
      stepMultiplyAdds,
      ms: stepMultiplyAdds * (product.ms / perProduct),
    };
  } finally {
    gemv.free();
  }
}

/**
 * Embedding → simpleRNN/LSTM (all steps) → dense logits, as a TensorFlow.js Layers model. The
 * recurrent weights start like Unroll's and PyTorch's, U(−1/√H, 1/√H): the default orthogonal
 * initialiser takes seconds at these sizes (start-up only; it does not change a step's cost).
 */
function tfModel(config, cell) {
  const recurrent = cell === 'lstm' ? tf.layers.lstm : tf.layers.simpleRNN;
  const bound = 1 / Math.sqrt(config.hidden);
  const uniform = (seed) => tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed });
  return tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: config.vocab, outputDim: config.embedding, inputLength: config.seqLen }),
      recurrent({ units: config.hidden, returnSequences: true,
        kernelInitializer: uniform(MODEL_SEED), recurrentInitializer: uniform(MODEL_SEED + 1) }),
      tf.layers.dense({ units: config.vocab }),
    ],
  });
}

/** TensorFlow.js's median ms per step for one configuration, cell and optimiser. */
async function benchTfjs(ids, config, cell, optimizerName, plan) {
  const model = tfModel(config, cell);
  const { learningRate } = OPTIMIZERS[optimizerName];
  const optimizer = optimizerName === 'sgd' ? tf.train.sgd(learningRate) : tf.train.adam(learningRate);
  const { seqLen: T, vocab } = config;
  let position = 0;
  /** One step on the next chunk of the text; returns the loss tensor (the caller disposes it). */
  const step = () => {
    if (position + T + 1 > ids.length) position = 0;
    const x = ids.subarray(position, position + T);
    const y = ids.subarray(position + 1, position + T + 1);
    position += T;
    return tf.tidy(() => {
      const inputs = tf.tensor2d(x, [1, T], 'int32');
      const targets = tf.oneHot(tf.tensor1d(y, 'int32'), vocab).toFloat().reshape([1, T, vocab]);
      return optimizer.minimize(() => tf.losses.softmaxCrossEntropy(targets, model.apply(inputs)), true);
    });
  };
  /** `steps` steps; awaits the last loss so queued asynchronous work is inside the timing. */
  const runBatch = async (steps) => {
    const start = performance.now();
    let loss = null;
    for (let i = 0; i < steps; i++) {
      loss?.dispose();
      loss = step();
    }
    const [value] = await loss.data();
    const ms = performance.now() - start;
    loss.dispose();
    return { ms, loss: value };
  };
  try {
    return await measure(runBatch, {
      steps: plan.firstSteps.tfjs[config.name][cell], plan,
      label: `TF.js ${config.name} ${cell} ${optimizerName}`,
    });
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

/**
 * Adds the kernel that the embedding layer's gradient needs and TF.js 4.22's wasm backend lacks
 * (tensorflow/tfjs#8082): out[segmentIds[r], :] += x[r, :], in JavaScript on the wasm heap.
 */
function registerUnsortedSegmentSum() {
  if (tf.getKernel('UnsortedSegmentSum', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    kernelFunc: ({ inputs: { x, segmentIds }, backend, attrs: { numSegments } }) => {
      const rows = segmentIds.shape.reduce((a, b) => a * b, 1);
      const width = x.shape.slice(segmentIds.shape.length).reduce((a, b) => a * b, 1);
      // Allocate first: growing the heap detaches earlier views of it.
      const out = backend.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
      const sums = backend.typedArrayFromHeap(out);
      const values = backend.typedArrayFromHeap(x);
      const ids = backend.typedArrayFromHeap(segmentIds);
      sums.fill(0);
      for (let r = 0; r < rows; r++) {
        const segment = ids[r];
        if (segment < 0 || segment >= numSegments) continue;
        for (let k = 0; k < width; k++) sums[segment * width + k] += values[r * width + k];
      }
      return out;
    },
  });
}

/** Loads TensorFlow.js's wasm backend; returns what actually runs (backend, SIMD, threads). */
async function startTfjs() {
  if (typeof tf === 'undefined' || !tf.wasm) {
    throw new Error(`TensorFlow.js did not load from /node_modules (run scripts/setup.sh --test, and serve the repository root)`);
  }
  tf.wasm.setWasmPaths(TFJS_WASM_DIR);
  registerUnsortedSegmentSum();
  if (!(await tf.setBackend('wasm'))) throw new Error('TensorFlow.js could not start its wasm backend');
  await tf.ready();
  return {
    backend: tf.getBackend(),
    simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
    tfjsVersion: tf.version.tfjs,
  };
}

/**
 * Adds a table row for one configuration, cell and optimiser; returns its cells to fill in.
 * The columns: Unroll on the page's thread, the limit, Unroll / limit, Unroll in a Worker,
 * TF.js, TF.js / Unroll, the kernel's GFLOP/s (times in µs per step, one decimal).
 */
function addRow(config, cell, optimizer) {
  const names = ['unroll', 'limit', 'overLimit', 'worker', 'tfjs', 'ratio', 'gflops'];
  const cells = names.map(() => el('td', {}, '…'));
  const row = el('tr', { dataset: { config: config.name, cell, optimizer } },
    el('td', { class: 'text' }, config.name), el('td', { class: 'text' }, `${cell} · ${OPTIMIZERS[optimizer].label}`), ...cells);
  document.querySelector('#bench-table tbody').append(row);
  return Object.fromEntries(names.map((name, i) => [name, cells[i]]));
}

/** µs per step with one decimal, from ms per step. */
const micro = (ms) => fmt(ms * 1000, 1);

/** The optimisers to run: `?optimizers=sgd,adam` (the full run's default), or Adam alone in quick mode. */
function chosenOptimizers(params, quick) {
  const asked = params.get('optimizers')?.split(',').filter(Boolean) ?? (quick ? ['adam'] : ['sgd', 'adam']);
  for (const name of asked) {
    if (!(name in OPTIMIZERS)) throw new Error(`optimizers= takes ${Object.keys(OPTIMIZERS).join(', ')}; got "${name}"`);
  }
  return asked;
}

/** Runs every configuration, cell and optimiser on every side, filling the table as results arrive. */
async function run() {
  installErrorBanner();
  document.body.dataset.ready = 'true';
  const params = new URLSearchParams(location.search);
  const quick = params.get('quick') === '1';
  const plan = quick ? QUICK : FULL;
  const optimizers = chosenOptimizers(params, quick);
  status('Loading Unroll and TensorFlow.js…');
  await init();
  const info = {
    ...(await startTfjs()), unrollVersion: version(), quick, optimizers,
    timerResolutionMs: timerResolution(), crossOriginIsolated: self.crossOriginIsolated === true,
    limitFormula: LIMIT_FORMULA, userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
  };
  window.benchInfo = info;
  status('Starting the benchmark worker…');
  const worker = await startWorker();
  info.workerTimerResolutionMs = worker.resolutionMs;
  document.getElementById('bench-env').textContent = `TensorFlow.js ${info.tfjsVersion} backend: ${info.backend}`
    + `, SIMD: ${info.simd ? 'yes' : 'no'}, threads: ${info.threads ? 'yes' : 'no'}; Unroll ${info.unrollVersion}`
    + `${quick ? '; quick mode' : ''}; ${navigator.hardwareConcurrency} logical cores; ${navigator.userAgent}`;
  document.getElementById('bench-timer').textContent = `Timer resolution measured here: performance.now() steps by `
    + `${fmt(info.timerResolutionMs, 3)} ms on the page's thread and ${fmt(worker.resolutionMs, 3)} ms in the worker`
    + ` (cross-origin isolated: ${info.crossOriginIsolated ? 'yes' : 'no'}; a page that is not rounds to 0.1 ms).`
    + ` Every timed batch runs ${quick ? 'a few steps (quick mode: the resolution swamps these numbers)' : 'about 300 ms'}.`;
  const text = syntheticText(CONFIGS[0].vocab, TEXT_LENGTH, TEXT_SEED);
  const { ids, vocab } = characterIds(text);
  if (vocab !== CONFIGS[0].vocab) throw new Error(`the synthetic text has ${vocab} symbols, expected ${CONFIGS[0].vocab}`);
  const results = [];
  window.benchResults = results;
  const started = performance.now();
  try {
    for (const config of CONFIGS) {
      for (const cell of CELLS) {
        const rows = optimizers.map((optimizer) => addRow(config, cell, optimizer));
        const limit = await benchLimit(config, cell, plan);
        for (const row of rows) {
          row.limit.textContent = micro(limit.ms);
          row.gflops.textContent = fmt(limit.gflops, 1);
        }
        for (const [k, optimizer] of optimizers.entries()) {
          const row = rows[k];
          const unroll = await benchUnroll(text, config, cell, optimizer, plan);
          row.unroll.textContent = micro(unroll.ms);
          row.overLimit.textContent = `${fmt(unroll.ms / limit.ms, 1)}×`;
          const inWorker = await benchWorker(worker, text, config, cell, optimizer, plan);
          row.worker.textContent = micro(inWorker.ms);
          const tfjs = await benchTfjs(ids, config, cell, optimizer, plan);
          row.tfjs.textContent = micro(tfjs.ms);
          const ratio = tfjs.ms / unroll.ms;
          row.ratio.textContent = `${fmt(ratio, 1)}×`;
          results.push({
            config: config.name, cell, optimizer,
            vocab: config.vocab, embedding: config.embedding, hidden: config.hidden, seqLen: config.seqLen,
            // ms per step (medians of the timed batches)
            unroll: unroll.ms, worker: inWorker.ms, tfjs: tfjs.ms, limit: limit.ms,
            ratio, unrollOverLimit: unroll.ms / limit.ms,
            gemv: { rows: limit.rows, cols: limit.cols, msPerProduct: limit.msPerProduct, gflops: limit.gflops,
              reps: limit.reps, stepMultiplyAdds: limit.stepMultiplyAdds },
            unrollLoss: unroll.loss, workerLoss: inWorker.loss, tfjsLoss: tfjs.loss,
            steps: { unroll: unroll.steps, worker: inWorker.steps, tfjs: tfjs.steps },
            batches: { unroll: unroll.perStep, worker: inWorker.perStep, tfjs: tfjs.perStep },
          });
        }
      }
    }
  } finally {
    worker.terminate();
  }
  info.seconds = (performance.now() - started) / 1000;
  info.tensorsLeft = tf.memory().numTensors;
  status(`Done in ${fmt(info.seconds, 1)} s.`);
  document.body.dataset.done = 'true';
}

run().catch((error) => {
  showError(error);
  status(`Failed: ${error instanceof Error ? error.message : String(error)}`);
  document.body.dataset.done = 'error';
});
