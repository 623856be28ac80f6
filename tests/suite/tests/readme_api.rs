//! README.md's "Calling an API" example compiles: its code block is the body of `calling_an_api`
//! below, line for line (checked by the test).

#[rustfmt::skip]
#[allow(dead_code)]
mod readme {
// README: begin
use std::sync::Arc;
use serde::Deserialize;
use token_response::TokenResponse;
use token_response::client::{ClientAuth, TokenClient};
use token_response::middleware::TokenMiddleware;

#[derive(Deserialize, TokenResponse)]
struct GitLabToken { access_token: String, expires_in: u64, created_at: u64, refresh_token: Option<String> }

async fn calling_an_api(id: &str, secret: &str) -> Result<reqwest::Response, Box<dyn std::error::Error>> {
let tokens = TokenClient::new(reqwest::Client::new(), "https://gitlab.com/oauth/token".parse()?, ClientAuth::basic(id, secret));
let api = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
    .with(TokenMiddleware::new(Arc::new(tokens.cache::<GitLabToken>())))
    .build();
let projects = api.get("https://gitlab.com/api/v4/projects").send().await?;
// README: end
    Ok(projects)
}
}

#[test]
fn readme_calling_an_api_is_this_code() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let block = readme.split("## Calling an API").nth(1).and_then(|rest| rest.split("```rust\n").nth(1)).unwrap();
    let block = block.split("```").next().unwrap();
    let source = include_str!("readme_api.rs");
    let ours = source.split("// README: begin\n").nth(1).unwrap().split("// README: end").next().unwrap();
    let ours: String =
        ours.lines().filter(|line| !line.starts_with("async fn")).map(|line| format!("{line}\n")).collect();
    assert_eq!(block, ours, "README.md's \"Calling an API\" block differs from tests/suite/tests/readme_api.rs");
}
