use token_response::TokenResponse;

// A `#[derive(Debug)]` after the derive's own is one it sees.
#[derive(TokenResponse)]
#[token(debug)]
#[derive(Clone, std::fmt::Debug)]
struct Tok {
    access_token: String,
}

fn main() {
    let t = Tok { access_token: String::new() };
    let _ = format!("{:?}", t.clone());
}
