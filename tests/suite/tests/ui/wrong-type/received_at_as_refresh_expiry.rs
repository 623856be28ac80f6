use token_response::{ReceivedAt, TokenResponse};

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    refresh_token: Option<String>,
    #[token(refresh_expires_at)]
    refresh_deadline: Option<ReceivedAt>,
}

fn main() {}
