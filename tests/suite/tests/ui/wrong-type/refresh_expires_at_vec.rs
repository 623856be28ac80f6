use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    refresh_token_expires_at: Vec<u64>,
}

fn main() {}
