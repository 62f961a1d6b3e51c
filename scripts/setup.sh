#!/usr/bin/env bash
# Installs what building (and, with `--test`, testing) needs; idempotent and quick when done.
#   scripts/setup.sh          Rust's wasm32 target and the pinned wasm-bindgen CLI
#   scripts/setup.sh --test   also Chromium + ChromeDriver (apt, as root) and playwright-core (npm)
# Nothing here downloads a prebuilt binary at build time: the CLI is compiled from crates.io.
set -eu
cd "$(dirname "$0")/.."

want_test=no
[ "${1:-}" = "--test" ] && want_test=yes

need() {
    command -v "$1" >/dev/null 2>&1 || { echo "error: '$1' is needed: $2" >&2; exit 1; }
}
need cargo "install Rust from https://rustup.rs"
need rustup "install Rust with rustup from https://rustup.rs"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    echo "setup: adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
fi

# The CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$version" ] || { echo "error: wasm-bindgen not found in Cargo.lock" >&2; exit 1; }
cli_root="${XDG_CACHE_HOME:-$HOME/.cache}/unroll/wasm-bindgen-cli-$version"
if [ ! -x "$cli_root/bin/wasm-bindgen" ] || [ ! -x "$cli_root/bin/wasm-bindgen-test-runner" ]; then
    echo "setup: compiling wasm-bindgen-cli $version into $cli_root (about 2 minutes, once)"
    # `--locked` fails here: one of the CLI's locked dependencies is no longer on the registry.
    cargo install wasm-bindgen-cli --version "$version" --root "$cli_root"
fi
mkdir -p .tools
ln -sfn "$cli_root" .tools/wasm-bindgen

[ "$want_test" = yes ] || exit 0

# The checks run rustfmt and clippy, which minimal Rust installs leave out.
for component in rustfmt clippy; do
    if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
        echo "setup: adding the $component component"
        rustup component add "$component"
    fi
done

need node "install Node.js 20 or newer"
need npm "install npm (it comes with Node.js)"
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "setup: installing Debian's chromium and chromium-driver"
        apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
    else
        echo "error: the tests need Chromium and ChromeDriver at /usr/bin/chromium and" >&2
        echo "       /usr/bin/chromedriver: run 'sudo apt-get install chromium chromium-driver'" >&2
        exit 1
    fi
fi

# playwright-core drives the system Chromium (it downloads no browser of its own);
# TensorFlow.js is the benchmark page's peer, served from node_modules (no CDN).
stamp=node_modules/.installed-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    echo "setup: installing the JavaScript dev dependencies (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json "$stamp"
fi
