// The word2vec lab in headless Chromium: the preprocessing stages on messy text, one SGNS
// update stepped and its changed rows read back, training that recovers the toy language's
// word classes, neighbours and analogies, the TSV export, bad input, and a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { PHONE, inkedPixels, screenshot, text, useBrowser } from './harness.mjs';

const session = useBrowser();

/** Clicks "Train 5 000 pairs" `clicks` times and waits until the pairs are trained. */
async function train(page, clicks) {
  const before = Number((/pair ([0-9,]+) of/.exec(await page.textContent('#w2v-readout'))[1]).replace(/,/g, ''));
  for (let k = 0; k < clicks; k++) await page.click('#w2v-train');
  const goal = (before + 5000 * clicks).toLocaleString('en');
  await page.waitForFunction((g) => document.querySelector('#w2v-readout').textContent.includes(`pair ${g} of`)
    && document.querySelector('#w2v-play').textContent === 'Play', goal, { timeout: 120_000 });
}
const stageRow = (page, name) => page.$$eval('#w2v-stages tbody tr', (rows, n) => {
  const row = rows.find((r) => r.cells[0].textContent === n);
  return row ? [...row.cells].map((c) => c.textContent) : null;
}, name);

test('messy text through every stage: markup, URLs, numbers, NFKC, Korean, stemming, a bad pattern', async () => {
  const { page, errors, context } = await session.open('#word2vec');
  await page.selectOption('#w2v-corpus', 'sample');
  const cleaning = await stageRow(page, 'cleaning');
  assert.match(cleaning[1], /tag/);
  assert.match(cleaning[1], /URL/);
  const tokens = await page.$$eval('#w2v-tokens .chip', (chips) => chips.map((c) => c.textContent));
  for (const expected of ['<url>', '<email>', '<num>', 'full-width', 'fine', '학교에', 'quick']) {
    assert.ok(tokens.includes(expected), `token ${expected} in ${tokens.join(' ')}`);
  }
  assert.ok(!tokens.includes('the'), 'stop words removed');
  await page.uncheck('#w2v-stop');
  assert.ok((await page.$$eval('#w2v-tokens .chip', (c) => c.map((x) => x.textContent))).includes('the'), 'stop words back');
  await page.selectOption('#w2v-stemmer', 'porter');
  const stemming = await stageRow(page, 'stemming');
  assert.match(stemming[1], /does not apply to \d+ Hangul tokens/);
  assert.match(stemming[2], /running → run/);
  await page.selectOption('#w2v-numbers', 'keep');
  assert.ok((await page.$$eval('#w2v-tokens .chip', (c) => c.map((x) => x.textContent))).includes('2026'));
  // The preview follows typing after a short pause.
  await page.fill('#w2v-pattern', '(\\w+');
  await page.waitForFunction(() => document.querySelector('#w2v-text-message').textContent !== '');
  assert.match(await text(page, '#w2v-text-message'), /regex|unclosed|parse/i);
  await page.fill('#w2v-pattern', '\\w+');
  await page.waitForFunction(() => document.querySelector('#w2v-text-message').textContent === '');
  assert.equal(await page.$$eval('#word2vec b, #word2vec p > p', (n) => n.length), 0, 'pasted markup is not rendered');
  assert.deepEqual(errors, []);
  await screenshot(page, 'word2vec-stages-1280.png');
  await context.close();
});

test('one SGNS update: the window, the negatives, the changed rows of W and W′', async () => {
  const { page, errors, context } = await session.open('#word2vec');
  await page.click('#w2v-step');
  const pair = /^pair 1: centre '(\S+)' → context '(\S+)'; negatives drawn from unigram\^α: ((?:\S+, ){4}\S+); loss ([0-9.]+);/.exec(await text(page, '#w2v-pair'));
  assert.ok(pair, await text(page, '#w2v-pair'));
  const [, centre, context_] = pair;
  assert.ok(Math.abs(Number(pair[4]) - 6 * Math.log(2)) < 0.01, 'the first loss is 6 ln 2: W′ starts at zero, every σ is ½');
  assert.equal(await text(page, '#w2v-strip .tok.m4'), centre);
  assert.equal(await text(page, '#w2v-strip .tok.m3'), context_);
  for (const canvas of ['#w2v-sampling', '#w2v-pair-view', '#w2v-matrices', '#w2v-projection-0', '#w2v-projection-1']) {
    assert.ok(await inkedPixels(page, canvas) > 2000, `${canvas} drawn`);
  }
  // W′ starts at zero, so W moves only once W′ has: train a little, then step and read the
  // changed rows back through the pointer, walking down both matrices.
  await train(page, 1);
  await page.click('#w2v-step');
  const second = /centre '(\S+)' → context '(\S+)'/.exec(await text(page, '#w2v-pair'));
  const canvas = page.locator('#w2v-matrices');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const seen = new Map();
  for (let y = 2; y < box.height; y += 3) {
    for (const x of [box.width * 0.12, box.width * 0.62]) {
      await page.mouse.move(box.x + x, box.y + y);
      const tip = await page.$eval('#w2v-tooltip', (t) => (t.hidden ? '' : t.textContent));
      // Significant digits with a true minus sign (render's significant()): 0.006701, −1.23e-4, 0.
      const m = /^(W′?)\['(.+)'\]\[\d+\] = (−?[0-9.]+(?:e-?\d+)?) \(last change (−?[0-9.]+(?:e-?\d+)?)\)$/.exec(tip);
      if (m) seen.set(`${m[1]} ${m[2]}`, Number(m[4].replace('−', '-')));
    }
  }
  assert.ok(seen.has(`W ${second[1]}`), `the centre's row of W is drawn (${[...seen.keys()].join(', ')})`);
  assert.notEqual(seen.get(`W ${second[1]}`), 0, 'the centre row of W changed');
  assert.notEqual(seen.get(`W′ ${second[2]}`), 0, 'the context row of W′ changed');
  const unchanged = [...seen.entries()].filter(([k, v]) => k.startsWith('W ') && k !== `W ${second[1]}` && v !== 0);
  assert.deepEqual(unchanged, [], 'no other row of W moved');
  // The gradient check of that pair, in float64: W's and W′'s largest entries and three
  // random ones, each relative error below 1e-6.
  await page.click('#w2v-gradcheck');
  const rows = await page.$$eval('#w2v-gradcheck-out tbody tr', (trs) => trs.map((r) => [...r.cells].map((c) => c.textContent)));
  assert.equal(rows.length, 2 + 3);
  assert.ok(rows.some(([entry]) => entry.startsWith('W′[')) && rows.some(([entry]) => entry.startsWith('W[')));
  for (const [entry, analytic, numeric, relative] of rows) {
    assert.ok(Number(relative.replace('−', '-')) < 1e-6, `${entry}: ${analytic} vs ${numeric} (${relative})`);
  }
  assert.match(await text(page, '#w2v-gradcheck-out'), /^5 entries in float64, ε = 1e-5; the largest relative error/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('training recovers the toy classes; neighbours, analogies, the tied model and the export', async () => {
  const { page, errors, context } = await session.open('#word2vec');
  await train(page, 20);
  const readout = await text(page, '#w2v-readout');
  const [, untied, tied] = /loss untied ([0-9.]+), tied ([0-9.]+)/.exec(readout).map(Number);
  assert.ok(untied < 3, `untied loss ${untied}`);
  const nearest = /nearest to "dog": (.*?) ·/.exec(await text(page, '#w2v-neighbours-0'))[1].split(', ').map((s) => s.split(' ')[0]);
  const animals = ['cat', 'cow', 'sheep', 'horse', 'goat', 'bird', 'fox', 'duck', 'pig', 'rabbit', 'mouse', 'lion'];
  assert.ok(nearest.slice(0, 4).every((w) => animals.includes(w)), `neighbours of dog: ${nearest}`);
  assert.match(await text(page, '#w2v-neighbours-0'), /king − man \+ woman ≈ queen/);
  assert.ok(tied > untied, `tied ${tied} vs untied ${untied}`);
  await page.fill('#w2v-word', 'zebra');
  assert.match(await text(page, '#w2v-query-message'), /zebra/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#w2v-export-vectors')]);
  const vectors = (await readFile(await download.path(), 'utf8')).trimEnd().split('\n');
  assert.equal(vectors.length, 50);
  assert.ok(vectors.every((row) => row.split('\t').length === 20 && row.split('\t').every((v) => Number.isFinite(Number(v)))));
  const [meta] = await Promise.all([page.waitForEvent('download'), page.click('#w2v-export-metadata')]);
  const words = (await readFile(await meta.path(), 'utf8')).trimEnd().split('\n');
  assert.equal(words.length, 50);
  assert.ok(words.includes('dog'));
  assert.deepEqual(errors, []);
  await screenshot(page, 'word2vec-desktop-1280.png');
  await context.close();
});

test('bad text gives a message and keeps the model; 1 MB trains in bounded steps', async () => {
  const { page, errors, context } = await session.open('#word2vec');
  const before = await text(page, '#w2v-readout');
  for (const [input, message] of [
    ['', /empty|no words|at least two/i],
    ['dog dog dog dog', /only one distinct word, "dog"/],
  ]) {
    await page.selectOption('#w2v-corpus', 'own');
    await page.fill('#w2v-text', input);
    await page.click('#w2v-reset');
    assert.match(await text(page, '#w2v-message'), message);
    assert.equal(await text(page, '#w2v-readout'), before, 'the old model stays');
  }
  const many = await page.evaluate(() => {
    const words = [];
    for (let i = 0; i < 20000; i++) words.push(`w${[...i.toString(26)].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('')}`);
    return words.join(' ');
  });
  await page.fill('#w2v-text', many);
  await page.fill('#w2v-dim', '300');
  await page.click('#w2v-reset');
  assert.match(await text(page, '#w2v-message'), /too large for D = 300/);
  await page.fill('#w2v-dim', '20');
  const big = await page.evaluate(() => 'the quick brown fox jumps over the lazy dog. '.repeat(23000));
  await page.fill('#w2v-text', big);
  await page.click('#w2v-reset');
  assert.equal(await text(page, '#w2v-message'), '');
  assert.match(await text(page, '#w2v-readout'), /^161,000 tokens · 7 words · pair 0 of/);
  await train(page, 1);
  assert.match(await text(page, '#w2v-readout'), /pair 5,000 of/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the lab fits a 360 px phone', async () => {
  const { page, errors, context } = await session.open('#word2vec', PHONE);
  await train(page, 1);
  await page.click('#w2v-step');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page wider than the phone by ${overflow}px`);
  assert.deepEqual(errors, []);
  await screenshot(page, 'word2vec-phone-360.png');
  await context.close();
});

test('the same pipeline feeds the Metrics bench: precision and recall over stemmed tokens', async () => {
  const { page, errors, context } = await session.open('#word2vec');
  await page.selectOption('#w2v-stemmer', 'porter');
  await page.evaluate(() => { location.hash = '#overlap'; });
  await page.fill('#overlap-truth', 'The dogs were running');
  await page.fill('#overlap-pred', 'a dog runs');
  await page.check('input[name="overlap-level"][value="token"]');
  assert.equal(await text(page, '#overlap-precision'), '0.000');
  await page.check('input[name="overlap-level"][value="pipeline"]');
  assert.equal(await text(page, '#overlap-precision'), '1.000');
  assert.equal(await text(page, '#overlap-recall'), '1.000');
  assert.deepEqual(await page.$$eval('#overlap-truth-items .chip', (c) => c.map((x) => x.textContent)), ['dog', 'run']);
  assert.deepEqual(errors, []);
  await context.close();
});
