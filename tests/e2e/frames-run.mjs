// A page benchmark, not a test (nothing is asserted): frame gaps while each lab plays, the
// page's start-up time, and the size of what it downloads. Run by scripts/bench.sh:
//   node tests/e2e/frames-run.mjs            every lab for ~5 s each, then start-up (about a minute)
//   node tests/e2e/frames-run.mjs --seconds 2
// Prints a table and writes tests/e2e/artifacts/frames.json.
//
// Frame gaps: the time between consecutive requestAnimationFrame callbacks on the page's main
// thread (performance.now() at the start of each), recorded from just before Play is clicked
// until just after Pause; a display refreshes every 16.7 ms at 60 Hz, so a gap of 33 ms is a
// dropped frame and anything near 100 ms is visible stutter. Long tasks (> 50 ms, the browser's
// own PerformanceObserver) are counted too.
//
// Start-up: navigation start → "first lab interactive", defined as the moment the page has
// booted (body[data-ready="true"], set by www/main.js after the module loaded and the first lab
// started), the RNN lab's Play button is enabled and its first chart (the unrolled network,
// #rnn-unrolled canvas) has ink on it. No lab code signals this, so a script injected before the
// page's own polls for it every 5 ms, measuring on the page's clock (origin: navigation start).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { MODULES, ROOT, artifact, assertBuilt, collectErrors, launch, serve } from './harness.mjs';

const args = process.argv.slice(2);
const secondsArg = args.indexOf('--seconds');
const RECORD_MS = 1000 * (secondsArg >= 0 ? Number(args[secondsArg + 1]) : 5);
const STARTUP_RUNS = 3;
const VIEWPORT = { width: 1280, height: 900 };

/**
 * The heavy RNN setting: the first of HEAVY the page accepts (it refuses a setting whose step
 * costs more than its per-step budget, and says so in #rnn-message). Returns what it chose and
 * the refusals.
 */
const HEAVY = [
  { cells: 'both', hidden: 256, seqLen: 200 }, { cells: 'both', hidden: 256, seqLen: 100 },
  { cells: 'both', hidden: 128, seqLen: 200 }, { cells: 'both', hidden: 256, seqLen: 50 },
  { cells: 'lstm', hidden: 256, seqLen: 100 },
];
async function heavyRnn(page) {
  const refused = [];
  for (const setting of HEAVY) {
    // One training step first, so an accepted reset shows as "step 0" again.
    await page.click('#rnn-train-step');
    await page.waitForFunction(() => !/^step 0 /.test(document.querySelector('#rnn-readout').textContent), null, { timeout: 60_000 });
    await page.selectOption('#rnn-cells', setting.cells);
    await page.fill('#rnn-hidden', String(setting.hidden));
    await page.fill('#rnn-seqlen', String(setting.seqLen));
    const previous = (await page.textContent('#rnn-message')).trim();
    await page.click('#rnn-reset');
    const outcome = await page.waitForFunction((before) => {
      if (/^step 0 /.test(document.querySelector('#rnn-readout').textContent)) return { message: '' };
      const message = document.querySelector('#rnn-message').textContent.trim();
      return message && message !== before ? { message } : null;
    }, previous, { timeout: 60_000 }).then((handle) => handle.jsonValue());
    if (!outcome.message) return { setting, refused };
    refused.push({ setting, message: outcome.message });
  }
  throw new Error(`the RNN lab refused every heavy setting: ${JSON.stringify(refused)}`);
}

/**
 * Each lab with a Play button: its address, its Play button, its readout, a canvas that has ink
 * once it drew, and optionally a setup step (the heavy RNN setting).
 */
const RUNS = [
  { name: 'rnn (defaults)', hash: 'rnn', play: '#rnn-play', readout: '#rnn-readout', drawn: '#rnn-unrolled canvas' },
  {
    name: 'rnn (heavy)', hash: 'rnn', play: '#rnn-play', readout: '#rnn-readout', drawn: '#rnn-unrolled canvas',
    setup: heavyRnn,
  },
  { name: 'attention', hash: 'attention', play: '#att-play', readout: '#att-readout', drawn: '#att-map' },
  { name: 'self-attention', hash: 'attention', play: '#sa-play', readout: '#sa-readout', drawn: '#sa-maps' },
  { name: 'ctc', hash: 'ctc', play: '#ctc-play', readout: '#ctc-train-readout', drawn: '#ctc-emissions' },
  { name: 'word2vec', hash: 'word2vec', play: '#w2v-play', readout: '#w2v-readout', drawn: '#w2v-matrices' },
];

/** In the page: whether the canvas `selector` matches has more than `min` non-white pixels. */
function inked([selector, min]) {
  const canvas = document.querySelector(selector);
  if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0 && !(data[i] > 245 && data[i + 1] > 245 && data[i + 2] > 245) && ++ink > min) return true;
  }
  return false;
}

/** The q-quantile of sorted numbers (nearest rank). */
function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Opens the lab, waits until it drew, records frame gaps across Play … Pause. */
async function frameRun(browser, url, run) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = collectErrors(page);
  try {
    await page.goto(`${url}#${run.hash}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    const setup = await run.setup?.(page);
    await page.waitForSelector(`${run.play}:not([disabled])`, { state: 'visible', timeout: 60_000 });
    await page.waitForFunction(inked, [run.drawn, 500], { timeout: 60_000 });
    await page.locator(run.play).scrollIntoViewIfNeeded();
    const before = await page.textContent(run.readout);
    await page.evaluate(() => {
      const record = { gaps: [], longTasks: [], running: true };
      window.__frames = record;
      try {
        record.observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) record.longTasks.push(entry.duration);
        });
        record.observer.observe({ type: 'longtask' });
      } catch { /* no long-task timing in this browser */ }
      let last = null;
      const tick = () => {
        if (!record.running) return;
        const now = performance.now();
        if (last !== null) record.gaps.push(now - last);
        last = now;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.click(run.play);
    await page.waitForTimeout(RECORD_MS);
    const label = await page.textContent(run.play);
    await page.click(run.play);
    await page.waitForTimeout(200);
    const { gaps, longTasks } = await page.evaluate(() => {
      const record = window.__frames;
      record.running = false;
      record.observer?.disconnect();
      return { gaps: record.gaps, longTasks: record.longTasks };
    });
    const after = await page.textContent(run.readout);
    const sorted = [...gaps].sort((a, b) => a - b);
    return {
      name: setup ? `rnn (${setup.setting.cells === 'both' ? 'both cells' : setup.setting.cells}, H ${setup.setting.hidden}, T ${setup.setting.seqLen})` : run.name,
      setup, frames: gaps.length, seconds: RECORD_MS / 1000,
      medianMs: quantile(sorted, 0.5), p95Ms: quantile(sorted, 0.95), maxMs: sorted.at(-1) ?? NaN,
      over33Ms: gaps.filter((g) => g > 33.4).length, over100Ms: gaps.filter((g) => g > 100).length,
      longTasks: longTasks.length, longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
      playLabelWhilePlaying: label, readoutBefore: before, readoutAfter: after, errors,
    };
  } finally {
    await context.close();
  }
}

/** Navigation start → first lab interactive (see the header), in one fresh context. */
async function startupRun(browser, url) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(() => {
    const marks = {};
    window.__startup = marks;
    const ink = (canvas) => {
      if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 0 && !(data[i] > 245 && data[i + 1] > 245 && data[i + 2] > 245) && ++n > 500) return true;
      }
      return false;
    };
    const poll = setInterval(() => {
      const now = performance.now();
      if (marks.ready === undefined && document.body?.dataset.ready === 'true') marks.ready = now;
      if (marks.ready === undefined) return;
      const play = document.getElementById('rnn-play');
      if (play && !play.disabled && ink(document.querySelector('#rnn-unrolled canvas'))) {
        marks.interactive = now;
        clearInterval(poll);
      }
    }, 5);
  });
  const page = await context.newPage();
  const errors = collectErrors(page);
  try {
    await page.goto(`${url}#rnn`);
    await page.waitForFunction(() => window.__startup?.interactive !== undefined, null, { timeout: 60_000, polling: 50 });
    return await page.evaluate((errorCount) => {
      const nav = performance.getEntriesByType('navigation')[0];
      const paint = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]));
      const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('rnn/unroll_bg.wasm'));
      return {
        domContentLoadedMs: nav?.domContentLoadedEventEnd, firstContentfulPaintMs: paint['first-contentful-paint'],
        wasmFetchedMs: wasm?.responseEnd, readyMs: window.__startup.ready, interactiveMs: window.__startup.interactive,
        consoleErrors: errorCount,
      };
    }, errors.length);
  } finally {
    await context.close();
  }
}

/** Raw and gzipped (level 9) bytes of a file under www/pkg. */
async function size(name) {
  const bytes = await readFile(join(ROOT, 'www', 'pkg', name));
  return { file: `www/pkg/${name}`, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

/** Formats rows (arrays of strings; the first is the header) as an aligned table. */
function table(rows, textColumns = 1) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  return rows.map((row) => row.map((c, i) => (i < textColumns ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')).join('\n');
}

const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

await assertBuilt();
const server = await serve();
const browser = await launch();
try {
  const labs = [];
  for (const run of RUNS) {
    process.stderr.write(`frames: ${run.name}…\n`);
    labs.push(await frameRun(browser, server.url, run));
  }
  const startups = [];
  for (let i = 0; i < STARTUP_RUNS; i++) startups.push(await startupRun(browser, server.url));
  const startup = Object.fromEntries(['domContentLoadedMs', 'firstContentfulPaintMs', 'wasmFetchedMs', 'readyMs', 'interactiveMs']
    .map((key) => [key, median(startups.map((s) => s[key]).filter(Number.isFinite))]));
  // What each lab's module weighs (the first lab's is what the page needs to start), and what
  // the page loads at start: every lab's glue (imported by main.js) and the first lab's wasm.
  const sizes = [];
  for (const module of MODULES) sizes.push(await size(`${module}/unroll_bg.wasm`), await size(`${module}/unroll.js`));
  const atStart = sizes.filter((s) => s.file.endsWith('.js') || s.file === 'www/pkg/rnn/unroll_bg.wasm');
  sizes.push({ file: 'at start (the first lab\'s wasm, every glue)', bytes: atStart.reduce((a, s) => a + s.bytes, 0), gzipBytes: atStart.reduce((a, s) => a + s.gzipBytes, 0) });

  console.log(`Frame gaps: requestAnimationFrame callback to callback on the main thread, ${RECORD_MS / 1000} s of Play per lab, `
    + `headless Chromium ${browser.version()} at ${VIEWPORT.width}×${VIEWPORT.height}`);
  console.log(table([
    ['lab', 'frames', 'median ms', 'p95 ms', 'max ms', '>33 ms', '>100 ms', 'long tasks', 'longest ms', 'readout after'],
    ...labs.map((l) => [l.name, String(l.frames), f1(l.medianMs), f1(l.p95Ms), f1(l.maxMs), String(l.over33Ms),
      String(l.over100Ms), String(l.longTasks), f1(l.longestTaskMs), `"${(l.readoutAfter ?? '').trim().slice(0, 48)}"`]),
  ]));
  console.log(`\nStart-up (median of ${STARTUP_RUNS} fresh loads from a local server; ms from navigation start): `
    + 'first lab interactive = body[data-ready] and #rnn-play enabled and #rnn-unrolled canvas inked (polled every 5 ms)');
  console.log(table([
    ['DOMContentLoaded', 'first contentful paint', 'first lab\'s wasm fetched', 'data-ready', 'first lab interactive'],
    [f1(startup.domContentLoadedMs), f1(startup.firstContentfulPaintMs), f1(startup.wasmFetchedMs), f1(startup.readyMs), f1(startup.interactiveMs)],
  ], 0));
  console.log('\nDownload size');
  console.log(table([['file', 'bytes', 'gzip -9 bytes'], ...sizes.map((s) => [s.file, String(s.bytes), String(s.gzipBytes)])]));
  const errors = labs.flatMap((l) => l.errors.map((e) => `${l.name}: ${e}`));
  if (errors.length) console.log(`console errors:\n  ${errors.join('\n  ')}`);
  const file = await artifact('frames.json', `${JSON.stringify({
    date: new Date().toISOString(), chromium: browser.version(), recordMs: RECORD_MS, viewport: VIEWPORT,
    labs, startup: { ...startup, runs: startups }, sizes,
  }, null, 2)}\n`);
  console.log(`wrote ${file}`);
} finally {
  await browser.close();
  await server.close();
}
