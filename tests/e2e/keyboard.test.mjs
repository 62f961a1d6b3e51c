// A keyboard-only walk through each lab: Tab reaches every chart, with a visible focus ring; on a
// focused chart the arrow keys move a cursor from one read-out to the next (the chart's own hover
// read-out, also put in a live region); Enter clicks there (selecting an attention row, a word);
// Page Up / Page Down change a dragged value (a CTC emission); Escape leaves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './harness.mjs';

const session = useBrowser();

/** Tabs through the page (from the top) and returns the ids or labels of the charts focused. */
async function tabToCharts(page, lab, most = 400) {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  const seen = [];
  for (let k = 0; k < most; k++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate((id) => {
      const e = document.activeElement;
      if (!(e instanceof HTMLCanvasElement) || !e.closest(`#${id}`)) return null;
      const style = getComputedStyle(e);
      return { name: e.id || e.dataset.figure, ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 };
    }, lab);
    if (focused && seen.some((s) => s.name === focused.name)) break; // round the page once
    if (focused) seen.push(focused);
  }
  return seen;
}

/** The live read-out of the focused chart. */
function readout(page) {
  return page.evaluate(() => document.activeElement.previousElementSibling?.textContent ?? '');
}

/** Focuses `selector` and presses `keys`; returns the read-outs after each. */
async function keys(page, selector, list) {
  await page.focus(selector);
  const out = [];
  for (const key of list) {
    await page.keyboard.press(key);
    out.push(await readout(page));
  }
  return out;
}

for (const [lab, atLeast] of [['rnn', 6], ['attention', 7], ['ctc', 4], ['word2vec', 6], ['metrics', 4]]) {
  test(`${lab}: Tab reaches every chart, each with a visible focus ring`, async () => {
    const { page, errors, context } = await session.open(`#${lab}`);
    await page.waitForTimeout(300);
    const seen = await tabToCharts(page, lab);
    const visible = await page.$$eval(`#${lab} canvas.chart`, (cs) => cs.filter((c) => c.getClientRects().length > 0).length);
    assert.ok(seen.length >= Math.min(atLeast, visible), `${lab}: ${seen.length} charts reached by Tab (${visible} shown)`);
    assert.ok(seen.every((s) => s.ring), 'every focused chart shows its focus');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('RNN: the arrow keys walk the unrolled cells and the heat map, reading each value', async () => {
  const { page, errors, context } = await session.open('#rnn');
  await page.click('#rnn-train-step');
  const cells = await keys(page, '#rnn-unrolled canvas >> nth=0', ['ArrowRight', 'ArrowRight', 'ArrowRight']);
  assert.match(cells[0], /^t = 1, input/);
  assert.match(cells[1], /^t = 2, input/);
  assert.match(cells[2], /^t = 3, input/);
  assert.match(await page.textContent('#rnn-readout'), /step 1 · update/, 'the chart’s arrows do not step the chunk');
  // The first key lands on a cell; then → is the next timestep, ↓ the next unit.
  const heat = await keys(page, '#rnn-heatmaps canvas >> nth=0', ['ArrowRight', 'ArrowRight', 'ArrowDown']);
  const cell = (text) => { const m = /h\[unit (\d+)\] at t = (\d+)/.exec(text); return m ? [Number(m[1]), Number(m[2])] : null; };
  const [u, t] = cell(heat[0]);
  assert.deepEqual(cell(heat[1]), [u, t + 1], heat[1]);
  assert.deepEqual(cell(heat[2]), [u + 1, t + 1], heat[2]);
  await page.keyboard.press('Escape');
  assert.equal(await page.isVisible('#rnn-tooltip'), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('attention: Enter on the map selects the row under the cursor, as a click does', async () => {
  const { page, errors, context } = await session.open('#attention');
  const read = await keys(page, '#att-map', ['ArrowDown']);
  assert.ok(read[0].length > 0, 'a read-out');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  assert.match(await page.evaluate(() => location.hash), /rows=\d/, 'a row is selected (the link holds it)');
  assert.deepEqual(errors, []);
  await context.close();
});

test('CTC: Page Up and Page Down change the emission under the cursor', async () => {
  const { page, errors, context } = await session.open('#ctc');
  const [first] = await keys(page, '#ctc-emissions', ['ArrowRight']);
  const value = (text) => Number(/y = ([0-9.]+)/.exec(text)?.[1]);
  assert.match(first, /^frame \d, /);
  await page.keyboard.press('PageUp');
  const up = await readout(page);
  assert.ok(Math.abs(value(up) - value(first) - 0.05) < 0.002, `${first} → ${up}`);
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  assert.ok(Math.abs(value(await readout(page)) - value(first) + 0.05) < 0.002);
  await page.waitForTimeout(300);
  assert.match(await page.evaluate(() => location.hash), /edits=/, 'the edits are in the link');
  assert.deepEqual(errors, []);
  await context.close();
});

test('word2vec: Enter on the embedding map picks the word under the cursor', async () => {
  const { page, errors, context } = await session.open('#word2vec');
  const before = await page.inputValue('#w2v-word');
  const read = await keys(page, '#w2v-projection-0', ['ArrowRight']);
  assert.ok(read[0].length > 0, 'a word’s read-out');
  await page.keyboard.press('Enter');
  const after = await page.inputValue('#w2v-word');
  assert.notEqual(after, '', 'a word was picked');
  assert.ok(after !== before || read[0].includes(after));
  assert.deepEqual(errors, []);
  await context.close();
});
