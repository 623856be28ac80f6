#!/usr/bin/env bash
# The medians of the last `cargo bench -p token-response-suite --bench runtime`, from criterion's estimates, as Markdown
# tables, with the pipeline ratios, the cost per scope and per token byte, and the parses through
# serde_json and through `from_json` with `TokenOrError<T>` against `T`.
#
# Usage: scripts/bench-report.sh   (needs jq; reads $CARGO_TARGET_DIR/criterion, default target/)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v jq >/dev/null || { echo "jq is not installed" >&2; exit 1; }
dir="${CARGO_TARGET_DIR:-target}/criterion"
[ -d "$dir" ] || { echo "no criterion results in $dir: run cargo bench -p token-response-suite --bench runtime first" >&2; exit 1; }

# "full_id median_ns" for every benchmark, sorted.
medians=$(for bench in "$dir"/*/*/new/benchmark.json "$dir"/*/*/*/new/benchmark.json; do
    [ -f "$bench" ] || continue
    printf '%s %s\n' "$(jq -r .full_id "$bench")" "$(jq -r .median.point_estimate "${bench%benchmark.json}estimates.json")"
done | sort)

median() { awk -v id="$1" '$1 == id { print $2 }' <<<"$medians"; }
ratio() { awk -v a="$(median "$1")" -v b="$(median "$2")" 'BEGIN { if (a && b) printf "%.2f", a / b; else printf "-" }'; }
ns() { awk -v v="$1" 'BEGIN { if (v >= 1000) printf "%.2f µs", v / 1000; else printf "%.1f ns", v }'; }

for body in google google_openid; do
    echo "Pipeline, body \`$body\`:"
    echo
    echo "| variant | median | × derived |"
    echo "| --- | ---: | ---: |"
    for name in derived trait_by_hand hand oauth2 borrowed; do
        id="pipeline/$body/$name"
        echo "| $name | $(ns "$(median "$id")") | $(ratio "$id" "pipeline/$body/derived") |"
    done
    echo
    echo "derived / hand $(ratio "pipeline/$body/derived" "pipeline/$body/hand"), derived / trait_by_hand" \
        "$(ratio "pipeline/$body/derived" "pipeline/$body/trait_by_hand"), oauth2 / derived" \
        "$(ratio "pipeline/$body/oauth2" "pipeline/$body/derived"), oauth2 / borrowed" \
        "$(ratio "pipeline/$body/oauth2" "pipeline/$body/borrowed")"
    echo
done

echo "| micro bench | derived | hand | derived per unit |"
echo "| --- | ---: | ---: | ---: |"
for n in 1 10 100 1000; do
    d=$(median "scopes/derived/$n")
    echo "| \`scopes()\` over $n | $(ns "$d") | $(ns "$(median "scopes/hand/$n")") | $(awk -v d="$d" -v n="$n" 'BEGIN { printf "%.2f ns/scope", d / n }') |"
done
for n in 16 1024 16384; do
    d=$(median "bearer_header/derived/$n")
    echo "| \`bearer_header()\`, $n-byte token | $(ns "$d") | $(ns "$(median "bearer_header/hand/$n")") | $(awk -v d="$d" -v n="$n" 'BEGIN { printf "%.3f ns/B", d / n }') |"
done
for method in expires_at needs_refresh_at remaining_at; do
    echo "| \`$method\` (seed model, \`f64\`: $(ns "$(median "expiry/$method/seed_f64")")) | $(ns "$(median "expiry/$method/derived")") | $(ns "$(median "expiry/$method/hand")") | |"
done

echo
echo "| parse | serde_json::from_str | from_json | from_json / serde_json |"
echo "| --- | ---: | ---: | ---: |"
for body in google google_openid; do
    for parse in owned owned_wrapped borrowed borrowed_wrapped; do
        s="token_or_error/$body/$parse"
        f="from_json/$body/$parse"
        echo "| \`$body\` $parse | $(ns "$(median "$s")") | $(ns "$(median "$f")") | $(ratio "$f" "$s") |"
    done
done
echo
for body in google google_openid; do
    for group in token_or_error from_json; do
        g="$group/$body"
        echo "$body, $group: TokenOrError / T $(ratio "$g/owned_wrapped" "$g/owned") owned," \
            "$(ratio "$g/borrowed_wrapped" "$g/borrowed") borrowed"
    done
done
