//! The generated code names everything by absolute path, so a user's module that shadows the
//! prelude, `core`, `std` and even `token_response` itself still derives, and the derived
//! methods still answer right.

#![allow(non_camel_case_types, non_upper_case_globals, dead_code)]

use std::time::{Duration, UNIX_EPOCH};

use token_response::TokenResponse;

/// Every name the generated code could reach for, taken by something else.
mod shadowed {
    use ::token_response::TokenResponse;

    mod token_response {}
    mod __private {}
    mod core {}
    mod std {}
    mod fmt {}
    pub struct Option;
    pub struct Some;
    pub struct None;
    pub type Result<T> = ::core::result::Result<T, ()>;
    pub struct Ok;
    pub struct Err;
    pub struct String;
    pub struct str;
    pub struct Box;
    pub struct Vec;
    pub struct Duration;
    pub struct SystemTime;
    pub struct Formatter;
    pub trait Debug {}
    pub trait Sized {}
    pub trait Clone {}
    pub fn unreachable() {}
    // The names of what `__fields` and `__inherit` reach in the runtime.
    pub struct Fields;
    pub struct Inherit;
    pub struct Absent;
    pub struct Redacted;
    pub struct Timestamp;
    pub struct Lifetime;
    pub struct Unit;
    pub struct Delimiter;
    pub fn refresh_token() {}
    pub fn refresh_expires_at() {}
    pub fn refresh_expires_in() {}
    pub fn received_at() {}
    pub fn scope() {}
    pub fn refresh_leeway() {}
    pub fn __fields() {}
    pub fn __inherit() {}
    // A constant takes a parameter's name from any generated method that binds it (rustc's
    // E0530, whatever the span's hygiene), so the derive binds only names that begin with `__`,
    // as serde's do: a constant with a short name is no problem.
    pub const f: u8 = 0;
    pub const formatter: u8 = 0;
    pub const previous: u8 = 0;

    /// Every role, a lifetime, a type parameter, a where-clause, and the redacting `Debug`.
    #[derive(TokenResponse)]
    #[token(debug, refresh_leeway = 10)]
    pub struct Tok<'a, T>
    where
        T: ::core::convert::AsRef<::core::primitive::str>,
    {
        pub access_token: &'a ::core::primitive::str,
        pub refresh_token: ::core::option::Option<::std::string::String>,
        pub token_type: T,
        #[token(unit = "ms")]
        pub expires_in: u64,
        pub issued_at: f64,
        pub expires_at: ::core::option::Option<i64>,
        #[token(delimiter = ",")]
        pub scope: &'a ::core::primitive::str,
        pub refresh_expires_in: ::core::option::Option<u32>,
        pub refresh_expires_at: ::core::option::Option<::std::string::String>,
        pub received_at: ::core::option::Option<u64>,
        /// A field named like the constant below.
        pub f: u8,
    }

    /// The runtime named through `crate = "..."`.
    #[derive(TokenResponse)]
    #[token(crate = "::token_response", debug)]
    pub struct Minimal {
        pub access_token: ::std::string::String,
    }
}

fn tok() -> shadowed::Tok<'static, &'static str> {
    shadowed::Tok {
        access_token: "at-secret",
        refresh_token: Some("rt-secret".to_owned()),
        token_type: "DPoP",
        expires_in: 3_600_000,
        issued_at: 1_700_000_000.0,
        expires_at: None,
        scope: "read, write",
        refresh_expires_in: Some(86_400),
        refresh_expires_at: None,
        received_at: Some(1_700_000_100),
        f: 7,
    }
}

#[test]
fn every_role_answers_through_shadowed_names() {
    let t = tok();
    let issued = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    assert_eq!(t.access_token(), "at-secret");
    assert_eq!(t.refresh_token(), Some("rt-secret"));
    assert_eq!(t.token_type().scheme(), "DPoP");
    assert_eq!(t.expires_in(), Some(Duration::from_secs(3_600)));
    assert_eq!(t.issued_at(), Some(issued), "the earlier of issue and receipt time");
    assert_eq!(t.expires_at(), Some(issued + Duration::from_secs(3_600)));
    assert_eq!(t.refresh_expires_at(), Some(issued + Duration::from_secs(86_400)));
    assert_eq!(t.scopes().collect::<Vec<_>>(), ["read", "write"]);
    assert!(!t.needs_refresh_at(issued + Duration::from_secs(3_589)), "leeway is the attribute's 10 s");
    assert!(t.needs_refresh_at(issued + Duration::from_secs(3_590)));
}

#[test]
fn inherit_copies_through_shadowed_names() {
    let previous = shadowed::Tok {
        refresh_token: Some("rt-previous".to_owned()),
        refresh_expires_at: Some("2100-01-01T00:00:00Z".to_owned()),
        scope: "admin",
        ..tok()
    };
    // The previous refresh token's expiry is its lifetime from its issue time, written anew
    // into the absolute expiry field.
    let mut t = shadowed::Tok { refresh_token: None, scope: " ", refresh_expires_in: None, ..tok() };
    t.inherit(&previous);
    assert_eq!(t.refresh_token(), Some("rt-previous"));
    assert_eq!(t.refresh_expires_at(), Some(UNIX_EPOCH + Duration::from_secs(1_700_086_400)));
    assert_eq!(t.refresh_expires_at.as_deref(), Some("1700086400"));
    assert_eq!(t.scopes().collect::<Vec<_>>(), ["admin"]);
    assert_eq!(t.access_token(), "at-secret");
    // Its absolute expiry, copied as it was sent.
    let previous = shadowed::Tok { refresh_expires_in: None, ..previous };
    let mut t = shadowed::Tok { refresh_token: None, refresh_expires_in: None, ..tok() };
    t.inherit(&previous);
    assert_eq!(t.refresh_expires_at.as_deref(), Some("2100-01-01T00:00:00Z"));
}

#[test]
fn debug_redacts_through_shadowed_names() {
    let shown = format!("{:?}", tok());
    assert!(shown.starts_with("Tok {"), "{shown}");
    assert!(shown.contains("f: 7"), "{shown}");
    assert!(!shown.contains("secret"), "{shown}");
}

#[test]
fn crate_path_attribute_reaches_the_runtime() {
    let t = shadowed::Minimal { access_token: "abc".to_owned() };
    assert_eq!(t.bearer_header().as_deref(), Ok("Bearer abc"));
    assert!(!format!("{t:?}").contains("abc"));
}
