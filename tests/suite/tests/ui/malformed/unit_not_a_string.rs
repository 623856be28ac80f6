use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    #[token(unit = ms)]
    expires_in: u64,
    #[token(unit = 1000)]
    created_at: u64,
}

fn main() {}
