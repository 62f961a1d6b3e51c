// Boots the page and routes between labs. Each lab has its own wasm module (www/pkg/<module>/),
// loaded the first time the lab is shown: the page starts with the first lab's code only.
import * as attention from './pkg/attention/unroll.js';
import * as ctc from './pkg/ctc/unroll.js';
import * as metrics from './pkg/metrics/unroll.js';
import * as rnn from './pkg/rnn/unroll.js';
import * as word2vec from './pkg/word2vec/unroll.js';
import { download, installErrorBanner, installNumberFields, loadFieldTable, showError } from './kit.js';
import { readAddress } from './address.js';
import { applyControls, captureControls, decodeParams, encodeLink, LONGEST_LINK, prefixOf, recordDefaults, unusedNotes } from './link.js';
import { lessonCard, lessonLink, lessonsOf, readLessonParam } from './lesson.js';
import { el } from './dom.js';
import { initBleu } from './metrics/bleu.js';
import { initInformation } from './metrics/information.js';
import { initOverlap } from './metrics/overlap.js';
import { initPerplexity } from './metrics/perplexity.js';
import { initRnnLab } from './rnn/lab.js';
import { initCtcLab } from './ctc/lab.js';
import { initAttentionLab } from './attention/lab.js';
import { initWord2VecLab } from './word2vec/lab.js';

const DEFAULT_LAB = 'rnn';
/** Panels already started, by id. */
const started = new Set();
/** Each lab's module, by the lab's id (its section.lab), and what the status line calls it. */
const MODULES = {
  rnn: { api: rnn, name: 'RNN & LSTM' },
  attention: { api: attention, name: 'attention' },
  ctc: { api: ctc, name: 'CTC' },
  word2vec: { api: word2vec, name: 'word2vec' },
  metrics: { api: metrics, name: 'Metrics bench' },
};
/** Modules loading or loaded, by lab id: a promise of their exports, ready to call. */
const loading = new Map();
/** Whether the page has booted (the first module loaded and the number fields installed). */
let booted = false;
/**
 * What each started panel gives the link (by panel id): `built()` the values (by control) its
 * model was built from, where they differ from the controls now; `extra()` its own state as `[key,
 * value]` pairs (a trained model's steps, a step-through's stage, a selection), and
 * `restore(params, progress)`, which builds the panel from its controls (already set from the
 * link) and `params`, replaying training with `progress(done, total)`, and resolves to
 * `{ used, notes }` (the keys it read, and what it could not restore). A panel without
 * `restore` is recomputed by an input and a change event on each of its controls.
 * @type {Map<string, { built?: () => Map<Element, string>, extra?: () => Array<[string, string]>, restore?: (params: Map<string, string>, progress: (done: number, total: number) => void) => Promise<{ used: Iterable<string>, notes: string[] }> }>}
 */
const hooks = new Map();
/** The keys a link hid in each lab (`hide=seed,lr`: a teacher's simpler view), by lab id. */
const hiddenKeys = new Map();
/** The lesson card (created at boot); opening a lesson step goes through the address. */
let lessons = null;
/** While above 0, a link is being opened and the address is not written. */
let opening = 0;
/** The address the page last wrote or opened (so its own writes are not opened again). */
let current = '';
/** How long after a change the address is written, in ms. */
const WRITE_AFTER_MS = 250;
/** @type {Array<[string, (section: HTMLElement) => any]>} */
const PANELS = [
  ['rnn', initRnnLab],
  ['attention', initAttentionLab],
  ['ctc', initCtcLab],
  ['word2vec', initWord2VecLab],
  ['bleu', initBleu],
  ['overlap', initOverlap],
  ['information', initInformation],
  ['perplexity', initPerplexity],
];

/**
 * Shows the lab holding the element the address names (the first lab by default). Any address,
 * however malformed, gives a working page; what was not understood is said in a note.
 */
function route() {
  const address = readAddress(location.hash, (id) => document.getElementById(id)?.closest('section.lab') ? id : null);
  const note = document.getElementById('address-note');
  note.textContent = address.note;
  note.hidden = address.note === '';
  const target = document.getElementById(address.id ?? DEFAULT_LAB);
  const lab = target?.closest('section.lab') ?? document.getElementById(DEFAULT_LAB);
  const switched = /** @type {HTMLElement} */ (lab).hidden;
  for (const section of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('section.lab'))) section.hidden = section !== lab;
  for (const link of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#lab-nav .lab-link'))) {
    const active = link.dataset.lab === lab.id;
    link.classList.toggle('active', active);
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  // A state (`#lab?…`) is opened unless the page wrote it itself; a bare `#lab` shows the lab as it is.
  const hash = location.hash;
  const open = booted && address.query !== '' && hash !== current;
  if (booted) current = hash;
  if (lessons?.current && lessons.current.lesson.lab !== lab.id) lessons.hide();
  if (booted) showLab(lab, open ? address.query : null, address.note);
  if (target && target !== lab) target.scrollIntoView();
  // A lab link opens its lab from the top, the navigation in sight (not scrolled past it).
  else if (switched && booted) window.scrollTo(0, 0);
}

/** Loads lab `id`'s module once; resolves to its exports when they can be called. */
function loadModule(id) {
  if (!loading.has(id)) {
    const { api } = MODULES[id];
    loading.set(id, api.default().then(() => api));
  }
  return loading.get(id);
}

/**
 * Shows `lab`: loads its module (saying so while it loads), then starts its panels. Until then
 * the lab stays out of sight (aria-busy) and body[data-ready] is "false", so nothing can be typed
 * into a lab whose code has not loaded; it is "true" once the shown lab can be used.
 */
async function showLab(lab, query = null, addressNote = '') {
  const name = lab.id;
  const status = document.getElementById('boot-status');
  if (!loading.has(name)) {
    document.body.dataset.ready = 'false';
    status.textContent = `Loading the ${MODULES[name].name} module…`;
    status.hidden = false;
  }
  try {
    await loadModule(name);
  } catch (error) {
    status.textContent = `Could not load the ${MODULES[name].name} module. Build it with scripts/serve.sh, then reload.`;
    status.hidden = false;
    showError(error);
    return;
  }
  // Another lab may have been chosen meanwhile: only the one shown is marked ready.
  if (lab.hidden) return;
  status.hidden = true;
  // Shown first: the panels size their canvases from the layout when they start.
  lab.removeAttribute('aria-busy');
  const first = startPanels(lab);
  if (query !== null) await openState(lab, query, addressNote);
  else await writeAddress(lab, false);
  document.body.dataset.ready = 'true';
}

/**
 * Opens the state `query` (the address after `?`) in `lab`: sets its controls, lets each panel
 * rebuild and replay what it holds, and says in the note what could not be used.
 */
async function openState(lab, query, addressNote = '') {
  opening += 1;
  const progressBar = document.getElementById('link-progress');
  try {
    const { params, notes } = await decodeParams(query);
    const applied = applyControls(lab, params);
    notes.push(...applied.notes);
    const used = new Set([...applied.used, 'lesson', 'hide']);
    notes.push(...hideControls(lab, params.get('hide') ?? ''));
    for (const [id] of PANELS) {
      const panel = document.getElementById(id);
      if (panel.closest('section.lab') !== lab || !started.has(id)) continue;
      const hook = hooks.get(id);
      if (hook?.restore) {
        const progress = (done, total) => {
          progressBar.hidden = done >= total;
          progressBar.querySelector('progress').max = total;
          progressBar.querySelector('progress').value = done;
          progressBar.querySelector('span').textContent = `Opening the link: training ${done.toLocaleString('en')} of ${total.toLocaleString('en')} steps…`;
        };
        try {
          const result = await hook.restore(params, progress);
          for (const key of result.used) used.add(key);
          notes.push(...result.notes);
        } finally {
          progressBar.hidden = true;
        }
      } else {
        for (const control of panel.querySelectorAll('input, select, textarea')) {
          // A radio button hears "change" only when it is the one chosen, as when clicked.
          if (control instanceof HTMLInputElement && control.type === 'radio' && !control.checked) continue;
          control.dispatchEvent(new Event('input', { bubbles: true }));
          control.dispatchEvent(new Event('change', { bubbles: true }));
        }
      }
    }
    notes.push(...unusedNotes(params, used));
    const lesson = params.has('lesson') ? readLessonParam(params.get('lesson'), lab.id) : null;
    if (lesson?.note) notes.push(lesson.note);
    if (lesson?.lesson) lessons.show(lesson.lesson, lesson.step);
    else if (lessons.current?.lesson.lab === lab.id) lessons.hide();
    showNote([addressNote, ...notes].filter(Boolean).join(' '));
  } catch (error) {
    showError(error);
  } finally {
    opening -= 1;
  }
  // The address now says the state as it opened (the nearest valid one).
  await writeAddress(lab, false);
}

/** Shows `text` in the note under the navigation (hidden when empty). */
function showNote(text) {
  const note = document.getElementById('address-note');
  note.textContent = text;
  note.hidden = text === '';
}

/** The address of `lab`'s state now: its controls, then each panel's own state. */
async function linkOf(lab) {
  const built = new Map();
  const panels = PANELS.map(([id]) => id).filter((id) => document.getElementById(id).closest('section.lab') === lab);
  for (const id of panels) for (const [control, value] of hooks.get(id)?.built?.() ?? []) built.set(control, value);
  const pairs = captureControls(lab, built);
  for (const id of panels) pairs.push(...(hooks.get(id)?.extra?.() ?? []));
  const hidden = hiddenKeys.get(lab.id) ?? [];
  if (hidden.length > 0) pairs.push(['hide', hidden.join(',')]);
  const lesson = lessons?.current;
  if (lesson && lesson.lesson.lab === lab.id) pairs.push(['lesson', `${lesson.lesson.id}.${lesson.step + 1}`]);
  return encodeLink(lab.id, pairs);
}

/**
 * Hides the controls (or panels) of `lab` a link names in `hide=` (keys as in the link: a
 * control's id without the lab's prefix, or a panel's); returns notes for names it has not.
 */
function hideControls(lab, value) {
  for (const element of lab.querySelectorAll('.link-hidden')) element.classList.remove('link-hidden');
  const prefix = prefixOf(lab);
  const keys = [];
  const unknown = [];
  for (const key of value.split(',').map((k) => k.trim()).filter(Boolean).slice(0, 60)) {
    const element = /^[A-Za-z0-9_-]{1,60}$/.test(key) ? document.getElementById(`${prefix}-${key}`) ?? document.getElementById(key) : null;
    if (!element || !lab.contains(element) || element === lab) {
      unknown.push(key);
      continue;
    }
    const control = element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement;
    (control ? element.closest('label') ?? element : element).classList.add('link-hidden');
    keys.push(key);
  }
  hiddenKeys.set(lab.id, keys);
  const unhide = lab.querySelector('.share-unhide');
  if (unhide) unhide.hidden = keys.length === 0;
  if (unknown.length === 0) return [];
  return [`The link hides ${unknown.slice(0, 5).map((k) => `“${k.slice(0, 40)}”`).join(', ')}, which this lab does not have.`];
}

/** Writes `lab`'s state into the address (`push`: as a new history entry). */
async function writeAddress(lab, push) {
  if (opening > 0 || lab.hidden) return;
  const hash = await linkOf(lab);
  if (opening > 0 || lab.hidden || hash === location.hash) {
    current = location.hash;
    return;
  }
  current = hash;
  if (push) history.pushState(null, '', hash);
  else history.replaceState(null, '', hash);
}

/** Writes the address a moment after `lab`'s controls or state change (a change: a new entry). */
function watchState(lab) {
  let timer = 0;
  let push = false;
  const later = (asPush) => {
    if (opening > 0) return;
    push ||= asPush;
    clearTimeout(timer);
    timer = setTimeout(() => { const p = push; push = false; writeAddress(lab, p).catch(showError); }, WRITE_AFTER_MS);
  };
  lab.addEventListener('input', () => later(false));
  lab.addEventListener('change', () => later(true));
  lab.addEventListener('unroll-state', (event) => later(/** @type {CustomEvent} */ (event).detail?.push ?? true));
}

/** The "Copy link" and "Save as a file" buttons at the top of `lab`. */
function installShareBar(lab) {
  const said = el('span', { class: 'share-said', role: 'status' });
  const copy = el('button', { type: 'button', class: 'share-copy' }, 'Copy link');
  const save = el('button', { type: 'button', class: 'share-save' }, 'Save as a session file');
  const open = el('input', { type: 'file', accept: '.json,application/json', class: 'share-open-input' });
  const openLabel = el('label', { class: 'file-button share-open' }, 'Open a session file… ', open);
  copy.addEventListener('click', () => guardAsync(async () => {
    await writeAddress(lab, false);
    const link = await linkOf(lab);
    const href = `${location.origin}${location.pathname}${location.search}${link}`;
    if (href.length > LONGEST_LINK) {
      said.textContent = `This link is ${href.length.toLocaleString('en')} characters long (the pasted text is in it); many chat tools cut links that long — “Save as a session file” keeps it whole.`;
    } else {
      said.textContent = 'Copied the link: it opens this lab exactly as it is now.';
    }
    try {
      await navigator.clipboard.writeText(href);
    } catch {
      said.textContent = 'The browser did not allow copying: the address bar holds the link; copy it from there.';
    }
  }));
  save.addEventListener('click', () => guardAsync(async () => {
    const link = await linkOf(lab);
    const file = JSON.stringify({ unroll: 'session', version: 1, link }, null, 1);
    download(`unroll-${lab.id}-session.json`, file, 'application/json');
    said.textContent = 'Saved a session file: open it here (“Open a session file…”) to come back to this state.';
  }));
  open.addEventListener('change', () => guardAsync(async () => {
    const file = open.files?.[0];
    open.value = '';
    if (!file) return;
    const link = await readSessionFile(file);
    if (link === null) {
      said.textContent = `${file.name} is not an Unroll session file (it should hold {"unroll": "session", "link": "#…"}); nothing changed.`;
      return;
    }
    said.textContent = `Opened ${file.name}.`;
    location.hash = link;
  }));
  const unhide = el('button', { type: 'button', class: 'share-unhide', hidden: true, title: 'This link hides some controls; show them all' }, 'Show hidden controls');
  unhide.addEventListener('click', () => guardAsync(async () => {
    hideControls(lab, '');
    await writeAddress(lab, true);
  }));
  const lessonButtons = lessonsOf(lab.id).map((lesson) => {
    const start = el('button', { type: 'button', class: 'lesson-start', title: `${lesson.steps.length} steps` }, `Lesson: ${lesson.title}`);
    start.addEventListener('click', () => { location.hash = lessonLink(lesson, 0); });
    return start;
  });
  lab.querySelector('.lab-intro')?.append(el('div', { class: 'share-bar' }, copy, save, openLabel, unhide, said),
    ...(lessonButtons.length ? [el('div', { class: 'lesson-bar' }, ...lessonButtons)] : []));
}

/** The link inside a session file, or null when it is not one. */
async function readSessionFile(file) {
  if (file.size > 8 * 1024 * 1024) return null;
  try {
    const value = JSON.parse(await file.text());
    return value?.unroll === 'session' && typeof value.link === 'string' && value.link.startsWith('#') ? value.link : null;
  } catch {
    return null;
  }
}

/** Runs async `fn`; an error goes to the banner. */
function guardAsync(fn) {
  fn().catch(showError);
}

/**
 * Starts, once, every panel inside `lab` (labs start when first shown, so the page boots fast);
 * returns whether this was the first time.
 */
function startPanels(lab) {
  let first = false;
  for (const [id, start] of PANELS) {
    const panel = document.getElementById(id);
    if (started.has(id) || panel.closest('section.lab') !== lab) continue;
    started.add(id);
    first = true;
    if (panel.classList.contains('panel')) panel.hidden = false;
    try {
      hooks.set(id, start(panel) ?? {});
    } catch (error) {
      showError(error);
    }
  }
  if (first) {
    recordDefaults(lab);
    installShareBar(lab);
    watchState(lab);
  }
  return first;
}

/** Loads the first lab's module, installs the number fields, and shows the lab. */
async function boot() {
  installErrorBanner();
  const status = document.getElementById('boot-status');
  lessons = lessonCard((link) => { location.hash = link; });
  document.addEventListener('lesson-ended', () => {
    const shown = /** @type {HTMLElement | undefined} */ ([...document.querySelectorAll('section.lab')].find((s) => !(/** @type {HTMLElement} */ (s)).hidden));
    if (shown) writeAddress(shown, true).catch(showError);
  });
  route();
  window.addEventListener('hashchange', route);
  window.addEventListener('popstate', route);
  const lab = [.../** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('section.lab'))].find((section) => !section.hidden);
  let api;
  try {
    // Every module carries the whole table of number fields; the first one loaded gives it.
    api = await loadModule(lab?.id ?? DEFAULT_LAB);
  } catch (error) {
    status.textContent = 'Could not load the WebAssembly module. Build it with scripts/serve.sh, then reload.';
    showError(error);
    return;
  }
  try {
    loadFieldTable(api);
    installNumberFields(document);
  } catch (error) {
    showError(error);
  }
  booted = true;
  route();
}

boot();
