// One rule for every number field: its range comes from the engine's table (numberFields()),
// is written into the input's min/max/step and shown beside it, and readNumber() refuses
// anything empty, non-numeric, fractional where whole numbers are asked for, or out of range,
// with a message naming the field and its range. Nothing is wrapped, truncated or clamped.

/** Ranges by field key, filled by installNumberFields(). */
const ranges = new Map();
/** The largest inputs (files, texts), filled by installNumberFields(). */
export const inputLimits = {};

/** A limit as people write it, with a real minus sign (every limit prints in full). */
function shown(value) {
  return String(value).replace(/^-/, '−');
}

/** The range in words, e.g. "a whole number from 1 to 256". */
export function rangeText(key) {
  const range = ranges.get(key);
  if (!range) return '';
  return `${range.integer ? 'a whole number' : 'a number'} from ${shown(range.min)} to ${shown(range.max)}`;
}

/** The field's visible name: its data-name, or its label's text without the range hint. */
function fieldName(input) {
  if (input.dataset.name) return input.dataset.name;
  const label = input.closest('label');
  const text = label ? Array.from(label.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(' ') : '';
  return text.trim() || input.id;
}

/**
 * Reads the engine's table of ranges and input limits from `api` (any lab's module: each has
 * the whole table), once; installNumberFields() needs it.
 */
export function loadFieldTable(api) {
  if (ranges.size > 0) return;
  for (const field of api.numberFields()) {
    ranges.set(field.key, { min: field.min, max: field.max, integer: field.integer });
    field.free();
  }
  const limits = new api.InputLimits();
  Object.assign(inputLimits, {
    modelFileBytes: limits.modelFileBytes,
    rnnTextChars: limits.rnnTextChars,
    word2vecTextBytes: limits.word2vecTextBytes,
    ngramTrainChars: limits.ngramTrainChars,
  });
  limits.free();
}

/** Applies the engine's ranges to every input[data-field] under `root` and shows each range. */
export function installNumberFields(root = document) {
  if (ranges.size === 0) throw new Error('installNumberFields before loadFieldTable');
  for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (root.querySelectorAll('input[data-field]'))) {
    const range = ranges.get(input.dataset.field);
    if (!range) throw new Error(`the page has a number field "${input.dataset.field}" the engine does not know`);
    input.min = String(range.min);
    input.max = String(range.max);
    input.step = range.integer ? '1' : 'any';
    input.inputMode = range.integer ? 'numeric' : 'decimal';
    const hint = `${shown(range.min)}–${shown(range.max)}`;
    input.title = `${rangeText(input.dataset.field)}${input.dataset.optional !== undefined ? ' (empty: the default)' : ''}`;
    let span = input.nextElementSibling;
    if (!span?.classList.contains('range')) {
      span = document.createElement('span');
      span.className = 'range';
      span.setAttribute('aria-hidden', 'true');
      input.after(span);
    }
    span.textContent = hint;
  }
}

/**
 * The value of a number input, or a RangeError naming the field and its range. An empty
 * optional field (data-optional) gives null.
 */
export function readNumber(input) {
  const key = input.dataset.field;
  const range = ranges.get(key);
  if (!range) throw new Error(`the number field ${input.id} has no range`);
  const name = fieldName(input);
  const wanted = rangeText(key);
  const typed = input.value.trim();
  if (input.validity?.badInput) throw new RangeError(`${name} must be ${wanted}; what is typed is not a number.`);
  if (typed === '') {
    if (input.dataset.optional !== undefined) return null;
    throw new RangeError(`${name} is empty: type ${wanted}.`);
  }
  const value = Number(typed);
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be ${wanted}; got "${typed}".`);
  if (range.integer && !Number.isInteger(value)) throw new RangeError(`${name} must be ${wanted}; got ${typed}, which is not whole.`);
  if (value < range.min || value > range.max) throw new RangeError(`${name} must be ${wanted}; got ${typed}.`);
  return value;
}

/** Sizes in people's units (bytes, kB, MB). */
export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toPrecision(3)} kB`;
  return `${(bytes / (1024 * 1024)).toPrecision(3)} MB`;
}
