use token_response::TokenResponse;

#[derive(TokenResponse)]
#[token(refresh_leeway = 500ms)]
struct Tok {
    access_token: String,
}

fn main() {}
