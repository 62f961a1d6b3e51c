#!/usr/bin/env bash
# Fails when a layer does what it must not (see ARCHITECTURE.md):
#   engine <- render <- web <- www. Only src/web touches the browser crates; labs in the engine
#   do not import each other (they share engine/nn and the small top-level modules); numbers
#   are computed once, in the engine, so src/web and www/ hold no model arithmetic; the page's
#   JavaScript names only element ids that index.html (or bench.html) has.
# Usage: scripts/check-layers.sh [ROOT]   (ROOT: the tree to check, the repository by default;
# scripts/check-layers-test.sh plants violations in a copy to show each rule fails.)
set -eu
cd "${1:-$(dirname "$0")/..}"
status=0
forbid() { # forbid <dir> <regex> <why> [grep options…]
    local dir=$1 regex=$2 why=$3
    shift 3
    if grep -rnE "$regex" "$dir" --include='*.rs' --include='*.js' --include='*.mjs' \
        --include='*.html' --exclude-dir=pkg "$@"; then
        echo "layering: $dir must not match /$regex/: $why" >&2
        status=1
    fi
}
forbid src/engine 'plotters|wasm_bindgen|web_sys|js_sys|crate::(render|web)|Instant::now|SystemTime' \
    "the engine is pure Rust on ndarray: no drawing, no web, no clock"
forbid src/render 'wasm_bindgen|web_sys|js_sys|plotters_canvas|crate::web|SVGBackend::|CanvasBackend|Instant::now' \
    "render draws on a backend it is given; it never builds one or touches the web"
forbid www "from ['\"]https?:|import ?\(?['\"]https?:|<script[^>]+src=['\"]https?:" \
    "the page works offline: no CDN"
forbid index.html "https?://[^\"' ]+\.(js|css|wasm)" "the page works offline: no CDN"
forbid www 'innerHTML|outerHTML|insertAdjacentHTML|document\.write' \
    "pasted text goes on the page as text (textContent), never as HTML"
# Numbers are computed once, in the engine: no exponentials, logarithms, roots or powers in
# the glue or the page. (bench.js builds TensorFlow.js's peer model, which is the benchmark's
# other side, not Unroll's numbers.)
forbid src/web '\.(exp|exp2|exp_m1|ln|ln_1p|log|log2|log10|sqrt|cbrt|powf|powi|hypot)\(|log_sum_exp|log_add|consts::(LN_|LOG|E\b)' \
    "src/web is glue: the engine computes every number once"
forbid www 'Math\.(exp|expm1|log|log1p|log2|log10|sqrt|cbrt|pow|hypot|LN2|LN10|LOG2E|LOG10E)\b' \
    "the page computes no model numbers: the engine does, once" --exclude=bench.js
# One lab never imports another: each depends on engine/nn and the shared top-level modules.
labs="rnn ctc attention word2vec text metrics"
for lab in $labs; do
    others=$(printf '%s\n' $labs | grep -vx "$lab" | paste -sd'|' -)
    [ -d "src/engine/$lab" ] || continue
    forbid "src/engine/$lab" "engine::($others)\b" \
        "labs do not import each other: share code through engine/nn or a top-level module"
done
if grep -rn 'cfg(target_arch = "wasm32")' src/engine src/render >/dev/null; then
    echo "layering: engine and render must not be wasm-specific" >&2
    status=1
fi
if command -v node >/dev/null 2>&1; then
    node scripts/check-ids.mjs || status=1
else
    echo "layering: node is needed to check the element ids (scripts/check-ids.mjs)" >&2
    status=1
fi
exit $status
