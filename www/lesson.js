// Lessons: a short sequence of steps, each a state of a lab (the same links the page writes)
// with two or three sentences, the panel to look at highlighted, and a question to think
// about; the next step (or "Show the answer") reveals the answer. A lesson runs from a link:
// `#rnn?v=1&…&lesson=vanishing.2` opens step 2 of the lesson "vanishing".
import { LESSONS } from './lessons.js';

/** The lesson with id `id`, or undefined. */
export function lessonById(id) {
  return LESSONS.find((lesson) => lesson.id === id);
}

/** The lessons of lab `lab`. */
export function lessonsOf(lab) {
  return LESSONS.filter((lesson) => lesson.lab === lab);
}

/**
 * A link value `lesson=<id>.<step>` (step 1-based) as `{ lesson, step }` (step 0-based), or
 * a note when it names no lesson step of `lab`.
 */
export function readLessonParam(value, lab) {
  const match = /^([a-z0-9-]{1,40})\.(\d{1,3})$/.exec(value);
  const lesson = match && lessonById(match[1]);
  if (!lesson || lesson.lab !== lab) return { note: `“lesson=${value.slice(0, 40)}” is not a lesson of this lab; the lab opened without it.` };
  const step = Number(match[2]) - 1;
  if (step < 0 || step >= lesson.steps.length) return { note: `The lesson “${lesson.title}” has steps 1 to ${lesson.steps.length}, not ${match[2]}; it opened at step 1.`, lesson, step: 0 };
  return { lesson, step };
}

/** The address of step `step` (0-based) of `lesson`. */
export function lessonLink(lesson, step) {
  const pairs = Object.entries(lesson.steps[step].state).map(([key, value]) => `&${key}=${encodeURIComponent(value)}`);
  return `#${lesson.lab}?v=1${pairs.join('')}&lesson=${lesson.id}.${step + 1}`;
}

/**
 * The lesson card (index.html's #lesson): `show(lesson, step)` fills it and highlights the
 * step's panel, `hide()` ends it; `go(link)` is how a step is opened (the page's router).
 */
export function lessonCard(go) {
  const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const card = $('lesson');
  let shown = null;
  const clearLook = () => document.querySelectorAll('.lesson-look').forEach((e) => e.classList.remove('lesson-look'));
  const view = {
    /** The lesson and step (0-based) shown, or null. */
    get current() { return shown; },
    show(lesson, step) {
      shown = { lesson, step };
      const s = lesson.steps[step];
      card.hidden = false;
      document.body.classList.add('lesson-open');
      $('lesson-progress').textContent = `Lesson · step ${step + 1} of ${lesson.steps.length}`;
      $('lesson-title').textContent = lesson.title;
      const previous = step > 0 ? lesson.steps[step - 1] : null;
      $('lesson-last-answer').hidden = !previous;
      $('lesson-last-answer-text').textContent = previous ? previous.answer : '';
      $('lesson-text').replaceChildren(...s.text.map((sentence) => Object.assign(document.createElement('p'), { textContent: sentence })));
      $('lesson-question').textContent = s.question;
      $('lesson-answer').textContent = s.answer;
      $('lesson-answer').hidden = true;
      $('lesson-reveal').hidden = false;
      /** @type {HTMLButtonElement} */ ($('lesson-back')).disabled = step === 0;
      $('lesson-next').textContent = step + 1 < lesson.steps.length ? 'Next step ▸' : 'End the lesson';
      clearLook();
      const look = document.getElementById(s.look);
      if (look) {
        look.classList.add('lesson-look');
        look.scrollIntoView({ block: 'center', behavior: 'instant' });
      }
    },
    hide() {
      shown = null;
      card.hidden = true;
      document.body.classList.remove('lesson-open');
      clearLook();
    },
  };
  $('lesson-reveal').addEventListener('click', () => {
    $('lesson-answer').hidden = false;
    $('lesson-reveal').hidden = true;
  });
  $('lesson-back').addEventListener('click', () => { if (shown && shown.step > 0) go(lessonLink(shown.lesson, shown.step - 1)); });
  $('lesson-next').addEventListener('click', () => {
    if (!shown) return;
    if (shown.step + 1 < shown.lesson.steps.length) go(lessonLink(shown.lesson, shown.step + 1));
    else view.end();
  });
  $('lesson-close').addEventListener('click', () => view.end());
  /** Ends the lesson and leaves the lab as it is (its address without the lesson). */
  view.end = () => {
    view.hide();
    card.dispatchEvent(new CustomEvent('lesson-ended', { bubbles: true }));
  };
  return view;
}
