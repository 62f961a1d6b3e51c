// The benchmark's clock, shared by the page (bench.js) and its worker (bench-worker.js).

/** The smallest step `performance.now()` takes here, in ms, over 20 samples. */
export function timerResolution() {
  let smallest = Infinity;
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    let t1 = performance.now();
    while (t1 === t0) t1 = performance.now();
    smallest = Math.min(smallest, t1 - t0);
  }
  return smallest;
}
