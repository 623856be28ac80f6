//! `from_json`, `from_json_slice` and `from_form` accept and refuse exactly what
//! `serde_json::from_str`, `serde_json::from_slice` and `serde_urlencoded::from_str` do, into
//! equal values, for types that use every part of serde's data model (borrowed and escaped
//! strings, options, enums of every variant kind, tuples, maps, flattened and tagged types,
//! `deny_unknown_fields`, `TokenOrError`, `ErrorResponse`); and a JSON refusal is the same kind
//! (syntax, end of input, data) at the same line and column. The inputs are JSON texts and form
//! bodies built from the members these types read, then cut, spliced or corrupted; forms also for a
//! struct of every field kind, half of them well formed (escapes, `+`, escaped names) and half
//! not (missing `=`, broken and non-UTF-8 escapes, duplicates, empty values, wrong kinds).
//! `PROPTEST_CASES` sets the number of cases (1,024 by default).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm};
use serde::Deserialize;
use serde_json::Value;
use serde_json::error::Category;
use token_response::{ErrorResponse, ReadError, ReadErrorKind, TokenOrError, from_form, from_json, from_json_slice};

/// 1,024 cases, or `PROPTEST_CASES` of them, as proptest's default reads it.
fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(1024);
    Config { cases, failure_persistence: None, rng_algorithm: RngAlgorithm::XorShift, ..Config::default() }
}

#[derive(Debug, PartialEq, Deserialize)]
struct Token<'a> {
    #[serde(borrow)]
    access_token: Cow<'a, str>,
    token_type: Option<Scheme>,
    expires_in: Option<u64>,
    scope: Option<Scope>,
    refresh_token: Option<&'a str>,
    issued_at: Option<f64>,
    c: Option<char>,
    pair: Option<(u8, i16)>,
    kind: Option<Kind>,
    #[serde(borrow)]
    nested: Option<Box<Token<'a>>>,
}

#[derive(Debug, PartialEq, Deserialize)]
enum Scheme {
    Bearer,
    DPoP,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(untagged)]
enum Scope {
    Text(String),
    List(Vec<String>),
}

#[derive(Debug, PartialEq, Deserialize)]
enum Kind {
    Unit,
    Newtype(i8),
    Tuple(bool, String),
    Struct { x: Option<u16> },
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Strict {
    access_token: String,
    expires_in: Option<i32>,
    token_type: Option<Scheme>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Flat {
    access_token: Option<String>,
    #[serde(flatten)]
    rest: HashMap<String, Value>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(tag = "kind")]
enum Tagged {
    Unit,
    Struct { x: Option<u8> },
}

/// The form's view: every value a string or a number sent as text.
#[derive(Debug, PartialEq, Deserialize)]
struct Form<'a> {
    #[serde(borrow)]
    access_token: Cow<'a, str>,
    token_type: Option<Scheme>,
    expires_in: Option<u64>,
    refresh_token: Option<&'a str>,
    issued_at: Option<f64>,
    c: Option<char>,
    flag: Option<bool>,
}

/// Every kind of field a form fills.
#[derive(Debug, PartialEq, Deserialize)]
struct Every<'a> {
    text: String,
    borrowed: &'a str,
    #[serde(borrow)]
    cow: Cow<'a, str>,
    count: u64,
    offset: i32,
    ratio: f64,
    flag: bool,
    maybe: Option<u64>,
    maybe_text: Option<String>,
    scheme: Option<Scheme>,
    c: Option<char>,
    nested: Option<TokenOrError<Strict>>,
    map: Option<BTreeMap<String, String>>,
}

/// `Every`'s member names, those it needs first.
const EVERY: [&str; 13] = [
    "text",
    "borrowed",
    "cow",
    "count",
    "offset",
    "ratio",
    "flag",
    "maybe",
    "maybe_text",
    "scheme",
    "c",
    "nested",
    "map",
];

/// Text for the member `name`, unencoded: if `clean`, of its kind; else also near misses.
fn raw_value(name: &'static str, clean: bool) -> BoxedStrategy<String> {
    let words = |words: &[&'static str]| prop::sample::select(words.to_vec()).prop_map(str::to_owned).boxed();
    let (valid, misses) = match name {
        "count" | "maybe" => (
            prop_oneof![any::<u64>().prop_map(|n| n.to_string()), words(&["0", "007"])].boxed(),
            words(&["-1", "18446744073709551616", "+5", " 5", "0x10", "", "1.0"]),
        ),
        "offset" => (
            prop_oneof![any::<i32>().prop_map(|n| n.to_string()), words(&["-0", "+1", "-2147483648"])].boxed(),
            prop_oneof![any::<i64>().prop_map(|n| n.to_string()), words(&["", "2147483648", "1e3"])].boxed(),
        ),
        "ratio" => (
            prop_oneof![
                any::<f64>().prop_map(|x| x.to_string()),
                words(&["1e3", "inf", "-inf", "NaN", ".5", "5.", "+1"])
            ]
            .boxed(),
            words(&["nan", "1e", "", "infinity", "1_0", "0x1p3", "1,5"]),
        ),
        "flag" => (words(&["true", "false"]), words(&["True", "1", "", "tru", "false "])),
        "scheme" => (words(&["Bearer", "DPoP"]), words(&["bearer", "Unit", "", " Bearer", "Newtype"])),
        "c" => (any::<char>().prop_map(String::from).boxed(), words(&["ab", "", "é+"])),
        // Borrowed only when the form needs no escape for it.
        "borrowed" if clean => ("[a-zA-Z0-9._-]{0,8}".boxed(), words(&[""])),
        _ => (
            prop_oneof!["[a-zA-Z0-9 é/&=+%._~-]{0,8}", any::<String>().prop_map(|s| s.chars().take(6).collect())]
                .boxed(),
            "[ -~]{0,8}".boxed(),
        ),
    };
    if clean { valid } else { prop_oneof![2 => valid, 1 => misses].boxed() }
}

/// `text` as a form may write it: 0 as is (an `&`, `=`, `%` or `+` in it keeps its form meaning);
/// 1 encoded as serde_urlencoded encodes (`+` for a space, `%XX`); 2 the same but the character
/// at `at` as lower-case `%xx` escapes; 3 as is with an escape that is broken or decodes to a
/// part of a UTF-8 sequence, or a `+`, inserted at `at`.
fn encode(text: &str, how: u8, at: prop::sample::Index, what: prop::sample::Index) -> String {
    let form = |text: &str| serde_urlencoded::to_string([("", text)]).unwrap_or_default().split_off(1);
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    let at = boundaries[at.index(boundaries.len())];
    match (how, text[at..].chars().next()) {
        (1, _) | (2, None) => form(text),
        (2, Some(c)) => {
            let escaped: String = c.to_string().bytes().map(|b| format!("%{b:02x}")).collect();
            format!("{}{escaped}{}", form(&text[..at]), form(&text[at + c.len_utf8()..]))
        }
        (3, _) => {
            let inserts = ["%", "%G1", "%F", "%FF", "%C3", "%e2%82", "+", "%2B", "%26", "%3D", "%00"];
            format!("{}{}{}", &text[..at], what.get(&inserts), &text[at..])
        }
        _ => text.to_owned(),
    }
}

/// One pair for the member `name`. If `clean`, `name=value` with the name as is or with one
/// character escaped, the value of its kind and well encoded (the borrowed one not at all).
/// Else also without `=`, without a name or with a second `=`, and the value encoded in any way.
fn every_pair(name: &'static str, clean: bool) -> impl Strategy<Value = String> {
    let how = (0..8_u8, 0..4_u8, any::<prop::sample::Index>(), any::<prop::sample::Index>());
    (raw_value(name, clean), how, 0..8_u8).prop_map(move |(value, (name_how, value_how, at, what), shape)| {
        let (name_how, value_how, shape) = match clean {
            true if name == "borrowed" => (name_how.min(2) & 2, 0, 3),
            true => (name_how.min(2) & 2, 1 + value_how % 2, 3),
            false => (name_how.saturating_sub(4), value_how, shape),
        };
        let name = encode(name, name_how, at, what);
        let value = encode(&value, value_how, at, what);
        match shape {
            0 => name,
            1 => format!("={value}"),
            2 => format!("{name}={value}={value}"),
            _ => format!("{name}={value}"),
        }
    })
}

/// A form body for `Every`. Half are clean: every member it needs, some of the options (never
/// `nested` or `map`, which a form cannot fill), values of their kinds. The others have most of
/// its members, anything in them, and more pairs (duplicates, unknown names). Shuffled, joined by
/// `&` (or `&&`, or with `&` around).
fn every_form() -> impl Strategy<Value = String> {
    let body = |clean: bool| {
        let member = |name: &'static str| match (clean, name) {
            (true, "nested" | "map") => Just(None).boxed(),
            (true, _) if EVERY[..7].contains(&name) => every_pair(name, clean).prop_map(Some).boxed(),
            (true, _) => prop::option::of(every_pair(name, clean)).boxed(),
            (false, _) => prop::option::weighted(0.85, every_pair(name, clean)).boxed(),
        };
        let members: Vec<_> = EVERY.iter().map(|&name| member(name)).collect();
        let names = EVERY.iter().copied().chain(["error", "x", "", "Text"]).collect::<Vec<_>>();
        let more =
            prop::collection::vec(prop::sample::select(names).prop_flat_map(|name| every_pair(name, false)), 0..4);
        let more = if clean { Just(Vec::new()).boxed() } else { more.boxed() };
        (members, more).prop_flat_map(|(members, more)| {
            Just(members.into_iter().flatten().chain(more).collect::<Vec<_>>()).prop_shuffle()
        })
    };
    (any::<bool>().prop_flat_map(body), 0..6_u8).prop_map(|(pairs, joint)| match joint {
        0 => pairs.join("&&"),
        1 => format!("&{}&", pairs.join("&")),
        _ => pairs.join("&"),
    })
}

/// Member names: the types' own, and others.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "access_token", "token_type", "expires_in", "scope", "refresh_token", "issued_at", "c", "pair", "kind",
            "nested", "error", "error_description", "error_uri", "x", "Unit", "Newtype", "Tuple", "Struct", "Bearer",
        ])
        .prop_map(str::to_owned),
        1 => "[a-z_]{0,6}",
    ]
}

/// A JSON string of `text`, sometimes with escapes.
fn json_string(text: String, escape: bool) -> String {
    let quoted = serde_json::to_string(&text).unwrap_or_default();
    if escape { quoted.replacen('a', "\\u0061", 1).replace('/', "\\/") } else { quoted }
}

/// A JSON scalar, right or wrong for the member it lands in.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("null".to_owned()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        (0..400_u16).prop_map(|n| n.to_string()),
        any::<f64>().prop_filter("finite", |x| x.is_finite()).prop_map(|x| x.to_string()),
        prop::sample::select(vec!["1e400", "-0", "1.5", "3600", "-1", "0.0e0", "\"\\ud800\"", "\"\\u00e9\""])
            .prop_map(str::to_owned),
        (
            prop_oneof![
                "[ -~]{0,10}",
                any::<String>(),
                prop::sample::select(vec!["Bearer", "DPoP", "Unit", "a", "é"]).prop_map(str::to_owned)
            ],
            any::<bool>()
        )
            .prop_map(|(text, escape)| json_string(text, escape)),
    ]
}

/// A JSON value of some depth.
fn value() -> impl Strategy<Value = String> {
    scalar().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|items| format!("[{}]", items.join(","))),
            prop::collection::vec((key(), inner), 0..4).prop_map(|members| object(&members)),
        ]
    })
}

fn object(members: &[(String, String)]) -> String {
    let members: Vec<String> = members.iter().map(|(k, v)| format!("{}: {v}", json_string(k.clone(), false))).collect();
    format!("{{{}}}", members.join(", "))
}

/// A JSON text, then perhaps cut, or a byte inserted or removed.
fn json() -> impl Strategy<Value = Vec<u8>> {
    let text = prop_oneof![
        4 => prop::collection::vec((key(), value()), 0..7).prop_map(|members| object(&members)),
        1 => value(),
    ];
    (text, 0..4_u8, any::<prop::sample::Index>(), any::<u8>()).prop_map(|(text, mutation, at, byte)| {
        let mut bytes = text.into_bytes();
        let at = at.index(bytes.len() + 1);
        match mutation {
            1 => bytes.truncate(at),
            2 => bytes.insert(at, byte),
            3 if at < bytes.len() => {
                bytes.remove(at);
            }
            _ => {}
        }
        bytes
    })
}

/// A form body: pairs of the form's names and others, values of every kind, some encoded.
fn form() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        prop::sample::select(vec![
            "Bearer", "DPoP", "3600", "-1", "1e3", "true", "x", "", "%2F", "a+b", "%C3%A9", "%FF"
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z0-9%+._~-]{0,10}",
    ];
    let name = prop_oneof![
        4 => prop::sample::select(vec!["access_token", "token_type", "expires_in", "refresh_token", "issued_at", "c", "flag", "error"])
            .prop_map(str::to_owned),
        1 => "[a-z_%]{0,6}",
    ];
    let pair = prop_oneof![
        8 => (name, value).prop_map(|(name, value)| format!("{name}={value}")),
        1 => "[a-z&=]{0,4}",
    ];
    prop::collection::vec(pair, 0..6).prop_map(|pairs| pairs.join("&"))
}

/// The kind serde_json gives an error.
fn kind(category: Category) -> ReadErrorKind {
    match category {
        Category::Syntax => ReadErrorKind::Syntax,
        Category::Eof => ReadErrorKind::Truncated,
        Category::Data | Category::Io => ReadErrorKind::Data,
    }
}

/// Ours and serde_json's outcomes agree: equal values, or refusals of one kind at one place.
fn agree<T: PartialEq + Debug>(
    input: &[u8],
    ours: Result<T, ReadError>,
    theirs: Result<T, serde_json::Error>,
) -> Result<(), TestCaseError> {
    match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => prop_assert_eq!(ours, theirs),
        (Err(ours), Err(theirs)) => {
            let position = (theirs.line() > 0).then(|| (theirs.line(), theirs.column()));
            prop_assert_eq!(
                (ours.kind(), ours.line().zip(ours.column())),
                (kind(theirs.classify()), position),
                "{:?}: ours {}, serde_json {}",
                String::from_utf8_lossy(input),
                ours,
                theirs
            );
        }
        (ours, theirs) => {
            prop_assert!(false, "{:?}: ours {ours:?}, serde_json {theirs:?}", String::from_utf8_lossy(input))
        }
    }
    Ok(())
}

/// Both readers of text and of bytes, for every type.
macro_rules! agree_json {
    ($input:expr; $($T:ty),* $(,)?) => {{
        let input: &[u8] = $input;
        $(
            agree::<$T>(input, from_json_slice(input), serde_json::from_slice(input))?;
            if let Ok(text) = std::str::from_utf8(input) {
                agree::<$T>(input, from_json(text), serde_json::from_str(text))?;
            }
        )*
    }};
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn json_reads_as_serde_json_reads(input in json()) {
        agree_json!(&input;
            Token<'_>, Strict, Flat, Tagged, TokenOrError<Token<'_>>, TokenOrError<Strict>, ErrorResponse, Value,
            BTreeMap<String, Value>, Vec<Value>, Option<(u8, bool)>, Kind, Scheme, String, &str, f64, u8,
        );
    }

    #[test]
    fn forms_read_as_serde_urlencoded_reads(body in form()) {
        macro_rules! agree_form {
            ($($T:ty),* $(,)?) => {$(
                let ours: Result<$T, ReadError> = from_form(&body);
                let theirs: Result<$T, _> = serde_urlencoded::from_str(&body);
                match (ours, theirs) {
                    (Ok(ours), Ok(theirs)) => prop_assert_eq!(ours, theirs),
                    (Err(_), Err(_)) => {}
                    (ours, theirs) => prop_assert!(false, "{body:?}: ours {ours:?}, serde_urlencoded {theirs:?}"),
                }
            )*};
        }
        agree_form!(
            Form<'_>, TokenOrError<Form<'_>>, ErrorResponse, BTreeMap<String, String>, HashMap<String, u32>,
            Vec<(String, String)>, Vec<(Cow<'_, str>, Cow<'_, str>)>, Strict, Flat,
        );
    }

    #[test]
    fn every_field_kind_reads_from_forms_as_serde_urlencoded_reads(body in every_form()) {
        macro_rules! agree_form {
            ($($T:ty),* $(,)?) => {$(
                // By `Debug`: a `ratio` of NaN is not equal to itself.
                let ours = from_form::<$T>(&body).map(|value| format!("{value:?}"));
                let theirs = serde_urlencoded::from_str::<$T>(&body).map(|value| format!("{value:?}"));
                match (ours, theirs) {
                    (Ok(ours), Ok(theirs)) => prop_assert_eq!(ours, theirs, "{:?}", body),
                    (Err(ours), Err(_)) => prop_assert_eq!(ours.kind(), ReadErrorKind::Data),
                    (ours, theirs) => prop_assert!(false, "{body:?}: ours {ours:?}, serde_urlencoded {theirs:?}"),
                }
            )*};
        }
        agree_form!(
            Every<'_>, TokenOrError<Every<'_>>, BTreeMap<String, String>, BTreeMap<&str, &str>, HashMap<String, f64>,
            Vec<(String, String)>, Vec<(&str, Cow<'_, str>)>,
        );
    }
}

/// Cases the strategies reach only by luck, kept as named regressions.
#[test]
fn edge_cases_agree() -> Result<(), TestCaseError> {
    for input in [
        &br#"{"access_token": "a\/b", "refresh_token": "c\/d"}"#[..],
        br#"{"access_token": "a", "nested": {"access_token": "b", "expires_in": -1}}"#,
        br#"{"access_token": "a", "kind": {"Tuple": [true]}}"#,
        br#"{"access_token": "a", "kind": {"Struct": {"x": 70000}}}"#,
        br#"{"access_token": "a", "kind": "Newtype"}"#,
        br#"{"access_token": "a", "pair": [1, 2, 3]}"#,
        br#"{"access_token": "a", "c": "ab"}"#,
        br#"{"access_token": "a", "scope": {"x": 1}}"#,
        br#"{"kind": "Struct", "x": 300}"#,
        br#"{"error": "invalid_grant", "access_token": 5}"#,
        br#"{"error": 5}"#,
        b"{\"access_token\": \"\xff\"}",
        b"[1, 2",
        b"",
        b"  ",
        b"{} x",
    ] {
        agree_json!(input; Token<'_>, Strict, Flat, Tagged, TokenOrError<Token<'_>>, ErrorResponse, Value);
    }
    Ok(())
}
