use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    expires_in: Vec<u8>,
}

fn main() {}
