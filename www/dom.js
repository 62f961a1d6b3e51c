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

/** Formats a number with `digits` decimals, ∞ for infinity, and – for null/undefined/NaN. */
export function fmt(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  return value.toFixed(digits);
}

/** Splits textarea text into lines (\r\n or \n), dropping one trailing empty line. */
export function lines(text) {
  const parts = text.split(/\r?\n/);
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
