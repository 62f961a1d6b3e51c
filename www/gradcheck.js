// The gradient check's read-out, the same in every lab that trains: a sentence with the worst
// relative error and a table of the entries (tensor[row, column], analytic, numeric, error).
import { el, sig } from './kit.js';

/**
 * The read-out of one model's check (`values`: a GradientCheckValues, freed here), headed by
 * `label` (the model's name) when there are several.
 * @param {any} values
 * @param {string} [label]
 */
export function gradientCheckView(values, label = '') {
  const { precision, epsilon, resolvable, floor, tensors, rows, columns, vectors, analytic, numeric, relative } = values;
  const unresolved = values.unresolvedTensors;
  const unresolvedLargest = values.unresolvedLargest;
  values.free();
  const worst = relative.reduce((m, r) => Math.max(m, r), 0);
  const head = `${label ? `${label}: ` : ''}${relative.length} entries in ${precision}, ε = ${sig(epsilon, 1)}; `
    + `the largest relative error |a − n| / max(|a|, |n|) is ${sig(worst, 2)}.`;
  const body = tensors.map((name, i) => el('tr', {},
    el('td', { class: 'text mono' }, vectors[i] ? `${name}[${rows[i]}]` : `${name}[${rows[i]}, ${columns[i]}]`),
    el('td', {}, sig(analytic[i], 6)),
    el('td', {}, sig(numeric[i], 6)),
    el('td', {}, sig(relative[i], 2))));
  const left = unresolved.length
    ? el('p', { class: 'hint' }, `Not checked: ${unresolved.map((name, i) => `${name} (largest |∂L/∂θ| ${sig(unresolvedLargest[i], 2)})`).join(', ')}`
      + ` — below ${Math.round(resolvable * 100)} % of the largest gradient or below ${sig(floor, 1)}, too small for ${precision} to resolve in a difference of two losses.`)
    : null;
  return el('div', { class: 'gradcheck' },
    el('p', {}, head),
    ...(left ? [left] : []),
    el('table', { class: 'numbers' },
      el('thead', {}, el('tr', {},
        el('th', { class: 'text' }, 'entry'), el('th', {}, 'analytic ∂L/∂θ'),
        el('th', {}, 'central difference'), el('th', {}, 'relative error'))),
      el('tbody', {}, ...body)));
}
