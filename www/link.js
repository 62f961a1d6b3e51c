// A lab's whole state as a link, and back. The address is `#<lab>?v=1&<key>=<value>&…`: one
// key per control whose value differs from the page's default (its id, without the lab's
// prefix; a radio group by its name), then what the controls do not hold, named by the lab
// (`trained=3000`: the model was trained 3 000 steps from its seed, and opening the link
// replays them; `stage=backward.12`; a selection). Long values (pasted text) are compressed
// (deflate, base64url, marked `~`). Reading never throws: what cannot be used is named in a
// note and the nearest valid state opens.
import { readNumber } from './fields.js';

/** The link format's version; a link without one (or a newer one) opens with a note. */
export const LINK_VERSION = 1;
/** Values longer than this many characters travel compressed. */
const COMPRESS_OVER = 160;
/** A link longer than this is offered as a session file instead (chat tools cut long links). */
export const LONGEST_LINK = 16_000;
/** Keys a lab's own state may use (never a control's name). */
const RESERVED = new Set(['v']);

/** The controls of `root` a link holds: inputs, selects and text areas with an id or a radio name. */
function controlsOf(root) {
  return /** @type {Array<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>} */ ([...root.querySelectorAll('input, select, textarea')])
    .filter((c) => c.dataset.link !== 'off' && !(c instanceof HTMLInputElement && ['file', 'button', 'submit'].includes(c.type))
      && (c.id || (c instanceof HTMLInputElement && c.type === 'radio' && c.name)));
}

/** The radio buttons of `root` named `name`. */
function radioGroup(root, name) {
  return /** @type {HTMLInputElement[]} */ ([...root.querySelectorAll('input[type="radio"]')]).filter((r) => r.name === name);
}

/** The prefix of `section`'s control ids a link leaves out (data-prefix, or the section's id). */
export function prefixOf(section) {
  return section.dataset.prefix ?? section.id;
}

/** The key of control `c` in a link: its id without `prefix-`, or a radio group's name. */
function keyOf(c, prefix) {
  const name = c instanceof HTMLInputElement && c.type === 'radio' ? c.name : c.id;
  return name.startsWith(`${prefix}-`) ? name.slice(prefix.length + 1) : name;
}

/** Each control's value when its lab had just started (its default), by control. */
const defaults = new WeakMap();

/**
 * Records every control's value in `section` as its default: called once a lab has started,
 * so values its code fills in (a sample text, a sentence for the chosen task) count as
 * defaults and stay out of the link.
 */
export function recordDefaults(section) {
  for (const c of controlsOf(section)) {
    if (!defaults.has(c)) defaults.set(c, c instanceof HTMLInputElement && (c.type === 'radio' || c.type === 'checkbox') ? c.checked : valueOf(c));
  }
}

/** Whether radio or checkbox `c` is checked by default. */
function checkedByDefault(c) {
  return defaults.has(c) ? defaults.get(c) : c.defaultChecked;
}

/** The default value of a control, as a link writes it. */
function defaultOf(c) {
  if (defaults.has(c) && !(c instanceof HTMLInputElement && (c.type === 'radio' || c.type === 'checkbox'))) return defaults.get(c);
  if (c instanceof HTMLInputElement && c.type === 'checkbox') return checkedByDefault(c) ? '1' : '0';
  if (c instanceof HTMLSelectElement) {
    const option = [...c.options].find((o) => o.defaultSelected) ?? c.options[0];
    return option?.value ?? '';
  }
  return c.defaultValue;
}

/** The value of a control, as a link writes it. */
function valueOf(c) {
  if (c instanceof HTMLInputElement && c.type === 'checkbox') return c.checked ? '1' : '0';
  return c.value;
}

/**
 * The `[key, value]` pairs of every control of lab `section` that differs from its default
 * (radio groups: the checked one when it is not the default one); `built` gives the value of
 * a control a lab built its model from, when it has changed since.
 */
export function captureControls(section, built = new Map()) {
  const pairs = [];
  const radios = new Set();
  for (const c of controlsOf(section)) {
    const key = keyOf(c, prefixOf(section));
    if (c instanceof HTMLInputElement && c.type === 'radio') {
      if (radios.has(key)) continue;
      radios.add(key);
      const group = radioGroup(section, c.name);
      const checked = group.find((r) => r.checked);
      const initial = group.find((r) => checkedByDefault(r));
      if (checked && checked !== initial) pairs.push([key, checked.value]);
      continue;
    }
    const value = built.has(c) ? built.get(c) : valueOf(c);
    if (value !== defaultOf(c)) pairs.push([key, value]);
  }
  return pairs;
}

/**
 * Sets the controls of `section` named in `params` (a Map of decoded values); returns the keys
 * it used and notes on what it could not: an unknown choice, a number out of range (the control
 * keeps its default).
 */
export function applyControls(section, params) {
  const used = new Set();
  const notes = [];
  for (const c of controlsOf(section)) {
    const key = keyOf(c, prefixOf(section));
    const isRadio = c instanceof HTMLInputElement && c.type === 'radio';
    // Controls the link does not name go back to their defaults: a link is a whole state.
    if (!params.has(key)) {
      if (isRadio || (c instanceof HTMLInputElement && c.type === 'checkbox')) c.checked = checkedByDefault(c);
      else c.value = defaultOf(c);
      continue;
    }
    used.add(key);
    const value = params.get(key);
    if (isRadio) {
      const group = radioGroup(section, c.name);
      if (!group.some((r) => r.value === value)) {
        if (checkedByDefault(c)) notes.push(`“${key}=${shorten(value)}” is not one of its choices (${group.map((r) => r.value).join(', ')}), so it was left at “${c.value}”.`);
        c.checked = checkedByDefault(c);
      } else {
        c.checked = c.value === value;
      }
    } else if (c instanceof HTMLSelectElement) {
      if ([...c.options].some((o) => o.value === value)) c.value = value;
      else {
        c.value = defaultOf(c);
        notes.push(`“${key}=${shorten(value)}” is not one of its choices (${[...c.options].map((o) => o.value).join(', ')}), so it was left at “${c.value}”.`);
      }
    } else if (c instanceof HTMLInputElement && c.type === 'checkbox') {
      c.checked = value === '1';
    } else {
      c.value = value;
      if (c instanceof HTMLInputElement && c.dataset.field) {
        try {
          readNumber(c);
        } catch (error) {
          c.value = defaultOf(c);
          notes.push(`${error.message} The link's value was not used; the default ${c.value || '(empty)'} was.`);
        }
      }
    }
  }
  return { used, notes };
}

/** `text` as base64url of its raw-deflated UTF-8. */
async function compress(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The text `compress` made, or null when `data` is not such a text. */
async function decompress(data) {
  try {
    const binary = atob(data.replaceAll('-', '+').replaceAll('_', '/'));
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return new TextDecoder('utf-8', { fatal: true }).decode(await new Response(stream).arrayBuffer());
  } catch {
    return null;
  }
}

/** One value for a link: as it is, or compressed when long. */
async function encodeValue(value) {
  return value.length > COMPRESS_OVER || value.startsWith('~') ? `~${await compress(value)}` : value;
}

/** Percent-escapes what a link cannot hold, keeping the rest readable. */
function escape(text) {
  return encodeURIComponent(text).replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%2F/g, '/');
}

/**
 * The address of a state: `#<name>?v=1&key=value…` from `pairs` (controls first, then the
 * lab's own), long values compressed.
 */
export async function encodeLink(name, pairs) {
  const parts = [`v=${LINK_VERSION}`];
  for (const [key, value] of pairs) parts.push(`${escape(key)}=${escape(await encodeValue(String(value)))}`);
  return `#${name}?${parts.join('&')}`;
}

/**
 * The parameters after `?` in an address (`query`, still escaped): a Map of decoded values,
 * and notes on what could not be read (a broken escape or compressed value, a missing or newer
 * version). Never throws.
 */
export async function decodeParams(query) {
  const params = new Map();
  const notes = [];
  if (!query) return { params, notes };
  for (const part of query.split('&')) {
    if (part === '') continue;
    const at = part.indexOf('=');
    const rawKey = at < 0 ? part : part.slice(0, at);
    const rawValue = at < 0 ? '' : part.slice(at + 1);
    let key;
    let value;
    try {
      key = decodeURIComponent(rawKey);
      value = decodeURIComponent(rawValue);
    } catch {
      notes.push(`The link's part “${shorten(part)}” has a broken %-escape and was ignored.`);
      continue;
    }
    if (value.startsWith('~')) {
      const text = await decompress(value.slice(1));
      if (text === null) {
        notes.push(`The link's “${shorten(key)}” is cut short or damaged, so it was not used.`);
        continue;
      }
      value = text;
    }
    params.set(key, value);
  }
  const version = params.get('v');
  if (params.size > 0 && version !== String(LINK_VERSION)) {
    notes.push(version === undefined
      ? 'The link has no version; it was read as this version’s link.'
      : `The link is of version “${shorten(version)}”; this page reads version ${LINK_VERSION}, so it was read as far as it could be.`);
  }
  params.delete('v');
  return { params, notes };
}

/** Notes naming the keys of `params` nothing used. */
export function unusedNotes(params, used) {
  const unknown = [...params.keys()].filter((key) => !used.has(key) && !RESERVED.has(key));
  if (unknown.length === 0) return [];
  const list = unknown.slice(0, 5).map((key) => `“${shorten(key)}”`).join(', ');
  return [`The link names ${list}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}, which this lab does not have; ${unknown.length === 1 ? 'it was' : 'they were'} ignored.`];
}

/** `text` (a link's value) as a whole number from 0 to `most` (0 when absent), or null. */
export function wholeCount(text, most) {
  if (text === undefined) return 0;
  if (!/^\d{1,10}$/.test(text)) return null;
  const n = Number(text);
  return n <= most ? n : null;
}

/** At most 40 characters of `text`, for a note. */
export function shorten(text) {
  const chars = Array.from(String(text));
  return chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : String(text);
}

/**
 * Tells the page that a lab's own state (not a control's value) changed, so the address is
 * written again: `push` adds a history entry (Back returns to the state before).
 */
export function stateChanged(element, push = true) {
  element.dispatchEvent(new CustomEvent('unroll-state', { bubbles: true, detail: { push } }));
}
