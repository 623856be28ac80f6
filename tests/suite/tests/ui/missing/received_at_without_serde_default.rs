use serde::Deserialize;
use token_response::{ReceivedAt, TokenResponse};

// No response sends `received_at`: without a default, every one would fail to deserialize.
#[derive(Deserialize, TokenResponse)]
struct Google {
    access_token: String,
    expires_in: u64,
    received_at: ReceivedAt,
    #[token(skip)]
    stamped: token_response::ReceivedAt,
}

fn main() {}
