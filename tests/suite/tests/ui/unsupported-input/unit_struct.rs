use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok;

fn main() {}
