use token_response::{ReceivedAt, TokenResponse};

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    expires_at: ReceivedAt,
}

fn main() {}
