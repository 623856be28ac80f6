use serde::Deserialize;
use token_response::TokenResponse;

#[derive(Deserialize, TokenResponse)]
struct Tok {
    access_token: String,
    #[serde(rename = "access_token")]
    token: String,
}

fn main() {}
