// Reads the page's address (its hash) without ever throwing: a malformed percent-escape, an
// unknown lab or a very long hash each give the default lab and a note saying what was not
// understood. The address is input like any other.

/** The longest hash read; the rest is ignored (with a note). */
export const MAX_HASH_CHARS = 1 << 20;

/** Percent-decodes `text`, or returns null when it is not valid (e.g. "%" or "%E0%A4%A"). */
export function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * What `hash` (location.hash, with or without '#') asks for: `{ id, query, note }`, where `id`
 * is an element id that `known(id)` accepts (or null for the default), `query` the state after
 * `?` (still escaped; '' when none: see link.js) and `note` is '' or a sentence.
 */
export function readAddress(hash, known) {
  let raw = String(hash ?? '');
  if (raw.startsWith('#')) raw = raw.slice(1);
  if (raw === '') return { id: null, query: '', note: '' };
  let note = '';
  if (raw.length > MAX_HASH_CHARS) {
    raw = raw.slice(0, MAX_HASH_CHARS);
    note = `The address was longer than ${MAX_HASH_CHARS} characters; the rest was ignored. `;
  }
  const name = raw.split(/[?&=]/, 1)[0];
  const rest = raw.slice(name.length);
  const query = rest.startsWith('?') ? rest.slice(1) : '';
  const decoded = safeDecode(name);
  if (decoded === null) {
    return { id: null, query: '', note: `${note}The address “#${shorten(raw)}” is not a valid link (a broken %-escape), so the first lab opened.` };
  }
  if (decoded === '') return { id: null, query, note: note.trim() };
  if (!known(decoded)) {
    return { id: null, query: '', note: `${note}The address names “${shorten(decoded)}”, which is not a lab or a part of one, so the first lab opened.` };
  }
  const extra = rest !== '' && !rest.startsWith('?') ? ` The part after “#${shorten(name)}” was not understood and was ignored.` : '';
  return { id: decoded, query, note: (note + extra).trim() };
}

/** At most 60 characters of `text`, for a note. */
function shorten(text) {
  const chars = Array.from(text);
  return chars.length > 60 ? `${chars.slice(0, 60).join('')}…` : text;
}
