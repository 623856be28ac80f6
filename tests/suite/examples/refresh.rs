//! Keeping a token fresh for many concurrent callers with `token_response::cache::TokenCache`.
//!
//! Starts a real OAuth 2.0 token endpoint on loopback (hyper, from the tests' support code),
//! which rotates the refresh token on every refresh and leaves it out of every second refresh
//! response (as Google does). Then 200 concurrent callers at each step: a first grant; an
//! expiry during which every caller gives up (a 50 ms deadline, a 300 ms endpoint) and the
//! next callers resume the same refresh; a revoked access token (401); and a revoked refresh
//! token (`invalid_grant`: signed out, no more calls). Prints what the endpoint saw. Offline,
//! in about a second.
//!
//! The refresh function below is the part to copy: an HTTP POST to the token endpoint, read
//! with `TokenOrError`. The clock is the cache's injectable one, moved by hand: no waiting for
//! tokens to expire.
//!
//! ```sh
//! cargo run -p token-response-suite --example refresh
//! ```

#[path = "../tests/support/clock.rs"]
mod clock;
#[path = "../tests/support/endpoint.rs"]
mod endpoint;

use std::error::Error;
use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::header::CONTENT_TYPE;
use hyper::{Request, StatusCode};
use hyper_util::rt::TokioIo;
use serde::Deserialize;
use token_response::cache::{self, TokenCache};
use token_response::{ErrorCode, ErrorResponse, TokenOrError, TokenResponse};
use tokio::net::TcpStream;
use tokio::task::JoinSet;

use clock::Clock;
use endpoint::Endpoint;

/// The token, as this client reads the endpoint's answer.
#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct Token {
    access_token: String,
    token_type: String,
    expires_in: u64,
    issued_at: u64,
    refresh_token: Option<String>,
}

/// Why a refresh failed: the endpoint said no (an OAuth error response), or the exchange did.
#[derive(Debug)]
enum RefreshError {
    Refused(ErrorResponse),
    Http(String),
}

impl RefreshError {
    /// The refresh token is dead: sign in again.
    fn is_terminal(&self) -> bool {
        matches!(self, RefreshError::Refused(refused) if refused.error == ErrorCode::InvalidGrant)
    }
}

impl fmt::Display for RefreshError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefreshError::Refused(refused) => write!(f, "refused: {refused}"),
            RefreshError::Http(error) => write!(f, "HTTP: {error}"),
        }
    }
}

impl Error for RefreshError {}

fn http(error: impl fmt::Display) -> RefreshError {
    RefreshError::Http(error.to_string())
}

/// The refresh function: `grant_type=refresh_token` with the current token's refresh token,
/// or a first grant (`client_credentials`) when there is none.
async fn refresh(addr: SocketAddr, current: Option<Arc<Token>>) -> Result<Token, RefreshError> {
    let form = match current.as_deref().and_then(Token::refresh_token) {
        Some(refresh_token) => {
            serde_urlencoded::to_string([("grant_type", "refresh_token"), ("refresh_token", refresh_token)])
        }
        None => serde_urlencoded::to_string([("grant_type", "client_credentials")]),
    };
    let request = Request::post(format!("http://{addr}/token"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Full::new(Bytes::from(form.map_err(http)?)))
        .map_err(http)?;
    let stream = TcpStream::connect(addr).await.map_err(http)?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(http)?;
    tokio::spawn(connection);
    let response = sender.send_request(request).await.map_err(http)?;
    let status = response.status();
    let body = response.into_body().collect().await.map_err(http)?.to_bytes();
    let reply: TokenOrError<Token> =
        serde_json::from_slice(&body).map_err(|_| http(format!("unreadable answer ({status})")))?;
    reply.into_result().map_err(RefreshError::Refused)
}

type Cache = TokenCache<Token, RefreshError>;

/// One caller: a token from the cache and a request with it; on 401, one retry with the token
/// `get_after_rejection` gives. `None`: it gave up at its `deadline`.
async fn caller(cache: Arc<Cache>, endpoint: Endpoint, deadline: Option<Duration>) -> Option<Result<String, String>> {
    let work = async {
        let token = cache.get().await?;
        if endpoint::call_resource(endpoint.addr(), &token).await.ok() == Some(StatusCode::UNAUTHORIZED) {
            return cache.get_after_rejection(&token).await;
        }
        Ok::<_, cache::Error<RefreshError>>(token)
    };
    let answer = match deadline {
        Some(deadline) => tokio::time::timeout(deadline, work).await.ok()?,
        None => work.await,
    };
    Some(answer.map(|token| token.access_token.clone()).map_err(|error| match error {
        cache::Error::SignedOut(_) => "Error::SignedOut: sign in again".to_owned(),
        error => error.to_string(),
    }))
}

/// 200 callers at once; prints what they got and what the endpoint saw.
async fn step(what: &str, cache: &Arc<Cache>, endpoint: &Endpoint, clock: &Clock, deadline: Option<Duration>) {
    let before = endpoint.counts();
    let mut tasks = JoinSet::new();
    for _ in 0..200 {
        tasks.spawn(caller(cache.clone(), endpoint.clone(), deadline));
    }
    let answers = tasks.join_all().await;
    let gave_up = answers.iter().filter(|answer| answer.is_none()).count();
    let mut got: Vec<String> =
        answers.into_iter().flatten().map(|answer| answer.unwrap_or_else(|error| error)).collect();
    got.dedup();
    let got = match (gave_up, got.as_slice()) {
        (200, _) => "every caller gave up".to_owned(),
        (_, [one]) => one.clone(),
        (_, many) => format!("{many:?}"),
    };
    let refresh_token = cache.current().and_then(|token| token.refresh_token.clone()).unwrap_or_default();
    let calls = endpoint.counts().calls - before.calls;
    println!("{:<8} {what:<28} {calls:>5}   {got:<32} {refresh_token}", format!("+{} s", clock.secs() - 1_800_000_000));
}

fn main() -> Result<(), Box<dyn Error>> {
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    runtime.block_on(async {
        let clock = Clock::new(1_800_000_000);
        let endpoint = Endpoint::start(&clock, 60, 2)?;
        let addr = endpoint.addr();
        let cache = Arc::new(
            TokenCache::new(move |current| refresh(addr, current))
                .with_clock(clock.reader())
                .with_terminal(RefreshError::is_terminal),
        );
        println!("token endpoint on http://{addr}: tokens live 60 s; it rotates the refresh token on every refresh");
        println!("and leaves it out of every second response. 200 concurrent callers at each step.\n");
        println!("{:<8} {:<28} {:>5}   {:<32} cached refresh token", "clock", "step", "calls", "what the callers got");

        step("empty cache", &cache, &endpoint, &clock, None).await;
        clock.advance(70);
        // The endpoint rotates the refresh token at once and answers 300 ms later; every caller
        // gives up after 50 ms. The refresh is the cache's: it stays in flight.
        endpoint.set_latency(Duration::from_millis(300));
        step("expired, 50 ms deadlines", &cache, &endpoint, &clock, Some(Duration::from_millis(50))).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        step("the next callers resume it", &cache, &endpoint, &clock, None).await;
        endpoint.set_latency(Duration::ZERO);
        clock.advance(5);
        endpoint.revoke();
        step("access token revoked (401)", &cache, &endpoint, &clock, None).await;
        clock.advance(70);
        endpoint.revoke_refresh_token();
        step("refresh token revoked", &cache, &endpoint, &clock, None).await;
        clock.advance(600);
        step("10 minutes later", &cache, &endpoint, &clock, None).await;

        let counts = endpoint.counts();
        println!(
            "\n6 × 200 callers, {} endpoint calls, {} invalid_grant (the revoked refresh token, once), {} ms",
            counts.calls,
            counts.invalid_grants,
            started.elapsed().as_millis()
        );
        assert_eq!(counts.calls, 4, "one call per step that needed one; none to resume, none once signed out");
        assert_eq!(counts.invalid_grants, 1);
        Ok(())
    })
}
