use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    #[token(access_token, refresh_token)]
    token: String,
}

fn main() {}
