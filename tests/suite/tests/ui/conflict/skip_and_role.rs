use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    #[token(skip, access_token)]
    token: String,
}

fn main() {}
