// The training benchmark page (www/bench.html) in its quick mode: it boots both trainers, fills
// its table and exposes every result; TensorFlow.js really runs on its wasm backend. Speed is
// never asserted here (scripts/bench.sh measures it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, useBrowser } from './harness.mjs';

const session = useBrowser();

test('quick mode trains every configuration on both sides and reports the wasm backend', async () => {
  const { page, errors, context } = await session.open('www/bench.html?quick=1');
  await page.waitForSelector('body[data-done]', { timeout: 120_000 });
  const { done, message, results, info } = await page.evaluate(() => ({
    done: document.body.dataset.done, message: document.getElementById('error-text').textContent,
    results: window.benchResults, info: window.benchInfo,
  }));
  assert.equal(done, 'true', `the page failed: ${message}`);
  assert.equal(info.backend, 'wasm');
  assert.equal(typeof info.simd, 'boolean');
  assert.equal(info.quick, true);
  assert.equal(info.tensorsLeft, 0, 'every TF.js tensor is disposed');
  assert.deepEqual(results.map((r) => `${r.config} ${r.cell}`), ['small rnn', 'small lstm', 'medium rnn', 'medium lstm']);
  for (const r of results) {
    for (const value of [r.unroll, r.tfjs, r.ratio]) {
      assert.ok(Number.isFinite(value) && value > 0, `${r.config} ${r.cell}: ${JSON.stringify(r)}`);
    }
    // Both models start near uniform over 64 symbols: ln 64 ≈ 4.16 nats per character.
    for (const loss of [r.unrollLoss, r.tfjsLoss]) assert.ok(Math.abs(loss - Math.log(64)) < 0.5, `loss ${loss}`);
  }
  const rows = await page.$$eval('#bench-table tbody tr', (trs) => trs.map((tr) => Array.from(tr.cells, (td) => td.textContent)));
  assert.equal(rows.length, 4);
  // Numbers as the page writes them (fixed or, when small, scientific); what they are is not
  // asserted here — quick mode's few steps are no measurement (scripts/bench.sh is).
  const number = String.raw`(\d+\.\d|\d(\.\d+)?e[-+]?\d+)`;
  for (const row of rows) {
    assert.match(row[2], new RegExp(`^${number}$`));
    assert.match(row[3], new RegExp(`^${number}$`));
    assert.match(row[4], new RegExp(`^${number}×$`));
  }
  assert.match(await page.textContent('#bench-env'), /backend: wasm/);
  assert.match(await page.textContent('#bench-status'), /^Done/);
  await screenshot(page, 'bench-quick.png');
  assert.deepEqual(errors, []);
  await context.close();
});

test('when TensorFlow.js cannot load, the page says so and finishes with an error', async () => {
  const context = await session.browser.newContext();
  await context.route('**/tf-backend-wasm.min.js', (route) => route.abort());
  const page = await context.newPage();
  await page.goto(`${session.url}www/bench.html?quick=1`);
  await page.waitForSelector('body[data-done]', { timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.done), 'error');
  assert.equal(await page.isHidden('#error-banner'), false);
  assert.match(await page.textContent('#error-text'), /TensorFlow\.js did not load/);
  assert.match(await page.textContent('#bench-status'), /^Failed: TensorFlow\.js did not load/);
  await context.close();
});
