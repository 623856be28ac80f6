use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    #[token(unit = "fortnights")]
    refresh_expires_at: u64,
}

fn main() {}
