#!/usr/bin/env bash
# Runs every check and test, fastest first: format, layering (and that its rules hold), clippy
# (native and wasm32, missing docs denied), the docs, native tests, the wasm build, wasm tests
# in headless Chromium, and the end-to-end tests.
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export CHROMEDRIVER=/usr/bin/chromedriver

step() { echo; echo "==> $*"; }
step "cargo fmt --check";        cargo fmt --all -- --check
step "layering";                 scripts/check-layers.sh
step "layering rules hold";      scripts/check-layers-test.sh
step "clippy (native)";          cargo clippy --all-targets -q -- -D warnings
step "clippy (wasm32)";          cargo clippy --lib --target wasm32-unknown-unknown -q -- -D warnings
step "docs (links, every item)"; RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --lib -q
step "native tests";             cargo test -q
step "wasm build";               scripts/build.sh
step "JavaScript against the wasm types (tsc)"; node_modules/.bin/tsc -p tsconfig.json
step "wasm tests (Chromium)";    cargo test --target wasm32-unknown-unknown --test web
step "end-to-end tests (Chromium, Playwright)"
node --test --test-concurrency=1 tests/e2e/*.test.mjs
echo
echo "all checks passed"
