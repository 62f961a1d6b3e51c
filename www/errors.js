// Shows any error or wasm panic on the page in plain words, with Continue and Reload.

const banner = () => document.getElementById('error-banner');

/** Puts an error's message in the banner (as text, never HTML). */
export function showError(error) {
  const text = error instanceof Error ? error.message : String(error);
  const plain = /unreachable|RuntimeError/.test(text)
    ? `Unroll's WebAssembly module stopped unexpectedly (${text}). Reloading the page restarts it.`
    : text;
  document.getElementById('error-text').textContent = plain;
  banner().hidden = false;
}

/** Wires the banner's buttons and catches every error the page does not handle itself. */
export function installErrorBanner() {
  document.getElementById('error-dismiss').addEventListener('click', () => { banner().hidden = true; });
  document.getElementById('error-reload').addEventListener('click', () => location.reload());
  window.addEventListener('error', (event) => {
    event.preventDefault();
    showError(event.error ?? event.message);
  });
  window.addEventListener('unhandledrejection', (event) => {
    event.preventDefault();
    showError(event.reason);
  });
}

/** Runs `fn`, showing a thrown error in the banner instead of the console; returns its value. */
export function guard(fn) {
  try {
    return fn();
  } catch (error) {
    showError(error);
    return undefined;
  }
}
