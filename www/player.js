// Play/Pause for anything that trains. With a `remote` (a lab whose session can leave as
// snapshot bytes), the steps run in the training worker and the page only restores and draws
// what it sends, so frames keep coming at any setting. Without one, or where a worker cannot
// start, a requestAnimationFrame loop runs as many steps as fit in a few milliseconds per frame,
// then draws.
import { PAINT_BUDGET_MS, createPainter } from './painter.js';
import { trainInWorker, workerReady } from './worker-client.js';

const FRAME_BUDGET_MS = 12;

/** While training on the page: the heavy parts at most this often, in ms (by default). */
const HEAVY_EVERY_MS = 250;

/**
 * Creates a player calling `work(n)` (asks for n steps; returns the number it ran, `true` for
 * all n, or `false` to stop) and drawing `parts` (see painter.js) after each state.
 * `goal(n)` plays until n more steps ran.
 * `remote` moves the steps into the worker: `session()` gives `{ kind, bytes, text }`,
 * `restore(bytes)` takes a trained state back, `failed(message)` reports a run that stopped
 * with an error (the state it reached is restored first). While the worker trains, the parts
 * are drawn a few milliseconds per frame; on the page's thread, all of them after each frame's
 * steps (the heavy ones at most every `heavyEveryMs`), as before.
 */
export function createPlayer({ work, parts, onState, remote, heavyEveryMs = HEAVY_EVERY_MS }) {
  const painter = createPainter(parts);
  let lastHeavy = -Infinity;
  let running = false;
  let perCall = 1;
  let rate = 0;
  let frame = 0;
  let last;
  /** Steps left to reach a goal (`null`: play until paused). */
  let remaining = null;
  /** The goal's size, and who waits for it: `{ total, progress, resolve }` (see goal). */
  let waiting = null;
  /** Stops the worker's run, while one goes on. */
  let stopRemote = null;
  /** Counts plays, so a play that was stopped before the worker was ready does not start. */
  let generation = 0;

  /** One animation frame: time-sliced work, then a draw; the rate is steps per wall second. */
  function tick(now) {
    if (!running) return;
    const start = performance.now();
    let steps = 0;
    while (performance.now() - start < FRAME_BUDGET_MS) {
      const t0 = performance.now();
      const asked = remaining === null ? perCall : Math.min(perCall, remaining);
      const done = work(asked);
      if (done === false) {
        stop();
        break;
      }
      const ran = done === true || done === undefined ? asked : done;
      steps += ran;
      if (remaining !== null) {
        remaining -= ran;
        reportProgress();
        if (remaining <= 0 || ran === 0) {
          stop();
          break;
        }
      }
      const took = performance.now() - t0;
      if (took < 2) perCall = Math.min(1000, perCall * 2);
      else if (took > 6 && perCall > 1) perCall = Math.max(1, Math.floor(perCall / 2));
    }
    measure(now, steps);
    const heavy = now - lastHeavy >= heavyEveryMs;
    if (heavy) lastHeavy = now;
    painter.due(heavy);
    painter.paint(Infinity);
    frame = requestAnimationFrame(tick);
  }

  /** Updates the steps-per-second estimate with `steps` run since the last frame. */
  function measure(now, steps) {
    if (last !== undefined && now > last) {
      const instant = steps / ((now - last) / 1000);
      rate = rate ? 0.8 * rate + 0.2 * instant : instant;
    }
    last = now;
  }

  /** Trains in the worker from the session as it is now; draws a few parts per frame. */
  function playRemote(mine) {
    workerReady().then((ok) => {
      if (!running || mine !== generation) return;
      if (!ok) {
        frame = requestAnimationFrame(tick);
        return;
      }
      let latest = null;
      stopRemote = trainInWorker(remote.session(), remaining, (message) => { latest = message; });
      const paintFrame = () => {
        if (!running || mine !== generation) return;
        if (latest && !painter.holding) {
          const message = latest;
          latest = null;
          if (message.bytes) remote.restore(message.bytes);
          if (remaining !== null) {
            remaining -= message.ran;
            reportProgress();
          }
          measure(performance.now(), message.ran);
          if (message.done) {
            stopRemote = null;
            stop();
            drawAll();
            if (message.error) remote.failed(message.error);
            return;
          }
          message.next();
          painter.due(message.views);
        }
        painter.paint(PAINT_BUDGET_MS);
        frame = requestAnimationFrame(paintFrame);
      };
      frame = requestAnimationFrame(paintFrame);
    });
  }

  /** Draws every part from the state as it is now. */
  function drawAll() {
    painter.due(true);
    painter.paint(Infinity, true);
  }

  /** Starts the loop. */
  function play() {
    if (running) return;
    running = true;
    last = undefined;
    onState?.(true);
    generation += 1;
    if (remote) playRemote(generation);
    else frame = requestAnimationFrame(tick);
  }

  /** Tells the goal's waiter how many of its steps ran. */
  function reportProgress() {
    if (waiting && remaining !== null) waiting.progress?.(Math.max(0, waiting.total - remaining));
  }

  /**
   * Plays until `n` more steps ran (a button's "Train n steps"), then stops. Resolves to true
   * when they all ran, false when the run stopped first (Pause, a reset, an error);
   * `progress(done)` hears how many ran so far.
   */
  function goal(n, progress = undefined) {
    // A worker's run trains towards the goal it started with: stop it at the state drawn last
    // (the steps it reached are counted off), then start again towards the sum.
    const left = remaining;
    const earlier = waiting;
    if (running && remote) stop(true);
    remaining = (left ?? 0) + n;
    const promise = new Promise((resolve) => {
      waiting = { total: remaining, progress, resolve: (reached) => { earlier?.resolve(reached); resolve(reached); } };
    });
    if (!running) play();
    return promise;
  }

  /** Stops the loop (the page keeps the last state it drew); `keepGoal`: a goal goes on after. */
  function stop(keepGoal = false) {
    running = false;
    const reached = remaining !== null && remaining <= 0;
    remaining = null;
    if (!keepGoal && waiting) {
      const { resolve } = waiting;
      waiting = null;
      resolve(reached);
    }
    generation += 1;
    cancelAnimationFrame(frame);
    const wasRemote = stopRemote !== null;
    stopRemote?.();
    stopRemote = null;
    onState?.(false);
    if (wasRemote) drawAll();
  }

  return {
    play,
    stop: () => stop(),
    goal,
    toggle: () => (running ? stop() : play()),
    drawAll,
    get running() { return running; },
    get stepsPerSecond() { return rate; },
  };
}
