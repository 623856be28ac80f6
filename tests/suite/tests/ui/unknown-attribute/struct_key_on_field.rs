use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    #[token(debug)]
    access_token: String,
}

fn main() {}
