use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    #[token(unit = "ms")]
    access_token: String,
}

fn main() {}
