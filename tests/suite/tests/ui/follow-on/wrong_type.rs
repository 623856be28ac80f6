use token_response::TokenResponse;

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    expires_in: bool,
}

fn main() {
    let t = Tok { access_token: String::new(), expires_in: true };
    let _: Option<std::time::Duration> = t.expires_in();
    let _: bool = t.needs_refresh();
}
