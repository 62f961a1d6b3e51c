// Shared end-to-end test harness: a static server for the repository root and a headless
// Chromium (Debian's, driven by playwright-core) that records every console error.
import { createServer } from 'node:http';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = normalize(join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
export const ARTIFACTS = join(ROOT, 'tests', 'e2e', 'artifacts');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png',
  '.svg': 'image/svg+xml',
};
/** A phone's viewport for openPage: 360 CSS pixels wide at device pixel ratio 2. */
export const PHONE = { width: 360, height: 780, deviceScaleFactor: 2 };
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Serves the repository root on a free loopback port; resolves to { url, close }. */
export async function serve() {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const file = normalize(join(ROOT, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(ROOT)) { response.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}

/** Launches headless Chromium. */
export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}

/** The list, filled as they happen, of `page`'s console errors and page errors. */
export function collectErrors(page) {
  const errors = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(String(error)));
  return errors;
}

/** Opens the page at `url` in a new context; collects console errors and page errors. */
export async function openPage(browser, url, { width = 1280, height = 900, deviceScaleFactor = 1 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return { page, errors, context };
}

/** Saves a full-page screenshot under tests/e2e/artifacts. */
export async function screenshot(page, name) {
  await page.screenshot({ path: await artifactPath(name), fullPage: true });
}

/** Counts non-background pixels on a canvas (how much was drawn on it). */
export function inkedPixels(page, selector) {
  return page.evaluate((sel) => {
    const canvas = document.querySelector(sel);
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      const white = data[i] > 245 && data[i + 1] > 245 && data[i + 2] > 245;
      if (data[i + 3] > 0 && !white) inked++;
    }
    return inked;
  }, selector);
}

/** A fingerprint of every pixel of each canvas matched by `selector` (`width×height:hash`). */
export function canvasPixels(page, selector) {
  return page.evaluate((sel) => [...document.querySelectorAll(sel)].map((canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let hash = 0;
    for (let i = 0; i < data.length; i++) hash = (hash * 31 + data[i]) | 0;
    return `${canvas.width}×${canvas.height}:${hash}`;
  }), selector);
}

/** The texts (a field's value, else the text content) of every element matched by `selector`. */
export function texts(page, selector) {
  return page.evaluate((sel) => [...document.querySelectorAll(sel)].map((e) => (e instanceof HTMLTextAreaElement || e instanceof HTMLInputElement ? e.value : e.textContent)), selector);
}

/** Waits until the address holds a state (the page writes it a moment after a change) and returns it. */
export async function settledAddress(page) {
  await page.waitForTimeout(400);
  await page.waitForFunction(() => location.hash.includes('?v=1'));
  return page.evaluate(() => location.hash);
}

/** Opens `hash` in a fresh context of `session` and waits until the lab is ready and the link opened. */
export async function openLink(session, hash) {
  const opened = await session.open(hash);
  await opened.page.waitForFunction(() => document.querySelector('#link-progress').hidden && document.body.dataset.ready === 'true');
  return opened;
}

/** Replaces a text field's value as a user would (fires `input`). */
export async function type(page, selector, text) {
  await page.fill(selector, text);
}

/** The page's wasm modules, one per lab (www/pkg/<module>/, built by scripts/build.sh). */
export const MODULES = ['rnn', 'attention', 'ctc', 'word2vec', 'metrics'];

/** Checks that every module is readable (the wasm build ran). */
export async function assertBuilt() {
  for (const module of MODULES) await readFile(join(ROOT, 'www', 'pkg', module, 'unroll_bg.wasm'));
}

/**
 * Registers the test file's hooks: before its tests, checks the build, serves the repository and
 * launches Chromium; after them, closes both. Returns accessors for use inside the tests.
 */
export function useBrowser() {
  let server;
  let browser;
  before(async () => {
    await assertBuilt();
    server = await serve();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    /** The launched Chromium. */
    get browser() { return browser; },
    /** The served repository root, ending in '/'. */
    get url() { return server.url; },
    /** Opens `path` (relative to the root, e.g. '#ctc') as openPage does. */
    open: (path = '', size) => openPage(browser, `${server.url}${path}`, size),
  };
}

/** The text of the element `selector` matches. */
export function text(page, selector) {
  return page.textContent(selector);
}

/** A JSON file of tests/fixtures, parsed. */
export async function fixture(name) {
  return JSON.parse(await readFile(join(ROOT, 'tests', 'fixtures', name), 'utf8'));
}

/** The path of a file under tests/e2e/artifacts (the folder is made if need be). */
export async function artifactPath(name) {
  await mkdir(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/** Writes `contents` to a file under tests/e2e/artifacts; returns its path. */
export async function artifact(name, contents) {
  const path = await artifactPath(name);
  await writeFile(path, contents);
  return path;
}
