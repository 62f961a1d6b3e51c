// Precision/recall (whitespace ignored or counted), information measures, perplexity panels (the
// n-gram model and pasted token log-probabilities), checked against the NumPy / SciPy reference
// values in tests/fixtures/metrics.json; phone width; the error banner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, fixture, inkedPixels, screenshot, text, useBrowser } from './harness.mjs';

const session = useBrowser();
const fixtures = await fixture('metrics.json');

/** Formats like the page: fixed decimals, ∞ for "inf", – for null. */
function shown(value, digits) {
  if (value === null) return '–';
  if (value === 'inf') return '∞';
  return value.toFixed(digits);
}

test('precision and recall follow the worked example and the reference values', async () => {
  const { page, errors, context } = await session.open('#metrics');
  assert.equal(await text(page, '#overlap-precision'), '0.600');
  assert.equal(await text(page, '#overlap-recall'), '1.000');
  await page.fill('#overlap-pred', 'ab');
  assert.equal(await text(page, '#overlap-precision'), '1.000');
  assert.equal(await text(page, '#overlap-recall'), '0.667');
  assert.equal(await page.locator('#overlap-truth-items .chip.matched').count(), 2);
  assert.match(await text(page, '#overlap-gaming'), /Recall alone rewards saying more/);
  for (const entry of fixtures.overlap.slice(0, 20)) {
    await page.check(`input[name="overlap-level"][value="${entry.level}"]`);
    await page.fill('#overlap-truth', entry.truth);
    await page.fill('#overlap-pred', entry.prediction);
    const got = [await text(page, '#overlap-precision'), await text(page, '#overlap-recall'), await text(page, '#overlap-f1')];
    assert.deepEqual(got, [shown(entry.precision, 3), shown(entry.recall, 3), shown(entry.f1, 3)],
      `${entry.level}: ${JSON.stringify(entry.truth)} vs ${JSON.stringify(entry.prediction)}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

/** Types the entries of a distribution into the p or q inputs (adding/removing outcomes). */
async function setDistributions(page, p, q) {
  for (;;) {
    const n = await page.locator('#info-p input').count();
    if (n === p.length) break;
    await page.click(n < p.length ? '#info-add' : '#info-remove');
  }
  for (let i = 0; i < p.length; i++) {
    await page.fill(`#info-p input >> nth=${i}`, String(p[i]));
    await page.fill(`#info-q input >> nth=${i}`, String(q[i]));
  }
}

test('entropy, cross entropy and KL equal SciPy in bits and nats, with ∞ explained', async () => {
  const { page, errors, context } = await session.open('#metrics');
  assert.ok(await inkedPixels(page, '#info-chart') > 2000, 'distribution chart drawn');
  for (const entry of fixtures.information.filter((e) => e.p.length <= 6).slice(0, 12)) {
    await setDistributions(page, entry.p, entry.q);
    for (const unit of ['bits', 'nats']) {
      await page.check(`input[name="info-unit"][value="${unit}"]`);
      const cells = await page.$$eval('#info-table tbody tr td:nth-child(2)', (tds) => tds.map((td) => td.textContent));
      const e = entry[unit];
      assert.deepEqual(cells, [e.entropy_p, e.entropy_q, e.cross_entropy_pq, e.cross_entropy_qp, e.kl_pq, e.kl_qp]
        .map((v) => shown(v, 4)), `${unit} ${JSON.stringify(entry.p)} ${JSON.stringify(entry.q)}`);
    }
  }
  await page.click('#info-preset-gap');
  assert.match(await text(page, '#info-infinite'), /KL\(p‖q\) = ∞ because q3 = 0 while p3 = 0\.200/);
  await page.fill('#info-p input >> nth=1', 'abc');
  assert.match(await text(page, '#info-message'), /p: entry 2 is not a number/);
  await page.fill('#info-p input >> nth=1', '-1');
  assert.match(await text(page, '#info-message'), /entry 2 is negative/);
  await page.fill('#info-p input >> nth=1', '3');
  assert.match(await text(page, '#info-message'), /p sums to 3\.700: each entry is divided by 3\.700/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('dragging a bar edits p and keeps it summing to 1', async () => {
  const { page, errors, context } = await session.open('#metrics');
  await page.locator('#info-chart').scrollIntoViewIfNeeded();
  const box = await page.locator('#info-chart').boundingBox();
  const area = await page.evaluate(async () => {
    const { DistributionComparison } = await import('./www/pkg/metrics/unroll.js');
    const c = document.querySelector('#info-chart');
    const rect = DistributionComparison.plotArea(c.width, c.height, window.devicePixelRatio);
    const { left, top, right, bottom } = rect;
    rect.free();
    return { left, top, right, bottom };
  });
  const { left, top, right, bottom } = area;
  const n = await page.locator('#info-p input').count();
  // The middle of p1's half of the first group, at 80 % height.
  const x = box.x + left + ((right - left) / n) * 0.25;
  const y = box.y + bottom - (bottom - top) * 0.8;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.up();
  const p = await page.$$eval('#info-p input', (inputs) => inputs.map((i) => Number(i.value)));
  assert.ok(Math.abs(p[0] - 0.8) < 0.02, `p1 dragged to ${p[0]}`);
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 0.01);
  assert.deepEqual(errors, []);
  await context.close();
});

test('mutual information: the independent and identical cases are one click away', async () => {
  const { page, errors, context } = await session.open('#metrics');
  assert.ok(await inkedPixels(page, '#mi-chart') > 2000, 'heat map drawn');
  await page.click('#mi-independent');
  assert.match(await text(page, '#mi-kpis .kpi:first-child .value'), /^-?0\.0000$/);
  await page.click('#mi-identical');
  const values = await page.$$eval('#mi-kpis .kpi .value', (v) => v.map((x) => x.textContent));
  assert.equal(values[0], values[1], 'I(X;Y) = H(X) when Y = X');
  const entry = fixtures.mutual_information.find((e) => e.joint.length === 3 && e.joint[0].length === 3);
  // Reshape the table to the fixture's size, then type it in.
  for (;;) {
    const rows = await page.locator('#mi-table tr').count() - 1;
    if (rows === entry.joint.length) break;
    await page.click(rows < entry.joint.length ? '#mi-add-row' : '#mi-remove-row');
  }
  for (;;) {
    const cols = await page.locator('#mi-table tr:first-child th').count() - 1;
    if (cols === entry.joint[0].length) break;
    await page.click(cols < entry.joint[0].length ? '#mi-add-col' : '#mi-remove-col');
  }
  const inputs = page.locator('#mi-table input');
  const flat = entry.joint.flat();
  for (let i = 0; i < flat.length; i++) await inputs.nth(i).fill(String(flat[i]));
  assert.equal(await text(page, '#mi-kpis .kpi:first-child .value'), shown(entry.bits.mi, 4));
  assert.deepEqual(errors, []);
  await context.close();
});

test('perplexity per character equals the reference n-gram model', async () => {
  const { page, errors, context } = await session.open('#metrics');
  assert.ok(await inkedPixels(page, '#ppl-chart') > 1000, 'surprisal chart drawn');
  const cases = fixtures.ngram_lm.filter((e) => e.train.length > 0 && !e.test.includes('\n')).slice(0, 12);
  for (const entry of cases) {
    await page.selectOption('#ppl-order', String(entry.order));
    await page.selectOption('#ppl-smoothing', entry.smoothing === 'add_k' ? 'add-k' : 'witten-bell');
    if (entry.smoothing === 'add_k') await page.fill('#ppl-k', String(entry.k));
    await page.fill('#ppl-train', entry.train);
    await page.waitForFunction((t) => document.querySelector('#ppl-train-info').textContent.startsWith(`${Array.from(t).length.toLocaleString('en')} training`), entry.train);
    await page.fill('#ppl-text', entry.test);
    await page.waitForFunction((h) => document.querySelector('#ppl-h').textContent === h, entry.cross_entropy_bits.toFixed(3), { timeout: 5000 });
    assert.equal(await text(page, '#ppl-ppl'), entry.perplexity.toFixed(2));
  }
  await page.fill('#ppl-text', '');
  assert.match(await text(page, '#ppl-message'), /the text to score is empty/);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Whether `shown` is `want` to 4 significant digits (as the page writes it), never "-0". */
function sameTo4(shown, want) {
  if (/^-0(\.0*)?$|^−0/.test(shown)) return false;
  if (want === 0) return Number(shown) === 0;
  const step = 10 ** (Math.floor(Math.log10(Math.abs(want))) - 3);
  return Math.abs(Number(shown) - want) <= step / 2 + 1e-12 * Math.abs(want);
}

/** Puts `value` into the scores box at once, as a paste does (typing 100 000 lines through
 * Playwright's keyboard path is slow in Chromium's textarea). */
async function pasteScores(page, value) {
  await page.$eval('#ppl-tokens-text', (area, v) => {
    area.value = v;
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

/** The three numbers of the pasted-scores part. */
async function tokenKpis(page) {
  return Promise.all(['#ppl-tokens-ppl', '#ppl-tokens-nats', '#ppl-tokens-bits'].map((s) => text(page, s)));
}

test('pasted token log-probabilities give NumPy\'s perplexity, in nats and bits per token', async () => {
  const { page, errors, context } = await session.open('#metrics');
  await page.locator('#ppl-tokens-chart').scrollIntoViewIfNeeded();
  assert.ok(await inkedPixels(page, '#ppl-tokens-chart') > 1000, 'the example is drawn');
  const cases = fixtures.token_logprobs;
  assert.ok(cases.length >= 15);
  for (const entry of cases) {
    await page.selectOption('#ppl-tokens-scale', entry.scale);
    await page.fill('#ppl-tokens-text', entry.text);
    const [ppl, nats, bits] = await tokenKpis(page);
    assert.equal(await text(page, '#ppl-tokens-message'), '', entry.name);
    if (entry.perplexity === 'inf') {
      assert.match(ppl, new RegExp(`^\\d\\.\\d{3}e${Math.floor(entry.log10_perplexity)}$`), `${entry.name}: ${ppl}`);
    } else {
      assert.ok(sameTo4(ppl, entry.perplexity), `${entry.name}: perplexity ${ppl} vs ${entry.perplexity}`);
    }
    assert.ok(sameTo4(nats, entry.cross_entropy_nats), `${entry.name}: H ${nats} vs ${entry.cross_entropy_nats} nats`);
    assert.ok(sameTo4(bits, entry.bits_per_token), `${entry.name}: ${bits} vs ${entry.bits_per_token} bits`);
    const detail = await text(page, '#ppl-tokens-detail');
    assert.match(detail, new RegExp(`^${entry.surprisal_nats.length} tokens? read as`), entry.name);
    if (entry.skipped_nulls) assert.match(detail, /null entr(y was|ies were) skipped/, entry.name);
    if (entry.scale_used !== entry.scale) assert.match(detail, /read as ln p whatever the choice above/, entry.name);
  }
  assert.ok(await inkedPixels(page, '#ppl-tokens-chart') > 1000, 'the last paste is drawn');
  assert.deepEqual(errors, []);
  await context.close();
});

test('bad token scores give a message and change nothing else', async () => {
  const { page, errors, context } = await session.open('#metrics');
  const ngram = await text(page, '#ppl-ppl');
  const cases = [
    ['ln', '', /nothing to score yet/],
    ['ln', '-1\n\nabc', /^Entry 2 \(line 3\) is "abc", not a number\.$/],
    ['ln', '-1\nNaN', /^Entry 2 \(line 2\) is NaN: every score must be a finite number/],
    ['ln', '[-0.5, 0.25]', /^Entry 2 is 0\.2500: a log-probability is at most 0 .*choose "probabilities p"/],
    ['probability', '0.5\n1.5', /^Entry 2 \(line 2\) is 1\.500: a probability must be above 0 and at most 1/],
    ['probability', '[-0.5, -1]', /^Entry 1 is −0\.5000: a probability .*If these are log-probabilities, choose their base above/],
    ['probability', '[0.5, 0]', /^Entry 2 is 0: a probability must be above 0/],
    ['ln', '[-1, -2', /not valid JSON \(the parser stopped at line 1, column 7\)/],
    ['ln', '{"scores": [-1]}', /holds no list of scores/],
    ['log10', '[-1e308]', /too small a probability to score/],
    ['ln', '-1\n'.repeat(100_001), /^There are 100,001 scores; at most 100,000 are read/],
  ];
  for (const [scale, paste, message] of cases) {
    await page.selectOption('#ppl-tokens-scale', scale);
    await pasteScores(page, paste);
    await page.waitForFunction((m) => new RegExp(m).test(document.querySelector('#ppl-tokens-message').textContent), message.source, { timeout: 5000 });
    assert.deepEqual(await tokenKpis(page), ['–', '–', '–'], paste.slice(0, 20));
    assert.equal(await page.inputValue('#ppl-tokens-text'), paste, 'the paste stays as it is');
    assert.equal(await text(page, '#ppl-ppl'), ngram, 'the n-gram perplexity is untouched');
  }
  const started = Date.now();
  assert.equal(await page.evaluate(() => 1 + 1), 2, 'the page still answers');
  assert.ok(Date.now() - started < 2000, 'and answers at once');
  await page.selectOption('#ppl-tokens-scale', 'ln');
  await pasteScores(page, '-0.6931471805599453\n-0.6931471805599453');
  assert.deepEqual(await tokenKpis(page), ['2.000', '0.6931', '1.000']);
  assert.equal(await text(page, '#ppl-tokens-message'), '');
  assert.deepEqual(errors, []);
  await context.close();
});

test('characters ignore whitespace by default; the box counts it, as the reference does', async () => {
  const { page, errors, context } = await session.open('#metrics');
  assert.equal(await page.isChecked('#overlap-whitespace'), false, 'ignoring whitespace is the default');
  await page.fill('#overlap-truth', 'a b  c');
  await page.fill('#overlap-pred', 'abc');
  assert.deepEqual([await text(page, '#overlap-precision'), await text(page, '#overlap-recall')], ['1.000', '1.000']);
  await page.check('#overlap-whitespace');
  // The boxes are one-line inputs, which cannot hold a newline (the engine test checks those).
  const oneLine = fixtures.overlap_whitespace.filter((e) => e.level === 'char' && !/[\n\r]/.test(e.truth + e.prediction));
  assert.ok(oneLine.length >= 8);
  for (const entry of oneLine) {
    await page.fill('#overlap-truth', entry.truth);
    await page.fill('#overlap-pred', entry.prediction);
    const got = [await text(page, '#overlap-precision'), await text(page, '#overlap-recall'), await text(page, '#overlap-f1')];
    assert.deepEqual(got, [shown(entry.precision, 3), shown(entry.recall, 3), shown(entry.f1, 3)],
      `${JSON.stringify(entry.truth)} vs ${JSON.stringify(entry.prediction)}`);
  }
  await page.fill('#overlap-truth', 'a b');
  await page.fill('#overlap-pred', 'ab');
  const chips = await page.$$eval('#overlap-truth-items .chip', (cs) => cs.map((c) => c.textContent));
  assert.deepEqual(chips, ['a', '␣', 'b']);
  assert.equal(await text(page, '#overlap-recall'), '0.667');
  await page.uncheck('#overlap-whitespace');
  assert.equal(await text(page, '#overlap-recall'), '1.000');
  await page.check('input[name="overlap-level"][value="token"]');
  assert.equal(await page.isDisabled('#overlap-whitespace'), true, 'words have no whitespace to count');
  await page.check('input[name="overlap-level"][value="char"]');
  assert.equal(await page.isDisabled('#overlap-whitespace'), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('hostile and huge input is shown as text, never run, and never freezes the page', async () => {
  const { page, errors, context } = await session.open('#metrics');
  let dialogs = 0;
  page.on('dialog', async (dialog) => { dialogs++; await dialog.dismiss(); });
  const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> \u202eRTL\u202c e\u0301 👩‍💻 \u0007\u001f';
  for (const selector of ['#bleu-hyp', '#overlap-pred', '#ppl-text']) await page.fill(selector, hostile);
  await page.fill('#bleu-refs', hostile);
  await page.waitForFunction(() => document.querySelector('#bleu-score').textContent === '100.00');
  assert.equal(await page.locator('#bleu-tokens img, #overlap-pred-items img, script:not([type="module"])').count(), 0);
  assert.match(await text(page, '#bleu-tokens'), /<script>|script/);
  const megabyte = 'the cat sat on the mat and looked at the dog . '.repeat(22_000);
  await page.fill('#bleu-hyp', megabyte);
  await page.waitForFunction(() => document.querySelector('#bleu-score').textContent !== '100.00', null, { timeout: 20_000 });
  assert.equal(await page.evaluate(() => 1 + 1), 2, 'the page still answers');
  assert.match(await text(page, '#bleu-ngrams-note'), /too long for a table|Showing the first/);
  await page.fill('#ppl-train', 'x'.repeat(300_001));
  await page.waitForFunction(() => /trains on at most 300,000/.test(document.querySelector('#ppl-message').textContent));
  assert.equal(dialogs, 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('phone width: no sideways scrolling, sharp canvases at DPR 2; wide screen too', async () => {
  const { page, errors, context } = await session.open('#metrics', PHONE);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 360, `page is ${overflow}px wide at a 360px viewport`);
  const canvases = await page.$$eval('canvas', (cs) => cs.filter((c) => c.getBoundingClientRect().width > 0)
    .map((c) => [c.width, Math.round(c.getBoundingClientRect().width * 2)]));
  assert.ok(canvases.length >= 4);
  for (const [backing, css] of canvases) assert.equal(backing, css);
  await screenshot(page, 'phone-360.png');
  await context.close();
  const wide = await session.open('#metrics', { width: 1920, height: 1080 });
  await screenshot(wide.page, 'desktop-1920.png');
  assert.deepEqual([...errors, ...wide.errors], []);
  await wide.context.close();
});

test('an uncaught error is shown on the page with Continue and Reload', async () => {
  const { page, context } = await session.open('#metrics');
  await page.evaluate(() => setTimeout(() => { throw new Error('a test failure'); }, 0));
  await page.waitForSelector('#error-banner:not([hidden])');
  assert.match(await text(page, '#error-text'), /a test failure/);
  await page.click('#error-dismiss');
  assert.equal(await page.isHidden('#error-banner'), true);
  await context.close();
});
