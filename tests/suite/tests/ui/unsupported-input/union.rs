use token_response::TokenResponse;

#[derive(TokenResponse)]
union Tok {
    access_token: u64,
}

fn main() {}
