use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    access_token: u64,
}

fn main() {}
