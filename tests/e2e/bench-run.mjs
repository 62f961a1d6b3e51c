// Runs the in-browser training benchmark (www/bench.html) in headless Chromium, merges in
// PyTorch's numbers when given, prints ONE table and writes it to tests/e2e/artifacts/bench.json.
// Not a test (no speed is asserted):
//   node tests/e2e/bench-run.mjs                       the full benchmark (several minutes)
//   node tests/e2e/bench-run.mjs --quick               the seconds-long smoke version (SGD and Adam)
//   node tests/e2e/bench-run.mjs --pytorch FILE        merge `python3 benches/pytorch_train.py --json`
//   node tests/e2e/bench-run.mjs --pytorch-missing WHY the PyTorch column says WHY (e.g. "not installed")
import { readFile } from 'node:fs/promises';
import { artifact, assertBuilt, collectErrors, launch, serve } from './harness.mjs';

const TIMEOUT_MS = 20 * 60 * 1000;
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const option = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };

/** PyTorch's results by "config cell optimizer", or the reason there are none. */
async function pytorchResults() {
  const file = option('--pytorch');
  if (!file) return { missing: option('--pytorch-missing') ?? 'not run', byKey: new Map(), info: null };
  const { info, results } = JSON.parse(await readFile(file, 'utf8'));
  return { missing: null, info, byKey: new Map(results.map((r) => [`${r.config} ${r.cell} ${r.optimizer}`, r])) };
}

const ms = (value) => (Number.isFinite(value) ? value.toFixed(3) : '–');
const times = (value) => (Number.isFinite(value) ? `${value.toFixed(1)}x` : '–');

/** The merged rows: every page result with PyTorch's ms per step (or null) and the ratios. */
function merge(results, pytorch) {
  return results.map((r) => {
    const torch = pytorch.byKey.get(`${r.config} ${r.cell} ${r.optimizer}`);
    const pytorchMs = torch ? torch.msPerStep : null;
    return {
      config: r.config, cell: r.cell, optimizer: r.optimizer,
      mainMs: r.unroll, workerMs: r.worker, tfjsMs: r.tfjs, pytorchMs, limitMs: r.limit,
      unrollOverPytorch: pytorchMs ? r.unroll / pytorchMs : null,
      unrollOverLimit: r.unroll / r.limit,
      tfjsOverUnroll: r.tfjs / r.unroll,
      gemvGflops: r.gemv.gflops, gemvShape: `${r.gemv.rows}x${r.gemv.cols}`,
    };
  });
}

/** Formats the merged rows as an aligned text table. */
function table(rows, pytorch) {
  const torchCell = (row) => (row.pytorchMs === null ? (pytorch.missing ?? 'missing') : ms(row.pytorchMs));
  const header = ['config', 'cell', 'optim', 'main ms/step', 'worker ms/step', 'TF.js ms/step',
    'PyTorch ms/step', 'limit ms/step', 'Unroll/PyTorch', 'Unroll/limit', 'TF.js/Unroll', 'GEMV GFLOP/s'];
  const lines = [header];
  for (const r of rows) {
    lines.push([r.config, r.cell, r.optimizer, ms(r.mainMs), ms(r.workerMs), ms(r.tfjsMs), torchCell(r),
      ms(r.limitMs), r.unrollOverPytorch === null ? '–' : times(r.unrollOverPytorch), times(r.unrollOverLimit),
      times(r.tfjsOverUnroll), `${r.gemvGflops.toFixed(1)} @${r.gemvShape}`]);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((line) => line[i].length)));
  return lines.map((line) => line.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
}

await assertBuilt();
const pytorch = await pytorchResults();
const server = await serve();
const browser = await launch();
try {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  const started = Date.now();
  await page.goto(`${server.url}www/bench.html${quick ? '?quick=1&optimizers=sgd,adam' : ''}`);
  await page.waitForSelector('body[data-done]', { timeout: TIMEOUT_MS });
  const seconds = (Date.now() - started) / 1000;
  const { done, results, info, status } = await page.evaluate(() => ({
    done: document.body.dataset.done, results: window.benchResults, info: window.benchInfo,
    status: document.getElementById('error-text').textContent || document.getElementById('bench-status').textContent,
  }));
  if (done !== 'true') throw new Error(`the benchmark page failed: ${status}`);
  const rows = merge(results, pytorch);
  console.log(`TensorFlow.js ${info.tfjsVersion}, backend ${info.backend}, SIMD ${info.simd}, threads ${info.threads}; `
    + `Unroll ${info.unrollVersion}; ${info.hardwareConcurrency} logical cores; `
    + `${info.quick ? 'QUICK MODE (numbers mean nothing), ' : ''}${seconds.toFixed(1)} s including page load`);
  console.log(pytorch.info ? `PyTorch ${pytorch.info.torch}, ${pytorch.info.threads} thread, native (${pytorch.info.machine})`
    : `PyTorch: ${pytorch.missing}`);
  console.log(`Medians of ${quick ? 2 : 5} timed batches after warm-up; times per step are batch time / steps in the batch.`);
  console.log(`Timer resolution measured in the page: ${info.timerResolutionMs.toFixed(3)} ms (main thread), `
    + `${info.workerTimerResolutionMs.toFixed(3)} ms (worker); cross-origin isolated: ${info.crossOriginIsolated}`
    + ` (non-isolated pages round performance.now() to 0.1 ms; each full-run batch lasts ~300 ms).`);
  console.log(info.limitFormula);
  console.log(table(rows, pytorch));
  if (errors.length) console.log(`console errors:\n  ${errors.join('\n  ')}`);
  const file = await artifact('bench.json', `${JSON.stringify({
    date: new Date().toISOString(), seconds, info, pytorch: { info: pytorch.info, missing: pytorch.missing },
    table: rows, page: results,
  }, null, 2)}\n`);
  console.log(`wrote ${file}`);
} finally {
  await browser.close();
  await server.close();
}
