//! An absolute expiry in the response: Strava's `expires_at` (Unix seconds, a number) and
//! Azure AD v1's `expires_on` (Unix seconds, a string). Matched by name; `expires_at()` prefers
//! it over issue time + lifetime, so no receipt time is needed.
//!
//! `cargo run --example absolute_expiry`

use std::time::{Duration, UNIX_EPOCH};

use serde::Deserialize;
use token_response::TokenResponse;

#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct StravaToken {
    access_token: String,
    token_type: String,
    expires_at: i64,
    expires_in: u32,
    refresh_token: String,
}

#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct AzureV1Token {
    access_token: String,
    token_type: String,
    expires_in: String,
    expires_on: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let strava: StravaToken = serde_json::from_str(include_str!("../tests/fixtures/providers/strava.json"))?;
    let azure: AzureV1Token =
        serde_json::from_str(include_str!("../tests/fixtures/providers/microsoft-v1-client-credentials.json"))?;

    for (name, token) in [("Strava", &strava as &dyn TokenResponse), ("Azure AD v1", &azure)] {
        let expires = token.expires_at().and_then(|t| t.duration_since(UNIX_EPOCH).ok());
        println!("{name}: expires at Unix {:?}, expired: {}", expires.map(|d| d.as_secs()), token.is_expired());
    }
    // Evaluate at a fixed time instead of the clock: 10 minutes before Strava's expiry.
    let before = UNIX_EPOCH + Duration::from_secs(1_562_908_002 - 600);
    println!("Strava, 10 min before expiry: remaining {:?}", strava.remaining_at(before));
    println!("{strava:?}");
    Ok(())
}
