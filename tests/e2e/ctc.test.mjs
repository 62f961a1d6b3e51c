// The CTC lab in headless Chromium: the collapse rule, editing an emission by dragging,
// stepping α and β, decoders that disagree, every alignment listed, bad targets, training.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, inkedPixels, screenshot, text, useBrowser } from './harness.mjs';

const session = useBrowser();

test('the collapse rule, the lattice stepped forward and backward, and edited emissions', async () => {
  const { page, errors, context } = await session.open('#ctc');
  assert.match(await text(page, '#ctc-collapse-out'), /drop blanks: "aabb"/);
  await page.fill('#ctc-path', 'a-a');
  assert.match(await text(page, '#ctc-collapse-out'), /"aa"/);
  await page.fill('#ctc-path', 'aaa');
  assert.match(await text(page, '#ctc-collapse-out'), /"a"/);
  await page.fill('#ctc-path', 'ax');
  assert.match(await text(page, '#ctc-collapse-out'), /contains 'x'/);
  assert.ok(await inkedPixels(page, '#ctc-lattice') > 2000, 'lattice drawn');
  assert.ok(await inkedPixels(page, '#ctc-emissions') > 2000, 'emissions drawn');
  const reveals = [];
  for (let k = 0; k < 11; k++) {
    await page.click('#ctc-step');
    reveals.push(/showing (.*)$/.exec(await text(page, '#ctc-readout'))[1].split(' (')[0]);
  }
  assert.deepEqual(reveals.slice(0, 5), [1, 2, 3, 4, 5].map((t) => `α up to frame ${t}`));
  assert.deepEqual(reveals.slice(5, 10), [5, 4, 3, 2, 1].map((t) => `β from frame ${t}`));
  assert.match(reveals[10], /posteriors/);
  // Drag the emission of 'a' at frame 3 to the top of its cell.
  const before = await text(page, '#ctc-readout');
  await page.locator('#ctc-emissions').scrollIntoViewIfNeeded();
  const box = await page.locator('#ctc-emissions').boundingBox();
  await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.36);
  await page.mouse.down();
  await page.mouse.up();
  assert.notEqual(await text(page, '#ctc-readout'), before, 'editing an emission changes p');
  assert.match(await text(page, '#ctc-alignments-sum'), /add up to ([0-9.]+) = p from the lattice/);
  assert.deepEqual(errors, []);
  await screenshot(page, 'ctc-desktop-1280.png');
  await context.close();
});

test('best path and the summed paths disagree one click away; bad targets are messages', async () => {
  const { page, errors, context } = await session.open('#ctc');
  await page.click('#ctc-disagree');
  const cells = await page.$$eval('#ctc-decodings td:nth-child(2)', (tds) => tds.map((td) => td.textContent));
  assert.equal(cells[0], '−− → ""');
  assert.equal(cells[1], '"a"');
  assert.match(await text(page, '#ctc-readout'), /p = 0\.6400/);
  assert.match(await text(page, '#ctc-explain'), /Here they disagree/);
  await page.fill('#ctc-target', 'ad');
  assert.match(await text(page, '#ctc-message'), /target contains 'd', which is not in the alphabet \(a, b, c\)/);
  await page.fill('#ctc-target', 'aa');
  assert.match(await text(page, '#ctc-readout'), /no alignment — 2 frame\(s\) cannot spell a target of 2 label\(s\)/);
  await page.fill('#ctc-frames', '30');
  assert.match(await text(page, '#ctc-message'), /frames T must be a whole number from 1 to 12; got 30\./);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the model learns to align; its emissions can be taken into the lattice', async () => {
  const { page, errors, context } = await session.open('#ctc');
  await page.click('#ctc-take');
  assert.match(await text(page, '#ctc-message'), /has not trained yet/);
  for (let k = 0; k < 8; k++) await page.click('#ctc-train');
  const numbers = /last 50 utterances ([0-9.]+) nats \(first 50: ([0-9.]+) nats\)/.exec(await text(page, '#ctc-train-readout'));
  assert.ok(numbers, 'readout shows both means');
  assert.ok(Number(numbers[1]) < 0.5 * Number(numbers[2]), `loss ${numbers[2]} -> ${numbers[1]}`);
  assert.ok(await inkedPixels(page, '#ctc-curve') > 1000, 'loss curve drawn');
  await page.click('#ctc-take');
  assert.equal(await text(page, '#ctc-message'), '');
  assert.match(await text(page, '#ctc-readout'), /^target "[abc]+" · p = /);
  // The gradient check on the trained model: eight tensors (two LSTM directions and the
  // linear layer), each tensor's largest entry and three random ones, each below 1e-3.
  await page.click('#ctc-gradcheck');
  const rows = await page.$$eval('#ctc-gradcheck-out tbody tr', (trs) => trs.map((r) => [...r.cells].map((c) => c.textContent)));
  assert.equal(rows.length, 8 + 3);
  assert.ok(rows.some(([entry]) => entry.startsWith('lstm.weight_hh_l0_reverse[')), 'the backward direction is checked');
  for (const [entry, analytic, numeric, relative] of rows) {
    assert.ok(Number(relative.replace('−', '-')) < 1e-3, `${entry}: ${analytic} vs ${numeric} (${relative})`);
  }
  assert.match(await text(page, '#ctc-gradcheck-out'), /^After 400 training steps, on the last training utterance:11 entries in float32/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('phone width: the CTC lab fits 360 px', async () => {
  const { page, errors, context } = await session.open('#ctc', PHONE);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `page is ${width}px wide`);
  await screenshot(page, 'ctc-phone-360.png');
  assert.deepEqual(errors, []);
  await context.close();
});
