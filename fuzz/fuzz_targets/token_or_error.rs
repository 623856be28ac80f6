//! Arbitrary bytes as a JSON body and as a form body through `TokenOrError<T>` for several `T`
//! (owned, borrowed, `deny_unknown_fields`, flattened, maps; and reading `error` as a string, an
//! enum with or without a catch-all, an enum with content, bytes, a raw value, or not at all).
//! Nothing panics; an input whose first string top-level `error` (of any number of them) is
//! `code` is that error response (or an error where `T` alone fails too); any other input reads
//! exactly as `T` alone: the same value, or the same error message, and for a `T` that reads
//! `error` as an enum the same value or an error. The documented exceptions are allowed and no
//! more: serde_json's position of an unknown or duplicate field error, and a top-level `error`,
//! `error_description` or `error_uri` member that serde_json's `deserialize_any` refuses but
//! `deserialize_ignored_any` skips (then `TokenOrError` may fail where `T` alone does not).
#![no_main]

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::{self, Debug};

use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use token_response::TokenOrError;

#[derive(Debug, PartialEq, Deserialize)]
struct Standard {
    access_token: String,
    token_type: Option<String>,
    expires_in: Option<u64>,
    refresh_token: Option<String>,
    scope: Option<String>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Borrowed<'a> {
    #[serde(borrow)]
    access_token: Cow<'a, str>,
    token_type: Option<&'a str>,
    expires_in: Option<i64>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Strict {
    access_token: String,
    token_type: String,
    expires_in: Option<u32>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct OwnError {
    access_token: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Flattened {
    access_token: Option<String>,
    #[serde(flatten)]
    extra: HashMap<String, serde_json::Value>,
}

/// A code, as a `T` may read `error`: unknown codes refused.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Code {
    InvalidGrant,
    SlowDown,
}

/// A code, unknown ones taken.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum AnyCode {
    InvalidGrant,
    #[serde(other)]
    Other,
}

/// An enum with content, as a `T` may read `error`: a string is a unit variant, a map of one
/// member another.
#[derive(Debug, PartialEq, Deserialize)]
enum Variants {
    A,
    B(u8),
    C { x: Option<String> },
    D(String, u8),
}

#[derive(Debug, PartialEq, Deserialize)]
struct AsEnum {
    access_token: Option<String>,
    error: Option<Code>,
    error_description: Option<AnyCode>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct AsAnyCode {
    error: AnyCode,
}

#[derive(Debug, PartialEq, Deserialize)]
struct AsVariants {
    access_token: Option<String>,
    error: Option<Variants>,
}

/// Reads `error` with `deserialize_bytes`, as `serde_bytes` does.
#[derive(Debug, PartialEq, Deserialize)]
struct AsBytes {
    access_token: Option<String>,
    #[serde(default, deserialize_with = "bytes")]
    error: Option<Vec<u8>>,
}

fn bytes<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<u8>>, D::Error> {
    struct Bytes;
    impl Visitor<'_> for Bytes {
        type Value = Vec<u8>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("bytes")
        }
        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
            Ok(v.to_vec())
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<u8>, E> {
            Ok(v.as_bytes().to_vec())
        }
    }
    deserializer.deserialize_bytes(Bytes).map(Some)
}

#[derive(Debug, Deserialize)]
struct AsRaw<'a> {
    access_token: Option<String>,
    #[serde(borrow)]
    error: Option<&'a RawValue>,
}

impl PartialEq for AsRaw<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.access_token == other.access_token && self.error.map(RawValue::get) == other.error.map(RawValue::get)
    }
}

/// What a body says of its `error` member, as far as a reader of the top-level map can tell.
#[derive(Debug, PartialEq)]
enum Probe {
    StringError(String),
    NoStringError,
}

/// Reads the first JSON value of the input (trailing bytes are not looked at). With `any`, the
/// error response's members are read as `serde_json::Value` (`deserialize_any`), as
/// `TokenOrError` reads them; without, every value is skipped.
#[derive(Clone, Copy)]
struct ProbeSeed {
    any: bool,
}

impl<'de> DeserializeSeed<'de> for ProbeSeed {
    type Value = Probe;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Probe, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ProbeSeed {
    type Value = Probe;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Probe, E> {
        Ok(Probe::NoStringError)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Probe, E> {
        Ok(Probe::NoStringError)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Probe, E> {
        Ok(Probe::NoStringError)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Probe, E> {
        Ok(Probe::NoStringError)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Probe, E> {
        Ok(Probe::NoStringError)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Probe, E> {
        Ok(Probe::NoStringError)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Probe, A::Error> {
        IgnoredAny.visit_seq(seq).map(|_| Probe::NoStringError)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
        let mut code = None;
        while let Some(key) = map.next_key::<String>()? {
            if self.any && ["error", "error_description", "error_uri"].contains(&key.as_str()) {
                let value: serde_json::Value = map.next_value()?;
                match value {
                    serde_json::Value::String(text) if key == "error" && code.is_none() => code = Some(text),
                    _ => {}
                }
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(code.map_or(Probe::NoStringError, Probe::StringError))
    }
}

fn probe(bytes: &[u8], any: bool) -> Result<Probe, String> {
    ProbeSeed { any }.deserialize(&mut serde_json::Deserializer::from_slice(bytes)).map_err(|e| e.to_string())
}

/// The message without serde_json's position.
fn message(error: &str) -> &str {
    error.split(" at line ").next().unwrap_or_default()
}

/// `T` alone and through `TokenOrError` agree: the same value, or the same error (serde_json
/// may place an unknown or duplicate field error elsewhere: the rest of the object was read).
fn same<T: PartialEq + Debug>(input: &[u8], alone: Result<T, String>, through: Result<TokenOrError<T>, String>) {
    match (alone, through) {
        (Ok(alone), Ok(TokenOrError::Token(token))) => assert_eq!(alone, token, "{input:?}"),
        (Err(alone), Err(through)) if alone.contains("unknown field") || alone.contains("duplicate field") => {
            assert_eq!(message(&alone), message(&through), "{input:?}");
        }
        (Err(alone), Err(through)) => assert_eq!(alone, through, "{input:?}"),
        (alone, through) => panic!("{input:?}: alone {alone:?}, through TokenOrError {through:?}"),
    }
}

/// `T` alone and through `TokenOrError` agree on the value, or both refuse the input (for a `T`
/// that reads `error` as an enum, which is then read with `deserialize_any`: the wording of a
/// refusal may differ).
fn same_outcome<T: PartialEq + Debug>(input: &[u8], alone: Result<T, String>, through: Result<TokenOrError<T>, String>) {
    match (alone, through) {
        (Ok(alone), Ok(TokenOrError::Token(token))) => assert_eq!(alone, token, "{input:?}"),
        (Err(_), Err(_)) => {}
        (alone, through) => panic!("{input:?}: alone {alone:?}, through TokenOrError {through:?}"),
    }
}

/// A string `error`: the error response with that code, or an error where `T` alone fails too.
fn error_response<T: Debug>(
    input: &[u8],
    code: &str,
    alone: &Result<T, String>,
    through: Result<TokenOrError<T>, String>,
) {
    match through {
        Ok(TokenOrError::Error(error)) => assert_eq!(error.error.as_str(), code, "{input:?}"),
        Err(_) if alone.is_err() => {}
        through => panic!("{input:?} has the string error {code:?}: alone {alone:?}, through {through:?}"),
    }
}

/// How `T` and `TokenOrError<T>` must agree on an input without a string `error`.
type Agree<T> = fn(&[u8], Result<T, String>, Result<TokenOrError<T>, String>);

fn json<'a, T: Deserialize<'a> + PartialEq + Debug>(
    bytes: &'a [u8],
    probe: &Result<Probe, String>,
    any_refuses: bool,
    agree: Agree<T>,
) {
    let alone = serde_json::from_slice::<T>(bytes).map_err(|e| e.to_string());
    let through = serde_json::from_slice::<TokenOrError<T>>(bytes).map_err(|e| e.to_string());
    match probe {
        Ok(Probe::StringError(code)) => error_response(bytes, code, &alone, through),
        // The probe cannot read an error member (a string with invalid UTF-8 or a lone
        // surrogate, a number beyond `f64`): `TokenOrError` may refuse it, or read it as `T`
        // does, or (a `T` that reads `error` as bytes, which take any string) as an error
        // response.
        Err(_) if any_refuses => match through {
            Err(_) => {}
            Ok(TokenOrError::Error(_)) => {}
            through => agree(bytes, alone, through),
        },
        _ => agree(bytes, alone, through),
    }
}

#[derive(Debug, PartialEq, Deserialize)]
struct GitHub<'a> {
    #[serde(borrow)]
    access_token: Cow<'a, str>,
    token_type: Option<String>,
    scope: Option<Cow<'a, str>>,
    expires_in: Option<u64>,
}

fn form<'a, T: Deserialize<'a> + PartialEq + Debug>(bytes: &'a [u8], code: Option<&str>, agree: Agree<T>) {
    let alone = serde_urlencoded::from_bytes::<T>(bytes).map_err(|e| e.to_string());
    let through = serde_urlencoded::from_bytes::<TokenOrError<T>>(bytes).map_err(|e| e.to_string());
    match code {
        Some(code) => error_response(bytes, code, &alone, through),
        None => agree(bytes, alone, through),
    }
}

fuzz_target!(|bytes: &[u8]| {
    let any = probe(bytes, true);
    // serde_json's `deserialize_any` refuses a member that `deserialize_ignored_any` skips.
    let any_refuses = any.is_err() && any != probe(bytes, false);
    json::<Standard>(bytes, &any, any_refuses, same);
    json::<Borrowed<'_>>(bytes, &any, any_refuses, same);
    json::<Strict>(bytes, &any, any_refuses, same);
    json::<OwnError>(bytes, &any, any_refuses, same);
    json::<Flattened>(bytes, &any, any_refuses, same);
    json::<serde_json::Value>(bytes, &any, any_refuses, same);
    json::<Option<Standard>>(bytes, &any, any_refuses, same);
    json::<AsBytes>(bytes, &any, any_refuses, same);
    json::<AsRaw<'_>>(bytes, &any, any_refuses, same);
    json::<AsEnum>(bytes, &any, any_refuses, same_outcome);
    json::<AsAnyCode>(bytes, &any, any_refuses, same_outcome);
    json::<AsVariants>(bytes, &any, any_refuses, same_outcome);

    // A form body: the first `error` pair, if any, is the code (a form has no null).
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes).expect("any bytes are a form");
    let code = pairs.iter().find(|(key, _)| key == "error").map(|(_, code)| code.as_str());
    form::<GitHub<'_>>(bytes, code, same);
    form::<Standard>(bytes, code, same);
    form::<Strict>(bytes, code, same);
    form::<OwnError>(bytes, code, same);
    form::<HashMap<String, String>>(bytes, code, same);
    form::<AsBytes>(bytes, code, same);
    form::<AsEnum>(bytes, code, same_outcome);
    form::<AsAnyCode>(bytes, code, same_outcome);
});
