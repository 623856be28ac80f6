use token_response::TokenResponse;

#[derive(TokenResponse)]
#[token(debug)]
enum Tok {
    Bearer { access_token: String },
}

fn main() {
    let t = Tok::Bearer { access_token: String::new() };
    let _: &str = t.access_token();
    let _ = t.needs_refresh();
    println!("{t:?}");
}
