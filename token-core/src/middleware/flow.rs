//! The middleware's one sequence, written once for both skins: attach, send, read the answer,
//! refresh, replay at most once. A skin says how its requests and responses do each step
//! ([`Exchange`]); the decisions are in `decide`.

use std::future::Future;

use super::{Error, Policy, TokenRefreshed, decide};
use crate::cache::TokenCache;
use crate::{HeaderError, TokenResponse};

/// How one HTTP stack carries a request: reqwest-middleware's `Next`, or a tower service.
pub(crate) trait Exchange {
    type Request: Send;
    type Response: Send;
    type Error: Send;

    /// The request's scheme and host, when its URL has them.
    fn target(request: &Self::Request) -> Option<(&str, &str)>;
    /// Whether the request carries an `Authorization` header of its own.
    fn has_authorization(request: &Self::Request) -> bool;
    /// A copy to send again, when the body can be replayed.
    fn try_clone(request: &Self::Request) -> Option<Self::Request>;
    /// Sets `Authorization` to the token's header, as a sensitive value.
    fn authorize<T: TokenResponse>(request: &mut Self::Request, token: &T) -> Result<(), HeaderError>;
    /// Sends the request down the stack.
    fn send(&mut self, request: Self::Request) -> impl Future<Output = Result<Self::Response, Self::Error>> + Send;
    fn status(response: &Self::Response) -> u16;
    /// The `WWW-Authenticate` values that are text.
    fn www_authenticate(response: &Self::Response) -> impl Iterator<Item = &str>;
    fn mark(response: &mut Self::Response, marker: TokenRefreshed);
}

/// Why the sequence ended without a response: the stack's own error, or the middleware's.
pub(crate) enum Failure<S, E> {
    Send(S),
    Token(Error<E>),
}

impl<S, E> From<Error<E>> for Failure<S, E> {
    fn from(error: Error<E>) -> Self {
        Failure::Token(error)
    }
}

/// Sends `request` with the cache's token (see the module documentation for the sequence).
pub(crate) async fn send<X, T, E>(
    exchange: &mut X,
    cache: &TokenCache<T, E>,
    policy: &Policy,
    mut request: X::Request,
) -> Result<X::Response, Failure<X::Error, E>>
where
    X: Exchange,
    T: TokenResponse + Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    if X::has_authorization(&request) {
        return exchange.send(request).await.map_err(Failure::Send);
    }
    decide::origin(X::target(&request), policy)?;
    let sent = cache.get().await.map_err(Error::Token)?;
    let replay = if policy.retry { X::try_clone(&request) } else { None };
    authorize::<X, T, E>(&mut request, &sent)?;
    let mut response = exchange.send(request).await.map_err(Failure::Send)?;
    if !decide::refused(X::status(&response), X::www_authenticate(&response), policy) {
        return Ok(response);
    }
    let fresh = cache.get_after_rejection(&sent).await.map_err(Error::Token)?;
    let Some(mut replay) = replay else {
        X::mark(&mut response, TokenRefreshed { retried: false });
        return Ok(response);
    };
    drop(response);
    authorize::<X, T, E>(&mut replay, &fresh)?;
    let mut response = exchange.send(replay).await.map_err(Failure::Send)?;
    X::mark(&mut response, TokenRefreshed { retried: true });
    Ok(response)
}

fn authorize<X: Exchange, T: TokenResponse, E>(request: &mut X::Request, token: &T) -> Result<(), Error<E>> {
    decide::bearer(token.token_type())?;
    X::authorize(request, token).map_err(Error::Header)
}
