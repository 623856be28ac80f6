//! The middleware as a tower [`Layer`] and [`Service`] over `http::Request<B>`.

use std::fmt;
use std::future::{Future, poll_fn};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use http::{Request, Response};
use tower::{BoxError, Layer, Service};

use super::flow::{self, Exchange, Failure};
use super::replay::{self, CloneBody, NoReplay, Replay};
use super::{Policy, TokenRefreshed};
use crate::cache::TokenCache;
use crate::{HeaderError, TokenResponse};

/// A tower [`Layer`] that sends the cache's token with every request and refreshes it, once for
/// all requests, when the API refuses it (see the [module documentation](super) for what it
/// does, step by step). It wraps any client service of `http::Request<B>` (hyper-util's
/// client, a tonic channel, ...) in a [`TokenService`].
///
/// `R` says how a request is sent once more after a refresh ([`Replay`]):
/// [`new`](TokenLayer::new) clones its body ([`CloneBody`]), so its services take bodies that are
/// `Clone` (`String`, `http_body_util::Full<Bytes>`, `Empty<Bytes>`);
/// [`without_replay`](TokenLayer::without_replay) never replays ([`NoReplay`]) and takes any body
/// (`BoxBody`, `UnsyncBoxBody`, hyper's `Incoming`, `tonic::body::Body`), handing back the 401
/// after the refresh. The service's errors are boxed: the inner service's as they are, the
/// middleware's as a [`middleware::Error`](super::Error).
///
/// A refusal is an HTTP 401. A gRPC server refuses a token with the status `UNAUTHENTICATED`
/// inside an HTTP 200, which the layer does not read: around a tonic channel it sends the token,
/// and refreshes after a 401 from a proxy in front of the server.
///
/// ```
/// use std::sync::Arc;
/// use token_response::cache::TokenCache;
/// use token_response::middleware::TokenLayer;
/// use tower::Layer;
///
/// # #[derive(token_response::TokenResponse)]
/// # struct Token { access_token: String }
/// # let cache: TokenCache<Token, std::io::Error> = TokenCache::new(|_| async { Err(std::io::Error::other("offline")) });
/// # let inner = tower::service_fn(|_: http::Request<String>| async { Ok::<_, std::io::Error>(http::Response::new(())) });
/// let layer = TokenLayer::new(Arc::new(cache));
/// let service = layer.layer(inner); // inner: e.g. hyper_util's legacy Client
/// # let _ = service;
/// ```
pub struct TokenLayer<T, E, R = CloneBody> {
    cache: Arc<TokenCache<T, E>>,
    policy: Arc<Policy>,
    replay: PhantomData<fn() -> R>,
}

impl<T, E> TokenLayer<T, E> {
    /// A layer sending `cache`'s token, with the default [`Policy`], replaying a refused request
    /// with a clone of its body: its services take only bodies that are `Clone` (see
    /// [`without_replay`](TokenLayer::without_replay) for the others).
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # #[derive(token_response::TokenResponse)]
    /// # struct Token { access_token: String }
    /// # let cache: token_response::cache::TokenCache<Token, std::io::Error> = token_response::cache::TokenCache::new(|_| async { Err(std::io::Error::other("offline")) });
    /// let layer = token_response::middleware::TokenLayer::new(Arc::new(cache));
    /// # let _ = layer;
    /// ```
    ///
    /// Around a service of bodies that are not `Clone`, the compiler stops you where the
    /// service is used: "the trait bound `Stream: Clone` is not satisfied ... required for
    /// `CloneBody` to implement `Replay<Stream>`".
    ///
    /// ```compile_fail,E0277
    /// # use std::sync::Arc;
    /// # #[derive(token_response::TokenResponse)]
    /// # struct Token { access_token: String }
    /// # let cache: token_response::cache::TokenCache<Token, std::io::Error> = token_response::cache::TokenCache::new(|_| async { Err(std::io::Error::other("offline")) });
    /// use token_response::middleware::TokenLayer;
    /// use tower::{Layer, ServiceExt};
    ///
    /// struct Stream;
    /// let inner = tower::service_fn(|_: http::Request<Stream>| async { Ok::<_, std::io::Error>(http::Response::new(())) });
    /// let service = TokenLayer::new(Arc::new(cache)).layer(inner);
    /// let _ = service.oneshot(http::Request::new(Stream));
    /// ```
    pub fn new(cache: Arc<TokenCache<T, E>>) -> Self {
        TokenLayer { cache, policy: Arc::new(Policy::default()), replay: PhantomData }
    }

    /// The same layer for a body of any type, which it never replays: after a 401 and the
    /// refresh, the 401 itself comes back, marked [`TokenRefreshed`] `{ retried: false }`, and
    /// the next request carries the new token. For bodies that are not `Clone`: streams, boxed
    /// bodies, `tonic::body::Body`.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # #[derive(token_response::TokenResponse)]
    /// # struct Token { access_token: String }
    /// # let cache: token_response::cache::TokenCache<Token, std::io::Error> = token_response::cache::TokenCache::new(|_| async { Err(std::io::Error::other("offline")) });
    /// use token_response::middleware::TokenLayer;
    /// use tower::Layer;
    ///
    /// /// A body that cannot be read twice.
    /// struct Stream;
    /// let inner = tower::service_fn(|_: http::Request<Stream>| async { Ok::<_, std::io::Error>(http::Response::new(())) });
    /// let service = TokenLayer::new(Arc::new(cache)).without_replay().layer(inner);
    /// # fn service_of<S: tower::Service<http::Request<Stream>>>(_: &S) {}
    /// # service_of(&service);
    /// ```
    pub fn without_replay(self) -> TokenLayer<T, E, NoReplay> {
        TokenLayer { cache: self.cache, policy: self.policy, replay: PhantomData }
    }
}

impl<T, E, R> TokenLayer<T, E, R> {
    /// Replaces the policy.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # #[derive(token_response::TokenResponse)]
    /// # struct Token { access_token: String }
    /// # let cache: token_response::cache::TokenCache<Token, std::io::Error> = token_response::cache::TokenCache::new(|_| async { Err(std::io::Error::other("offline")) });
    /// use token_response::middleware::{Policy, TokenLayer};
    ///
    /// let layer = TokenLayer::new(Arc::new(cache)).with_policy(Policy::new().allow_plain_http("orders.internal"));
    /// # let _ = layer;
    /// ```
    pub fn with_policy(mut self, policy: Policy) -> Self {
        self.policy = Arc::new(policy);
        self
    }
}

impl<T, E, R> Clone for TokenLayer<T, E, R> {
    fn clone(&self) -> Self {
        TokenLayer { cache: self.cache.clone(), policy: self.policy.clone(), replay: PhantomData }
    }
}

impl<T, E, R> fmt::Debug for TokenLayer<T, E, R> {
    /// The policy; nothing of the cache or its token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenLayer").field("policy", &self.policy).finish_non_exhaustive()
    }
}

impl<S, T, E, R> Layer<S> for TokenLayer<T, E, R> {
    type Service = TokenService<S, T, E, R>;

    fn layer(&self, inner: S) -> Self::Service {
        TokenService { inner, cache: self.cache.clone(), policy: self.policy.clone(), replay: PhantomData }
    }
}

/// The service a [`TokenLayer`] makes: `inner` with the cache's token on every request, and
/// `R` ([`CloneBody`] or [`NoReplay`]) saying how a refused request is sent once more.
///
/// `poll_ready` is the inner service's. Each call takes the service that was made ready and
/// leaves a clone in its place, as tower's services that must outlive `call` do; the one retry
/// waits for that service to be ready again.
///
/// ```
/// # use std::sync::Arc;
/// # #[derive(token_response::TokenResponse)]
/// # struct Token { access_token: String }
/// # let cache: token_response::cache::TokenCache<Token, std::io::Error> = token_response::cache::TokenCache::new(|_| async { Err(std::io::Error::other("offline")) });
/// # let inner = tower::service_fn(|_: http::Request<String>| async { Ok::<_, std::io::Error>(http::Response::new(())) });
/// use token_response::middleware::{TokenLayer, TokenService};
/// use tower::Layer;
///
/// let service: TokenService<_, _, _> = TokenLayer::new(Arc::new(cache)).layer(inner);
/// # let _ = service;
/// ```
pub struct TokenService<S, T, E, R = CloneBody> {
    inner: S,
    cache: Arc<TokenCache<T, E>>,
    policy: Arc<Policy>,
    replay: PhantomData<fn() -> R>,
}

impl<S: Clone, T, E, R> Clone for TokenService<S, T, E, R> {
    fn clone(&self) -> Self {
        TokenService {
            inner: self.inner.clone(),
            cache: self.cache.clone(),
            policy: self.policy.clone(),
            replay: PhantomData,
        }
    }
}

impl<S: fmt::Debug, T, E, R> fmt::Debug for TokenService<S, T, E, R> {
    /// The inner service and the policy; nothing of the cache or its token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenService").field("inner", &self.inner).field("policy", &self.policy).finish_non_exhaustive()
    }
}

/// One call's service: ready for its first request, polled ready again for a retry.
struct Ready<S, B, Rb, R> {
    service: S,
    ready: bool,
    /// The request and response bodies and the replay, for `Exchange`'s types.
    types: PhantomData<fn(B, R) -> Rb>,
}

impl<S, B, Rb, R> Exchange for Ready<S, B, Rb, R>
where
    S: Service<Request<B>, Response = Response<Rb>> + Send,
    S::Future: Send,
    S::Error: Send,
    B: Send,
    Rb: Send,
    R: Replay<B>,
{
    type Request = Request<B>;
    type Response = Response<Rb>;
    type Error = S::Error;

    fn target(request: &Request<B>) -> Option<(&str, &str)> {
        Some((request.uri().scheme_str()?, request.uri().host()?))
    }

    fn has_authorization(request: &Request<B>) -> bool {
        request.headers().contains_key(AUTHORIZATION)
    }

    fn try_clone(request: &Request<B>) -> Option<Request<B>> {
        replay::try_clone::<B, R>(request)
    }

    fn authorize<T: TokenResponse>(request: &mut Request<B>, token: &T) -> Result<(), HeaderError> {
        request.headers_mut().insert(AUTHORIZATION, token.authorization_header_value()?);
        Ok(())
    }

    fn send(&mut self, request: Request<B>) -> impl Future<Output = Result<Response<Rb>, S::Error>> + Send {
        let was_ready = std::mem::replace(&mut self.ready, false);
        let service = &mut self.service;
        async move {
            if !was_ready {
                poll_fn(|cx| service.poll_ready(cx)).await?;
            }
            service.call(request).await
        }
    }

    fn status(response: &Response<Rb>) -> u16 {
        response.status().as_u16()
    }

    fn www_authenticate(response: &Response<Rb>) -> impl Iterator<Item = &str> {
        response.headers().get_all(WWW_AUTHENTICATE).iter().filter_map(|value| value.to_str().ok())
    }

    fn mark(response: &mut Response<Rb>, marker: TokenRefreshed) {
        response.extensions_mut().insert(marker);
    }
}

impl<S, T, E, R, B, Rb> Service<Request<B>> for TokenService<S, T, E, R>
where
    S: Service<Request<B>, Response = Response<Rb>> + Clone + Send + 'static,
    S::Future: Send,
    S::Error: Into<BoxError> + Send,
    B: Send + 'static,
    Rb: Send + 'static,
    R: Replay<B> + 'static,
    T: TokenResponse + Send + Sync + 'static,
    E: std::error::Error + Send + Sync + 'static,
{
    type Response = Response<Rb>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Rb>, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let clone = self.inner.clone();
        let service = std::mem::replace(&mut self.inner, clone);
        let cache = self.cache.clone();
        let policy = self.policy.clone();
        Box::pin(async move {
            let mut ready = Ready::<_, _, _, R> { service, ready: true, types: PhantomData };
            flow::send(&mut ready, &cache, &policy, request).await.map_err(|failure| match failure {
                Failure::Send(error) => error.into(),
                Failure::Token(error) => BoxError::from(error),
            })
        })
    }
}
