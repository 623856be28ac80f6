//! `Authorization` header values, and the guard that keeps a token from smuggling a second header.

use std::error::Error;
use std::fmt;

use crate::TokenType;

/// Why an `Authorization` header could not be built. Messages never contain the token.
///
/// When several apply, [`HeaderError::Empty`] and [`HeaderError::InvalidChar`] are reported
/// first.
///
/// ```
/// use token_response::HeaderError;
///
/// assert_eq!(HeaderError::InvalidChar.to_string(), "access token has a byte outside visible ASCII");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HeaderError {
    /// The access token is empty or absent.
    Empty,
    /// The access token has a byte outside visible ASCII (`0x21..=0x7E`): a space, tab, CR, LF,
    /// NUL, DEL or non-ASCII byte, any of which could split or forge a header.
    InvalidChar,
    /// `bearer_header()` on a token whose `token_type` is present and not bearer (a `DPoP`
    /// token must be sent with its proof, never as `Bearer`).
    NotBearer,
    /// The `token_type` is not an RFC 9110 token (`tchar`s only), so it cannot be a scheme.
    InvalidScheme,
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HeaderError::Empty => "access token is empty",
            HeaderError::InvalidChar => "access token has a byte outside visible ASCII",
            HeaderError::NotBearer => "token type is not bearer",
            HeaderError::InvalidScheme => "token type is not a valid authorization scheme",
        })
    }
}

impl Error for HeaderError {}

/// Checks a token for a header: not empty, every byte visible ASCII.
#[inline]
fn check_token(token: &str) -> Result<(), HeaderError> {
    if token.is_empty() {
        Err(HeaderError::Empty)
    } else if token.bytes().fold(true, |visible, b| visible & matches!(b, 0x21..=0x7E)) {
        // `fold` rather than `all`: no early exit, so the compiler checks 16 or 32 bytes at a time.
        Ok(())
    } else {
        Err(HeaderError::InvalidChar)
    }
}

/// Whether `scheme` is an RFC 9110 `token`: one or more `tchar`s.
fn is_rfc9110_token(scheme: &str) -> bool {
    !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// `"<scheme> <token>"` in one allocation of exactly the needed size.
#[inline]
fn join(scheme: &str, token: &str) -> String {
    let mut header = String::with_capacity(scheme.len().saturating_add(1).saturating_add(token.len()));
    header.push_str(scheme);
    header.push(' ');
    header.push_str(token);
    header
}

/// `"Bearer <token>"`, refusing a token whose type is not bearer.
#[inline]
pub(crate) fn bearer(token_type: TokenType<'_>, token: &str) -> Result<String, HeaderError> {
    check_token(token)?;
    match token_type {
        TokenType::Bearer => Ok(join("Bearer", token)),
        _ => Err(HeaderError::NotBearer),
    }
}

/// `"<scheme> <token>"` with the scheme of `token_type`.
#[inline]
pub(crate) fn authorization(token_type: TokenType<'_>, token: &str) -> Result<String, HeaderError> {
    check_token(token)?;
    let scheme = token_type.scheme();
    if is_rfc9110_token(scheme) { Ok(join(scheme, token)) } else { Err(HeaderError::InvalidScheme) }
}

/// [`authorization`] as a sensitive `http::HeaderValue`.
#[cfg(feature = "http")]
pub(crate) fn authorization_value(token_type: TokenType<'_>, token: &str) -> Result<http::HeaderValue, HeaderError> {
    let text = authorization(token_type, token)?;
    // Every byte was checked above, so this conversion cannot fail; map it anyway, never panic.
    let mut value = http::HeaderValue::try_from(text).map_err(|_| HeaderError::InvalidChar)?;
    value.set_sensitive(true);
    Ok(value)
}
