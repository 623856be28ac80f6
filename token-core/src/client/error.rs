//! Why a token request failed, by step, never quoting a token or a value from the body.

use std::fmt;

use reqwest::StatusCode;

use crate::{ErrorCode, ReadError};

/// Why a token request failed: which step, and for an error response its code.
///
/// Neither `Display` nor `Debug` contains a token, a secret, or a value from the response body
/// other than the error code (`error_description` is left out: servers echo input in it). A
/// transport error carries reqwest's error without its URL.
///
/// [`is_terminal`](Error::is_terminal) tells the errors that no retry can mend; pass it to
/// [`TokenCache::with_terminal`](crate::cache::TokenCache::with_terminal) (as
/// [`TokenClient::cache`](super::TokenClient::cache) does) so that a dead refresh token signs
/// the cache out instead of being tried again.
///
/// ```
/// use token_response::ErrorCode;
/// use token_response::client::Error;
///
/// let error = Error::Refused { status: reqwest::StatusCode::BAD_REQUEST, code: ErrorCode::InvalidGrant };
/// assert!(error.is_terminal());
/// assert_eq!(error.to_string(), "the token endpoint refused the request: invalid_grant (status 400)");
/// assert_eq!(error.code(), Some(&ErrorCode::InvalidGrant));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request was not sent or its answer not received: connection, TLS, timeout, or a body
    /// cut short.
    Transport(reqwest::Error),
    /// The token endpoint's URL is plain `http` to a host that is not loopback: the client's
    /// credentials and tokens are not sent there.
    InsecureUrl,
    /// An answer that is neither a token nor an error response: a 3xx or 5xx, or a 4xx whose
    /// body is not an error response.
    Status(StatusCode),
    /// A success status whose body could not be read as a token or an error response.
    Unreadable {
        /// The status of the answer.
        status: StatusCode,
        /// Why the body could not be read; it never quotes the body.
        error: ReadError,
    },
    /// A body over 1 MiB: no token response is that large.
    TooLarge {
        /// The status of the answer.
        status: StatusCode,
    },
    /// An error response (RFC 6749 section 5.2), with status 200 (as GitHub sends them) or 4xx.
    Refused {
        /// The status of the answer.
        status: StatusCode,
        /// The `error` code.
        code: ErrorCode,
    },
    /// A refresh was asked for a token without a refresh token, and the client does not fall
    /// back to client credentials.
    NoRefreshToken,
}

impl Error {
    /// Whether retrying cannot help: the refresh token or the client's credentials are dead
    /// (`invalid_grant`, `invalid_client`, `unauthorized_client`, `unsupported_grant_type`),
    /// there is no refresh token to use, or the URL is refused.
    ///
    /// ```
    /// use token_response::ErrorCode;
    /// use token_response::client::Error;
    ///
    /// let refused = |code| Error::Refused { status: reqwest::StatusCode::BAD_REQUEST, code };
    /// assert!(refused(ErrorCode::InvalidClient).is_terminal());
    /// assert!(!refused(ErrorCode::InvalidRequest).is_terminal());
    /// assert!(!Error::Status(reqwest::StatusCode::SERVICE_UNAVAILABLE).is_terminal());
    /// ```
    pub fn is_terminal(&self) -> bool {
        match self {
            Error::Refused { code, .. } => matches!(
                code,
                ErrorCode::InvalidGrant
                    | ErrorCode::InvalidClient
                    | ErrorCode::UnauthorizedClient
                    | ErrorCode::UnsupportedGrantType
            ),
            Error::InsecureUrl | Error::NoRefreshToken => true,
            Error::Transport(_) | Error::Status(_) | Error::Unreadable { .. } | Error::TooLarge { .. } => false,
        }
    }

    /// The error response's code, for [`Error::Refused`].
    ///
    /// ```
    /// assert_eq!(token_response::client::Error::NoRefreshToken.code(), None);
    /// ```
    pub fn code(&self) -> Option<&ErrorCode> {
        match self {
            Error::Refused { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The status of the answer, when one was received.
    ///
    /// ```
    /// use token_response::client::Error;
    ///
    /// let status = reqwest::StatusCode::BAD_GATEWAY;
    /// assert_eq!(Error::Status(status).status(), Some(status));
    /// ```
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status(status)
            | Error::Unreadable { status, .. }
            | Error::TooLarge { status }
            | Error::Refused { status, .. } => Some(*status),
            Error::Transport(_) | Error::InsecureUrl | Error::NoRefreshToken => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport(error) => write!(f, "token request failed: {error}"),
            Error::InsecureUrl => f.write_str("token endpoint URL is plain http to a host that is not loopback"),
            Error::Status(status) => {
                write!(f, "token endpoint answered status {} without an error response", status.as_u16())
            }
            Error::Unreadable { status, error } => {
                write!(f, "token endpoint's answer (status {}) is unreadable: {error}", status.as_u16())
            }
            Error::TooLarge { status } => {
                write!(f, "token endpoint's answer (status {}) is over 1 MiB", status.as_u16())
            }
            Error::Refused { status, code } => {
                write!(f, "the token endpoint refused the request: {code} (status {})", status.as_u16())
            }
            Error::NoRefreshToken => f.write_str("the token has no refresh token"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(error) => Some(error),
            Error::Unreadable { error, .. } => Some(error),
            _ => None,
        }
    }
}
