// Drawing a lab's views while it trains without holding the page: the views are parts, each a
// function that draws one chart or read-out from the lab's current state. After a new state,
// every part is due; each frame draws due parts until a few milliseconds are used, so a frame
// never waits for all of them. The costliest parts ("heavy": they read what the training worker
// computes a few times a second) are drawn only from a state that carries those values, and
// while one is due the player keeps that state on screen (`holding`), so every number shown at
// once comes from one state.

/** Milliseconds of drawing per frame while playing. */
export const PAINT_BUDGET_MS = 6;

/**
 * Canvases redrawn per frame while playing. Each changed canvas is copied to the compositor
 * when the frame is committed; without a GPU that copy is several milliseconds per canvas, so
 * two or three in one frame made every twentieth frame 30 ms late (RNN lab, headless Chromium).
 */
const CANVASES_PER_FRAME = 1;

/**
 * Parts: `{ draw, heavy = false, every = 0, text = false }` (`every`: at most once per that many
 * ms; `text`: it changes only text, not a canvas, so it does not count as a frame's canvas).
 * Returns `due(views)` (a new state is shown: its parts are due, the heavy ones when `views`),
 * `paint(budgetMs, all)` (draws due parts in order for about `budgetMs`, at least one; `all`:
 * every due part, `every` or not — after a pause, what is shown is the paused state),
 * `holding` (a heavy part is still due).
 */
export function createPainter(parts) {
  const due = new Set();
  const drawnAt = new Map();
  return {
    due(views) {
      for (const part of parts) if (!part.heavy || views) due.add(part);
    },
    paint(budgetMs, all = false) {
      const start = performance.now();
      let canvases = 0;
      for (const part of parts) {
        if (!due.has(part)) continue;
        // A further canvas waits (still due) for the next frame.
        if (!all && !part.text && canvases >= CANVASES_PER_FRAME) continue;
        due.delete(part);
        if (!all && part.every && start - (drawnAt.get(part) ?? -Infinity) < part.every) continue;
        drawnAt.set(part, start);
        part.draw();
        if (!part.text) canvases += 1;
        if (performance.now() - start > budgetMs) break;
      }
    },
    get holding() {
      return parts.some((part) => part.heavy && due.has(part));
    },
  };
}
