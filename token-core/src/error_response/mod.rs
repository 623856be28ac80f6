//! `ErrorResponse` and `ErrorCode`: the error a token endpoint answers instead of a token
//! (RFC 6749 section 5.2), and [`TokenOrError`], which tells the two apart.

mod capture;
mod code;
mod token_or_error;

use std::fmt;

use serde_core::de::{self, Deserialize, Deserializer, Visitor};
use serde_core::ser::{Serialize, SerializeStruct, Serializer};

use capture::{Member, read_error_response};
pub use code::ErrorCode;
pub use token_or_error::TokenOrError;

/// The error response of a token endpoint (RFC 6749 section 5.2): a code, and optionally a
/// description and a link for the developer.
///
/// It deserializes from a map with a string `error` member; `error_description` and
/// `error_uri` are read when they are strings and are `None` when absent, null or of another
/// type; every other member is ignored (Microsoft's `error_codes`, `trace_id`, ...). A missing
/// or null `error` is a "missing field `error`" error, and an `error` of another type is an
/// error too; neither message quotes the input. With more than one `error` (or description, or
/// uri) member, the first that is a string counts. It serializes back to the same members,
/// leaving out the absent ones.
///
/// `Display` prints the code, then `": "` and the description when there is one:
/// `invalid_grant: Token has been expired or revoked.` The `error_uri` is not printed.
///
/// Use [`TokenOrError`](crate::TokenOrError) to read a body that may be a token or an error.
///
/// ```
/// use token_response::{ErrorCode, ErrorResponse};
///
/// let body = r#"{
///   "error": "invalid_grant",
///   "error_description": "Token has been expired or revoked."
/// }"#;
/// let error: ErrorResponse = serde_json::from_str(body)?;
/// assert_eq!(error.error, ErrorCode::InvalidGrant);
/// assert_eq!(error.error_uri, None);
/// assert_eq!(error.to_string(), "invalid_grant: Token has been expired or revoked.");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ErrorResponse {
    /// The error code, `error`.
    pub error: ErrorCode,
    /// `error_description`: text for the developer, not for the user.
    pub error_description: Option<String>,
    /// `error_uri`: a page about the error, as sent (it may be relative, as GitHub's are).
    pub error_uri: Option<String>,
}

impl fmt::Display for ErrorResponse {
    /// The code, then `": "` and the description when present.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.error.as_str())?;
        match &self.error_description {
            Some(description) => write!(f, ": {description}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for ErrorResponse {}

impl Serialize for ErrorResponse {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let optional = [(Member::Description, &self.error_description), (Member::Uri, &self.error_uri)];
        let len = 1 + optional.iter().filter(|(_, value)| value.is_some()).count();
        let mut map = serializer.serialize_struct("ErrorResponse", len)?;
        map.serialize_field(Member::Error.name(), &self.error)?;
        for (member, value) in optional {
            match value {
                Some(text) => map.serialize_field(member.name(), text)?,
                None => map.skip_field(member.name())?,
            }
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for ErrorResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("ErrorResponse", &Member::NAMES, ErrorResponseVisitor)
    }
}

/// Reads the members of an error response.
struct ErrorResponseVisitor;

impl<'de> Visitor<'de> for ErrorResponseVisitor {
    type Value = ErrorResponse;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an OAuth 2.0 error response")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<ErrorResponse, A::Error> {
        read_error_response(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_code_then_description() {
        let mut error =
            ErrorResponse { error: ErrorCode::InvalidGrant, error_description: None, error_uri: Some("u".into()) };
        assert_eq!(error.to_string(), "invalid_grant");
        error.error_description = Some("Bad Request".into());
        assert_eq!(error.to_string(), "invalid_grant: Bad Request");
    }

    #[test]
    fn serializes_the_present_members_and_reads_them_back() {
        let error = ErrorResponse {
            error: ErrorCode::Other("bad_verification_code".into()),
            error_description: Some("The code passed is incorrect or expired.".into()),
            error_uri: None,
        };
        let json = serde_json::to_string(&error).expect("serializable");
        assert_eq!(
            json,
            r#"{"error":"bad_verification_code","error_description":"The code passed is incorrect or expired."}"#
        );
        assert_eq!(serde_json::from_str::<ErrorResponse>(&json).expect("readable"), error);
    }

    #[test]
    fn reads_leniently_but_needs_a_string_code() {
        let read = |json: &str| serde_json::from_str::<ErrorResponse>(json).map_err(|e| e.to_string());
        let error = read(r#"{"error_uri": 5, "error": "x", "error_description": null, "error_codes": [1]}"#);
        assert_eq!(
            error,
            Ok(ErrorResponse { error: ErrorCode::Other("x".into()), error_description: None, error_uri: None })
        );
        assert_eq!(read(r#"{"error": "a", "error": "b"}"#).map(|e| e.error), Ok(ErrorCode::Other("a".into())));
        assert_eq!(
            read(r#"{"error": 1, "error": null, "error": "b"}"#).map(|e| e.error),
            Ok(ErrorCode::Other("b".into()))
        );
        assert_eq!(read(r#"{"error_description": "d"}"#), Err("missing field `error` at line 1 column 26".into()));
        assert_eq!(read(r#"{"error": null}"#), Err("missing field `error` at line 1 column 15".into()));
        let secret = read(r#"{"error": 123456789}"#).expect_err("a number is no code");
        assert!(!secret.contains("123456789"), "{secret}");
        let secret = read(r#"{"error": ["ya29.secret"]}"#).expect_err("a list is no code");
        assert!(!secret.contains("ya29"), "{secret}");
    }
}
