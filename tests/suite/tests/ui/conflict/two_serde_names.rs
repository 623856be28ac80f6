use serde::Deserialize;
use token_response::TokenResponse;

#[derive(Deserialize, TokenResponse)]
struct Tok {
    access_token: String,
    #[serde(rename = "expires_in", alias = "ttl", alias = "issued_at")]
    stamp: u64,
    #[serde(alias = "refresh-token")]
    #[serde(alias = "scope")]
    extra: String,
}

fn main() {}
