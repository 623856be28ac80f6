use serde::Deserialize;
use token_response::TokenResponse;

#[derive(Deserialize, TokenResponse)]
struct Tok {
    access_token: String,
    #[serde(rename = "expires_in")]
    expires_at: u64,
}

fn main() {}
