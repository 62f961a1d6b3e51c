// The page's number formats (www/dom.js): never a negative zero, significant digits written as
// the drawings write them (`significant` in src/render/kit/text.rs has the same cases).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fmt, sig } from '../../www/dom.js';

test('sig writes significant digits as the drawings do', () => {
  const cases = [
    [0.99951, 4, '0.9995'], [0.000500125, 4, '5.001e-4'], [12.3456, 4, '12.35'], [-0.25, 4, '−0.2500'],
    [-0, 4, '0'], [-3.2e-7, 2, '−3.2e-7'], [1.25e8, 4, '1.250e8'], [0.99996, 4, '1.000'],
    [0.00099996, 4, '0.001000'], [0.00099949, 4, '9.995e-4'], [999_999.9, 4, '1.000e6'],
    [-Infinity, 4, '−∞'], [NaN, 4, '–'],
  ];
  for (const [value, digits, expected] of cases) assert.equal(sig(value, digits), expected, `sig(${value}, ${digits})`);
});

test('fmt never prints a negative zero or a zero for a value that is not zero', () => {
  assert.equal(fmt(-0.00001, 4), '-1.0e-5');
  assert.equal(fmt(0.00001, 2), '1.0e-5');
  assert.equal(fmt(-0, 2), '0.00');
  assert.equal(fmt(0, 4), '0.0000');
  assert.equal(fmt(-0.25, 2), '-0.25');
  assert.equal(fmt(1.5, 3), '1.500');
  for (const value of [-1e-12, -4e-5, -0.00049, -0.0049]) {
    for (let digits = 0; digits < 6; digits++) assert.doesNotMatch(fmt(value, digits), /^-0(\.0*)?$/, `fmt(${value}, ${digits})`);
  }
});
