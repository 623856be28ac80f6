//! JSON bytes, as a server may send them, into derived structs with many field types, then every
//! method checked against the contract. A `#[token(debug)]` struct's output never depends on its
//! secrets, and a `ReceivedAt` read from JSON is written back and read again within 1 ms.
#![no_main]

use std::borrow::Cow;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use token_response::{Delimiter, ReceivedAt, TokenResponse};
use token_response_fuzz::contract::{ScopeSource, check_response};

#[derive(Deserialize, TokenResponse)]
#[token(debug)]
struct Numbers {
    access_token: String,
    token_type: Option<String>,
    expires_in: Option<f64>,
    created_at: Option<i64>,
    refresh_token: Option<String>,
    refresh_expires_in: Option<u32>,
    scope: Option<String>,
}

#[derive(Deserialize, TokenResponse)]
#[token(refresh_leeway = 300)]
struct Strings<'a> {
    #[serde(borrow)]
    access_token: Cow<'a, str>,
    token_type: Option<Box<str>>,
    expires_in: Option<String>,
    issued_at: Option<String>,
    expires_on: Option<Box<str>>,
    #[token(scope, delimiter = ",")]
    scope: Option<String>,
    refresh_token_expires_in: Option<Cow<'a, str>>,
    refresh_token: Option<&'a str>,
}

#[derive(Deserialize, TokenResponse)]
#[token(refresh_leeway = 0)]
struct Lists {
    access_token: Option<String>,
    scopes: Option<Vec<String>>,
    #[token(expires_in, unit = "ms")]
    expires_in: Option<i128>,
    #[token(expires_at, unit = "s")]
    expires_at: Option<u128>,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
    x_refresh_token_expires_in: Option<Duration>,
}

#[derive(Deserialize, TokenResponse)]
struct Typed {
    access_token: Box<str>,
    #[token(issued_at, unit = "ms")]
    issued_at: Option<SystemTime>,
    expires_at: Option<chrono::DateTime<chrono::Utc>>,
    expires_in: Option<i8>,
    refresh_expires_in: Option<f32>,
    scope: Option<Box<[String]>>,
}

fn list(scopes: Option<&[String]>) -> ScopeSource<'_> {
    ScopeSource::List(scopes.unwrap_or_default().iter().map(String::as_str).collect())
}

fuzz_target!(|bytes: &[u8]| {
    if let Ok(mut t) = serde_json::from_slice::<Numbers>(bytes) {
        check_response(&t, &ScopeSource::Text(t.scope.as_deref().unwrap_or(""), Delimiter::Whitespace));
        let debug = format!("{t:?}");
        (t.access_token, t.refresh_token) = (String::from("other"), None);
        assert_eq!(debug, format!("{t:?}"), "#[token(debug)] shows nothing of the secrets");
    }
    if let Ok(t) = serde_json::from_slice::<Strings<'_>>(bytes) {
        check_response(&t, &ScopeSource::Text(t.scope.as_deref().unwrap_or(""), Delimiter::Char(',')));
    }
    if let Ok(t) = serde_json::from_slice::<Lists>(bytes) {
        check_response(&t, &list(t.scopes.as_deref()));
        let json = serde_json::to_string(&t.received_at).expect("a number");
        let back: ReceivedAt = serde_json::from_str(&json).expect("what was read can be read back");
        let (sent, back) = (t.received_at.time(), back.time());
        let drift = sent.duration_since(back).unwrap_or_else(|e| e.duration());
        let from_1970 = sent.duration_since(UNIX_EPOCH).unwrap_or_else(|e| e.duration());
        if from_1970 < Duration::from_secs(1_000_000_000_000) {
            assert!(drift < Duration::from_millis(1), "{json} drifted {drift:?}");
        }
    }
    if let Ok(t) = serde_json::from_slice::<Typed>(bytes) {
        check_response(&t, &list(t.scope.as_deref()));
    }
});
