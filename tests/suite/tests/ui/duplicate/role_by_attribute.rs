use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    #[token(access_token)]
    jwt: String,
    #[token(access_token)]
    bearer: String,
}

fn main() {}
