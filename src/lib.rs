//! `#[derive(TokenResponse)]` turns any struct shaped like an OAuth 2.0 token response into a
//! complete token: expiry, `Authorization` header and scopes, for every provider's dialect.
//!
//! ```
//! use serde::Deserialize;
//! use token_response::TokenResponse;
//!
//! #[derive(Deserialize, TokenResponse)]
//! #[serde(rename_all = "camelCase")]
//! struct RefreshTokenAuthentication {
//!     access_token: String,
//!     token_type: Option<String>,
//!     expires_in: Option<f64>,
//!     created_at: f64,
//!     refresh_token: Option<String>,
//!     scope: Option<String>,
//! }
//!
//! // Like serde_json::from_str, but no error of it ever quotes a token.
//! let t: RefreshTokenAuthentication = token_response::from_json(r#"{
//!     "accessToken": "2YotnFZFEjr1zCsicMWpAA",
//!     "tokenType": "Bearer",
//!     "expiresIn": 3600,
//!     "createdAt": 1700000000,
//!     "scope": "read write"
//! }"#)?;
//!
//! assert!(t.is_expired()); // it expired in 2023
//! assert_eq!(t.bearer_header().as_deref(), Ok("Bearer 2YotnFZFEjr1zCsicMWpAA"));
//! assert_eq!(t.scopes().collect::<Vec<_>>(), ["read", "write"]);
//! # Ok::<(), token_response::ReadError>(())
//! ```
//!
//! # Roles
//!
//! A field gets a role by a `#[token(...)]` attribute, or else by its names: its identifier and
//! every name serde reads it under (`#[serde(rename = "..")]`, `#[serde(rename(deserialize =
//! ".."))]`, each `#[serde(alias = "..")]`). Names are compared lowercased with `_` and `-`
//! removed, so `access_token`, `accessToken`, `AccessToken` and `access-token` are one name, and
//! `#[serde(rename = "expires_in")] lifetime: u64` is the lifetime. A field whose names point at
//! two roles is a compile error; a role attribute decides alone. Fields with no role are left
//! alone.
//!
//! | role | names recognised | attribute and options | field trait |
//! | --- | --- | --- | --- |
//! | access token (required) | `access_token` | `#[token(access_token)]` | [`AccessTokenField`] |
//! | refresh token | `refresh_token` | `#[token(refresh_token)]` | [`RefreshTokenField`] |
//! | token type | `token_type` | `#[token(token_type)]` | [`TokenTypeField`] |
//! | lifetime | `expires_in` | `#[token(expires_in)]`, `unit = "s"` (default) or `"ms"` | [`LifetimeField`] |
//! | issue time | `issued_at`, `created_at` | `#[token(issued_at)]` (alias `created_at`), `unit = "s"`, `"ms"` or `"auto"` (default) | [`IssueTimeField`] |
//! | receipt time | `received_at` | `#[token(received_at)]`, `unit` as for issue time | [`ReceiptTimeField`] |
//! | absolute expiry | `expires_at`, `expires_on` | `#[token(expires_at)]`, `unit` as for issue time | [`AbsoluteExpiryField`] |
//! | refresh token absolute expiry | `refresh_expires_at`, `refresh_token_expires_at` | `#[token(refresh_expires_at)]`, `unit` as for issue time | [`RefreshTokenAbsoluteExpiryField`] |
//! | scope | `scope`, `scopes` | `#[token(scope)]`, `delimiter = ","` (any one char; default: runs of ASCII whitespace) | [`ScopeField`] |
//! | refresh token lifetime | `refresh_expires_in`, `refresh_token_expires_in`, `x_refresh_token_expires_in`, `refresh_expires` | `#[token(refresh_expires_in)]`, `unit` as for lifetime | [`RefreshTokenLifetimeField`] |
//! | none | | `#[token(skip)]`: the field's names are not matched | |
//!
//! An option may also stand alone on a field matched by name: `#[token(unit = "ms")] expires_in: u64`.
//! `unit = "auto"` reads a timestamp whose absolute value is at least 100,000,000,000 as
//! milliseconds, else seconds. A role matched by name is not released by another field's
//! attribute: two fields with one role is an error, so mark the other `#[token(skip)]`.
//!
//! Struct attributes: `#[token(refresh_leeway = 60)]` (seconds, default 60);
//! `#[token(crate = "path")]` when this crate is renamed in `Cargo.toml`; `#[token(debug)]`
//! for a `Debug` impl that prints every credential as `<redacted>`: the access and refresh
//! tokens, every field whose name (identifier or serde name, compared as role names are) ends in
//! `token` (`id_token`, `session_token`) or contains `secret`, `password` or `assertion`, and
//! every field marked `#[token(redact)]`.
//!
//! **Issue and receipt time.** A receipt time (a [`ReceivedAt`] stamped at parsing, say) stands in
//! for an absent issue time; with both, the earlier counts, so a server clock ahead of ours never
//! makes a token live longer. A `ReceivedAt` field needs `#[serde(default)]` (on the field or the
//! struct): no response sends it, and without a default every response would fail to
//! deserialize, so the derive refuses it.
//!
//! # Field types
//!
//! Any of these, or `Option<_>` of them (`None` means absent). Each role's trait (table above)
//! says exactly which; implement it for a type of your own to use that type.
//!
//! | role | types |
//! | --- | --- |
//! | access token, refresh token, token type | `String`, `&str`, `Cow<str>`, `Box<str>`, `Arc<str>`, `Rc<str>` |
//! | scope | the string types; `Vec<String>`, `Vec<&str>`, `Vec<Cow<str>>`, `Box<[String]>` (one scope an element) |
//! | lifetime, refresh token lifetime | every primitive integer, `f32`, `f64`, `Duration`, a numeric string in a string type |
//! | issue time, receipt time, absolute expiry, refresh token absolute expiry | every primitive integer, `f32`, `f64` (Unix time in `unit`), a timestamp string in a string type, `SystemTime`, [`ReceivedAt`] (issue and receipt time only) |
//!
//! A numeric string is a decimal integer or fraction with an optional sign, surrounding ASCII
//! whitespace allowed (`"3599"`, `" 3600 "`, `"86400.5"`); anything else, `""` included, is not
//! a number. However many digits it has, it reads as the same integer would: a lifetime too large
//! for `Duration` is `Duration::MAX`. A timestamp string is a numeric string or an RFC 3339
//! date-time with an offset (`2023-08-30T18:29:11.892Z`, `2023-08-30T20:29:11+02:00`).
//!
//! **Unreadable values fail closed.** A field that holds a value but no readable lifetime or time
//! (negative, NaN, infinite, text that is no number or date-time, an instant past
//! 9999-12-31T23:59:59Z: see [`Lifetime`] and [`Timestamp`]) never makes a token live longer,
//! whatever the other fields say: its expiry is then `UNIX_EPOCH`, and the token counts as
//! expired (a bad lifetime beside a readable issue time is a lifetime of zero). An absent field is
//! unknown. [`expires_at`](TokenResponse::expires_at) is the earlier of the absolute expiry and
//! of issue time plus lifetime.
//!
//! # Error responses
//!
//! A token endpoint answers a token or an RFC 6749 section 5.2 error, some with status 200
//! (GitHub, form-encoded). [`TokenOrError<T>`](TokenOrError) tells them apart while `T` reads the
//! body exactly as it reads alone (no buffering: form numbers sent as text still read as numbers,
//! borrowed fields stay borrowed):
//!
//! ```
//! use serde::Deserialize;
//! use token_response::{ErrorCode, TokenOrError, TokenResponse};
//!
//! #[derive(Deserialize, TokenResponse)]
//! #[token(debug)] // a `Debug` that prints the token as <redacted>
//! struct GitHub {
//!     access_token: String,
//!     #[token(scope, delimiter = ",")]
//!     scope: String,
//! }
//!
//! let body = "error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired.";
//! let refused = token_response::from_form::<TokenOrError<GitHub>>(body)?.into_result().unwrap_err();
//! assert_eq!(refused.error, ErrorCode::Other("bad_verification_code".into()));
//!
//! let body = "access_token=gho_16C7e42F292c6912E7710c838347Ae178B4a&scope=repo%2Cgist&token_type=bearer";
//! let token = token_response::from_form::<TokenOrError<GitHub>>(body)?.into_result()?;
//! assert!(token.has_scopes(&["repo", "gist"]));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Reading without quoting the input
//!
//! serde's error messages quote the values they refuse (`invalid type: string "ya29.a0Af...",
//! expected u64`), and errors get logged. [`from_json`], [`from_json_slice`] and [`from_form`]
//! accept and refuse exactly what `serde_json` and `serde_urlencoded` do, and their
//! [`ReadError`] says what went wrong, at which member and where, in words that never hold a
//! value, an unknown member name or an unknown variant of the input:
//!
//! ```
//! use serde::Deserialize;
//! use token_response::{TokenOrError, TokenResponse, from_json};
//!
//! #[derive(Deserialize, TokenResponse)]
//! struct Google {
//!     access_token: String,
//!     expires_in: u64,
//! }
//!
//! let error = from_json::<TokenOrError<Google>>(r#"{"access_token": "ya29.a0Af", "expires_in": "ya29.a0Af"}"#)
//!     .err()
//!     .expect("refused");
//! assert_eq!(error.to_string(), "wrong type at `expires_in`: a string, expected u64 (line 1, column 55)");
//! ```
//!
//! **Borrowed tokens.** A `&'a str` field borrows from the input, so it fails on a string with an
//! escape: JSON may write any `/` as `\/` (PHP does), and a Google refresh token `1//0g...` then
//! arrives as `"1\/\/0g..."`, which must be decoded into new memory. Use `Cow<'a, str>` with
//! `#[serde(borrow)]`: borrowed when the text has no escape, copied when it has one. (An
//! `Option<Cow<'a, str>>` is always copied, as an `Option<String>` is: serde borrows only a `Cow`
//! field itself.)
//!
//! ```
//! use std::borrow::Cow;
//!
//! use serde::Deserialize;
//! use token_response::{TokenResponse, from_json};
//!
//! #[derive(Deserialize, TokenResponse)]
//! struct Google<'a> {
//!     #[serde(borrow)]
//!     access_token: Cow<'a, str>,
//!     #[serde(borrow)]
//!     refresh_token: Cow<'a, str>,
//! }
//!
//! let token: Google<'_> = from_json(r#"{"access_token": "ya29.a0Af", "refresh_token": "1\/\/0gLx"}"#)?;
//! assert!(matches!(token.access_token, Cow::Borrowed(_)));
//! assert_eq!(token.refresh_token(), Some("1//0gLx")); // decoded: a `&str` field would fail here
//! # Ok::<(), token_response::ReadError>(())
//! ```
//!
//! # Keeping a token fresh
//!
//! With the feature `cache`, `cache::TokenCache` keeps one token and refreshes it
//! once for any number of concurrent callers, on any executor; its module documentation says
//! how it behaves (a refresh owned by the cache, so cancelled callers lose nothing; dating by
//! the refresh's start; backoff; sign-out on a dead refresh token; 401s; refreshing ahead) and
//! what it does not do.
//!
//! # Calling an API
//!
//! With the feature `reqwest`, `client::TokenClient` posts grants
//! to a token endpoint and reads the answers into your struct; with `reqwest-middleware` or
//! `tower`, the `middleware` module sends a cache's token with every request and refreshes it,
//! once for all requests, when the API refuses it. Their module documentation has the details.
//!
//! # Sharing a token between processes and machines
//!
//! With the feature `store`, `store::Coordinator` makes the cache's refreshes go through a store
//! that many processes share (`store::FileStore` on one machine with `file-store`, Redis with
//! the crate `token-response-redis`), so that a rotating refresh token is spent by one process
//! only; the `store` module documentation states the protocol, its guarantees and its limits.
//!
//! # Cargo features
//!
//! All off by default; each pulls in its crates with default features off. With `http`,
//! `challenge::parse` reads `WWW-Authenticate` headers too.
//!
//! | feature | adds |
//! | --- | --- |
//! | `http` | `authorization_header_value()`: the `Authorization` header as an `http::HeaderValue` marked sensitive |
//! | `chrono` | `chrono::DateTime<Utc>` (or any time zone) as a timestamp role, to the nanosecond |
//! | `time` | `time::OffsetDateTime` as a timestamp role, to the nanosecond |
//! | `secrecy` | `secrecy::SecretString` (`SecretBox<str>`) as access token and refresh token: zeroed on drop, and nothing of it in `Debug` |
//! | `cache` | `cache::TokenCache`: one token refreshed once for any number of concurrent callers, on any async runtime (adds `arc-swap`) |
//! | `store` | `store::Coordinator`: a `TokenCache` whose refreshes are coordinated through a store shared by processes and machines (implies `cache`) |
//! | `file-store` | `store::FileStore`: that store on one JSON file, for processes on one machine (adds `fs4`) |
//! | `tracing` | with `cache`: one `tracing` event per refresh start, success, failure, backoff and sign-out, never with a token in it |
//! | `reqwest` | `client::TokenClient`: token requests (grants, client authentication, error responses) over reqwest 0.13, and a ready `TokenCache`; implies `cache` |
//! | `reqwest-middleware` | `middleware::TokenMiddleware`: a fresh token on every request of a reqwest-middleware client, one refresh and one retry after a 401; implies `cache` and `http` |
//! | `tower` | `middleware::TokenLayer`: the same as a tower `Layer` over any `Service<http::Request<B>>`; implies `cache` and `http` |
//!
//! A `chrono` or `time` value that `SystemTime` cannot hold, or past 9999-12-31T23:59:59Z, is
//! unreadable and fails closed, never a panic.
//!
//! # Edge cases, and what was chosen for them
//!
//! - `TokenType::parse` does not trim: `" Bearer"` is `Other(" Bearer")`, which no header
//!   accepts as a scheme.
//! - `#[token(debug)]` prints the marker even when a secret field is `None`, so the output does
//!   not tell whether a refresh token was sent. `#[token(redact)]` without `#[token(debug)]` is a
//!   compile error: another `Debug` would print the field.
//! - A lifetime too large for `Duration` saturates to `Duration::MAX`; its `expires_at` is then
//!   `None` (unknown), so such a token never reports expiry.
//! - A timestamp before anything `SystemTime` holds (a huge negative number) is unreadable, and
//!   fails closed, as one after 9999-12-31T23:59:59Z does. When an input is unreadable the expiry
//!   is `UNIX_EPOCH` itself, even beside a readable expiry before 1970.
//! - A `ReceivedAt` field that serde fills in otherwise (`#[serde(skip)]`,
//!   `#[serde(skip_deserializing)]`) needs no `#[serde(default)]`; the derive reads `#[serde]`
//!   attributes even on a struct that does not derive `Deserialize`, so `#[serde(default)]` is
//!   accepted there too.
//! - `inherit` writes a kept refresh token expiry into an absolute expiry field in the field's
//!   unit (`auto`: seconds, or milliseconds from 100,000,000,000 seconds on), as a numeric string
//!   in a string field; a field type that cannot hold the value exactly (a `u8`, an `f32` past
//!   2^24, a `&str`, a `chrono::DateTime`, which needs a time zone) is left to the lifetime
//!   field, else as it is.
//! - A leap second `:60` is the next second, at any minute.
//! - `inherit` on a `Box<T>` or `&mut T` does nothing (it needs the token's own type); call it on
//!   the token itself.
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

pub use token_response_core::{
    AbsoluteExpiryField, AccessTokenField, DEFAULT_REFRESH_LEEWAY, Delimiter, ErrorCode, ErrorResponse, HeaderError,
    IssueTimeField, Lifetime, LifetimeField, ReceiptTimeField, ReceivedAt, RefreshTokenAbsoluteExpiryField,
    RefreshTokenField, RefreshTokenLifetimeField, ScopeField, Scopes, Timestamp, TokenOrError, TokenResponse,
    TokenType, TokenTypeField, Unit,
};
pub use token_response_core::{ReadError, ReadErrorKind, from_form, from_json, from_json_slice};
pub use token_response_derive::TokenResponse;

#[cfg(feature = "cache")]
pub use token_response_core::cache;
#[cfg(feature = "http")]
pub use token_response_core::challenge;
#[cfg(feature = "reqwest")]
pub use token_response_core::client;
#[cfg(any(feature = "reqwest-middleware", feature = "tower"))]
pub use token_response_core::middleware;
#[cfg(feature = "store")]
pub use token_response_core::store;

/// Not public API: what the derive's generated code refers to.
#[doc(hidden)]
pub mod __private {
    pub use token_response_core::__private::*;
}
