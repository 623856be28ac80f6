//! The `TokenResponse` trait: what every derived struct answers, and the types its methods
//! answer with: the token type, the scopes, the header error.

mod forward;
mod header;
mod scopes;
mod token_type;

use std::time::{Duration, SystemTime};

pub use header::HeaderError;
pub use scopes::{Delimiter, Scopes};
pub use token_type::TokenType;

use crate::__private::{Fields, Inherit};
use crate::time::expiry::{self, Times};

/// The default leeway of [`TokenResponse::needs_refresh`]: 60 seconds.
pub const DEFAULT_REFRESH_LEEWAY: Duration = Duration::from_secs(60);

/// An OAuth 2.0 token response: expiry, `Authorization` header and scopes.
///
/// Derive it with `#[derive(TokenResponse)]`: the derive implements this trait for the struct,
/// reading each role's field, and every method is computed from those fields by the rules below.
///
/// A hand-written impl is possible too: the field methods, one a role
/// ([`access_token`](Self::access_token) to [`refresh_leeway`](Self::refresh_leeway)), are its
/// inputs, and the other methods are computed from them. It needs only `access_token`. (A hand
/// impl's times have no unreadable state: an expiry it gives is an instant or absent.) The trait is dyn-compatible, and `&T`, `&mut T`, `Box<T>`, `Rc<T>` and `Arc<T>`
/// implement it for every `T` that does.
///
/// No method panics, for any field value. Every method but the header builders and
/// [`inherit`](Self::inherit) allocates nothing; each header builder allocates once, `inherit`
/// only for the values it copies. Methods without `_at` read the system clock.
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
    fn access_token(&self) -> &str {
        self.__fields().access_token.token_str().unwrap_or("")
    }

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
        self.__fields().refresh_token.token_str().filter(|token| !token.is_empty())
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
        TokenType::parse(self.__fields().token_type.token_str().unwrap_or(""))
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
        let fields = self.__fields();
        fields.expires_in.lifetime(fields.unit.expires_in).duration()
    }

    /// The issue time: the issue time field's, or the receipt time field's (`received_at`), or
    /// the earlier of the two when both are known, so a server clock ahead of ours never makes a
    /// token live longer. `None` if absent, or if either is unreadable (see
    /// [`Timestamp`](crate::Timestamp)). A timestamp string may be a numeric string in the
    /// field's unit or an RFC 3339 date-time.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Salesforce { access_token: String, issued_at: String }
    ///
    /// let t = Salesforce { access_token: "00D!AQ".into(), issued_at: "1278448384422".into() };
    /// assert_eq!(t.issued_at(), Some(UNIX_EPOCH + Duration::from_millis(1_278_448_384_422)));
    /// let t = Salesforce { access_token: "00D!AQ".into(), issued_at: "yesterday".into() };
    /// assert_eq!(t.issued_at(), None);
    ///
    /// // GitLab's `created_at`, from a server clock ten minutes ahead, capped by the receipt time.
    /// #[derive(TokenResponse)]
    /// struct GitLab { access_token: String, created_at: u64, expires_in: u64, received_at: u64 }
    ///
    /// let t = GitLab { access_token: "a".into(), created_at: 1_700_000_600, expires_in: 7200, received_at: 1_700_000_000 };
    /// assert_eq!(t.issued_at(), Some(UNIX_EPOCH + Duration::from_secs(1_700_000_000)));
    /// assert_eq!(t.expires_at(), Some(UNIX_EPOCH + Duration::from_secs(1_700_007_200)));
    /// ```
    fn issued_at(&self) -> Option<SystemTime> {
        expiry::issue_time(&self.__fields()).instant()
    }

    /// The absolute expiry as sent (Strava's `expires_at`, Microsoft's `expires_on`, an RFC 3339
    /// date-time); `None` if absent or unreadable (past 9999-12-31T23:59:59Z included).
    /// [`expires_at`](Self::expires_at) takes the earlier of it and issue time + lifetime.
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
        let fields = self.__fields();
        fields.expires_at.timestamp(fields.unit.expires_at).instant()
    }

    /// The refresh token's lifetime as sent (Keycloak's `refresh_expires_in`, GitHub's
    /// `refresh_token_expires_in`), with the rules of [`expires_in`](Self::expires_in).
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
        let fields = self.__fields();
        fields.refresh_expires_in.lifetime(fields.unit.refresh_expires_in).duration()
    }

    /// The refresh token's absolute expiry as sent (Epic Games' `refresh_expires_at`); `None` if
    /// absent or unreadable (past 9999-12-31T23:59:59Z included).
    /// [`refresh_expires_at`](Self::refresh_expires_at) takes the earlier of it and issue time +
    /// refresh token lifetime.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Epic { access_token: String, refresh_expires_at: String }
    ///
    /// let t = Epic { access_token: "a".into(), refresh_expires_at: "2023-08-31T02:29:11.892Z".into() };
    /// assert_eq!(t.refresh_token_absolute_expiry(), Some(UNIX_EPOCH + Duration::from_millis(1_693_448_951_892)));
    /// ```
    fn refresh_token_absolute_expiry(&self) -> Option<SystemTime> {
        let fields = self.__fields();
        fields.refresh_expires_at.timestamp(fields.unit.refresh_expires_at).instant()
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
        let fields = self.__fields();
        fields.scope.scopes(fields.scope_delimiter)
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
        self.__fields().refresh_leeway
    }

    /// When the token expires: the earlier of the absolute expiry field (`expires_at`,
    /// `expires_on`) and [issue time](Self::issued_at) + [lifetime](Self::expires_in), of those
    /// that are known; `None` when neither is.
    ///
    /// Fails closed: a field that holds a value that is no readable time or lifetime (a string
    /// that is neither a timestamp nor a numeric string, NaN, an infinite float, a negative
    /// lifetime, an instant past 9999-12-31T23:59:59Z) never makes the token live longer, whatever
    /// the other fields say: the expiry is then `Some(UNIX_EPOCH)`, so the token counts as
    /// expired. This holds for the absolute expiry, the lifetime, and the issue and receipt times
    /// when a lifetime is given; but an unreadable lifetime beside a readable issue time is a
    /// lifetime of zero (the token expired when it was issued). An absent field is unknown. A
    /// lifetime too large to add to the issue time leaves that sum unknown, never a panic.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: String, created_at: u64, expires_in: u64, expires_at: Option<String> }
    ///
    /// let t = Tok { access_token: "a".into(), created_at: 1_700_000_000, expires_in: 3600, expires_at: None };
    /// assert_eq!(t.expires_at(), Some(UNIX_EPOCH + Duration::from_secs(1_700_003_600)));
    /// // An absolute expiry that comes first wins; one that is no time fails closed.
    /// let t = Tok { expires_at: Some("2023-11-14T22:43:20Z".into()), ..t };
    /// assert_eq!(t.expires_at(), Some(UNIX_EPOCH + Duration::from_secs(1_700_001_800)));
    /// let t = Tok { expires_at: Some("soon".into()), ..t };
    /// assert_eq!(t.expires_at(), Some(UNIX_EPOCH));
    ///
    /// // A negative lifetime beside a far absolute expiry, and no issue time: expired.
    /// #[derive(TokenResponse)]
    /// struct Far { access_token: String, expires_in: i64, expires_at: f64 }
    ///
    /// let t = Far { access_token: "a".into(), expires_in: -1, expires_at: 4_000_000_000.0 };
    /// assert_eq!(t.expires_at(), Some(UNIX_EPOCH));
    /// let t = Far { access_token: "a".into(), expires_in: 3600, expires_at: f64::MAX };
    /// assert!(t.is_expired());
    /// ```
    fn expires_at(&self) -> Option<SystemTime> {
        Times::access(self).expires_at()
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
        Times::access(self).needs_refresh_at(now, self.refresh_leeway())
    }

    /// When the refresh token expires: the earlier of the refresh token's absolute expiry field
    /// (`refresh_expires_at`) and [issue time](Self::issued_at) + refresh token lifetime
    /// (`refresh_expires_in`), of those that are known; `None` when neither is; fails closed on
    /// an unreadable input like [`expires_at`](Self::expires_at).
    ///
    /// Keycloak sends `refresh_expires_in: 0` for offline tokens, meaning "no fixed expiry": for
    /// those, mark the field `#[token(skip)]` so the refresh expiry is unknown rather than past.
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
        Times::refresh(self).expires_at()
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

    /// The refresh rule of RFC 6749 section 6, for `self`, a refresh response, and `previous`,
    /// the token it replaces. When `self` has no [refresh token](Self::refresh_token) and
    /// `previous` has one, `self`'s refresh token field takes a copy of `previous`'s, and the
    /// refresh token's expiry comes with it: [`refresh_expires_at`](Self::refresh_expires_at) is
    /// then never later than `previous`'s, and equal to it (to the second) when `self` can hold
    /// it: in a refresh token absolute expiry field (`refresh_expires_at`), or in a refresh token
    /// lifetime field (`refresh_expires_in`) when `self`'s [issue time](Self::issued_at) is
    /// known, written as the time left (zero when none is). When `self` sent a refresh token
    /// expiry of its own, the earlier of the two counts. A struct with neither field keeps none:
    /// its refresh token's expiry is then unknown. When `self` has no [scopes](Self::scopes), its
    /// scope field takes a copy of `previous`'s. Nothing else changes.
    ///
    /// Every field type this crate accepts is copied, or written (a numeric field as a whole
    /// number of its unit, rounded down; a `&str` and a `chrono::DateTime` cannot be written,
    /// only copied). A field type of your own is left as it is unless its trait's `copied` says
    /// how to copy it (see [`RefreshTokenField`](crate::RefreshTokenField)). For a hand-written
    /// impl it does nothing unless overridden, and so for `Box<T>` and `&mut T`: call it on the
    /// token itself.
    ///
    /// ```
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Tok { access_token: String, refresh_token: Option<String>, scope: Option<String> }
    ///
    /// let previous = Tok { access_token: "old".into(), refresh_token: Some("r1".into()), scope: Some("read".into()) };
    /// // Google answers a refresh without a refresh token: keep the old one.
    /// let mut refreshed = Tok { access_token: "new".into(), refresh_token: None, scope: None };
    /// refreshed.inherit(&previous);
    /// assert_eq!(refreshed.refresh_token(), Some("r1"));
    /// assert!(refreshed.has_scope("read"));
    /// assert_eq!(refreshed.access_token(), "new");
    /// ```
    ///
    /// Kakao sends `refresh_token_expires_in` only when it renews the refresh token: the kept
    /// refresh token keeps its expiry, counted from the new issue time.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use token_response::TokenResponse;
    /// #[derive(TokenResponse)]
    /// struct Kakao {
    ///     access_token: String,
    ///     refresh_token: Option<String>,
    ///     refresh_token_expires_in: Option<u64>,
    ///     received_at: u64,
    /// }
    ///
    /// let t0 = 1_700_000_000;
    /// let first = Kakao { access_token: "a1".into(), refresh_token: Some("r".into()), refresh_token_expires_in: Some(3600), received_at: t0 };
    /// let mut second = Kakao { access_token: "a2".into(), refresh_token: None, refresh_token_expires_in: None, received_at: t0 + 3000 };
    /// second.inherit(&first);
    /// assert_eq!(second.refresh_token_expires_in, Some(600));
    /// assert_eq!(second.refresh_expires_at(), Some(UNIX_EPOCH + Duration::from_secs(t0 + 3600)));
    /// ```
    fn inherit(&mut self, previous: &Self)
    where
        Self: Sized,
    {
        let refresh_token = self.refresh_token().is_none() && previous.refresh_token().is_some();
        let scope = self.scopes().next().is_none();
        if refresh_token || scope {
            self.__inherit(previous, Inherit { refresh_token, scope, ..Inherit::NOTHING });
            // The expiry goes with the refresh token: not when its type could not be copied.
            if refresh_token && self.refresh_token().is_some() {
                expiry::keep_refresh_expiry(self, previous);
            }
        }
    }

    /// Every role's field: what the derive implements, and what every other method reads.
    #[doc(hidden)]
    #[inline]
    fn __fields(&self) -> Fields<'_> {
        Fields::NONE
    }

    /// The copies and writes of [`inherit`](Self::inherit): what the derive implements for a
    /// struct with a field `inherit` copies or writes.
    #[doc(hidden)]
    #[inline]
    fn __inherit(&mut self, previous: &Self, what: Inherit)
    where
        Self: Sized,
    {
        let _ = (previous, what);
    }
}
