#!/usr/bin/env bash
# Builds the page and serves it on 127.0.0.1 (default port 8000; `scripts/serve.sh 9000`).
set -eu
cd "$(dirname "$0")/.."
port="${1:-8000}"
command -v python3 >/dev/null 2>&1 || { echo "error: python3 is needed to serve the page" >&2; exit 1; }
scripts/build.sh
echo
echo "Unroll is at http://127.0.0.1:$port/  (Ctrl-C stops the server)"
exec python3 -m http.server "$port" --bind 127.0.0.1
