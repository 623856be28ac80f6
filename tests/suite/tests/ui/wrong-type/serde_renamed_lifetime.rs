use serde::Deserialize;
use token_response::TokenResponse;

#[derive(Deserialize, TokenResponse)]
struct Tok {
    access_token: String,
    #[serde(rename = "expires_in")]
    lifetime: bool,
}

fn main() {}
