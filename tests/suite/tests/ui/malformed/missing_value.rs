use token_response::TokenResponse;

#[derive(TokenResponse)]
#[token(refresh_leeway)]
struct Tok {
    access_token: String,
    #[token(unit)]
    expires_in: u64,
}

fn main() {}
