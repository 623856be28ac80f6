//! A token drawn from the input, placed in a body (one of the fixed positions where serde quotes a
//! value, or wherever the fuzzed body says `TOK`), read by `from_json`, `from_json_slice` and
//! `from_form` as several types: nothing panics; each accepts and refuses what `serde_json` and
//! `serde_urlencoded` do, into equal values; and no run of 4 characters of the token is in any
//! error's `Display` or `Debug`, but for runs that our own words hold (the errors of the same
//! body with a placeholder of the token's shape, and of every fixed body with each of a set of
//! probe tokens).
#![no_main]

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Debug;
use std::sync::OnceLock;

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use token_response::{ErrorResponse, ReadError, TokenOrError, from_form, from_json, from_json_slice};

#[derive(Debug, PartialEq, Deserialize)]
struct Token<'a> {
    #[serde(borrow)]
    access_token: Cow<'a, str>,
    refresh_token: Option<&'a str>,
    token_type: Option<Scheme>,
    expires_in: Option<u64>,
    c: Option<char>,
    pair: Option<(u8, bool)>,
    kind: Option<Kind>,
}

#[derive(Debug, PartialEq, Deserialize)]
enum Scheme {
    Bearer,
    DPoP,
}

#[derive(Debug, PartialEq, Deserialize)]
enum Kind {
    Unit,
    Newtype(i8),
    Struct { x: Option<u16> },
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Strict {
    access_token: Option<String>,
    expires_in: Option<i32>,
    token_type: Option<Scheme>,
    nested: Option<Box<Strict>>,
}

/// A token type whose own check quotes what it refuses.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(try_from = "String")]
struct Checked(String);

impl TryFrom<String> for Checked {
    type Error = String;

    fn try_from(token: String) -> Result<Self, String> {
        if token.starts_with("ok") { Ok(Checked(token)) } else { Err(format!("not a token we know: {token}")) }
    }
}

#[derive(Debug, PartialEq, Deserialize)]
struct Custom {
    access_token: Checked,
    #[serde(flatten)]
    rest: HashMap<String, serde_json::Value>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(tag = "kind")]
enum Tagged {
    A { x: Option<u8> },
    B,
}

/// The form's types: every value is text, numbers and flags parsed from it.
#[derive(Debug, PartialEq, Deserialize)]
struct Form<'a> {
    #[serde(borrow)]
    access_token: Cow<'a, str>,
    refresh_token: Option<&'a str>,
    token_type: Option<Scheme>,
    expires_in: Option<u64>,
    c: Option<char>,
    flag: Option<bool>,
}

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    token: &'a str,
    /// Which fixed body, or the fuzzed one.
    body: u8,
    /// How the token is written where it lands: plain, or escaped so it cannot be borrowed.
    escape: bool,
    fuzzed: &'a [u8],
}

/// Where serde quotes a value, `TOK` standing for the token.
const JSON_BODIES: [&str; 14] = [
    r#"{"expires_in": TOK}"#,
    r#"{"access_token": TOK, "refresh_token": TOK}"#,
    r#"{TOK: 1}"#,
    r#"{"nested": {"expires_in": 1, TOK: TOK}}"#,
    r#"{"token_type": TOK}"#,
    r#"{"kind": {TOK: 1}}"#,
    r#"{"kind": {"Newtype": TOK}}"#,
    r#"{"c": TOK, "pair": [1, TOK]}"#,
    r#"{"access_token": TOK, "expires_in": 1}"#,
    r#"{"kind": TOK, "x": TOK}"#,
    r#"{"error": [TOK], "error_description": TOK}"#,
    r#"[TOK, TOK]"#,
    r#"{"access_token": TOK"#,
    "TOK",
];

const FORM_BODIES: [&str; 6] = [
    "expires_in=TOK",
    "TOK=1",
    "token_type=TOK",
    "access_token=TOK&refresh_token=TOK",
    "access_token=TOK&access_token=TOK",
    "c=TOK&flag=TOK",
];

/// The token as a JSON string, every character `\u` escaped when `escape`.
fn json_string(token: &str, escape: bool) -> String {
    if !escape {
        return serde_json::to_string(token).unwrap();
    }
    let escaped: String = token.encode_utf16().map(|unit| format!("\\u{unit:04x}")).collect();
    format!("\"{escaped}\"")
}

/// The token in a form body: plain (but `&`, `=`, `%`, `+` and `#`), or every byte encoded.
fn form_text(token: &str, escape: bool) -> String {
    token
        .bytes()
        .map(|b| match b {
            b'&' | b'=' | b'%' | b'+' | b'#' => format!("%{b:02X}"),
            _ if escape || !b.is_ascii() => format!("%{b:02X}"),
            _ => char::from(b).to_string(),
        })
        .collect()
}

/// `body` with every `TOK` replaced by `with`.
fn splice(body: &[u8], with: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + with.len());
    let mut rest = body;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix(b"TOK") {
            out.extend_from_slice(with.as_bytes());
            rest = after;
        } else {
            out.push(rest[0]);
            rest = &rest[1..];
        }
    }
    out
}

/// Reads `json` as `T` with ours and with serde_json, text and bytes: they must agree. The
/// errors' `Display` and `Debug` are added to `shown`.
fn json<'a, T: Deserialize<'a> + PartialEq + Debug>(json: &'a [u8], shown: &mut String) {
    agree(from_json_slice::<T>(json), serde_json::from_slice::<T>(json), json, shown);
    if let Ok(text) = std::str::from_utf8(json) {
        agree(from_json::<T>(text), serde_json::from_str::<T>(text), json, shown);
    }
}

fn form<'a, T: Deserialize<'a> + PartialEq + Debug>(body: &'a str, shown: &mut String) {
    agree(from_form::<T>(body), serde_urlencoded::from_str::<T>(body), body.as_bytes(), shown);
}

fn agree<T: PartialEq + Debug, E: Debug>(
    ours: Result<T, ReadError>,
    theirs: Result<T, E>,
    input: &[u8],
    shown: &mut String,
) {
    match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => assert_eq!(ours, theirs, "{:?}", String::from_utf8_lossy(input)),
        (Err(error), Err(_)) => {
            shown.push_str(&format!("{error}\n{error:?}\n"));
        }
        (ours, theirs) => panic!("{:?}: ours {ours:?}, serde's {theirs:?}", String::from_utf8_lossy(input)),
    }
}

/// Everything the errors of `token` in `body` show, read as every type.
fn errors(body: &[u8], token: &str, escape: bool, is_form: bool) -> String {
    let mut shown = String::new();
    if is_form {
        let spliced = splice(body, &form_text(token, escape));
        if let Ok(body) = std::str::from_utf8(&spliced) {
            form::<Form<'_>>(body, &mut shown);
            form::<TokenOrError<Form<'_>>>(body, &mut shown);
            form::<Strict>(body, &mut shown);
            form::<Custom>(body, &mut shown);
            form::<HashMap<String, char>>(body, &mut shown);
        }
    } else {
        let spliced = splice(body, &json_string(token, escape));
        json::<Token<'_>>(&spliced, &mut shown);
        json::<Strict>(&spliced, &mut shown);
        json::<Custom>(&spliced, &mut shown);
        json::<Tagged>(&spliced, &mut shown);
        json::<TokenOrError<Strict>>(&spliced, &mut shown);
        json::<ErrorResponse>(&spliced, &mut shown);
        json::<HashMap<String, u64>>(&spliced, &mut shown);
        json::<Vec<bool>>(&spliced, &mut shown);
        // The token spliced raw, where it is not a string.
        json::<Token<'_>>(&splice(body, token), &mut shown);
    }
    shown
}

/// A token of the same shape: letters replaced, the rest kept.
fn placeholder(token: &str) -> String {
    token.chars().map(|c| if c.is_alphabetic() { 'Q' } else { c }).collect()
}

/// Tokens whose letters and marks change how a body parses (JSON's literals, numbers and
/// escapes, the types' variants, the form's floats and flags), and placeholders.
const PROBES: [&str; 49] = [
    "QQQQ",
    // Spliced raw, a string with a control character in it: the words `U+0000 to U+001F`.
    "\"\u{1}",
    "\"\n",
    "Q",
    "",
    "QQQQQQQQQQQQQQQQQQQQ",
    "7",
    "-",
    "Q\u{1}Q",
    "Q\\Q",
    "n",
    "t",
    "f",
    "nul",
    "1e",
    "1.",
    "0x",
    "\"",
    "\\",
    "\\u",
    "\\ud800",
    "\\udc00",
    "\\ud800\\u0041",
    "}",
    "]",
    ",",
    ":",
    "[",
    "{",
    "1e400",
    "Bearer",
    "DPoP",
    "Unit",
    "Newtype",
    "Struct",
    "A",
    "ok",
    "true",
    "null",
    "inf",
    "NaN",
    "1",
    "x",
    "\u{e9}",
    "1.5",
    "-1",
    "[]",
    "{}",
    "[1]",
];

/// What our errors say whatever the token: every fixed body read with every probe. A letter of
/// the token can make a body parse otherwise than with its placeholder (`n` starts `null`), and
/// then the error's words are found here.
fn vocabulary() -> &'static str {
    static WORDS: OnceLock<String> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words = String::new();
        for token in PROBES {
            for escape in [false, true] {
                for body in JSON_BODIES {
                    words += &errors(body.as_bytes(), token, escape, false);
                }
                for body in FORM_BODIES {
                    words += &errors(body.as_bytes(), token, escape, true);
                }
            }
        }
        words
    })
}

fuzz_target!(|input: Input<'_>| {
    let (body, is_form) = match usize::from(input.body) {
        n if n < JSON_BODIES.len() => (JSON_BODIES[n].as_bytes(), false),
        n if n < JSON_BODIES.len() + FORM_BODIES.len() => (FORM_BODIES[n - JSON_BODIES.len()].as_bytes(), true),
        n => (input.fuzzed, n % 2 == 0),
    };
    let shown = errors(body, input.token, input.escape, is_form);
    let ours = errors(body, &placeholder(input.token), input.escape, is_form);
    let chars: Vec<char> = input.token.chars().collect();
    for window in chars.windows(4) {
        let window: String = window.iter().collect();
        if shown.contains(&window) {
            assert!(
                ours.contains(&window) || vocabulary().contains(&window),
                "{window:?} of the token {:?} is in:\n{shown}",
                input.token
            );
        }
    }
});
