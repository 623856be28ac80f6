use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    refresh_token: Option<u64>,
}

fn main() {}
