// The "RNN & LSTM through time" lab in headless Chromium: stepping both passes, training,
// side-by-side views, saving and loading model files, bad files, divergence, phone width.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { PHONE, artifact, artifactPath, inkedPixels, screenshot, useBrowser } from './harness.mjs';

const session = useBrowser();

const readout = (page) => page.textContent('#rnn-readout');

/** A cheap fingerprint of a canvas's pixels, to see that a view changed. */
function canvasHash(page, selector) {
  return page.evaluate((sel) => {
    const canvas = document.querySelector(sel);
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let hash = 0;
    for (let i = 0; i < data.length; i += 16) hash = (hash * 31 + data[i] + data[i + 1] * 7) | 0;
    return hash;
  }, selector);
}

/** Sets small, fast settings and builds new models. */
async function smallModels(page, { cells = 'both', seqLen = 8, hidden = 16 } = {}) {
  await page.selectOption('#rnn-cells', cells);
  await page.fill('#rnn-seqlen', String(seqLen));
  await page.fill('#rnn-hidden', String(hidden));
  await page.click('#rnn-reset');
  await page.waitForFunction(() => /step 0/.test(document.querySelector('#rnn-readout').textContent));
}

test('the lab opens first, draws both models, and keeps its state across labs', async () => {
  const { page, errors, context } = await session.open();
  assert.equal(await page.isVisible('#rnn'), true);
  assert.equal(await page.isVisible('#metrics'), false);
  assert.equal(await page.locator('#rnn-unrolled canvas').count(), 2, 'RNN and LSTM side by side');
  // On arrival the first chunk is already computed by the untrained models (nothing applied):
  // a loss for each, the chunk drawn, its gradient norms, and the first step starts walking through it
  // (tests/rnn_session.rs checks it is the same chunk).
  assert.match(await readout(page), /^step 0 · ready · RNN \d\.\d+ bits\/char · LSTM \d\.\d+ bits\/char/);
  assert.doesNotMatch(await page.textContent('#rnn-unrolled'), /no chunk yet/);
  assert.ok(await inkedPixels(page, '#rnn-norms') > 1000, 'the first chunk\'s gradient norms');
  await page.click('#rnn-step');
  assert.match(await readout(page), /^step 0 · forward t = 1 · /);
  // One training step finishes the step in progress first, then takes one more.
  await page.click('#rnn-train-step');
  assert.match(await readout(page), /step 2 /);
  await page.click('a[data-lab="metrics"]');
  // The Metrics bench's module loads when it is first shown; then its panels appear.
  await page.waitForSelector('body[data-ready="true"] #bleu', { state: 'visible', timeout: 30_000 });
  await page.click('a[data-lab="rnn"]');
  assert.match(await readout(page), /step 2 /, 'state survives switching labs');
  assert.ok(await inkedPixels(page, '#rnn-unrolled .model-view:nth-child(1) canvas') > 1000);
  assert.ok(await inkedPixels(page, '#rnn-unrolled .model-view:nth-child(2) canvas') > 1000);
  assert.ok(await inkedPixels(page, '#rnn-norms') > 1000);
  await screenshot(page, 'rnn-desktop-1280.png');
  assert.deepEqual(errors, []);
  await context.close();
});

test('RNN, LSTM and GRU side by side: three unrolled networks, the input reach of each, the GRU\'s gates', async () => {
  const { page, errors, context } = await session.open();
  await smallModels(page, { cells: 'all', seqLen: 12 });
  assert.equal(await page.locator('#rnn-unrolled canvas').count(), 3);
  assert.match(await readout(page), /^step 0 · ready · RNN \d\.\d+ bits\/char · LSTM \d\.\d+ bits\/char · GRU \d\.\d+ bits\/char/);
  assert.ok(await inkedPixels(page, '#rnn-reach') > 1000, 'the input-reach chart is drawn');
  const share = /\(T − t = 11\) as a share of what reaches the nearest: RNN ([\d.e-]+) · LSTM ([\d.e-]+) · GRU ([\d.e-]+)\./
    .exec(await page.textContent('#rnn-reach-explain'));
  assert.ok(share, 'the reach in words');
  const [rnn, lstm, gru] = share.slice(1).map(Number);
  assert.ok(rnn < gru && rnn < lstm, `the RNN's reach vanishes first: ${share.slice(1)}`);
  await page.selectOption('#rnn-heat-which', 'z');
  assert.equal(await page.locator('#rnn-heatmaps canvas').count(), 3);
  await page.click('#rnn-step');
  assert.match(await page.textContent('#rnn-unrolled'), /h₁ = \(1 − z\) ⊙ n \+ z ⊙ h₀/, 'the GRU\'s forward formula');
  await page.click('#rnn-train-step');
  assert.match(await readout(page), /^step 2 · update · RNN [\d.]+ bits\/char · LSTM [\d.]+ bits\/char · GRU [\d.]+ bits\/char/);
  // The gradient check: every tensor's largest entry and three random ones per model, each
  // relative error below 1e-3 in float32, and a new draw of random entries on every press.
  await page.click('#rnn-gradcheck');
  const table = async () => page.$$eval('#rnn-gradcheck-out tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  const first = await table();
  assert.equal(first.length, 3 * 10, 'ten entries for each of three models');
  for (const [entry, analytic, numeric, relative] of first) {
    assert.ok(Number(relative.replace('−', '-')) < 1e-3, `${entry}: ${analytic} vs ${numeric} (${relative})`);
  }
  assert.match(await page.textContent('#rnn-gradcheck-out'), /GRU: 10 entries in float32, ε = 0\.01; the largest relative error/);
  await page.click('#rnn-gradcheck');
  assert.notDeepEqual((await table()).map((r) => r[0]), first.map((r) => r[0]), 'other random entries');
  assert.deepEqual(errors, []);
  await context.close();
});

test('stepping goes forward through t = 1..T, the loss, backward T..1, then the update', async () => {
  const { page, errors, context } = await session.open();
  const T = 6;
  await smallModels(page, { seqLen: T });
  const labels = [];
  const hashes = new Set();
  for (let k = 0; k < 2 * T + 2; k++) {
    await page.click('#rnn-step');
    const text = await readout(page);
    labels.push(text.split(' · ')[1]);
    hashes.add(await canvasHash(page, '#rnn-unrolled .model-view:nth-child(2) canvas'));
  }
  const want = [
    ...Array.from({ length: T }, (_, t) => `forward t = ${t + 1}`), 'loss',
    ...Array.from({ length: T }, (_, t) => `backward t = ${T - t}`), 'update',
  ];
  assert.deepEqual(labels, want);
  assert.ok(hashes.size >= 2 * T, `the unrolled view changes at every stage (${hashes.size} distinct)`);
  assert.match(await readout(page), /step 1 /, 'the update took one training step');
  await page.click('#rnn-step');
  assert.match(await page.textContent('#rnn-unrolled .model-view:nth-child(2) pre'), /c₁ = f ⊙ c₀ \+ i ⊙ g/);
  for (let k = 0; k < T + 1; k++) await page.click('#rnn-step');
  assert.match(await page.textContent('#rnn-unrolled .model-view:nth-child(1) pre'), /∂L\/∂h₆ = W_decᵀ/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a few hundred seeded training steps lower the loss of both models', async () => {
  const { page, errors, context } = await session.open();
  await smallModels(page, { seqLen: 20, hidden: 24 });
  await page.click('#rnn-train-step');
  // One chunk's loss is noisy (a hard chunk after 300 steps can cost more than an easy first
  // one), so the models are scored on the same sentence before and after training.
  const bits = (text) => [...text.matchAll(/(RNN|LSTM): ([0-9.]+) bits per character/g)].map((m) => Number(m[2]));
  const first = bits(await page.textContent('#rnn-ppl-out'));
  assert.equal(first.length, 2, 'both models score the sentence');
  await page.click('#rnn-play');
  await page.waitForFunction(() => Number(/step (\d+)/.exec(document.querySelector('#rnn-readout').textContent)[1]) >= 300,
    null, { timeout: 60_000 });
  await page.click('#rnn-play');
  const later = bits(await page.textContent('#rnn-ppl-out'));
  assert.equal(later.length, 2);
  assert.ok(later[0] < first[0] && later[1] < first[1], `bits per character of the sentence ${first} -> ${later}`);
  assert.ok(await inkedPixels(page, '#rnn-curves') > 1000, 'training curves drawn');
  assert.match(await page.textContent('#rnn-samples'), /RNN writes[\s\S]*LSTM writes/);
  await page.click('#rnn-accuracy-run');
  assert.equal(await page.locator('#rnn-accuracy tbody tr').count(), 2);
  // The Metrics bench's perplexity panel can score with the trained LSTM.
  await page.click('a[data-lab="metrics"]');
  await page.fill('#ppl-text', 'The model.');
  await page.focus('#ppl-model');
  await page.selectOption('#ppl-model', 'lab-1');
  assert.match(await page.textContent('#ppl-message'), /text contains 'T' \(U\+0054\), which is not in the model's vocabulary/);
  await page.fill('#ppl-text', '\\begin{lemma}ab cd\\end{lemma}');
  assert.match(await page.textContent('#ppl-detail'), /by the lab's LSTM after \d+ training steps/);
  assert.ok(await inkedPixels(page, '#ppl-chart') > 1000);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a saved model loads back with the same numbers; a malformed file is a message', async () => {
  const { page, errors, context } = await session.open();
  await smallModels(page, { cells: 'lstm', seqLen: 10 });
  for (let k = 0; k < 5; k++) await page.click('#rnn-train-step');
  const before = await page.textContent('#rnn-ppl-out h4');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#rnn-save')]);
  const saved = await artifactPath('saved-model.json');
  await download.saveAs(saved);
  const json = JSON.parse(await readFile(saved, 'utf8'));
  assert.equal(json.kind, 'lstm');
  assert.deepEqual(Object.keys(json.state_dict), ['embedding.weight', 'rnn.weight_ih_l0', 'rnn.weight_hh_l0',
    'rnn.bias_ih_l0', 'rnn.bias_hh_l0', 'decoder.weight', 'decoder.bias']);
  await page.click('#rnn-reset');
  assert.notEqual(await page.textContent('#rnn-ppl-out h4'), before, 'new models score differently');
  await page.setInputFiles('#rnn-file', saved);
  await page.waitForFunction(() => /Loaded saved-model\.json/.test(document.querySelector('#rnn-message').textContent));
  assert.equal(await page.textContent('#rnn-ppl-out h4'), before, 'the loaded model gives the same bits per character');
  json.state_dict['rnn.weight_hh_l0'].pop();
  await page.setInputFiles('#rnn-file', await artifact('bad-model.json', JSON.stringify(json)));
  await page.waitForFunction(() => /Could not load bad-model\.json: "rnn\.weight_hh_l0" should have shape/.test(document.querySelector('#rnn-message').textContent));
  // A valid model from elsewhere, knowing none of the task's characters, still loads.
  const zeros = (rows, cols) => Array.from({ length: rows }, () => Array(cols).fill(0.1));
  const foreign = {
    kind: 'rnn', vocab: ['X', 'Y', 'Z'], embedding_dim: 2, hidden_size: 3,
    state_dict: {
      'embedding.weight': zeros(3, 2), 'rnn.weight_ih_l0': zeros(3, 2), 'rnn.weight_hh_l0': zeros(3, 3),
      'rnn.bias_ih_l0': [0, 0, 0], 'rnn.bias_hh_l0': [0, 0, 0], 'decoder.weight': zeros(3, 3), 'decoder.bias': [0, 0.5, 1],
    },
  };
  await page.setInputFiles('#rnn-file', await artifact('foreign-model.json', JSON.stringify(foreign)));
  await page.waitForFunction(() => /Loaded foreign-model\.json: an RNN[\s\S]*sampled from the model itself/.test(document.querySelector('#rnn-message').textContent));
  await page.click('#rnn-train-step');
  assert.match(await readout(page), /step 1 /);
  await page.setInputFiles('#rnn-file', await artifact('bad-model.json', '{"kind": "lstm", '));
  await page.waitForFunction(() => /not valid JSON/.test(document.querySelector('#rnn-message').textContent));
  assert.deepEqual(errors, []);
  await context.close();
});

test('divergence stops training with the step named; bad settings are messages', async () => {
  const { page, errors, context } = await session.open();
  await page.selectOption('#rnn-optimizer', 'sgd');
  await page.fill('#rnn-lr', '100');
  await page.fill('#rnn-clip', '0');
  await page.fill('#rnn-scale', '8');
  await smallModels(page, { cells: 'rnn', seqLen: 10 });
  await page.click('#rnn-play');
  await page.waitForFunction(() => /diverg(ed|ing) at step \d+/.test(document.querySelector('#rnn-message').textContent), null, { timeout: 30_000 });
  assert.equal(await page.textContent('#rnn-play'), 'Play', 'training stopped');
  await page.fill('#rnn-hidden', '0');
  await page.click('#rnn-reset');
  assert.match(await page.textContent('#rnn-message'), /hidden H must be a whole number from 1 to 256; got 0\./);
  await page.selectOption('#rnn-task', 'own');
  await page.fill('#rnn-hidden', '16');
  await page.fill('#rnn-own-text', '<script>alert(1)</script> '.repeat(40_000));
  await page.click('#rnn-reset');
  await page.waitForFunction(() => /1,040,000 characters/.test(document.querySelector('#rnn-data-info').textContent));
  assert.deepEqual(errors, []);
  await context.close();
});

test('phone width: the lab fits 360 px and its canvases are sharp', async () => {
  const { page, errors, context } = await session.open('', PHONE);
  await page.click('#rnn-train-step');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `page is ${width}px wide`);
  const canvases = await page.$$eval('#rnn canvas', (cs) => cs.map((c) => [c.width, Math.round(c.getBoundingClientRect().width * 2)]));
  for (const [backing, css] of canvases) assert.equal(backing, css);
  await screenshot(page, 'rnn-phone-360.png');
  assert.deepEqual(errors, []);
  await context.close();
});
