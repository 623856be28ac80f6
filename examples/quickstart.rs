//! Derive `TokenResponse` on a token response struct, parse a response, and ask it when it
//! expires, what `Authorization` header to send and which scopes it grants.
//!
//! Run with `cargo run --example quickstart`.

use std::error::Error;
use std::time::UNIX_EPOCH;

use serde::Deserialize;
use token_response::TokenResponse;

/// A token response in camelCase, as some providers send it.
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

/// A sample response, as the token endpoint would send it.
const RESPONSE: &str = r#"{
    "accessToken": "2YotnFZFEjr1zCsicMWpAA",
    "tokenType": "bearer",
    "expiresIn": 7200,
    "createdAt": 1700000000,
    "refreshToken": "tGzv3JOkF0XG5Qx2TlKWIA",
    "scope": "read write profile"
}"#;

fn main() -> Result<(), Box<dyn Error>> {
    let token: RefreshTokenAuthentication = serde_json::from_str(RESPONSE)?;

    match token.expires_at() {
        Some(expires_at) => {
            let unix = expires_at.duration_since(UNIX_EPOCH)?.as_secs();
            let state = if token.is_expired() { "expired" } else { "still valid" };
            println!("expires at: {unix} (Unix seconds), {state}");
        }
        None => println!("expires at: unknown"),
    }
    println!("refresh now: {}", if token.needs_refresh() { "yes" } else { "no" });
    println!("header: Authorization: {}", token.authorization_header()?);
    println!("scopes: {}", token.scopes().collect::<Vec<_>>().join(", "));
    println!("can write: {}", token.has_scope("write"));
    println!("refresh token: {}", if token.refresh_token().is_some() { "present" } else { "absent" });
    Ok(())
}
