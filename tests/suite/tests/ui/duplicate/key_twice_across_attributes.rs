use token_response::TokenResponse;

#[derive(TokenResponse)]
#[token(refresh_leeway = 30)]
#[token(refresh_leeway = 60)]
struct Tok {
    access_token: String,
}

fn main() {}
