use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    #[token(issued_at)]
    received: bool,
}

fn main() {}
