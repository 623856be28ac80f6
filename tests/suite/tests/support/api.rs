//! A real OAuth 2.0 authorization server and API on `127.0.0.1:0` (hyper's HTTP/1 server), for
//! the token client and the middleware: `POST /token` (client credentials, rotating refresh
//! tokens, authorization code with a PKCE verifier) and `/api/...`, which takes only the access
//! token issued last and answers a refused one with 401 and a `WWW-Authenticate` challenge.
//! Shared by `tests/http_*.rs` and `examples/api_client.rs`; it records what it was sent.
#![allow(dead_code)]

#[path = "loopback.rs"]
mod loopback;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use base64::Engine as _;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use hyper::{Method, Request, Response, StatusCode};
use tokio::sync::watch;

use crate::clock::Clock;

pub use loopback::Tok;
use loopback::{listen, reply, serve};

/// The client the server knows. RFC 6749 appendix A allows any of `%x20-7E` in both.
pub const CLIENT_ID: &str = "client:id %+&=/?\"é";
pub const CLIENT_SECRET: &str = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
/// The authorization code the server takes, with this verifier.
pub const CODE: &str = "SplxlOBeZQQYbYS6WxSbIA";
pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
pub const INVALID_TOKEN: &str = r#"Bearer realm="api", error="invalid_token", error_description="revoked, or expired""#;

/// How the API answers a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Api {
    /// 200 to the current access token, else 401 with the challenge.
    Normal,
    /// 401 with the challenge to every request (a token the API never takes).
    RejectAll,
    /// 403 `insufficient_scope` to every request.
    InsufficientScope,
}

/// One token request as the server read it.
#[derive(Clone, Debug, Default)]
pub struct TokenRequest {
    /// The `Authorization` header, decoded: `(id, secret)` of a Basic header after Base64 and
    /// form-urlencoding are undone; `None` without a Basic header.
    pub basic: Option<(String, String)>,
    /// The form body's members in order.
    pub form: Vec<(String, String)>,
}

impl TokenRequest {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.form.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// One API request as the server read it.
#[derive(Clone, Debug)]
pub struct ApiRequest {
    pub method: Method,
    pub authorization: Option<String>,
    pub body: Bytes,
    pub status: StatusCode,
}

/// What the server has done.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub token_calls: usize,
    pub issued: usize,
    pub api_calls: usize,
    pub api_ok: usize,
    pub api_refused: usize,
}

struct State {
    clock: Clock,
    lifetime: u64,
    token_type: &'static str,
    form_answers: bool,
    errors_with_200: bool,
    api: Api,
    challenge: Option<String>,
    access_token: Option<String>,
    refresh_token: Option<String>,
    /// 401 answers are held until this many have arrived (counted in `Server::arrivals`).
    gather: usize,
    counts: Counts,
    token_requests: Vec<TokenRequest>,
    api_requests: Vec<ApiRequest>,
}

/// The running server; it lives as long as the tokio runtime that started it.
#[derive(Clone)]
pub struct Server {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    arrivals: Arc<watch::Sender<usize>>,
}

impl Server {
    /// Starts the server on a free loopback port in the current tokio runtime: tokens of
    /// `lifetime` seconds stamped with `clock`.
    pub fn start(clock: &Clock, lifetime: u64) -> std::io::Result<Server> {
        let listener = listen()?;
        let state = State {
            clock: clock.clone(),
            lifetime,
            token_type: "Bearer",
            form_answers: false,
            errors_with_200: false,
            api: Api::Normal,
            challenge: Some(INVALID_TOKEN.to_owned()),
            access_token: None,
            refresh_token: None,
            gather: 0,
            counts: Counts::default(),
            token_requests: Vec::new(),
            api_requests: Vec::new(),
        };
        let server = Server {
            addr: listener.local_addr()?,
            state: Arc::new(Mutex::new(state)),
            arrivals: Arc::new(watch::Sender::new(0)),
        };
        let serving = server.clone();
        serve(listener, move |request| serving.clone().handle(request));
        Ok(server)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn token_url(&self) -> String {
        format!("http://{}/token", self.addr)
    }

    pub fn api_url(&self, path: &str) -> String {
        format!("http://{}/api/{path}", self.addr)
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn counts(&self) -> Counts {
        self.state().counts
    }

    pub fn token_requests(&self) -> Vec<TokenRequest> {
        self.state().token_requests.clone()
    }

    pub fn api_requests(&self) -> Vec<ApiRequest> {
        self.state().api_requests.clone()
    }

    pub fn current_access_token(&self) -> Option<String> {
        self.state().access_token.clone()
    }

    /// The API stops taking the current access token: a revocation.
    pub fn revoke(&self) {
        self.state().access_token = None;
    }

    pub fn set_api(&self, api: Api) {
        self.state().api = api;
    }

    /// The `WWW-Authenticate` value of a 401 (`None`: no header).
    pub fn set_challenge(&self, challenge: Option<&str>) {
        self.state().challenge = challenge.map(str::to_owned);
    }

    /// The `token_type` of the tokens issued from now on.
    pub fn set_token_type(&self, token_type: &'static str) {
        self.state().token_type = token_type;
    }

    /// Token answers as `application/x-www-form-urlencoded` instead of JSON.
    pub fn set_form_answers(&self, form: bool) {
        self.state().form_answers = form;
    }

    /// Error responses as GitHub sends them: status 200, form-encoded.
    pub fn set_errors_with_200(&self, github: bool) {
        self.state().errors_with_200 = github;
    }

    /// The token endpoint stops taking the current refresh token (`invalid_grant` from now on).
    pub fn forget_refresh_token(&self) {
        self.state().refresh_token = None;
    }

    /// Holds the 401 answers until `requests` of them are waiting (at most 10 s), so that that
    /// many requests are refused with the same token before any refresh can finish.
    pub fn gather_refusals(&self, requests: usize) {
        self.state().gather = requests;
        self.arrivals.send_replace(0);
    }

    async fn handle(self, request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
        let (parts, body) = request.into_parts();
        let body = body.collect().await.map(|body| body.to_bytes()).unwrap_or_default();
        let response = match (&parts.method, parts.uri.path()) {
            (&Method::POST, "/token") => self.token(&parts.headers, &body),
            (_, path) if path.starts_with("/api/") => self.api(parts.method.clone(), &parts.headers, body).await,
            _ => reply(StatusCode::NOT_FOUND, "text/plain", String::new()),
        };
        Ok(response)
    }

    fn token(&self, headers: &hyper::HeaderMap, body: &[u8]) -> Response<Full<Bytes>> {
        let request = TokenRequest {
            basic: headers.get(AUTHORIZATION).and_then(|value| value.to_str().ok()).and_then(decode_basic),
            form: serde_urlencoded::from_bytes(body).unwrap_or_default(),
        };
        let mut state = self.state();
        state.counts.token_calls += 1;
        state.token_requests.push(request.clone());
        let client_ok = match &request.basic {
            Some((id, secret)) => id == CLIENT_ID && secret == CLIENT_SECRET,
            None => request.get("client_id") == Some(CLIENT_ID) && request.get("client_secret") == Some(CLIENT_SECRET),
        };
        let grant = request.get("grant_type");
        // A public client (no secret) may only exchange a code, with its verifier.
        let public_ok = request.basic.is_none()
            && request.get("client_id") == Some(CLIENT_ID)
            && grant == Some("authorization_code");
        let (status, error) = match grant {
            _ if !(client_ok || public_ok) => (StatusCode::UNAUTHORIZED, "invalid_client"),
            Some("client_credentials") => return state.issue(),
            Some("refresh_token")
                if request.get("refresh_token").is_some()
                    && request.get("refresh_token") == state.refresh_token.as_deref() =>
            {
                return state.issue();
            }
            Some("authorization_code")
                if request.get("code") == Some(CODE) && request.get("code_verifier") == Some(VERIFIER) =>
            {
                return state.issue();
            }
            Some("refresh_token" | "authorization_code") => (StatusCode::BAD_REQUEST, "invalid_grant"),
            _ => (StatusCode::BAD_REQUEST, "unsupported_grant_type"),
        };
        if state.errors_with_200 {
            let body = format!("error={error}&error_description=the+secret-looking+{error}+description");
            return reply(StatusCode::OK, "application/x-www-form-urlencoded", body);
        }
        let body = format!(r#"{{"error":"{error}","error_description":"the secret-looking {error} description"}}"#);
        reply(status, "application/json", body)
    }

    async fn api(&self, method: Method, headers: &hyper::HeaderMap, body: Bytes) -> Response<Full<Bytes>> {
        let authorization = headers.get(AUTHORIZATION).and_then(|value| value.to_str().ok()).map(str::to_owned);
        let (status, challenge, gather) = {
            let mut state = self.state();
            state.counts.api_calls += 1;
            let taken = state.access_token.as_ref().map(|token| format!("Bearer {token}"));
            let (status, challenge) = match state.api {
                Api::InsufficientScope => (
                    StatusCode::FORBIDDEN,
                    Some(r#"Bearer realm="api", error="insufficient_scope", scope="admin""#.to_owned()),
                ),
                Api::Normal if authorization.is_some() && authorization == taken => (StatusCode::OK, None),
                Api::Normal | Api::RejectAll => (StatusCode::UNAUTHORIZED, state.challenge.clone()),
            };
            if status == StatusCode::OK {
                state.counts.api_ok += 1;
            } else {
                state.counts.api_refused += 1;
            }
            state.api_requests.push(ApiRequest { method, authorization, body: body.clone(), status });
            let gather = status == StatusCode::UNAUTHORIZED && state.gather > 0;
            (status, challenge, gather.then_some(state.gather))
        };
        if let Some(gather) = gather {
            self.arrivals.send_modify(|arrived| *arrived += 1);
            let mut arrivals = self.arrivals.subscribe();
            let _ =
                tokio::time::timeout(Duration::from_secs(10), arrivals.wait_for(|arrived| *arrived >= gather)).await;
        }
        let mut response = reply(status, "application/octet-stream", String::new());
        if status == StatusCode::OK {
            *response.body_mut() = Full::new(body);
        }
        if let Some(challenge) = challenge {
            response.headers_mut().insert(WWW_AUTHENTICATE, challenge.parse().expect("a valid header value"));
        }
        response
    }
}

impl State {
    /// Issues a token: a new access token, and a new refresh token that replaces the last.
    fn issue(&mut self) -> Response<Full<Bytes>> {
        self.counts.issued += 1;
        let n = self.counts.issued;
        let access_token = format!("at-{n}");
        let refresh_token = format!("rt-{n}");
        self.access_token = Some(access_token.clone());
        self.refresh_token = Some(refresh_token.clone());
        let (lifetime, issued_at, token_type) = (self.lifetime, self.clock.secs(), self.token_type);
        if self.form_answers {
            let body = format!(
                "access_token={access_token}&token_type={token_type}&expires_in={lifetime}&issued_at={issued_at}&refresh_token={refresh_token}"
            );
            reply(StatusCode::OK, "application/x-www-form-urlencoded", body)
        } else {
            let body = format!(
                r#"{{"access_token":"{access_token}","token_type":"{token_type}","expires_in":{lifetime},"issued_at":{issued_at},"refresh_token":"{refresh_token}"}}"#
            );
            reply(StatusCode::OK, "application/json", body)
        }
    }
}

/// `(id, secret)` from `Basic base64(urlencode(id) ":" urlencode(secret))`, as RFC 6749 section
/// 2.3.1 has a server read it.
fn decode_basic(header: &str) -> Option<(String, String)> {
    let encoded = header.strip_prefix("Basic ")?;
    let decoded = String::from_utf8(base64::engine::general_purpose::STANDARD.decode(encoded).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let unescape = |text: &str| -> Option<String> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&format!("v={text}")).ok()?;
        pairs.into_iter().next().map(|(_, value)| value)
    };
    Some((unescape(id)?, unescape(secret)?))
}
