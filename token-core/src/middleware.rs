//! A fresh token on every request, one refresh and one retry when the API refuses it: for
//! reqwest-middleware (cargo feature `reqwest-middleware`, [`TokenMiddleware`]) and for tower
//! (cargo feature `tower`, [`TokenLayer`]).
//!
//! Both wrap a shared [`TokenCache`](crate::cache::TokenCache) and behave alike, request by
//! request:
//!
//! 1. A request that already carries an `Authorization` header is sent as it is, and its answer
//!    returned as it is.
//! 2. The token goes only where it is safe: an `https` URL, or plain `http` to loopback
//!    (`127.0.0.0/8`, `::1`, `localhost`) or to a host named with
//!    [`Policy::allow_plain_http`]; and, when [`Policy::only_hosts`] is set, only to those
//!    hosts. Anything else is refused with an [`Error`] before a token is even fetched.
//! 3. The cache's token (refreshed first if it is due) goes in as `Authorization: Bearer ...`,
//!    a header value marked sensitive. A DPoP-bound token is refused ([`Error::Dpop`]), never
//!    sent as a bearer token; so is any other token type that is not bearer.
//! 4. On a 401 whose `WWW-Authenticate` has a `Bearer` challenge with `error="invalid_token"`,
//!    or a bare `Bearer` challenge, the token that was sent is reported to
//!    [`get_after_rejection`](crate::cache::TokenCache::get_after_rejection): one refresh for
//!    every request that saw it refused. `insufficient_scope`, `invalid_request`, a 403, other
//!    schemes and a 401 without a challenge refresh nothing (the last unless
//!    [`Policy::refresh_unchallenged`]).
//! 5. After that refresh, the request is sent once more with the new token if its body can be
//!    replayed (reqwest: [`try_clone`](reqwest::Request::try_clone) works, so not a stream;
//!    tower: see [Replaying with tower](#replaying-with-tower)) and [`Policy::retry`] allows it;
//!    whatever the second answer, even another 401, it is returned: never a second retry.
//!    Otherwise the 401 itself is returned. Either way the response carries a
//!    [`TokenRefreshed`] in its extensions, saying whether it is the retry's.
//!
//! When the refresh after a 401 fails, the request fails with [`Error::Token`]: the token is
//! known bad and no other is to be had.
//!
//! # Replaying with tower
//!
//! A tower service's request body is any type `B`, and whether it can be sent twice is a
//! property of that type that no code can ask about at run time (Rust has no specialization).
//! So the layer says it in its type, and you pick with its constructor:
//!
//! - [`TokenLayer::new`] replays by cloning the body ([`CloneBody`]), before the first send, so
//!   the copy holds the same bytes. Its services take only bodies that are `Clone`: `String`,
//!   `http_body_util::Full<Bytes>` and `Empty<Bytes>`, or a type of your own.
//! - [`TokenLayer::without_replay`] never replays ([`NoReplay`]) and takes any body:
//!   `http_body_util::combinators::BoxBody` and `UnsyncBoxBody`, hyper's `Incoming`,
//!   `tonic::body::Body`, a `StreamBody` over a stream that is not `Clone`. After a 401 and the
//!   refresh you get the 401 back, marked `TokenRefreshed { retried: false }`, and the next
//!   request carries the new token.
//!
//! Why this and not a runtime check or a trait for you to implement: a body that can be replayed
//! is, with nothing to write; one that cannot is a compile error that asks for `Clone` where
//! you use the service, instead of a retry that silently never happens; and either constructor
//! works with body types this crate has never heard of, so it depends on no body crate. Stream
//! bodies are never buffered to be replayed: that would hold a whole upload in memory.
//!
//! ```
//! use std::sync::Arc;
//! use token_response::TokenResponse;
//! use token_response::client::{ClientAuth, TokenClient};
//! use token_response::middleware::TokenMiddleware;
//!
//! # #[derive(serde::Deserialize, TokenResponse)]
//! # struct Token { access_token: String, expires_in: u64, #[serde(default)] #[token(issued_at)] received_at: token_response::ReceivedAt }
//! # let (runtime, endpoint) = include!("client/doctest_endpoint.rs");
//! # runtime().block_on(async {
//! # let token_url = endpoint(r#"{"access_token":"at-1","expires_in":3600}"#);
//! # let api = token_url.replace("/token", "/api");
//! let tokens = TokenClient::new(reqwest::Client::new(), token_url.parse()?, ClientAuth::basic("id", "secret"));
//! let cache = Arc::new(tokens.cache::<Token>());
//! let api_client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
//!     .with(TokenMiddleware::new(cache))
//!     .build();
//! let response = api_client.get(api).send().await?; // Authorization: Bearer at-1
//! # assert!(response.status().is_success());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```
//!
//! Nothing here logs, and no error or `Debug` output contains a token.

mod decide;
mod flow;
#[cfg(feature = "tower")]
mod replay;
#[cfg(feature = "reqwest-middleware")]
mod reqwest_middleware;
#[cfg(feature = "tower")]
mod tower_layer;

use std::fmt;

#[cfg(feature = "tower")]
pub use self::replay::{CloneBody, NoReplay, Replay};
#[cfg(feature = "reqwest-middleware")]
pub use self::reqwest_middleware::TokenMiddleware;
#[cfg(feature = "tower")]
pub use self::tower_layer::{TokenLayer, TokenService};

use crate::HeaderError;
use crate::cache;

/// Where tokens may go, and whether a refused request is sent again. The default: `https`
/// anywhere, plain `http` to loopback only, any host, one retry when the body can be replayed,
/// no refresh on a 401 without a challenge.
///
/// ```
/// use token_response::middleware::Policy;
///
/// let policy = Policy::new()
///     .only_hosts(["api.example.com", "uploads.example.com"])
///     .allow_plain_http("sidecar.internal")
///     .retry(true);
/// # let _ = policy;
/// ```
#[derive(Clone, Debug)]
pub struct Policy {
    only_hosts: Option<Vec<String>>,
    plain_http_hosts: Vec<String>,
    retry: bool,
    refresh_unchallenged: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy { only_hosts: None, plain_http_hosts: Vec::new(), retry: true, refresh_unchallenged: false }
    }
}

impl Policy {
    /// The default policy.
    ///
    /// ```
    /// let policy = token_response::middleware::Policy::new();
    /// # let _ = policy;
    /// ```
    pub fn new() -> Self {
        Policy::default()
    }

    /// Sends the token only to these hosts (compared ignoring ASCII case); a request to any other
    /// host fails with [`Error::HostNotAllowed`]. Calling it again adds hosts.
    ///
    /// ```
    /// let policy = token_response::middleware::Policy::new().only_hosts(["api.example.com"]);
    /// # let _ = policy;
    /// ```
    pub fn only_hosts<I>(mut self, hosts: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.only_hosts.get_or_insert_with(Vec::new).extend(hosts.into_iter().map(Into::into));
        self
    }

    /// Lets the token go over plain `http` to `host` too (a service on a private network); by
    /// default plain `http` goes only to loopback.
    ///
    /// ```
    /// let policy = token_response::middleware::Policy::new().allow_plain_http("orders.internal");
    /// # let _ = policy;
    /// ```
    pub fn allow_plain_http(mut self, host: impl Into<String>) -> Self {
        self.plain_http_hosts.push(host.into());
        self
    }

    /// Whether a request refused with 401 is sent once more with the refreshed token, when its
    /// body can be replayed (default `true`). With `false` the 401 is returned, marked
    /// [`TokenRefreshed`], after the refresh.
    ///
    /// ```
    /// let policy = token_response::middleware::Policy::new().retry(false);
    /// # let _ = policy;
    /// ```
    pub fn retry(mut self, retry: bool) -> Self {
        self.retry = retry;
        self
    }

    /// Whether a 401 without any `WWW-Authenticate` header counts as a refused token (default
    /// `false`: RFC 9110 requires the header, and a 401 without it says nothing about the token).
    /// Turn it on for APIs that leave the header out.
    ///
    /// ```
    /// let policy = token_response::middleware::Policy::new().refresh_unchallenged(true);
    /// # let _ = policy;
    /// ```
    pub fn refresh_unchallenged(mut self, refresh: bool) -> Self {
        self.refresh_unchallenged = refresh;
        self
    }
}

/// In a response's extensions when the middleware refreshed the token because the API refused
/// it (401): `retried` says whether this response answers the request sent again with the new
/// token, or is the 401 itself (the body could not be replayed, or [`Policy::retry`] is off).
///
/// ```
/// use token_response::middleware::TokenRefreshed;
///
/// let mut extensions = http::Extensions::new();
/// extensions.insert(TokenRefreshed { retried: false });
/// assert_eq!(extensions.get::<TokenRefreshed>().map(|marker| marker.retried), Some(false));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TokenRefreshed {
    /// `true` on the answer to the retry, `false` on the 401 returned without one.
    pub retried: bool,
}

/// Why the middleware did not send a request. Never contains a token.
///
/// ```
/// use token_response::middleware::Error;
///
/// let error: Error<std::io::Error> = Error::PlainHttp { host: "api.example.com".into() };
/// assert_eq!(error.to_string(), "refusing to send a token over plain http to api.example.com");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// No token could be had: the cache's refresh failed, or the cache is signed out. After a
    /// 401, the refresh of the refused token failed.
    Token(cache::Error<E>),
    /// The token is DPoP-bound (`token_type` `DPoP`): it needs a proof with every request, which
    /// this middleware does not make, and it is never sent as a bearer token.
    Dpop,
    /// No `Authorization` header can be made of the token: its type is not bearer, or the token
    /// is empty or has a byte outside visible ASCII.
    Header(HeaderError),
    /// The URL is plain `http` to a host that is neither loopback nor allowed with
    /// [`Policy::allow_plain_http`].
    PlainHttp {
        /// The URL's host.
        host: String,
    },
    /// The host is not one of [`Policy::only_hosts`].
    HostNotAllowed {
        /// The URL's host.
        host: String,
    },
    /// The request's URL has no scheme or host, so where the token would go is unknown.
    NoHost,
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Token(error) => write!(f, "no token for the request: {error}"),
            Error::Dpop => {
                f.write_str("the token is DPoP-bound: it is not sent without a DPoP proof, nor as a bearer token")
            }
            Error::Header(error) => write!(f, "no Authorization header from the token: {error}"),
            Error::PlainHttp { host } => write!(f, "refusing to send a token over plain http to {host}"),
            Error::HostNotAllowed { host } => write!(f, "refusing to send a token to {host}: not an allowed host"),
            Error::NoHost => f.write_str("refusing to send a token to a URL without a scheme and host"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Token(error) => Some(error),
            Error::Header(error) => Some(error),
            _ => None,
        }
    }
}
