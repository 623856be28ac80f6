use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    scope: String,
    scopes: Vec<String>,
}

fn main() {}
