// The page helpers every lab shares, in one place: a lab imports what it needs from here. The
// small modules behind it keep one concern each (canvas sizing, building DOM, the error banner,
// the Play loop, number fields with their one rule, readNumber); the helpers below join them the
// way every lab does: ids looked up in a section, a tooltip, an action that shows its error, a
// download, a Play/Pause button.
import { el } from './dom.js';
import { guard } from './errors.js';
import { createPlayer } from './player.js';
import { stateChanged } from './link.js';

export { canvasPoint, fitCanvas, onResize, pixelRatio, pointerMaker } from './canvas.js';
export { el, fixedLikeRust, fmt, lines, sig } from './dom.js';
export { guard, installErrorBanner, showError } from './errors.js';
export { formatBytes, inputLimits, installNumberFields, loadFieldTable, readNumber } from './fields.js';

/** How far right of and below the pointer a tooltip sits, in CSS pixels. */
const TOOLTIP_OFFSET_PX = 12;
/** How long a download's object URL is kept after its link was clicked. */
const DOWNLOAD_URL_MS = 1000;

/** A lookup of elements by id inside `root`: `finder(section)('rnn-task')`. */
export function finder(root) {
  return (id) => root.querySelector(`#${id}`);
}

/** The tooltip `element` beside the pointer: `show(event, text)` (no text hides it) and `hide()`. */
export function tooltip(element) {
  const hide = () => { element.hidden = true; };
  const show = (event, text) => {
    if (!text) return hide();
    element.textContent = text;
    element.style.left = `${event.clientX + TOOLTIP_OFFSET_PX}px`;
    element.style.top = `${event.clientY + TOOLTIP_OFFSET_PX}px`;
    element.hidden = false;
  };
  return { show, hide };
}

/**
 * Makes actions for a lab's controls: `act(fn)` is a handler that empties `message`, runs `fn`
 * (its error's message goes into `message`), then calls `after()`; other errors go to the banner.
 */
export function actions(message, after) {
  return (fn) => () => guard(() => {
    message.textContent = '';
    try {
      fn();
    } catch (error) {
      message.textContent = error.message;
    }
    after();
  });
}

/** Runs `fn` and returns its value; when it throws, its message goes into `message` and `failed` is returned. */
export function attempt(message, fn, failed) {
  try {
    return fn();
  } catch (error) {
    message.textContent = error.message;
    return failed;
  }
}

/** Saves `text` as a file `name` of MIME type `type`, through a link clicked once. */
export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), DOWNLOAD_URL_MS);
}

/**
 * A player (createPlayer's `work`, `parts` and optional `remote`, which trains in the worker)
 * that `button` plays and pauses, labelled Play or Pause.
 */
export function playerWithButton(button, { work, parts, remote = undefined, heavyEveryMs = undefined }) {
  const player = createPlayer({
    work, parts, remote, heavyEveryMs,
    onState: (running) => {
      button.textContent = running ? 'Pause' : 'Play';
      // A run that stopped changed the state a link holds (the steps trained).
      if (!running) stateChanged(button);
    },
  });
  button.addEventListener('click', () => guard(() => player.toggle()));
  return player;
}

/** Makes `button` empty `message` and play `player` until `steps` more steps ran. */
export function trainButton(button, player, steps, message) {
  button.addEventListener('click', () => guard(() => { message.textContent = ''; player.goal(steps); }));
}
