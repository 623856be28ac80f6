//! Numbers sent as strings: GitHub App user tokens (`"expires_in": "28800"`,
//! `"refresh_token_expires_in": "15811200"`), Azure AD v1, Firebase. A string field type reads
//! them; no attribute is needed.
//!
//! `cargo run --example string_numbers`

use serde::Deserialize;
use token_response::{ReceivedAt, TokenResponse};

#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct GitHubAppToken {
    access_token: String,
    token_type: String,
    expires_in: String,
    refresh_token: String,
    refresh_token_expires_in: String,
    #[token(scope, delimiter = ",")]
    scope: String,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token: GitHubAppToken =
        serde_json::from_str(include_str!("../tests/fixtures/providers/github-app-user-token.json"))?;

    println!("{token:?}");
    println!("lifetime:               {:?}", token.expires_in());
    println!("refresh token lifetime: {:?}", token.refresh_expires_in());
    println!("expired:                {}", token.is_expired());
    println!("refresh token expired:  {}", token.is_refresh_expired());
    println!("scopes:                 {:?}", token.scopes().collect::<Vec<_>>());
    Ok(())
}
