#!/usr/bin/env bash
# The docs as docs.rs shows them, checked in the generated HTML (about 10 s):
# - each type of a small crate that derives `TokenResponse` (tests/renamed) lists `TokenResponse`
#   under Trait Implementations, not under Blanket Implementations, and shows nothing of the
#   derive's hidden plumbing (`Fields`, `RawFields`, `__fields`, `__inherit`, `__private`);
# - the trait's own page shows every method of the trait with an example, and no hidden method;
# - built as docs.rs builds it (nightly rustdoc, `--cfg docsrs`), every feature-gated item carries
#   its "Available on crate feature ..." badge (skipped, with a note, where no nightly is installed).
set -euo pipefail
cd "$(dirname "$0")/.."

RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps --all-features -p token-response -p renamed-fixture
doc="${CARGO_TARGET_DIR:-target}/doc"
failures=0

fail() {
    echo "docs-check: $*" >&2
    failures=$((failures + 1))
}

# A page cut before each `<tag`: one line a section (`h2`) or a collapsible item (`details`).
lines() {
    tr '\n' ' ' <"$1" | sed "s/<$2[ >]/\\n&/g"
}

# The hidden names no page a user reads may show. `Fields` alone is also rustdoc's heading of a
# struct's public fields, so the type is matched as a link or with its lifetime.
hidden='RawFields|__fields|__inherit|__private|struct\.Fields\.html|trait\.Fields\.html|Fields&lt;|Inherit'

pages=("$doc"/renamed_fixture/struct.*.html)
[ -e "${pages[0]}" ] || fail "no struct pages in $doc/renamed_fixture"
for page in "${pages[@]}"; do
    [ -e "$page" ] || continue
    name=$(basename "$page" .html)
    name=${name#struct.}
    sections=$(lines "$page" h2)
    trait_impls=$(grep '^<h2 id="trait-implementations"' <<<"$sections" || true)
    blanket_impls=$(grep '^<h2 id="blanket-implementations"' <<<"$sections" || true)
    [ -n "$trait_impls" ] || fail "$name: no Trait Implementations section"
    [ -n "$blanket_impls" ] || fail "$name: no Blanket Implementations section"
    grep -q "id=\"impl-TokenResponse-for-$name" <<<"$trait_impls" ||
        fail "$name: TokenResponse is not under Trait Implementations"
    ! grep -q TokenResponse <<<"$blanket_impls" || fail "$name: TokenResponse appears under Blanket Implementations"
    if shown=$(grep -oE "$hidden" "$page"); then
        fail "$name: the page shows $(sort -u <<<"$shown" | tr '\n' ' ')"
    fi
done

# Every method the trait declares, from its source (none are required: every one has a default).
methods=$(sed -n '/^pub trait TokenResponse/,/^}/p' token-core/src/response/mod.rs |
    sed -nE 's/^    fn ([a-z_]+).*/\1/p' | grep -v '^__')
[ -n "$methods" ] || fail "no methods found in token-core/src/response/mod.rs"
trait_page="$doc/token_response/trait.TokenResponse.html"
items=$(lines "$trait_page" details | sed 's#</details>.*##')
for method in $methods; do
    item=$(grep "id=\"method\.$method\"" <<<"$items" || true)
    if [ -z "$item" ]; then
        fail "trait page: no method $method"
    elif ! grep -q rust-example-rendered <<<"$item"; then
        fail "trait page: $method has no example"
    fi
done
if shown=$(grep -oE '__fields|__inherit|__private|RawFields' "$trait_page"); then
    fail "trait page shows $(sort -u <<<"$shown" | tr '\n' ' ')"
fi

# docs.rs: nightly rustdoc with `--cfg docsrs`, where `#![cfg_attr(docsrs, feature(doc_cfg))]`
# labels each item with the features it needs.
if cargo +nightly --version >/dev/null 2>&1; then
    docsrs="${CARGO_TARGET_DIR:-target}/docsrs"
    RUSTDOCFLAGS="--cfg docsrs -D warnings" cargo +nightly doc --quiet --no-deps --all-features -p token-response \
        --target-dir "$docsrs"
    badge() { grep -q "Available on <strong>crate feature <code>$2</code>" "$docsrs/doc/token_response/$1" ||
        fail "docs.rs: $1 has no badge for feature $2"; }
    badge cache/index.html cache
    badge trait.TokenResponse.html http
    badges=2
else
    echo "docs-check: no nightly toolchain, so the docs.rs feature badges were not checked" >&2
    badges=0
fi

if [ "$failures" -gt 0 ]; then
    exit 1
fi
echo "docs-check: $(wc -w <<<"$methods") trait methods with examples, ${#pages[@]} derived types' pages clean, $badges docs.rs feature badges"
