#!/usr/bin/env bash
# Shows that scripts/check-layers.sh holds its rules: it passes on the tree as it is, and fails,
# naming the rule, on a copy with one violation planted for each rule.
set -eu
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

copy() { # a fresh copy of what the check reads, in $scratch/tree
    rm -rf "$scratch/tree"
    mkdir -p "$scratch/tree"
    cp -r scripts src www index.html "$scratch/tree/"
    rm -rf "$scratch/tree/www/pkg"
}

failures=0
expect_fail() { # expect_fail <name> <file> <line to append> <text the message must hold>
    local name=$1 file=$2 line=$3 needle=$4
    copy
    printf '%s\n' "$line" >> "$scratch/tree/$file"
    if output=$(scripts/check-layers.sh "$scratch/tree" 2>&1); then
        echo "check-layers-test: FAIL: $name was not caught" >&2
        failures=$((failures + 1))
    elif ! grep -qF -- "$needle" <<<"$output"; then
        echo "check-layers-test: FAIL: $name failed without naming the rule ($needle):" >&2
        echo "$output" >&2
        failures=$((failures + 1))
    else
        echo "check-layers-test: ok: $name is caught"
    fi
}

copy
scripts/check-layers.sh "$scratch/tree" >/dev/null
echo "check-layers-test: ok: the tree as it is passes"

expect_fail "arithmetic in src/web" src/web/rnn/mod.rs \
    'fn planted(x: f64) -> f64 { x.exp() }' "src/web is glue"
expect_fail "a log-sum-exp in src/web" src/web/ctc/mod.rs \
    'fn planted(a: f64, b: f64) -> f64 { crate::engine::ctc::log_add(a, b) }' "src/web is glue"
expect_fail "arithmetic in www" www/rnn/lab.js \
    'export const planted = (x) => Math.log2(x);' "the page computes no model numbers"
expect_fail "one lab importing another" src/engine/ctc/mod.rs \
    'use crate::engine::rnn::CharModel;' "labs do not import each other"
expect_fail "drawing in the engine" src/engine/rnn/mod.rs \
    'use plotters::prelude::*;' "the engine is pure Rust"
expect_fail "the web in render" src/render/mod.rs \
    'use crate::web::js_error;' "render draws on a backend it is given"
expect_fail "HTML from text" www/ctc/lab.js \
    'export const planted = (el, text) => { el.innerHTML = text; };' "never as HTML"
expect_fail "a CDN" www/main.js \
    "import 'https://cdn.example.com/x.js';" "the page works offline"
expect_fail "an element id index.html lacks" www/ctc/lab.js \
    "export const planted = () => document.getElementById('ctc-no-such-element');" "ctc-no-such-element"

if [ "$failures" -gt 0 ]; then
    echo "check-layers-test: $failures rule(s) not held" >&2
    exit 1
fi
echo "check-layers-test: every rule is held"
