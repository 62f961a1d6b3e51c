#!/usr/bin/env bash
# Measures speed (a benchmark, not a test: nothing is asserted), in this order:
#   native Rust (cargo bench), PyTorch on one CPU thread when python3 has torch
#   (benches/pytorch_train.py --json), then in headless Chromium the training benchmark
#   (www/bench.html: Unroll on the main thread and in a Worker, TensorFlow.js's wasm backend and
#   the wasm GEMV limit, printed as ONE table with PyTorch's column merged in;
#   tests/e2e/artifacts/bench.json), and the page's frame gaps while each lab plays, its start-up
#   time and download size (tests/e2e/frames-run.mjs; tests/e2e/artifacts/frames.json).
# Close other heavy work first: the numbers share the cores.
#   scripts/bench.sh           everything (several minutes)
#   scripts/bench.sh --quick   the page benchmarks' seconds-long smoke versions; no cargo bench
set -eu
cd "$(dirname "$0")/.."
quick=
[ "${1:-}" = "--quick" ] && quick=1
scripts/setup.sh --test
scripts/build.sh

step() { echo; echo "==> $*"; }
if [ -z "$quick" ]; then
    step "native training steps (cargo bench --bench train)";   cargo bench --bench train
    step "native metrics (cargo bench --bench metrics)";        cargo bench --bench metrics
fi
mkdir -p tests/e2e/artifacts
torch_json=tests/e2e/artifacts/pytorch.json
if [ -n "$quick" ]; then
    pytorch=(--pytorch-missing "not run (quick)")
elif command -v python3 >/dev/null 2>&1 && python3 -c "import torch" >/dev/null 2>&1; then
    step "PyTorch, one CPU thread (benches/pytorch_train.py --json > $torch_json)"
    python3 benches/pytorch_train.py --json > "$torch_json"
    pytorch=(--pytorch "$torch_json")
else
    echo; echo "(no PyTorch peer: python3 cannot import torch; its column says \"not installed\")"
    pytorch=(--pytorch-missing "not installed")
fi
step "in the browser: Unroll (main thread, Worker), TensorFlow.js wasm, the GEMV limit"
node tests/e2e/bench-run.mjs ${quick:+--quick} "${pytorch[@]}"
step "in the browser: frame gaps while each lab plays, start-up, download size"
node tests/e2e/frames-run.mjs ${quick:+--seconds 1}
