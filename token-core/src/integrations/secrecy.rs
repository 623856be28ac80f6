//! Feature `secrecy`: `secrecy::SecretString` as the access token or refresh token.

use secrecy::{ExposeSecret, SecretBox};

use crate::{AccessTokenField, RefreshTokenField};

/// A `secrecy::SecretString` (`SecretBox<str>`) as the access token: zeroed on drop, and its
/// `Debug` shows nothing of it. Feature `secrecy`.
///
/// [`access_token()`](crate::TokenResponse::access_token) and the header builders expose it on
/// purpose; nothing else does. Not accepted as the token type, which is no secret. To
/// deserialize it, enable `secrecy`'s own `serde` feature.
///
/// ```
/// use secrecy::SecretString;
/// use token_response::TokenResponse;
///
/// #[derive(Debug, TokenResponse)]
/// struct Tok {
///     access_token: SecretString,
///     refresh_token: Option<SecretString>,
/// }
///
/// let t = Tok { access_token: "s3cr3t".into(), refresh_token: Some("r3fr3sh".into()) };
/// assert_eq!(t.bearer_header().as_deref(), Ok("Bearer s3cr3t"));
/// assert_eq!(t.refresh_token(), Some("r3fr3sh"));
/// let debug = format!("{t:?}");
/// assert!(!debug.contains("s3cr3t") && !debug.contains("r3fr3sh"));
/// ```
#[diagnostic::do_not_recommend]
impl AccessTokenField for SecretBox<str> {
    fn token_str(&self) -> Option<&str> {
        Some(self.expose_secret())
    }
}

/// A `secrecy::SecretString` (`SecretBox<str>`) as the refresh token; empty is `None`, as for
/// every refresh token type. Feature `secrecy`.
///
/// ```
/// use secrecy::SecretString;
/// use token_response::TokenResponse;
///
/// #[derive(TokenResponse)]
/// struct Tok {
///     access_token: String,
///     refresh_token: SecretString,
/// }
///
/// let t = Tok { access_token: "a".into(), refresh_token: SecretString::from("") };
/// assert_eq!(t.refresh_token(), None);
/// ```
#[diagnostic::do_not_recommend]
impl RefreshTokenField for SecretBox<str> {
    fn token_str(&self) -> Option<&str> {
        Some(self.expose_secret())
    }

    fn copied(&self) -> Option<Self> {
        Some(self.clone())
    }
}
