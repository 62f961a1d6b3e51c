// Play/Pause for anything that trains: a requestAnimationFrame loop that runs as many steps as
// fit in a few milliseconds per frame, then draws, so the page never freezes.

const FRAME_BUDGET_MS = 12;

/**
 * Creates a player calling `work(n)` (asks for n steps; returns the number it ran, `true` for
 * all n, or `false` to stop) and `draw()` per frame. `goal(n)` plays until n more steps ran.
 */
export function createPlayer({ work, draw, onState }) {
  let running = false;
  let perCall = 1;
  let rate = 0;
  let frame = 0;
  let last;
  /** Steps left to reach a goal (`null`: play until paused). */
  let remaining = null;

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
        if (remaining <= 0 || ran === 0) {
          stop();
          break;
        }
      }
      const took = performance.now() - t0;
      if (took < 2) perCall = Math.min(1000, perCall * 2);
      else if (took > 6 && perCall > 1) perCall = Math.max(1, Math.floor(perCall / 2));
    }
    if (last !== undefined && now > last) {
      const instant = steps / ((now - last) / 1000);
      rate = rate ? 0.8 * rate + 0.2 * instant : instant;
    }
    last = now;
    draw();
    frame = requestAnimationFrame(tick);
  }

  /** Starts the loop. */
  function play() {
    if (running) return;
    running = true;
    last = undefined;
    onState?.(true);
    frame = requestAnimationFrame(tick);
  }

  /** Plays until `n` more steps ran (a button's "Train n steps"), then stops. */
  function goal(n) {
    remaining = (remaining ?? 0) + n;
    if (!running) play();
  }

  /** Stops the loop. */
  function stop() {
    running = false;
    remaining = null;
    cancelAnimationFrame(frame);
    onState?.(false);
  }

  return {
    play,
    stop,
    goal,
    toggle: () => (running ? stop() : play()),
    get running() { return running; },
    get stepsPerSecond() { return rate; },
  };
}
