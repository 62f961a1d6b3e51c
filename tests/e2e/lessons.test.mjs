// Lessons run start to finish: every step of every lesson opens its state from a link with no
// note (every key it names exists), highlights the element it points at, reveals its answer, and
// the next step shows the last answer; a link can start a lesson and hide chosen controls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './harness.mjs';
import { LESSONS } from '../../www/lessons.js';
import { lessonLink } from '../../www/lesson.js';

const session = useBrowser();

/** Waits until the link being opened has finished (training replayed) and returns the note. */
async function settled(page) {
  await page.waitForFunction(() => document.querySelector('#link-progress').hidden && document.body.dataset.ready === 'true', null, { timeout: 120_000 });
  await page.waitForTimeout(300);
  return page.evaluate(() => (document.querySelector('#address-note').hidden ? '' : document.querySelector('#address-note').textContent));
}

/**
 * The numbers the lessons' words quote, read back from the page at each step (so a change of
 * the engine that makes a lesson's sentence false fails here): lesson id → step → check.
 */
const CLAIMS = {
  vanishing: {
    // "‖W_hh‖₂ is about 1.1 here, … about ×0.5 per step, … about 10⁻⁸ of it at t = 1"
    0: async (page) => assert.match(await page.textContent('#rnn-norms-explain'), /RNN \(‖W_hh‖₂ = 1\.1\d*\): .* ×0\.5\d* per step \(×\d(\.\d+)?e-[89] in all\)/),
    // "the LSTM keeps about ×0.77 per step against the RNN's ×0.53 (10⁻⁴ against 10⁻⁸ at t = 1)"
    2: async (page) => assert.match(await page.textContent('#rnn-norms-explain'), /RNN .*×0\.5[23]\d* per step \(×\d(\.\d+)?e-[89] in all\)\. LSTM .*×0\.7[67]\d* per step \(×0\.000[1-9]\d* in all\)/),
    // "The LSTM closes nearly all of them at every gap … the RNN stays at chance (25 %)"
    3: async (page) => {
      const rows = await page.$$eval('#rnn-accuracy tbody tr', (trs) => trs.map((tr) => [...tr.cells].slice(1).map((c) => parseFloat(c.textContent))));
      const mean = (row) => row.reduce((a, b) => a + b, 0) / row.length;
      assert.equal(rows.length, 2);
      assert.ok(Math.min(...rows[1]) >= 90 && mean(rows[0]) < 35, `RNN ${rows[0]}, LSTM ${rows[1]}`);
    },
  },
  measures: {
    0: async (page) => assert.deepEqual([await page.textContent('#overlap-precision'), await page.textContent('#overlap-recall')], ['0.600', '1.000']),
    1: async (page) => assert.deepEqual([await page.textContent('#overlap-precision'), await page.textContent('#overlap-recall'), await page.textContent('#overlap-f1')], ['1.000', '0.667', '0.800']),
    2: async (page) => assert.match(await page.textContent('#bleu-bp'), /BP = exp\(1 − 6\/2\) = 0\.1353/),
  },
};

for (const lesson of LESSONS) {
  test(`lesson “${lesson.title}” (${lesson.lab}) runs start to finish`, { timeout: 300_000 }, async () => {
    const { page, errors, context } = await session.open(lessonLink(lesson, 0));
    for (let k = 0; k < lesson.steps.length; k++) {
      const step = lesson.steps[k];
      assert.equal(await settled(page), '', `step ${k + 1} opens without a note`);
      assert.equal(await page.textContent('#lesson-progress'), `Lesson · step ${k + 1} of ${lesson.steps.length}`);
      assert.equal(await page.textContent('#lesson-question'), step.question);
      assert.deepEqual(await page.$$eval('.lesson-look', (els) => els.map((e) => e.id)), [step.look], 'the step points at its panel');
      assert.equal(await page.isVisible(`#${step.look}`), true);
      await CLAIMS[lesson.id]?.[k]?.(page);
      assert.match(await page.evaluate(() => location.hash), new RegExp(`lesson=${lesson.id}\\.${k + 1}`), 'the address says the lesson step');
      if (k > 0) assert.equal(await page.textContent('#lesson-last-answer-text'), lesson.steps[k - 1].answer, 'the next step reveals the last answer');
      assert.equal(await page.isVisible('#lesson-answer'), false);
      await page.click('#lesson-reveal');
      assert.equal(await page.textContent('#lesson-answer'), step.answer);
      await page.click('#lesson-next');
    }
    assert.equal(await page.isVisible('#lesson'), false, 'the last Next ends the lesson');
    await page.waitForTimeout(400);
    assert.doesNotMatch(await page.evaluate(() => location.hash), /lesson=/);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a lesson starts from its button, goes back, and a link hides chosen controls', async () => {
  const { page, errors, context } = await session.open('#ctc');
  await page.getByRole('button', { name: /^Lesson: CTC/ }).click();
  await settled(page);
  await page.click('#lesson-next');
  await settled(page);
  assert.equal(await page.inputValue('#ctc-path'), 'a-a');
  await page.click('#lesson-back');
  await settled(page);
  assert.equal(await page.inputValue('#ctc-path'), 'aaa');
  await page.click('#lesson-close');
  assert.equal(await page.isVisible('#lesson'), false);

  await page.goto(`${session.url}#rnn?v=1&hide=seed,lr,file,nonsense`);
  const note = await settled(page);
  assert.match(note, /hides “nonsense”, which this lab does not have/);
  for (const id of ['#rnn-seed', '#rnn-lr']) assert.equal(await page.isVisible(id), false, `${id} hidden`);
  assert.equal(await page.isVisible('#rnn-hidden'), true, 'the others stay');
  await page.click('#rnn-train-step');
  await page.waitForTimeout(400);
  assert.match(await page.evaluate(() => location.hash), /hide=seed%2Clr%2Cfile|hide=seed,lr,file/, 'the address keeps the hidden controls');
  await page.click('.share-unhide');
  assert.equal(await page.isVisible('#rnn-seed'), true);
  assert.deepEqual(errors, []);
  await context.close();
});
