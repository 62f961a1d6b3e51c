// Training in the Web Worker: a session trained there comes back bit for bit the session the
// page's own thread would have trained; Play trains in the worker while the page keeps drawing;
// Pause takes effect at once; `?worker=off` trains on the page with the same numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './harness.mjs';

const session = useBrowser();

/**
 * In the page: builds two copies of a lab's session with `make(m)` (m: the lab's module),
 * trains one `steps` steps in the worker and the other on the page's thread, and says whether
 * their snapshots are the same bytes.
 */
function trainBothWays(page, kind, steps, make) {
  return page.evaluate(async ({ kind, steps, make }) => {
    const modules = { rnn: 'rnn', ctc: 'ctc', attention: 'attention', selfAttention: 'attention', word2vec: 'word2vec' };
    const m = await import(`./www/pkg/${modules[kind]}/unroll.js`);
    await m.default();
    const client = await import('./www/worker-client.js');
    const build = new Function('m', `return (${make})(m);`);
    const [inWorker, onPage] = [build(m), build(m)];
    if (!(await client.workerReady())) throw new Error('the worker did not start');
    const state = await new Promise((resolve) => {
      // word2vec sends its text once (sessionBytes), then only progress (toBytes).
      const bytes = inWorker.sessionBytes ? inWorker.sessionBytes() : inWorker.toBytes();
      client.trainInWorker({ kind, bytes, text: inWorker.text ?? '' }, steps, (message) => {
        if (message.done) resolve(message);
        else message.next();
      });
    });
    if (state.error) throw new Error(state.error);
    inWorker.restore(state.bytes);
    onPage.train(steps);
    onPage.prepareViews();
    const [a, b] = [inWorker.toBytes(), onPage.toBytes()];
    const same = a.length === b.length && a.every((v, i) => v === b[i]);
    const result = { same, bytes: a.length, steps: [inWorker.steps, onPage.steps] };
    inWorker.free();
    onPage.free();
    return result;
  }, { kind, steps, make: make.toString() });
}

test('RNN & LSTM: training in the worker gives bit for bit the page thread\'s session', async () => {
  const { page, errors, context } = await session.open('#rnn');
  await page.waitForFunction(() => /step 0/.test(document.querySelector('#rnn-readout').textContent));
  const result = await trainBothWays(page, 'rnn', 150, (m) => {
    const options = new m.RnnLabOptions();
    Object.assign(options, { cells: 'both', optimizer: 'adam', embeddingDim: 16, hiddenSize: 24, seqLen: 20, learningRate: 0.01, clip: 5, recurrentScale: 1, forgetBias: NaN, seed: 3 });
    const lab = new m.RnnLab(m.labTaskText('environments', 10, 3), options);
    options.free();
    return lab;
  });
  assert.deepEqual(result.steps, [150, 150]);
  assert.ok(result.same, `the snapshots differ (${result.bytes} bytes)`);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Steps shown in the RNN readout. */
async function rnnSteps(page) {
  const text = await page.textContent('#rnn-readout');
  return Number(/step (\d+)/.exec(text)[1]);
}

test('RNN & LSTM: Play trains in the worker, the page redraws, and Pause stops at once', async () => {
  const { page, errors, context } = await session.open('#rnn');
  await page.waitForFunction(() => /step 0/.test(document.querySelector('#rnn-readout').textContent));
  await page.click('#rnn-play');
  await page.waitForFunction(() => Number(/step (\d+)/.exec(document.querySelector('#rnn-readout').textContent)[1]) > 50);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.trainer), 'worker');
  await page.click('#rnn-play');
  assert.equal(await page.textContent('#rnn-play'), 'Play');
  const paused = await rnnSteps(page);
  await page.waitForTimeout(300);
  assert.equal(await rnnSteps(page), paused, 'no step lands after Pause');
  // Every view shows the paused state, the samples too (drawn at most every 1.5 s while playing).
  assert.match(await page.textContent('#rnn-samples h4'), new RegExp(`after ${paused} steps`));
  // What the page shows is the session it holds: one more step on the page continues from it.
  await page.click('#rnn-train-step');
  assert.equal(await rnnSteps(page), paused + 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('RNN & LSTM: ?worker=off trains on the page thread with the same numbers', async () => {
  const pages = [];
  for (const path of ['?worker=off#rnn', '#rnn']) {
    const opened = await session.open(path);
    const { page } = opened;
    await page.waitForFunction(() => /step 0/.test(document.querySelector('#rnn-readout').textContent));
    await page.click('#rnn-play');
    await page.waitForFunction(() => Number(/step (\d+)/.exec(document.querySelector('#rnn-readout').textContent)[1]) >= 40);
    await page.click('#rnn-play');
    pages.push({ ...opened, steps: await rnnSteps(page) });
  }
  // Bring both to the same step with single steps on the page thread, then compare what is shown.
  const target = Math.max(...pages.map((p) => p.steps));
  const shown = [];
  for (const { page, errors, context, steps } of pages) {
    await page.evaluate((n) => { for (let k = 0; k < n; k++) document.querySelector('#rnn-train-step').click(); }, target - steps);
    shown.push({
      readout: (await page.textContent('#rnn-readout')).replace(/ · [\d,.]+ steps\/s$/, ''),
      trainer: await page.evaluate(() => document.documentElement.dataset.trainer ?? 'page'),
    });
    assert.deepEqual(errors, []);
    await context.close();
  }
  assert.deepEqual(shown.map((s) => s.trainer), ['page', 'worker']);
  assert.match(shown[0].readout, new RegExp(`^step ${target} `));
  assert.equal(shown[0].readout, shown[1].readout);
});

test('CTC: the model trained in the worker is bit for bit the page thread\'s; the lattice stays editable', async () => {
  const { page, errors, context } = await session.open('#ctc');
  await page.waitForSelector('#ctc-play');
  const result = await trainBothWays(page, 'ctc', 120, (m) => new m.CtcLab(2));
  assert.deepEqual(result.steps, [120, 120]);
  assert.ok(result.same, `the snapshots differ (${result.bytes} bytes)`);
  await page.click('#ctc-play');
  await page.waitForFunction(() => /^step \d+/.test(document.querySelector('#ctc-train-readout')?.textContent ?? ''));
  assert.equal(await page.evaluate(() => document.documentElement.dataset.trainer), 'worker');
  // Editing the lattice while the model trains keeps the edit (only training comes back).
  await page.uncheck('#ctc-follow');
  await page.fill('#ctc-target', 'ca');
  await page.waitForTimeout(300);
  await page.click('#ctc-play');
  assert.equal(await page.inputValue('#ctc-target'), 'ca');
  assert.equal(await page.evaluate(() => document.querySelector('#ctc-message')?.textContent ?? ''), '');
  assert.deepEqual(errors, []);
  await context.close();
});

test('attention and self-attention: trained in the worker bit for bit as on the page; both play at once', async () => {
  const { page, errors, context } = await session.open('#attention');
  await page.waitForSelector('#att-play');
  const attention = await trainBothWays(page, 'attention', 130, (m) => {
    const options = new m.AttentionLabOptions();
    Object.assign(options, { hidden: 16, seed: 2 });
    const lab = new m.AttentionLab(options);
    options.free();
    return lab;
  });
  assert.deepEqual(attention.steps, [130, 130]);
  assert.ok(attention.same, `the attention snapshots differ (${attention.bytes} bytes)`);
  const selfAttention = await trainBothWays(page, 'selfAttention', 210, (m) => {
    const options = new m.SelfAttentionOptions();
    const lab = new m.SelfAttentionLab(options);
    options.free();
    return lab;
  });
  assert.deepEqual(selfAttention.steps, [210, 210]);
  assert.ok(selfAttention.same, `the self-attention snapshots differ (${selfAttention.bytes} bytes)`);

  // Both players train in the worker side by side; each pauses on its own.
  const steps = async (id) => Number(/step (\d+)/.exec(await page.textContent(id))?.[1] ?? 0);
  await page.click('#att-play');
  await page.click('#sa-play');
  await page.waitForFunction(() => /step [1-9]\d*/.test(document.querySelector('#att-readout').textContent)
    && /step [1-9]\d*/.test(document.querySelector('#sa-readout').textContent));
  assert.equal(await page.evaluate(() => document.documentElement.dataset.trainer), 'worker');
  await page.click('#sa-play');
  const saPaused = await steps('#sa-readout');
  const before = await steps('#att-readout');
  await page.waitForFunction((n) => Number(/step (\d+)/.exec(document.querySelector('#att-readout').textContent)[1]) > n + 20, before);
  assert.equal(await steps('#sa-readout'), saPaused, 'the paused panel stays paused while the other trains');
  await page.click('#att-play');
  const attPaused = await steps('#att-readout');
  await page.waitForTimeout(300);
  assert.equal(await steps('#att-readout'), attPaused, 'no step lands after Pause');
  // The page goes on from what it shows: one step on its own thread.
  await page.click('#att-step');
  assert.equal(await steps('#att-readout'), attPaused + 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('word2vec: the worker gets the text once and sends back progress bit for bit the page thread\'s', async () => {
  const { page, errors, context } = await session.open('#word2vec');
  await page.waitForSelector('#w2v-play');
  const result = await trainBothWays(page, 'word2vec', 3000, (m) => {
    const text = m.toyCorpusText(200, 5);
    const textOptions = new m.TextOptions();
    const options = new m.Word2VecOptions();
    options.compare = true;
    const lab = new m.Word2VecLab(text, textOptions, options, 5);
    textOptions.free();
    options.free();
    return lab;
  });
  assert.ok(result.same, `the progress differs (${result.bytes} bytes)`);
  const pairs = async () => Number((/pair ([\d,]+) of/.exec(await page.textContent('#w2v-readout'))?.[1] ?? '0').replace(/,/g, ''));
  const planned = async () => Number(/ of ([\d,]+)/.exec(await page.textContent('#w2v-readout'))[1].replace(/,/g, ''));
  // Played to the end of its schedule: every planned pair, and the page says it has finished.
  await page.click('#w2v-play');
  await page.waitForFunction(() => document.querySelector('#w2v-play').textContent === 'Play', null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.trainer), 'worker');
  assert.equal(await pairs(), await planned());
  assert.match(await page.textContent('#w2v-message'), /Training has finished/);
  // A long schedule (1000 epochs) pauses at once, part way.
  await page.fill('#w2v-epochs', '1000');
  await page.click('#w2v-reset');
  await page.click('#w2v-play');
  await page.waitForFunction(() => /pair [1-9]/.test(document.querySelector('#w2v-readout').textContent));
  await page.click('#w2v-play');
  const paused = await page.textContent('#w2v-readout');
  await page.waitForTimeout(300);
  assert.equal(await page.textContent('#w2v-readout'), paused, 'nothing lands after Pause');
  assert.ok(await pairs() > 0 && await pairs() < await planned(), paused);
  assert.equal(await page.textContent('#w2v-message'), '');
  assert.deepEqual(errors, []);
  await context.close();
});
