use serde::Deserialize;
use token_response::TokenResponse;

#[derive(Deserialize, TokenResponse)]
struct Tok {
    access_token: String,
    #[token(expires_in)]
    ttl: u64,
    #[serde(alias = "expiresIn")]
    lifetime: u64,
}

fn main() {}
