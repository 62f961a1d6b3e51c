// The attention explorer in headless Chromium: the numbers it draws (read back through each
// chart's Save → Data) equal PyTorch 2.15's (tests/fixtures/sdpa.json) under the custom mask
// with its fully masked row, the causal and the padding mask, with scaling on and off; the
// fully masked row is NaN, zeros or uniform as chosen; a cell edited by keyboard and by typing
// changes the scores as computed here by hand; a custom cell toggles; a link restores it all;
// and the panel fits a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, artifactPath, fixture, openLink, settledAddress, text, useBrowser } from './harness.mjs';

const session = useBrowser();
/** Differences allowed from PyTorch's float64 numbers (the page computes in f64 too). */
const TOLERANCE = 1e-12;

/** The matrices a chart plots, by title, as Save → Data gives them (NaN and −∞ are null). */
async function matrices(page, id) {
  const figure = await page.evaluate(async (canvasId) => {
    const { captureFigure } = await import('/www/figure.js');
    return JSON.parse(captureFigure(document.getElementById(canvasId)).data).figure;
  }, id);
  return Object.fromEntries(figure.filter((r) => r.kind === 'matrix').map((r) => [r.title, r.values]));
}

/** Asserts `got` equals `want` cell by cell (null meets null). */
function same(got, want, what) {
  assert.equal(got.length, want.length, `${what}: rows`);
  got.forEach((row, i) => row.forEach((x, j) => {
    const w = want[i][j];
    if (w === null || x === null) assert.equal(x, w, `${what}[${i}][${j}]`);
    else assert.ok(Math.abs(x - w) <= TOLERANCE * Math.max(1, Math.abs(w)), `${what}[${i}][${j}] = ${x}, PyTorch ${w}`);
  }));
}

/** The CSS point of the inputs chart whose read-out starts with `name` (e.g. `Q[2, 2]`). */
async function cellPoint(page, id, prefix) {
  const canvas = page.locator(`#${id}`);
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  for (let y = 2; y < box.height; y += 4) {
    for (let x = 2; x < box.width; x += 6) {
      await page.mouse.move(box.x + x, box.y + y);
      if ((await page.getAttribute(`#${id}`, 'title'))?.startsWith(prefix)) return { x: box.x + x, y: box.y + y };
    }
  }
  throw new Error(`no cell ${prefix} on #${id}`);
}

test('the steps equal PyTorch under every mask; a fully masked row is NaN, zeros or uniform', async () => {
  const { cases } = await fixture('sdpa.json');
  const byName = Object.fromEntries(cases.map((c) => [c.name, c]));
  const { page, errors, context } = await session.open('#attention');
  // The start: the custom mask with q2 fully masked, scaling on, −∞ masking.
  let steps = await matrices(page, 'att-ex-steps');
  const start = byName.explorer_default;
  same(steps['S = QKᵀ'], start.scores, 'QKᵀ');
  same(steps['S × 1/√2 = S × 0.707'], start.scaled_scores, 'scaled');
  same(steps['A = softmax'], start.policies.neg_inf.weights, 'weights (−∞)');
  same(steps['O = AV'], start.policies.neg_inf.output, 'output (−∞)');
  assert.deepEqual(steps['O = AV'][1], [null, null], 'the fully masked row is NaN');
  assert.match(await text(page, '#att-ex-explain'), /q2 may attend to no key: .*0 \/ 0 = NaN/);
  await page.check('input[name="att-ex-fully"][value="zeros"]');
  steps = await matrices(page, 'att-ex-steps');
  same(steps['O = AV'], start.policies.sdpa.output, 'output (SDPA zeros)');
  assert.match(await text(page, '#att-ex-explain'), /scaled_dot_product_attention .* zero weights/);
  await page.check('input[name="att-ex-fully"][value="fill"]');
  steps = await matrices(page, 'att-ex-steps');
  same(steps['A = softmax'], start.policies.fill.weights, 'weights (−1e9 fill)');
  same(steps['O = AV'], start.policies.fill.output, 'output (−1e9 fill)');
  assert.match(await text(page, '#att-ex-explain'), /uniform, 1\/Tk = 0\.25 for each key, .* mean of all 4 values/);
  await page.check('input[name="att-ex-fully"][value="nan"]');
  // Causal (PyTorch's is_causal, top-left), then padding with scaling off.
  await page.check('input[name="att-ex-mask"][value="causal"]');
  steps = await matrices(page, 'att-ex-steps');
  same(steps['A = softmax'], byName.explorer_causal.policies.sdpa.weights, 'causal weights');
  same(steps['O = AV'], byName.explorer_causal.policies.sdpa.output, 'causal output');
  await page.check('input[name="att-ex-mask"][value="padding"]');
  await page.uncheck('#att-ex-scaled');
  steps = await matrices(page, 'att-ex-steps');
  same(steps['S × 1 (scaling off)'], byName.explorer_padding.scaled_scores, 'unscaled');
  same(steps['A = softmax'], byName.explorer_padding.policies.sdpa.weights, 'padding weights');
  same(steps['O = AV'], byName.explorer_padding.policies.sdpa.output, 'padding output');
  // Every key padding: every row fully masked, and nothing crashes.
  await page.selectOption('#att-ex-padded', '4');
  steps = await matrices(page, 'att-ex-steps');
  assert.ok(steps['O = AV'].flat().every((x) => x === null), 'every output row NaN');
  assert.match(await text(page, '#att-ex-masks-explain'), /all 4 keys are padding/);
  assert.equal(await text(page, '#att-ex-message'), '');
  assert.deepEqual(errors, []);
  await context.close();
});

test('cells edit by keyboard and by typing, a custom cell toggles, and a link restores it all', async () => {
  const { page, errors, context } = await session.open('#attention');
  // Keyboard: the cursor starts on the first cell, Q[1, 1] = 1; Page Up raises it by 0.1.
  await page.focus('#att-ex-inputs');
  await page.keyboard.press('ArrowRight');
  assert.match(await page.getAttribute('#att-ex-inputs', 'title'), /^Q\[1, 1\] = 1 /);
  await page.keyboard.press('PageUp');
  await page.keyboard.press('PageUp');
  let inputs = await matrices(page, 'att-ex-inputs');
  assert.equal(inputs.Q[0][0], 1.2);
  // S row 1 = q1 · k_j with q1 = (1.2, 0) and K = (2, 0), (0, 1), (1, 1), (−1, 0).
  let steps = await matrices(page, 'att-ex-steps');
  same([steps['S = QKᵀ'][0]], [[2.4, 0, 1.2, -1.2]], 'scores after the keyboard edit');
  // Typing: click K[4, 2] and type −3 (a true minus sign is read too).
  const at = await cellPoint(page, 'att-ex-inputs', 'K[4, 2]');
  await page.mouse.click(at.x, at.y);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'att-ex-value');
  await page.fill('#att-ex-value', '−3');
  inputs = await matrices(page, 'att-ex-inputs');
  assert.deepEqual(inputs.K[3], [-1, -3]);
  steps = await matrices(page, 'att-ex-steps');
  // k4 = (−1, −3): S[q2, k4] = (0, 2) · (−1, −3) = −6, S[q3, k4] = (1, 1) · (−1, −3) = −4.
  assert.deepEqual(steps['S = QKᵀ'].map((row) => row[3]), [-1.2, -6, -4]);
  await page.fill('#att-ex-value', 'abc');
  assert.match(await text(page, '#att-ex-message'), /K\[4, 2\] must be a number from −100 to 100; “abc” is not one/);
  await page.fill('#att-ex-value', '1000');
  assert.match(await text(page, '#att-ex-message'), /an entry of K must be a number from -100 to 100, got 1000/);
  await page.fill('#att-ex-value', '-3');
  // The custom mask: q2 → k1 on; q2 then attends to k1 alone, so its output is v1 = (1, 0).
  const cell = await cellPoint(page, 'att-ex-masks', 'the custom mask: q2 may not attend to k1');
  await page.mouse.click(cell.x, cell.y);
  steps = await matrices(page, 'att-ex-steps');
  assert.deepEqual(steps['A = softmax'][1], [1, 0, 0, 0]);
  assert.deepEqual(steps['O = AV'][1], [1, 0]);
  assert.doesNotMatch(await text(page, '#att-ex-explain'), /NaN/);
  // Tq ≠ Tk sizes keep the entries inside both.
  await page.selectOption('#att-ex-tq', '2');
  inputs = await matrices(page, 'att-ex-inputs');
  assert.deepEqual(inputs.Q, [[1.2, 0], [0, 2]]);
  const hash = await settledAddress(page);
  assert.match(hash, /ex-tq=2/);
  assert.match(hash, /ex-q=1\.2,0_0,2/);
  assert.match(hash, /ex-k=2,0_0,1_1,1_-1,-3/);
  assert.match(hash, /ex-custom=1100\.1000/);
  const before = await matrices(page, 'att-ex-steps');
  const opened = await openLink(session, hash);
  assert.deepEqual(await matrices(opened.page, 'att-ex-steps'), before, 'the link opens the same numbers');
  assert.equal(await text(opened.page, '#address-note'), '');
  assert.deepEqual(opened.errors, []);
  await opened.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test('the explorer fits a 360 px phone and a 1280 px desktop', async () => {
  for (const [name, size] of [['1280', undefined], ['360', PHONE]]) {
    const { page, errors, context } = await session.open('#attention', size);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: page wider than the window by ${overflow}px`);
    for (const id of ['att-ex-inputs', 'att-ex-steps', 'att-ex-masks']) {
      const { width, height } = await page.locator(`#${id}`).boundingBox();
      assert.ok(width > 200 && height > 80, `${name}: #${id} is ${width}×${height}`);
    }
    await page.locator('#att-explorer').screenshot({ path: await artifactPath(`attention-explorer-${name}.png`) });
    assert.deepEqual(errors, []);
    await context.close();
  }
});
