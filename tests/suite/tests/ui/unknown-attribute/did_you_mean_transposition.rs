use token_response::TokenResponse;

#[derive(TokenResponse)]
#[token(deubg)]
struct Tok {
    access_token: String,
    #[token(scpoe)]
    permissions: String,
    #[token(refresh_epxires_at)]
    deadline: u64,
}

fn main() {}
