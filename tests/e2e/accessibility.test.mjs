// An automated accessibility audit (axe-core, run in Chromium) of every lab at desktop and
// phone width, after the lab has drawn: no serious or critical violation (contrast, names of
// controls, keyboard reach of scrolling regions, …). Lesser findings are printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PHONE, ROOT, useBrowser } from './harness.mjs';

const session = useBrowser();
const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

for (const lab of ['rnn', 'attention', 'ctc', 'word2vec', 'metrics']) {
  test(`${lab}: no serious accessibility violation at 1280 px and 360 px`, async () => {
    const source = await readFile(AXE, 'utf8');
    for (const size of [undefined, PHONE]) {
      const { page, errors, context } = await session.open(`#${lab}`, size);
      await page.waitForTimeout(300);
      // The Save menus open, so their buttons are audited too.
      await page.evaluate(() => document.querySelectorAll('details.figure-save').forEach((d) => { d.open = true; }));
      await page.addScriptTag({ content: source });
      const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
        .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\n')[1]?.trim()}`) })));
      const width = size ? size.width : 1280;
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      for (const v of violations.filter((x) => !serious.includes(x))) console.log(`# ${lab} at ${width} px, ${v.impact}: ${v.id} (${v.nodes[0]})`);
      assert.deepEqual(serious, [], `${lab} at ${width} px`);
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
}
