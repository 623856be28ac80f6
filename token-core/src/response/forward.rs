//! `TokenResponse` for pointers to a token: `&T`, `&mut T`, `Box<T>`, `Rc<T>`, `Arc<T>`, so that
//! `fn send(token: &impl TokenResponse)` takes a token, a shared one from a cache, or a
//! `Box<dyn TokenResponse>`.

use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::__private::Fields;
use crate::{HeaderError, Scopes, TokenResponse, TokenType};

/// Every method answered by the token pointed to. `inherit` is not forwarded: it needs
/// `Self: Sized`, which `T` need not be, so on a pointer it does nothing.
macro_rules! forward {
    ($($pointer:ty),*) => {$(
        impl<T: TokenResponse + ?Sized> TokenResponse for $pointer {
            #[inline]
            fn access_token(&self) -> &str {
                (**self).access_token()
            }
            #[inline]
            fn refresh_token(&self) -> Option<&str> {
                (**self).refresh_token()
            }
            #[inline]
            fn token_type(&self) -> TokenType<'_> {
                (**self).token_type()
            }
            #[inline]
            fn expires_in(&self) -> Option<Duration> {
                (**self).expires_in()
            }
            #[inline]
            fn issued_at(&self) -> Option<SystemTime> {
                (**self).issued_at()
            }
            #[inline]
            fn absolute_expiry(&self) -> Option<SystemTime> {
                (**self).absolute_expiry()
            }
            #[inline]
            fn refresh_expires_in(&self) -> Option<Duration> {
                (**self).refresh_expires_in()
            }
            #[inline]
            fn refresh_token_absolute_expiry(&self) -> Option<SystemTime> {
                (**self).refresh_token_absolute_expiry()
            }
            #[inline]
            fn scopes(&self) -> Scopes<'_> {
                (**self).scopes()
            }
            #[inline]
            fn refresh_leeway(&self) -> Duration {
                (**self).refresh_leeway()
            }
            #[inline]
            fn expires_at(&self) -> Option<SystemTime> {
                (**self).expires_at()
            }
            #[inline]
            fn is_expired(&self) -> bool {
                (**self).is_expired()
            }
            #[inline]
            fn is_expired_at(&self, now: SystemTime) -> bool {
                (**self).is_expired_at(now)
            }
            #[inline]
            fn remaining(&self) -> Option<Duration> {
                (**self).remaining()
            }
            #[inline]
            fn remaining_at(&self, now: SystemTime) -> Option<Duration> {
                (**self).remaining_at(now)
            }
            #[inline]
            fn needs_refresh(&self) -> bool {
                (**self).needs_refresh()
            }
            #[inline]
            fn needs_refresh_at(&self, now: SystemTime) -> bool {
                (**self).needs_refresh_at(now)
            }
            #[inline]
            fn refresh_expires_at(&self) -> Option<SystemTime> {
                (**self).refresh_expires_at()
            }
            #[inline]
            fn is_refresh_expired(&self) -> bool {
                (**self).is_refresh_expired()
            }
            #[inline]
            fn is_refresh_expired_at(&self, now: SystemTime) -> bool {
                (**self).is_refresh_expired_at(now)
            }
            #[inline]
            fn has_scope(&self, scope: &str) -> bool {
                (**self).has_scope(scope)
            }
            #[inline]
            fn has_scopes(&self, scopes: &[&str]) -> bool {
                (**self).has_scopes(scopes)
            }
            #[inline]
            fn bearer_header(&self) -> Result<String, HeaderError> {
                (**self).bearer_header()
            }
            #[inline]
            fn authorization_header(&self) -> Result<String, HeaderError> {
                (**self).authorization_header()
            }
            #[cfg(feature = "http")]
            #[inline]
            fn authorization_header_value(&self) -> Result<http::HeaderValue, HeaderError> {
                (**self).authorization_header_value()
            }
            #[inline]
            fn __fields(&self) -> Fields<'_> {
                (**self).__fields()
            }
        }
    )*};
}
forward!(&T, &mut T, Box<T>, Rc<T>, Arc<T>);
