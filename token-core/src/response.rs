//! The `TokenResponse` trait: what every derived struct answers.

use std::time::{Duration, SystemTime};

use crate::{HeaderError, Scopes, TokenType, header};

/// The default leeway of [`TokenResponse::needs_refresh`]: 60 seconds.
pub const DEFAULT_REFRESH_LEEWAY: Duration = Duration::from_secs(60);

/// An OAuth 2.0 token response: expiry, `Authorization` header and scopes.
///
/// Derive it with `#[derive(TokenResponse)]`; the derive answers the field accessors
/// ([`access_token`](Self::access_token) to [`refresh_leeway`](Self::refresh_leeway)) from the
/// struct's fields, and every other method is computed from them. A hand-written impl needs only
/// `access_token`. The trait is dyn-compatible.
///
/// (The derive implements a hidden trait with one method handing over every role's field, and
/// a blanket impl turns it into this one: that keeps each derived struct cheap to compile, and
/// costs nothing at run time. So a struct either derives `TokenResponse` or implements it by
/// hand, not both.)
///
/// No method panics, for any field value. Every method but the two header builders allocates
/// nothing; each header builder allocates once. Methods without `_at` read the system clock.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use serde::Deserialize;
/// use token_response::TokenResponse;
///
/// #[derive(Deserialize, TokenResponse)]
/// #[serde(rename_all = "camelCase")]
/// struct RefreshTokenAuthentication {
///     access_token: String,
///     token_type: Option<String>,
///     expires_in: Option<f64>,
///     created_at: f64,
///     refresh_token: Option<String>,
///     scope: Option<String>,
/// }
///
/// let t: RefreshTokenAuthentication = serde_json::from_str(r#"{
///     "accessToken": "2YotnFZFEjr1zCsicMWpAA", "tokenType": "Bearer", "expiresIn": 3600,
///     "createdAt": 1700000000, "refreshToken": "tGzv3JOkF0XG5Qx2TlKWIA", "scope": "read write"
/// }"#)?;
///
/// let issued = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
/// assert_eq!(t.expires_at(), Some(issued + Duration::from_secs(3600)));
/// assert!(!t.needs_refresh_at(issued + Duration::from_secs(3539)));
/// assert!(t.needs_refresh_at(issued + Duration::from_secs(3540)));
/// assert_eq!(t.bearer_header().as_deref(), Ok("Bearer 2YotnFZFEjr1zCsicMWpAA"));
/// assert!(t.has_scopes(&["read", "write"]));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub trait TokenResponse {
    /// The access token; `""` when the field is an absent `Option`.
    ///
    /// ```
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: Option<String> }
    ///
    /// assert_eq!(Tok { access_token: Some("abc".into()) }.access_token(), "abc");
    /// assert_eq!(Tok { access_token: None }.access_token(), "");
    /// ```
    fn access_token(&self) -> &str;

    /// The refresh token; `None` when absent or empty (Azure sends `""`).
    ///
    /// ```
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: String, refresh_token: String }
    ///
    /// let t = Tok { access_token: "a".into(), refresh_token: "".into() };
    /// assert_eq!(t.refresh_token(), None);
    /// ```
    fn refresh_token(&self) -> Option<&str> {
        None
    }

    /// The token type, parsed case-insensitively; absent or empty is `Bearer`.
    ///
    /// ```
    /// # use token_response::{TokenResponse, TokenType};
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: String, token_type: Option<String> }
    ///
    /// let t = Tok { access_token: "a".into(), token_type: Some("dpop".into()) };
    /// assert_eq!(t.token_type(), TokenType::DPoP);
    /// let t = Tok { access_token: "a".into(), token_type: None };
    /// assert_eq!(t.token_type(), TokenType::Bearer);
    /// ```
    fn token_type(&self) -> TokenType<'_> {
        TokenType::Bearer
    }

    /// The lifetime as sent; `None` when absent. Negative, NaN, infinite or non-numeric is
    /// `Some(Duration::ZERO)`: the token is treated as expired (fail closed). A value too large
    /// for `Duration` saturates to `Duration::MAX`.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: String, expires_in: String }
    ///
    /// let t = Tok { access_token: "a".into(), expires_in: "3599".into() };
    /// assert_eq!(t.expires_in(), Some(Duration::from_secs(3599)));
    /// let t = Tok { access_token: "a".into(), expires_in: "-1".into() };
    /// assert_eq!(t.expires_in(), Some(Duration::ZERO));
    /// ```
    fn expires_in(&self) -> Option<Duration> {
        None
    }

    /// The issue time; `None` if absent, not a number, or past what `SystemTime` holds.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Salesforce { access_token: String, issued_at: String }
    ///
    /// let t = Salesforce { access_token: "00D!AQ".into(), issued_at: "1278448384422".into() };
    /// assert_eq!(t.issued_at(), Some(UNIX_EPOCH + Duration::from_millis(1_278_448_384_422)));
    /// ```
    fn issued_at(&self) -> Option<SystemTime> {
        None
    }

    /// The absolute expiry as sent (Strava's `expires_at`, Microsoft's `expires_on`); `None` if
    /// absent, not a number, or past what `SystemTime` holds. [`expires_at`](Self::expires_at)
    /// prefers it over issue time + lifetime.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Strava { access_token: String, expires_at: i64 }
    ///
    /// let t = Strava { access_token: "a".into(), expires_at: 1_568_775_134 };
    /// assert_eq!(t.absolute_expiry(), Some(UNIX_EPOCH + Duration::from_secs(1_568_775_134)));
    /// ```
    fn absolute_expiry(&self) -> Option<SystemTime> {
        None
    }

    /// The refresh token's lifetime (Keycloak's `refresh_expires_in`, GitHub's
    /// `refresh_token_expires_in`), with the rules of [`expires_in`](Self::expires_in).
    ///
    /// Zero means the refresh token expired when it was issued. Keycloak sends
    /// `refresh_expires_in: 0` for offline tokens, meaning "no fixed expiry": for those, mark
    /// the field `#[token(skip)]` so the refresh expiry is unknown rather than past.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Keycloak { access_token: String, refresh_expires_in: u32 }
    ///
    /// let t = Keycloak { access_token: "a".into(), refresh_expires_in: 1800 };
    /// assert_eq!(t.refresh_expires_in(), Some(Duration::from_secs(1800)));
    /// ```
    fn refresh_expires_in(&self) -> Option<Duration> {
        None
    }

    /// The scopes in order, trimmed, empty pieces skipped; allocates nothing.
    ///
    /// ```
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct GitHub {
    ///     access_token: String,
    ///     #[token(scope, delimiter = ",")]
    ///     scope: String,
    /// }
    ///
    /// let t = GitHub { access_token: "gho_16C7e42F292c6912E7710c838347Ae178B4a".into(), scope: "repo,gist".into() };
    /// assert_eq!(t.scopes().collect::<Vec<_>>(), ["repo", "gist"]);
    /// ```
    fn scopes(&self) -> Scopes<'_> {
        Scopes::empty()
    }

    /// How long before expiry [`needs_refresh`](Self::needs_refresh) turns true:
    /// `#[token(refresh_leeway = N)]` seconds, [`DEFAULT_REFRESH_LEEWAY`] (60 s) by default.
    /// It is capped at half the lifetime, see [`needs_refresh_at`](Self::needs_refresh_at).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// #[token(refresh_leeway = 300)]
    /// struct Tok { access_token: String }
    ///
    /// assert_eq!(Tok { access_token: "a".into() }.refresh_leeway(), Duration::from_secs(300));
    /// ```
    fn refresh_leeway(&self) -> Duration {
        DEFAULT_REFRESH_LEEWAY
    }

    /// When the token expires: the [absolute expiry](Self::absolute_expiry) if present and a
    /// number, else issue time + lifetime, else `None`. An instant past what `SystemTime` holds
    /// is `None`.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: String, created_at: u64, expires_in: u64 }
    ///
    /// let t = Tok { access_token: "a".into(), created_at: 1_700_000_000, expires_in: 3600 };
    /// assert_eq!(t.expires_at(), Some(UNIX_EPOCH + Duration::from_secs(1_700_003_600)));
    /// let t = Tok { access_token: "a".into(), created_at: 1_700_000_000, expires_in: u64::MAX };
    /// assert_eq!(t.expires_at(), None);
    /// ```
    fn expires_at(&self) -> Option<SystemTime> {
        self.absolute_expiry().or_else(|| self.issued_at()?.checked_add(self.expires_in()?))
    }

    /// Whether the token has expired by now: [`is_expired_at`](Self::is_expired_at) with the
    /// system clock.
    ///
    /// ```
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: String, expires_at: u64 }
    ///
    /// assert!(Tok { access_token: "a".into(), expires_at: 1 }.is_expired());
    /// ```
    fn is_expired(&self) -> bool {
        self.is_expired_at(SystemTime::now())
    }

    /// `now >= expires_at`; `false` when the expiry is unknown.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: String, expires_at: u64 }
    ///
    /// let t = Tok { access_token: "a".into(), expires_at: 100 };
    /// let at = UNIX_EPOCH + Duration::from_secs(100);
    /// assert!(t.is_expired_at(at));
    /// assert!(!t.is_expired_at(at - Duration::from_millis(1)));
    /// ```
    fn is_expired_at(&self, now: SystemTime) -> bool {
        self.expires_at().is_some_and(|expires| now >= expires)
    }

    /// Time left now: [`remaining_at`](Self::remaining_at) with the system clock.
    ///
    /// ```
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: String, expires_at: u64 }
    ///
    /// assert_eq!(Tok { access_token: "a".into(), expires_at: 1 }.remaining(), Some(Default::default()));
    /// ```
    fn remaining(&self) -> Option<Duration> {
        self.remaining_at(SystemTime::now())
    }

    /// Time left at `now`, zero once expired; `None` when the expiry is unknown.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: String, expires_at: u64 }
    ///
    /// let t = Tok { access_token: "a".into(), expires_at: 100 };
    /// assert_eq!(t.remaining_at(UNIX_EPOCH + Duration::from_secs(40)), Some(Duration::from_secs(60)));
    /// assert_eq!(t.remaining_at(UNIX_EPOCH + Duration::from_secs(400)), Some(Duration::ZERO));
    /// ```
    fn remaining_at(&self, now: SystemTime) -> Option<Duration> {
        let expires = self.expires_at()?;
        Some(expires.duration_since(now).unwrap_or(Duration::ZERO))
    }

    /// Whether to refresh now: [`needs_refresh_at`](Self::needs_refresh_at) with the system clock.
    ///
    /// ```
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: String, expires_at: u64 }
    ///
    /// assert!(Tok { access_token: "a".into(), expires_at: 1 }.needs_refresh());
    /// ```
    fn needs_refresh(&self) -> bool {
        self.needs_refresh_at(SystemTime::now())
    }

    /// `now + leeway >= expires_at`, where the leeway is [`refresh_leeway`](Self::refresh_leeway)
    /// capped at half the lifetime when the lifetime is known (`expires_at - issued_at` when both
    /// are known, else `expires_in`): a 30 s token is refreshed after 15 s, not at once. `false`
    /// when the expiry is unknown.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: String, created_at: u64, expires_in: u64 }
    ///
    /// let issued = UNIX_EPOCH + Duration::from_secs(1_000);
    /// let t = Tok { access_token: "a".into(), created_at: 1_000, expires_in: 30 };
    /// assert!(!t.needs_refresh_at(issued + Duration::from_millis(14_999)));
    /// assert!(t.needs_refresh_at(issued + Duration::from_secs(15)));
    /// ```
    fn needs_refresh_at(&self, now: SystemTime) -> bool {
        let Some(expires) = self.expires_at() else {
            return false;
        };
        // Without an absolute expiry, `expires` is issue time + `expires_in`, so `expires_in` is
        // exactly `expires - issued`: no need to subtract it back.
        let lifetime = match self.issued_at() {
            Some(issued) if self.absolute_expiry().is_some() => {
                Some(expires.duration_since(issued).unwrap_or(Duration::ZERO))
            }
            _ => self.expires_in(),
        };
        let leeway = match lifetime {
            Some(lifetime) => self.refresh_leeway().min(lifetime / 2),
            None => self.refresh_leeway(),
        };
        // `now + leeway` past what `SystemTime` holds is later than any expiry.
        now.checked_add(leeway).is_none_or(|soon| soon >= expires)
    }

    /// When the refresh token expires: issue time + [refresh lifetime](Self::refresh_expires_in);
    /// `None` when either is unknown or the sum is past what `SystemTime` holds.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: String, issued_at: u64, refresh_expires_in: u64 }
    ///
    /// let t = Tok { access_token: "a".into(), issued_at: 1_000, refresh_expires_in: 1_800 };
    /// assert_eq!(t.refresh_expires_at(), Some(UNIX_EPOCH + Duration::from_secs(2_800)));
    /// ```
    fn refresh_expires_at(&self) -> Option<SystemTime> {
        self.issued_at()?.checked_add(self.refresh_expires_in()?)
    }

    /// Whether the refresh token has expired by now.
    ///
    /// ```
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: String, issued_at: u64, refresh_expires_in: u64 }
    ///
    /// assert!(Tok { access_token: "a".into(), issued_at: 1, refresh_expires_in: 1 }.is_refresh_expired());
    /// ```
    fn is_refresh_expired(&self) -> bool {
        self.is_refresh_expired_at(SystemTime::now())
    }

    /// `now >= refresh_expires_at`; `false` when unknown.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: String, issued_at: u64, refresh_expires_in: u64 }
    ///
    /// let t = Tok { access_token: "a".into(), issued_at: 0, refresh_expires_in: 10 };
    /// assert!(!t.is_refresh_expired_at(UNIX_EPOCH + Duration::from_secs(9)));
    /// assert!(t.is_refresh_expired_at(UNIX_EPOCH + Duration::from_secs(10)));
    /// ```
    fn is_refresh_expired_at(&self, now: SystemTime) -> bool {
        self.refresh_expires_at().is_some_and(|expires| now >= expires)
    }

    /// Whether `scope` is granted: an exact, case-sensitive match against
    /// [`scopes`](Self::scopes).
    ///
    /// ```
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: String, scope: String }
    ///
    /// let t = Tok { access_token: "a".into(), scope: "read write".into() };
    /// assert!(t.has_scope("read"));
    /// assert!(!t.has_scope("READ"));
    /// assert!(!t.has_scope("rea"));
    /// ```
    fn has_scope(&self, scope: &str) -> bool {
        self.scopes().any(|granted| granted == scope)
    }

    /// Whether every listed scope is granted (`true` for an empty list).
    ///
    /// ```
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: String, scope: Vec<String> }
    ///
    /// let t = Tok { access_token: "a".into(), scope: vec!["chat:read".into(), "chat:edit".into()] };
    /// assert!(t.has_scopes(&["chat:edit", "chat:read"]));
    /// assert!(!t.has_scopes(&["chat:read", "bits:read"]));
    /// assert!(t.has_scopes(&[]));
    /// ```
    fn has_scopes(&self, scopes: &[&str]) -> bool {
        scopes.iter().all(|scope| self.has_scope(scope))
    }

    /// `"Bearer " + token`, in one allocation.
    ///
    /// # Errors
    /// [`HeaderError::Empty`] for an empty token, [`HeaderError::InvalidChar`] for a token with
    /// a byte outside visible ASCII, then [`HeaderError::NotBearer`] when `token_type` is present
    /// and not bearer (a `DPoP` token).
    ///
    /// ```
    /// # use token_response::{HeaderError, TokenResponse};
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: String, token_type: String }
    ///
    /// let t = Tok { access_token: "00D!AQ4".into(), token_type: "bearer".into() };
    /// assert_eq!(t.bearer_header().as_deref(), Ok("Bearer 00D!AQ4"));
    /// let t = Tok { access_token: "Kz~8mXK1".into(), token_type: "DPoP".into() };
    /// assert_eq!(t.bearer_header(), Err(HeaderError::NotBearer));
    /// let t = Tok { access_token: "a\r\nX-Evil: 1".into(), token_type: "bearer".into() };
    /// assert_eq!(t.bearer_header(), Err(HeaderError::InvalidChar));
    /// ```
    fn bearer_header(&self) -> Result<String, HeaderError> {
        header::bearer(self.token_type(), self.access_token())
    }

    /// `"<scheme> " + token` with the scheme of [`token_type`](Self::token_type), in one
    /// allocation.
    ///
    /// # Errors
    /// [`HeaderError::Empty`] and [`HeaderError::InvalidChar`] as for
    /// [`bearer_header`](Self::bearer_header), then [`HeaderError::InvalidScheme`] when the
    /// token type is not an RFC 9110 token.
    ///
    /// ```
    /// # use token_response::{HeaderError, TokenResponse};
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: String, token_type: String }
    ///
    /// let t = Tok { access_token: "Kz~8mXK1".into(), token_type: "dpop".into() };
    /// assert_eq!(t.authorization_header().as_deref(), Ok("DPoP Kz~8mXK1"));
    /// let t = Tok { access_token: "Kz~8mXK1".into(), token_type: "two words".into() };
    /// assert_eq!(t.authorization_header(), Err(HeaderError::InvalidScheme));
    /// ```
    fn authorization_header(&self) -> Result<String, HeaderError> {
        header::authorization(self.token_type(), self.access_token())
    }

    /// [`authorization_header`](Self::authorization_header) as an `http::HeaderValue` marked
    /// sensitive, so `Debug` and HTTP/2 header compression leave it out. Feature `http`.
    ///
    /// # Errors
    /// As [`authorization_header`](Self::authorization_header).
    ///
    /// ```
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: String }
    ///
    /// let value = Tok { access_token: "abc".into() }.authorization_header_value().unwrap();
    /// assert!(value.is_sensitive());
    /// assert_eq!(value, "Bearer abc");
    /// assert_eq!(format!("{value:?}"), "Sensitive");
    /// ```
    #[cfg(feature = "http")]
    fn authorization_header_value(&self) -> Result<http::HeaderValue, HeaderError> {
        header::authorization_value(self.token_type(), self.access_token())
    }
}
