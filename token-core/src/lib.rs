//! Runtime of [`token-response`](https://docs.rs/token-response): the [`TokenResponse`] trait,
//! [`TokenType`], [`Scopes`], [`HeaderError`], [`ReceivedAt`], [`Timestamp`] and the field-type
//! traits, one a role.
//!
//! Depend on `token-response`, which re-exports all of this with the derive; this crate exists
//! so the runtime builds in parallel with the proc-macro.
//!
//! ```
//! use token_response::TokenResponse;
//!
//! #[derive(TokenResponse)]
//! struct Tok {
//!     access_token: String,
//! }
//!
//! assert_eq!(Tok { access_token: "abc".into() }.bearer_header().as_deref(), Ok("Bearer abc"));
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "cache")]
pub mod cache;
mod error_response;
mod expiry;
mod field;
mod forward;
mod header;
mod impls;
mod integrations;
mod number;
mod read;
mod received_at;
mod response;
mod rfc3339;
mod scopes;
#[cfg(test)]
mod testing;
mod timestamp;
mod token_or_error;
mod token_type;
mod unit;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

/// The crate's parsers for the fuzz targets in `fuzz/`, built only by `cargo fuzz`.
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod __fuzz {
    /// `rfc3339::unix_time`: Unix time of an RFC 3339 date-time, `None` when `text` is not one.
    pub fn unix_time(text: &str) -> Option<(i64, u32)> {
        crate::rfc3339::unix_time(text)
    }
}

pub use error_response::{ErrorCode, ErrorResponse};
pub use field::{
    AbsoluteExpiryField, AccessTokenField, IssueTimeField, LifetimeField, RefreshTokenAbsoluteExpiryField,
    RefreshTokenField, RefreshTokenLifetimeField, ScopeField, TokenTypeField,
};
pub use header::HeaderError;
pub use read::{ReadError, ReadErrorKind, from_form, from_json, from_json_slice};
pub use received_at::ReceivedAt;
pub use response::{DEFAULT_REFRESH_LEEWAY, TokenResponse};
pub use scopes::{Delimiter, Scopes};
pub use timestamp::Timestamp;
pub use token_or_error::TokenOrError;
pub use token_type::TokenType;
pub use unit::Unit;
