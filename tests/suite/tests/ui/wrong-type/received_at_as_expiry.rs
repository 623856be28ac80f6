use token_response::{ReceivedAt, TokenResponse};

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    #[serde(default)]
    expires_at: ReceivedAt,
}

fn main() {}
