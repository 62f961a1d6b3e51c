// Canvas sizing: the backing store is CSS size × devicePixelRatio, so drawings are sharp.

/** Sizes `canvas`'s backing store to its CSS box × devicePixelRatio; returns the ratio. */
export function fitCanvas(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const rect = canvas.getBoundingClientRect();
  const width = Math.max(1, Math.round(rect.width * ratio));
  const height = Math.max(1, Math.round(rect.height * ratio));
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  return ratio;
}

/** Calls `redraw` when `canvas` changes size (after the first layout too). */
export function onResize(canvas, redraw) {
  let last = '';
  new ResizeObserver(() => {
    const key = `${canvas.clientWidth}x${canvas.clientHeight}x${window.devicePixelRatio}`;
    if (key !== last) {
      last = key;
      redraw();
    }
  }).observe(canvas);
}
