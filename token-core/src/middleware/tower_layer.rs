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
use super::{Policy, TokenRefreshed};
use crate::cache::TokenCache;
use crate::{HeaderError, TokenResponse};

/// A tower [`Layer`] that sends the cache's token with every request and refreshes it, once for
/// all requests, when the API refuses it (see the [module documentation](super) for what it
/// does, step by step). It wraps any client service of `http::Request<B>` (hyper-util's
/// client, a tonic channel, ...) in a [`TokenService`].
///
/// The request body type `B` must be `Clone` for the one retry after a refresh (hyper's
/// `Full<Bytes>` and `Empty<Bytes>`, tonic's bodies are). The service's errors are boxed: the
/// inner service's as they are, the middleware's as a [`middleware::Error`](super::Error).
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
pub struct TokenLayer<T, E> {
    cache: Arc<TokenCache<T, E>>,
    policy: Arc<Policy>,
}

impl<T, E> TokenLayer<T, E> {
    /// A layer sending `cache`'s token, with the default [`Policy`].
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # #[derive(token_response::TokenResponse)]
    /// # struct Token { access_token: String }
    /// # let cache: token_response::cache::TokenCache<Token, std::io::Error> = token_response::cache::TokenCache::new(|_| async { Err(std::io::Error::other("offline")) });
    /// let layer = token_response::middleware::TokenLayer::new(Arc::new(cache));
    /// # let _ = layer;
    /// ```
    pub fn new(cache: Arc<TokenCache<T, E>>) -> Self {
        TokenLayer { cache, policy: Arc::new(Policy::default()) }
    }

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

impl<T, E> Clone for TokenLayer<T, E> {
    fn clone(&self) -> Self {
        TokenLayer { cache: self.cache.clone(), policy: self.policy.clone() }
    }
}

impl<T, E> fmt::Debug for TokenLayer<T, E> {
    /// The policy; nothing of the cache or its token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenLayer").field("policy", &self.policy).finish_non_exhaustive()
    }
}

impl<S, T, E> Layer<S> for TokenLayer<T, E> {
    type Service = TokenService<S, T, E>;

    fn layer(&self, inner: S) -> Self::Service {
        TokenService { inner, cache: self.cache.clone(), policy: self.policy.clone() }
    }
}

/// The service a [`TokenLayer`] makes: `inner` with the cache's token on every request.
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
pub struct TokenService<S, T, E> {
    inner: S,
    cache: Arc<TokenCache<T, E>>,
    policy: Arc<Policy>,
}

impl<S: Clone, T, E> Clone for TokenService<S, T, E> {
    fn clone(&self) -> Self {
        TokenService { inner: self.inner.clone(), cache: self.cache.clone(), policy: self.policy.clone() }
    }
}

impl<S: fmt::Debug, T, E> fmt::Debug for TokenService<S, T, E> {
    /// The inner service and the policy; nothing of the cache or its token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenService").field("inner", &self.inner).field("policy", &self.policy).finish_non_exhaustive()
    }
}

/// One call's service: ready for its first request, polled ready again for a retry.
struct Ready<S, B, R> {
    service: S,
    ready: bool,
    /// The request and response bodies, for `Exchange`'s types.
    bodies: PhantomData<fn(B) -> R>,
}

impl<S, B, R> Exchange for Ready<S, B, R>
where
    S: Service<Request<B>, Response = Response<R>> + Send,
    S::Future: Send,
    S::Error: Send,
    B: Clone + Send,
    R: Send,
{
    type Request = Request<B>;
    type Response = Response<R>;
    type Error = S::Error;

    fn target(request: &Request<B>) -> Option<(&str, &str)> {
        Some((request.uri().scheme_str()?, request.uri().host()?))
    }

    fn has_authorization(request: &Request<B>) -> bool {
        request.headers().contains_key(AUTHORIZATION)
    }

    fn try_clone(request: &Request<B>) -> Option<Request<B>> {
        let mut copy = Request::new(request.body().clone());
        *copy.method_mut() = request.method().clone();
        *copy.uri_mut() = request.uri().clone();
        *copy.version_mut() = request.version();
        *copy.headers_mut() = request.headers().clone();
        *copy.extensions_mut() = request.extensions().clone();
        Some(copy)
    }

    fn authorize<T: TokenResponse>(request: &mut Request<B>, token: &T) -> Result<(), HeaderError> {
        request.headers_mut().insert(AUTHORIZATION, token.authorization_header_value()?);
        Ok(())
    }

    fn send(&mut self, request: Request<B>) -> impl Future<Output = Result<Response<R>, S::Error>> + Send {
        let was_ready = std::mem::replace(&mut self.ready, false);
        let service = &mut self.service;
        async move {
            if !was_ready {
                poll_fn(|cx| service.poll_ready(cx)).await?;
            }
            service.call(request).await
        }
    }

    fn status(response: &Response<R>) -> u16 {
        response.status().as_u16()
    }

    fn www_authenticate(response: &Response<R>) -> impl Iterator<Item = &str> {
        response.headers().get_all(WWW_AUTHENTICATE).iter().filter_map(|value| value.to_str().ok())
    }

    fn mark(response: &mut Response<R>, marker: TokenRefreshed) {
        response.extensions_mut().insert(marker);
    }
}

impl<S, T, E, B, R> Service<Request<B>> for TokenService<S, T, E>
where
    S: Service<Request<B>, Response = Response<R>> + Clone + Send + 'static,
    S::Future: Send,
    S::Error: Into<BoxError> + Send,
    B: Clone + Send + 'static,
    R: Send + 'static,
    T: TokenResponse + Send + Sync + 'static,
    E: std::error::Error + Send + Sync + 'static,
{
    type Response = Response<R>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Response<R>, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let clone = self.inner.clone();
        let service = std::mem::replace(&mut self.inner, clone);
        let cache = self.cache.clone();
        let policy = self.policy.clone();
        Box::pin(async move {
            let mut ready = Ready { service, ready: true, bodies: PhantomData };
            flow::send(&mut ready, &cache, &policy, request).await.map_err(|failure| match failure {
                Failure::Send(error) => error.into(),
                Failure::Token(error) => BoxError::from(error),
            })
        })
    }
}
