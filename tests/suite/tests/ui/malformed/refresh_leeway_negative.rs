use token_response::TokenResponse;

#[derive(TokenResponse)]
#[token(refresh_leeway = -1)]
struct Tok {
    access_token: String,
}

fn main() {}
