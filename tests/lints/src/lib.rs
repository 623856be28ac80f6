//! Derived types under the strictest lints a user might turn on: `cargo clippy --workspace
//! --all-targets -- -D warnings` (run by CI) fails if the code `#[derive(TokenResponse)]`
//! generates trips any of them. Each struct exercises a different part of the expansion.
#![forbid(unsafe_code)]
#![deny(
    warnings,
    missing_docs,
    missing_debug_implementations,
    rust_2018_idioms,
    elided_lifetimes_in_paths,
    single_use_lifetimes,
    unused_lifetimes,
    unused_qualifications,
    unreachable_pub,
    unused_results,
    trivial_casts,
    trivial_numeric_casts,
    clippy::pedantic,
    clippy::nursery,
    clippy::absolute_paths,
    clippy::arithmetic_side_effects,
    clippy::as_conversions,
    clippy::default_numeric_fallback,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::missing_inline_in_public_items,
    clippy::panic,
    clippy::std_instead_of_core,
    clippy::unreachable,
    clippy::unwrap_used
)]

extern crate alloc;

use alloc::borrow::Cow;
use core::time::Duration;
use std::sync::Arc;

use token_response::{ReceivedAt, TokenResponse};

/// Every role, by name.
#[derive(Debug, TokenResponse)]
pub struct AllRoles {
    /// The token.
    pub access_token: String,
    /// The refresh token.
    pub refresh_token: Option<String>,
    /// The scheme.
    pub token_type: Option<String>,
    /// Seconds left.
    pub expires_in: Option<u64>,
    /// Unix seconds.
    pub issued_at: Option<f64>,
    /// Unix seconds.
    pub expires_at: Option<i64>,
    /// Space-separated scopes.
    pub scope: Option<String>,
    /// Seconds the refresh token lives.
    pub refresh_expires_in: Option<Duration>,
}

/// Every role by attribute, every option, and the redacting `Debug`.
#[derive(TokenResponse)]
#[token(debug, refresh_leeway = 30)]
pub struct Attributes {
    /// The token.
    #[token(access_token)]
    pub jwt: Box<str>,
    /// The refresh token.
    #[token(refresh_token)]
    pub renewal: Option<Box<str>>,
    /// The scheme.
    #[token(token_type)]
    pub kind: String,
    /// Milliseconds left.
    #[token(expires_in, unit = "ms")]
    pub ttl: u32,
    /// When the response arrived.
    #[serde(default)]
    #[token(created_at)]
    pub received: ReceivedAt,
    /// Unix milliseconds.
    #[token(expires_at, unit = "ms")]
    pub deadline: Option<String>,
    /// Comma-separated scopes.
    #[token(scope, delimiter = ",")]
    pub grants: String,
    /// Seconds the refresh token lives.
    #[token(refresh_expires_in, unit = "s")]
    pub renewal_ttl: Option<i32>,
    /// Left alone.
    #[token(skip)]
    pub scopes: Vec<u8>,
}

/// Borrowed, generic and with a where-clause.
#[derive(TokenResponse)]
#[token(debug)]
pub struct Generic<'a, T, L: Copy = u64>
where
    T: AsRef<str>,
{
    /// The token.
    pub access_token: Cow<'a, str>,
    /// A type parameter as the token type.
    pub token_type: T,
    /// A type parameter as the lifetime.
    pub expires_in: L,
    /// A list of scopes.
    pub scope: Vec<&'a str>,
    /// Not a role: its type needs no bound.
    pub extra: Option<T>,
}

/// Through the crate path attribute.
#[derive(TokenResponse)]
#[token(crate = "token_response", debug)]
pub struct CratePath {
    /// The token.
    pub access_token: Option<Arc<str>>,
}

/// The roles `inherit` copies, generic, with the refresh token's absolute expiry.
#[derive(TokenResponse)]
#[token(debug)]
pub struct Inheriting<R, S> {
    /// The token.
    pub access_token: String,
    /// A type parameter as the refresh token.
    pub refresh_token: Option<R>,
    /// RFC 3339.
    pub refresh_expires_at: Option<String>,
    /// A type parameter as the scope.
    pub scope: S,
}

/// Every role, every unit given (so nothing is left to a default), the receipt time, and fields
/// redacted by name and by attribute.
#[derive(TokenResponse)]
#[token(debug)]
pub struct EveryUnit<R> {
    /// The token.
    pub access_token: String,
    /// A type parameter as the refresh token.
    pub refresh_token: Option<R>,
    /// The scheme.
    pub token_type: Option<String>,
    /// Seconds left.
    #[token(unit = "s")]
    pub expires_in: u64,
    /// Unix seconds, as the server's clock says.
    #[token(unit = "s")]
    pub created_at: i64,
    /// Unix milliseconds, as ours says.
    #[token(unit = "ms")]
    pub received_at: u64,
    /// Unix seconds or milliseconds.
    #[token(unit = "auto")]
    pub expires_at: Option<f64>,
    /// Unix seconds.
    #[token(unit = "s")]
    pub refresh_expires_at: Option<String>,
    /// Milliseconds the refresh token lives.
    #[token(unit = "ms")]
    pub refresh_expires_in: Option<u64>,
    /// Scopes.
    pub scope: Vec<String>,
    /// A credential by its name.
    pub client_secret: String,
    /// A credential by its attribute.
    #[token(redact)]
    pub api_key: String,
}
