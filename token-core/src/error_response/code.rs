//! `ErrorCode`: the `error` member of an error response, one variant a registered code.

use std::fmt;

use serde_core::de::{self, Deserialize, Deserializer, Visitor};
use serde_core::ser::{Serialize, Serializer};

/// Defines [`ErrorCode`] from one table: each variant with its code as sent.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal,)*) => {
        /// An error code, the `error` member of an [`ErrorResponse`](crate::ErrorResponse).
        ///
        /// The codes of RFC 6749, RFC 8628 (device flow) and RFC 9449 (DPoP) have a variant; any
        /// other code is `Other` with its text as sent. Codes are matched exactly, case included
        /// (`"INVALID_GRANT"` is `Other`). Two codes are equal when their text is:
        /// `ErrorCode::Other("slow_down".into()) == ErrorCode::SlowDown`.
        ///
        /// ```
        /// use token_response::ErrorCode;
        ///
        /// assert_eq!(ErrorCode::from("slow_down"), ErrorCode::SlowDown);
        /// assert_eq!(ErrorCode::from("bad_verification_code").as_str(), "bad_verification_code");
        /// assert_eq!(ErrorCode::UseDpopNonce.to_string(), "use_dpop_nonce");
        /// ```
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
            /// Any other code, as sent (GitHub's `bad_verification_code`, Microsoft's
            /// `interaction_required`, ...).
            Other(String),
        }

        impl ErrorCode {
            /// The code as sent: `"invalid_grant"`, or the `Other` text.
            ///
            /// ```
            /// use token_response::ErrorCode;
            ///
            /// assert_eq!(ErrorCode::InvalidGrant.as_str(), "invalid_grant");
            /// assert_eq!(ErrorCode::Other("server_error".into()).as_str(), "server_error");
            /// ```
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                    ErrorCode::Other(code) => code,
                }
            }

            /// The variant for a known code.
            fn known(code: &str) -> Option<ErrorCode> {
                match code {
                    $($code => Some(ErrorCode::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

error_codes! {
    /// `invalid_request` (RFC 6749): the request is malformed.
    InvalidRequest = "invalid_request",
    /// `invalid_client` (RFC 6749): client authentication failed.
    InvalidClient = "invalid_client",
    /// `invalid_grant` (RFC 6749): the code, refresh token or credentials are invalid,
    /// expired or revoked.
    InvalidGrant = "invalid_grant",
    /// `unauthorized_client` (RFC 6749): the client may not use this grant type.
    UnauthorizedClient = "unauthorized_client",
    /// `unsupported_grant_type` (RFC 6749).
    UnsupportedGrantType = "unsupported_grant_type",
    /// `invalid_scope` (RFC 6749): the requested scope is invalid or too broad.
    InvalidScope = "invalid_scope",
    /// `authorization_pending` (RFC 8628): the user has not finished yet; poll again.
    AuthorizationPending = "authorization_pending",
    /// `slow_down` (RFC 8628): poll again, 5 seconds more apart.
    SlowDown = "slow_down",
    /// `access_denied` (RFC 8628): the user refused.
    AccessDenied = "access_denied",
    /// `expired_token` (RFC 8628): the device code expired; start over.
    ExpiredToken = "expired_token",
    /// `invalid_dpop_proof` (RFC 9449): the DPoP proof is invalid.
    InvalidDpopProof = "invalid_dpop_proof",
    /// `use_dpop_nonce` (RFC 9449): retry with the nonce of the `DPoP-Nonce` header.
    UseDpopNonce = "use_dpop_nonce",
}

impl From<&str> for ErrorCode {
    /// The variant for a known code, else `Other` with a copy of the text.
    fn from(code: &str) -> Self {
        ErrorCode::known(code).unwrap_or_else(|| ErrorCode::Other(code.to_owned()))
    }
}

impl From<String> for ErrorCode {
    /// The variant for a known code, else `Other` holding the string.
    fn from(code: String) -> Self {
        ErrorCode::known(&code).unwrap_or(ErrorCode::Other(code))
    }
}

impl PartialEq for ErrorCode {
    /// Equal when [`ErrorCode::as_str`] is.
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for ErrorCode {}

impl std::hash::Hash for ErrorCode {
    /// Hashes [`ErrorCode::as_str`], consistent with `PartialEq`.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Display for ErrorCode {
    /// Prints [`ErrorCode::as_str`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(CodeVisitor)
    }
}

/// Reads a code from a string.
struct CodeVisitor;

impl Visitor<'_> for CodeVisitor {
    type Value = ErrorCode;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an OAuth 2.0 error code")
    }

    fn visit_str<E: de::Error>(self, code: &str) -> Result<ErrorCode, E> {
        Ok(ErrorCode::from(code))
    }

    fn visit_string<E: de::Error>(self, code: String) -> Result<ErrorCode, E> {
        Ok(ErrorCode::from(code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: [ErrorCode; 12] = [
        ErrorCode::InvalidRequest,
        ErrorCode::InvalidClient,
        ErrorCode::InvalidGrant,
        ErrorCode::UnauthorizedClient,
        ErrorCode::UnsupportedGrantType,
        ErrorCode::InvalidScope,
        ErrorCode::AuthorizationPending,
        ErrorCode::SlowDown,
        ErrorCode::AccessDenied,
        ErrorCode::ExpiredToken,
        ErrorCode::InvalidDpopProof,
        ErrorCode::UseDpopNonce,
    ];

    #[test]
    fn every_known_code_reads_back_as_its_variant() {
        for code in KNOWN {
            let text = code.as_str();
            for read in [ErrorCode::from(text), ErrorCode::from(text.to_owned())] {
                assert!(!matches!(read, ErrorCode::Other(_)), "{text}");
                assert_eq!(read, code);
            }
            let json: ErrorCode = serde_json::from_str(&format!("\"{text}\"")).expect("a code");
            assert_eq!(json.as_str(), text);
        }
    }

    #[test]
    fn other_codes_keep_their_text_and_case() {
        for text in ["bad_verification_code", "INVALID_GRANT", "invalid_grant ", ""] {
            assert_eq!(ErrorCode::from(text), ErrorCode::Other(text.to_owned()));
            assert_eq!(ErrorCode::from(text).as_str(), text);
        }
    }

    #[test]
    fn codes_equal_by_text_hash_alike() {
        use std::collections::HashSet;
        let other = ErrorCode::Other("slow_down".to_owned());
        assert_eq!(other, ErrorCode::SlowDown);
        let set: HashSet<ErrorCode> = [other, ErrorCode::SlowDown].into_iter().collect();
        assert_eq!(set.len(), 1);
    }
}
