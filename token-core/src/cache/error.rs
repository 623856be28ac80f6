//! [`Error`]: why a [`TokenCache`](super::TokenCache) has no token to give.

use std::fmt;
use std::sync::Arc;

/// Why [`get`](super::TokenCache::get) or
/// [`get_after_rejection`](super::TokenCache::get_after_rejection) returned no token. `E` is the
/// refresh function's error.
///
/// Every caller that waited for one refresh gets a clone of the same error (the same `Arc<E>`),
/// and so does every caller during the backoff that follows it. No message of this type contains
/// a token; its [`Display`](fmt::Display) includes `E`'s, so keep tokens out of your error type.
///
/// ```
/// use std::sync::Arc;
/// use token_response::TokenResponse;
/// use token_response::cache::{Error, TokenCache};
///
/// #[derive(TokenResponse)]
/// struct MyToken { access_token: String }
///
/// let cache = TokenCache::new(|_current: Option<Arc<MyToken>>| async { Err::<MyToken, _>("503 from the token endpoint") });
/// let Err(error) = pollster::block_on(cache.get()) else { unreachable!() };
/// assert!(matches!(error, Error::Refresh(_)));
/// assert_eq!(error.refresh_error(), Some(&"503 from the token endpoint"));
/// assert_eq!(error.to_string(), "token refresh failed: 503 from the token endpoint");
/// ```
#[non_exhaustive]
pub enum Error<E> {
    /// The refresh function returned this error, and no live token was cached.
    Refresh(Arc<E>),
    /// The refresh function returned this error, which the cache's
    /// [`with_terminal`](super::TokenCache::with_terminal) test calls terminal (the refresh token
    /// is dead: `invalid_grant`), and no live token is cached. The cache calls the refresh
    /// function no more until [`set`](super::TokenCache::set) or
    /// [`clear`](super::TokenCache::clear): sign in again.
    SignedOut(Arc<E>),
    /// The refresh returned a token that was no longer fresh when it arrived (already expired,
    /// or too short-lived for its refresh leeway: a server clock behind ours, a lifetime misread).
    /// It was not cached.
    Stale,
    /// The refresh function panicked (in another caller, who got the panic).
    Panicked,
}

impl<E> Error<E> {
    /// The refresh function's error, for [`Refresh`](Self::Refresh) and
    /// [`SignedOut`](Self::SignedOut); `None` for the others.
    ///
    /// ```
    /// use token_response::cache::Error;
    ///
    /// assert_eq!(Error::<String>::Stale.refresh_error(), None);
    /// ```
    pub fn refresh_error(&self) -> Option<&E> {
        match self {
            Error::Refresh(error) | Error::SignedOut(error) => Some(error),
            Error::Stale | Error::Panicked => None,
        }
    }
}

impl<E> Clone for Error<E> {
    fn clone(&self) -> Self {
        match self {
            Error::Refresh(error) => Error::Refresh(error.clone()),
            Error::SignedOut(error) => Error::SignedOut(error.clone()),
            Error::Stale => Error::Stale,
            Error::Panicked => Error::Panicked,
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Refresh(error) => f.debug_tuple("Refresh").field(error).finish(),
            Error::SignedOut(error) => f.debug_tuple("SignedOut").field(error).finish(),
            Error::Stale => f.write_str("Stale"),
            Error::Panicked => f.write_str("Panicked"),
        }
    }
}

/// ```
/// use std::sync::Arc;
/// use token_response::cache::Error;
///
/// assert_eq!(Error::SignedOut(Arc::new("invalid_grant")).to_string(), "signed out: the refresh token was refused: invalid_grant");
/// assert_eq!(Error::<&str>::Stale.to_string(), "the refreshed token was already stale when it arrived");
/// assert_eq!(Error::<&str>::Panicked.to_string(), "the token refresh panicked");
/// ```
impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Refresh(error) => write!(f, "token refresh failed: {error}"),
            Error::SignedOut(error) => write!(f, "signed out: the refresh token was refused: {error}"),
            Error::Stale => f.write_str("the refreshed token was already stale when it arrived"),
            Error::Panicked => f.write_str("the token refresh panicked"),
        }
    }
}

/// `source()` is the refresh function's error, for [`Refresh`](Error::Refresh) and
/// [`SignedOut`](Error::SignedOut).
///
/// ```
/// use std::error::Error as _;
/// use std::sync::Arc;
/// use token_response::cache::Error;
///
/// let io = std::io::Error::other("connection reset");
/// let error = Error::Refresh(Arc::new(io));
/// assert_eq!(error.source().unwrap().to_string(), "connection reset");
/// ```
impl<E: std::error::Error + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.refresh_error().map(|error| error as &(dyn std::error::Error + 'static))
    }
}
