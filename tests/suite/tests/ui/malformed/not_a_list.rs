use token_response::TokenResponse;

#[derive(TokenResponse)]
#[token]
struct Tok {
    #[token = "access_token"]
    token: String,
}

fn main() {}
