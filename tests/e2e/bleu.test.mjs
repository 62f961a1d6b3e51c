// The page boots and the BLEU panel agrees with sacreBLEU (fixtures from tests/fixtures/bleu.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, inkedPixels, screenshot, useBrowser } from './harness.mjs';

const session = useBrowser();
const fixtures = await fixture('bleu.json');

/** Waits until the score shown differs from `previous` (the panel recomputes on input). */
async function scoreText(page) {
  await page.waitForFunction(() => document.querySelector('#bleu-score').textContent !== '–');
  return page.textContent('#bleu-score');
}

test('the page boots with its header and the metrics bench, and draws the BLEU chart', async () => {
  const { page, errors, context } = await session.open('#metrics');
  assert.match(await page.textContent('header h1'), /Unroll/);
  assert.match(await page.textContent('header nav'), /Metrics bench/);
  assert.equal(await page.isVisible('#bleu'), true);
  assert.ok(await inkedPixels(page, '#bleu-chart') > 2000, 'the chart has drawn pixels');
  const backing = await page.evaluate(() => {
    const c = document.querySelector('#bleu-chart');
    return { w: c.width, css: c.getBoundingClientRect().width };
  });
  assert.equal(backing.w, Math.round(backing.css), 'backing store = CSS size × DPR (1 here)');
  await screenshot(page, 'desktop-1280.png');
  assert.deepEqual(errors, []);
  await context.close();
});

test('every sentence case of the sacreBLEU fixtures shows the same score and counts', async () => {
  const { page, errors, context } = await session.open('#metrics');
  const cases = fixtures.cases.filter((c) => c.mode === 'sentence'
    && c.hyps[0].indexOf('\n') < 0 && c.refs.every((s) => !/\n/.test(s[0]))
    && c.refs.every((s) => s[0].trim() !== '') && c.refs.length > 0).slice(0, 25);
  assert.ok(cases.length >= 15);
  for (const c of cases) {
    const o = c.options;
    await page.selectOption('#bleu-tokenize', o.tokenize);
    await page.selectOption('#bleu-smooth', o.smooth_method);
    if (o.smooth_method === 'floor' || o.smooth_method === 'add-k') {
      await page.fill('#bleu-smooth-value', o.smooth_value === null ? '' : String(o.smooth_value));
    }
    await page.setChecked('#bleu-lowercase', o.lowercase);
    await page.setChecked('#bleu-effective', o.effective_order);
    await page.fill('#bleu-refs', c.refs.map((s) => s[0]).join('\n'));
    await page.fill('#bleu-hyp', c.hyps[0]);
    await page.waitForFunction((sig) => document.querySelector('#bleu-signature').textContent === sig,
      c.expected.signature, { timeout: 5000 });
    assert.equal(await scoreText(page), c.expected.score.toFixed(2), c.name);
    const rows = await page.$$eval('#bleu-precisions tbody tr', (trs) => trs.map((tr) => tr.cells[1].textContent));
    const want = c.expected.counts.map((m, i) => `${+m.toFixed(4)} / ${+c.expected.totals[i].toFixed(4)}`);
    assert.deepEqual(rows, want, c.name);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('the n-gram table clips counts and the hypothesis highlights matches', async () => {
  const { page, errors, context } = await session.open('#metrics');
  await page.fill('#bleu-refs', 'the cat is on the mat');
  await page.fill('#bleu-hyp', 'the the the the the the the');
  await page.waitForFunction(() => document.querySelector('#bleu-ngrams tbody tr td:nth-child(2)')?.textContent === 'the');
  const first = await page.$$eval('#bleu-ngrams tbody tr:first-child td', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(first, ['1', 'the', '7', '2', '2']);
  const matched = await page.$$eval('#bleu-tokens .tok', (spans) => spans.map((s) => s.className));
  assert.deepEqual(matched, ['tok m1', 'tok m1', 'tok', 'tok', 'tok', 'tok', 'tok']);
  await page.selectOption('#bleu-order-filter', '2');
  const orders = await page.$$eval('#bleu-ngrams tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
  assert.ok(orders.every((n) => n === '2'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('corpus mode scores parallel blocks like sacreBLEU and explains mean vs corpus', async () => {
  const { page, errors, context } = await session.open('#metrics');
  const c = fixtures.cases.find((k) => k.mode === 'corpus' && k.refs.length >= 2
    && k.hyps.every((h) => h.trim() !== '' && !/\n/.test(h))
    && k.refs.every((s) => s.every((r) => r !== null && r.trim() !== '' && !/\n/.test(r)))
    && k.options.tokenize === '13a' && k.options.smooth_method === 'exp' && !k.options.lowercase);
  assert.ok(c, 'a corpus fixture with two clean reference streams');
  await page.check('input[name="bleu-mode"][value="corpus"]');
  await page.setChecked('#bleu-effective', c.options.effective_order);
  await page.fill('#bleu-refs', c.refs.map((s) => s.join('\n')).join('\n\n'));
  await page.fill('#bleu-hyp', c.hyps.join('\n'));
  await page.waitForFunction((sig) => document.querySelector('#bleu-signature').textContent === sig, c.expected.signature);
  assert.equal(await scoreText(page), c.expected.score.toFixed(2), c.name);
  assert.equal(await page.locator('#bleu-segments tbody tr').count(), c.hyps.length);
  assert.match(await page.textContent('#bleu-why-corpus'), /mean of the \d+ sentence BLEUs is/);
  await page.click('#bleu-segments tbody tr:nth-child(2)');
  assert.match(await page.textContent('#bleu-tokens-title'), /Hypothesis 2/);
  // A block of the wrong length is a message, not a crash.
  await page.fill('#bleu-refs', 'only one line');
  await page.waitForFunction(() => /reference stream 1 has 1 lines/.test(document.querySelector('#bleu-message').textContent));
  assert.deepEqual(errors, []);
  await context.close();
});

test('corpus mode takes <none> for a missing reference and equals sacreBLEU with nrefs:var', async () => {
  const { page, errors, context } = await session.open('#metrics');
  const clean = (r) => r === null || (r.trim() !== '' && !/\n/.test(r) && r.trim() !== '<none>');
  const cases = fixtures.cases.filter((k) => k.mode === 'corpus' && k.refs.some((s) => s.includes(null))
    && k.hyps.every((h) => h.trim() !== '' && !/\n/.test(h)) && k.refs.every((s) => s.every(clean)));
  assert.ok(cases.length >= 4, 'fixtures with missing references');
  await page.check('input[name="bleu-mode"][value="corpus"]');
  for (const c of cases) {
    const o = c.options;
    await page.selectOption('#bleu-tokenize', o.tokenize);
    await page.selectOption('#bleu-smooth', o.smooth_method);
    if (o.smooth_method === 'floor' || o.smooth_method === 'add-k') {
      await page.fill('#bleu-smooth-value', o.smooth_value === null ? '' : String(o.smooth_value));
    }
    await page.setChecked('#bleu-lowercase', o.lowercase);
    await page.setChecked('#bleu-effective', o.effective_order);
    await page.fill('#bleu-hyp', c.hyps.join('\n'));
    await page.fill('#bleu-refs', c.refs.map((s) => s.map((r) => r ?? '<none>').join('\n')).join('\n\n'));
    await page.waitForFunction((sig) => document.querySelector('#bleu-signature').textContent === sig,
      c.expected.signature, { timeout: 5000 });
    assert.equal(await scoreText(page), c.expected.score.toFixed(2), c.name);
    const rows = await page.$$eval('#bleu-precisions tbody tr', (trs) => trs.map((tr) => tr.cells[1].textContent));
    assert.deepEqual(rows, c.expected.counts.map((m, i) => `${+m.toFixed(4)} / ${+c.expected.totals[i].toFixed(4)}`), c.name);
    assert.match(await page.textContent('#bleu-bp'), new RegExp(`reference length ${c.expected.ref_len},`), c.name);
    if (c.expected.signature.startsWith('nrefs:var')) {
      assert.match(await page.textContent('#bleu-input-hint'), /Variable references \(nrefs:var\): segments? [\d, ]+ ha(s|ve) fewer than/, c.name);
      const counts = c.hyps.map((_, i) => c.refs.filter((s) => s[i] !== null).length);
      const cells = await page.$$eval('#bleu-segments tbody tr td:nth-child(4)', (tds) => tds.map((td) => td.textContent));
      assert.deepEqual(cells.map((t) => Number(/\((\d+) refs?\)/.exec(t)[1])), counts, c.name);
    }
  }
  // <empty> is an empty reference, which counts (length 0), unlike <none>.
  const pair = ['None', 'empty string'].map((label) => fixtures.cases.find((k) => k.name === `corpus variable refs ${label} beside a long reference`));
  await page.selectOption('#bleu-tokenize', '13a');
  await page.selectOption('#bleu-smooth', 'exp');
  await page.setChecked('#bleu-lowercase', false);
  await page.setChecked('#bleu-effective', false);
  for (const c of pair) {
    await page.fill('#bleu-hyp', c.hyps.join('\n'));
    await page.fill('#bleu-refs', c.refs.map((s) => s.map((r) => (r === null ? '<none>' : r === '' ? '<empty>' : r)).join('\n')).join('\n\n'));
    await page.waitForFunction((want) => document.querySelector('#bleu-score').textContent === want, c.expected.score.toFixed(2), { timeout: 5000 });
    assert.equal(await page.textContent('#bleu-signature'), c.expected.signature, c.name);
  }
  // A segment that no stream has a reference for is a message, and the boxes keep their text.
  await page.fill('#bleu-hyp', 'a b c\nd e f');
  await page.fill('#bleu-refs', 'a b c\n<none>\n\na b d\n<none>');
  await page.waitForFunction(() => /Segment 2 has no reference in any stream/.test(document.querySelector('#bleu-message').textContent));
  assert.equal(await page.textContent('#bleu-score'), '–');
  assert.equal(await page.inputValue('#bleu-refs'), 'a b c\n<none>\n\na b d\n<none>');
  assert.deepEqual(errors, []);
  await context.close();
});
