//! Comma-separated scopes: GitHub OAuth apps (`"scope": "repo,gist"`) and Slack. One attribute,
//! `#[token(scope, delimiter = ",")]`, splits them.
//!
//! `cargo run --example comma_scopes`

use serde::Deserialize;
use token_response::TokenResponse;

#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct GitHubToken {
    access_token: String,
    token_type: String,
    #[token(scope, delimiter = ",")]
    scope: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token: GitHubToken = serde_json::from_str(include_str!("../tests/fixtures/providers/github-oauth-app.json"))?;

    println!("{token:?}");
    println!("scopes:       {:?}", token.scopes().collect::<Vec<_>>());
    println!("can push:     {}", token.has_scope("repo"));
    println!("can read org: {}", token.has_scope("read:org"));
    println!("token type:   {} (sent as {:?})", token.token_type(), token.token_type);
    println!("expires:      {:?} (GitHub OAuth app tokens do not expire)", token.expires_at());
    Ok(())
}
