//! Every accepted field type, and `Option` of each, in every role that takes it; plus types of
//! the user's own through the field-type traits.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use token_response::{
    AccessTokenField, Delimiter, IssueTimeField, Lifetime, LifetimeField, ReceivedAt, RefreshTokenField,
    RefreshTokenLifetimeField, ScopeField, Scopes, Timestamp, TokenResponse, TokenType, TokenTypeField, Unit,
};

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

fn secs(secs: u64) -> Option<Duration> {
    Some(Duration::from_secs(secs))
}

/// For one string type: every string role, a numeric string in every time role, and `Option` of
/// each.
macro_rules! string_type {
    ($module:ident, $t:ty) => {
        mod $module {
            use super::*;

            fn s(text: &'static str) -> $t {
                <$t>::from(text)
            }

            #[derive(TokenResponse)]
            struct Strings {
                access_token: $t,
                refresh_token: $t,
                token_type: $t,
                scope: $t,
            }

            #[derive(TokenResponse)]
            struct Optional {
                access_token: Option<$t>,
                refresh_token: Option<$t>,
                token_type: Option<$t>,
                scope: Option<$t>,
            }

            #[derive(TokenResponse)]
            struct Numeric {
                access_token: $t,
                expires_in: $t,
                issued_at: $t,
                refresh_expires_in: $t,
            }

            #[derive(TokenResponse)]
            struct OptionalNumeric {
                access_token: $t,
                expires_in: Option<$t>,
                issued_at: Option<$t>,
                expires_at: Option<$t>,
                refresh_expires_in: Option<$t>,
            }

            #[test]
            fn token_strings() {
                let t = Strings {
                    access_token: s("tok"),
                    refresh_token: s("ref"),
                    token_type: s("dpop"),
                    scope: s("read  write"),
                };
                assert_eq!(t.access_token(), "tok");
                assert_eq!(t.refresh_token(), Some("ref"));
                assert_eq!(t.token_type(), TokenType::DPoP);
                assert_eq!(t.scopes().collect::<Vec<_>>(), ["read", "write"]);

                let t = Strings { access_token: s(""), refresh_token: s(""), token_type: s(""), scope: s("") };
                assert_eq!(t.access_token(), "");
                assert_eq!(t.refresh_token(), None);
                assert_eq!(t.token_type(), TokenType::Bearer);
                assert_eq!(t.scopes().next(), None);
            }

            #[test]
            fn optional_token_strings() {
                let t = Optional {
                    access_token: Some(s("tok")),
                    refresh_token: Some(s("ref")),
                    token_type: Some(s("Bot")),
                    scope: Some(s("a")),
                };
                assert_eq!(t.access_token(), "tok");
                assert_eq!(t.refresh_token(), Some("ref"));
                assert_eq!(t.token_type(), TokenType::Other("Bot"));
                assert_eq!(t.scopes().collect::<Vec<_>>(), ["a"]);

                let t = Optional { access_token: None, refresh_token: None, token_type: None, scope: None };
                assert_eq!(t.access_token(), "");
                assert_eq!(t.refresh_token(), None);
                assert_eq!(t.token_type(), TokenType::Bearer);
                assert_eq!(t.scopes().next(), None);
            }

            #[test]
            fn numeric_strings() {
                let t = Numeric {
                    access_token: s("a"),
                    expires_in: s("3599"),
                    issued_at: s(" 1700000000 "),
                    refresh_expires_in: s("86400.5"),
                };
                assert_eq!(t.expires_in(), secs(3599));
                assert_eq!(t.issued_at(), Some(at(1_700_000_000)));
                assert_eq!(t.expires_at(), Some(at(1_700_003_599)));
                assert_eq!(t.refresh_expires_in(), Some(Duration::from_millis(86_400_500)));

                // Milliseconds by `auto`, as Salesforce sends them.
                let t = Numeric {
                    access_token: s("a"),
                    expires_in: s("\t60\n"),
                    issued_at: s("1278448384422"),
                    refresh_expires_in: s("0"),
                };
                assert_eq!(t.issued_at(), Some(UNIX_EPOCH + Duration::from_millis(1_278_448_384_422)));
                assert_eq!(t.expires_in(), secs(60));
                assert_eq!(t.refresh_expires_in(), Some(Duration::ZERO));
            }

            #[test]
            fn strings_that_are_not_numbers() {
                for bad in ["", " ", "soon", "1e3", "0x10", "NaN", "inf", ".5", "5.", "1 2", "3600s"] {
                    let t = Numeric {
                        access_token: s("a"),
                        expires_in: s(bad),
                        issued_at: s(bad),
                        refresh_expires_in: s(bad),
                    };
                    // A lifetime that is not a number fails closed; an instant that is not a time
                    // is no issue time, and the expiry computed from it is already past.
                    assert_eq!(t.expires_in(), Some(Duration::ZERO), "{bad:?}");
                    assert_eq!(t.refresh_expires_in(), Some(Duration::ZERO), "{bad:?}");
                    assert_eq!(t.issued_at(), None, "{bad:?}");
                    assert_eq!(t.expires_at(), Some(UNIX_EPOCH), "{bad:?}");
                    assert_eq!(t.refresh_expires_at(), Some(UNIX_EPOCH), "{bad:?}");
                    assert!(t.is_expired_at(UNIX_EPOCH), "{bad:?}");
                }
            }

            #[test]
            fn negative_numeric_strings() {
                let t = Numeric {
                    access_token: s("a"),
                    expires_in: s("-1"),
                    issued_at: s("-10"),
                    refresh_expires_in: s("-0.5"),
                };
                assert_eq!(t.expires_in(), Some(Duration::ZERO));
                assert_eq!(t.refresh_expires_in(), Some(Duration::ZERO));
                assert_eq!(t.issued_at(), UNIX_EPOCH.checked_sub(Duration::from_secs(10)));
            }

            #[test]
            fn optional_numeric_strings() {
                let t = OptionalNumeric {
                    access_token: s("a"),
                    expires_in: Some(s("10")),
                    issued_at: Some(s("20")),
                    expires_at: Some(s("25")),
                    refresh_expires_in: Some(s("40")),
                };
                assert_eq!(t.expires_in(), secs(10));
                assert_eq!(t.issued_at(), Some(at(20)));
                assert_eq!(t.absolute_expiry(), Some(at(25)));
                assert_eq!(t.expires_at(), Some(at(25)));
                assert_eq!(t.refresh_expires_at(), Some(at(60)));

                let t = OptionalNumeric {
                    access_token: s("a"),
                    expires_in: None,
                    issued_at: None,
                    expires_at: None,
                    refresh_expires_in: None,
                };
                assert_eq!(t.expires_in(), None);
                assert_eq!(t.issued_at(), None);
                assert_eq!(t.absolute_expiry(), None);
                assert_eq!(t.expires_at(), None);
                assert_eq!(t.refresh_expires_in(), None);
            }
        }
    };
}

string_type!(string, String);
string_type!(str_ref, &'static str);
string_type!(cow, Cow<'static, str>);
string_type!(boxed, Box<str>);
string_type!(arc, Arc<str>);
string_type!(rc, Rc<str>);

/// For one primitive number type: every time role, and `Option` of each.
macro_rules! number_type {
    ($module:ident, $t:ty) => {
        mod $module {
            use super::*;

            #[derive(TokenResponse)]
            struct Times {
                access_token: String,
                expires_in: $t,
                issued_at: $t,
                refresh_expires_in: $t,
            }

            #[derive(TokenResponse)]
            struct Absolute {
                access_token: String,
                expires_at: Option<$t>,
                issued_at: Option<$t>,
                expires_in: Option<$t>,
                refresh_expires_in: Option<$t>,
            }

            #[test]
            fn values() {
                let t = Times {
                    access_token: "a".into(),
                    expires_in: 60 as $t,
                    issued_at: 100 as $t,
                    refresh_expires_in: 120 as $t,
                };
                assert_eq!(t.expires_in(), secs(60));
                assert_eq!(t.issued_at(), Some(at(100)));
                assert_eq!(t.expires_at(), Some(at(160)));
                assert_eq!(t.refresh_expires_in(), secs(120));
                assert_eq!(t.refresh_expires_at(), Some(at(220)));
            }

            #[test]
            fn options() {
                let t = Absolute {
                    access_token: "a".into(),
                    expires_at: Some(127 as $t),
                    issued_at: Some(7 as $t),
                    expires_in: Some(1 as $t),
                    refresh_expires_in: Some(3 as $t),
                };
                assert_eq!(t.absolute_expiry(), Some(at(127)));
                // The earlier of the absolute expiry and issue time + lifetime.
                assert_eq!(t.expires_at(), Some(at(8)));
                assert_eq!(t.expires_in(), secs(1));
                assert_eq!(t.refresh_expires_at(), Some(at(10)));
                let t = Absolute { expires_in: None, ..t };
                assert_eq!(t.expires_at(), Some(at(127)));

                let t = Absolute {
                    access_token: "a".into(),
                    expires_at: None,
                    issued_at: None,
                    expires_in: None,
                    refresh_expires_in: None,
                };
                assert_eq!(t.absolute_expiry(), None);
                assert_eq!(t.expires_at(), None);
                assert_eq!(t.expires_in(), None);
                assert_eq!(t.refresh_expires_in(), None);
            }

            #[test]
            fn extremes_do_not_panic() {
                for value in [<$t>::MIN, <$t>::MAX, 0 as $t] {
                    let t = Times {
                        access_token: "a".into(),
                        expires_in: value,
                        issued_at: value,
                        refresh_expires_in: value,
                    };
                    let now = SystemTime::now();
                    let _ = (t.expires_at(), t.is_expired_at(now), t.remaining_at(now), t.needs_refresh_at(now));
                    let _ = (t.refresh_expires_at(), t.is_refresh_expired_at(now));
                    assert!(t.expires_in().is_some());
                }
            }
        }
    };
}

number_type!(u8_, u8);
number_type!(u16_, u16);
number_type!(u32_, u32);
number_type!(u64_, u64);
number_type!(u128_, u128);
number_type!(usize_, usize);
number_type!(i8_, i8);
number_type!(i16_, i16);
number_type!(i32_, i32);
number_type!(i64_, i64);
number_type!(i128_, i128);
number_type!(isize_, isize);
number_type!(f32_, f32);
number_type!(f64_, f64);

/// For one signed type: a negative lifetime fails closed; a negative instant is before 1970.
macro_rules! signed_type {
    ($module:ident, $t:ty) => {
        mod $module {
            use super::*;

            #[derive(TokenResponse)]
            struct Times {
                access_token: String,
                expires_in: $t,
                issued_at: $t,
                refresh_expires_in: $t,
            }

            #[test]
            fn negative_values() {
                let t = Times {
                    access_token: "a".into(),
                    expires_in: -1 as $t,
                    issued_at: -100 as $t,
                    refresh_expires_in: -5 as $t,
                };
                assert_eq!(t.expires_in(), Some(Duration::ZERO));
                assert_eq!(t.refresh_expires_in(), Some(Duration::ZERO));
                assert_eq!(t.issued_at(), UNIX_EPOCH.checked_sub(Duration::from_secs(100)));
                // Zero lifetime: expired when issued.
                assert_eq!(t.expires_at(), t.issued_at());
            }
        }
    };
}

signed_type!(i8_negative, i8);
signed_type!(i16_negative, i16);
signed_type!(i32_negative, i32);
signed_type!(i64_negative, i64);
signed_type!(i128_negative, i128);
signed_type!(isize_negative, isize);
signed_type!(f32_negative, f32);
signed_type!(f64_negative, f64);

#[derive(TokenResponse)]
struct Floats {
    access_token: String,
    expires_in: f64,
    issued_at: f32,
}

#[test]
fn fractional_seconds_are_kept() {
    let t = Floats { access_token: "a".into(), expires_in: 1.25, issued_at: 1024.5 };
    assert_eq!(t.expires_in(), Some(Duration::from_millis(1_250)));
    assert_eq!(t.issued_at(), Some(UNIX_EPOCH + Duration::from_millis(1_024_500)));
    assert_eq!(t.expires_at(), Some(UNIX_EPOCH + Duration::from_millis(1_025_750)));
}

#[derive(TokenResponse)]
struct Typed {
    access_token: String,
    expires_in: Duration,
    issued_at: SystemTime,
    refresh_expires_in: Duration,
}

#[derive(TokenResponse)]
struct TypedOptions {
    access_token: String,
    expires_in: Option<Duration>,
    expires_at: Option<SystemTime>,
    issued_at: Option<SystemTime>,
    refresh_expires_in: Option<Duration>,
}

#[test]
fn duration_and_system_time() {
    let t = Typed {
        access_token: "a".into(),
        expires_in: Duration::from_millis(1_500),
        issued_at: at(10),
        refresh_expires_in: Duration::from_secs(30),
    };
    assert_eq!(t.expires_in(), Some(Duration::from_millis(1_500)));
    assert_eq!(t.issued_at(), Some(at(10)));
    assert_eq!(t.expires_at(), Some(UNIX_EPOCH + Duration::from_millis(11_500)));
    assert_eq!(t.refresh_expires_at(), Some(at(40)));

    let t = TypedOptions {
        access_token: "a".into(),
        expires_in: Some(Duration::from_secs(1)),
        expires_at: Some(at(50)),
        issued_at: Some(at(5)),
        refresh_expires_in: None,
    };
    // The earlier of the absolute expiry (50) and issue time + lifetime (6).
    assert_eq!(t.expires_at(), Some(at(6)));
    assert_eq!(t.refresh_expires_at(), None);
    let t = TypedOptions {
        access_token: "a".into(),
        expires_in: None,
        expires_at: None,
        issued_at: None,
        refresh_expires_in: None,
    };
    assert_eq!((t.expires_in(), t.expires_at(), t.issued_at()), (None, None, None));
}

#[test]
fn a_system_time_before_1970_is_kept() {
    let before = UNIX_EPOCH - Duration::from_secs(3600);
    let t = Typed {
        access_token: "a".into(),
        expires_in: Duration::from_secs(60),
        issued_at: before,
        refresh_expires_in: Duration::ZERO,
    };
    assert_eq!(t.expires_at(), Some(before + Duration::from_secs(60)));
    assert!(t.is_expired_at(UNIX_EPOCH));
}

/// `unit` applies to numbers only: `Duration` and `SystemTime` carry their own.
#[derive(TokenResponse)]
struct TypedWithUnits {
    access_token: String,
    #[token(unit = "ms")]
    expires_in: Duration,
    #[token(unit = "ms")]
    issued_at: SystemTime,
}

#[test]
fn unit_does_not_apply_to_typed_times() {
    let t = TypedWithUnits { access_token: "a".into(), expires_in: Duration::from_secs(2), issued_at: at(3) };
    assert_eq!(t.expires_in(), secs(2));
    assert_eq!(t.issued_at(), Some(at(3)));
}

#[derive(TokenResponse)]
struct Received {
    access_token: String,
    expires_in: u32,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
}

#[derive(TokenResponse)]
struct MaybeReceived {
    access_token: String,
    expires_in: u32,
    #[token(issued_at)]
    received_at: Option<ReceivedAt>,
}

#[test]
fn received_at_is_an_issue_time() {
    let t = Received { access_token: "a".into(), expires_in: 30, received_at: ReceivedAt::from(at(70)) };
    assert_eq!(t.issued_at(), Some(at(70)));
    assert_eq!(t.expires_at(), Some(at(100)));
    let t = MaybeReceived { access_token: "a".into(), expires_in: 30, received_at: Some(at(1).into()) };
    assert_eq!(t.expires_at(), Some(at(31)));
    let t = MaybeReceived { access_token: "a".into(), expires_in: 30, received_at: None };
    assert_eq!(t.expires_at(), None);
}

/// For one scope list type: one scope an element, trimmed, empty elements skipped, and the
/// delimiter ignored.
macro_rules! scope_list {
    ($module:ident, $t:ty, $element:expr) => {
        mod $module {
            use super::*;

            fn list(items: &[&'static str]) -> $t {
                items.iter().map(|&item| $element(item)).collect::<Vec<_>>().into()
            }

            #[derive(TokenResponse)]
            struct List {
                access_token: String,
                scope: $t,
            }

            #[derive(TokenResponse)]
            struct OptionalList {
                access_token: String,
                scopes: Option<$t>,
            }

            #[derive(TokenResponse)]
            struct Delimited {
                access_token: String,
                #[token(delimiter = ",")]
                scope: $t,
            }

            #[test]
            fn one_scope_an_element() {
                let t = List { access_token: "a".into(), scope: list(&["chat:read", " chat:edit ", "", "  ", "x y"]) };
                assert_eq!(t.scopes().collect::<Vec<_>>(), ["chat:read", "chat:edit", "x y"]);
                assert!(t.has_scopes(&["chat:read", "chat:edit", "x y"]));
                assert!(!t.has_scope("x"));
                let empty = List { access_token: "a".into(), scope: list(&[]) };
                assert_eq!(empty.scopes().next(), None);
            }

            #[test]
            fn optional_list() {
                let t = OptionalList { access_token: "a".into(), scopes: Some(list(&["a", "b"])) };
                assert_eq!(t.scopes().collect::<Vec<_>>(), ["a", "b"]);
                let t = OptionalList { access_token: "a".into(), scopes: None };
                assert_eq!(t.scopes().next(), None);
            }

            #[test]
            fn delimiter_is_ignored_for_lists() {
                let t = Delimited { access_token: "a".into(), scope: list(&["a,b", "c"]) };
                assert_eq!(t.scopes().collect::<Vec<_>>(), ["a,b", "c"]);
            }
        }
    };
}

scope_list!(vec_string, Vec<String>, String::from);
scope_list!(vec_str, Vec<&'static str>, |s: &'static str| s);
scope_list!(vec_cow, Vec<Cow<'static, str>>, Cow::from);
scope_list!(boxed_slice, Box<[String]>, String::from);

/// A token string of the user's own, accepted for every string role.
struct Secret(Box<str>);

impl AccessTokenField for Secret {
    fn token_str(&self) -> Option<&str> {
        Some(&self.0)
    }
}

impl RefreshTokenField for Secret {
    fn token_str(&self) -> Option<&str> {
        Some(&self.0)
    }
}

impl TokenTypeField for Secret {
    fn token_str(&self) -> Option<&str> {
        Some(&self.0)
    }
}

/// A lifetime in minutes, for both lifetime roles; `unit` does not apply.
struct Minutes(u32);

impl LifetimeField for Minutes {
    fn lifetime(&self, _: Unit) -> Lifetime {
        Lifetime::Of(Duration::from_secs(u64::from(self.0) * 60))
    }
}

impl RefreshTokenLifetimeField for Minutes {
    fn lifetime(&self, unit: Unit) -> Lifetime {
        LifetimeField::lifetime(self, unit)
    }
}

/// A date as days since 1970, accepted as an issue time only.
struct UnixDays(u16);

impl IssueTimeField for UnixDays {
    fn timestamp(&self, _: Unit) -> Timestamp {
        Timestamp::from(UNIX_EPOCH.checked_add(Duration::from_secs(u64::from(self.0) * 86_400)))
    }
}

/// Scopes as one string with `|` between them, whatever the delimiter.
struct PipeScopes(String);

impl ScopeField for PipeScopes {
    fn scopes(&self, _: Delimiter) -> Scopes<'_> {
        Scopes::from_text(&self.0, Delimiter::Char('|'))
    }
}

#[derive(TokenResponse)]
struct Custom {
    access_token: Secret,
    refresh_token: Option<Secret>,
    token_type: Secret,
    expires_in: Minutes,
    refresh_expires_in: Minutes,
    issued_at: UnixDays,
    scope: PipeScopes,
}

#[test]
fn types_of_the_users_own() {
    let t = Custom {
        access_token: Secret("tok".into()),
        refresh_token: Some(Secret("ref".into())),
        token_type: Secret("BEARER".into()),
        expires_in: Minutes(2),
        refresh_expires_in: Minutes(60),
        issued_at: UnixDays(1),
        scope: PipeScopes("a|b".into()),
    };
    assert_eq!(t.access_token(), "tok");
    assert_eq!(t.refresh_token(), Some("ref"));
    assert_eq!(t.token_type(), TokenType::Bearer);
    assert_eq!(t.expires_in(), secs(120));
    assert_eq!(t.issued_at(), Some(at(86_400)));
    assert_eq!(t.expires_at(), Some(at(86_520)));
    assert_eq!(t.refresh_expires_at(), Some(at(90_000)));
    assert_eq!(t.scopes().collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(t.bearer_header().as_deref(), Ok("Bearer tok"));

    // The derive's `Option` support extends to the user's types.
    let t = Custom { refresh_token: None, ..t };
    assert_eq!(t.refresh_token(), None);
}
