//! `TokenOrError`: a token response or an error response, told apart while `T` reads the input.
//!
//! Nothing is buffered. [`TokenOrError::deserialize`] hands `T` a [`Wrap`](wrap::Wrap) of the
//! format's deserializer, whose hook at the top level ([`Top`](top::Top)) notes the error
//! response's members as `T` reads them; the decision comes after `T` returns. `wrap.rs` is the
//! wrapper, `top.rs` the hooks, `raw.rs` serde_json's raw values, and `capture.rs` beside
//! `ErrorResponse` what is noted.

mod raw;
mod top;
mod wrap;

use serde_core::de::{Deserialize, Deserializer};

use crate::ErrorResponse;
use crate::error_response::capture::Capture;
use top::Top;
use wrap::Wrap;

/// A token endpoint's answer: the token `T`, or the error response it sent instead.
///
/// RFC 6749 section 5.2 error responses come with status 400 or 401, but some endpoints send
/// them with status 200 (GitHub, form-encoded), so the body decides. `TokenOrError<T>`
/// deserializes from any self-describing format (JSON with `serde_json`, a form body with
/// `serde_urlencoded`, ...):
///
/// - an input whose top-level `error` member is a string is [`TokenOrError::Error`], whatever
///   else it holds (token fields included) and however `T` reads that member: as a string, an
///   enum, bytes, a raw value (`serde_json::value::RawValue`), or not at all; but see below for
///   a `T` that refuses another member's value first;
/// - with several `error` members, the first that is a string is the code (and so for
///   `error_description` and `error_uri`);
/// - an `error` member that is null counts as absent;
/// - any other input is read as `T` alone reads it: the same inputs accepted and refused,
///   borrowed fields still borrowed, numbers sent as text in a form body still read as numbers,
///   and nothing buffered. `T`'s errors are passed through unchanged (serde's messages may quote
///   values of the input: do not show them to users).
///
/// The `error` member is found while `T` reads the input, so:
///
/// - When `T` fails at a key or between members (`#[serde(deny_unknown_fields)]`, a duplicate
///   field), at the end (a missing field), or at a string or null value (an `error` that is no
///   variant of `T`'s enum), the rest of the map is read to look for `error`. If a string one is
///   there, the answer is the error response; if not, or if the rest cannot be read, `T`'s error
///   is returned, but serde_json then reports it at the position where the reading stopped (the
///   end of the object) rather than at the key.
/// - When `T` refuses any other value of a member before it (a wrong type, a malformed value),
///   the rest cannot be read past it, and `T`'s error is returned.
/// - `T` must read the input as a map (a struct, a map, `Option` or a newtype of one, a
///   flattened or untagged type: `deserialize_any` works). An externally tagged enum's input is
///   not looked into, and nor is anything a map's values hold: only top-level members count.
/// - A top-level `error`, `error_description` or `error_uri` that `T` does not read, or reads
///   as an enum, is read with the format's `deserialize_any` (instead of
///   `deserialize_ignored_any` or `deserialize_enum`), to see whether it is a string; a string is
///   then handed to `T`'s enum as its variant's name, and a map as a variant with its content, as
///   self-describing formats do. For serde_json this differs on a few inputs in such a member,
///   which are then refused (where `T` alone skips them) or refused with other wording: a number
///   beyond `f64`'s range (`1e400`), a string with an escape of a lone surrogate (`"\ud800"`) or
///   invalid UTF-8, a malformed value, and an enum's value that is neither a string nor a map of
///   one member. serde_urlencoded has no such difference but the wording of a refused enum.
///
/// ```
/// use serde::Deserialize;
/// use token_response::{ErrorCode, TokenOrError, TokenResponse};
///
/// #[derive(Deserialize, TokenResponse)]
/// struct Google {
///     access_token: String,
///     expires_in: u64,
/// }
///
/// let body = r#"{"error": "invalid_grant", "error_description": "Bad Request"}"#;
/// let reply: TokenOrError<Google> = serde_json::from_str(body)?;
/// let error = reply.into_result().err().expect("an error response");
/// assert_eq!(error.error, ErrorCode::InvalidGrant);
/// assert_eq!(error.to_string(), "invalid_grant: Bad Request");
///
/// let body = r#"{"access_token": "ya29.a0", "expires_in": 3599, "error": null}"#;
/// let token = serde_json::from_str::<TokenOrError<Google>>(body)?.into_result()?;
/// assert_eq!(token.bearer_header().as_deref(), Ok("Bearer ya29.a0"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// GitHub answers form-encoded by default, errors with status 200:
///
/// ```
/// use std::borrow::Cow;
///
/// use serde::Deserialize;
/// use token_response::{TokenOrError, TokenResponse};
///
/// #[derive(Deserialize, TokenResponse)]
/// struct GitHub<'a> {
///     #[serde(borrow)]
///     access_token: Cow<'a, str>, // borrowed; a `&str` would fail on an encoded value
///     #[serde(borrow)]
///     #[token(scope, delimiter = ",")]
///     scope: Cow<'a, str>, // `repo%2Cgist` is decoded: not borrowed, but a `Cow` takes both
/// }
///
/// let body = "access_token=gho_16C7e42F292c6912E7710c838347Ae178B4a&scope=repo%2Cgist&token_type=bearer";
/// let token = serde_urlencoded::from_str::<TokenOrError<GitHub<'_>>>(body)?.into_result()?;
/// assert_eq!(token.scopes().collect::<Vec<_>>(), ["repo", "gist"]);
///
/// let body = "error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired.";
/// let error = serde_urlencoded::from_str::<TokenOrError<GitHub<'_>>>(body)?.into_result().err();
/// assert_eq!(error.map(|e| e.error.as_str().to_owned()).as_deref(), Some("bad_verification_code"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenOrError<T> {
    /// The input read as `T`.
    Token(T),
    /// The error response: the input had a string `error` member.
    Error(ErrorResponse),
}

impl<T> TokenOrError<T> {
    /// The token as `Ok`, the error response as `Err`, for `?`.
    ///
    /// ```
    /// use token_response::TokenOrError;
    ///
    /// let reply: TokenOrError<std::collections::HashMap<String, String>> =
    ///     serde_json::from_str(r#"{"error": "slow_down"}"#)?;
    /// assert_eq!(reply.into_result().map_err(|e| e.to_string()), Err("slow_down".to_owned()));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn into_result(self) -> Result<T, ErrorResponse> {
        match self {
            TokenOrError::Token(token) => Ok(token),
            TokenOrError::Error(error) => Err(error),
        }
    }
}

impl<T> From<TokenOrError<T>> for Result<T, ErrorResponse> {
    /// [`TokenOrError::into_result`].
    fn from(reply: TokenOrError<T>) -> Self {
        reply.into_result()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for TokenOrError<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut capture = Capture::default();
        let token = T::deserialize(Wrap { inner: deserializer, hook: Top(&mut capture) });
        // A failed `T` leaves the map read to its end only when `Members` could finish it.
        let read_all = token.is_ok() || capture.read_all;
        match capture.into_response() {
            Some(error) if read_all => Ok(TokenOrError::Error(error)),
            _ => token.map(TokenOrError::Token),
        }
    }
}
