use token_response::TokenResponse;

#[derive(TokenResponse)]
#[token(refresh_leeway = "soon")]
struct Tok {
    access_token: String,
}

fn main() {}
