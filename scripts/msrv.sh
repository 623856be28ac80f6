#!/usr/bin/env bash
# Proves `rust-version = "1.85"` on a real Rust 1.85: Debian's rustc-web and cargo-web, installed
# with apt-get when missing. With that compiler, builds and runs a crate that derives
# TokenResponse on the seed model (CONTRACT.md) and depends on token-response with every feature
# in its [features], so token-core, token-derive and the facade are built with all their features.
#
# Dependencies are resolved afresh by the MSRV-aware resolver, as for a user on 1.85 who adds
# token-response: each crate at its newest version whose rust-version is at most 1.85. That
# lockfile and the build live in target/msrv; the repository's Cargo.lock is not read or touched.
# Needs crates.io. The test suite is not built: its dev-dependencies need a newer compiler (README).
#
# Usage: scripts/msrv.sh   (as root, or with sudo for the apt-get step)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
version=1.85.0+dfsg3-1~deb12u3
work=$repo/target/msrv
cargo=/usr/bin/cargo

installed() { [ "$(dpkg-query -W -f='${Status} ${Version}' "$1" 2>/dev/null)" = "install ok installed $version" ]; }
if ! installed rustc-web || ! installed cargo-web; then
    sudo=
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -q
    # bookworm-security carries a newer rustc-web: pin its standard library to 1.85 too.
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -qq -y --no-install-recommends --allow-downgrades \
        "rustc-web=$version" "cargo-web=$version" "libstd-rust-web-dev=$version"
fi

# Debian's cargo and rustc, whatever rustup puts first on PATH.
unset RUSTUP_TOOLCHAIN RUSTC_WRAPPER RUSTFLAGS CARGO_BUILD_RUSTFLAGS CARGO_TARGET_DIR
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
export CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback CARGO_TERM_COLOR=never
"$cargo" --version
"$RUSTC" --version
case $("$RUSTC" --version) in
rustc\ 1.85.*) ;;
*) echo "msrv: $RUSTC is not Rust 1.85" >&2 && exit 1 ;;
esac

# Every feature of the facade, as a TOML list: "http", "chrono", ...
features=$(sed -n '/^\[features\]/,/^\[/{/^[A-Za-z0-9_-]* *=/s/ *=.*//p}' "$repo/Cargo.toml" |
    grep -vx default | sed 's/.*/"&"/' | paste -sd, | sed 's/,/, /g')

mkdir -p "$work/seed/src"
cp "$repo/tests/fixtures/seed-model.json" "$work/seed/"
cat >"$work/seed/Cargo.toml" <<EOF
[package]
name = "msrv-seed"
version = "0.0.0"
edition = "2024"
rust-version = "1.85"
publish = false

[dependencies]
token-response = { path = "$repo", features = [$features] }
token-response-redis = { path = "$repo/token-redis" }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
reqwest = { version = "0.13", default-features = false }

[workspace]
EOF
cat >"$work/seed/src/main.rs" <<'EOF'
//! The seed model of CONTRACT.md, derived and read with Rust 1.85.
use serde::Deserialize;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use token_response::{TokenResponse, TokenType};

#[derive(Deserialize, TokenResponse)]
#[serde(rename_all = "camelCase")]
struct RefreshTokenAuthentication {
    access_token: String,
    token_type: Option<String>,
    expires_in: Option<f64>,
    created_at: f64,
    refresh_token: Option<String>,
    scope: Option<String>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let t: RefreshTokenAuthentication = serde_json::from_str(include_str!("../seed-model.json"))?;
    let expiry = UNIX_EPOCH + Duration::from_secs(1_700_003_600);
    assert_eq!(t.token_type(), TokenType::Bearer);
    assert_eq!(t.expires_at(), Some(expiry));
    assert!(!t.needs_refresh_at(expiry - Duration::from_secs(61)));
    assert!(t.needs_refresh_at(expiry - Duration::from_secs(60)));
    assert!(t.is_expired_at(SystemTime::now()));
    assert!(t.has_scopes(&["read", "write"]));
    assert_eq!(t.bearer_header()?, format!("Bearer {}", t.access_token()));
    assert!(t.authorization_header_value()?.is_sensitive());
    assert!(t.refresh_token().is_some());
    // The Redis store's crate (and the `redis` release a 1.85 user resolves) builds too.
    let _ = token_response_redis::Credential::new("https://issuer.example", "client").scopes(["read"]);
    println!("msrv: the seed model derives and reads as the contract says");

    // The HTTP integrations (features reqwest, reqwest-middleware, tower) build and link too.
    use token_response::client::{ClientAuth, TokenClient};
    use token_response::middleware::{TokenLayer, TokenMiddleware};
    let tokens = TokenClient::new(reqwest::Client::new(), "https://auth.example.com/token".parse()?, ClientAuth::basic("id", "secret"));
    let cache = std::sync::Arc::new(tokens.cache::<RefreshTokenAuthentication>());
    let _middleware = TokenMiddleware::new(cache.clone());
    let _layer = TokenLayer::new(cache);
    let challenges = token_response::challenge::parse(r#"Bearer realm="api", error="invalid_token""#)?;
    assert_eq!(challenges[0].param("error"), Some("invalid_token"));
    println!("msrv: the token client, the middleware and the layer build");
    Ok(())
}
EOF

cd "$work/seed"
rm -f Cargo.lock
"$cargo" generate-lockfile
echo "msrv: resolved $(grep -c '^name = ' Cargo.lock) packages"
"$cargo" run --target-dir "$work/target"
