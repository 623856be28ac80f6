use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    scope: u32,
}

fn main() {}
