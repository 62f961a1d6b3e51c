// The attention lab in headless Chromium: both models train, the drawn map of a reversal is an
// anti-diagonal, decoding steps one character at a time, rows can be selected, bad inputs are
// messages, the dates task and self-attention work, and the page fits a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, inkedPixels, screenshot, text, useBrowser } from './harness.mjs';

const session = useBrowser();

/** Clicks a "Train n steps" button `clicks` times, then waits until `readout` reaches `steps`. */
async function train(page, button, readout, clicks, steps) {
  for (let k = 0; k < clicks; k++) await page.click(button);
  await page.waitForFunction(([sel, n]) => new RegExp(`^step ${n}\\b`).test(document.querySelector(sel).textContent)
    && document.querySelector(sel.replace('readout', 'play')).textContent === 'Play', [readout, steps], { timeout: 120_000 });
}

/** The colour of the map canvas at a CSS point, as [r, g, b]. */
function pixel(page, x, y) {
  return page.evaluate(([px, py]) => {
    const canvas = document.querySelector('#att-map');
    const ratio = canvas.width / canvas.getBoundingClientRect().width;
    const d = canvas.getContext('2d').getImageData(Math.round(px * ratio), Math.round(py * ratio), 1, 1).data;
    return [d[0], d[1], d[2]];
  }, [x, y]);
}

/** Non-white pixels of the map canvas below a CSS y. */
function inkBelow(page, y) {
  return page.evaluate((cssY) => {
    const canvas = document.querySelector('#att-map');
    const ratio = canvas.width / canvas.getBoundingClientRect().width;
    const top = Math.round(cssY * ratio);
    const { data } = canvas.getContext('2d').getImageData(0, top, canvas.width, canvas.height - top);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 245 || data[i + 1] < 245 || data[i + 2] < 245) inked++;
    return inked;
  }, y);
}

/** The map's tooltip at a CSS point of the canvas, parsed: { row, col, a } or null. */
async function hover(page, box, x, y) {
  await page.mouse.move(box.x + x, box.y + y);
  const tip = await page.$eval('#att-tooltip', (t) => (t.hidden ? '' : t.textContent));
  const cell = /^output (\d+) '(.*)' → input (\d+) '(.*)': a = ([0-9.]+)$/.exec(tip);
  if (cell) return { row: Number(cell[1]) - 1, col: Number(cell[3]) - 1, a: Number(cell[5]) };
  const label = /^output (\d+) /.exec(tip);
  return label ? { row: Number(label[1]) - 1, col: -1 } : null;
}

/** The CSS y of each output row's centre, found by moving the pointer down the map. */
async function rowCentres(page, box) {
  const spans = new Map();
  for (let y = 2; y < box.height; y += 3) {
    const hit = await hover(page, box, 20, y);
    if (!hit) continue;
    const [first] = spans.get(hit.row) ?? [y];
    spans.set(hit.row, [first, y]);
  }
  return [...spans.entries()].sort((a, b) => a[0] - b[0]).map(([, [a, b]]) => (a + b) / 2);
}

/**
 * Reads the drawn heat map through the pointer: along each row, every cell's tooltip (output
 * row, input column, weight) and the pixel under the pointer.
 */
async function readMap(page) {
  const canvas = page.locator('#att-map');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const cells = new Map();
  for (const y of await rowCentres(page, box)) {
    for (let x = 4; x < box.width; x += 8) {
      const hit = await hover(page, box, x, y);
      if (hit && hit.col >= 0 && !cells.has(`${hit.row},${hit.col}`)) {
        cells.set(`${hit.row},${hit.col}`, { ...hit, rgb: await pixel(page, x, y) });
      }
      if (!hit && cells.size > 0 && x > 100) break;
    }
  }
  await page.mouse.move(0, 0);
  return [...cells.values()];
}

/** Presses "Check the gradient" and reads the table's rows (entry, analytic, numeric, error). */
async function gradientCheck(page) {
  await page.click('#att-gradcheck');
  return page.$$eval('#att-gradcheck-out tbody tr', (trs) => trs.map((r) => [...r.cells].map((c) => c.textContent)));
}

test('both models train; the drawn map of a reversal is the anti-diagonal', async () => {
  const { page, errors, context } = await session.open('#attention');
  assert.match(await text(page, '#att-readout'), /untrained/);
  assert.ok(await inkedPixels(page, '#att-map') > 500, 'map drawn before training');
  // The gradient check on the input and its right answer: each tensor's largest entry and
  // three random ones, every one below 1e-3 in float32.
  const checked = await gradientCheck(page);
  assert.ok(checked.length >= 8, `${checked.length} entries`);
  for (const [entry, analytic, numeric, relative] of checked) {
    assert.ok(Number(relative.replace('−', '-')) < 1e-3, `${entry}: ${analytic} vs ${numeric} (${relative})`);
  }
  assert.match(await text(page, '#att-gradcheck-out'), /^After 0 training steps, on '[^']+' and its right answer:\d+ entries in float32/);
  await train(page, '#att-train', '#att-readout', 15, 3000);
  const readout = await text(page, '#att-readout');
  const [, withAttention, without] = /held-out exact match (\d+) % vs (\d+) %/.exec(readout).map(Number);
  assert.match(readout, /^step 3000/);
  assert.ok(withAttention >= 90, `with attention ${withAttention} %`);
  assert.ok(without < withAttention, `baseline ${without} % vs ${withAttention} %`);
  await page.fill('#att-input', 'abcdefg');
  assert.equal(await text(page, '#att-input-message'), '');
  const outputs = await page.$$eval('#att-outputs td:nth-child(2)', (tds) => tds.map((td) => td.textContent));
  assert.equal(outputs[0], 'gfedcba ✓');
  assert.equal(outputs[2], 'gfedcba');
  // The search stops once no live prefix can beat the best finished output (7 symbols and
  // </s>: 8 steps), instead of running on to the length limit.
  const stop = await text(page, '#att-beam-stop');
  assert.match(stop, /^Stopped after 8 steps: (the best finished output has ln p = −\d\.\d+|every prefix the beam kept has ended)/);
  const cells = await readMap(page);
  assert.equal(cells.length, 8 * 7, 'every cell of the 8 × 7 map found (7 characters and </s>)');
  for (let row = 0; row < 7; row++) {
    const inRow = cells.filter((c) => c.row === row);
    const best = inRow.reduce((a, b) => (b.a > a.a ? b : a));
    const worst = inRow.reduce((a, b) => (b.a < a.a ? b : a));
    assert.equal(best.col, 6 - row, `output ${row + 1} looks at input ${best.col + 1}`);
    assert.ok(best.rgb[0] < worst.rgb[0] - 60, `the heaviest cell of row ${row + 1} is drawn darker`);
    const sum = inRow.reduce((s, c) => s + c.a, 0);
    assert.ok(Math.abs(sum - 1) < 0.01, `row ${row + 1} sums to ${sum}`);
  }
  // Trained, the gradients are small: whatever float32 can resolve still agrees to 1e-3.
  for (const [entry, analytic, numeric, relative] of await gradientCheck(page)) {
    assert.ok(Number(relative.replace('−', '-')) < 1e-3, `${entry}: ${analytic} vs ${numeric} (${relative})`);
  }
  await page.click('#att-dec-step');
  await page.click('#att-dec-step');
  assert.deepEqual(errors, []);
  await screenshot(page, 'attention-desktop-1280.png');
  await context.close();
});

test('decoding steps one character at a time; rows can be selected; bad inputs are messages', async () => {
  const { page, errors, context } = await session.open('#attention');
  await train(page, '#att-train', '#att-readout', 5, 1000);
  await page.fill('#att-input', 'bcad');
  const steps = Number(/all (\d+) output steps/.exec(await text(page, '#att-dec-readout'))[1]);
  assert.ok(steps >= 2);
  const full = await inkedPixels(page, '#att-map');
  await page.click('#att-dec-step');
  assert.equal(await text(page, '#att-dec-readout'), `1 of ${steps} output steps decoded`);
  assert.match(await text(page, '#att-dec-explain'), /^Step 1: fed '<s>'\. .*emits '.+'\.$/);
  const one = await inkedPixels(page, '#att-map');
  assert.ok(one < full, 'one row drawn after one step');
  await page.click('#att-dec-step');
  assert.equal(await text(page, '#att-dec-readout'), `2 of ${steps} output steps decoded`);
  assert.match(await text(page, '#att-dec-explain'), /^Step 2: fed '.'/);
  assert.ok(await inkedPixels(page, '#att-step-view') > 3000, 'step view drawn');
  assert.ok(await inkedPixels(page, '#att-beam-tree') > 3000, 'beam tree drawn');
  await page.click('#att-dec-all');
  assert.match(await text(page, '#att-dec-readout'), /^all/);
  // Select two rows by clicking their labels; the Σ row adds ink.
  const box = await page.locator('#att-map').boundingBox();
  const rows = await rowCentres(page, box);
  assert.equal(rows.length, steps, 'one row per output step');
  const below = rows[rows.length - 1] + (rows[1] - rows[0]) / 2 + 2;
  const empty = await inkBelow(page, below);
  assert.ok(empty < 50, `nothing under the last row before selecting (${empty} pixels below ${below}, rows ${rows})`);
  await page.mouse.click(box.x + 20, box.y + rows[0]);
  await page.mouse.click(box.x + 20, box.y + rows[1]);
  const after = await rowCentres(page, box);
  assert.equal(after.length, steps, 'the Σ row is not an output row');
  const sum = await inkBelow(page, after[after.length - 1] + (after[1] - after[0]) / 2 + 2);
  assert.ok(sum > 2000, `selecting rows draws the Σ row under the map (${sum} pixels)`);
  for (const [bad, message] of [
    ['abz', /the input contains "z", which the reverse task never shows its models; they know only "abcdefgh"\. Still showing "bcad"\./],
    ['', /the input is empty\. Still showing "bcad"\./],
    ['a'.repeat(41), /has 41 characters; the lab decodes at most 40/],
    ['<img src=x onerror=alert(1)>', /contains "<im/],
  ]) {
    await page.fill('#att-input', bad);
    assert.match(await text(page, '#att-input-message'), message);
  }
  assert.equal(await page.$$eval('#attention img', (imgs) => imgs.length), 0, 'pasted text is not rendered as HTML');
  await page.fill('#att-hidden', '0');
  await page.click('#att-reset');
  assert.match(await text(page, '#att-message'), /hidden H must be a whole number from 1 to 128; got 0\./);
  assert.deepEqual(errors, []);
  await context.close();
});

test('dates: the task switches, a typed date is decoded, and self-attention trains', async () => {
  const { page, errors, context } = await session.open('#attention');
  await page.selectOption('#att-task', 'dates');
  assert.match(await page.inputValue('#att-input'), /\d{4}$/);
  await page.fill('#att-input', '26 November 2026');
  assert.equal(await text(page, '#att-input-message'), '');
  assert.match(await text(page, '#att-outputs'), /right answer2026-11-26/);
  await page.selectOption('#att-task', 'reverse');
  await page.fill('#att-input', 'abcdef');
  await train(page, '#sa-train', '#sa-readout', 4, 800);
  assert.match(await text(page, '#sa-readout'), /^step 800 · output ".*" · \d+ % exact on 50 fresh examples$/);
  assert.ok(await inkedPixels(page, '#sa-maps') > 5000, 'self-attention maps drawn');
  // The Transformer's gradient check, in float64: every entry below 1e-6.
  await page.click('#sa-gradcheck');
  const rows = await page.$$eval('#sa-gradcheck-out tbody tr', (trs) => trs.map((r) => [...r.cells].map((c) => c.textContent)));
  assert.ok(rows.length >= 4, `${rows.length} entries`);
  assert.ok(rows.some(([entry]) => entry.startsWith('block2.W_q[')) || rows.some(([entry]) => entry.startsWith('block1.')), 'the blocks are checked');
  for (const [entry, analytic, numeric, relative] of rows) {
    assert.ok(Number(relative.replace('−', '-')) < 1e-6, `${entry}: ${analytic} vs ${numeric} (${relative})`);
  }
  assert.match(await text(page, '#sa-gradcheck-out'), /^After 800 training steps:\d+ entries in float64, ε = 1e-5/);
  const masked = await inkedPixels(page, '#sa-maps');
  await page.uncheck('#sa-view');
  assert.match(await text(page, '#sa-explain'), /read without its mask/);
  assert.notEqual(await inkedPixels(page, '#sa-maps'), masked, 'the maps change without the mask');
  await page.uncheck('#sa-causal');
  assert.match(await text(page, '#sa-explain'), /Trained without the mask/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the lab fits a 360 px phone', async () => {
  const { page, errors, context } = await session.open('#attention', PHONE);
  await train(page, '#att-train', '#att-readout', 3, 600);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page wider than the phone by ${overflow}px`);
  assert.ok(await inkedPixels(page, '#att-map') > 500);
  assert.deepEqual(errors, []);
  await screenshot(page, 'attention-phone-360.png');
  await context.close();
});
