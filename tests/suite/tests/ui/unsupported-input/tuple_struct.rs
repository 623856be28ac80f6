use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok(String);

fn main() {}
