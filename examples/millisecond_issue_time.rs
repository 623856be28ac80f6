//! An issue time in milliseconds, sent as a string: Salesforce (`"issued_at": "1278448832702"`,
//! no `expires_in`, no `token_type`). `unit = "ms"` says so; the default, `unit = "auto"`,
//! would tell milliseconds from seconds by size and read it the same.
//!
//! `cargo run --example millisecond_issue_time`

use std::time::UNIX_EPOCH;

use serde::Deserialize;
use token_response::TokenResponse;

#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct SalesforceToken {
    access_token: String,
    #[token(unit = "ms")]
    issued_at: String,
    instance_url: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token: SalesforceToken = serde_json::from_str(include_str!("../tests/fixtures/providers/salesforce.json"))?;

    let issued = token.issued_at().and_then(|t| t.duration_since(UNIX_EPOCH).ok());
    println!("{token:?}");
    println!("issued at:   Unix {:?} ms", issued.map(|d| d.as_millis()));
    println!("expires at:  {:?} (Salesforce sends no lifetime)", token.expires_at());
    println!("token type:  {} (absent means Bearer)", token.token_type());
    println!("header ok:   {}", token.bearer_header().is_ok());
    println!("instance:    {}", token.instance_url);
    Ok(())
}
