use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    #[token(acess_token)]
    token: String,
    #[token(expire_in)]
    ttl: u64,
    #[token(scopee)]
    permissions: String,
}

fn main() {}
