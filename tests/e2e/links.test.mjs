// A link is a state: in each lab, set a state that is not the default (settings, a trained
// model, a stage, a selection), take the address, open it in a fresh browser context, and read
// back the same numbers and the same pixels. Back and Forward move between states; broken and
// hostile links open the nearest valid state with a note.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canvasPixels as pixels, openLink as openIn, settledAddress, texts, useBrowser } from './harness.mjs';

const session = useBrowser();
const openLink = (hash) => openIn(session, hash);

test('RNN & LSTM: settings, a trained model and a stage come back from the link, number for number and pixel for pixel', async () => {
  const { page, errors, context } = await session.open('#rnn');
  await page.selectOption('#rnn-task', 'remember');
  await page.fill('#rnn-hidden', '20');
  await page.fill('#rnn-seqlen', '12');
  await page.fill('#rnn-seed', '5');
  await page.click('#rnn-reset');
  await page.click('#rnn-play');
  await page.waitForFunction(() => Number(/step (\d+)/.exec(document.querySelector('#rnn-readout').textContent)?.[1]) >= 150);
  await page.click('#rnn-play');
  for (let k = 0; k < 5; k++) await page.click('#rnn-step');
  await page.selectOption('#rnn-heat-which', 'c');
  const hash = await settledAddress(page);
  assert.match(hash, /^#rnn\?v=1&/);
  assert.match(hash, /task=remember/);
  assert.match(hash, /hidden=20/);
  assert.match(hash, /trained=\d+/);
  assert.match(hash, /stage=forward\.5/);
  const views = '#rnn-unrolled canvas, #rnn-norms, #rnn-heatmaps canvas, #rnn-curves';
  const before = {
    readout: await texts(page, '#rnn-readout'), formulas: await texts(page, '#rnn-unrolled pre'),
    samples: await texts(page, '#rnn-samples'), norms: await texts(page, '#rnn-norms-explain'), pixels: await pixels(page, views),
  };
  assert.deepEqual(errors, []);

  const fresh = await openLink(hash);
  await fresh.page.waitForFunction((want) => document.querySelector('#rnn-readout').textContent === want, before.readout[0]);
  assert.equal(await fresh.page.inputValue('#rnn-task'), 'remember');
  assert.equal(await fresh.page.inputValue('#rnn-hidden'), '20');
  assert.equal(await fresh.page.inputValue('#rnn-heat-which'), 'c');
  const after = {
    readout: await texts(fresh.page, '#rnn-readout'), formulas: await texts(fresh.page, '#rnn-unrolled pre'),
    samples: await texts(fresh.page, '#rnn-samples'), norms: await texts(fresh.page, '#rnn-norms-explain'), pixels: await pixels(fresh.page, views),
  };
  assert.deepEqual(after, before);
  assert.equal(await fresh.page.evaluate(() => location.hash), hash, 'the opened page writes the same link');
  assert.equal(await fresh.page.isHidden('#address-note'), true, 'a good link opens without a note');
  assert.deepEqual(fresh.errors, []);
  await fresh.context.close();
  await context.close();
});

test('Back and Forward move between states', async () => {
  const { page, errors, context } = await session.open('#rnn');
  const first = await settledAddress(page);
  await page.fill('#rnn-hidden', '12');
  await page.click('#rnn-reset');
  const second = await settledAddress(page);
  assert.notEqual(second, first);
  await page.click('#rnn-train-step');
  await page.waitForFunction((h) => location.hash !== h, second);
  const third = await settledAddress(page);
  assert.match(third, /trained=1/);
  await page.goBack();
  await page.waitForFunction((h) => location.hash === h && /step 0 /.test(document.querySelector('#rnn-readout').textContent), second);
  assert.equal(await page.inputValue('#rnn-hidden'), '12');
  await page.goBack();
  await page.waitForFunction((h) => location.hash === h, first);
  await page.waitForFunction(() => document.querySelector('#rnn-hidden').value === '32');
  await page.goForward();
  await page.goForward();
  await page.waitForFunction(() => /step 1 /.test(document.querySelector('#rnn-readout').textContent));
  assert.equal(await page.inputValue('#rnn-hidden'), '12');
  assert.deepEqual(errors, []);
  await context.close();
});

test('broken, old and hostile links open the nearest valid state with a note', async () => {
  const cases = [
    ['#rnn?v=1&hidden=0&task=nonsense&colour=red', /^(?=.*hidden H must be)(?=.*task=nonsense)(?=.*“colour”)/, { '#rnn-hidden': '32', '#rnn-task': 'environments' }],
    ['#rnn?hidden=24', /no version/, { '#rnn-hidden': '24' }],
    ['#rnn?v=1&own-text=~AAAA%%%&trained=-5', /broken %-escape|damaged|trained=-5/, { '#rnn-hidden': '32' }],
    ['#rnn?v=1&task=own&own-text=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', /^$/, { '#rnn-task': 'own' }],
    ['#rnn?v=1&trained=99999999999', /trained=99999999999/, { '#rnn-hidden': '32' }],
  ];
  for (const [hash, note, values] of cases) {
    const { page, errors, context } = await openLink(hash);
    const said = await page.textContent('#address-note');
    assert.match(said, note, `${hash} → ${said}`);
    for (const [selector, value] of Object.entries(values)) assert.equal(await page.inputValue(selector), value, `${hash}: ${selector}`);
    assert.equal(await page.locator('#rnn img').count(), 0, 'pasted text is never markup');
    assert.deepEqual(errors, [], hash);
    await context.close();
  }
});

test('word2vec: pasted text, settings, the pairs trained and the chosen word come back from the link', async () => {
  const { page, errors, context } = await session.open('#word2vec');
  const own = Array.from({ length: 60 }, (_, i) => `the ${['cat', 'dog', 'fox'][i % 3]} ${['runs', 'sleeps', 'eats'][(i * 7) % 3]} near the ${['tree', 'house', 'river'][(i * 5) % 3]} .`).join(' ');
  await page.fill('#w2v-text', own);
  await page.fill('#w2v-dim', '8');
  await page.fill('#w2v-min', '1');
  await page.click('#w2v-reset');
  await page.click('#w2v-train');
  await page.waitForFunction(() => document.querySelector('#w2v-play').textContent === 'Play' && /pair [1-9]/.test(document.querySelector('#w2v-readout').textContent));
  await page.waitForTimeout(300);
  await page.fill('#w2v-word', 'fox');
  await page.selectOption('#w2v-choice', await page.$eval('#w2v-choice', (s) => s.options[s.options.length - 1].value));
  const hash = await settledAddress(page);
  assert.match(hash, /^#word2vec\?v=1&/);
  assert.match(hash, /corpus=own/);
  assert.match(hash, /text=~/, 'the pasted text travels compressed');
  assert.match(hash, /trained=\d+/);
  const views = '#w2v-matrices, #w2v-loss, #w2v-projection-0, #w2v-projection-1';
  const read = async (p) => ({
    readout: await texts(p, '#w2v-readout'), neighbours: await texts(p, '#w2v-neighbours-0, #w2v-neighbours-1'),
    text: await p.inputValue('#w2v-text'), pixels: await pixels(p, views),
  });
  const before = await read(page);
  assert.equal(before.text, own);
  assert.deepEqual(errors, []);

  const fresh = await openLink(hash);
  await fresh.page.waitForFunction((want) => document.querySelector('#w2v-readout').textContent === want, before.readout[0]);
  assert.deepEqual(await read(fresh.page), before);
  assert.deepEqual(fresh.errors, []);
  await fresh.context.close();
  await context.close();
});

test('Metrics bench: the texts and options of every panel come back from the link', async () => {
  const { page, errors, context } = await session.open('#metrics');
  await page.fill('#bleu-hyp', 'the cat sat on a mat');
  await page.fill('#bleu-refs', 'the cat sat on the mat\nthere is a cat on the mat');
  await page.selectOption('#bleu-smooth', await page.$eval('#bleu-smooth', (s) => s.options[s.options.length - 1].value));
  await page.check('#bleu-lowercase');
  await page.fill('#overlap-pred', 'ab');
  await page.click('#info-preset-gap');
  await page.fill('#info-q input >> nth=0', '0.45');
  await page.click('#mi-add-row');
  await page.fill('#mi-table input >> nth=0', '0.25');
  const hash = await settledAddress(page);
  assert.match(hash, /^#metrics\?v=1&/);
  assert.match(hash, /&p=0\.4,0\.3,0\.2,0\.1&q=0\.45,/, 'the distributions travel as lists');
  assert.match(hash, /&joint=0\.25,0\.1%3B/, 'the joint table travels row by row');
  const read = async (p) => ({
    bleu: await texts(p, '#bleu-score, #bleu-bp, #bleu-signature'), overlap: await texts(p, '#overlap output, #overlap table'),
    information: await texts(p, '#info-table, #mi-kpis'),
    pixels: await pixels(p, '#bleu-chart, #info-chart, #mi-chart'),
  });
  await page.waitForTimeout(300);
  const before = await read(page);
  assert.deepEqual(errors, []);
  const fresh = await openLink(hash);
  await fresh.page.waitForFunction((want) => document.querySelector('#bleu-score').textContent === want, before.bleu[0]);
  await fresh.page.waitForTimeout(300);
  assert.deepEqual(await read(fresh.page), before);
  assert.deepEqual(fresh.errors, []);
  await fresh.context.close();
  await context.close();
});
