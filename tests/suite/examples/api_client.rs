//! From a token struct to API calls that carry a fresh token: the token client
//! (`token_response::client`) feeding a `TokenCache`, and reqwest-middleware's client sending
//! its token with every request (`token_response::middleware::TokenMiddleware`).
//!
//! Starts a real token endpoint and API on loopback (hyper), then runs 200 concurrent calls
//! three times: with no token yet, through an expiry, and after the API revoked the token (every
//! call refused with 401 before any refresh can end); then one call to an API that refuses every
//! token. Prints a timeline of what the token endpoint and the API saw. Offline, under a second.
//!
//! The clock is the cache's injectable one, moved by hand: no waiting for tokens to expire.
//!
//! ```sh
//! cargo run -p token-response-suite --example api_client
//! ```

#[path = "../tests/support/api.rs"]
mod api;
#[path = "../tests/support/clock.rs"]
mod clock;

use std::error::Error;
use std::sync::Arc;
use std::time::Instant;

use reqwest::StatusCode;
use reqwest_middleware::ClientWithMiddleware;
use token_response::client::{ClientAuth, TokenClient};
use token_response::middleware::{TokenMiddleware, TokenRefreshed};

use api::{Api, CLIENT_ID, CLIENT_SECRET, Counts, Server, Tok};
use clock::Clock;

const CALLERS: usize = 200;
const LIFETIME: u64 = 3600;

/// `CALLERS` concurrent GETs; returns how many got 200, and how many of those were retries.
async fn burst(api: &ClientWithMiddleware, server: &Server) -> Result<(usize, usize), Box<dyn Error>> {
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..CALLERS {
        let (api, url) = (api.clone(), server.api_url(&format!("orders/{i}")));
        tasks.spawn(async move { api.get(url).send().await });
    }
    let (mut ok, mut retried) = (0, 0);
    for response in tasks.join_all().await {
        let response = response?;
        ok += usize::from(response.status() == StatusCode::OK);
        retried += usize::from(response.extensions().get::<TokenRefreshed>().is_some_and(|marker| marker.retried));
    }
    Ok((ok, retried))
}

fn line(start: Instant, what: &str, before: Counts, after: Counts, outcome: &str) {
    println!(
        "{:>5} ms  {what:<46} token endpoint +{}  API +{} (+{} refused)  {outcome}",
        start.elapsed().as_millis(),
        after.token_calls - before.token_calls,
        after.api_calls - before.api_calls,
        after.api_refused - before.api_refused,
    );
}

fn main() -> Result<(), Box<dyn Error>> {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    runtime.block_on(async {
        let clock = Clock::new(1_800_000_000);
        let server = Server::start(&clock, LIFETIME)?;
        let start = Instant::now();

        // What a user writes: a token client, its cache, and an API client that uses it.
        let tokens = TokenClient::new(
            reqwest::Client::new(),
            server.token_url().parse()?,
            ClientAuth::basic(CLIENT_ID, CLIENT_SECRET),
        );
        let cache = Arc::new(tokens.cache::<Tok>().with_clock(clock.reader()));
        let api = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
            .with(TokenMiddleware::new(cache.clone()))
            .build();

        println!("token endpoint {}, API {}", server.token_url(), server.api_url(""));
        let before = server.counts();
        let (ok, _) = burst(&api, &server).await?;
        line(start, &format!("{CALLERS} calls, no token yet"), before, server.counts(), &format!("{ok} OK"));

        clock.advance(LIFETIME);
        let before = server.counts();
        let (ok, _) = burst(&api, &server).await?;
        line(
            start,
            &format!("{CALLERS} calls, the token expired ({LIFETIME} s on)"),
            before,
            server.counts(),
            &format!("{ok} OK"),
        );

        server.revoke();
        server.gather_refusals(CALLERS);
        let before = server.counts();
        let (ok, retried) = burst(&api, &server).await?;
        let outcome = format!("{ok} OK, {retried} after a retry");
        line(start, &format!("{CALLERS} calls, the token revoked: 401 to all"), before, server.counts(), &outcome);

        server.set_api(Api::RejectAll);
        let before = server.counts();
        let response = api.get(server.api_url("admin")).send().await?;
        let marker = response.extensions().get::<TokenRefreshed>().copied();
        let outcome = format!("{} returned, {marker:?}", response.status());
        line(start, "1 call, an API that refuses every token", before, server.counts(), &outcome);

        let grants: Vec<String> =
            server.token_requests().iter().map(|request| request.get("grant_type").unwrap_or("?").to_owned()).collect();
        println!("token requests in order: {}", grants.join(", "));
        Ok(())
    })
}
