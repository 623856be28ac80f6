use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    expires_in: u64,
    received_at: Vec<u8>,
}

fn main() {}
