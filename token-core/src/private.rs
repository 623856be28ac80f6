//! Glue for the derive's generated code: one function per derived accessor, each taking the
//! field and the role's options. Not public API.

pub use std::time::{Duration, SystemTime};

pub use crate::{
    Delimiter, DurationField, ScopeField, Scopes, TimestampField, TokenResponse, TokenStrField, TokenType, Unit, role,
};

/// The access token; `""` when absent.
pub fn access_token<T: TokenStrField<role::AccessToken>>(field: &T) -> &str {
    field.token_str().unwrap_or("")
}

/// The refresh token; `None` when absent or empty.
pub fn refresh_token<T: TokenStrField<role::RefreshToken>>(field: &T) -> Option<&str> {
    field.token_str().filter(|token| !token.is_empty())
}

/// The token type; absent is `Bearer`.
pub fn token_type<T: TokenStrField<role::TokenType>>(field: &T) -> TokenType<'_> {
    TokenType::parse(field.token_str().unwrap_or(""))
}

/// The lifetime.
pub fn expires_in<T: DurationField<role::ExpiresIn>>(field: &T, unit: Unit) -> Option<Duration> {
    field.duration(unit)
}

/// The refresh token's lifetime.
pub fn refresh_expires_in<T: DurationField<role::RefreshExpiresIn>>(field: &T, unit: Unit) -> Option<Duration> {
    field.duration(unit)
}

/// The issue time.
pub fn issued_at<T: TimestampField<role::IssuedAt>>(field: &T, unit: Unit) -> Option<SystemTime> {
    field.timestamp(unit)
}

/// The absolute expiry.
pub fn absolute_expiry<T: TimestampField<role::ExpiresAt>>(field: &T, unit: Unit) -> Option<SystemTime> {
    field.timestamp(unit)
}

/// The scopes.
pub fn scopes<T: ScopeField>(field: &T, delimiter: Delimiter) -> Scopes<'_> {
    field.scopes(delimiter)
}

/// `#[token(refresh_leeway = N)]`.
#[must_use]
pub const fn refresh_leeway(seconds: u64) -> Duration {
    Duration::from_secs(seconds)
}

/// What `#[token(debug)]` prints in place of a secret.
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(REDACTED)
    }
}

/// The fixed marker `#[token(debug)]` prints for the access and refresh tokens.
pub const REDACTED: &str = "<redacted>";
