use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    expires_in: u64,
    #[token(expires_in)]
    ext_expires_in: u64,
}

fn main() {}
