use token_response::TokenResponse;

#[derive(TokenResponse)]
#[token(unit = "ms")]
struct Tok {
    access_token: String,
    expires_in: u64,
}

fn main() {}
