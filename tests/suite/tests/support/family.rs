//! For the tests of tokens shared between processes (`tests/file_store*.rs` here, and
//! `token-redis/tests/`, which include this file by path):
//!
//! - a token endpoint on `127.0.0.1:0` (hyper's HTTP/1 server) whose refresh tokens rotate and
//!   whose whole family is revoked when a spent refresh token is presented again (RFC 9700
//!   section 4.14.2), optionally with a reuse grace (Auth0's "reuse interval": a spent refresh
//!   token is taken once more, without a revocation);
//! - a resource that records which access token each caller (process and task) last used, and
//!   refuses one it did not issue or whose family is revoked;
//! - a shared clock: whole seconds in a file that the test (the parent process) moves and every
//!   child reads, so that expiry cycles cost no real waiting;
//! - the HTTP client that children refresh with.
#![allow(dead_code)]

#[path = "loopback.rs"]
mod loopback;

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::AUTHORIZATION;
use hyper::{Method, Request, Response, StatusCode};
use token_response::TokenResponse;

pub use loopback::{FetchError, Tok, fetch};
use loopback::{exchange, http, json, listen, serve};

/// The generation of an access token `at-<family>-<generation>`.
pub fn generation(token: &Tok) -> u64 {
    token.access_token.rsplit('-').next().and_then(|g| g.parse().ok()).unwrap_or(0)
}

/// What the endpoint has done so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Requests to the token endpoint.
    pub calls: usize,
    /// `invalid_grant` answers.
    pub invalid_grants: usize,
    /// Families revoked because a spent refresh token came back.
    pub revocations: usize,
    /// Spent refresh tokens taken once more under the reuse grace.
    pub grace_reuses: usize,
    /// Resource requests refused.
    pub rejected: usize,
}

#[derive(Default)]
struct State {
    clock_secs: u64,
    lifetime: u64,
    grace: bool,
    /// Refresh token -> (family, generation, times presented).
    refresh_tokens: HashMap<String, (u64, u64, u32)>,
    /// Access token -> family.
    access_tokens: HashMap<String, u64>,
    revoked: Vec<u64>,
    families: u64,
    generations: HashMap<u64, u64>,
    /// Caller -> generation of the access token it used last.
    seen: HashMap<String, u64>,
    /// Event name -> process ids that reported it.
    events: HashMap<String, Vec<u32>>,
    /// Hold the next token request until [`Endpoint::release`].
    hold_next: bool,
    held: usize,
    counts: Counts,
}

/// The running endpoint; it lives as long as the tokio runtime that started it.
#[derive(Clone)]
pub struct Endpoint {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    release: Arc<tokio::sync::Notify>,
}

impl Endpoint {
    /// Starts on a free loopback port in the current tokio runtime: tokens of `lifetime`
    /// seconds, stamped with the shared clock; with `grace`, a spent refresh token is taken once
    /// more.
    pub fn start(clock: &ClockFile, lifetime: u64, grace: bool) -> std::io::Result<Endpoint> {
        let listener = listen()?;
        let state = State { clock_secs: clock.secs(), lifetime, grace, ..State::default() };
        let endpoint = Endpoint {
            addr: listener.local_addr()?,
            state: Arc::new(Mutex::new(state)),
            release: Arc::new(tokio::sync::Notify::new()),
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

    /// The endpoint's view of the shared clock (set by [`ClockFile::advance`] through the test).
    pub fn set_clock(&self, secs: u64) {
        self.state().clock_secs = secs;
    }

    /// How many callers whose name starts with `prefix` last used an access token of
    /// `generation` or later.
    pub fn seen_at_least(&self, prefix: &str, generation: u64) -> usize {
        self.state().seen.iter().filter(|(who, g)| who.starts_with(prefix) && **g >= generation).count()
    }

    /// The generation of the newest token issued in the newest family.
    pub fn generation(&self) -> u64 {
        let state = self.state();
        state.generations.get(&state.families).copied().unwrap_or(0)
    }

    /// Holds the next token request (before it is read) until [`release`](Self::release).
    pub fn hold_next(&self) {
        self.state().hold_next = true;
    }

    /// How many token requests were held so far.
    pub fn held(&self) -> usize {
        self.state().held
    }

    /// Lets the held request go on.
    pub fn release(&self) {
        self.release.notify_one();
    }

    /// The process ids that reported `event`.
    pub fn events(&self, event: &str) -> Vec<u32> {
        self.state().events.get(event).cloned().unwrap_or_default()
    }

    async fn handle(self, request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
        let query = request.uri().query().unwrap_or_default().to_owned();
        let response = match (request.method(), request.uri().path()) {
            (&Method::POST, "/token") => {
                let body = request.into_body().collect().await.map(|body| body.to_bytes()).unwrap_or_default();
                let held = {
                    let mut state = self.state();
                    let held = std::mem::take(&mut state.hold_next);
                    state.held += usize::from(held);
                    held
                };
                if held {
                    self.release.notified().await;
                }
                self.token(&body)
            }
            (&Method::GET, "/resource") => {
                let presented = request.headers().get(AUTHORIZATION).and_then(|value| value.to_str().ok());
                self.resource(presented.unwrap_or_default(), &query)
            }
            (&Method::POST, "/event") => {
                let form: HashMap<String, String> = serde_urlencoded::from_str(&query).unwrap_or_default();
                let pid = form.get("pid").and_then(|p| p.parse().ok()).unwrap_or(0);
                self.state().events.entry(form.get("name").cloned().unwrap_or_default()).or_default().push(pid);
                json(StatusCode::OK, "{}")
            }
            _ => json(StatusCode::NOT_FOUND, ""),
        };
        Ok(response)
    }

    fn token(&self, body: &[u8]) -> Response<Full<Bytes>> {
        let form: HashMap<String, String> = serde_urlencoded::from_bytes(body).unwrap_or_default();
        let mut state = self.state();
        state.counts.calls += 1;
        match form.get("grant_type").map(String::as_str) {
            Some("client_credentials") => {
                state.families += 1;
                let family = state.families;
                state.issue(family)
            }
            Some("refresh_token") => {
                let presented = form.get("refresh_token").cloned().unwrap_or_default();
                let Some(&(family, _, times)) = state.refresh_tokens.get(&presented) else {
                    return state.invalid_grant();
                };
                if state.revoked.contains(&family) {
                    return state.invalid_grant();
                }
                if times >= 1 {
                    if state.grace && times == 1 {
                        state.counts.grace_reuses += 1;
                    } else {
                        state.revoked.push(family);
                        state.counts.revocations += 1;
                        return state.invalid_grant();
                    }
                }
                if let Some(entry) = state.refresh_tokens.get_mut(&presented) {
                    entry.2 += 1;
                }
                state.issue(family)
            }
            _ => json(StatusCode::BAD_REQUEST, r#"{"error":"unsupported_grant_type"}"#),
        }
    }

    fn resource(&self, presented: &str, query: &str) -> Response<Full<Bytes>> {
        let mut state = self.state();
        let token = presented.strip_prefix("Bearer ").unwrap_or_default();
        let family = state.access_tokens.get(token).copied();
        match family {
            Some(family) if !state.revoked.contains(&family) => {
                let generation = token.rsplit('-').next().and_then(|g| g.parse().ok()).unwrap_or(0);
                let who = query.strip_prefix("who=").unwrap_or_default().to_owned();
                let last = state.seen.entry(who).or_insert(0);
                *last = (*last).max(generation);
                json(StatusCode::OK, "{}")
            }
            _ => {
                state.counts.rejected += 1;
                json(StatusCode::UNAUTHORIZED, r#"{"error":"invalid_token"}"#)
            }
        }
    }
}

impl State {
    fn issue(&mut self, family: u64) -> Response<Full<Bytes>> {
        let generation = self.generations.entry(family).or_insert(0);
        *generation += 1;
        let generation = *generation;
        let access_token = format!("at-{family}-{generation}");
        let refresh_token = format!("rt-{family}-{generation}");
        self.access_tokens.insert(access_token.clone(), family);
        self.refresh_tokens.insert(refresh_token.clone(), (family, generation, 0));
        let body = format!(
            r#"{{"access_token":"{access_token}","token_type":"Bearer","expires_in":{},"issued_at":{},"refresh_token":"{refresh_token}"}}"#,
            self.lifetime, self.clock_secs,
        );
        json(StatusCode::OK, &body)
    }

    fn invalid_grant(&mut self) -> Response<Full<Bytes>> {
        self.counts.invalid_grants += 1;
        json(StatusCode::BAD_REQUEST, r#"{"error":"invalid_grant"}"#)
    }
}

/// `GET /resource?who=..` with `token`: whether the resource took it.
pub async fn use_token(addr: SocketAddr, token: &Tok, who: &str) -> Result<bool, FetchError> {
    let header = token.bearer_header().map_err(http)?;
    let request = Request::get(format!("http://{addr}/resource?who={who}"))
        .header(AUTHORIZATION, header)
        .body(Full::new(Bytes::new()))
        .map_err(http)?;
    Ok(exchange(addr, request).await?.0 == StatusCode::OK)
}

/// `POST /event`: tells the test that this process reached `name`.
pub async fn report(addr: SocketAddr, name: &str) -> Result<(), FetchError> {
    let uri = format!("http://{addr}/event?name={name}&pid={}", std::process::id());
    let request = Request::post(uri).body(Full::new(Bytes::new())).map_err(http)?;
    exchange(addr, request).await.map(drop)
}

/// The shared clock, as the test writes it: whole seconds in a file (written whole, by rename),
/// or `stop` when the children are to finish.
pub struct ClockFile {
    path: PathBuf,
    secs: AtomicU64,
}

impl ClockFile {
    pub fn create(path: PathBuf, secs: u64) -> std::io::Result<Self> {
        let clock = ClockFile { path, secs: AtomicU64::new(secs) };
        clock.write(&secs.to_string())?;
        Ok(clock)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn secs(&self) -> u64 {
        self.secs.load(Ordering::SeqCst)
    }

    fn write(&self, text: &str) -> std::io::Result<()> {
        let temp = self.path.with_extension("tmp");
        std::fs::write(&temp, text)?;
        std::fs::rename(&temp, &self.path)
    }

    /// Moves the clock (and the endpoint's) forward.
    pub fn advance(&self, endpoint: &Endpoint, secs: u64) -> std::io::Result<()> {
        let now = self.secs.fetch_add(secs, Ordering::SeqCst) + secs;
        endpoint.set_clock(now);
        self.write(&now.to_string())
    }

    pub fn stop(&self) -> std::io::Result<()> {
        self.write("stop")
    }
}

/// A child's view of the shared clock: a thread re-reads the file every 2 ms.
#[derive(Clone)]
pub struct ClockReader {
    secs: Arc<AtomicU64>,
    stopped: Arc<AtomicBool>,
    /// Seconds this process's clock runs ahead of the shared one.
    ahead: u64,
}

impl ClockReader {
    pub fn start(path: PathBuf, ahead: u64) -> Self {
        let reader =
            ClockReader { secs: Arc::new(AtomicU64::new(0)), stopped: Arc::new(AtomicBool::new(false)), ahead };
        reader.read(&path);
        let thread = reader.clone();
        std::thread::spawn(move || {
            while !thread.stopped() {
                thread.read(&path);
                std::thread::sleep(Duration::from_millis(2));
            }
        });
        reader
    }

    fn read(&self, path: &Path) {
        match std::fs::read_to_string(path) {
            Ok(text) if text == "stop" => self.stopped.store(true, Ordering::SeqCst),
            Ok(text) => {
                if let Ok(secs) = text.parse() {
                    self.secs.store(secs, Ordering::SeqCst);
                }
            }
            Err(_) => {}
        }
    }

    pub fn stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }

    pub fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.secs.load(Ordering::SeqCst) + self.ahead)
    }

    pub fn reader(&self) -> impl Fn() -> SystemTime + Send + Sync + 'static {
        let clock = self.clone();
        move || clock.now()
    }
}
