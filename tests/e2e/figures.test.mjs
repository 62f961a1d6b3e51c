// Every figure leaves the page: each chart's Save menu gives an SVG document that parses and
// carries exactly the text the canvas shows (recorded here from the canvas's own fillText calls,
// independently of the page's code), a PNG at twice the chart's size, and the numbers behind the
// chart as JSON; file names say the lab, the chart and the step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useBrowser } from './harness.mjs';

const session = useBrowser();

/**
 * Records, per canvas, the texts of its latest drawing: every fillText since the last time the
 * whole canvas was painted over (each chart starts by filling its background).
 */
function recordCanvasTexts() {
  const proto = CanvasRenderingContext2D.prototype;
  const covers = (ctx, x, y, w, h) => x <= 0 && y <= 0 && w >= ctx.canvas.width && h >= ctx.canvas.height;
  const { fillText, fillRect, drawImage } = proto;
  proto.fillText = function (text, ...rest) {
    (this.canvas.__texts ??= []).push(String(text));
    return fillText.call(this, text, ...rest);
  };
  proto.fillRect = function (x, y, w, h) {
    if (covers(this, x, y, w, h)) this.canvas.__texts = [];
    return fillRect.call(this, x, y, w, h);
  };
  proto.drawImage = function (image, ...rest) {
    if (rest.length === 2 && covers(this, rest[0], rest[1], image.width, image.height)) this.canvas.__texts = [];
    return drawImage.call(this, image, ...rest);
  };
}

/** Opens `hash` with the canvas texts recorded. */
async function open(hash) {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await context.addInitScript(recordCanvasTexts);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${session.url}${hash}`);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, errors, context };
}

/** Clicks `button` in `canvas`'s Save menu and returns the download's name and bytes. */
async function save(page, menu, button) {
  if (!(await menu.evaluate((d) => d.open))) await menu.locator('summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), menu.getByRole('button', { name: button }).click()]);
  const bytes = await readFile(await download.path());
  await download.delete();
  // Chromium drops a download that a page starts a moment after its last one (as a guard
  // against download floods); a person clicks slower than this.
  await page.waitForTimeout(250);
  return { name: download.suggestedFilename(), bytes };
}

/** Every text of an SVG document, and whether it parsed (in the page's own XML parser). */
function svgTexts(page, svg) {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const ok = !doc.querySelector('parsererror') && doc.documentElement.nodeName === 'svg';
    return { ok, texts: [...doc.querySelectorAll('text')].map((t) => t.textContent.trim()), width: doc.documentElement.getAttribute('width') };
  }, svg);
}

/** Checks every visible chart of the lab on screen: SVG, PNG and data. */
async function checkFigures(page, lab, { atLeast }) {
  const canvases = page.locator(`#${lab} canvas:visible`);
  const count = await canvases.count();
  let checked = 0;
  for (let i = 0; i < count; i++) {
    const canvas = canvases.nth(i);
    const menu = canvas.locator('xpath=following-sibling::*[1][self::details]');
    if (await menu.count() === 0) continue;
    const label = await canvas.getAttribute('aria-label');
    const shown = (await canvas.evaluate((c) => c.__texts ?? [])).map((t) => t.trim()).filter((t) => t !== '');
    const [cssWidth, cssHeight] = await canvas.evaluate((c) => [c.width, c.height]);

    if (process.env.DEBUG_FIGURES) console.log(lab, label);
    const svg = await save(page, menu, 'SVG');
    assert.match(svg.name, new RegExp(`^unroll-${lab === 'att' ? 'attention' : lab}-[a-z0-9_.-]+\\.svg$`, 'i'), svg.name);
    const parsed = await svgTexts(page, svg.bytes.toString('utf8'));
    assert.ok(parsed.ok, `${label}: the SVG parses`);
    assert.equal(Number(parsed.width), cssWidth, `${label}: the SVG is the chart's size`);
    assert.deepEqual(parsed.texts.filter((t) => t !== '').sort(), [...shown].sort(), `${label}: the SVG has the canvas's text`);

    const png = await save(page, menu, /PNG/);
    assert.equal(png.bytes.subarray(1, 4).toString('latin1'), 'PNG', `${label}: a PNG`);
    assert.deepEqual([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)], [2 * cssWidth, 2 * cssHeight], `${label}: at twice the size`);

    const data = await save(page, menu, 'Data');
    assert.match(data.name, /\.json$/);
    const json = JSON.parse(data.bytes.toString('utf8'));
    assert.equal(json.source.lab, lab === 'att' ? 'attention' : lab);
    assert.ok(Array.isArray(json.figure) && json.figure.some((r) => r.kind !== 'note'), `${label}: the data lists what the chart plots`);
    assert.ok(json.figure.every((r) => typeof r.kind === "string" && typeof r.title === "string"), `${label}: every record says what it is`);
    checked += 1;
  }
  assert.ok(checked >= atLeast, `${lab}: ${checked} charts checked, expected at least ${atLeast}`);
  return checked;
}

test('RNN & LSTM: every chart saves as SVG with the canvas text, PNG at 2× and its numbers', async () => {
  const { page, errors, context } = await open('#rnn');
  await page.fill('#rnn-seqlen', '10');
  await page.click('#rnn-reset');
  await page.click('#rnn-train-step');
  for (let k = 0; k < 4; k++) await page.click('#rnn-step');
  await checkFigures(page, 'rnn', { atLeast: 6 });
  // The training curve's data holds both models' losses, named as in the legend.
  const menu = page.locator('#rnn-curves + details');
  const json = JSON.parse((await save(page, menu, 'Data')).bytes.toString('utf8'));
  assert.deepEqual(json.figure.filter((r) => r.kind === 'series').map((r) => r.name), ['RNN', 'LSTM']);
  assert.equal(json.figure[0].points.length, 1, 'one training step, one point');
  assert.match((await save(page, menu, 'SVG')).name, /^unroll-rnn-curves-step1\.svg$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('attention, CTC, word2vec and Metrics: every chart saves as SVG, PNG and data', async () => {
  for (const [hash, lab, atLeast] of [['#attention', 'attention', 5], ['#ctc', 'ctc', 3], ['#word2vec', 'word2vec', 5], ['#metrics', 'metrics', 3]]) {
    const { page, errors, context } = await open(hash);
    await page.waitForTimeout(300);
    // Every chart has numbers to show: word2vec's pair view once a pair is stepped.
    if (lab === 'word2vec') await page.click('#w2v-step');
    await checkFigures(page, lab, { atLeast });
    assert.deepEqual(errors, [], lab);
    await context.close();
  }
});
