use token_response::TokenResponse;

// `redact` acts on the `Debug` impl of `#[token(debug)]`; a derived `Debug` would print the key.
#[derive(Debug, TokenResponse)]
struct Tok {
    access_token: String,
    #[token(redact)]
    api_key: String,
}

fn main() {}
