use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    #[token(expires_in, delimiter = ",")]
    lifetime: u64,
}

fn main() {}
