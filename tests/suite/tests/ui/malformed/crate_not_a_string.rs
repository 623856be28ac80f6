use token_response::TokenResponse;

#[derive(TokenResponse)]
#[token(crate = 5)]
struct Tok {
    access_token: String,
}

fn main() {}
