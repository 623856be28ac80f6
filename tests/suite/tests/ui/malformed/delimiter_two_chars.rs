use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    #[token(delimiter = ",;")]
    scope: String,
}

fn main() {}
