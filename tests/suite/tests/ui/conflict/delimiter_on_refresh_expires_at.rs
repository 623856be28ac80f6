use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    #[token(refresh_expires_at, delimiter = ",")]
    deadline: String,
}

fn main() {}
