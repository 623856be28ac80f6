use token_response::TokenResponse;

#[derive(TokenResponse)]
#[token(debug = true)]
struct Tok {
    #[token(access_token = "jwt")]
    token: String,
}

fn main() {}
