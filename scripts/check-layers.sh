#!/usr/bin/env bash
# Fails when a layer imports what it must not (see README "Layout"):
# engine <- render <- web <- www. Only src/web touches the browser crates.
set -eu
cd "$(dirname "$0")/.."
status=0
forbid() { # forbid <dir> <regex> <why>
    if grep -rnE "$2" "$1" --include='*.rs' --include='*.js' --include='*.mjs' --include='*.html'; then
        echo "layering: $1 must not match /$2/: $3" >&2
        status=1
    fi
}
forbid src/engine 'plotters|wasm_bindgen|web_sys|js_sys|crate::(render|web)|Instant::now|SystemTime' \
    "the engine is pure Rust on ndarray: no drawing, no web, no clock"
forbid src/render 'wasm_bindgen|web_sys|js_sys|plotters_canvas|crate::web|SVGBackend::|CanvasBackend|Instant::now' \
    "render draws on a backend it is given; it never builds one or touches the web"
forbid www "from ['\"]https?:|import\(['\"]https?:|<script[^>]+src=['\"]https?:" \
    "the page works offline: no CDN"
forbid index.html "https?://[^\"' ]+\.(js|css|wasm)" "the page works offline: no CDN"
forbid www 'innerHTML|outerHTML|insertAdjacentHTML|document\.write' \
    "pasted text goes on the page as text (textContent), never as HTML"
if grep -rn 'cfg(target_arch = "wasm32")' src/engine src/render >/dev/null; then
    echo "layering: engine and render must not be wasm-specific" >&2
    status=1
fi
exit $status
