#!/usr/bin/env bash
# Instructions per iteration of the runtime benches' routines, counted by callgrind: exact and
# unmoved by other load on the machine, unlike wall-clock time. Each routine runs at two
# iteration counts and the difference is divided out, so start-up costs cancel.
#
# Usage: scripts/instructions.sh [ID...]   (needs valgrind; builds the bench in release mode)
# With no ID, every routine; an ID is as `routine()` in benches/runtime/main.rs names it.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
bin=$(cargo bench -p token-response-suite --bench runtime --no-run 2>&1 | sed -n 's/.*Executable .*benches\/runtime\/main.rs (\(.*\))$/\1/p')
[ -x "$bin" ] || { echo "could not find the runtime bench binary" >&2; exit 1; }

low=200
high=1200

# Instructions callgrind collects for a routine run `$2` times.
collected() {
    local count
    count=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" --instructions "$1" "$2" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
    [ -n "$count" ] || { echo "routine $1 did not run" >&2; exit 1; }
    echo "$count"
}

bodies=(google google_openid)
ids=("$@")
if [ ${#ids[@]} -eq 0 ]; then
    for body in "${bodies[@]}"; do
        for name in derived trait_by_hand hand oauth2 borrowed; do ids+=("pipeline/$body/$name"); done
    done
    for n in 1 10 100 1000; do ids+=("scopes/derived/$n" "scopes/hand/$n"); done
    for n in 16 1024 16384; do ids+=("bearer_header/derived/$n" "bearer_header/hand/$n"); done
    for method in expires_at needs_refresh_at remaining_at; do
        for kind in derived hand seed_f64; do ids+=("expiry/$method/$kind"); done
    done
    for group in token_or_error from_json; do
        for body in "${bodies[@]}"; do
            for parse in owned owned_wrapped borrowed borrowed_wrapped; do ids+=("$group/$body/$parse"); done
        done
    done
fi

declare -A per
printf '%-44s %12s\n' routine instructions
for id in "${ids[@]}"; do
    a=$(collected "$id" "$low")
    b=$(collected "$id" "$high")
    per[$id]=$(((b - a) / (high - low)))
    printf '%-44s %12d\n' "$id" "${per[$id]}"
done

ratio() {
    [ -n "${per[$2]:-}" ] && [ -n "${per[$3]:-}" ] || return 0
    awk -v a="${per[$2]}" -v b="${per[$3]}" -v label="$1" 'BEGIN { printf "%-44s %12.3f\n", label, a / b }'
}
echo
for body in "${bodies[@]}"; do
    p="pipeline/$body"
    ratio "$body: derived / hand" "$p/derived" "$p/hand"
    ratio "$body: derived / trait_by_hand" "$p/derived" "$p/trait_by_hand"
    ratio "$body: oauth2 / derived" "$p/oauth2" "$p/derived"
    ratio "$body: oauth2 / borrowed" "$p/oauth2" "$p/borrowed"
done
for body in "${bodies[@]}"; do
    t="token_or_error/$body"
    ratio "$body: TokenOrError / T (owned)" "$t/owned_wrapped" "$t/owned"
    ratio "$body: TokenOrError / T (borrowed)" "$t/borrowed_wrapped" "$t/borrowed"
done
for body in "${bodies[@]}"; do
    t="token_or_error/$body"
    f="from_json/$body"
    for parse in owned owned_wrapped borrowed borrowed_wrapped; do
        ratio "$body: from_json / serde_json ($parse)" "$f/$parse" "$t/$parse"
    done
    ratio "$body: from_json, TokenOrError / T (owned)" "$f/owned_wrapped" "$f/owned"
    ratio "$body: from_json, TokenOrError / T (borrowed)" "$f/borrowed_wrapped" "$f/borrowed"
done
