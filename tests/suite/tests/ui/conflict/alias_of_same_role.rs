use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    #[token(issued_at, created_at)]
    stamp: u64,
}

fn main() {}
