#!/usr/bin/env bash
# Builds the wasm module and its JavaScript bindings into www/pkg (release, SIMD).
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --release --lib --target wasm32-unknown-unknown
.tools/wasm-bindgen/bin/wasm-bindgen --target web --out-dir www/pkg \
    "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/unroll.wasm"
echo "build: www/pkg/unroll_bg.wasm $(wc -c < www/pkg/unroll_bg.wasm) bytes"
