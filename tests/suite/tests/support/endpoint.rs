//! A real OAuth 2.0 token endpoint on `127.0.0.1:0` (hyper's HTTP/1 server), a resource that
//! answers 401 to a token it does not take, and a real HTTP client (hyper's) that refreshes
//! through `TokenOrError`. Shared by `tests/cache_http.rs` and `examples/refresh.rs`, which
//! each use a part of it.
//!
//! The endpoint behaves as rotating providers do: every refresh issues a new refresh token and
//! spends the one presented, and a spent or unknown one is answered `400 {"error":
//! "invalid_grant"}`. It rotates when the request arrives and answers after its latency, so a
//! client that gives up meanwhile has already spent its refresh token. Like Google, it leaves
//! `refresh_token` out of every `omit_every`-th refresh response, and then the presented one
//! stays valid. It can be taken down (503), can hold requests until released (then answered
//! 503, changing nothing: a refresh that never resolves), can revoke the refresh token (every
//! refresh is then `invalid_grant`), and can stamp its tokens by a clock of its own (ahead or
//! behind ours). It counts what it does.
#![allow(dead_code)]

#[path = "loopback.rs"]
mod loopback;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::AUTHORIZATION;
use hyper::{Method, Request, Response, StatusCode};
use token_response::TokenResponse;
use token_response::cache::TokenCache;
use tokio::sync::watch;

use crate::clock::Clock;

pub use loopback::{FetchError, Tok, fetch};
use loopback::{exchange, http, json, listen, serve};

/// What the endpoint has done so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Requests to the token endpoint, whatever their answer.
    pub calls: usize,
    /// Tokens issued (first grants and refreshes).
    pub issued: usize,
    /// Refresh responses without a `refresh_token`.
    pub omitted: usize,
    /// `invalid_grant` answers: a refresh token spent, unknown or missing.
    pub invalid_grants: usize,
    /// 503 answers.
    pub unavailable: usize,
}

struct State {
    clock: Clock,
    lifetime: u64,
    omit_every: usize,
    /// The refresh token the endpoint takes.
    refresh_token: Option<String>,
    /// The access token the resource takes (while not expired).
    access_token: Option<String>,
    refreshes: usize,
    down: bool,
    /// Requests still to hold before answering.
    hold: usize,
    /// How long a token request takes.
    latency: Duration,
    /// The endpoint's clock minus ours, in seconds.
    offset: i64,
    counts: Counts,
}

/// The running endpoint; it lives as long as the tokio runtime that started it.
#[derive(Clone)]
pub struct Endpoint {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    release: Arc<watch::Sender<u64>>,
}

impl Endpoint {
    /// Starts the endpoint on a free loopback port, in the current tokio runtime: tokens of
    /// `lifetime` seconds stamped with `clock`, `refresh_token` left out of every `omit_every`-th
    /// refresh response (0: never).
    pub fn start(clock: &Clock, lifetime: u64, omit_every: usize) -> std::io::Result<Endpoint> {
        let listener = listen()?;
        let state = State {
            clock: clock.clone(),
            lifetime,
            omit_every,
            refresh_token: None,
            access_token: None,
            refreshes: 0,
            down: false,
            hold: 0,
            latency: Duration::ZERO,
            offset: 0,
            counts: Counts::default(),
        };
        let endpoint = Endpoint {
            addr: listener.local_addr()?,
            state: Arc::new(Mutex::new(state)),
            release: Arc::new(watch::Sender::new(0)),
        };
        let server = endpoint.clone();
        serve(listener, move |request| server.clone().handle(request));
        Ok(endpoint)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn counts(&self) -> Counts {
        self.state().counts
    }

    /// The refresh token the endpoint takes now.
    pub fn valid_refresh_token(&self) -> Option<String> {
        self.state().refresh_token.clone()
    }

    /// 503 to every token request while `down`.
    pub fn set_down(&self, down: bool) {
        self.state().down = down;
    }

    /// Makes every token request take `latency` (real time) before it is read, as a remote
    /// endpoint's do: callers that arrive meanwhile find the refresh in flight.
    pub fn set_latency(&self, latency: Duration) {
        self.state().latency = latency;
    }

    /// Holds the next `requests` token requests until [`release`](Self::release).
    pub fn hold(&self, requests: usize) {
        self.state().hold = requests;
    }

    /// Answers every held request with 503 and holds no more.
    pub fn release(&self) {
        self.state().hold = 0;
        self.release.send_modify(|generation| *generation += 1);
    }

    /// The resource stops taking the current access token (a revocation): its next use is 401.
    pub fn revoke(&self) {
        self.state().access_token = None;
    }

    /// The refresh token is revoked (the user signed out elsewhere): every refresh is
    /// `invalid_grant` until a first grant.
    pub fn revoke_refresh_token(&self) {
        self.state().refresh_token = None;
    }

    /// Stamps tokens with our clock moved by `seconds` (negative: the endpoint's clock is behind).
    pub fn set_clock_offset(&self, seconds: i64) {
        self.state().offset = seconds;
    }

    async fn handle(self, request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
        let response = match (request.method(), request.uri().path()) {
            (&Method::POST, "/token") => {
                let body = request.into_body().collect().await.map(|body| body.to_bytes()).unwrap_or_default();
                self.token(&body).await
            }
            (&Method::GET, "/resource") => self.resource(&request),
            _ => json(StatusCode::NOT_FOUND, ""),
        };
        Ok(response)
    }

    async fn token(&self, body: &[u8]) -> Response<Full<Bytes>> {
        let (held, latency) = {
            let mut state = self.state();
            state.counts.calls += 1;
            let held = state.hold > 0;
            state.hold = state.hold.saturating_sub(1);
            (held, state.latency)
        };
        if held {
            let mut release = self.release.subscribe();
            let generation = *release.borrow_and_update();
            let _ = release.wait_for(|now| *now != generation).await;
            self.state().counts.unavailable += 1;
            return json(StatusCode::SERVICE_UNAVAILABLE, "");
        }
        // Decided (and the refresh token rotated) on arrival, answered after the latency.
        let response = self.state().answer(body);
        tokio::time::sleep(latency).await;
        response
    }

    fn resource(&self, request: &Request<Incoming>) -> Response<Full<Bytes>> {
        let state = self.state();
        let presented = request.headers().get(AUTHORIZATION).and_then(|value| value.to_str().ok());
        let taken = state.access_token.as_deref().map(|token| format!("Bearer {token}"));
        if presented.is_some() && presented == taken.as_deref() {
            json(StatusCode::OK, "{}")
        } else {
            json(StatusCode::UNAUTHORIZED, r#"{"error":"invalid_token"}"#)
        }
    }
}

impl State {
    /// The answer to a token request with form `body`.
    fn answer(&mut self, body: &[u8]) -> Response<Full<Bytes>> {
        let form: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
        let field = |name: &str| form.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str());
        if self.down {
            self.counts.unavailable += 1;
            return json(StatusCode::SERVICE_UNAVAILABLE, "");
        }
        match field("grant_type") {
            Some("client_credentials") => self.issue(false),
            Some("refresh_token")
                if field("refresh_token").is_some() && field("refresh_token") == self.refresh_token.as_deref() =>
            {
                self.refreshes += 1;
                let omit = self.omit_every > 0 && self.refreshes % self.omit_every == 0;
                self.issue(omit)
            }
            Some("refresh_token") => {
                self.counts.invalid_grants += 1;
                json(
                    StatusCode::BAD_REQUEST,
                    r#"{"error":"invalid_grant","error_description":"refresh token spent or unknown"}"#,
                )
            }
            _ => json(StatusCode::BAD_REQUEST, r#"{"error":"unsupported_grant_type"}"#),
        }
    }

    /// Issues a token; with `omit`, a refresh response without `refresh_token`, which keeps the
    /// presented one valid.
    fn issue(&mut self, omit: bool) -> Response<Full<Bytes>> {
        self.counts.issued += 1;
        let n = self.counts.issued;
        let access_token = format!("at-{n}");
        let refresh_token = if omit {
            self.counts.omitted += 1;
            String::new()
        } else {
            self.refresh_token = Some(format!("rt-{n}"));
            format!(r#","refresh_token":"rt-{n}""#)
        };
        self.access_token = Some(access_token.clone());
        let body = format!(
            r#"{{"access_token":"{access_token}","token_type":"Bearer","expires_in":{},"issued_at":{}{refresh_token}}}"#,
            self.lifetime,
            self.clock.secs().saturating_add_signed(self.offset),
        );
        json(StatusCode::OK, &body)
    }
}

/// `GET` of `path` on any server at `addr`: the status and the body.
pub async fn get(addr: SocketAddr, path: &str) -> Result<(StatusCode, Bytes), FetchError> {
    let request = Request::get(format!("http://{addr}{path}")).body(Full::new(Bytes::new())).map_err(http)?;
    exchange(addr, request).await
}

/// `GET /resource` with `token`: 200, or 401 once the endpoint no longer takes it.
pub async fn call_resource(addr: SocketAddr, token: &impl TokenResponse) -> Result<StatusCode, FetchError> {
    let header = token.bearer_header().map_err(http)?;
    let request = Request::get(format!("http://{addr}/resource"))
        .header(AUTHORIZATION, header)
        .body(Full::new(Bytes::new()))
        .map_err(http)?;
    Ok(exchange(addr, request).await?.0)
}

/// A cache of the endpoint's tokens, reading `clock`.
pub fn cache(endpoint: &Endpoint, clock: &Clock) -> TokenCache<Tok, FetchError> {
    let addr = endpoint.addr();
    TokenCache::new(move |current: Option<Arc<Tok>>| fetch(addr, current)).with_clock(clock.reader())
}
