// Training benchmark: Unroll's wasm CharLmTrainer and TensorFlow.js's wasm backend train the
// same character models in this tab; median steps per second per side, and their ratio.
// TensorFlow.js is loaded by bench.html as classic scripts (`window.tf`) from node_modules.
import init, { CharLmTrainer, syntheticText, version } from './pkg/unroll.js';
import { el, fmt, installErrorBanner, showError } from './kit.js';

/** The two standard configurations (as in `cargo bench --bench train`). */
const CONFIGS = [
  { name: 'small', vocab: 64, embedding: 32, hidden: 128, seqLen: 32 },
  { name: 'medium', vocab: 64, embedding: 64, hidden: 256, seqLen: 64 },
];
const CELLS = ['rnn', 'lstm'];
const TEXT_LENGTH = 20_000;
const TEXT_SEED = 2;
const MODEL_SEED = 1;
const LEARNING_RATE = 1e-3;
const NO_CLIPPING = 0;
const TFJS_WASM_DIR = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';
/**
 * Steps per batch, chosen so one timed batch takes 0.3–1.5 s on a 2-core test machine; warm-up
 * is two such batches on each side (at least 6 TF.js steps).
 */
const FULL = {
  warmupBatches: 2,
  timedBatches: 5,
  steps: {
    unroll: { small: { rnn: 300, lstm: 100 }, medium: { rnn: 100, lstm: 40 } },
    tfjs: { small: { rnn: 15, lstm: 6 }, medium: { rnn: 6, lstm: 3 } },
  },
};
/** `?quick=1`: a smoke run for tests; its numbers mean nothing. */
const QUICK = {
  warmupBatches: 1,
  timedBatches: 2,
  steps: {
    unroll: { small: { rnn: 3, lstm: 3 }, medium: { rnn: 2, lstm: 2 } },
    tfjs: { small: { rnn: 3, lstm: 3 }, medium: { rnn: 2, lstm: 2 } },
  },
};

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

/** Times `batches` calls of `runBatch(steps)` after `warmup` untimed ones; median steps/s, all rates, last loss. */
async function measure(runBatch, { steps, warmup, batches, label }) {
  for (let i = 0; i < warmup; i++) {
    status(`${label}: warming up (${i + 1}/${warmup})…`);
    await nextTurn();
    await runBatch(steps);
  }
  const rates = [];
  let loss = NaN;
  for (let i = 0; i < batches; i++) {
    status(`${label}: batch ${i + 1}/${batches} of ${steps} steps…`);
    await nextTurn();
    const start = performance.now();
    loss = await runBatch(steps);
    rates.push(steps / ((performance.now() - start) / 1000));
  }
  return { rate: median(rates), rates, loss };
}

/** Unroll's median training steps per second for one configuration and cell. */
async function benchUnroll(text, config, cell, plan) {
  const trainer = new CharLmTrainer(cell, text, config.embedding, config.hidden, config.seqLen,
    'adam', LEARNING_RATE, NO_CLIPPING, MODEL_SEED);
  try {
    return await measure((steps) => trainer.train(steps), {
      steps: plan.steps.unroll[config.name][cell], warmup: plan.warmupBatches,
      batches: plan.timedBatches, label: `Unroll ${config.name} ${cell}`,
    });
  } finally {
    trainer.free();
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

/** TensorFlow.js's median training steps per second for one configuration and cell. */
async function benchTfjs(ids, config, cell, plan) {
  const model = tfModel(config, cell);
  const optimizer = tf.train.adam(LEARNING_RATE);
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
    let loss = null;
    for (let i = 0; i < steps; i++) {
      loss?.dispose();
      loss = step();
    }
    const [value] = await loss.data();
    loss.dispose();
    return value;
  };
  try {
    return await measure(runBatch, {
      steps: plan.steps.tfjs[config.name][cell], warmup: plan.warmupBatches,
      batches: plan.timedBatches, label: `TF.js ${config.name} ${cell}`,
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

/** Adds a table row for one configuration and cell; returns its cells to fill in. */
function addRow(config, cell) {
  const cells = [0, 1, 2].map(() => el('td', {}, '…'));
  const row = el('tr', { dataset: { config: config.name, cell } },
    el('td', { class: 'text' }, config.name), el('td', { class: 'text' }, cell), ...cells);
  document.querySelector('#bench-table tbody').append(row);
  return { unroll: cells[0], tfjs: cells[1], ratio: cells[2] };
}

/** Runs every configuration and cell on both sides, filling the table as results arrive. */
async function run() {
  installErrorBanner();
  document.body.dataset.ready = 'true';
  const quick = new URLSearchParams(location.search).get('quick') === '1';
  const plan = quick ? QUICK : FULL;
  status('Loading Unroll and TensorFlow.js…');
  await init();
  const info = { ...(await startTfjs()), unrollVersion: version(), quick };
  window.benchInfo = info;
  document.getElementById('bench-env').textContent = `TensorFlow.js ${info.tfjsVersion} backend: ${info.backend}`
    + `, SIMD: ${info.simd ? 'yes' : 'no'}, threads: ${info.threads ? 'yes' : 'no'}; Unroll ${info.unrollVersion}`
    + `${quick ? '; quick mode' : ''}; ${navigator.userAgent}`;
  const text = syntheticText(CONFIGS[0].vocab, TEXT_LENGTH, TEXT_SEED);
  const { ids, vocab } = characterIds(text);
  if (vocab !== CONFIGS[0].vocab) throw new Error(`the synthetic text has ${vocab} symbols, expected ${CONFIGS[0].vocab}`);
  const results = [];
  window.benchResults = results;
  const started = performance.now();
  for (const config of CONFIGS) {
    for (const cell of CELLS) {
      const row = addRow(config, cell);
      const unroll = await benchUnroll(text, config, cell, plan);
      row.unroll.textContent = fmt(unroll.rate, 1);
      const tfjs = await benchTfjs(ids, config, cell, plan);
      row.tfjs.textContent = fmt(tfjs.rate, 1);
      const ratio = unroll.rate / tfjs.rate;
      row.ratio.textContent = `${fmt(ratio, 1)}×`;
      results.push({ config: config.name, cell, unroll: unroll.rate, tfjs: tfjs.rate, ratio,
        unrollLoss: unroll.loss, tfjsLoss: tfjs.loss, unrollRates: unroll.rates, tfjsRates: tfjs.rates });
    }
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
