//! Arbitrary bytes as a JSON body and as a form body through `TokenOrError<T>` for several `T`
//! (owned, borrowed, `deny_unknown_fields`, with its own `error` field, flattened, maps). Nothing
//! panics; an input with a string top-level `error` is that error response (or an error where
//! `T` alone fails too); any other input reads exactly as `T` alone: the same value, or the same
//! error message. The two documented exceptions are allowed and no more: serde_json's position
//! of an unknown or duplicate field error, and a top-level `error`, `error_description` or
//! `error_uri` member that serde_json's `deserialize_any` refuses but `deserialize_ignored_any`
//! skips (then `TokenOrError` may fail where `T` alone does not).
#![no_main]

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::{self, Debug};

use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
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
        let mut error = None;
        while let Some(key) = map.next_key::<String>()? {
            if self.any && ["error", "error_description", "error_uri"].contains(&key.as_str()) {
                let value: serde_json::Value = map.next_value()?;
                if key == "error" {
                    error = Some(value);
                }
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(match error {
            Some(serde_json::Value::String(code)) => Probe::StringError(code),
            _ => Probe::NoStringError,
        })
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

fn json<'a, T: Deserialize<'a> + PartialEq + Debug>(bytes: &'a [u8], probe: &Result<Probe, String>, any_refuses: bool) {
    let alone = serde_json::from_slice::<T>(bytes).map_err(|e| e.to_string());
    let through = serde_json::from_slice::<TokenOrError<T>>(bytes).map_err(|e| e.to_string());
    match probe {
        Ok(Probe::StringError(code)) => error_response(bytes, code, &alone, through),
        Err(_) if any_refuses => match through {
            Err(_) => {}
            through => same(bytes, alone, through),
        },
        _ => same(bytes, alone, through),
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

fn form<'a, T: Deserialize<'a> + PartialEq + Debug>(bytes: &'a [u8], code: Option<&str>) {
    let alone = serde_urlencoded::from_bytes::<T>(bytes).map_err(|e| e.to_string());
    let through = serde_urlencoded::from_bytes::<TokenOrError<T>>(bytes).map_err(|e| e.to_string());
    match code {
        Some(code) => error_response(bytes, code, &alone, through),
        None => same(bytes, alone, through),
    }
}

fuzz_target!(|bytes: &[u8]| {
    let any = probe(bytes, true);
    // serde_json's `deserialize_any` refuses a member that `deserialize_ignored_any` skips.
    let any_refuses = any.is_err() && any != probe(bytes, false);
    json::<Standard>(bytes, &any, any_refuses);
    json::<Borrowed<'_>>(bytes, &any, any_refuses);
    json::<Strict>(bytes, &any, any_refuses);
    json::<OwnError>(bytes, &any, any_refuses);
    json::<Flattened>(bytes, &any, any_refuses);
    json::<serde_json::Value>(bytes, &any, any_refuses);
    json::<Option<Standard>>(bytes, &any, any_refuses);

    // A form body: the last `error` pair, if any, is the code (a form has no null).
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes).expect("any bytes are a form");
    let code = pairs.iter().rev().find(|(key, _)| key == "error").map(|(_, code)| code.as_str());
    form::<GitHub<'_>>(bytes, code);
    form::<Standard>(bytes, code);
    form::<Strict>(bytes, code);
    form::<OwnError>(bytes, code);
    form::<HashMap<String, String>>(bytes, code);
});
