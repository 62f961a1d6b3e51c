// The generated JavaScript module (`--target web`) works from Node, camelCase API and all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, fixture } from './harness.mjs';

const pkg = await import(join(ROOT, 'www', 'pkg', 'metrics', 'unroll.js'));
await pkg.default({ module_or_path: await readFile(join(ROOT, 'www', 'pkg', 'metrics', 'unroll_bg.wasm')) });
const fixtures = await fixture('bleu.json');
const metrics = await fixture('metrics.json');

test('sentenceBleu and corpusBleu equal sacreBLEU on every fixture case', () => {
  for (const c of fixtures.cases) {
    const options = new pkg.BleuOptions();
    options.tokenize = c.options.tokenize;
    options.smoothMethod = c.options.smooth_method;
    options.smoothValue = c.options.smooth_value ?? undefined;
    options.lowercase = c.options.lowercase;
    options.effectiveOrder = c.options.effective_order;
    const score = c.mode === 'sentence'
      ? pkg.sentenceBleu(c.hyps[0], c.refs.map((s) => s[0]), options)
      : pkg.corpusBleu(c.hyps, c.refs, options);
    assert.ok(Math.abs(score.score - c.expected.score) <= 1e-9, `${c.name}: ${score.score} vs ${c.expected.score}`);
    assert.deepEqual(Array.from(score.counts), c.expected.counts, c.name);
    assert.deepEqual(Array.from(score.totals), c.expected.totals, c.name);
    assert.equal(score.signature, c.expected.signature);
    score.free();
    options.free();
  }
});

test('bad input raises a JS Error with a readable message', () => {
  const options = new pkg.BleuOptions();
  options.smoothMethod = 'laplace';
  assert.throws(() => pkg.sentenceBleu('a', ['a'], options), { message: /smoothing must be one of exp, none, floor, add-k/ });
  assert.throws(() => pkg.sentenceBleu('a', [], new pkg.BleuOptions()), { message: 'the list of references is empty' });
  assert.throws(() => pkg.entropy(new Float64Array([0.5, -1]), 'bits'), { message: /entry 2 is negative/ });
  assert.throws(() => pkg.klDivergence([0.5, 0.5], [1], 'bits'), { message: /same number/ });
  assert.throws(() => new pkg.CharNgramModel('abc', 9, 'add-k', 1), { message: /order must be between 1 and 6, got 9/ });
  assert.throws(() => pkg.overlap('a', 'b', 'sentence'), { message: /overlap level must be one of char, token/ });
});

test('overlap, entropy, crossEntropy, klDivergence and mutualInformation match the references', () => {
  for (const e of metrics.overlap) {
    const o = pkg.overlap(e.truth, e.prediction, e.level);
    assert.equal(o.overlap, e.overlap);
    assert.equal(o.precision ?? null, e.precision);
    assert.equal(o.recall ?? null, e.recall);
  }
  const close = (a, b) => (b === 'inf' ? a === Infinity : Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)));
  for (const e of metrics.information) {
    assert.ok(close(pkg.entropy(e.p, 'bits'), e.bits.entropy_p));
    assert.ok(close(pkg.crossEntropy(e.p, e.q, 'nats'), e.nats.cross_entropy_pq));
    assert.ok(close(pkg.klDivergence(e.p, e.q, 'bits'), e.bits.kl_pq));
  }
  for (const e of metrics.mutual_information) {
    const mi = pkg.mutualInformation(e.joint.flat(), e.joint.length, e.joint[0].length, 'bits');
    assert.ok(Math.abs(mi.mi - e.bits.mi) <= 1e-12, `${mi.mi} vs ${e.bits.mi}`);
    mi.free();
  }
});

test('CharNgramModel gives the reference perplexity', () => {
  for (const e of metrics.ngram_lm) {
    const model = new pkg.CharNgramModel(e.train, e.order, e.smoothing === 'add_k' ? 'add-k' : 'witten-bell', e.k ?? 1);
    const result = model.score(e.test);
    assert.ok(Math.abs(result.perplexity - e.perplexity) <= 1e-9 * e.perplexity, `${result.perplexity} vs ${e.perplexity}`);
    result.free();
    model.free();
  }
});
