//! Feature `http`: `authorization_header_value()` is a sensitive `http::HeaderValue` with the
//! text of `authorization_header()`.
#![cfg(feature = "http")]

use token_response::{HeaderError, TokenResponse};

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    token_type: Option<String>,
}

fn tok(access_token: &str, token_type: Option<&str>) -> Tok {
    Tok { access_token: access_token.into(), token_type: token_type.map(String::from) }
}

const SECRET: &str = "Zt4Qw8Ry2Ui6Op0As";

#[test]
fn the_value_is_sensitive_and_has_the_header_text() {
    for token_type in [None, Some("bearer"), Some("DPoP"), Some("MAC")] {
        let t = tok(SECRET, token_type);
        let value = t.authorization_header_value().unwrap();
        assert!(value.is_sensitive());
        assert_eq!(value.to_str().ok(), t.authorization_header().ok().as_deref());
        assert_eq!(value.as_bytes(), t.authorization_header().unwrap().as_bytes());
    }
    assert_eq!(tok(SECRET, Some("dpop")).authorization_header_value().unwrap(), format!("DPoP {SECRET}").as_str());
}

#[test]
fn debug_does_not_show_the_token() {
    let value = tok(SECRET, None).authorization_header_value().unwrap();
    let output = format!("{value:?} {value:#?}");
    for start in 0..=SECRET.len() - 4 {
        assert!(!output.contains(&SECRET[start..start + 4]), "{output}");
    }
    assert!(!output.contains("Bearer"), "{output}");
}

#[test]
fn the_value_fails_as_the_header_does() {
    assert_eq!(tok("", None).authorization_header_value(), Err(HeaderError::Empty));
    assert_eq!(tok("a\r\nX-Evil: 1", None).authorization_header_value(), Err(HeaderError::InvalidChar));
    assert_eq!(tok("é", Some("bad scheme")).authorization_header_value(), Err(HeaderError::InvalidChar));
    assert_eq!(tok("abc", Some("bad scheme")).authorization_header_value(), Err(HeaderError::InvalidScheme));
    // Unlike `bearer_header()`, any valid scheme is fine.
    assert!(tok("abc", Some("DPoP")).authorization_header_value().is_ok());
}
