//! Keeping a token fresh for many concurrent callers with `token_response::cache::TokenCache`.
//!
//! Starts a real OAuth 2.0 token endpoint on loopback (hyper), which rotates the refresh token
//! on every refresh, leaves it out of every second refresh response (as Google does), and
//! answers 20 ms late; then runs 200 concurrent callers through a first grant, two expiries
//! and a revoked token (401), and prints what the endpoint saw. Offline, under a second.
//!
//! The clock is the cache's injectable one, moved by hand: no waiting for tokens to expire.
//!
//! ```sh
//! cargo run --example refresh
//! ```

#[path = "../tests/support/clock.rs"]
mod clock;
#[path = "../tests/support/endpoint.rs"]
mod endpoint;

use std::collections::HashSet;
use std::error::Error;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hyper::StatusCode;
use token_response::TokenResponse;
use token_response::cache::{self, TokenCache};

use clock::Clock;
use endpoint::{Endpoint, FetchError, Tok};

const CALLERS: usize = 200;
const LIFETIME: u64 = 60;

/// One caller: a token from the cache, one request to the resource with it, and on 401 one
/// retry with the token `get_after_rejection` gives. Returns the token used and whether it
/// was rejected first.
async fn caller(
    cache: Arc<TokenCache<Tok, FetchError>>,
    endpoint: Endpoint,
) -> Result<(Arc<Tok>, bool), cache::Error<FetchError>> {
    let token = cache.get().await?;
    if endpoint::call_resource(endpoint.addr(), &token).await.map_err(|e| cache::Error::Refresh(Arc::new(e)))?
        != StatusCode::UNAUTHORIZED
    {
        return Ok((token, false));
    }
    let retry = cache.get_after_rejection(&token).await?;
    let status =
        endpoint::call_resource(endpoint.addr(), &retry).await.map_err(|e| cache::Error::Refresh(Arc::new(e)))?;
    assert_eq!(status, StatusCode::OK, "the refreshed token is taken");
    Ok((retry, true))
}

fn main() -> Result<(), Box<dyn Error>> {
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    runtime.block_on(async {
        let clock = Clock::new(1_800_000_000);
        let endpoint = Endpoint::start(&clock, LIFETIME, 2)?;
        endpoint.set_latency(Duration::from_millis(20));
        let cache = Arc::new(endpoint::cache(&endpoint, &clock));
        let start = clock.secs();
        println!(
            "token endpoint on http://{}: tokens live {LIFETIME} s (a refresh is due after 30 s);",
            endpoint.addr()
        );
        println!("it rotates the refresh token on every refresh and leaves it out of every second response\n");
        println!("{CALLERS} concurrent callers at each step; every caller got the token shown\n");
        println!("{:<7} {:<26} {:>14}   {:<6} refresh token", "clock", "step", "endpoint calls", "token");

        let steps: [(&str, u64, bool); 4] = [
            ("empty cache", 0, false),
            ("token expired", 70, false),
            ("token expired", 70, false),
            ("token revoked", 5, true),
        ];
        for (what, advance, revoke) in steps {
            clock.advance(advance);
            if revoke {
                endpoint.revoke();
            }
            let before = endpoint.counts();
            let mut tasks = tokio::task::JoinSet::new();
            for _ in 0..CALLERS {
                tasks.spawn(caller(cache.clone(), endpoint.clone()));
            }
            let results = tasks.join_all().await;
            let counts = endpoint.counts();

            let mut tokens = HashSet::new();
            let mut rejected = 0;
            for result in results {
                let (token, was_rejected) = result?;
                tokens.insert(token.access_token().to_owned());
                rejected += usize::from(was_rejected);
            }
            let token = cache.current().ok_or("the cache holds a token")?;
            let refresh_token = token.refresh_token().unwrap_or("none");
            let how = match (counts.omitted > before.omitted, before.issued) {
                (true, _) => "inherited: the response had none",
                (false, 0) => "issued",
                (false, _) => "rotated",
            };
            let what = if rejected > 0 { format!("{what}: {rejected} × 401") } else { what.to_owned() };
            let calls = counts.calls - before.calls;
            println!(
                "{:<7} {what:<26} {calls:>14}   {:<6} {refresh_token} ({how})",
                format!("+{} s", clock.secs() - start),
                token.access_token(),
            );
            assert_eq!(calls, 1, "one endpoint call for all {CALLERS} callers");
            assert_eq!(tokens.len(), 1, "every caller got the same token");
        }

        let counts = endpoint.counts();
        println!(
            "\n4 × {CALLERS} callers, {} endpoint calls, {} invalid_grant, {} ms",
            counts.calls,
            counts.invalid_grants,
            started.elapsed().as_millis()
        );
        assert_eq!(counts.invalid_grants, 0);
        Ok(())
    })
}
