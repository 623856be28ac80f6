#!/usr/bin/env bash
# `cargo publish --dry-run` of every publishable crate: each is packaged, then built from its
# .crate against the others' .crate files in a temporary local registry, as crates.io would
# take them.
#
# Cargo takes a registry's crate of a given name and version as never changing: it unpacks a local
# registry's crates into `$CARGO_HOME/registry/src/-<hash>/<name>-<version>` once (the hash is of
# the registry's path), and builds each once in a target directory. A second dry run from the same
# checkout would then build our crates as the first one packaged them. So the run builds in a
# target directory of its own, emptied first, after our crates' directories in the local
# registries' sources (`-*`, ours only) are removed.
set -euo pipefail
cd "$(dirname "$0")/.."

target=target/publish-check
rm -rf "$target"
registry_src="${CARGO_HOME:-$HOME/.cargo}/registry/src"
for crate in $(sed -n 's/^name = "\(token-response[a-z-]*\)"$/\1/p' Cargo.toml */Cargo.toml); do
    rm -rf "$registry_src"/-*/"$crate"-[0-9]*
done
cargo publish --dry-run --workspace --allow-dirty --target-dir "$target"
