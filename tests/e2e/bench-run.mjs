// Runs the in-browser training benchmark (www/bench.html) in headless Chromium, prints its
// table and writes it to tests/e2e/artifacts/bench.json. Not a test (no speed is asserted):
//   node tests/e2e/bench-run.mjs            the full benchmark (a few minutes)
//   node tests/e2e/bench-run.mjs --quick    the seconds-long smoke version
import { artifact, assertBuilt, collectErrors, launch, serve } from './harness.mjs';

const TIMEOUT_MS = 10 * 60 * 1000;
const quick = process.argv.includes('--quick');

/** Formats the results as an aligned text table. */
function table(results) {
  const rows = [['config', 'cell', 'Unroll steps/s', 'TF.js steps/s', 'Unroll / TF.js']];
  for (const r of results) rows.push([r.config, r.cell, r.unroll.toFixed(1), r.tfjs.toFixed(1), `${r.ratio.toFixed(1)}x`]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
}

await assertBuilt();
const server = await serve();
const browser = await launch();
try {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  const started = Date.now();
  await page.goto(`${server.url}www/bench.html${quick ? '?quick=1' : ''}`);
  await page.waitForSelector('body[data-done]', { timeout: TIMEOUT_MS });
  const seconds = (Date.now() - started) / 1000;
  const { done, results, info, status } = await page.evaluate(() => ({
    done: document.body.dataset.done, results: window.benchResults, info: window.benchInfo,
    status: document.getElementById('error-text').textContent || document.getElementById('bench-status').textContent,
  }));
  if (done !== 'true') throw new Error(`the benchmark page failed: ${status}`);
  console.log(`TensorFlow.js ${info.tfjsVersion}, backend ${info.backend}, SIMD ${info.simd}, threads ${info.threads}; `
    + `Unroll ${info.unrollVersion}; ${info.quick ? 'quick mode, ' : ''}${seconds.toFixed(1)} s including page load`);
  console.log(table(results));
  if (errors.length) console.log(`console errors:\n  ${errors.join('\n  ')}`);
  const file = await artifact('bench.json', `${JSON.stringify({ date: new Date().toISOString(), seconds, info, results }, null, 2)}\n`);
  console.log(`wrote ${file}`);
} finally {
  await browser.close();
  await server.close();
}
