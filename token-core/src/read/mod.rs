//! Reading JSON and form bodies with errors that never quote the input.
//!
//! serde's error messages quote the values they refuse (`invalid type: string "ya29.a0Af...",
//! expected u64`), and errors get logged. [`from_json`] and [`from_json_slice`] call `serde_json`
//! exactly as its own `from_str` and `from_slice` do, and [`from_form`] reads with [`form`], a
//! deserializer that reads what `serde_urlencoded::from_str` reads, with its errors. Each hands the
//! type a wrapper of the format's deserializer ([`wrap`]) whose error type is ours ([`fault`]):
//! every error the type raises is built from what the type names, and an error the
//! format raises itself is read from the format's fixed words ([`message`]). So the same inputs
//! are accepted, into the same values, and every refusal is a [`ReadError`].

mod error;
mod fault;
mod form;
mod message;
mod wrap;

use serde_core::de::{Deserialize, DeserializeSeed};

pub use self::error::{ReadError, ReadErrorKind};
use self::fault::State;
use self::form::Form;
use self::wrap::WrapSeed;

/// Reads a `T` from JSON text, as `serde_json::from_str` does, with an error that never quotes
/// the input.
///
/// It accepts and refuses exactly what `serde_json::from_str::<T>` does, and returns the same
/// value; only the error differs. A [`ReadError`] says what went wrong, at which member (by the
/// names `T` gives its members) and at which line and column, and never holds a value, an unknown
/// member name or an unknown variant of the input.
///
/// Borrowing works as with `serde_json`: a `&'a str` field borrows from `json`, and so fails on a
/// string with an escape (`"1\/\/0g..."`: JSON may write any `/` as `\/`), which must be decoded
/// into new memory. Read such a field as `Cow<'a, str>` with `#[serde(borrow)]`, which borrows
/// when it can and copies when it must.
///
/// ```
/// use std::borrow::Cow;
///
/// use serde::Deserialize;
/// use token_response::{TokenResponse, from_json};
///
/// #[derive(Deserialize, TokenResponse)]
/// struct Google<'a> {
///     #[serde(borrow)]
///     access_token: Cow<'a, str>,
///     expires_in: u64,
///     #[serde(borrow)]
///     refresh_token: Cow<'a, str>,
/// }
///
/// let body = r#"{"access_token": "ya29.a0Af", "expires_in": 3599, "refresh_token": "1\/\/0gLx"}"#;
/// let token: Google<'_> = from_json(body)?;
/// assert!(matches!(token.access_token, Cow::Borrowed(_)));
/// assert_eq!(token.refresh_token(), Some("1//0gLx")); // the escape decoded: copied
///
/// let refused = from_json::<Google<'_>>(r#"{"access_token": "ya29.a0Af", "expires_in": "ya29.a0Af"}"#);
/// let message = refused.err().map(|e| e.to_string());
/// assert_eq!(message.as_deref(), Some("wrong type at `expires_in`: a string, expected u64 (line 1, column 55)"));
/// # Ok::<(), token_response::ReadError>(())
/// ```
///
/// With [`TokenOrError`](crate::TokenOrError), a body that may be a token or an error response:
///
/// ```
/// use serde::Deserialize;
/// use token_response::{ErrorCode, TokenOrError, TokenResponse, from_json};
///
/// #[derive(Deserialize, TokenResponse)]
/// struct Token {
///     access_token: String,
/// }
///
/// let reply: TokenOrError<Token> = from_json(r#"{"error": "invalid_grant"}"#)?;
/// assert_eq!(reply.into_result().err().map(|e| e.error), Some(ErrorCode::InvalidGrant));
/// # Ok::<(), token_response::ReadError>(())
/// ```
pub fn from_json<'a, T: Deserialize<'a>>(json: &'a str) -> Result<T, ReadError> {
    read_json(serde_json::Deserializer::from_str(json))
}

/// Reads a `T` from JSON bytes, as `serde_json::from_slice` does, with an error that never
/// quotes the input: [`from_json`] for a body not yet checked to be UTF-8 (invalid UTF-8 in a
/// string is a [`ReadErrorKind::Syntax`] error).
///
/// ```
/// use serde::Deserialize;
/// use token_response::{ReadErrorKind, TokenResponse, from_json_slice};
///
/// #[derive(Deserialize, TokenResponse)]
/// struct Token {
///     access_token: String,
///     expires_in: u64,
/// }
///
/// let token: Token = from_json_slice(br#"{"access_token": "gho_16C7e42F", "expires_in": 28800}"#)?;
/// assert_eq!(token.expires_in(), Some(std::time::Duration::from_secs(28800)));
///
/// let error = from_json_slice::<Token>(b"{\"access_token\": \"gho_\xff\"}").err().expect("refused");
/// assert_eq!(error.kind(), ReadErrorKind::Syntax);
/// assert!(error.to_string().starts_with("not JSON at `access_token`: invalid UTF-8"));
/// # Ok::<(), token_response::ReadError>(())
/// ```
pub fn from_json_slice<'a, T: Deserialize<'a>>(json: &'a [u8]) -> Result<T, ReadError> {
    read_json(serde_json::Deserializer::from_slice(json))
}

/// Reads a `T` from a form body (`application/x-www-form-urlencoded`, as GitHub answers by
/// default), as `serde_urlencoded::from_str` does, with an error that never quotes the input.
///
/// It accepts and refuses exactly what `serde_urlencoded::from_str::<T>` does: every value is
/// text, and a number or boolean is parsed from it (`expires_in=28800` reads into a `u64`). A form
/// has no lines, so the error has no position.
///
/// ```
/// use serde::Deserialize;
/// use token_response::{TokenOrError, TokenResponse, from_form};
///
/// #[derive(Deserialize, TokenResponse)]
/// struct GitHub {
///     access_token: String,
///     expires_in: Option<u64>,
///     #[token(scope, delimiter = ",")]
///     scope: String,
/// }
///
/// let body = "access_token=gho_16C7e42F292c&expires_in=28800&scope=repo%2Cgist&token_type=bearer";
/// let token = from_form::<TokenOrError<GitHub>>(body)?.into_result()?;
/// assert!(token.has_scopes(&["repo", "gist"]));
///
/// let error = from_form::<GitHub>("access_token=gho_1&scope=&expires_in=gho_16C7e42F292c").err().expect("refused");
/// assert_eq!(error.to_string(), "wrong value at `expires_in`: not an integer");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn from_form<'a, T: Deserialize<'a>>(form: &'a str) -> Result<T, ReadError> {
    let state = State::default();
    let value = WrapSeed::new(std::marker::PhantomData::<T>, &state).deserialize(Form::new(form));
    value.map_err(|error| ReadError::new(state.recover(error).0))
}

/// `serde_json::from_trait`: the value, then nothing but whitespace after it.
fn read_json<'a, R: serde_json::de::Read<'a>, T: Deserialize<'a>>(
    mut deserializer: serde_json::Deserializer<R>,
) -> Result<T, ReadError> {
    let state = State::default();
    let value = WrapSeed::new(std::marker::PhantomData::<T>, &state).deserialize(&mut deserializer);
    let value = value.and_then(|value| deserializer.end().map(|()| value));
    value.map_err(|error| ReadError::new(state.recover(error).0))
}
