//! `from_json`, `from_json_slice` and `from_form` never quote the input: every token of every
//! fixture (`tests/fixtures/providers`, and every text of `tests/fixtures/errors`) is placed in
//! each position where serde refuses a value (a wrong type, an escaped string read into `&str`,
//! an unknown member or variant, a value refused by the type's own code, truncated JSON, invalid
//! UTF-8, form bodies), and no run of 4 characters of it is in the error's `Display` or `Debug`,
//! but for runs that the same error shows when a placeholder stands in for the token (our own
//! words and the type's names). Where serde's own message quotes the token, the test says so, so
//! each position is one that leaks without us.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;
use token_response::{ErrorResponse, ReadError, TokenOrError, from_form, from_json, from_json_slice};

const PROVIDERS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/providers");
const ERRORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/errors");

/// The types below are only ever refused: their fields are never read.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Strict {
    access_token: Option<String>,
    expires_in: Option<u64>,
    token_type: Option<Scheme>,
    nested: Option<Box<Strict>>,
}

#[derive(Debug, Deserialize)]
enum Scheme {
    Bearer,
    DPoP,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Borrowed<'a> {
    access_token: &'a str,
}

/// A token type whose own check quotes the value it refuses, as `try_from` code often does.
#[derive(Debug, Deserialize)]
#[serde(try_from = "String")]
#[allow(dead_code)]
struct Checked(String);

impl TryFrom<String> for Checked {
    type Error = String;

    fn try_from(token: String) -> Result<Self, String> {
        Err(format!("not a token we know: {token}"))
    }
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct WithChecked {
    access_token: Checked,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Loose {
    Number(u64),
    Flag(bool),
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct WithLoose {
    expires_in: Loose,
}

/// One refused position: the error of ours, and serde's own message for the same input.
struct Refused {
    ours: ReadError,
    serde: String,
}

/// Reads `input` as `T` with ours and with serde's function; both must refuse it.
macro_rules! refused {
    ($ours:ident, $serde:path, $T:ty, $input:expr) => {{
        let input = $input;
        let ours: Result<$T, ReadError> = $ours(&input);
        let serde: Result<$T, _> = $serde(&input);
        let ours = ours.err().unwrap_or_else(|| panic!("{:?} read as {}", input, stringify!($T)));
        let serde = serde.err().unwrap_or_else(|| panic!("serde read {:?} as {}", input, stringify!($T)));
        Refused { ours, serde: serde.to_string() }
    }};
}

/// A JSON string of `text`, every character `\u` escaped, so nothing of it can be borrowed.
fn escaped(text: &str) -> String {
    let mut out = String::from("\"");
    for unit in text.encode_utf16() {
        out.push_str(&format!("\\u{unit:04x}"));
    }
    out + "\""
}

/// `text` with every byte percent-encoded, so nothing of it can be borrowed.
fn percent_encoded(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// A form body of one pair.
fn pair(name: &str, value: &str) -> String {
    serde_urlencoded::to_string([(name, value)]).unwrap()
}

/// Every refused position, with `token` in it; and whether serde's own message quotes it there.
fn positions(token: &str) -> Vec<(&'static str, Refused, bool)> {
    let t = serde_json::to_string(token).unwrap();
    let half = token.char_indices().nth(token.chars().count() / 2).map_or(0, |(at, _)| at);
    let cut = serde_json::to_string(&token[..half]).unwrap();
    let cut = cut.strip_suffix('"').unwrap();
    let mut invalid_utf8 = br#"{"access_token": ""#.to_vec();
    invalid_utf8.extend_from_slice(&token.as_bytes()[..half]);
    invalid_utf8.push(0xff);
    invalid_utf8.extend_from_slice(&token.as_bytes()[half..]);
    invalid_utf8.extend_from_slice(b"\"}");
    vec![
        ("wrong type", refused!(from_json, serde_json::from_str, Strict, format!(r#"{{"expires_in": {t}}}"#)), true),
        ("wrong type in a list", refused!(from_json, serde_json::from_str, Vec<u64>, format!("[1, {t}]")), true),
        (
            "wrong type under a key the input chose",
            refused!(from_json, serde_json::from_str, HashMap<String, bool>, format!("{{{t}: {t}}}")),
            true,
        ),
        (
            "not a character",
            refused!(from_json, serde_json::from_str, HashMap<String, char>, format!(r#"{{"c": {t}}}"#)),
            true,
        ),
        (
            "escaped into &str",
            refused!(
                from_json,
                serde_json::from_str,
                Borrowed<'_>,
                format!(r#"{{"access_token": {}}}"#, escaped(token))
            ),
            true,
        ),
        ("unknown member", refused!(from_json, serde_json::from_str, Strict, format!("{{{t}: 1}}")), true),
        (
            "unknown member, nested",
            refused!(
                from_json,
                serde_json::from_str,
                Strict,
                format!(r#"{{"nested": {{"expires_in": 1, {t}: {t}}}}}"#)
            ),
            true,
        ),
        (
            "unknown variant",
            refused!(from_json, serde_json::from_str, Strict, format!(r#"{{"token_type": {t}}}"#)),
            true,
        ),
        (
            "unknown variant as a key",
            refused!(from_json, serde_json::from_str, Strict, format!(r#"{{"token_type": {{{t}: null}}}}"#)),
            true,
        ),
        (
            "refused by the type's own code",
            refused!(from_json, serde_json::from_str, WithChecked, format!(r#"{{"access_token": {t}}}"#)),
            true,
        ),
        (
            "no untagged variant",
            refused!(from_json, serde_json::from_str, WithLoose, format!(r#"{{"expires_in": {t}}}"#)),
            false,
        ),
        (
            "wrong type, in a TokenOrError",
            refused!(
                from_json,
                serde_json::from_str,
                TokenOrError<Strict>,
                format!(r#"{{"expires_in": {t}, "a": 1}}"#)
            ),
            true,
        ),
        (
            "an error response whose code is no string",
            refused!(
                from_json,
                serde_json::from_str,
                ErrorResponse,
                format!(r#"{{"error": [{t}], "error_description": {t}}}"#)
            ),
            false,
        ),
        (
            "truncated in the token",
            refused!(from_json, serde_json::from_str, Strict, format!(r#"{{"access_token": {cut}"#)),
            false,
        ),
        (
            "truncated after the token",
            refused!(from_json, serde_json::from_str, Strict, format!(r#"{{"access_token": {t}"#)),
            false,
        ),
        (
            "malformed after the token",
            refused!(from_json, serde_json::from_str, Strict, format!(r#"{{"access_token": {t} x}}"#)),
            false,
        ),
        ("the token alone", refused!(from_json, serde_json::from_str, Strict, token.to_owned()), false),
        ("the token quoted", refused!(from_json, serde_json::from_str, Strict, t.clone()), true),
        ("invalid UTF-8", refused!(from_json_slice, serde_json::from_slice, Strict, invalid_utf8), false),
        (
            "form: not an integer",
            refused!(from_form, serde_urlencoded::from_str, Strict, pair("expires_in", token)),
            false,
        ),
        ("form: unknown member", refused!(from_form, serde_urlencoded::from_str, Strict, pair(token, "1")), true),
        (
            "form: unknown variant",
            refused!(from_form, serde_urlencoded::from_str, Strict, pair("token_type", token)),
            true,
        ),
        (
            "form: escaped into &str",
            refused!(
                from_form,
                serde_urlencoded::from_str,
                Borrowed<'_>,
                format!("access_token={}", percent_encoded(token))
            ),
            true,
        ),
        (
            "form: duplicate member",
            refused!(from_form, serde_urlencoded::from_str, Strict, format!("{0}&{0}", pair("access_token", token))),
            false,
        ),
        (
            "form: refused by the type's own code",
            refused!(from_form, serde_urlencoded::from_str, WithChecked, pair("access_token", token)),
            true,
        ),
        (
            "form: not a character",
            refused!(from_form, serde_urlencoded::from_str, HashMap<String, char>, pair("c", token)),
            true,
        ),
        (
            "form: unknown member, in a TokenOrError",
            refused!(from_form, serde_urlencoded::from_str, TokenOrError<Strict>, pair(token, "x")),
            true,
        ),
    ]
}

/// The runs of 4 characters of `text`.
fn windows(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(4).map(|w| w.iter().collect()).collect()
}

/// What an error shows: its `Display` and its `Debug`.
fn shown(error: &ReadError) -> String {
    format!("{error}\n{error:?}")
}

/// The tokens of the fixtures: every string of a provider's members named `*token*` (but
/// `token_type` and the expiries), and every string of an error response; 4 characters or more.
fn tokens() -> Vec<String> {
    let mut tokens = Vec::new();
    for (dir, all) in [(PROVIDERS, false), (ERRORS, true)] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let members: Vec<(String, Value)> = match path.extension().and_then(|ext| ext.to_str()) {
                Some("json") => match serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap() {
                    Value::Object(members) => members.into_iter().collect(),
                    other => panic!("{path:?}: {other}"),
                },
                Some("form") => serde_urlencoded::from_bytes::<Vec<(String, String)>>(&std::fs::read(&path).unwrap())
                    .unwrap()
                    .into_iter()
                    .map(|(name, value)| (name, Value::String(value)))
                    .collect(),
                _ => continue,
            };
            for (name, value) in members {
                let name = name.to_lowercase();
                let is_token = all || name.contains("token") && !name.contains("type") && !name.contains("expires");
                if let (true, Value::String(text)) = (is_token, value) {
                    if text.chars().count() >= 4 {
                        tokens.push(text);
                    }
                }
            }
        }
    }
    tokens.sort();
    tokens.dedup();
    tokens
}

#[test]
fn no_fixture_token_is_quoted_in_any_refused_position() {
    let tokens = tokens();
    assert!(tokens.len() >= 60, "{}", tokens.len());
    assert!(Path::new(PROVIDERS).join("google.json").exists());
    let mut checked = 0;
    for token in &tokens {
        // The same error with a placeholder of the same shape (letters and digits replaced, the
        // rest kept): what it shows is ours.
        let placeholder: String = token
            .chars()
            .map(|c| {
                if c.is_ascii_digit() {
                    '7'
                } else if c.is_alphanumeric() {
                    'Q'
                } else {
                    c
                }
            })
            .collect();
        let baseline = positions(&placeholder);
        for ((position, refused, serde_quotes), (_, stand_in, _)) in positions(token).into_iter().zip(baseline) {
            let (text, ours) = (shown(&refused.ours), shown(&stand_in.ours));
            for window in windows(token) {
                assert!(
                    !text.contains(&window) || ours.contains(&window),
                    "{position}: {window:?} of {token:?} is in:\n{text}"
                );
            }
            if serde_quotes {
                assert!(
                    windows(token).iter().any(|window| refused.serde.contains(window)),
                    "{position}: serde's message does not quote {token:?}: {}",
                    refused.serde
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 60 * 27, "{checked}");
}

/// `input` refused as `T` by `from_json`, at the line and column `serde_json` gives.
fn json<'a, T: Deserialize<'a>>(input: &'a str) -> ReadError {
    let ours = from_json::<T>(input).err().expect("refused");
    let theirs = serde_json::from_str::<T>(input).err().expect("serde_json refuses it");
    assert_eq!((ours.line(), ours.column()), (Some(theirs.line()), Some(theirs.column())), "{input}");
    ours
}

#[test]
fn errors_say_what_went_wrong_where_in_the_types_words() {
    let token = "1//0gLxSECRETtokenVALUE";
    let t = serde_json::to_string(token).unwrap();
    let cases: Vec<(ReadError, &str)> = vec![
        (
            json::<Strict>(&format!(r#"{{"nested": {{"expires_in": {t}}}}}"#)),
            "wrong type at `nested.expires_in`: a string, expected u64 (line 1, column 51)",
        ),
        (
            json::<Strict>(&format!("{{{t}: 1}}")),
            "unknown member, expected one of `access_token`, `expires_in`, `token_type`, `nested` (line 1, column 26)",
        ),
        (
            json::<Strict>(&format!(r#"{{"token_type": {t}}}"#)),
            "unknown variant at `token_type`, expected one of `Bearer`, `DPoP` (line 1, column 40)",
        ),
        (
            json::<Borrowed<'_>>(r#"{"access_token": "1\/\/0gLx"}"#),
            "an escaped string cannot be borrowed at `access_token`: a string with an escape (`\\/` or `\\u00e9` in \
             JSON, `%2F` or `+` in a form) is decoded into new memory, so a `&str` cannot point into the input: read \
             it as `Cow<str>` with `#[serde(borrow)]` (line 1, column 28)",
        ),
        (
            json::<WithChecked>(&format!(r#"{{"access_token": {t}}}"#)),
            "value refused by the type reading it at `access_token`: its message is not shown, as it may quote the \
             input (line 1, column 43)",
        ),
        (
            json::<HashMap<String, Vec<u8>>>(&format!("{{{t}: [1, 2, 300]}}")),
            "number out of range at `?[2]`, expected u8 (line 1, column 38)",
        ),
        (json::<Strict>(r#"{"expires_in": 1,}"#), "not JSON: a comma before `]` or `}` (line 1, column 18)"),
        (
            json::<Strict>(r#"{"nested": {"expires_in": 1}"#),
            "truncated JSON: the input ends inside an object (line 1, column 28)",
        ),
        (
            json::<Strict>(r#"{"access_token": "a", "access_token": "b"}"#),
            "duplicate member `access_token` (line 1, column 36)",
        ),
        (json::<Borrowed<'_>>("{}"), "missing member `access_token` (line 1, column 2)"),
        (json::<(u8, u8)>("[1]"), "wrong length: 1 element, expected a tuple of size 2 (line 1, column 3)"),
        (from_form::<Strict>(&pair("expires_in", token)).unwrap_err(), "wrong value at `expires_in`: not an integer"),
        (
            from_form::<Strict>("expires_in=99999999999999999999").unwrap_err(),
            "wrong value at `expires_in`: an integer out of range",
        ),
        (
            from_form::<HashMap<String, char>>(&pair("c", token)).unwrap_err(),
            "invalid value at `?`: a string, expected a character",
        ),
    ];
    for (error, message) in cases {
        assert_eq!(error.to_string(), message);
        assert!(!format!("{error:?}").contains("SECRET"), "{error:?}");
    }
}

#[test]
fn read_error_is_a_clone_send_sync_error() {
    fn assert_traits<E: std::error::Error + Clone + Send + Sync + 'static>(_: &E) {}
    let error = from_json::<Strict>("[").unwrap_err();
    assert_traits(&error);
    assert_eq!(error.clone(), error);
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(error);
    assert_eq!(boxed.to_string(), "truncated JSON at `[0]`: the input ends inside a list (line 1, column 1)");
}
