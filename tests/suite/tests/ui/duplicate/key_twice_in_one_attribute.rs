use token_response::TokenResponse;

#[derive(TokenResponse)]
#[token(debug, debug)]
struct Tok {
    access_token: String,
    #[token(unit = "ms", unit = "s")]
    expires_in: u64,
}

fn main() {}
