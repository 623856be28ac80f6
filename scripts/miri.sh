#!/usr/bin/env bash
# The token cache's executor-free unit tests (token-core/src/cache/tests*) under Miri: no
# undefined behaviour in the cache, arc-swap's lock-free read, or the waker plumbing.
#
# Usage: scripts/miri.sh [TEST-FILTER]   (default: every cache test)
# Builds into target/miri (cargo miri's own), apart from the ordinary builds.
# Needs the nightly toolchain with the miri and rust-src components; installs them when missing
# (`rustup +nightly component add miri rust-src`). Where rustup cannot download them (no network
# to the Rust distribution server), install them by hand with that command, then run this.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo +nightly miri --version >/dev/null 2>&1; then
    if ! rustup +nightly component add miri rust-src; then
        # Only the install may be skipped, never a failure of the tests themselves.
        echo "miri.sh: the nightly miri component cannot be installed here (no route to the Rust" \
            "distribution server?): the cache's Miri run is SKIPPED" >&2
        exit 0
    fi
fi
# Isolation stays on: the tests read no real clock (RandomState's seed comes from Miri's own
# deterministic random source).
cargo +nightly miri test -p token-response-core --features cache --lib -- "cache::${1:-}"
