// Every figure leaves the page: each chart is drawn through `paint`, which remembers its draw
// call, so the chart's "Save" menu can run the same call again into an SVG document (the
// lab's module writes SVG instead of canvas pixels while a figure is captured, and records the
// numbers it plots), into a canvas at twice the CSS size (PNG), or take the numbers (JSON).
// What is saved is what is shown: the same call, the same selection and hover state.
import { fitCanvas } from './canvas.js';
import { download, el, guard } from './kit.js';
import { keyboardCanvas } from './keyboard.js';

/** Pixels per CSS pixel of a saved PNG. */
export const PNG_SCALE = 2;

/** Each painted canvas's draw call: `(canvas, pixelRatio) => void`, with what saves it. */
const painted = new WeakMap();

/**
 * A lab's `paint(canvas, draw)`: sizes `canvas`, runs `draw(canvas, pixelRatio)` and keeps it
 * for the chart's Save menu (added under the canvas the first time). `wasm` is the lab's
 * module (its beginFigure and finishFigure); `lab` names the lab in file names and `tag()` says
 * where it is (e.g. `step-300`).
 */
export function painter(wasm, lab, tag = () => '') {
  return (canvas, draw) => {
    const ratio = fitCanvas(canvas);
    painted.set(canvas, { draw, wasm, lab, tag, ratio });
    const menu = canvas.nextElementSibling?.classList.contains('figure-save') ? canvas.nextElementSibling : null;
    if (menu) menu.hidden = false;
    else if (canvas.dataset.figure !== 'off') addMenu(canvas);
    keyboardCanvas(canvas);
    draw(canvas, ratio);
  };
}

/** Clears `canvas` (nothing to show) and hides its Save menu until it is painted again. */
export function clearFigure(canvas) {
  fitCanvas(canvas);
  canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
  painted.delete(canvas);
  const menu = canvas.nextElementSibling;
  if (menu?.classList.contains('figure-save')) menu.hidden = true;
}

/** The figure's name in files: the canvas's `data-figure`, else its id without the lab. */
function figureName(canvas, lab) {
  const name = canvas.dataset.figure || canvas.id || 'chart';
  const prefix = canvas.closest('[data-prefix]')?.getAttribute('data-prefix');
  return name.replace(new RegExp(`^(${lab}|${prefix ?? lab})-`), '');
}

/** The file name for `canvas`'s figure: `unroll-<lab>-<chart>[-<tag>].<extension>`. */
export function fileName(canvas, extension) {
  const entry = painted.get(canvas);
  const tag = entry.tag();
  const parts = ['unroll', entry.lab, figureName(canvas, entry.lab), tag].filter(Boolean);
  return `${parts.join('-').replace(/[^A-Za-z0-9_.-]+/g, '_')}.${extension}`;
}

/** The figure's CSS size (the canvas's backing store over the ratio it was drawn at). */
function cssSize(canvas, ratio) {
  return [Math.max(1, Math.round(canvas.width / ratio)), Math.max(1, Math.round(canvas.height / ratio))];
}

/**
 * `canvas`'s figure as shown: `{ svg, data }` (data is JSON text: what the chart plots, with
 * the lab, chart, step and the page's link).
 */
export function captureFigure(canvas) {
  const entry = painted.get(canvas);
  if (!entry) throw new Error('This chart has not been drawn yet.');
  const [width, height] = cssSize(canvas, entry.ratio);
  entry.wasm.beginFigure(width, height);
  let files;
  try {
    entry.draw(canvas, 1);
  } finally {
    files = entry.wasm.finishFigure();
  }
  const data = JSON.parse(files.data);
  // A chart still waiting for its first numbers says so rather than giving an empty list.
  if (data.figure.length === 0) data.figure.push({ kind: 'note', title: 'nothing plotted yet', text: 'This chart shows no numbers yet: step or train the lab first.' });
  const source = { lab: entry.lab, chart: figureName(canvas, entry.lab), at: entry.tag() || undefined, link: location.href, width, height };
  return { svg: files.svg, data: JSON.stringify({ source, ...data }, null, 2) };
}

/**
 * `canvas`'s figure drawn at PNG_SCALE × its CSS size, as a PNG blob. Made synchronously, so
 * the download starts inside the click (a browser may block a download that starts later).
 */
export function figurePng(canvas) {
  const entry = painted.get(canvas);
  if (!entry) throw new Error('This chart has not been drawn yet.');
  const [width, height] = cssSize(canvas, entry.ratio);
  const big = document.createElement('canvas');
  big.width = width * PNG_SCALE;
  big.height = height * PNG_SCALE;
  entry.draw(big, PNG_SCALE);
  const binary = atob(big.toDataURL('image/png').split(',')[1]);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: 'image/png' });
}

/** Adds the Save menu (SVG, PNG, data) right after `canvas`. */
function addMenu(canvas) {
  const label = canvas.getAttribute('aria-label') || figureName(canvas, painted.get(canvas).lab);
  const button = (text, title, save) => el('button', {
    type: 'button', title, onclick: () => guard(save),
  }, text);
  const menu = el('details', { className: 'figure-save' },
    el('summary', { title: `Save “${label}” as a file`, 'aria-label': `Save the chart: ${label}` }, 'Save'),
    el('div', { className: 'figure-save-options' },
      button('SVG', 'The chart as a vector drawing (for slides and papers)', () => {
        download(fileName(canvas, 'svg'), captureFigure(canvas).svg, 'image/svg+xml');
      }),
      button(`PNG ${PNG_SCALE}×`, `The chart as an image at ${PNG_SCALE}× its size on screen`, () => {
        download(fileName(canvas, 'png'), figurePng(canvas), 'image/png');
      }),
      button('Data', 'The numbers the chart plots, as JSON', () => {
        download(fileName(canvas, 'json'), captureFigure(canvas).data, 'application/json');
      })));
  canvas.after(menu);
}
