use token_response::TokenResponse;

#[derive(TokenResponse)]
#[token(refresh_leeway = "soon", dbug)]
struct Tok {
    #[token(acess_token)]
    token: String,
    #[token(unit = "fortnights")]
    expires_in: u64,
    #[token(scope, unit = "ms")]
    permissions: String,
    scope: String,
    refresh_token: u64,
}

fn main() {}
