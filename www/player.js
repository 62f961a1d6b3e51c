// Play/Pause for anything that trains: a requestAnimationFrame loop that runs as many steps as
// fit in a few milliseconds per frame, then draws, so the page never freezes.

const FRAME_BUDGET_MS = 12;

/** Creates a player calling `work(n)` (n steps; returns false to stop) and `draw()` per frame. */
export function createPlayer({ work, draw, onState }) {
  let running = false;
  let perCall = 1;
  let rate = 0;
  let frame = 0;
  let last;

  /** One animation frame: time-sliced work, then a draw; the rate is steps per wall second. */
  function tick(now) {
    if (!running) return;
    const start = performance.now();
    let steps = 0;
    while (performance.now() - start < FRAME_BUDGET_MS) {
      const t0 = performance.now();
      if (work(perCall) === false) {
        stop();
        break;
      }
      steps += perCall;
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

  /** Stops the loop. */
  function stop() {
    running = false;
    cancelAnimationFrame(frame);
    onState?.(false);
  }

  return {
    play,
    stop,
    toggle: () => (running ? stop() : play()),
    get running() { return running; },
    get stepsPerSecond() { return rate; },
  };
}
