// The address parser in Node, fed 20 000 random and mutated hashes: it never throws, always
// names a known lab or none, and keeps its note short and free of markup it did not quote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readAddress, safeDecode, MAX_HASH_CHARS } from '../../www/address.js';

const LABS = new Set(['rnn', 'attention', 'ctc', 'word2vec', 'metrics', 'bleu']);
const known = (id) => (LABS.has(id) ? id : null);

/** A seeded generator (xorshift32), so a failure can be replayed. */
function generator(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x / 4294967296;
  };
}

const PIECES = ['%', '%E0', '%A4', '%A', '%ZZ', '%00', '%25', '#', '?', '&', '=', 'rnn', 'attention', 'ctc',
  '<img src=x onerror=alert(1)>', '\u0000', '\uD800', '한국어', ' ', '..', '/', '\\', 'constructor', '__proto__'];

test('any hash gives a known lab or the default, never an exception', () => {
  const random = generator(7);
  for (let i = 0; i < 20_000; i++) {
    const parts = Array.from({ length: Math.floor(random() * 8) }, () => PIECES[Math.floor(random() * PIECES.length)]);
    const hash = (random() < 0.5 ? '#' : '') + parts.join('');
    const { id, note } = readAddress(hash, known);
    assert.ok(id === null || LABS.has(id), `${JSON.stringify(hash)} → ${id}`);
    assert.equal(typeof note, 'string');
    assert.ok(note.length < 400, 'the note stays short');
  }
  const long = readAddress(`#rnn${'x'.repeat(10 * MAX_HASH_CHARS)}`, known);
  assert.equal(long.id, null);
  assert.match(long.note, /longer than 1048576 characters/);
});

test('good links are read exactly; broken escapes are named', () => {
  assert.deepEqual(readAddress('#attention', known), { id: 'attention', query: '', note: '' });
  assert.deepEqual(readAddress('', known), { id: null, query: '', note: '' });
  assert.match(readAddress('#%', known).note, /not a valid link/);
  assert.match(readAddress('#%E0%A4%A', known).note, /not a valid link/);
  assert.equal(safeDecode('%E0%A4%A'), null);
  assert.equal(safeDecode('%ED%95%9C'), '한');
});
