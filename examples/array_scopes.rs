//! Scopes sent as a JSON array: Twitch (`"scope": ["chat:read", "chat:edit"]`). A `Vec<String>`
//! field holds one scope an element.
//!
//! `cargo run --example array_scopes`

use serde::Deserialize;
use token_response::{ReceivedAt, TokenResponse};

#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct TwitchToken {
    access_token: String,
    token_type: String,
    expires_in: Option<u64>,
    refresh_token: String,
    scope: Vec<String>,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token: TwitchToken = serde_json::from_str(include_str!("../tests/fixtures/providers/twitch.json"))?;

    println!("{token:?}");
    println!("scopes:         {:?}", token.scopes().collect::<Vec<_>>());
    println!("can chat:       {}", token.has_scopes(&["chat:read", "chat:edit"]));
    println!("can read bits:  {}", token.has_scope("bits:read"));
    println!("expires in:     {:?} s", token.remaining().map(|left| left.as_secs()));
    Ok(())
}
