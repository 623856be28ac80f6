//! Lifetimes, type parameters, const parameters and where-clauses: zero-copy parsing with
//! `#[serde(borrow)]`, and bounds added only where a role field needs one.

use std::borrow::Cow;
use std::marker::PhantomData;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Deserialize;
use token_response::{AccessTokenField, TokenResponse, TokenType};

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

#[derive(Deserialize, TokenResponse)]
struct Borrowed<'a> {
    #[serde(borrow)]
    access_token: Cow<'a, str>,
    #[serde(borrow)]
    refresh_token: Option<Cow<'a, str>>,
    token_type: &'a str,
    #[serde(borrow)]
    scope: Cow<'a, str>,
    #[serde(borrow)]
    expires_in: Cow<'a, str>,
    issued_at: &'a str,
}

const JSON: &str = r#"{
    "access_token": "2YotnFZFEjr1zCsicMWpAA",
    "refresh_token": "tGzv3JOkF0XG5Qx2TlKWIA",
    "token_type": "DPoP",
    "scope": "openid profile",
    "expires_in": "3600",
    "issued_at": "1700000000"
}"#;

#[test]
fn a_borrowing_struct_parses_without_copying() {
    let t: Borrowed<'_> = serde_json::from_str(JSON).unwrap();
    assert!(matches!(t.access_token, Cow::Borrowed(_)));
    // (serde borrows a `Cow` only when it is not inside an `Option`, so `refresh_token` is owned.)
    assert!(matches!(t.scope, Cow::Borrowed(_)));
    // The token points into the JSON text itself.
    let start = JSON.find("2YotnFZFEjr1zCsicMWpAA").unwrap();
    assert!(std::ptr::eq(t.access_token().as_ptr(), JSON[start..].as_ptr()));

    assert_eq!(t.access_token(), "2YotnFZFEjr1zCsicMWpAA");
    assert_eq!(t.refresh_token(), Some("tGzv3JOkF0XG5Qx2TlKWIA"));
    assert_eq!(t.token_type(), TokenType::DPoP);
    assert_eq!(t.expires_at(), Some(at(1_700_003_600)));
    assert_eq!(t.scopes().collect::<Vec<_>>(), ["openid", "profile"]);
    assert_eq!(t.authorization_header().as_deref(), Ok("DPoP 2YotnFZFEjr1zCsicMWpAA"));
}

#[test]
fn scopes_and_token_type_borrow_from_the_input_too() {
    let t: Borrowed<'_> = serde_json::from_str(JSON).unwrap();
    let scopes_start = JSON.find("openid").unwrap();
    assert!(std::ptr::eq(t.scopes().next().unwrap().as_ptr(), JSON[scopes_start..].as_ptr()));
    let TokenType::DPoP = t.token_type() else { panic!("not DPoP") };
}

/// Generic over the access token's type: the impl needs `T` to be a token string.
#[derive(Deserialize, TokenResponse)]
struct Generic<T> {
    access_token: T,
    expires_in: u64,
    issued_at: u64,
}

fn expiry<T: TokenResponse>(t: &T) -> Option<SystemTime> {
    t.expires_at()
}

#[test]
fn a_struct_generic_over_the_token_type_works_for_owned_and_borrowed() {
    let owned: Generic<String> = serde_json::from_str(r#"{"access_token":"o","expires_in":10,"issued_at":5}"#).unwrap();
    assert_eq!(owned.access_token(), "o");
    assert_eq!(expiry(&owned), Some(at(15)));

    let borrowed: Generic<&str> = serde_json::from_str(r#"{"access_token":"b","expires_in":1,"issued_at":2}"#).unwrap();
    assert_eq!(borrowed.access_token(), "b");
    assert_eq!(borrowed.bearer_header().as_deref(), Ok("Bearer b"));
    assert_eq!(expiry(&borrowed), Some(at(3)));

    let optional = Generic { access_token: None::<Box<str>>, expires_in: 1, issued_at: 2 };
    assert_eq!(optional.access_token(), "");
}

/// Type parameters on several roles, a where-clause, a lifetime and a default.
#[derive(TokenResponse)]
struct WithWhere<'a, T, E, S = Vec<String>>
where
    T: Clone + 'a,
    E: Copy,
{
    access_token: T,
    expires_in: Option<E>,
    scope: S,
    issued_at: u64,
    marker: PhantomData<&'a ()>,
}

#[test]
fn where_clauses_and_several_parameters() {
    let t: WithWhere<'_, &str, f32> = WithWhere {
        access_token: "w",
        expires_in: Some(2.5),
        scope: vec!["a".into()],
        issued_at: 10,
        marker: PhantomData,
    };
    assert_eq!(t.access_token(), "w");
    assert_eq!(t.expires_at(), Some(UNIX_EPOCH + Duration::from_millis(12_500)));
    assert!(t.has_scope("a"));

    let t: WithWhere<'_, String, u8, &str> =
        WithWhere { access_token: "x".into(), expires_in: None, scope: "s t", issued_at: 0, marker: PhantomData };
    assert_eq!(t.expires_at(), None);
    assert!(t.has_scopes(&["s", "t"]));
}

/// A type that implements no trait at all.
struct Opaque;

/// A type parameter used only by a field with no role gets no bound.
#[derive(TokenResponse)]
struct Unbounded<X, const N: usize> {
    access_token: String,
    extra: X,
    bytes: [u8; N],
}

#[test]
fn parameters_of_fields_without_a_role_get_no_bound() {
    let t = Unbounded { access_token: "u".into(), extra: Opaque, bytes: [1, 2, 3] };
    assert_eq!(t.access_token(), "u");
    let Opaque = t.extra;
    assert_eq!(t.bytes.len(), 3);
}

/// A token string of the user's own that implements no `Debug`.
struct Secret(String);

impl AccessTokenField for Secret {
    fn token_str(&self) -> Option<&str> {
        Some(&self.0)
    }
}

/// `Debug` needs `Debug` only of the fields it shows: not of the redacted secrets.
#[derive(TokenResponse)]
#[token(debug)]
struct GenericDebug<T, X> {
    access_token: T,
    extra: X,
}

#[test]
fn debug_bounds_only_the_fields_it_shows() {
    let t = GenericDebug { access_token: Secret("hidden-value".into()), extra: vec![1, 2] };
    let output = format!("{t:?}");
    assert_eq!(output, "GenericDebug { access_token: <redacted>, extra: [1, 2] }");
    assert_eq!(t.access_token(), "hidden-value");
    assert_eq!(t.extra, [1, 2]);
}

#[test]
fn generic_code_takes_any_derived_struct() {
    fn header<T: TokenResponse + ?Sized>(t: &T) -> Result<String, token_response::HeaderError> {
        t.bearer_header()
    }
    assert_eq!(header(&Generic { access_token: "g", expires_in: 0, issued_at: 0 }).as_deref(), Ok("Bearer g"));
    let boxed: Box<dyn TokenResponse + '_> =
        Box::new(Generic { access_token: String::from("d"), expires_in: 0, issued_at: 0 });
    assert_eq!(header(&*boxed).as_deref(), Ok("Bearer d"));
}
