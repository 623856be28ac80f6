use token_response::TokenResponse;

#[derive(TokenResponse)]
#[token(rename_all = "camelCase")]
struct Tok {
    #[token(rename = "access_token")]
    token: String,
}

fn main() {}
