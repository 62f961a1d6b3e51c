#!/usr/bin/env bash
# Builds the wasm module and its JavaScript bindings into www/pkg (release, SIMD).
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --release --lib --target wasm32-unknown-unknown
# The name section (function names for stack traces, ~190 KB) is left out of the page's module.
.tools/wasm-bindgen/bin/wasm-bindgen --target web --remove-name-section --out-dir www/pkg \
    "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/unroll.wasm"
echo "build: www/pkg/unroll_bg.wasm $(wc -c < www/pkg/unroll_bg.wasm) bytes ($(gzip -9c www/pkg/unroll_bg.wasm | wc -c) gzipped)"
