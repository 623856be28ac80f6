#!/usr/bin/env bash
# The README's first command, `cargo run --example inspect`, from an empty target directory: the
# crates it compiles, counted from cargo's "Compiling" lines, at most 40. A dependency of a
# default member or of the facade's dev-dependencies that brings a tree with it fails here.
#
# Usage: scripts/first-command.sh   (builds into a temporary target directory, then removes it)
set -euo pipefail
cd "$(dirname "$0")/.."

limit=40
target=$(mktemp -d "${TMPDIR:-/tmp}/first-command.XXXXXX")
trap 'rm -rf "$target"' EXIT
log=$(CARGO_TARGET_DIR="$target" CARGO_TERM_COLOR=never cargo build --example inspect 2>&1) ||
    { echo "$log" >&2; exit 1; }
count=$(grep -c '^ *Compiling ' <<<"$log" || true)
if [ "$count" -gt "$limit" ]; then
    grep '^ *Compiling ' <<<"$log" | awk '{print $2}' | tr '\n' ' ' >&2
    echo >&2
    echo "first-command: cargo run --example inspect compiles $count crates (at most $limit)" >&2
    exit 1
fi
echo "first-command: cargo run --example inspect compiles $count crates (at most $limit)"
