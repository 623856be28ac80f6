//! The middleware as a reqwest-middleware [`Middleware`].

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use http::Extensions;
use reqwest::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use reqwest::{Request, Response};
use reqwest_middleware::{Middleware, Next};

use super::flow::{self, Exchange, Failure};
use super::{Policy, TokenRefreshed};
use crate::cache::TokenCache;
use crate::{HeaderError, TokenResponse};

/// A reqwest-middleware [`Middleware`] that sends the cache's token with every request and
/// refreshes it, once for all requests, when the API refuses it (see the [module
/// documentation](super) for what it does, step by step).
///
/// Errors of its own reach you as `reqwest_middleware::Error::Middleware`, holding a
/// [`middleware::Error`](super::Error).
///
/// ```
/// use std::sync::Arc;
/// use token_response::cache::TokenCache;
/// use token_response::middleware::{Policy, TokenMiddleware};
///
/// # #[derive(token_response::TokenResponse)]
/// # struct Token { access_token: String }
/// # let cache: TokenCache<Token, std::io::Error> = TokenCache::new(|_| async { Err(std::io::Error::other("offline")) });
/// let middleware = TokenMiddleware::new(Arc::new(cache)).with_policy(Policy::new().only_hosts(["api.example.com"]));
/// let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new()).with(middleware).build();
/// # let _ = client;
/// ```
pub struct TokenMiddleware<T, E> {
    cache: Arc<TokenCache<T, E>>,
    policy: Policy,
}

impl<T, E> TokenMiddleware<T, E> {
    /// A middleware sending `cache`'s token, with the default [`Policy`].
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # #[derive(token_response::TokenResponse)]
    /// # struct Token { access_token: String }
    /// # let cache: token_response::cache::TokenCache<Token, std::io::Error> = token_response::cache::TokenCache::new(|_| async { Err(std::io::Error::other("offline")) });
    /// let middleware = token_response::middleware::TokenMiddleware::new(Arc::new(cache));
    /// # let _ = middleware;
    /// ```
    pub fn new(cache: Arc<TokenCache<T, E>>) -> Self {
        TokenMiddleware { cache, policy: Policy::default() }
    }

    /// Replaces the policy.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # #[derive(token_response::TokenResponse)]
    /// # struct Token { access_token: String }
    /// # let cache: token_response::cache::TokenCache<Token, std::io::Error> = token_response::cache::TokenCache::new(|_| async { Err(std::io::Error::other("offline")) });
    /// use token_response::middleware::{Policy, TokenMiddleware};
    ///
    /// let middleware = TokenMiddleware::new(Arc::new(cache)).with_policy(Policy::new().retry(false));
    /// # let _ = middleware;
    /// ```
    pub fn with_policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }
}

impl<T, E> fmt::Debug for TokenMiddleware<T, E> {
    /// The policy; nothing of the cache or its token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenMiddleware").field("policy", &self.policy).finish_non_exhaustive()
    }
}

/// The rest of the middleware chain, for the flow.
struct Chain<'a> {
    next: Next<'a>,
    extensions: &'a mut Extensions,
}

impl Exchange for Chain<'_> {
    type Request = Request;
    type Response = Response;
    type Error = reqwest_middleware::Error;

    fn target(request: &Request) -> Option<(&str, &str)> {
        Some((request.url().scheme(), request.url().host_str()?))
    }

    fn has_authorization(request: &Request) -> bool {
        request.headers().contains_key(AUTHORIZATION)
    }

    fn try_clone(request: &Request) -> Option<Request> {
        request.try_clone()
    }

    fn authorize<T: TokenResponse>(request: &mut Request, token: &T) -> Result<(), HeaderError> {
        request.headers_mut().insert(AUTHORIZATION, token.authorization_header_value()?);
        Ok(())
    }

    fn send(&mut self, request: Request) -> impl Future<Output = reqwest_middleware::Result<Response>> + Send {
        self.next.clone().run(request, self.extensions)
    }

    fn status(response: &Response) -> u16 {
        response.status().as_u16()
    }

    fn www_authenticate(response: &Response) -> impl Iterator<Item = &str> {
        response.headers().get_all(WWW_AUTHENTICATE).iter().filter_map(|value| value.to_str().ok())
    }

    fn mark(response: &mut Response, marker: TokenRefreshed) {
        response.extensions_mut().insert(marker);
    }
}

impl<T, E> Middleware for TokenMiddleware<T, E>
where
    T: TokenResponse + Send + Sync + 'static,
    E: std::error::Error + Send + Sync + 'static,
{
    // `async fn handle` as `#[async_trait]` declares it, written out.
    fn handle<'life0, 'life1, 'life2, 'async_trait>(
        &'life0 self,
        request: Request,
        extensions: &'life1 mut Extensions,
        next: Next<'life2>,
    ) -> Pin<Box<dyn Future<Output = reqwest_middleware::Result<Response>> + Send + 'async_trait>>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        'life2: 'async_trait,
        Self: 'async_trait,
    {
        Box::pin(async move {
            let mut chain = Chain { next, extensions };
            flow::send(&mut chain, &self.cache, &self.policy, request).await.map_err(|failure| match failure {
                Failure::Send(error) => error,
                Failure::Token(error) => reqwest_middleware::Error::middleware(error),
            })
        })
    }
}
