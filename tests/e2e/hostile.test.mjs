// A hostile visitor in headless Chromium: huge and malformed model files, malformed links,
// numbers that used to wrap or be truncated, settings too large for one step, runaway
// training, a schedule that ends. Every case gives a message on the page, no console or page
// error, a page that answers within a second, a bounded wasm memory, and a trained model that
// gives the same bits per character afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { artifact, text, useBrowser } from './harness.mjs';

const session = useBrowser();

/** The RNN lab's wasm module's memory in bytes. */
const memory = (page) => page.evaluate(async () => (await import('./www/pkg/rnn/unroll.js')).memoryBytes());

/**
 * For each [field, bad value, message]: types the value, presses `reset`, expects the message in
 * `messageSelector`, and types the field's old value back.
 */
async function refused(page, reset, messageSelector, cases) {
  for (const [selector, value, message] of cases) {
    const before = await page.inputValue(selector);
    await page.fill(selector, value);
    await page.click(reset);
    assert.match(await text(page, messageSelector), message);
    await page.fill(selector, before);
  }
}

/** Asserts the page answers a round trip within a second. */
async function answers(page) {
  const start = Date.now();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
  assert.ok(Date.now() - start < 1000, `the page answered in ${Date.now() - start} ms`);
}

test('malformed links open a working page with a note', async () => {
  for (const [hash, note] of [
    ['#%', /not a valid link/],
    ['#%E0%A4%A', /not a valid link/],
    ['#nothing-here', /names “nothing-here”, which is not a lab/],
    ['#<img src=x onerror=alert(1)>', /not a lab/],
    [`#${'x'.repeat(100_000)}`, /names “x+…”, which is not a lab/],
    ['#attention?task=sort&seed=%ZZ', /“seed=%ZZ” has a broken %-escape/],
    ['#attention&task', /The part after “#attention” was not understood/],
    ['#ctc', null],
  ]) {
    const { page, errors, context } = await session.open(hash);
    if (note) assert.match(await text(page, '#address-note'), note, hash.slice(0, 40));
    else assert.equal(await page.isVisible('#address-note'), false);
    assert.equal(await page.$$eval('img', (imgs) => imgs.filter((i) => !i.closest('.lab')).length), 0, 'no HTML from the address');
    const visible = await page.$$eval('section.lab', (labs) => labs.filter((l) => !l.hidden).map((l) => l.id));
    assert.equal(visible.length, 1, 'one lab shown');
    if (hash.startsWith('#attention')) assert.deepEqual(visible, ['attention']);
    await answers(page);
    assert.deepEqual(errors, [], hash.slice(0, 40));
    await context.close();
  }
});

test('the RNN lab: hostile files and numbers are messages, and the trained model is unchanged', async () => {
  const { page, errors, context } = await session.open();
  await page.fill('#rnn-seqlen', '10');
  await page.fill('#rnn-hidden', '16');
  await page.click('#rnn-reset');
  await page.click('#rnn-play');
  await page.waitForFunction(() => /step ([3-9]\d|\d{3,})/.test(document.querySelector('#rnn-readout').textContent));
  await page.click('#rnn-play');
  const trained = await text(page, '#rnn-readout');
  await page.fill('#rnn-ppl-text', await page.inputValue('#rnn-ppl-text'));
  const surprisal = await text(page, '#rnn-ppl-out');
  const memoryBefore = await memory(page);

  // The file: 300 000 vocabulary entries claiming E = H = 1024.
  const huge = `{"kind":"rnn","vocab":[${Array(300_000).fill('"a"').join(',')}],"embedding_dim":1024,"hidden_size":1024,"state_dict":{}}`;
  const files = [
    ['huge-vocab.json', huge, /"vocab" has more than 4096 entries/],
    ['huge-sizes.json', '{"kind":"lstm","vocab":["a","b"],"embedding_dim":1024,"hidden_size":1024,"state_dict":{}}', /the lab takes up to 2000000/],
    ['twice.json', '{"kind":"rnn","kind":"lstm"}', /has the key "kind" twice/],
    ['deep.json', `{"state_dict":{"decoder.bias":${'['.repeat(5000)}${']'.repeat(5000)}}}`, /Could not load deep\.json/],
    ['nan.json', '{"kind":"rnn","vocab":["a"],"embedding_dim":1,"hidden_size":1,"state_dict":{"decoder.bias":[NaN]}}', /holds NaN/],
    ['garbage.json', '\u0000\u00ff<script>alert(1)</script>', /not valid JSON/],
  ];
  for (const [name, contents, message] of files) {
    await page.setInputFiles('#rnn-file', await artifact(name, contents));
    await page.waitForFunction((n) => document.querySelector('#rnn-message').textContent.includes(n), name);
    const shown = await text(page, '#rnn-message');
    assert.match(shown, message, name);
    assert.doesNotMatch(shown, /unreachable|borrowed/, name);
    await answers(page);
  }
  // Numbers: out of range, fractional, empty; and a step too large to run at once.
  await refused(page, '#rnn-reset', '#rnn-message', [
    ['#rnn-hidden', '4294967328', /hidden H must be a whole number from 1 to 256; got 4294967328\./],
    ['#rnn-hidden', '', /hidden H is empty: type a whole number from 1 to 256\./],
    ['#rnn-seqlen', '2.5', /length T must be a whole number from 2 to 200; got 2\.5, which is not whole\./],
    ['#rnn-scale', '11', /W_hh scale must be a number from 0 to 10; got 11\./],
    ['#rnn-seed', '-1', /seed must be a whole number from 0 to 4294967295; got -1\./],
    ['#rnn-lr', '1e308', /learning rate must be a number from 0\.000001 to 100; got 1e308\./],
  ]);
  await page.fill('#rnn-hidden', '256');
  await page.fill('#rnn-seqlen', '200');
  await page.click('#rnn-reset');
  assert.match(await text(page, '#rnn-message'), /model size is too large for one step: both cells at H = 256, T = 200 cost about \d+ million multiply-adds/);
  await answers(page);
  await page.fill('#rnn-hidden', '16');
  await page.fill('#rnn-seqlen', '10');

  assert.equal(await text(page, '#rnn-readout'), trained, 'the trained models are kept');
  await page.fill('#rnn-ppl-text', await page.inputValue('#rnn-ppl-text'));
  assert.equal(await text(page, '#rnn-ppl-out'), surprisal, 'same bits per character');
  const grown = (await memory(page)) - memoryBefore;
  assert.ok(grown < 64 * 1024 * 1024, `wasm memory grew by ${grown} bytes`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('runaway training is stopped while still finite; New model works afterwards', async () => {
  const { page, errors, context } = await session.open();
  await page.fill('#rnn-lr', '100');
  await page.fill('#rnn-scale', '10');
  await page.fill('#rnn-clip', '0');
  await page.fill('#rnn-seqlen', '10');
  await page.fill('#rnn-hidden', '16');
  await page.click('#rnn-reset');
  await page.click('#rnn-play');
  await page.waitForFunction(() => /diverging at step \d+/.test(document.querySelector('#rnn-message').textContent), null, { timeout: 30_000 });
  assert.equal(await text(page, '#rnn-play'), 'Play', 'Play stopped');
  assert.match(await text(page, '#rnn-message'), /bits per character.*lower the learning rate/);
  assert.doesNotMatch(await text(page, '#rnn-readout'), /NaN|∞/);
  await page.fill('#rnn-lr', '0.005');
  await page.fill('#rnn-clip', '1');
  await page.click('#rnn-reset');
  await page.click('#rnn-train-step');
  assert.match(await text(page, '#rnn-readout'), /step 1 /);

  await page.click('a[data-lab="attention"]');
  await page.fill('#att-lr', '10');
  await page.click('#att-reset');
  await page.click('#att-play');
  await page.waitForFunction(() => /diverging at step \d+/.test(document.querySelector('#att-message').textContent), null, { timeout: 60_000 });
  assert.match(await text(page, '#att-message'), /nats per symbol/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the other labs: numbers that wrapped or were truncated are refused by name', async () => {
  const { page, errors, context } = await session.open('#attention');
  await refused(page, '#att-reset', '#att-message', [
    ['#att-hidden', '4294967328', /hidden H must be a whole number from 1 to 128; got 4294967328\./],
    ['#att-beam', '4294967297', /beam width must be a whole number from 1 to 8; got 4294967297\./],
    ['#att-lr', '', /learning rate is empty/],
  ]);
  assert.equal(await text(page, '#attention .range'), '1–128', 'the range is shown beside the field');

  await page.click('a[data-lab="ctc"]');
  for (const [value, message] of [['-1', /frames T must be a whole number from 1 to 12; got -1\./], ['', /frames T is empty/], ['12.5', /not whole/]]) {
    await page.fill('#ctc-frames', value);
    assert.match(await text(page, '#ctc-message'), message);
  }

  await page.click('a[data-lab="word2vec"]');
  await page.waitForFunction(() => /pair 0 of/.test(document.querySelector('#w2v-readout').textContent));
  await refused(page, '#w2v-reset', '#w2v-message', [
    ['#w2v-epochs', '2.5', /epochs must be a whole number from 1 to 1000; got 2\.5, which is not whole\./],
    ['#w2v-dim', '4294967316', /D must be a whole number from 1 to 300; got 4294967316\./],
  ]);
  assert.match(await page.getAttribute('#w2v-text', 'placeholder'), /up to 2\.00 MB/);
  // A paste over the limit is refused before it is sent to the module; the model stays.
  const before = await text(page, '#w2v-readout');
  await page.selectOption('#w2v-corpus', 'own');
  await page.evaluate(() => {
    const box = document.querySelector('#w2v-text');
    box.value = 'dog cat '.repeat(400_000);
    box.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForFunction(() => /reads up to 2\.00 MB/.test(document.querySelector('#w2v-text-message').textContent), null, { timeout: 10_000 });
  await page.click('#w2v-reset');
  assert.match(await text(page, '#w2v-message'), /The text is 3\.05 MB; the lab reads up to 2\.00 MB\./);
  assert.equal(await text(page, '#w2v-readout'), before, 'the old model is kept');
  await answers(page);
  // A schedule that ends says so and stops.
  await page.selectOption('#w2v-corpus', 'own');
  await page.fill('#w2v-text', 'the cat saw the dog and the dog saw the cat');
  await page.fill('#w2v-epochs', '1');
  await page.click('#w2v-reset');
  await page.click('#w2v-play');
  await page.waitForFunction(() => /finished/.test(document.querySelector('#w2v-message').textContent), null, { timeout: 30_000 });
  assert.equal(await text(page, '#w2v-play'), 'Play', 'Play stopped at the end of the schedule');
  const readout = await text(page, '#w2v-readout');
  const [, done, planned] = /pair ([\d,]+) of ([\d,]+)/.exec(readout);
  assert.equal(done, planned, readout);

  await page.click('a[data-lab="metrics"]');
  await page.selectOption('#bleu-smooth', 'add-k');
  await page.fill('#bleu-smooth-value', '1e308');
  await page.waitForFunction(() => /add-k/.test(document.querySelector('#bleu-message').textContent));
  assert.match(await text(page, '#bleu-message'), /must be a number from 0 to 100; got 1e308\./);
  await page.selectOption('#bleu-smooth', 'floor');
  await page.fill('#bleu-smooth-value', '5');
  await page.waitForFunction(() => /floor smoothing value ε must be a number from 0\.0001 to 1; got 5\./.test(document.querySelector('#bleu-message').textContent));
  await answers(page);
  assert.deepEqual(errors, []);
  await context.close();
});
