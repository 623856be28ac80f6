//! Token requests over reqwest (cargo feature `reqwest`): grants, client authentication, error
//! responses, and the refresh function of a [`TokenCache`].
//!
//! [`TokenClient`] posts to a token endpoint and reads the answer into any token struct of yours:
//! a token, or an [`Error`] that says which step failed.
//!
//! ```
//! use serde::Deserialize;
//! use token_response::TokenResponse;
//! use token_response::client::{ClientAuth, TokenClient};
//!
//! #[derive(Deserialize, TokenResponse)]
//! struct Token {
//!     access_token: String,
//!     expires_in: u64,
//!     #[serde(default)]
//!     #[token(issued_at)]
//!     received_at: token_response::ReceivedAt,
//!     refresh_token: Option<String>,
//! }
//!
//! # let (runtime, endpoint) = include!("client/doctest_endpoint.rs");
//! # runtime().block_on(async {
//! # let token_url = endpoint(r#"{"access_token":"at-1","expires_in":3600,"refresh_token":"rt-1"}"#);
//! let client = TokenClient::new(reqwest::Client::new(), token_url.parse()?, ClientAuth::basic("my-client", "s3cret"))
//!     .scope("read write");
//! let token: Token = client.client_credentials().await?;
//! assert_eq!(token.refresh_token(), Some("rt-1"));
//!
//! // Or a cache that gets the first token, then refreshes it, for every caller at once:
//! let cache = client.cache::<Token>();
//! let token = cache.get().await?;
//! assert_eq!(token.access_token(), "at-1");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```
//!
//! What it sends and reads:
//! - a `POST` with a form body and `Accept: application/json`; the client's credentials in an
//!   HTTP Basic header (each form-urlencoded first, RFC 6749 section 2.3.1) or in the body;
//! - the answer read as JSON or as a form by its `Content-Type` (by its first byte when the type
//!   says neither), through [`TokenOrError`](crate::TokenOrError) and reading that never quotes
//!   the body; an error response counts with status 200 (GitHub) or 4xx;
//! - only to `https` URLs, or plain `http` to loopback or to hosts you name
//!   ([`allow_plain_http`](TokenClient::allow_plain_http));
//! - bodies up to 1 MiB.
//!
//! Timeouts, proxies, TLS and redirects are the `reqwest::Client`'s: build it as you need. The
//! crate turns on no reqwest feature: enable `rustls` or `native-tls` on reqwest yourself for
//! `https`.

mod auth;
mod error;
mod grant;
mod read;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde_core::de::DeserializeOwned;

pub use auth::ClientAuth;
pub use error::Error;
use grant::{Extras, Grant};

use crate::TokenResponse;
use crate::cache::TokenCache;

/// The largest answer read.
const BODY_LIMIT: usize = 1 << 20;

/// A boxed refresh future, as [`TokenClient::refresher`] returns them.
pub type RefreshFuture<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

/// A client of one token endpoint: its URL, the client's credentials, and what to ask for.
///
/// Cheap to clone (one `Arc`); every clone shares the `reqwest::Client` and its connections.
/// `Debug` never shows the client secret.
///
/// ```
/// use token_response::client::{ClientAuth, TokenClient};
///
/// let client = TokenClient::new(
///     reqwest::Client::new(),
///     "https://auth.example.com/oauth/token".parse()?,
///     ClientAuth::body("my-client", "s3cret"),
/// )
/// .scope("read:orders")
/// .audience("https://api.example.com")
/// .resource("https://api.example.com/orders");
/// assert!(!format!("{client:?}").contains("s3cret"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct TokenClient {
    inner: Arc<Inner>,
}

#[derive(Clone, Debug)]
struct Inner {
    http: reqwest::Client,
    url: reqwest::Url,
    auth: ClientAuth,
    extras: Extras,
    plain_http_hosts: Vec<String>,
    client_credentials: bool,
}

impl TokenClient {
    /// A client posting to `token_url` with `http`, authenticating as `auth`.
    ///
    /// ```
    /// use token_response::client::{ClientAuth, TokenClient};
    ///
    /// let url = "https://oauth2.googleapis.com/token".parse()?;
    /// let client = TokenClient::new(reqwest::Client::new(), url, ClientAuth::public("my-cli"));
    /// # let _ = client;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(http: reqwest::Client, token_url: reqwest::Url, auth: ClientAuth) -> Self {
        let inner = Inner {
            http,
            url: token_url,
            auth,
            extras: Extras::default(),
            plain_http_hosts: Vec::new(),
            client_credentials: true,
        };
        TokenClient { inner: Arc::new(inner) }
    }

    fn inner_mut(&mut self) -> &mut Inner {
        // A builder method runs before the client is shared: this clones nothing then.
        Arc::make_mut(&mut self.inner)
    }

    /// The `scope` to ask for with client credentials (and with [`request`](Self::request)); a
    /// refresh keeps the scope already granted.
    ///
    /// ```
    /// # let client = token_response::client::TokenClient::new(reqwest::Client::new(), "https://a.example/token".parse()?, token_response::client::ClientAuth::public("c"));
    /// let client = client.scope("read write");
    /// # let _ = client;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.inner_mut().extras.scope = Some(scope.into());
        self
    }

    /// The `audience` to ask for with client credentials (Auth0, Okta and others name the API
    /// this way).
    ///
    /// ```
    /// # let client = token_response::client::TokenClient::new(reqwest::Client::new(), "https://a.example/token".parse()?, token_response::client::ClientAuth::public("c"));
    /// let client = client.audience("https://api.example.com");
    /// # let _ = client;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.inner_mut().extras.audience = Some(audience.into());
        self
    }

    /// A `resource` (RFC 8707) to ask for with every grant; call it once per resource.
    ///
    /// ```
    /// # let client = token_response::client::TokenClient::new(reqwest::Client::new(), "https://a.example/token".parse()?, token_response::client::ClientAuth::public("c"));
    /// let client = client.resource("https://api.example.com/a").resource("https://api.example.com/b");
    /// # let _ = client;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resource(mut self, resource: impl Into<String>) -> Self {
        self.inner_mut().extras.resources.push(resource.into());
        self
    }

    /// Lets the client post over plain `http` to `host` too (a token endpoint on a private
    /// network); by default plain `http` goes only to loopback.
    ///
    /// ```
    /// # let client = token_response::client::TokenClient::new(reqwest::Client::new(), "http://keycloak:8080/token".parse()?, token_response::client::ClientAuth::public("c"));
    /// let client = client.allow_plain_http("keycloak");
    /// # let _ = client;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn allow_plain_http(mut self, host: impl Into<String>) -> Self {
        self.inner_mut().plain_http_hosts.push(host.into());
        self
    }

    /// Makes [`refresher`](Self::refresher) and [`cache`](Self::cache) refresh only with a
    /// refresh token, never falling back to client credentials: for a user's token from an
    /// authorization-code login, which client credentials would replace with the client's own.
    /// Without a refresh token they then fail with [`Error::NoRefreshToken`] (terminal).
    ///
    /// ```
    /// # let client = token_response::client::TokenClient::new(reqwest::Client::new(), "https://a.example/token".parse()?, token_response::client::ClientAuth::public("c"));
    /// let client = client.refresh_token_only();
    /// # let _ = client;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn refresh_token_only(mut self) -> Self {
        self.inner_mut().client_credentials = false;
        self
    }

    /// `grant_type=client_credentials` (RFC 6749 section 4.4), with the scope, audience and
    /// resources set on the client.
    ///
    /// ```
    /// # use token_response::client::{ClientAuth, TokenClient};
    /// # #[derive(serde::Deserialize, token_response::TokenResponse)]
    /// # struct Token { access_token: String }
    /// # let (runtime, endpoint) = include!("client/doctest_endpoint.rs");
    /// # runtime().block_on(async {
    /// # let url = endpoint(r#"{"access_token":"at-1","token_type":"Bearer"}"#);
    /// let client = TokenClient::new(reqwest::Client::new(), url.parse()?, ClientAuth::basic("id", "secret"));
    /// let token: Token = client.client_credentials().await?;
    /// # assert_eq!(token.access_token, "at-1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # }).unwrap();
    /// ```
    pub async fn client_credentials<T: DeserializeOwned>(&self) -> Result<T, Error> {
        self.send(Grant::ClientCredentials).await
    }

    /// `grant_type=refresh_token` (RFC 6749 section 6) with `refresh_token`, and the resources
    /// set on the client. The answer is read as it comes: call
    /// [`inherit`](TokenResponse::inherit) to keep the old refresh token when the new answer has
    /// none (a [`TokenCache`] does).
    ///
    /// ```
    /// # use token_response::client::{ClientAuth, TokenClient};
    /// # #[derive(serde::Deserialize, token_response::TokenResponse)]
    /// # #[token(debug)]
    /// # struct Token { access_token: String }
    /// # let (runtime, endpoint) = include!("client/doctest_endpoint.rs");
    /// # runtime().block_on(async {
    /// # let url = endpoint(r#"{"error":"invalid_grant"}"#);
    /// let client = TokenClient::new(reqwest::Client::new(), url.parse()?, ClientAuth::basic("id", "secret"));
    /// let error = client.refresh::<Token>("a-spent-refresh-token").await.unwrap_err();
    /// assert!(error.is_terminal(), "invalid_grant: sign in again");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # }).unwrap();
    /// ```
    pub async fn refresh<T: DeserializeOwned>(&self, refresh_token: &str) -> Result<T, Error> {
        self.send(Grant::RefreshToken(refresh_token)).await
    }

    /// `grant_type=authorization_code` (RFC 6749 section 4.1.3): the `code` from the redirect,
    /// the `redirect_uri` of the authorization request, and the PKCE `code_verifier` (RFC 7636)
    /// when the authorization request carried a challenge; with the resources set on the client.
    ///
    /// ```
    /// # use token_response::client::{ClientAuth, TokenClient};
    /// # #[derive(serde::Deserialize, token_response::TokenResponse)]
    /// # struct Token { access_token: String, refresh_token: Option<String> }
    /// # let (runtime, endpoint) = include!("client/doctest_endpoint.rs");
    /// # runtime().block_on(async {
    /// # let url = endpoint(r#"{"access_token":"at-1","refresh_token":"rt-1"}"#);
    /// let client = TokenClient::new(reqwest::Client::new(), url.parse()?, ClientAuth::public("my-cli"));
    /// let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /// let token: Token = client.exchange_code("SplxlOBeZQQYbYS6WxSbIA", "http://127.0.0.1:8400/cb", Some(verifier)).await?;
    /// # assert_eq!(token.refresh_token.as_deref(), Some("rt-1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # }).unwrap();
    /// ```
    pub async fn exchange_code<T: DeserializeOwned>(
        &self,
        code: &str,
        redirect_uri: &str,
        pkce_verifier: Option<&str>,
    ) -> Result<T, Error> {
        self.send(Grant::AuthorizationCode { code, redirect_uri, verifier: pkce_verifier }).await
    }

    /// A grant of your own (device code, token exchange, JWT bearer...): `params` as the body,
    /// `grant_type` among them, with the scope, audience and resources set on the client and the
    /// client's authentication.
    ///
    /// ```
    /// # use token_response::client::{ClientAuth, TokenClient};
    /// # #[derive(serde::Deserialize, token_response::TokenResponse)]
    /// # #[token(debug)]
    /// # struct Token { access_token: String }
    /// # let (runtime, endpoint) = include!("client/doctest_endpoint.rs");
    /// # runtime().block_on(async {
    /// # let url = endpoint(r#"{"error":"authorization_pending"}"#);
    /// let client = TokenClient::new(reqwest::Client::new(), url.parse()?, ClientAuth::public("my-tv-app"));
    /// let grant = [("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), ("device_code", "GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS")];
    /// let pending = client.request::<Token>(&grant).await.unwrap_err();
    /// assert_eq!(pending.code(), Some(&token_response::ErrorCode::AuthorizationPending));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # }).unwrap();
    /// ```
    pub async fn request<T: DeserializeOwned>(&self, params: &[(&str, &str)]) -> Result<T, Error> {
        self.send(Grant::Other(params)).await
    }

    /// The refresh function of a [`TokenCache`]: with the current token's refresh token when it
    /// has one; else (no token yet, or one without a refresh token) client credentials, unless
    /// [`refresh_token_only`](Self::refresh_token_only) was set.
    ///
    /// ```
    /// # use token_response::client::{ClientAuth, Error, TokenClient};
    /// # #[derive(serde::Deserialize, token_response::TokenResponse)]
    /// # struct Token { access_token: String }
    /// use token_response::cache::TokenCache;
    ///
    /// # let (runtime, endpoint) = include!("client/doctest_endpoint.rs");
    /// # runtime().block_on(async {
    /// # let url = endpoint(r#"{"access_token":"at-1","expires_in":60}"#);
    /// let client = TokenClient::new(reqwest::Client::new(), url.parse()?, ClientAuth::basic("id", "secret"));
    /// let cache: TokenCache<Token, Error> = TokenCache::new(client.refresher()).with_terminal(Error::is_terminal);
    /// assert_eq!(cache.get().await?.access_token, "at-1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # }).unwrap();
    /// ```
    pub fn refresher<T>(&self) -> impl Fn(Option<Arc<T>>) -> RefreshFuture<T> + Send + Sync + 'static
    where
        T: TokenResponse + DeserializeOwned + Send + Sync + 'static,
    {
        let client = self.clone();
        move |current: Option<Arc<T>>| {
            let client = client.clone();
            Box::pin(async move {
                match current.as_deref().and_then(TokenResponse::refresh_token) {
                    Some(refresh_token) => client.refresh(refresh_token).await,
                    None if client.inner.client_credentials => client.client_credentials().await,
                    None => Err(Error::NoRefreshToken),
                }
            })
        }
    }

    /// An empty [`TokenCache`] refreshed by [`refresher`](Self::refresher), where the
    /// [terminal](Error::is_terminal) errors sign the cache out. Seed it with
    /// [`with_token`](TokenCache::with_token) when you have a token already.
    ///
    /// ```
    /// # use token_response::client::{ClientAuth, TokenClient};
    /// # use token_response::ReceivedAt;
    /// # #[derive(serde::Deserialize, token_response::TokenResponse)]
    /// # #[token(debug)]
    /// # struct Token { access_token: String, expires_in: u64, #[serde(default)] #[token(issued_at)] received_at: ReceivedAt, refresh_token: Option<String> }
    /// # let (runtime, endpoint) = include!("client/doctest_endpoint.rs");
    /// # runtime().block_on(async {
    /// # let url = endpoint(r#"{"error":"invalid_grant"}"#);
    /// let client = TokenClient::new(reqwest::Client::new(), url.parse()?, ClientAuth::public("my-cli")).refresh_token_only();
    /// // A token from a sign-in, expired, whose refresh token the server no longer takes:
    /// let login = Token { access_token: "at".into(), expires_in: 0, received_at: ReceivedAt::default(), refresh_token: Some("rt".into()) };
    /// let cache = client.cache().with_token(login);
    /// let error = cache.get().await.unwrap_err();
    /// assert!(error.refresh_error().is_some_and(|error| error.is_terminal()), "{error}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # }).unwrap();
    /// ```
    pub fn cache<T>(&self) -> TokenCache<T, Error>
    where
        T: TokenResponse + DeserializeOwned + Send + Sync + 'static,
    {
        TokenCache::new(self.refresher()).with_terminal(Error::is_terminal)
    }

    /// Posts one grant and reads the answer.
    async fn send<T: DeserializeOwned>(&self, grant: Grant<'_>) -> Result<T, Error> {
        let inner = &*self.inner;
        let url = &inner.url;
        if !crate::origin::is_secure(url.scheme(), url.host_str().unwrap_or_default(), &inner.plain_http_hosts) {
            return Err(Error::InsecureUrl);
        }
        let mut request = inner
            .http
            .post(url.clone())
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body(grant.form(&inner.extras, &inner.auth));
        if let Some((user, password)) = inner.auth.basic_credentials() {
            request = request.basic_auth(user, Some(password));
        }
        let mut response = request.send().await.map_err(transport)?;
        let status = response.status();
        let content_type =
            response.headers().get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).map(str::to_owned);
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if body.len().saturating_add(chunk.len()) > BODY_LIMIT {
                return Err(Error::TooLarge { status });
            }
            body.extend_from_slice(&chunk);
        }
        read::answer(status, content_type.as_deref(), &body)
    }
}

/// A reqwest error without its URL, which may carry credentials of its own.
fn transport(error: reqwest::Error) -> Error {
    Error::Transport(error.without_url())
}
