use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    acess_token: String,
    expires_in: u64,
}

fn main() {}
