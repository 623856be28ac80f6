use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    #[token(unit = "fortnights")]
    expires_in: u64,
}

fn main() {}
