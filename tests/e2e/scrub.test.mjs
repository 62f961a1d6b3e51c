// Stepping at the speed of thought: the RNN lab's stage slider scrubs through the chunk both
// ways, arrow keys move a timestep of the forward pass (Shift: of the backward pass), and
// "finish this pass" reveals the rest and applies the update; every stage reached this way
// shows exactly what stepping one stage at a time shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './harness.mjs';

const session = useBrowser();

/** Small models with chunks of 6 timesteps. */
async function small(page) {
  await page.fill('#rnn-seqlen', '6');
  await page.fill('#rnn-hidden', '8');
  await page.click('#rnn-reset');
  await page.waitForFunction(() => /step 0/.test(document.querySelector('#rnn-readout').textContent));
}

/** What the unrolled views show: the formulas and every pixel. */
function shown(page) {
  return page.evaluate(() => ({
    readout: document.querySelector('#rnn-readout').textContent.replace(/ · \d+ steps\/s/, ''),
    formulas: [...document.querySelectorAll('#rnn-unrolled pre')].map((p) => p.textContent),
    pixels: [...document.querySelectorAll('#rnn-unrolled canvas, #rnn-norms')].map((c) => {
      const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      let hash = 0;
      for (let i = 0; i < data.length; i += 7) hash = (hash * 31 + data[i]) | 0;
      return hash;
    }),
  }));
}

/** Clicks "Step one timestep" `n` times on a fresh page and returns what it shows. */
async function stepped(n) {
  const { page, context } = await session.open('#rnn');
  await small(page);
  for (let k = 0; k < n; k++) await page.click('#rnn-step');
  const seen = await shown(page);
  await context.close();
  return seen;
}

test('arrow keys, the slider and "finish this pass" reach the stages stepping reaches', async () => {
  const { page, errors, context } = await session.open('#rnn');
  await small(page);
  assert.equal(await page.isDisabled('#rnn-scrub'), true, 'no chunk yet: nothing to scrub');
  await page.locator('#rnn-readout').click();
  await page.keyboard.press('ArrowRight');
  assert.match(await page.textContent('#rnn-readout'), /forward t = 1/, '→ starts the chunk');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.match(await page.textContent('#rnn-scrub-out'), /forward t = 3 \(stage 3 of 13\)/);
  assert.deepEqual(await shown(page), await stepped(3), 'forward t = 3 by keys is forward t = 3 by stepping');

  await page.keyboard.press('Shift+ArrowLeft');
  assert.match(await page.textContent('#rnn-readout'), /backward t = 2/, 'Shift moves in the backward pass');
  // Backward t = 2 comes after forward 1..6, the loss and backward 6..2: 12 reveals.
  assert.deepEqual(await shown(page), await stepped(12), 'backward t = 2 by keys is backward t = 2 by stepping');
  assert.match(await page.evaluate(() => location.hash), /stage=backward\.2/, 'the link holds the stage');

  // Scrub back to the loss with the slider.
  await page.evaluate(() => {
    const slider = document.querySelector('#rnn-scrub');
    slider.value = '6';
    slider.dispatchEvent(new Event('input', { bubbles: true }));
  });
  assert.match(await page.textContent('#rnn-readout'), /step 0 · loss/);
  assert.deepEqual(await shown(page), await stepped(7));
  await page.keyboard.press('Home');
  assert.match(await page.textContent('#rnn-readout'), /forward t = 1/);

  await page.click('#rnn-finish');
  assert.match(await page.textContent('#rnn-readout'), /step 1 · update/, 'finishing the pass applies its update');
  assert.deepEqual(await shown(page), await stepped(14), 'the update is the one stepping applies');
  assert.equal(await page.isDisabled('#rnn-scrub'), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('arrow keys leave text fields, selects and other labs alone', async () => {
  const { page, errors, context } = await session.open('#rnn');
  await small(page);
  await page.click('#rnn-ppl-text');
  await page.keyboard.press('ArrowRight');
  assert.match(await page.textContent('#rnn-readout'), /step 0 · ready/, 'typing in a field moves its caret, not the chunk');
  await page.focus('#rnn-task');
  await page.keyboard.press('ArrowLeft');
  assert.match(await page.textContent('#rnn-readout'), /step 0 · ready/);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Sets range input `selector` to `value` as a dragged thumb does (an input event). */
function slide(page, selector, value) {
  return page.evaluate(([sel, v]) => {
    const slider = document.querySelector(sel);
    slider.value = String(v);
    slider.dispatchEvent(new Event('input', { bubbles: true }));
  }, [selector, value]);
}

/** A fingerprint of a canvas's pixels. */
function pixelsOf(page, selector) {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel);
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let hash = 0;
    for (let i = 0; i < data.length; i += 5) hash = (hash * 31 + data[i]) | 0;
    return hash;
  }, selector);
}

test('CTC: the column slider reaches the reveals "Step the lattice" reaches, both ways', async () => {
  const { page, errors, context } = await session.open('#ctc');
  await slide(page, '#ctc-scrub', 2);
  assert.match(await page.textContent('#ctc-readout'), /showing α up to frame 3/);
  const slid = await pixelsOf(page, '#ctc-lattice');
  await slide(page, '#ctc-scrub', 7);
  assert.match(await page.textContent('#ctc-readout'), /showing β from frame 3/, 'T = 5: position 7 is β from frame 3');
  await slide(page, '#ctc-scrub', 2);
  assert.equal(await pixelsOf(page, '#ctc-lattice'), slid, 'back to α 3: the same drawing');
  const fresh = await session.open('#ctc');
  for (let k = 0; k < 3; k++) await fresh.page.click('#ctc-step');
  assert.match(await fresh.page.textContent('#ctc-readout'), /showing α up to frame 3/);
  assert.equal(await pixelsOf(fresh.page, '#ctc-lattice'), slid, 'the slider shows what stepping shows');
  await fresh.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test('attention: the output-step slider decodes back and forth like "Decode one character"', async () => {
  const { page, errors, context } = await session.open('#attention');
  const steps = Number(await page.getAttribute('#att-dec-scrub', 'max'));
  assert.ok(steps >= 3);
  await slide(page, '#att-dec-scrub', 2);
  assert.match(await page.textContent('#att-dec-readout'), new RegExp(`^2 of ${steps} output steps decoded`));
  const map = await pixelsOf(page, '#att-map');
  await slide(page, '#att-dec-scrub', steps);
  assert.match(await page.textContent('#att-dec-readout'), /all \d+ output steps shown/);
  await slide(page, '#att-dec-scrub', 2);
  assert.equal(await pixelsOf(page, '#att-map'), map);
  const fresh = await session.open('#attention');
  for (let k = 0; k < 2; k++) await fresh.page.click('#att-dec-step');
  assert.equal(await pixelsOf(fresh.page, '#att-map'), map, 'the slider shows what decoding one character at a time shows');
  await fresh.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});
