// Canvas sizing: the backing store is CSS size × devicePixelRatio, so drawings are sharp.

/** The device pixel ratio (1 where the browser gives none). */
export function pixelRatio() {
  return window.devicePixelRatio || 1;
}

/** Sizes `canvas`'s backing store to its CSS box × devicePixelRatio; returns the ratio. */
export function fitCanvas(canvas) {
  const ratio = pixelRatio();
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
    const key = `${canvas.clientWidth}x${canvas.clientHeight}x${pixelRatio()}`;
    if (key !== last) {
      last = key;
      redraw();
    }
  }).observe(canvas);
}

/** A pointer event's position on `canvas` in backing-store pixels, as [x, y]. */
export function canvasPoint(event, canvas) {
  const rect = canvas.getBoundingClientRect();
  const ratio = canvas.width / rect.width;
  return [(event.clientX - rect.left) * ratio, (event.clientY - rect.top) * ratio];
}

/**
 * `pointerOn(event, canvas)` for a lab's module: a pointer event on `canvas` as that module's
 * hover read-outs take it (size, pixel ratio, position; a call uses it up). Each lab has its own
 * module, and a module takes only its own Pointer objects.
 */
export function pointerMaker(Pointer) {
  return (event, canvas) => {
    const [x, y] = canvasPoint(event, canvas);
    return new Pointer(canvas.width, canvas.height, pixelRatio(), x, y);
  };
}
