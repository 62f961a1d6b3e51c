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
