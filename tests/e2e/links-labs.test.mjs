// A link is a state, in the attention and CTC labs: set a state that is not the default
// (settings, trained models, typed input, a stepped decoding, selected rows; dragged emissions,
// the model's emissions taken, a lattice step), take the address, open it in a fresh browser
// context, and read back the same numbers and the same pixels. Broken links open the nearest
// valid state with a note.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canvasPixels as pixels, openLink as openIn, settledAddress, texts, useBrowser } from './harness.mjs';

const session = useBrowser();
const openLink = (hash) => openIn(session, hash);

/** Waits until the Play button `play` says Play again and `readout` starts with `step n`. */
function trainedTo(page, play, readout, n) {
  return page.waitForFunction(([p, r, steps]) => document.querySelector(p).textContent === 'Play'
    && new RegExp(`^step ${steps}\\b`).test(document.querySelector(r).textContent), [play, readout, n], { timeout: 50_000 });
}

/** The CSS y of the first output row's label on the attention map, found through its tooltip. */
async function firstRowY(page, box) {
  for (let y = 2; y < box.height; y += 3) {
    await page.mouse.move(box.x + 20, box.y + y);
    const tip = await page.$eval('#att-tooltip', (t) => (t.hidden ? '' : t.textContent));
    if (/^output 1 /.test(tip)) return y + 3;
  }
  throw new Error('no output row on the map');
}

const ATTENTION_TEXTS = '#att-readout, #att-outputs, #att-dec-readout, #att-dec-explain, #att-input, #sa-readout, #sa-explain, #sa-message';
const ATTENTION_VIEWS = '#att-map, #att-step-view, #att-beam-tree, #att-loss, #att-accuracy, #att-lengths, #sa-maps';

test('attention: settings, both trained models, the input, the stepped decoding and the selected row come back from the link', async () => {
  const { page, errors, context } = await session.open('#attention');
  await page.selectOption('#att-score', 'dot');
  await page.fill('#att-hidden', '16');
  await page.fill('#att-seed', '3');
  await page.click('#att-reset');
  await page.selectOption('#sa-heads', '4');
  await page.click('#att-train');
  await trainedTo(page, '#att-play', '#att-readout', 200);
  await page.click('#sa-play');
  await page.waitForFunction(() => Number(/^step (\d+)/.exec(document.querySelector('#sa-readout').textContent)?.[1]) >= 30);
  await page.click('#sa-play');
  await page.waitForFunction(() => document.querySelector('#sa-play').textContent === 'Play');
  await page.fill('#att-input', 'hgabdc');
  await page.click('#att-dec-step');
  await page.click('#att-dec-step');
  const map = page.locator('#att-map');
  await map.scrollIntoViewIfNeeded();
  const box = await map.boundingBox();
  await page.mouse.click(box.x + 20, box.y + await firstRowY(page, box));
  await page.click('#att-dec-step');
  await page.check('input[name="att-style"][value="links"]');
  await page.uncheck('#sa-view');
  // A setting typed but not applied by "New models" stays out of the link.
  await page.fill('#att-lr', '0.01');
  await page.mouse.move(0, 0);
  const hash = await settledAddress(page);
  for (const part of ['score=dot', 'hidden=16', 'seed=3', 'sa-heads=4', 'sa-view=0', 'style=links', 'input=hgabdc',
    'trained=200', 'decoded=3', 'rows=1', 'step=3']) assert.ok(hash.includes(`&${part}`), `${part} in ${hash}`);
  assert.match(hash, /&sa-trained=\d+/);
  assert.doesNotMatch(hash, /lr=/, 'a setting not applied is not in the link');
  const read = async (p) => ({ texts: await texts(p, ATTENTION_TEXTS), pixels: await pixels(p, ATTENTION_VIEWS) });
  const before = await read(page);
  assert.deepEqual(errors, []);

  const fresh = await openLink(hash);
  const readout = await page.textContent('#att-readout');
  await fresh.page.waitForFunction((want) => document.querySelector('#att-readout').textContent === want, readout);
  assert.equal(await fresh.page.inputValue('#att-score'), 'dot');
  assert.equal(await fresh.page.inputValue('#att-lr'), '0.005');
  assert.deepEqual(await read(fresh.page), before);
  assert.equal(await fresh.page.evaluate(() => location.hash), hash, 'the opened page writes the same link');
  assert.equal(await fresh.page.isHidden('#address-note'), true, 'a good link opens without a note');
  assert.deepEqual(fresh.errors, []);
  await fresh.context.close();
  await context.close();
});

test('attention: a broken link opens the nearest valid state with a note', async () => {
  const { page, errors, context } = await openLink('#attention?v=1&trained=abc&rows=99&decoded=x&sa-seed=0.5&step=0&input=%3Cimg%20src%3Dx%3E&hidden=7');
  const said = await page.textContent('#address-note');
  for (const part of [/trained=abc/, /rows=99/, /decoded=x/, /sa-seed=0\.5/, /step=0/, /input=<img src=x>/]) assert.match(said, part, said);
  assert.equal(await page.inputValue('#att-hidden'), '7');
  assert.match(await page.textContent('#att-readout'), /^untrained/);
  assert.equal(await page.locator('#attention img').count(), 0, 'typed text is never markup');
  assert.deepEqual(errors, []);
  await context.close();
});

const CTC_TEXTS = '#ctc-readout, #ctc-decodings, #ctc-explain, #ctc-alignments-sum, #ctc-alignments, #ctc-train-readout, #ctc-collapse-out, #ctc-target, #ctc-frames';
const CTC_VIEWS = '#ctc-emissions, #ctc-lattice, #ctc-gradient, #ctc-curve';

test('CTC: the trained model, its emissions taken, dragged edits, the target, frames and lattice step come back from the link', async () => {
  const { page, errors, context } = await session.open('#ctc');
  await page.fill('#ctc-path', 'ab--ba');
  // Played with the views following the model: the emissions are its last utterance's.
  await page.click('#ctc-play');
  await page.waitForFunction(() => Number(/^step (\d+)/.exec(document.querySelector('#ctc-train-readout').textContent)?.[1]) >= 60);
  await page.click('#ctc-play');
  await page.waitForFunction(() => document.querySelector('#ctc-play').textContent === 'Play');
  await page.fill('#ctc-frames', '9');
  await page.fill('#ctc-target', 'cab');
  const canvas = page.locator('#ctc-emissions');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4);
  await page.mouse.down();
  for (let k = 1; k <= 6; k++) await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * (0.4 - 0.02 * k));
  await page.mouse.up();
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.85);
  await page.mouse.down();
  await page.mouse.up();
  await page.uncheck('#ctc-follow');
  await page.click('#ctc-train');
  for (let k = 0; k < 3; k++) await page.click('#ctc-step');
  const hash = await settledAddress(page);
  for (const part of ['path=ab--ba', 'target=cab', 'frames=9', 'follow=0', 'stage=alpha.3']) assert.ok(hash.includes(`&${part}`), `${part} in ${hash}`);
  const trained = Number(/&trained=(\d+)/.exec(hash)?.[1]);
  const taken = Number(/&emissions=model\.(\d+)/.exec(hash)?.[1]);
  assert.ok(taken >= 60 && trained === taken + 50, `trained ${trained}, emissions taken after ${taken}`);
  assert.match(hash, /&edits=t9,(\d[-abc]\d+,)+\d[-abc]\d+(&|$)/);
  const read = async (p) => ({ texts: await texts(p, CTC_TEXTS), pixels: await pixels(p, CTC_VIEWS) });
  const before = await read(page);
  assert.deepEqual(errors, []);

  const fresh = await openLink(hash);
  const readout = await page.textContent('#ctc-train-readout');
  await fresh.page.waitForFunction((want) => document.querySelector('#ctc-train-readout').textContent === want, readout);
  assert.equal(await fresh.page.isChecked('#ctc-follow'), false);
  assert.deepEqual(await read(fresh.page), before);
  assert.equal(await fresh.page.evaluate(() => location.hash), hash, 'the opened page writes the same link');
  assert.equal(await fresh.page.isHidden('#address-note'), true, 'a good link opens without a note');
  assert.deepEqual(fresh.errors, []);
  await fresh.context.close();
  await context.close();
});

test('CTC: a broken link opens the nearest valid state with a note', async () => {
  const { page, errors, context } = await openLink('#ctc?v=1&trained=abc&cell=99,99&edits=t99,2z5,1a400&stage=beta.40&emissions=model.7&target=xyz');
  const said = await page.textContent('#address-note');
  for (const part of [/trained=abc/, /“cell”/, /“t99”, “2z5”/, /stage=beta\.40/, /emissions=model\.7/, /target=xyz/]) assert.match(said, part, said);
  assert.match(await page.textContent('#ctc-train-readout'), /^Not trained yet/);
  assert.equal(await page.inputValue('#ctc-target'), 'ab');
  assert.match(await page.textContent('#ctc-readout'), /showing posteriors/);
  assert.match(await page.evaluate(() => location.hash), /&edits=1a400(&|$)/, 'the edit that could be used is kept');
  assert.deepEqual(errors, []);
  await context.close();
});
