#!/usr/bin/env bash
# What #[derive(TokenResponse)] costs at compile time, with cargo and standard tools only.
#
# 1. `cargo check` of a generated crate of $STRUCTS structs shaped like the seed model, with
#    dependencies prebuilt: `#[derive(Deserialize)]` alone, with `TokenResponse` added, and with
#    serde's `Serialize` added instead. The measure that decides is INSTRUCTIONS=1 (rustc's
#    instructions, which load does not move): target what TokenResponse adds <= 0.40 x what
#    Serialize adds. Wall and CPU seconds are reported beside it.
# 2. The clean `cargo build` of a small serde_json crate, with and without token-response.
#    Target: <= 15% longer. Each build writes a `cargo build --timings` report.
#
# Works offline from the crates.io cache: the versions are those of this repository's Cargo.lock.
# With INSTRUCTIONS=1 (needs valgrind), also the instructions rustc executes for the check of
# each variant (of $INSTRUCTION_STRUCTS structs, default 100), which other load does not move.
#
# Usage: scripts/compile-bench.sh   (env: RUNS=5 check rounds, BUILDS=3 clean builds, STRUCTS=300,
#        INSTRUCTIONS=1, OUT=target/compile-bench for the reports, KEEP=1 keeps the generated crates)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
builds=${BUILDS:-3}
structs=${STRUCTS:-300}
out=${OUT:-$repo/target/compile-bench}
work=$(mktemp -d "${TMPDIR:-/tmp}/compile-bench.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
unset CARGO_TARGET_DIR RUSTFLAGS CARGO_BUILD_RUSTFLAGS
export CARGO_NET_OFFLINE=true CARGO_INCREMENTAL=0 CARGO_TERM_COLOR=never
TIMEFORMAT='%R %U %S'

# A crate in $work/$1 depending on serde (derive) and whatever else is given.
new_crate() {
    local dir=$work/$1
    shift
    mkdir -p "$dir/src"
    {
        printf '[package]\nname = "compile-bench-%s"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n' "$(basename "$dir")"
        printf '[dependencies]\nserde = { version = "1", features = ["derive"] }\n'
        for dep in "$@"; do printf '%s\n' "$dep"; done
        printf '\n[workspace]\n'
    } >"$dir/Cargo.toml"
    cp "$repo/Cargo.lock" "$dir/Cargo.lock"
}

# The seed model $3 times, deriving $1, importing $2.
seed_structs() {
    printf '%s\n' "$2"
    for i in $(seq "$3"); do
        cat <<EOF

#[derive($1)]
#[serde(rename_all = "camelCase")]
pub struct RefreshTokenAuthentication$i {
    pub access_token: String,
    pub token_type: Option<String>,
    pub expires_in: Option<f64>,
    pub created_at: f64,
    pub refresh_token: Option<String>,
    pub scope: Option<String>,
}
EOF
    done
}

# Wall and CPU (user + sys) seconds of a command, as "wall cpu".
timed() {
    local t
    t=$( { time "$@" >/dev/null 2>"$work/stderr"; } 2>&1 ) || { cat "$work/stderr" >&2; exit 1; }
    awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' <<<"$t"
}

# The median of the numbers on stdin.
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "toolchain: $(rustc --version)"

# --- 1. cargo check, dependencies prebuilt -------------------------------------------------
new_crate check "token-response = { path = \"$repo\" }"
cd "$work/check"
variants=(deserialize token_response serialize)
declare -A derives=(
    [deserialize]="Deserialize"
    [token_response]="Deserialize, TokenResponse"
    [serialize]="Deserialize, Serialize"
)
declare -A imports=(
    [deserialize]="use serde::Deserialize;"
    [token_response]="use serde::Deserialize;
use token_response::TokenResponse;"
    [serialize]="use serde::{Deserialize, Serialize};"
)
for v in "${variants[@]}"; do seed_structs "${derives[$v]}" "${imports[$v]}" "$structs" >"$work/$v.rs"; done

cp "$work/token_response.rs" src/lib.rs
cargo check -q # builds the dependencies once
echo
echo "syn in the check crate (one version means it builds once):"
cargo tree -i syn -e normal,build --prefix none | sed 's/^/  /'
[ "$(cargo tree -i syn -e normal,build --depth 0 2>&1 | grep -c '^syn v')" = 1 ] ||
    { echo "more than one syn version in the graph" >&2; exit 1; }

echo
echo "cargo check of $structs structs, $runs rounds (variants interleaved), seconds:"
declare -A wall cpu
for round in $(seq "$runs"); do
    for v in "${variants[@]}"; do
        cp "$work/$v.rs" src/lib.rs
        read -r w c < <(timed cargo check -q)
        wall[$v]+="$w "
        cpu[$v]+="$c "
    done
done
printf '  %-16s %10s %10s\n' variant "wall" "cpu"
declare -A wall_median cpu_median
for v in "${variants[@]}"; do
    wall_median[$v]=$(tr ' ' '\n' <<<"${wall[$v]}" | grep . | median)
    cpu_median[$v]=$(tr ' ' '\n' <<<"${cpu[$v]}" | grep . | median)
    printf '  %-16s %10.3f %10.3f   (wall: %s)\n' "$v" "${wall_median[$v]}" "${cpu_median[$v]}" "${wall[$v]% }"
done
for m in wall cpu; do
    declare -n med="${m}_median"
    awk -v base="${med[deserialize]}" -v ours="${med[token_response]}" -v ser="${med[serialize]}" -v m="$m" 'BEGIN {
        printf "  %s: TokenResponse adds %.3f s, Serialize adds %.3f s: ratio %.2f\n",
            m, ours - base, ser - base, (ours - base) / (ser - base)
    }'
done

if [ -n "${INSTRUCTIONS:-}" ]; then
    command -v valgrind >/dev/null || { echo "INSTRUCTIONS=1 needs valgrind" >&2; exit 1; }
    n=${INSTRUCTION_STRUCTS:-100}
    echo
    echo "instructions rustc executes for the check of $n structs (callgrind):"
    declare -A ir
    for v in "${variants[@]}"; do
        seed_structs "${derives[$v]}" "${imports[$v]}" "$n" >src/lib.rs
        rustc_cmd=$(cargo check -v 2>&1 | sed -n 's/^ *Running `\(.*--crate-name compile_bench_check .*\)`$/\1/p')
        [ -n "$rustc_cmd" ] || { echo "could not find the rustc command" >&2; exit 1; }
        ir[$v]=$(eval "valgrind --tool=callgrind --callgrind-out-file=/dev/null $rustc_cmd" 2>&1 >/dev/null |
            sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
        printf '  %-16s %14d\n' "$v" "${ir[$v]}"
    done
    awk -v base="${ir[deserialize]}" -v ours="${ir[token_response]}" -v ser="${ir[serialize]}" 'BEGIN {
        printf "  instructions: TokenResponse adds %.0f M, Serialize adds %.0f M: ratio %.3f (target <= 0.40)\n",
            (ours - base) / 1e6, (ser - base) / 1e6, (ours - base) / (ser - base)
    }'
fi

# --- 2. clean build of a serde_json crate ----------------------------------------------------
main_rs() {
    cat <<EOF
$1

#[derive($2)]
struct Token {
    access_token: String,
    expires_in: Option<u64>,
    scope: Option<String>,
}

fn main() {
    let token: Token = serde_json::from_str(r#"{"access_token": "a", "expires_in": 60, "scope": "x"}"#).unwrap();
    println!("{} {:?} {:?}", token.access_token, token.expires_in, token.scope);$3
}
EOF
}
new_crate json_plain 'serde_json = "1"'
main_rs "use serde::Deserialize;" "Deserialize" "" >"$work/json_plain/src/main.rs"
new_crate json_token 'serde_json = "1"' "token-response = { path = \"$repo\" }"
main_rs "use serde::Deserialize;
use token_response::TokenResponse;" "Deserialize, TokenResponse" '
    println!("{:?}", token.expires_at());' >"$work/json_token/src/main.rs"

echo
echo "clean cargo build (dev profile) of a serde_json crate, $builds builds each (interleaved), seconds:"
declare -A bwall bcpu
for round in $(seq "$builds"); do
    for v in json_plain json_token; do
        cd "$work/$v"
        rm -rf target
        read -r w c < <(timed cargo build --timings)
        bwall[$v]+="$w "
        bcpu[$v]+="$c "
        cp target/cargo-timings/cargo-timing.html "$out/$v-$round.html"
    done
done
declare -A bwall_median bcpu_median
printf '  %-16s %10s %10s\n' crate "wall" "cpu"
for v in json_plain json_token; do
    bwall_median[$v]=$(tr ' ' '\n' <<<"${bwall[$v]}" | grep . | median)
    bcpu_median[$v]=$(tr ' ' '\n' <<<"${bcpu[$v]}" | grep . | median)
    printf '  %-16s %10.3f %10.3f   (wall: %s)\n' "$v" "${bwall_median[$v]}" "${bcpu_median[$v]}" "${bwall[$v]% }"
done
awk -v a="${bwall_median[json_plain]}" -v b="${bwall_median[json_token]}" -v c="${bcpu_median[json_plain]}" -v d="${bcpu_median[json_token]}" 'BEGIN {
    printf "  with token-response: wall %+.1f%%, cpu %+.1f%% (target <= +15%% wall)\n", (b / a - 1) * 100, (d / c - 1) * 100
}'

# What dominates: the units of the last clean build with token-response, from --timings.
units() {
    awk '/UNIT_DATA = \[/ { on = 1 } on && /^\];/ { on = 0 } on' "$1" |
        grep -E '^    "(name|target|start|duration)":' | sed -E 's/^ *"[a-z]+": //; s/[",]//g' | paste - - - - |
        awk -F'\t' '{ printf "  %6.2f s  %6.2f s  %6.2f s  %s%s\n", $4, $3, $3 + $4, $1, $2 }'
}
echo
echo "units of the last clean build with token-response (cargo build --timings), slowest first:"
echo "    duration     start       end  unit"
units "$out/json_token-$builds.html" | sort -rn | head -12
echo "  ..."
units "$out/json_token-$builds.html" | grep -E ' (token-|compile-bench)' | sort -k3 -n
echo "reports: $out/json_*.html"
