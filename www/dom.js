// Small DOM helpers. Text always goes in as textContent, never as HTML.

/** Creates an element with attributes/properties and text or child nodes. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/**
 * Formats a number with `digits` decimals, ∞ for infinity, and – for null/undefined/NaN. A
 * value that is not zero but would print as zero (`0.0000`, `-0.00`) is written with two
 * significant digits in scientific notation (`3.2e-5`, `-4.0e-7`); zero is never negative.
 */
export function fmt(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  if (value === 0) return (0).toFixed(digits);
  const text = value.toFixed(digits);
  return /^-?0(\.0*)?$/.test(text) ? value.toExponential(1) : text;
}

/**
 * `value` with `digits` significant digits (trailing zeros kept), as the drawings write numbers
 * (`significant` in src/render/kit/text.rs): `0.9995`, `12.35`, `−0.2500`, in scientific
 * notation below 1e-3 and from 1e6 on (`5.001e-4`, `1.250e8`), `0` for zero (never negative),
 * a true minus sign; – for null/undefined/NaN, ∞ and −∞.
 */
export function sig(value, digits = 4) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  const scientific = magnitude.toExponential(digits - 1);
  const exponent = Number(scientific.split('e')[1]);
  const text = exponent < -3 || exponent >= 6
    ? scientific.replace('e+', 'e')
    : magnitude.toFixed(Math.max(0, digits - 1 - exponent));
  return value < 0 ? `−${text}` : text;
}

/**
 * Formats `value` with `digits` decimals as Rust's `{:.N}` does (the engine's text formats so):
 * an exact tie rounds half to even, −0 keeps its sign, NaN and infinities as `NaN`, `inf`, `-inf`.
 */
export function fixedLikeRust(value, digits) {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  // |value| = mantissa · 2^exponent exactly.
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  let numerator = mantissa * 10n ** BigInt(digits);
  let denominator = 1n;
  if (exponent >= 0) numerator <<= BigInt(exponent);
  else denominator <<= BigInt(-exponent);
  let units = numerator / denominator;
  const twice = 2n * (numerator % denominator);
  if (twice > denominator || (twice === denominator && units % 2n === 1n)) units += 1n;
  const text = units.toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const decimals = text.slice(text.length - digits);
  return `${negative ? '-' : ''}${whole}${digits > 0 ? `.${decimals}` : ''}`;
}

/** Splits textarea text into lines (\r\n or \n), dropping one trailing empty line. */
export function lines(text) {
  const parts = text.split(/\r?\n/);
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
