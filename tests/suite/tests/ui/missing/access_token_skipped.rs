use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    #[token(skip)]
    access_token: String,
}

fn main() {}
