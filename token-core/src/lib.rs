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
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

#[cfg(feature = "cache")]
pub mod cache;
#[cfg(feature = "http")]
pub mod challenge;
#[cfg(feature = "reqwest")]
pub mod client;
mod error_response;
mod field;
mod integrations;
#[cfg(any(feature = "reqwest-middleware", feature = "tower"))]
pub mod middleware;
#[cfg(any(feature = "reqwest", feature = "reqwest-middleware", feature = "tower"))]
mod origin;
mod passing;
mod read;
mod response;
mod serde_methods;
#[cfg(feature = "store")]
pub mod store;
#[cfg(test)]
mod testing;
mod time;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

/// The crate's parsers for the fuzz targets in `fuzz/`, built only by `cargo fuzz`.
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod __fuzz {
    /// `rfc3339::unix_time`: Unix time of an RFC 3339 date-time, `None` when `text` is not one.
    pub fn unix_time(text: &str) -> Option<(i64, u32)> {
        crate::time::rfc3339::unix_time(text)
    }
}

pub use error_response::{ErrorCode, ErrorResponse, TokenOrError};
pub use field::{
    AbsoluteExpiryField, AccessTokenField, IssueTimeField, LifetimeField, ReceiptTimeField,
    RefreshTokenAbsoluteExpiryField, RefreshTokenField, RefreshTokenLifetimeField, ScopeField, TokenTypeField,
};
pub use read::{ReadError, ReadErrorKind, from_form, from_json, from_json_slice};
pub use response::{DEFAULT_REFRESH_LEEWAY, Delimiter, HeaderError, Scopes, TokenResponse, TokenType};
pub use time::{Lifetime, ReceivedAt, Timestamp, Unit};
