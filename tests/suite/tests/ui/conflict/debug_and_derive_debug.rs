use token_response::TokenResponse;

// The derive cannot see a `Debug` listed beside it: rustc reports the two impls.
#[derive(Debug, TokenResponse)]
#[token(debug)]
struct Tok {
    access_token: String,
}

fn main() {}
