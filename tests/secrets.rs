//! Tokens never leak: every public type that holds or carries one prints nothing of it in
//! `Debug`, `Display` or an error message.

use std::borrow::Cow;
use std::error::Error;
use std::rc::Rc;
use std::sync::Arc;

use token_response::{HeaderError, ReceivedAt, TokenResponse};

const ACCESS: &str = "s3cr3t-Access-Tok3n-9f8e7d6c";
const REFRESH: &str = "s3cr3t-Refresh-Tok3n-1a2b3c4d";

/// Fails when `text` holds a secret, or a part of one long enough to be recognised.
#[track_caller]
fn assert_no_secret(what: &str, text: &str) {
    for secret in [ACCESS, REFRESH] {
        for part in secret.as_bytes().windows(8) {
            let part = std::str::from_utf8(part).expect("ASCII");
            assert!(!text.contains(part), "{what} shows {part:?} of a token: {text}");
        }
    }
}

/// `Debug` (plain and pretty) and `Display` of an error, and of every error in its source chain.
fn assert_error_clean(what: &str, error: &(dyn Error + 'static)) {
    let mut next = Some(error);
    while let Some(error) = next {
        assert_no_secret(what, &format!("{error:?}"));
        assert_no_secret(what, &format!("{error:#?}"));
        assert_no_secret(what, &error.to_string());
        next = error.source();
    }
}

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    refresh_token: Option<String>,
    token_type: Option<String>,
    scope: Option<String>,
}

fn tok(access_token: &str, token_type: Option<&str>) -> Tok {
    Tok {
        access_token: access_token.into(),
        refresh_token: Some(REFRESH.into()),
        token_type: token_type.map(Into::into),
        scope: Some("read write".into()),
    }
}

#[test]
fn header_errors_of_every_variant() {
    let cases = [
        (tok("", None).bearer_header(), HeaderError::Empty),
        (tok(&format!("{ACCESS}\r\nX-Evil: 1"), None).bearer_header(), HeaderError::InvalidChar),
        (tok(&format!("{ACCESS} {ACCESS}"), None).authorization_header(), HeaderError::InvalidChar),
        (tok(ACCESS, Some("DPoP")).bearer_header(), HeaderError::NotBearer),
        (tok(ACCESS, Some("two words")).authorization_header(), HeaderError::InvalidScheme),
    ];
    for (result, expected) in cases {
        assert_no_secret("the result", &format!("{result:?}"));
        let error = result.expect_err("refused");
        assert_eq!(error, expected);
        assert_error_clean("HeaderError", &error);
        let boxed: Box<dyn Error + Send + Sync> = error.into();
        assert_error_clean("a boxed HeaderError", &*boxed);
    }
}

#[test]
fn token_type_and_scopes() {
    let t = tok(ACCESS, Some("DPoP"));
    for text in [format!("{:?}", t.token_type()), t.token_type().to_string(), format!("{:?}", t.scopes())] {
        assert_no_secret("TokenType or Scopes", &text);
    }
    let t = tok(ACCESS, Some("N_A"));
    assert_no_secret("TokenType::Other", &format!("{:?} {}", t.token_type(), t.token_type()));
}

#[test]
fn received_at() {
    #[derive(serde::Deserialize, TokenResponse)]
    struct Google {
        access_token: String,
        #[serde(default)]
        #[token(issued_at)]
        received_at: ReceivedAt,
    }

    let t: Google = serde_json::from_str(&format!(r#"{{"access_token": "{ACCESS}"}}"#)).expect("valid");
    assert_eq!(t.access_token(), ACCESS);
    assert_no_secret("ReceivedAt", &format!("{:?} {:#?}", t.received_at, t.received_at));
    assert_no_secret("ReceivedAt as JSON", &serde_json::to_string(&t.received_at).expect("a number"));
}

/// Every string type a secret can be, access token and refresh token alike.
#[derive(TokenResponse)]
#[token(debug)]
struct Redacted<'a> {
    #[token(access_token)]
    token: Cow<'a, str>,
    refresh_token: Option<Box<str>>,
    token_type: &'a str,
    scope: Vec<&'a str>,
}

#[test]
fn token_debug_redacts_every_secret_kind() {
    #[derive(TokenResponse)]
    #[token(debug)]
    struct Kinds<A, R> {
        access_token: A,
        refresh_token: R,
    }

    fn check<A: std::fmt::Debug, R: std::fmt::Debug>(t: &Kinds<A, R>)
    where
        Kinds<A, R>: TokenResponse,
    {
        for debug in [format!("{t:?}"), format!("{t:#?}")] {
            assert_no_secret("#[token(debug)]", &debug);
            assert!(debug.starts_with("Kinds") && debug.matches("<redacted>").count() == 2, "{debug}");
        }
        assert_eq!(t.access_token(), ACCESS, "the value is still there to use");
    }

    check(&Kinds { access_token: ACCESS.to_owned(), refresh_token: REFRESH.to_owned() });
    check(&Kinds { access_token: ACCESS, refresh_token: Some(REFRESH) });
    check(&Kinds { access_token: Cow::Borrowed(ACCESS), refresh_token: None::<Cow<str>> });
    check(&Kinds { access_token: Box::<str>::from(ACCESS), refresh_token: Some(Box::<str>::from(REFRESH)) });
    check(&Kinds { access_token: Arc::<str>::from(ACCESS), refresh_token: Arc::<str>::from(REFRESH) });
    check(&Kinds { access_token: Some(Rc::<str>::from(ACCESS)), refresh_token: Rc::<str>::from(REFRESH) });

    let t = Redacted {
        token: Cow::Owned(ACCESS.to_owned()),
        refresh_token: Some(REFRESH.into()),
        token_type: "Bearer",
        scope: vec!["read"],
    };
    let debug = format!("{t:#?}");
    assert_no_secret("#[token(debug)] by attribute", &debug);
    for shown in ["Redacted", "token", "refresh_token", "\"Bearer\"", "\"read\""] {
        assert!(debug.contains(shown), "{shown} is no secret: {debug}");
    }
}

#[cfg(feature = "http")]
#[test]
fn http_header_value_is_sensitive() {
    let value = tok(ACCESS, None).authorization_header_value().expect("valid");
    assert_eq!(value, format!("Bearer {ACCESS}").as_str());
    assert!(value.is_sensitive());
    assert_no_secret("http::HeaderValue", &format!("{value:?} {value:#?}"));
    let error = tok(ACCESS, Some("DPoP\n")).authorization_header_value().expect_err("refused");
    assert_error_clean("the http header's error", &error);
}

#[cfg(feature = "secrecy")]
#[test]
fn secrecy_secret_string_in_a_derived_debug() {
    #[derive(Debug, TokenResponse)]
    struct Secret {
        access_token: secrecy::SecretString,
        refresh_token: Option<secrecy::SecretString>,
    }

    let t = Secret { access_token: ACCESS.into(), refresh_token: Some(REFRESH.into()) };
    assert_no_secret("SecretString", &format!("{t:?} {t:#?}"));
    assert_eq!(t.bearer_header(), Ok(format!("Bearer {ACCESS}")));
}
