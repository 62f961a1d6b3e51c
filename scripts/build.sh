#!/usr/bin/env bash
# Builds the page's wasm modules and their JavaScript bindings (release, SIMD): one module per
# lab, each with only its lab's API (a Cargo feature), into www/pkg/<lab>/. The page loads a
# lab's module when the lab opens, so the first lab starts without the others' code.
#   scripts/build.sh             every module
#   scripts/build.sh rnn ctc     only these (while working on them)
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh
ALL="rnn attention ctc word2vec metrics"
labs="${*:-$ALL}"
target="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release"
for lab in $labs; do
    case " $ALL " in *" $lab "*) ;; *) echo "error: no module '$lab' (modules: $ALL)" >&2; exit 1 ;; esac
    # Every feature set writes the same unroll.wasm (a cdylib's name carries no hash), and
    # Cargo would call a feature set built before "fresh" although another one overwrote the
    # file since: touching the crate makes each module compile from its own features.
    touch src/lib.rs
    cargo build --release --lib --target wasm32-unknown-unknown --no-default-features --features "$lab"
    wasm="$target/unroll.wasm"
    # The name section (function names for stack traces) is left out of the page's modules.
    .tools/wasm-bindgen/bin/wasm-bindgen --target web --remove-name-section --out-dir "www/pkg/$lab" "$wasm"
    echo "build: www/pkg/$lab/unroll_bg.wasm $(wc -c < "www/pkg/$lab/unroll_bg.wasm") bytes ($(gzip -9c "www/pkg/$lab/unroll_bg.wasm" | wc -c) gzipped)"
done
