use token_response::TokenResponse;

#[derive(TokenResponse)]
enum Tok {
    Bearer { access_token: String },
}

fn main() {}
