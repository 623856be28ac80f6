use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    #[token(unit = "auto")]
    expires_in: u64,
}

fn main() {}
