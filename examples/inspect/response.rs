//! [`AnyResponse`]: one struct that reads every provider's dialect through the crate's derive.
//!
//! Every role is matched by name, serde's aliases included: only the two access token fields
//! need `#[token(..)]`. The field types are this module's own: [`Loose`] (a number or a string),
//! [`IssueTime`] (sent, or else the time of receipt) and [`ScopeValue`] (a string or a list).
//! Each implements the crate's field-type traits by handing the value it holds to the crate's
//! own implementation for that type, so numeric strings, milliseconds and RFC 3339 date-times
//! are read by the crate, exactly as in a user's struct.

use std::time::SystemTime;

use serde::Deserialize;
use token_response::{
    AbsoluteExpiryField, Delimiter, IssueTimeField, Lifetime, LifetimeField, RefreshTokenAbsoluteExpiryField,
    RefreshTokenLifetimeField, ScopeField, Scopes, Timestamp, TokenResponse, Unit,
};

/// The unit the derive reads timestamps in when the field sets none (`unit = "auto"`).
const TIMESTAMP_UNIT: Unit = Unit::Auto;

/// Any provider's token response: snake_case or camelCase members.
#[derive(Deserialize, TokenResponse)]
pub struct AnyResponse {
    /// The token to send: `access_token`, or else `id_token` (Firebase sends its ID token as the
    /// bearer token, and no access token). Filled by [`AnyResponse::with_token`].
    #[serde(skip)]
    #[token(access_token)]
    token: String,
    #[serde(alias = "accessToken")]
    #[token(skip)]
    access_token: Option<String>,
    #[serde(alias = "idToken")]
    id_token: Option<String>,
    #[serde(alias = "tokenType")]
    token_type: Option<String>,
    #[serde(alias = "expiresIn")]
    expires_in: Option<Loose>,
    #[serde(default, alias = "issuedAt", alias = "created_at", alias = "createdAt")]
    issued_at: IssueTime,
    #[serde(alias = "expiresAt", alias = "expires_on", alias = "expiresOn")]
    expires_at: Option<Loose>,
    #[serde(alias = "refreshToken")]
    refresh_token: Option<String>,
    #[serde(
        alias = "refreshExpiresIn",
        alias = "refresh_token_expires_in",
        alias = "refreshTokenExpiresIn",
        alias = "x_refresh_token_expires_in",
        alias = "refresh_expires",
        alias = "refreshExpires"
    )]
    refresh_expires_in: Option<Loose>,
    #[serde(alias = "refreshExpiresAt", alias = "refresh_token_expires_at", alias = "refreshTokenExpiresAt")]
    refresh_expires_at: Option<Loose>,
    #[serde(alias = "scopes")]
    scope: Option<ScopeValue>,
}

/// The states of a response's timestamp fields, as the derive reads them.
pub struct Times {
    pub issued: Timestamp,
    pub expires: Timestamp,
    pub refresh_expires: Timestamp,
}

impl AnyResponse {
    /// The response with its token chosen, or `None` when it has neither an access token nor an
    /// ID token.
    pub fn with_token(mut self) -> Option<Self> {
        self.token = self.access_token.as_ref().or(self.id_token.as_ref())?.clone();
        Some(self)
    }

    /// The member the token came from.
    pub fn token_member(&self) -> &'static str {
        if self.access_token.is_some() { "access_token" } else { "id_token" }
    }

    /// Dates a response that carries no issue time at `at`, when its expiry needs one: when it
    /// sends no absolute expiry, issue time + `expires_in` is the expiry.
    pub fn received_at(&mut self, at: SystemTime) {
        if self.expires_at.is_none() && matches!(self.issued_at, IssueTime::Unknown) {
            self.issued_at = IssueTime::Received(at);
        }
    }

    /// Whether the issue time was sent, rather than taken at receipt or unknown.
    pub fn issue_time_sent(&self) -> bool {
        matches!(self.issued_at, IssueTime::Sent(_))
    }

    /// Its timestamp fields as the derive reads them: absent, unreadable, too late or an instant.
    pub fn times(&self) -> Times {
        Times {
            issued: IssueTimeField::timestamp(&self.issued_at, TIMESTAMP_UNIT),
            expires: AbsoluteExpiryField::timestamp(&self.expires_at, TIMESTAMP_UNIT),
            refresh_expires: RefreshTokenAbsoluteExpiryField::timestamp(&self.refresh_expires_at, TIMESTAMP_UNIT),
        }
    }
}

/// A number, or anything sent as a string: `3600`, `"3600"`, `"2023-08-30T18:29:11.892Z"`.
#[derive(Deserialize)]
#[serde(untagged, expecting = "a number or a string")]
pub enum Loose {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text(String),
}

/// Implements time traits for [`Loose`] with the crate's impl for the value it holds.
macro_rules! loose {
    ($($Trait:ident :: $method:ident -> $Out:ty),* $(,)?) => {$(
        impl $Trait for Loose {
            fn $method(&self, unit: Unit) -> $Out {
                match self {
                    Loose::Unsigned(n) => $Trait::$method(n, unit),
                    Loose::Signed(n) => $Trait::$method(n, unit),
                    Loose::Float(n) => $Trait::$method(n, unit),
                    Loose::Text(text) => $Trait::$method(text, unit),
                }
            }
        }
    )*};
}
loose!(
    LifetimeField::lifetime -> Lifetime,
    RefreshTokenLifetimeField::lifetime -> Lifetime,
    IssueTimeField::timestamp -> Timestamp,
    AbsoluteExpiryField::timestamp -> Timestamp,
    RefreshTokenAbsoluteExpiryField::timestamp -> Timestamp,
);

/// The issue time: as sent, or else the moment the response was read, or unknown.
#[derive(Deserialize, Default)]
#[serde(from = "Option<Loose>")]
pub enum IssueTime {
    Sent(Loose),
    Received(SystemTime),
    #[default]
    Unknown,
}

impl From<Option<Loose>> for IssueTime {
    fn from(sent: Option<Loose>) -> Self {
        sent.map_or(IssueTime::Unknown, IssueTime::Sent)
    }
}

impl IssueTimeField for IssueTime {
    fn timestamp(&self, unit: Unit) -> Timestamp {
        match self {
            IssueTime::Sent(sent) => IssueTimeField::timestamp(sent, unit),
            IssueTime::Received(time) => IssueTimeField::timestamp(time, unit),
            IssueTime::Unknown => Timestamp::Absent,
        }
    }
}

/// The scopes: a string, or a list with one scope an element.
#[derive(Deserialize)]
#[serde(untagged, expecting = "a string or a list of strings")]
pub enum ScopeValue {
    Text(String),
    List(Vec<String>),
}

impl ScopeField for ScopeValue {
    /// Ignores the field's delimiter: a string with a comma is comma-separated (GitHub, Slack),
    /// any other is space-separated.
    fn scopes(&self, _: Delimiter) -> Scopes<'_> {
        match self {
            ScopeValue::Text(text) if text.contains(',') => ScopeField::scopes(text, Delimiter::Char(',')),
            ScopeValue::Text(text) => ScopeField::scopes(text, Delimiter::Whitespace),
            ScopeValue::List(list) => ScopeField::scopes(list, Delimiter::Whitespace),
        }
    }
}
