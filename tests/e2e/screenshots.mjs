// Screenshots of every lab at desktop and phone width, and a pixel comparison of two sets:
// the proof a refactor kept the page as it was. Not a test (the page is not asserted on);
// run it by hand around a change:
//   node tests/e2e/screenshots.mjs shoot /tmp/before      (before the change, after a build)
//   node tests/e2e/screenshots.mjs shoot /tmp/after       (after it, after a rebuild)
//   node tests/e2e/screenshots.mjs compare /tmp/before /tmp/after
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serve, launch, openPage, assertBuilt } from './harness.mjs';

const LABS = ['rnn', 'attention', 'ctc', 'word2vec', 'metrics'];
const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 360, height: 780 } };
/** Time for the first draws after a lab starts (labs draw on the next animation frame). */
const SETTLE_MS = 1500;

/** Saves `<lab>-<width>.png` for every lab and width into `dir`. */
async function shoot(dir) {
  await assertBuilt();
  await mkdir(dir, { recursive: true });
  const server = await serve();
  const browser = await launch();
  try {
    for (const lab of LABS) {
      for (const [name, size] of Object.entries(WIDTHS)) {
        const { page, errors, context } = await openPage(browser, `${server.url}#${lab}`, size);
        await page.waitForTimeout(SETTLE_MS);
        await page.screenshot({ path: join(dir, `${lab}-${name}.png`), fullPage: true });
        if (errors.length) console.log(`${lab} ${name}: console errors: ${errors.join(' | ')}`);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`saved ${LABS.length * Object.keys(WIDTHS).length} screenshots in ${dir}`);
}

/** Compares same-named PNGs in two folders pixel by pixel (decoded by Chromium). */
async function compare(a, b) {
  const browser = await launch();
  const context = await browser.newContext();
  const page = await context.newPage();
  let differing = 0;
  try {
    for (const file of (await readdir(a)).filter((f) => f.endsWith('.png')).sort()) {
      const [left, right] = await Promise.all([readFile(join(a, file)), readFile(join(b, file))]);
      const result = await page.evaluate(async ([l, r]) => {
        const decode = async (base64) => {
          const image = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob());
          const canvas = new OffscreenCanvas(image.width, image.height);
          const context = canvas.getContext('2d');
          context.drawImage(image, 0, 0);
          return { width: image.width, height: image.height, data: context.getImageData(0, 0, image.width, image.height).data };
        };
        const [x, y] = await Promise.all([decode(l), decode(r)]);
        if (x.width !== y.width || x.height !== y.height) return { size: `${x.width}×${x.height} vs ${y.width}×${y.height}` };
        let pixels = 0;
        for (let i = 0; i < x.data.length; i += 4) {
          if (x.data[i] !== y.data[i] || x.data[i + 1] !== y.data[i + 1] || x.data[i + 2] !== y.data[i + 2]) pixels++;
        }
        return { pixels, total: x.width * x.height };
      }, [left.toString('base64'), right.toString('base64')]);
      const same = result.pixels === 0;
      if (!same) differing++;
      console.log(`${file}: ${result.size ? `size differs (${result.size})` : same ? 'identical' : `${result.pixels} of ${result.total} pixels differ`}`);
    }
  } finally {
    await browser.close();
  }
  await writeFile(join(b, 'compare.txt'), `${differing} differing\n`);
  console.log(differing === 0 ? 'all identical' : `${differing} differ`);
  process.exitCode = differing === 0 ? 0 : 1;
}

const [command, ...dirs] = process.argv.slice(2);
if (command === 'shoot' && dirs.length === 1) await shoot(dirs[0]);
else if (command === 'compare' && dirs.length === 2) await compare(dirs[0], dirs[1]);
else {
  console.error('usage: node tests/e2e/screenshots.mjs shoot DIR | compare DIR_A DIR_B');
  process.exitCode = 2;
}
