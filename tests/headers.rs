//! `bearer_header()` and `authorization_header()`: the text, the scheme, the header-injection
//! guard, the order of errors, and error messages that never show the token.

use std::error::Error;

use token_response::{HeaderError, TokenResponse};

#[derive(TokenResponse)]
struct Tok {
    access_token: Option<String>,
    token_type: Option<String>,
}

fn tok(access_token: &str, token_type: Option<&str>) -> Tok {
    Tok { access_token: Some(access_token.into()), token_type: token_type.map(String::from) }
}

#[test]
fn bearer_header_is_bearer_space_token() {
    for bearer in [None, Some(""), Some("bearer"), Some("Bearer"), Some("BEARER")] {
        let t = tok("2YotnFZFEjr1zCsicMWpAA", bearer);
        assert_eq!(t.bearer_header().as_deref(), Ok("Bearer 2YotnFZFEjr1zCsicMWpAA"), "{bearer:?}");
        assert_eq!(t.authorization_header().as_deref(), Ok("Bearer 2YotnFZFEjr1zCsicMWpAA"), "{bearer:?}");
    }
}

#[test]
fn bearer_header_refuses_a_token_type_that_is_not_bearer() {
    for other in ["DPoP", "dpop", "mac", "N_A", "bot", "bearer2", "two words", " Bearer"] {
        assert_eq!(tok("abc", Some(other)).bearer_header(), Err(HeaderError::NotBearer), "{other:?}");
    }
}

#[test]
fn authorization_header_uses_the_scheme_of_the_token_type() {
    assert_eq!(tok("Kz~8mXK1", Some("dpop")).authorization_header().as_deref(), Ok("DPoP Kz~8mXK1"));
    assert_eq!(tok("Kz~8mXK1", Some("DPOP")).authorization_header().as_deref(), Ok("DPoP Kz~8mXK1"));
    assert_eq!(tok("x", Some("bEaReR")).authorization_header().as_deref(), Ok("Bearer x"));
    // Any other scheme is sent as it came.
    assert_eq!(tok("x", Some("MAC")).authorization_header().as_deref(), Ok("MAC x"));
    assert_eq!(tok("x", Some("N_A")).authorization_header().as_deref(), Ok("N_A x"));
    // Every RFC 9110 tchar.
    let tchars = "!#$%&'*+-.^_`|~09azAZ";
    assert_eq!(tok("x", Some(tchars)).authorization_header(), Ok(format!("{tchars} x")));
}

#[test]
fn authorization_header_refuses_a_scheme_that_is_not_an_rfc9110_token() {
    for bad in [
        "two words",
        " Bearer",
        "Bearer ",
        "a/b",
        "a:b",
        "a,b",
        "a;b",
        "(x)",
        "a=b",
        "\"q\"",
        "a\tb",
        "a\r\nX: y",
        "é",
        "a\0",
        "{}",
        "[x]",
        "a@b",
        "a?b",
        "a\\b",
        "\u{7f}",
    ] {
        assert_eq!(tok("abc", Some(bad)).authorization_header(), Err(HeaderError::InvalidScheme), "{bad:?}");
    }
}

#[test]
fn an_empty_or_absent_token_is_refused() {
    for t in [tok("", None), tok("", Some("DPoP")), Tok { access_token: None, token_type: None }] {
        assert_eq!(t.bearer_header(), Err(HeaderError::Empty));
        assert_eq!(t.authorization_header(), Err(HeaderError::Empty));
    }
}

#[test]
fn every_byte_outside_visible_ascii_is_refused() {
    let mut bad: Vec<String> = (0x00..=0x20u8).chain([0x7F]).map(|b| char::from(b).to_string()).collect();
    bad.extend(["\u{80}", "é", "\u{a0}", "\u{2028}", "€", "🔑", "\u{feff}"].map(String::from));
    for c in &bad {
        for token in [format!("{c}abc"), format!("ab{c}c"), format!("abc{c}"), c.clone()] {
            for token_type in [None, Some("bearer"), Some("dpop")] {
                let t = tok(&token, token_type);
                assert_eq!(t.authorization_header(), Err(HeaderError::InvalidChar), "{token:?}");
            }
            assert_eq!(tok(&token, None).bearer_header(), Err(HeaderError::InvalidChar), "{token:?}");
        }
    }
}

#[test]
fn a_header_injection_is_refused() {
    let t = tok("abc\r\nX-Admin: true", None);
    assert_eq!(t.bearer_header(), Err(HeaderError::InvalidChar));
    assert_eq!(t.authorization_header(), Err(HeaderError::InvalidChar));
}

#[test]
fn every_visible_ascii_byte_is_accepted() {
    let visible: String = (0x21..=0x7Eu8).map(char::from).collect();
    assert_eq!(tok(&visible, None).bearer_header(), Ok(format!("Bearer {visible}")));
    assert_eq!(tok(&visible, Some("DPoP")).authorization_header(), Ok(format!("DPoP {visible}")));
}

#[test]
fn a_salesforce_token_with_an_exclamation_mark_is_accepted() {
    let token = "00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog.39AsX.LVpxezPwuX5VAIrrbbHMuol7GQxnMeYMN7cj8EoWr78nt1u44zU31IbYNNJguseu";
    assert_eq!(tok(token, Some("Bearer")).bearer_header(), Ok(format!("Bearer {token}")));
}

#[test]
fn empty_and_invalid_char_are_reported_before_the_scheme() {
    assert_eq!(tok("", Some("DPoP")).bearer_header(), Err(HeaderError::Empty));
    assert_eq!(tok("", Some("two words")).authorization_header(), Err(HeaderError::Empty));
    assert_eq!(tok("a b", Some("DPoP")).bearer_header(), Err(HeaderError::InvalidChar));
    assert_eq!(tok("a b", Some("two words")).authorization_header(), Err(HeaderError::InvalidChar));
    assert_eq!(tok("a\n", Some("mac")).bearer_header(), Err(HeaderError::InvalidChar));
}

#[test]
fn errors_never_show_the_token() {
    let secret = "SECRET-9f8e7d6c";
    let cases = [
        tok("", Some("DPoP")).bearer_header(),
        tok(&format!("{secret} x"), None).bearer_header(),
        tok(secret, Some("DPoP")).bearer_header(),
        tok(secret, Some("two words")).authorization_header(),
    ];
    for case in cases {
        let error = case.unwrap_err();
        assert!(!error.to_string().contains("SECRET"), "{error}");
        assert!(!format!("{error:?}").contains("SECRET"), "{error:?}");
        assert!(!error.to_string().is_empty());
    }
}

#[test]
fn header_error_is_a_std_error_with_distinct_messages() {
    let errors = [HeaderError::Empty, HeaderError::InvalidChar, HeaderError::NotBearer, HeaderError::InvalidScheme];
    let messages: std::collections::HashSet<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), errors.len());
    let boxed: Box<dyn Error + Send + Sync> = Box::new(HeaderError::NotBearer);
    assert!(boxed.source().is_none());
    assert_eq!(boxed.to_string(), HeaderError::NotBearer.to_string());
}

#[test]
fn the_header_is_built_from_any_string_type() {
    #[derive(TokenResponse)]
    struct Borrowed<'a> {
        access_token: &'a str,
        token_type: std::borrow::Cow<'a, str>,
    }
    let t = Borrowed { access_token: "tok", token_type: "DPoP".into() };
    assert_eq!(t.authorization_header().as_deref(), Ok("DPoP tok"));
}
