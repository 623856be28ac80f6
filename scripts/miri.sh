#!/usr/bin/env bash
# The executor-free unit tests of the token cache (token-core/src/cache/tests*) and of the store
# coordinator (token-core/src/store/tests*, on a store in memory, with std threads) under Miri: no
# undefined behaviour in the cache, arc-swap's lock-free read, the waker plumbing, or the
# coordinator's waits for the lease.
#
# Usage: scripts/miri.sh [TEST-FILTER]   (default: every cache and store test; a filter is
# matched after `cache::` and after `store::`, e.g. `tests::threads`)
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
            "distribution server?): the cache's and the store's Miri run is SKIPPED" >&2
        exit 0
    fi
fi
# Isolation stays on: the tests read no real clock (RandomState's seed comes from Miri's own
# deterministic random source). libtest runs a test whose name contains any of the filters.
cargo +nightly miri test -p token-response-core --features cache,store --lib -- "cache::${1:-}" "store::${1:-}"
