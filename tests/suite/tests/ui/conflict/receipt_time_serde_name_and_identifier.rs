use serde::Deserialize;
use token_response::TokenResponse;

#[derive(Deserialize, TokenResponse)]
struct GitLab {
    access_token: String,
    expires_in: u64,
    #[serde(alias = "received_at")]
    created_at: u64,
}

fn main() {}
