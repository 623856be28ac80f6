//! Runtime of [`token-response`](https://docs.rs/token-response): the [`TokenResponse`] trait,
//! [`TokenType`], [`Scopes`], [`HeaderError`], [`ReceivedAt`] and the field-type traits.
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

mod error_response;
mod field;
mod header;
mod integrations;
mod number;
mod received_at;
mod response;
pub mod role;
mod scopes;
mod token_or_error;
mod token_type;
mod unit;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use error_response::{ErrorCode, ErrorResponse};
pub use field::{DurationField, ScopeField, TimestampField, TokenStrField};
pub use header::HeaderError;
pub use received_at::ReceivedAt;
pub use response::{DEFAULT_REFRESH_LEEWAY, TokenResponse};
pub use scopes::{Delimiter, Scopes};
pub use token_or_error::TokenOrError;
pub use token_type::TokenType;
pub use unit::Unit;
