//! The token endpoint's answer, read as JSON or as a form by its `Content-Type`.

use reqwest::StatusCode;
use serde_core::de::DeserializeOwned;

use super::Error;
use crate::{ErrorResponse, ReadError, TokenOrError};

/// How a body is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Json,
    Form,
}

/// The body's format: JSON for `application/json` and any `+json` type, a form for
/// `application/x-www-form-urlencoded`; for another or no `Content-Type` (GitHub once sent forms
/// as `text/plain`), JSON when the body starts with `{`, else a form.
fn format(content_type: Option<&str>, body: &[u8]) -> Format {
    let essence = content_type.and_then(|value| value.split(';').next()).map(str::trim).unwrap_or_default();
    let is = |name: &str| essence.eq_ignore_ascii_case(name);
    let ends_json =
        essence.len() >= 5 && essence.get(essence.len() - 5..).is_some_and(|end| end.eq_ignore_ascii_case("+json"));
    if is("application/json") || ends_json {
        Format::Json
    } else if is("application/x-www-form-urlencoded") {
        Format::Form
    } else if body.trim_ascii_start().starts_with(b"{") {
        Format::Json
    } else {
        Format::Form
    }
}

fn parse<X: DeserializeOwned>(format: Format, body: &[u8]) -> Result<X, ReadError> {
    match format {
        Format::Json => crate::from_json_slice(body),
        // A form is ASCII; a stray byte beyond it becomes U+FFFD and fails to read as whatever
        // it was meant to be, never as something else.
        Format::Form => crate::from_form(&String::from_utf8_lossy(body)),
    }
}

/// A token from an answer: a success status with a token body; a success status with an error
/// response (GitHub's 200), or a 4xx with one, is [`Error::Refused`]; anything else is the
/// error of the step that failed.
pub(crate) fn answer<T: DeserializeOwned>(
    status: StatusCode,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<T, Error> {
    let format = format(content_type, body);
    if status.is_success() {
        match parse::<TokenOrError<T>>(format, body) {
            Ok(TokenOrError::Token(token)) => Ok(token),
            Ok(TokenOrError::Error(response)) => Err(Error::Refused { status, code: response.error }),
            Err(error) => Err(Error::Unreadable { status, error }),
        }
    } else if status.is_client_error() {
        match parse::<ErrorResponse>(format, body) {
            Ok(response) => Err(Error::Refused { status, code: response.error }),
            Err(_) => Err(Error::Status(status)),
        }
    } else {
        Err(Error::Status(status))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;
    use crate::ErrorCode;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Tok {
        access_token: String,
        expires_in: u64,
    }

    const JSON: &str = r#"{"access_token":"at","expires_in":3600}"#;
    const FORM: &str = "access_token=at&expires_in=3600";

    #[test]
    fn read_format_by_content_type_then_by_body() {
        assert_eq!(format(Some("application/json; charset=utf-8"), b""), Format::Json);
        assert_eq!(format(Some("Application/JSON"), b""), Format::Json);
        assert_eq!(format(Some("application/problem+json"), b""), Format::Json);
        assert_eq!(format(Some("application/x-www-form-urlencoded; charset=utf-8"), b"{"), Format::Form);
        assert_eq!(format(Some("text/plain"), b" \n{\"a\":1}"), Format::Json);
        assert_eq!(format(None, b"access_token=x"), Format::Form);
        assert_eq!(format(Some("json"), b"a=b"), Format::Form);
    }

    #[test]
    fn read_token_as_json_or_form() {
        let token = Tok { access_token: "at".into(), expires_in: 3600 };
        assert_eq!(answer::<Tok>(StatusCode::OK, Some("application/json"), JSON.as_bytes()).unwrap(), token);
        assert_eq!(
            answer::<Tok>(StatusCode::OK, Some("application/x-www-form-urlencoded"), FORM.as_bytes()).unwrap(),
            token
        );
        assert_eq!(answer::<Tok>(StatusCode::OK, None, FORM.as_bytes()).unwrap(), token);
    }

    #[test]
    fn read_error_responses_with_200_and_4xx() {
        let github = "error=bad_verification_code&error_description=The+code+is+incorrect";
        let error =
            answer::<Tok>(StatusCode::OK, Some("application/x-www-form-urlencoded"), github.as_bytes()).unwrap_err();
        assert!(
            matches!(&error, Error::Refused { status: StatusCode::OK, code: ErrorCode::Other(code) } if code == "bad_verification_code")
        );
        assert!(!error.to_string().contains("incorrect"), "no description: {error}");
        let body = br#"{"error":"invalid_grant","error_description":"rt-secret is spent"}"#;
        let error = answer::<Tok>(StatusCode::BAD_REQUEST, Some("application/json"), body).unwrap_err();
        assert!(matches!(error, Error::Refused { status: StatusCode::BAD_REQUEST, code: ErrorCode::InvalidGrant }));
        assert!(error.is_terminal());
        assert!(!format!("{error:?}").contains("rt-secret"));
    }

    #[test]
    fn read_other_answers_say_which_step_failed() {
        let error =
            answer::<Tok>(StatusCode::SERVICE_UNAVAILABLE, Some("application/json"), JSON.as_bytes()).unwrap_err();
        assert!(matches!(error, Error::Status(StatusCode::SERVICE_UNAVAILABLE)));
        let error = answer::<Tok>(StatusCode::UNAUTHORIZED, Some("text/html"), b"<html>no</html>").unwrap_err();
        assert!(matches!(error, Error::Status(StatusCode::UNAUTHORIZED)));
        let leaky = br#"{"access_token":"secret-at","expires_in":"soon"}"#;
        let error = answer::<Tok>(StatusCode::OK, Some("application/json"), leaky).unwrap_err();
        assert!(matches!(error, Error::Unreadable { status: StatusCode::OK, .. }), "{error:?}");
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains("secret-at") && !text.contains("soon"), "{text}");
        }
    }
}
