//! `TokenOrError<T>`: error responses as providers document them (`tests/fixtures/errors/`,
//! sources in `SOURCES.md`), JSON and form bodies, owned and borrowed `T`, and that any input
//! without a string `error` member reads exactly as `T` reads it alone.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Debug;

use serde::Deserialize;
use token_response::{ErrorCode, ErrorResponse, TokenOrError, TokenResponse};

// ---------------------------------------------------------------------------------------------
// The token types.

/// RFC 6749 section 5.1, owning its strings.
#[derive(Debug, PartialEq, Deserialize, TokenResponse)]
struct Standard {
    access_token: String,
    token_type: Option<String>,
    expires_in: Option<u64>,
    refresh_token: Option<String>,
    scope: Option<String>,
}

/// The same, borrowing from the body.
#[derive(Debug, PartialEq, Deserialize, TokenResponse)]
struct Borrowed<'a> {
    #[serde(borrow)]
    access_token: Cow<'a, str>,
    token_type: Option<&'a str>,
    expires_in: Option<u64>,
    #[serde(borrow)]
    scope: Option<Cow<'a, str>>,
}

/// Refuses any member it does not know.
#[derive(Debug, PartialEq, Deserialize, TokenResponse)]
#[serde(deny_unknown_fields)]
struct Strict {
    access_token: String,
    token_type: String,
    expires_in: u64,
}

/// Reads `error` itself.
#[derive(Debug, PartialEq, Deserialize, TokenResponse)]
struct OwnError {
    access_token: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// Keeps every other member (serde reads it with `deserialize_map` and buffers values).
#[derive(Debug, PartialEq, Deserialize, TokenResponse)]
struct Flattened {
    access_token: String,
    #[serde(flatten)]
    extra: HashMap<String, serde_json::Value>,
}

/// A newtype of a token.
#[derive(Debug, PartialEq, Deserialize)]
struct Newtype(Standard);

/// Untagged: serde buffers the input and tries each variant.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(untagged)]
enum Either {
    Token(Standard),
    Anything(serde_json::Value),
}

/// GitHub's form body.
#[derive(Debug, PartialEq, Deserialize, TokenResponse)]
struct GitHub<'a> {
    #[serde(borrow)]
    access_token: Cow<'a, str>,
    token_type: &'a str,
    #[token(scope, delimiter = ",")]
    scope: String,
    expires_in: Option<u64>,
}

fn json<'a, T: Deserialize<'a>>(body: &'a str) -> Result<TokenOrError<T>, String> {
    serde_json::from_str(body).map_err(|e| e.to_string())
}

fn form<'a, T: Deserialize<'a>>(body: &'a str) -> Result<TokenOrError<T>, String> {
    serde_urlencoded::from_str(body).map_err(|e| e.to_string())
}

/// The error response, or a panic naming what was read instead.
fn error<T: Debug>(reply: Result<TokenOrError<T>, String>) -> ErrorResponse {
    match reply {
        Ok(TokenOrError::Error(error)) => error,
        other => panic!("not an error response: {other:?}"),
    }
}

/// The token, or a panic naming what was read instead.
fn token<T: Debug>(reply: Result<TokenOrError<T>, String>) -> T {
    match reply {
        Ok(TokenOrError::Token(token)) => token,
        other => panic!("not a token: {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Documented error responses.

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/errors");

/// Each fixture: its file, then the code, description and uri it must read as.
const DOCUMENTED: &[(&str, &str, Option<&str>, Option<&str>)] = &[
    (
        "auth0-slow-down.json",
        "slow_down",
        Some("You are polling faster than the specified interval of 5 seconds."),
        None,
    ),
    (
        "github-bad-verification-code.form",
        "bad_verification_code",
        Some("The code passed is incorrect or expired."),
        Some("/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code"),
    ),
    (
        "github-bad-verification-code.json",
        "bad_verification_code",
        Some("The code passed is incorrect or expired."),
        Some("/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code"),
    ),
    ("google-invalid-grant.json", "invalid_grant", Some("Token has been expired or revoked."), None),
    (
        "microsoft-aadsts70011.json",
        "invalid_scope",
        Some(
            "AADSTS70011: The provided value for the input parameter 'scope' isn't valid. The scope \
             https://example.contoso.com/activity.read isn't valid.\r\nTrace ID: \
             255d1aef-8c98-452f-ac51-23d051240864\r\nCorrelation ID: fb3d2015-bc17-4bb9-bb85-30c5cf1aaaa7\r\n\
             Timestamp: 2016-01-09 02:02:12Z",
        ),
        Some("https://login.microsoftonline.com/error?code=70011"),
    ),
    (
        "okta-authorization-pending.json",
        "authorization_pending",
        Some("The device authorization is pending. Please try again later."),
        None,
    ),
    ("rfc9449-use-dpop-nonce.json", "use_dpop_nonce", Some("Authorization server requires nonce in DPoP proof"), None),
];

fn fixture(file: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{file}")).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Every way a user might read `body`: owned, borrowed, strict, with its own `error` field,
/// flattened, as a newtype, optional, untagged, as a map.
fn every_reading(file: &str, body: &str) -> Vec<ErrorResponse> {
    if file.ends_with(".form") {
        vec![
            error(form::<Standard>(body)),
            error(form::<GitHub<'_>>(body)),
            error(form::<Strict>(body)),
            error(form::<OwnError>(body)),
            error(form::<HashMap<String, String>>(body)),
        ]
    } else {
        vec![
            error(json::<Standard>(body)),
            error(json::<Borrowed<'_>>(body)),
            error(json::<Strict>(body)),
            error(json::<OwnError>(body)),
            error(json::<Flattened>(body)),
            error(json::<Newtype>(body)),
            error(json::<Option<Standard>>(body)),
            error(json::<Either>(body)),
            error(json::<serde_json::Value>(body)),
        ]
    }
}

#[test]
fn documented_error_responses_read_with_code_description_and_uri() {
    for &(file, code, description, uri) in DOCUMENTED {
        let body = fixture(file);
        for read in every_reading(file, &body) {
            assert_eq!(read.error.as_str(), code, "{file}");
            assert_eq!(read.error_description.as_deref(), description, "{file}");
            assert_eq!(read.error_uri.as_deref(), uri, "{file}");
        }
        // `ErrorResponse` alone reads them the same.
        let alone: ErrorResponse = if file.ends_with(".form") {
            serde_urlencoded::from_str(&body).expect(file)
        } else {
            serde_json::from_str(&body).expect(file)
        };
        assert_eq!(alone, every_reading(file, &body)[0], "{file}");
    }
}

#[test]
fn documented_codes_have_their_variants() {
    let code = |file: &str| error(json::<Standard>(&fixture(file))).error;
    assert_eq!(code("google-invalid-grant.json"), ErrorCode::InvalidGrant);
    assert_eq!(code("microsoft-aadsts70011.json"), ErrorCode::InvalidScope);
    assert_eq!(code("okta-authorization-pending.json"), ErrorCode::AuthorizationPending);
    assert_eq!(code("auth0-slow-down.json"), ErrorCode::SlowDown);
    assert_eq!(code("rfc9449-use-dpop-nonce.json"), ErrorCode::UseDpopNonce);
    assert_eq!(code("github-bad-verification-code.json"), ErrorCode::Other("bad_verification_code".into()));
    let google = error(json::<Standard>(&fixture("google-invalid-grant.json")));
    assert_eq!(google.to_string(), "invalid_grant: Token has been expired or revoked.");
}

#[test]
fn every_error_fixture_is_tested_and_sourced() {
    let sources = fixture("SOURCES.md");
    let mut found: Vec<String> = std::fs::read_dir(FIXTURES)
        .expect("the fixtures")
        .map(|entry| entry.expect("an entry").file_name().into_string().expect("a UTF-8 name"))
        .filter(|file| file != "SOURCES.md")
        .collect();
    found.sort();
    let tested: Vec<&str> = DOCUMENTED.iter().map(|(file, ..)| *file).collect();
    assert_eq!(found, tested, "a fixture without a test, or a test without a fixture");
    assert!(found.len() >= 6);
    for file in &found {
        assert!(sources.contains(&format!("| `{file}` |")), "{file} is not in SOURCES.md");
    }
}

// ---------------------------------------------------------------------------------------------
// JSON and form bodies.

#[test]
fn a_string_error_wins_over_token_fields() {
    let body = r#"{"access_token": "ya29.a0", "token_type": "Bearer", "expires_in": 3599, "error": "invalid_grant"}"#;
    assert_eq!(error(json::<Standard>(body)).error, ErrorCode::InvalidGrant);
    assert_eq!(error(json::<Borrowed<'_>>(body)).error, ErrorCode::InvalidGrant);
    assert_eq!(error(json::<Strict>(body)).error, ErrorCode::InvalidGrant);
    assert_eq!(error(json::<OwnError>(body)).error, ErrorCode::InvalidGrant);
    assert_eq!(error(json::<Flattened>(body)).error, ErrorCode::InvalidGrant);
    let body = "access_token=gho_16C7e42F&scope=repo&token_type=bearer&error=bad_verification_code";
    assert_eq!(error(form::<GitHub<'_>>(body)).error.as_str(), "bad_verification_code");
    assert_eq!(error(form::<Strict>(body)).error.as_str(), "bad_verification_code");
    // An empty code is still a string.
    assert_eq!(error(form::<GitHub<'_>>("access_token=a&scope=&token_type=bearer&error=")).error.as_str(), "");
}

#[test]
fn a_null_error_reads_as_the_token() {
    let body = r#"{"access_token": "ya29.a0", "error": null, "error_description": "ignored"}"#;
    assert_eq!(token(json::<Standard>(body)).access_token, "ya29.a0");
    assert_eq!(token(json::<Borrowed<'_>>(body)).access_token, "ya29.a0");
    let own = token(json::<OwnError>(body));
    assert_eq!((own.error, own.error_description.as_deref()), (None, Some("ignored")));
    let flattened = token(json::<Flattened>(body));
    assert_eq!(flattened.extra.get("error"), Some(&serde_json::Value::Null));
    // The first string `error` counts; a null one before or after it is no code.
    assert_eq!(error(json::<Standard>(r#"{"access_token": "a", "error": "x", "error": null}"#)).error.as_str(), "x");
    let duplicated = r#"{"access_token": "a", "error": null, "error": "x"}"#;
    assert_eq!(error(json::<Standard>(duplicated)).error.as_str(), "x");
}

/// The `error` member read by `T` as an enum, bytes, a raw value, a string, or not at all.
// The fields are compared through `Debug`, which counts as not reading them.
#[allow(dead_code)]
mod readers {
    use serde::Deserialize;
    use serde_json::value::RawValue;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Code {
        InvalidGrant,
        SlowDown,
    }

    #[derive(Debug, Deserialize)]
    pub struct AsEnum {
        pub access_token: Option<String>,
        pub error: Option<Code>,
    }

    #[derive(Debug, Deserialize)]
    pub struct AsBytes {
        pub access_token: Option<String>,
        #[serde(with = "serde_bytes_like")]
        pub error: Option<Vec<u8>>,
    }

    #[derive(Debug, Deserialize)]
    pub struct AsRaw<'a> {
        pub access_token: Option<String>,
        #[serde(borrow)]
        pub error: Option<&'a RawValue>,
    }

    #[derive(Debug, Deserialize)]
    pub struct AsOwnedRaw {
        pub access_token: Option<String>,
        pub error: Option<Box<RawValue>>,
    }

    #[derive(Debug, Deserialize)]
    pub struct AsString {
        pub access_token: Option<String>,
        pub error: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    pub struct NotAtAll {
        pub access_token: Option<String>,
    }

    /// Reads an `Option<Vec<u8>>` with `deserialize_bytes`, as `serde_bytes` does.
    mod serde_bytes_like {
        use std::fmt;

        use serde::Deserializer;
        use serde::de::{Error, Visitor};

        struct Bytes;

        impl Visitor<'_> for Bytes {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
            d.deserialize_bytes(Bytes).map(Some)
        }
    }
}

#[test]
fn a_string_error_is_an_error_response_however_t_reads_it() {
    use readers::*;
    for body in [
        r#"{"error": "invalid_grant"}"#,
        r#"{"access_token": "ya29.a0", "error": "invalid_grant", "error_description": "Bad Request"}"#,
        r#"{"error_description": "Bad Request", "error": "invalid_grant", "access_token": "ya29.a0"}"#,
        r#"{"error": "invalid\u005fgrant"}"#,
    ] {
        assert_eq!(error(json::<AsEnum>(body)).error, ErrorCode::InvalidGrant, "{body}");
        assert_eq!(error(json::<AsBytes>(body)).error, ErrorCode::InvalidGrant, "{body}");
        assert_eq!(error(json::<AsRaw<'_>>(body)).error, ErrorCode::InvalidGrant, "{body}");
        assert_eq!(error(json::<AsOwnedRaw>(body)).error, ErrorCode::InvalidGrant, "{body}");
        assert_eq!(error(json::<AsString>(body)).error, ErrorCode::InvalidGrant, "{body}");
        assert_eq!(error(json::<NotAtAll>(body)).error, ErrorCode::InvalidGrant, "{body}");
    }
    // A code `T`'s enum does not know, which `T` alone refuses: still the error response, and
    // the rest of the object is read for its description.
    let body = r#"{"error": "access_denied", "error_description": "no", "access_token": "a"}"#;
    assert!(serde_json::from_str::<AsEnum>(body).is_err());
    let read = error(json::<AsEnum>(body));
    assert_eq!((read.error, read.error_description.as_deref()), (ErrorCode::AccessDenied, Some("no")));
    // A form body: every value is a string.
    assert_eq!(error(form::<AsEnum>("error=slow_down")).error, ErrorCode::SlowDown);
    assert_eq!(error(form::<AsEnum>("error=expired_token")).error, ErrorCode::ExpiredToken);
    assert_eq!(error(form::<AsBytes>("access_token=a&error=slow_down")).error, ErrorCode::SlowDown);
}

/// Found by the `token_or_error` fuzz target: a JSON string with invalid UTF-8 is still a string,
/// which a `T` reading bytes takes; the code is its text, lossily.
#[test]
fn a_string_error_with_invalid_utf8_read_as_bytes_is_an_error_response() {
    let body = b"{\"access_token\": \"a\", \"error\": \"invalid_gra\xf0t\", \"error\": null}";
    assert!(serde_json::from_slice::<readers::AsBytes>(body).is_err(), "a duplicate field alone");
    let reply = serde_json::from_slice::<TokenOrError<readers::AsBytes>>(body).map_err(|e| e.to_string());
    assert_eq!(error(reply).error.as_str(), "invalid_gra\u{fffd}t");
    // A reader of strings refuses it, alone and through `TokenOrError`.
    assert!(serde_json::from_slice::<TokenOrError<readers::AsString>>(body).is_err());
}

#[test]
fn an_error_that_is_no_string_reads_as_t_alone_whatever_the_reader() {
    use readers::*;
    for body in [
        r#"{"access_token": "a"}"#,
        r#"{"access_token": "a", "error": null}"#,
        r#"{"access_token": "a", "error": 5}"#,
        r#"{"access_token": "a", "error": ["invalid_grant"]}"#,
        r#"{"access_token": "a", "error": {"invalid_grant": null}}"#,
        r#"{"access_token": "a", "error": {"slow_down": null, "x": 1}}"#,
        r#"{"access_token": "a", "error": {}}"#,
    ] {
        macro_rules! agree {
            ($($t:ty),*) => {$(
                let alone = serde_json::from_str::<$t>(body).map(|t| format!("{t:?}")).map_err(|_| ());
                let through = json::<$t>(body).map(|reply| match reply {
                    TokenOrError::Token(t) => format!("{t:?}"),
                    TokenOrError::Error(e) => panic!("{body}: an error response {e:?}"),
                });
                assert_eq!(through.map_err(|_| ()), alone, "{} {body}", stringify!($t));
            )*};
        }
        agree!(AsEnum, AsBytes, AsRaw<'_>, AsOwnedRaw, AsString, NotAtAll);
    }
}

#[test]
fn the_first_string_error_of_several_counts() {
    use readers::*;
    for body in [
        r#"{"error": "slow_down", "error": "invalid_grant"}"#,
        r#"{"error": null, "error": "slow_down", "error": "invalid_grant"}"#,
        r#"{"error": 1, "error": "slow_down", "error": null}"#,
        r#"{"error": ["x"], "access_token": "a", "error": "slow_down"}"#,
    ] {
        // `T` refuses a duplicate field it reads, and skips one it does not: the same answer.
        assert_eq!(error(json::<NotAtAll>(body)).error, ErrorCode::SlowDown, "{body}");
        assert_eq!(error(json::<HashMap<String, serde_json::Value>>(body)).error, ErrorCode::SlowDown, "{body}");
        assert_eq!(error(json::<Standard>(body)).error, ErrorCode::SlowDown, "{body}");
    }
    let body = r#"{"error": "slow_down", "error": "invalid_grant"}"#;
    assert_eq!(error(json::<AsString>(body)).error, ErrorCode::SlowDown);
    assert_eq!(error(json::<AsEnum>(body)).error, ErrorCode::SlowDown);
    assert_eq!(
        error(form::<HashMap<String, String>>("error=slow_down&error=invalid_grant")).error,
        ErrorCode::SlowDown
    );
    // And so for `ErrorResponse` read alone.
    let read: ErrorResponse = serde_json::from_str(r#"{"error": null, "error": "slow_down", "error": "x"}"#).unwrap();
    assert_eq!(read.error, ErrorCode::SlowDown);
}

#[test]
fn an_error_of_another_type_reads_as_the_token() {
    for value in ["5", "true", "[\"invalid_grant\"]", "{\"error\": \"invalid_grant\"}"] {
        let body = format!(r#"{{"access_token": "a", "error": {value}, "error_description": "d"}}"#);
        assert_eq!(token(json::<Standard>(&body)).access_token, "a", "{body}");
        assert_eq!(token(json::<Flattened>(&body)).access_token, "a", "{body}");
        // `T`'s own `error: Option<String>` refuses it, as it does alone.
        let alone = serde_json::from_str::<OwnError>(&body).map_err(|e| e.to_string());
        assert!(alone.is_err());
        assert_eq!(json::<OwnError>(&body).map(|_| ()), alone.map(|_| ()), "{body}");
    }
}

#[test]
fn a_strict_token_type_still_sees_error_responses() {
    // `T` refuses the input at `error`, at `error_codes` before it, or at `error_description`
    // after all its fields: the rest is read and the error response found.
    for body in [
        r#"{"error": "invalid_client", "error_description": "AADSTS7000215"}"#,
        r#"{"error_codes": [7000215], "error": "invalid_client", "error_description": "AADSTS7000215"}"#,
        r#"{"access_token": "a", "token_type": "Bearer", "expires_in": 1, "error_description": "AADSTS7000215", "error": "invalid_client"}"#,
    ] {
        let read = error(json::<Strict>(body));
        assert_eq!((read.error, read.error_description.as_deref()), (ErrorCode::InvalidClient, Some("AADSTS7000215")));
    }
    // A token still reads, and an unknown member is still refused, with the same message.
    let body = r#"{"access_token": "a", "token_type": "Bearer", "expires_in": 1}"#;
    assert_eq!(token(json::<Strict>(body)).expires_in, 1);
    let body = r#"{"access_token": "a", "token_type": "Bearer", "scope": "x", "expires_in": 1}"#;
    let alone = serde_json::from_str::<Strict>(body).map(|_| ()).map_err(|e| e.to_string());
    let wrapped = json::<Strict>(body).map(|_| ());
    assert_eq!(
        alone,
        Err("unknown field `scope`, expected one of `access_token`, `token_type`, `expires_in` at line 1 column 53"
            .into())
    );
    // The documented difference: the rest of the object was read, looking for `error`.
    assert_eq!(
        wrapped,
        Err("unknown field `scope`, expected one of `access_token`, `token_type`, `expires_in` at line 1 column 76"
            .into())
    );
}

#[test]
fn a_token_type_with_its_own_error_field() {
    let body = r#"{"access_token": "a", "error_description": "d"}"#;
    let own = token(json::<OwnError>(body));
    assert_eq!(
        (own.access_token.as_deref(), own.error, own.error_description.as_deref()),
        (Some("a"), None, Some("d"))
    );
    let body = r#"{"error": "access_denied", "error_description": "d"}"#;
    let read = error(json::<OwnError>(body));
    assert_eq!((read.error, read.error_description.as_deref()), (ErrorCode::AccessDenied, Some("d")));
    assert_eq!(error(form::<OwnError>("error=access_denied&error_description=d")).error, ErrorCode::AccessDenied);
}

#[test]
fn flattened_and_buffering_token_types() {
    let body = r#"{"access_token": "a", "ext_expires_in": 3599, "error_uri": null}"#;
    let flattened = token(json::<Flattened>(body));
    assert_eq!(flattened.extra.len(), 2);
    assert_eq!(token(json::<Either>(body)), serde_json::from_str::<Either>(body).expect("JSON"));
    assert_eq!(token(json::<Either>("[1]")), Either::Anything(serde_json::json!([1])));
    let body = r#"{"error": "invalid_request", "error_uri": "https://example.com/e"}"#;
    assert_eq!(error(json::<Flattened>(body)).error_uri.as_deref(), Some("https://example.com/e"));
    assert_eq!(error(json::<Either>(body)).error, ErrorCode::InvalidRequest);
    assert_eq!(error(json::<HashMap<String, serde_json::Value>>(body)).error, ErrorCode::InvalidRequest);
}

#[test]
fn options_and_newtypes_are_looked_through() {
    assert_eq!(token(json::<Option<Standard>>("null")), None);
    let body = r#"{"access_token": "a"}"#;
    assert_eq!(token(json::<Option<Newtype>>(body)).map(|t| t.0.access_token), Some("a".to_owned()));
    assert_eq!(error(json::<Option<Newtype>>(r#"{"error": "slow_down"}"#)).error, ErrorCode::SlowDown);
    assert_eq!(error(json::<Box<Standard>>(r#"{"error": "slow_down"}"#)).error, ErrorCode::SlowDown);
}

#[test]
fn only_top_level_members_count() {
    let body = r#"{"access_token": "a", "scope": "x", "nested": {"error": "invalid_grant"}, "list": [{"error": "x"}]}"#;
    assert_eq!(token(json::<Standard>(body)).access_token, "a");
    assert_eq!(token(json::<Flattened>(body)).extra.len(), 3);
}

#[test]
fn borrowed_fields_stay_borrowed() {
    let body = r#"{"access_token": "ya29.a0", "token_type": "Bearer", "scope": "email", "error": null}"#;
    let read = token(json::<Borrowed<'_>>(body));
    assert!(matches!(read.access_token, Cow::Borrowed("ya29.a0")));
    // As alone: serde never borrows into an `Option<Cow>`.
    assert!(matches!(read.scope, Some(Cow::Owned(_))));
    assert!(matches!(serde_json::from_str::<Borrowed<'_>>(body).map(|t| t.scope), Ok(Some(Cow::Owned(_)))));
    assert_eq!(read.token_type, Some("Bearer"));
    let body = "access_token=gho_16C7e42F292c6912E7710c838347Ae178B4a&scope=repo%2Cgist&token_type=bearer";
    let read = token(form::<GitHub<'_>>(body));
    assert!(matches!(read.access_token, Cow::Borrowed("gho_16C7e42F292c6912E7710c838347Ae178B4a")));
    assert_eq!(read.scopes().collect::<Vec<_>>(), ["repo", "gist"]);
}

#[test]
fn numbers_as_text_in_a_form_still_read_as_numbers() {
    let body = "access_token=a&token_type=bearer&scope=&expires_in=28800";
    assert_eq!(token(form::<GitHub<'_>>(body)).expires_in, Some(28800));
    let refused = "access_token=a&token_type=bearer&scope=&expires_in=soon";
    let alone = serde_urlencoded::from_str::<GitHub<'_>>(refused).map(|_| ()).map_err(|e| e.to_string());
    assert!(alone.is_err());
    assert_eq!(form::<GitHub<'_>>(refused).map(|_| ()), alone);
}

#[test]
fn a_quoted_number_in_json_is_still_no_u64() {
    let body = r#"{"access_token": "a", "expires_in": "3600"}"#;
    let alone = serde_json::from_str::<Standard>(body).map(|_| ()).map_err(|e| e.to_string());
    assert_eq!(alone, Err("invalid type: string \"3600\", expected u64 at line 1 column 42".into()));
    assert_eq!(json::<Standard>(body).map(|_| ()), alone);
}

#[test]
fn a_refused_value_stops_the_reading_even_after_a_string_error() {
    // Documented: `T`'s error stands, since the input cannot be read past a value `T` refused.
    let body = r#"{"error": "invalid_grant", "expires_in": "soon"}"#;
    let alone = serde_json::from_str::<Standard>(body).map(|_| ()).map_err(|e| e.to_string());
    assert_eq!(json::<Standard>(body).map(|_| ()), alone);
    assert!(alone.is_err());
}

#[test]
fn an_error_member_t_skips_is_read_with_deserialize_any() {
    // Documented: serde_json's `deserialize_any` refuses numbers beyond f64 that
    // `deserialize_ignored_any` skips, so such an `error` member is refused.
    let body = r#"{"access_token": "a", "error": 1e400}"#;
    assert!(serde_json::from_str::<Standard>(body).is_ok());
    assert_eq!(json::<Standard>(body).map(|_| ()), Err("number out of range at line 1 column 36".into()));
    // Elsewhere, the number is skipped as `T` skips it.
    assert_eq!(token(json::<Standard>(r#"{"access_token": "a", "other": 1e400}"#)).access_token, "a");
    // A form body has no such difference.
    assert_eq!(error(form::<HashMap<String, String>>("error=1e400")).error.as_str(), "1e400");
}

#[test]
fn the_error_response_is_ready_for_question_mark() {
    fn fetch(body: &str) -> Result<String, Box<dyn std::error::Error>> {
        let reply: TokenOrError<Standard> = serde_json::from_str(body)?;
        Ok(reply.into_result()?.access_token)
    }
    assert_eq!(fetch(r#"{"access_token": "a"}"#).ok().as_deref(), Some("a"));
    let refused = fetch(r#"{"error": "invalid_client", "error_description": "Client authentication failed."}"#);
    assert_eq!(refused.map_err(|e| e.to_string()), Err("invalid_client: Client authentication failed.".into()));
}

// ---------------------------------------------------------------------------------------------
// Equivalence: without a string `error`, `TokenOrError<T>` reads as `T`.

/// JSON inputs without a string top-level `error`: tokens, near-misses and malformed input.
const JSON_CORPUS: &[&str] = &[
    r#"{"access_token": "a", "token_type": "Bearer", "expires_in": 3600}"#,
    r#"{"access_token": "a", "token_type": "Bearer", "expires_in": 3600, "scope": "x y", "refresh_token": "r"}"#,
    r#"{"token_type": "Bearer", "expires_in": 1, "access_token": "a", "extra": {"error": "nested"}, "list": [1, 2]}"#,
    r#"{"access_token": "a", "error": null}"#,
    r#"{"access_token": "a", "error": 5}"#,
    r#"{"access_token": "a", "error": -0.5e3}"#,
    r#"{"access_token": "a", "error": false}"#,
    r#"{"access_token": "a", "error": {"error": "x"}}"#,
    r#"{"access_token": "a", "error": ["invalid_grant"]}"#,
    r#"{"access_token": "a", "error_description": "d", "error_uri": 7}"#,
    r#"{"error_description": "only a description"}"#,
    r#"{"access_token": "a\u0041", "token_type": "Bear\ner"}"#,
    r#"{"access_token": "a", "expires_in": "3600"}"#,
    r#"{"access_token": "a", "expires_in": 3600.0}"#,
    r#"{"access_token": "a", "expires_in": -1}"#,
    r#"{"access_token": "a", "expires_in": 18446744073709551616}"#,
    r#"{"access_token": "a", "expires_in": 1e400}"#,
    r#"{"access_token": "a", "other": 1e400}"#,
    r#"{"access_token": "a", "access_token": "b"}"#,
    r#"{"access_token": 5}"#,
    r#"{"access_token": null}"#,
    r#"{}"#,
    r#"[]"#,
    r#"["a", "Bearer", 3600, null, null]"#,
    r#"null"#,
    r#"5"#,
    r#""token""#,
    r#""#,
    r#"{"#,
    r#"{"access_token":"#,
    r#"{"access_token": "a",}"#,
    r#"{"access_token": "a" "b"}"#,
    r#"{"access_token": "a\x"}"#,
    r#"{"access_token": "a", "expires_in": 1.}"#,
    r#"{"access_token": "a", "expires_in": -}"#,
    r#"{"access_token": "a", "expires_in": tru}"#,
    r#"{"access_token": "a", 5: 1}"#,
    r#"{"access_token": "a"} trailing"#,
    r#"{"access_token": "a"}}"#,
    r#"{"access_token": "a"}   "#,
    "{\"access_token\": \"a\"\n,\n\"expires_in\": \"x\"\n}",
];

/// Form inputs without an `error` member.
const FORM_CORPUS: &[&str] = &[
    "access_token=gho_16C7e42F292c6912E7710c838347Ae178B4a&scope=repo%2Cgist&token_type=bearer",
    "access_token=a&token_type=bearer&scope=&expires_in=28800",
    "access_token=a&token_type=bearer&scope=&expires_in=28800.5",
    "access_token=a&token_type=bearer&scope=&expires_in=-1",
    "access_token=a+b&token_type=bear%20er&scope=x",
    "access_token=%ZZ&token_type=bearer&scope=x",
    "access_token=a&access_token=b&token_type=bearer&scope=x",
    "access_token=a&token_type=bearer&scope=x&error_description=d&error_uri=u",
    "token_type=bearer&scope=x",
    "access_token",
    "=&&=&",
    "",
];

/// A body's format.
#[derive(Clone, Copy)]
enum Format {
    Json,
    Form,
}

/// `T` alone and through `TokenOrError`: the same value, or the same error. Where `T` fails at
/// a key or between members (an unknown or duplicate field) the rest of the object is read
/// looking for `error`, so serde_json's position may differ there (documented); the message
/// may not.
fn agree<'a, T: Deserialize<'a> + PartialEq + Debug>(format: Format, input: &'a str) {
    let (alone, through) = match format {
        Format::Json => (serde_json::from_str::<T>(input).map_err(|e| e.to_string()), json::<T>(input)),
        Format::Form => (serde_urlencoded::from_str::<T>(input).map_err(|e| e.to_string()), form::<T>(input)),
    };
    let through = through.map(|reply| match reply {
        TokenOrError::Token(token) => token,
        TokenOrError::Error(error) => panic!("{input:?} read as an error response: {error}"),
    });
    match (&alone, &through) {
        (Err(alone), Err(through)) if alone.contains("unknown field") || alone.contains("duplicate field") => {
            let message = |e: &str| e.split(" at line ").next().unwrap_or_default().to_owned();
            assert_eq!(message(through), message(alone), "{input:?}");
        }
        _ => assert_eq!(through, alone, "{input:?}"),
    }
}

#[test]
fn without_a_string_error_json_reads_exactly_as_t_alone() {
    let providers = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/providers");
    let mut bodies: Vec<String> = JSON_CORPUS.iter().map(|body| (*body).to_owned()).collect();
    for entry in std::fs::read_dir(providers).expect("the provider fixtures") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|ext| ext == "json") {
            bodies.push(std::fs::read_to_string(path).expect("a fixture"));
        }
    }
    assert!(bodies.len() > JSON_CORPUS.len() + 20);
    for body in &bodies {
        agree::<Standard>(Format::Json, body);
        agree::<Borrowed<'_>>(Format::Json, body);
        agree::<Strict>(Format::Json, body);
        agree::<OwnError>(Format::Json, body);
        agree::<Flattened>(Format::Json, body);
        agree::<Newtype>(Format::Json, body);
        agree::<Option<Standard>>(Format::Json, body);
        agree::<Either>(Format::Json, body);
        agree::<serde_json::Value>(Format::Json, body);
        agree::<HashMap<String, String>>(Format::Json, body);
    }
}

#[test]
fn without_an_error_a_form_reads_exactly_as_t_alone() {
    for body in FORM_CORPUS {
        agree::<GitHub<'_>>(Format::Form, body);
        agree::<Standard>(Format::Form, body);
        agree::<Strict>(Format::Form, body);
        agree::<OwnError>(Format::Form, body);
        agree::<HashMap<String, String>>(Format::Form, body);
    }
}
