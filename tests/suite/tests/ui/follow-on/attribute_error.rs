use token_response::TokenResponse;

#[derive(TokenResponse)]
#[token(debug)]
struct Tok {
    #[token(acess_token)]
    token: String,
    expires_in: u64,
}

fn main() {
    let t = Tok { token: String::new(), expires_in: 3600 };
    let _: &str = t.access_token();
    let _: bool = t.is_expired();
    let _ = t.bearer_header();
    println!("{t:?}");
}
