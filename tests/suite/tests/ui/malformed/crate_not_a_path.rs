use token_response::TokenResponse;

#[derive(TokenResponse)]
#[token(crate = "my tokens")]
struct Tok {
    access_token: String,
}

fn main() {}
