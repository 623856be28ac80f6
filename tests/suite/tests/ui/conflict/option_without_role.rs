use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    #[token(unit = "ms")]
    ttl: u64,
}

fn main() {}
