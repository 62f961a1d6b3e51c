// Every chart works from the keyboard: a painted canvas takes the focus (Tab), and a cursor
// moves over it with the arrow keys, from one read-out to the next (a cell, a point, a word):
// the chart's own hover read-out appears at the cursor and is read aloud from a live region.
// Enter or Space clicks where the cursor is (selecting a row, a word); Page Up / Page Down raise
// or lower the value under it where a chart lets values be dragged (the chart hears a
// `chart-nudge` event; one that does not take it gets a press a little above or below the
// cursor); Escape leaves.
// The keys send the chart the same pointer events a mouse sends, so what a key does is exactly
// what the mouse does there.
import { el } from './dom.js';

/** How far the cursor probes per move while looking for the next read-out, in CSS pixels. */
const PROBE_PX = 2;
/** How far Page Up / Page Down press from the cursor, in CSS pixels. */
const PRESS_OFFSET_PX = 4;
/** The grid the first read-out is looked for on, in CSS pixels. */
const SCAN_PX = 10;

/** Makes `canvas` usable from the keyboard (once; painter() calls it on the first paint). */
export function keyboardCanvas(canvas) {
  if (canvas.dataset.keys === 'on') return;
  canvas.dataset.keys = 'on';
  canvas.tabIndex = 0;
  const live = el('p', { class: 'sr-only', 'aria-live': 'polite' });
  canvas.before(live);
  /** The cursor, in CSS pixels from the canvas's top left (null: none yet). */
  let at = null;
  const section = canvas.closest('section') ?? document.body;
  const readout = () => {
    const tip = /** @type {HTMLElement | null} */ (section.querySelector('.tooltip:not([hidden])'));
    return (tip?.textContent || canvas.title || '').trim();
  };
  const fire = (type, x, y, buttons = 0) => {
    const rect = canvas.getBoundingClientRect();
    const init = {
      bubbles: true, cancelable: true, clientX: rect.left + x, clientY: rect.top + y,
      pointerId: 1, pointerType: 'mouse', isPrimary: true, button: 0, buttons,
    };
    canvas.dispatchEvent(type === 'click' ? new MouseEvent(type, init) : new PointerEvent(type, init));
  };
  const probe = (x, y) => {
    fire('pointermove', x, y);
    return readout();
  };
  const announce = (text) => { live.textContent = text; };
  /** Moves the cursor to the next position whose read-out differs, towards (dx, dy). */
  const seek = (dx, dy) => {
    const [width, height] = [canvas.clientWidth, canvas.clientHeight];
    if (!at) return first();
    const before = probe(at[0], at[1]);
    for (let k = 1; ; k++) {
      const x = at[0] + dx * PROBE_PX * k;
      const y = at[1] + dy * PROBE_PX * k;
      if (x < 0 || y < 0 || x > width || y > height) break;
      const text = probe(x, y);
      if (text && text !== before) {
        at = [x, y];
        announce(text);
        return;
      }
    }
    probe(at[0], at[1]);
    announce(before ? `${before} (the last one this way)` : 'Nothing to read out this way.');
  };
  /** Puts the cursor on the first read-out, scanning from the top left. */
  const first = () => {
    const [width, height] = [canvas.clientWidth, canvas.clientHeight];
    for (let y = SCAN_PX / 2; y < height; y += SCAN_PX) {
      for (let x = SCAN_PX / 2; x < width; x += SCAN_PX) {
        const text = probe(x, y);
        if (text) {
          at = [x, y];
          announce(text);
          return;
        }
      }
    }
    announce(`${canvas.getAttribute('aria-label') ?? 'This chart'}: no read-out here; Save → Data has its numbers.`);
  };
  const press = (dy) => {
    if (!at) return;
    const [x, y] = [at[0], Math.min(Math.max(at[1] + dy, 0), canvas.clientHeight)];
    fire('pointerdown', x, y, 1);
    fire('pointerup', x, y);
    fire('click', x, y);
    at = [x, y];
    announce(probe(x, y) || 'Done.');
  };
  /** Raises (+1) or lowers (−1) the value under the cursor. */
  const nudge = (by) => {
    if (!at) return;
    const rect = canvas.getBoundingClientRect();
    const detail = { clientX: rect.left + at[0], clientY: rect.top + at[1], by };
    const taken = !canvas.dispatchEvent(new CustomEvent('chart-nudge', { detail, cancelable: true }));
    if (taken) announce(probe(at[0], at[1]) || 'Done.');
    else press(-by * PRESS_OFFSET_PX);
  };
  canvas.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (event.key in moves) seek(...moves[event.key]);
    else if (event.key === 'Enter' || event.key === ' ') press(0);
    else if (event.key === 'PageUp') nudge(1);
    else if (event.key === 'PageDown') nudge(-1);
    else if (event.key === 'Escape') { canvas.dispatchEvent(new PointerEvent('pointerleave', { bubbles: true })); at = null; announce(''); return; }
    else return;
    event.preventDefault();
    event.stopPropagation();
  });
  canvas.addEventListener('focus', () => { if (at) probe(at[0], at[1]); });
  canvas.addEventListener('blur', () => { canvas.dispatchEvent(new PointerEvent('pointerleave', { bubbles: true })); });
}
