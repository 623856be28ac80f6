use token_response::TokenResponse;

#[derive(TokenResponse)]
#[token(refresh_leway = 30)]
struct Tok {
    access_token: String,
}

fn main() {}
