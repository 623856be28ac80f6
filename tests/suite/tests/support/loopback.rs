//! What the loopback servers of `tests/support` share (`api.rs`, `endpoint.rs` and `family.rs`
//! each include this file): the token they issue, a hyper HTTP/1 server on a free port of
//! `127.0.0.1`, its replies, and the refresh function a user writes with hyper's client.
#![allow(dead_code)]

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::CONTENT_TYPE;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde::{Deserialize, Serialize};
use token_response::{ErrorCode, ErrorResponse, TokenOrError, TokenResponse};
use tokio::net::{TcpListener, TcpSocket, TcpStream};

/// The token the servers issue, as a client declares it. `issued_at` is in the body, so a token
/// read back from a store knows when it expires.
#[derive(Serialize, Deserialize, TokenResponse)]
#[token(debug)]
pub struct Tok {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: u64,
    pub issued_at: u64,
    pub refresh_token: Option<String>,
}

/// A listener on a free loopback port, with a backlog for hundreds of callers connecting at once
/// (std's 128 drops SYNs, and each dropped one costs its caller a 1 s retry).
pub fn listen() -> std::io::Result<TcpListener> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    socket.listen(1024)
}

/// Serves HTTP/1 on `listener` from a task of the current tokio runtime, every request answered
/// by `handle`; it lives as long as that runtime.
pub fn serve<F, Fut>(listener: TcpListener, handle: F)
where
    F: Fn(Request<Incoming>) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = Result<Response<Full<Bytes>>, Infallible>> + Send + 'static,
{
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let service = hyper::service::service_fn(handle.clone());
            tokio::spawn(async move {
                // A client that goes away mid-request ends its connection: nothing to report.
                let _ =
                    hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
            });
        }
    });
}

/// An answer with `body` of `content_type`.
pub fn reply(status: StatusCode, content_type: &str, body: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(CONTENT_TYPE, content_type.parse().expect("a valid header value"));
    response
}

/// A JSON answer.
pub fn json(status: StatusCode, body: &str) -> Response<Full<Bytes>> {
    reply(status, "application/json", body.to_owned())
}

/// Why a refresh or another request of the client failed.
#[derive(Debug)]
pub enum FetchError {
    /// The connection or the HTTP exchange failed.
    Http(String),
    /// The endpoint answered 503.
    Unavailable,
    /// The endpoint answered with an OAuth error response.
    Refused(ErrorResponse),
    /// The answer was neither a token nor an error response.
    Unreadable(StatusCode),
}

impl FetchError {
    /// Whether the endpoint refused the refresh token: the session is over.
    pub fn is_invalid_grant(&self) -> bool {
        matches!(self, FetchError::Refused(refused) if refused.error == ErrorCode::InvalidGrant)
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Http(error) => write!(f, "HTTP: {error}"),
            FetchError::Unavailable => f.write_str("token endpoint unavailable (503)"),
            FetchError::Refused(error) => write!(f, "token endpoint refused: {error}"),
            FetchError::Unreadable(status) => write!(f, "unreadable answer with status {status}"),
        }
    }
}

impl std::error::Error for FetchError {}

pub fn http(error: impl fmt::Display) -> FetchError {
    FetchError::Http(error.to_string())
}

/// One HTTP/1 exchange on a new connection to `addr`: the status and the body.
pub async fn exchange(addr: SocketAddr, request: Request<Full<Bytes>>) -> Result<(StatusCode, Bytes), FetchError> {
    let stream = TcpStream::connect(addr).await.map_err(http)?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(http)?;
    tokio::spawn(connection); // ends when `sender` is dropped
    let response = sender.send_request(request).await.map_err(http)?;
    let status = response.status();
    let body = response.into_body().collect().await.map_err(http)?.to_bytes();
    Ok((status, body))
}

/// The refresh function: a first grant (`client_credentials`) without a current token, else
/// `grant_type=refresh_token` with its refresh token (none if it was lost: the endpoint then
/// answers `invalid_grant`).
pub async fn fetch(addr: SocketAddr, current: Option<Arc<Tok>>) -> Result<Tok, FetchError> {
    let form = match &current {
        None => "grant_type=client_credentials".to_owned(),
        Some(current) => {
            let refresh_token = current.refresh_token().unwrap_or_default();
            serde_urlencoded::to_string([("grant_type", "refresh_token"), ("refresh_token", refresh_token)])
                .map_err(http)?
        }
    };
    let request = Request::post(format!("http://{addr}/token"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Full::new(Bytes::from(form)))
        .map_err(http)?;
    let (status, body) = exchange(addr, request).await?;
    if status == StatusCode::SERVICE_UNAVAILABLE {
        return Err(FetchError::Unavailable);
    }
    let reply: TokenOrError<Tok> =
        token_response::from_json_slice(&body).map_err(|_| FetchError::Unreadable(status))?;
    reply.into_result().map_err(FetchError::Refused)
}
