//! The standard dialect (RFC 6749 §5.1): Google, Okta, Auth0, Spotify, Discord, Dropbox,
//! Amazon, LinkedIn, Microsoft v2. The response carries a lifetime but no issue time, so a
//! `ReceivedAt` field stamps the moment of parsing and the expiry is receipt + `expires_in`.
//!
//! `cargo run --example standard`

use serde::Deserialize;
use token_response::{ReceivedAt, TokenResponse};

#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct Token {
    access_token: String,
    token_type: Option<String>,
    expires_in: Option<u64>,
    refresh_token: Option<String>,
    scope: Option<String>,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token: Token = serde_json::from_str(include_str!("../tests/fixtures/providers/google.json"))?;

    println!("{token:?}");
    println!("expires in:    {:?} s", token.remaining().map(|left| left.as_secs()));
    println!("needs refresh: {}", token.needs_refresh());
    println!("scopes:        {:?}", token.scopes().collect::<Vec<_>>());
    println!("refresh token: {}", if token.refresh_token().is_some() { "present" } else { "none" });
    let header = token.bearer_header()?; // send it as the `Authorization` header
    println!("header:        {} bytes, starts {:?}", header.len(), header.split(' ').next());
    Ok(())
}
