#!/usr/bin/env bash
# Measures training speed (a benchmark, not a test: nothing is asserted), in this order:
#   native Rust (cargo bench), Unroll's wasm and TensorFlow.js's wasm backend in headless
#   Chromium (www/bench.html, results in tests/e2e/artifacts/bench.json), then PyTorch on one
#   CPU thread when python3 has torch. Close other heavy work first: the numbers share the cores.
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh --test
scripts/build.sh

step() { echo; echo "==> $*"; }
step "native training steps (cargo bench --bench train)";   cargo bench --bench train
step "native metrics (cargo bench --bench metrics)";        cargo bench --bench metrics
step "in the browser: Unroll wasm vs TensorFlow.js wasm";   node tests/e2e/bench-run.mjs
if command -v python3 >/dev/null 2>&1 && python3 -c "import torch" >/dev/null 2>&1; then
    step "PyTorch, one CPU thread (benches/pytorch_train.py)"
    python3 benches/pytorch_train.py
else
    echo; echo "(skipping the PyTorch peer: python3 cannot import torch)"
fi
