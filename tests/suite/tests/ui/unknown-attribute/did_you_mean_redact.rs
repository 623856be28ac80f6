use token_response::TokenResponse;

#[derive(TokenResponse)]
#[token(debug)]
struct Tok {
    access_token: String,
    #[token(redcat)]
    api_key: String,
}

fn main() {}
