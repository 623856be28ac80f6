//! `inherit`, RFC 6749 section 6: a refresh response keeps the refresh token and the scopes of
//! the token it replaces when it sends none, and the refresh token's expiry with it, never later
//! than it was (copied, or written anew as an absolute expiry or as the time left). Every accepted
//! type of the copied roles is copied, and every one that can hold a number written anew is
//! written; nothing else changes; a type of the user's own is copied only when its trait says
//! how; and the derive adds no `Clone` bound. (Allocations: `tests/allocations.rs`.)

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use token_response::{
    Delimiter, RefreshTokenAbsoluteExpiryField, RefreshTokenField, ScopeField, Scopes, Timestamp, TokenResponse, Unit,
};

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

/// For one string type: the refresh token and the scope copied, bare and in an `Option`.
macro_rules! string_type {
    ($module:ident, $t:ty) => {
        mod $module {
            use super::*;

            fn s(text: &'static str) -> $t {
                <$t>::from(text)
            }

            #[derive(TokenResponse)]
            struct Bare {
                access_token: $t,
                refresh_token: $t,
                scope: $t,
            }

            #[derive(TokenResponse)]
            struct Optional {
                access_token: Option<$t>,
                refresh_token: Option<$t>,
                scope: Option<$t>,
            }

            #[test]
            fn an_empty_refresh_token_and_scope_take_the_previous_ones() {
                let previous = Bare { access_token: s("old"), refresh_token: s("r1"), scope: s("read write") };
                let mut t = Bare { access_token: s("new"), refresh_token: s(""), scope: s(" ") };
                t.inherit(&previous);
                assert_eq!(t.access_token(), "new");
                assert_eq!(t.refresh_token(), Some("r1"));
                assert_eq!(t.scopes().collect::<Vec<_>>(), ["read", "write"]);
                // The previous token is as it was.
                assert_eq!((previous.access_token(), previous.refresh_token()), ("old", Some("r1")));
            }

            #[test]
            fn sent_values_are_kept() {
                let previous = Bare { access_token: s("old"), refresh_token: s("r1"), scope: s("read") };
                let mut t = Bare { access_token: s("new"), refresh_token: s("r2"), scope: s("write") };
                t.inherit(&previous);
                assert_eq!((t.access_token(), t.refresh_token()), ("new", Some("r2")));
                assert_eq!(t.scopes().collect::<Vec<_>>(), ["write"]);
            }

            #[test]
            fn absent_values_take_the_previous_ones() {
                let previous =
                    Optional { access_token: Some(s("old")), refresh_token: Some(s("r1")), scope: Some(s("read")) };
                let mut t = Optional { access_token: None, refresh_token: None, scope: None };
                t.inherit(&previous);
                assert_eq!(t.access_token(), "", "the access token is never copied");
                assert_eq!(t.refresh_token(), Some("r1"));
                assert!(t.has_scope("read"));
            }

            #[test]
            fn an_absent_previous_refresh_token_changes_nothing() {
                let previous = Optional { access_token: Some(s("old")), refresh_token: None, scope: None };
                let mut t = Optional { access_token: Some(s("new")), refresh_token: Some(s("")), scope: None };
                t.inherit(&previous);
                assert_eq!(t.refresh_token, Some(s("")), "an empty refresh token stays as sent");
                assert_eq!(t.scope, None);
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

/// For one scope list type: copied when the new list has no scope, bare and in an `Option`.
macro_rules! scope_list {
    ($module:ident, $t:ty, $element:expr) => {
        mod $module {
            use super::*;

            fn list(scopes: &[&'static str]) -> $t {
                scopes.iter().copied().map($element).collect::<Vec<_>>().into()
            }

            #[derive(TokenResponse)]
            struct Bare {
                access_token: &'static str,
                scopes: $t,
            }

            #[derive(TokenResponse)]
            struct Optional {
                access_token: &'static str,
                scopes: Option<$t>,
            }

            #[test]
            fn an_empty_list_takes_the_previous_one() {
                let previous = Bare { access_token: "old", scopes: list(&["chat:read", "chat:edit"]) };
                for empty in [list(&[]), list(&["", " "])] {
                    let mut t = Bare { access_token: "new", scopes: empty };
                    t.inherit(&previous);
                    assert_eq!(t.scopes().collect::<Vec<_>>(), ["chat:read", "chat:edit"]);
                    assert_eq!(t.access_token(), "new");
                }
                let mut t = Bare { access_token: "new", scopes: list(&["bits:read"]) };
                t.inherit(&previous);
                assert_eq!(t.scopes().collect::<Vec<_>>(), ["bits:read"]);
            }

            #[test]
            fn an_absent_list_takes_the_previous_one() {
                let previous = Optional { access_token: "old", scopes: Some(list(&["a"])) };
                let mut t = Optional { access_token: "new", scopes: None };
                t.inherit(&previous);
                assert_eq!(t.scopes().collect::<Vec<_>>(), ["a"]);
            }
        }
    };
}

scope_list!(vec_string, Vec<String>, String::from);
scope_list!(vec_str, Vec<&'static str>, |s: &'static str| s);
scope_list!(vec_cow, Vec<Cow<'static, str>>, Cow::from);
scope_list!(boxed_slice, Box<[String]>, String::from);

/// For one timestamp type: the refresh token's absolute expiry copied with the refresh token when
/// the new one is absent, and kept when sent.
macro_rules! refresh_expiry {
    ($module:ident, $t:ty, $make:expr) => {
        mod $module {
            use super::*;

            fn value(secs: u64) -> $t {
                $make(secs)
            }

            #[derive(TokenResponse)]
            struct Tok {
                access_token: &'static str,
                refresh_token: Option<String>,
                refresh_expires_at: Option<$t>,
            }

            #[derive(TokenResponse)]
            struct Bare {
                access_token: &'static str,
                refresh_token: Option<String>,
                refresh_expires_at: $t,
            }

            fn tok(refresh_token: Option<&str>, refresh_expires_at: Option<u64>) -> Tok {
                Tok {
                    access_token: "a",
                    refresh_token: refresh_token.map(str::to_owned),
                    refresh_expires_at: refresh_expires_at.map(value),
                }
            }

            #[test]
            fn copied_with_the_refresh_token_when_absent() {
                let previous = tok(Some("r1"), Some(50));
                let mut t = tok(None, None);
                t.inherit(&previous);
                assert_eq!(t.refresh_token(), Some("r1"));
                assert_eq!(t.refresh_token_absolute_expiry(), Some(at(50)));
                assert_eq!(t.refresh_expires_at(), Some(at(50)));
            }

            #[test]
            fn the_earlier_of_a_sent_and_the_kept_refresh_expiry_counts() {
                let previous = tok(Some("r1"), Some(50));
                let mut t = tok(None, Some(90));
                t.inherit(&previous);
                assert_eq!(t.refresh_token(), Some("r1"));
                assert_eq!(t.refresh_expires_at(), Some(at(50)), "never later than the kept token's");
                let mut t = tok(None, Some(30));
                t.inherit(&previous);
                assert_eq!(t.refresh_expires_at(), Some(at(30)), "a sent earlier expiry stays");
                // A bare field is never absent.
                let previous =
                    Bare { access_token: "a", refresh_token: Some("r1".into()), refresh_expires_at: value(50) };
                let mut t = Bare { access_token: "a", refresh_token: None, refresh_expires_at: value(90) };
                t.inherit(&previous);
                assert_eq!(t.refresh_token(), Some("r1"));
                assert_eq!(t.refresh_expires_at(), Some(at(50)));
            }

            #[test]
            fn not_copied_without_the_refresh_token() {
                // The new token sends its own refresh token: the old expiry is not its.
                let previous = tok(Some("r1"), Some(50));
                let mut t = tok(Some("r2"), None);
                t.inherit(&previous);
                assert_eq!((t.refresh_token(), t.refresh_expires_at()), (Some("r2"), None));
                // The previous token has no refresh token: nothing to keep.
                let previous = tok(None, Some(50));
                let mut t = tok(None, None);
                t.inherit(&previous);
                assert_eq!((t.refresh_token(), t.refresh_expires_at()), (None, None));
            }
        }
    };
}

refresh_expiry!(expiry_u8, u8, |s: u64| u8::try_from(s).unwrap());
refresh_expiry!(expiry_u16, u16, |s: u64| u16::try_from(s).unwrap());
refresh_expiry!(expiry_u32, u32, |s: u64| u32::try_from(s).unwrap());
refresh_expiry!(expiry_u64, u64, |s: u64| s);
refresh_expiry!(expiry_u128, u128, u128::from);
refresh_expiry!(expiry_usize, usize, |s: u64| usize::try_from(s).unwrap());
refresh_expiry!(expiry_i8, i8, |s: u64| i8::try_from(s).unwrap());
refresh_expiry!(expiry_i16, i16, |s: u64| i16::try_from(s).unwrap());
refresh_expiry!(expiry_i32, i32, |s: u64| i32::try_from(s).unwrap());
refresh_expiry!(expiry_i64, i64, |s: u64| i64::try_from(s).unwrap());
refresh_expiry!(expiry_i128, i128, i128::from);
refresh_expiry!(expiry_isize, isize, |s: u64| isize::try_from(s).unwrap());
#[allow(clippy::cast_precision_loss)]
fn as_f32(s: u64) -> f32 {
    s as f32
}
refresh_expiry!(expiry_f32, f32, as_f32);
#[allow(clippy::cast_precision_loss)]
fn as_f64(s: u64) -> f64 {
    s as f64
}
refresh_expiry!(expiry_f64, f64, as_f64);
refresh_expiry!(expiry_system_time, SystemTime, at);
refresh_expiry!(expiry_string, String, |s: u64| s.to_string());
refresh_expiry!(expiry_str_ref, &'static str, |s: u64| &*s.to_string().leak());
refresh_expiry!(expiry_cow, Cow<'static, str>, |s: u64| Cow::Owned(s.to_string()));
refresh_expiry!(expiry_boxed, Box<str>, |s: u64| s.to_string().into_boxed_str());
refresh_expiry!(expiry_arc, Arc<str>, |s: u64| Arc::from(s.to_string()));
refresh_expiry!(expiry_rc, Rc<str>, |s: u64| Rc::from(s.to_string()));
#[cfg(feature = "chrono")]
refresh_expiry!(expiry_chrono_utc, chrono::DateTime<chrono::Utc>, |s: u64| chrono::DateTime::from_timestamp(
    i64::try_from(s).unwrap(),
    0
)
.unwrap());
#[cfg(feature = "chrono")]
refresh_expiry!(expiry_chrono_fixed, chrono::DateTime<chrono::FixedOffset>, |s: u64| {
    chrono::DateTime::from_timestamp(i64::try_from(s).unwrap(), 0)
        .unwrap()
        .with_timezone(&chrono::FixedOffset::east_opt(7200).unwrap())
});
#[cfg(feature = "time")]
refresh_expiry!(expiry_offset_date_time, time::OffsetDateTime, |s: u64| time::OffsetDateTime::from_unix_timestamp(
    i64::try_from(s).unwrap()
)
.unwrap());

/// Every role, and fields with none: `inherit` changes the three copied fields only.
#[derive(TokenResponse, Clone, PartialEq, Debug)]
struct Full {
    access_token: String,
    refresh_token: Option<String>,
    token_type: Option<String>,
    expires_in: Option<u64>,
    issued_at: Option<u64>,
    expires_at: Option<String>,
    refresh_expires_in: Option<u64>,
    refresh_expires_at: Option<u64>,
    scope: Option<String>,
    id_token: Option<String>,
}

fn full(access_token: &str) -> Full {
    Full {
        access_token: access_token.into(),
        refresh_token: Some(format!("{access_token}-refresh")),
        token_type: Some("DPoP".into()),
        expires_in: Some(3600),
        issued_at: Some(1_000),
        expires_at: Some("2100-01-01T00:00:00Z".into()),
        refresh_expires_in: Some(86_400),
        refresh_expires_at: Some(50_000),
        scope: Some("openid email".into()),
        id_token: Some("eyJ".into()),
    }
}

#[test]
fn nothing_but_the_copied_fields_changes() {
    let previous = full("old");
    let sparse = Full {
        access_token: "new".into(),
        refresh_token: None,
        token_type: None,
        expires_in: None,
        issued_at: None,
        expires_at: None,
        refresh_expires_in: None,
        refresh_expires_at: None,
        scope: None,
        id_token: None,
    };
    let mut t = sparse.clone();
    t.inherit(&previous);
    let expected = Full {
        refresh_token: previous.refresh_token.clone(),
        refresh_expires_at: previous.refresh_expires_at,
        scope: previous.scope.clone(),
        ..sparse
    };
    assert_eq!(t, expected, "only the refresh token, its absolute expiry and the scope are copied");
    assert_eq!(previous, full("old"), "the previous token is untouched");

    // A complete response keeps everything it sent.
    let mut t = full("new");
    t.inherit(&previous);
    assert_eq!(t, full("new"));
}

#[test]
fn inherit_on_itself_changes_nothing() {
    let previous = full("same");
    let mut t = full("same");
    t.inherit(&previous);
    assert_eq!(t, previous);
}

#[test]
fn a_chain_of_refreshes_keeps_the_first_refresh_token() {
    let mut current = full("first");
    for access_token in ["second", "third", "fourth"] {
        let mut refreshed = Full { access_token: access_token.into(), refresh_token: None, scope: None, ..full("x") };
        refreshed.inherit(&current);
        current = refreshed;
    }
    assert_eq!(current.access_token(), "fourth");
    assert_eq!(current.refresh_token(), Some("first-refresh"));
    assert!(current.has_scopes(&["openid", "email"]));
}

// ---------------------------------------------------------------------------------------------
// Types of the user's own: copied when their trait's `copied` says how, left alone otherwise.

/// A refresh token with no `copied`: `inherit` leaves it as it is.
#[derive(Debug, PartialEq)]
struct Sealed(&'static str);

impl RefreshTokenField for Sealed {
    fn token_str(&self) -> Option<&str> {
        Some(self.0)
    }
}

impl ScopeField for Sealed {
    fn scopes(&self, delimiter: Delimiter) -> Scopes<'_> {
        Scopes::from_text(self.0, delimiter)
    }
}

impl RefreshTokenAbsoluteExpiryField for Sealed {
    fn timestamp(&self, unit: Unit) -> Timestamp {
        self.0.timestamp(unit)
    }
}

/// The same with `copied`: `inherit` copies it.
#[derive(Debug, PartialEq)]
struct Copyable(&'static str);

impl RefreshTokenField for Copyable {
    fn token_str(&self) -> Option<&str> {
        Some(self.0)
    }

    fn copied(&self) -> Option<Self> {
        Some(Copyable(self.0))
    }
}

impl ScopeField for Copyable {
    fn scopes(&self, delimiter: Delimiter) -> Scopes<'_> {
        Scopes::from_text(self.0, delimiter)
    }

    fn copied(&self) -> Option<Self> {
        Some(Copyable(self.0))
    }
}

impl RefreshTokenAbsoluteExpiryField for Copyable {
    fn timestamp(&self, unit: Unit) -> Timestamp {
        self.0.timestamp(unit)
    }

    fn copied(&self) -> Option<Self> {
        Some(Copyable(self.0))
    }
}

#[derive(TokenResponse)]
struct Own<R, S, X> {
    access_token: &'static str,
    refresh_token: Option<R>,
    scope: S,
    refresh_expires_at: Option<X>,
}

#[test]
fn a_type_of_the_users_own_without_copied_is_left_as_it_is() {
    let previous = Own {
        access_token: "old",
        refresh_token: Some(Sealed("r1")),
        scope: Sealed("read"),
        refresh_expires_at: Some(Sealed("5000")),
    };
    let mut t = Own { access_token: "new", refresh_token: None, scope: Sealed(""), refresh_expires_at: None };
    t.inherit(&previous);
    assert_eq!(t.refresh_token, None);
    assert_eq!(t.scope, Sealed(""));
    assert_eq!(t.refresh_expires_at, None);
}

#[test]
fn a_type_of_the_users_own_with_copied_is_copied() {
    let previous = Own {
        access_token: "old",
        refresh_token: Some(Copyable("r1")),
        scope: Copyable("read"),
        refresh_expires_at: Some(Copyable("5000")),
    };
    let mut t = Own { access_token: "new", refresh_token: None, scope: Copyable(""), refresh_expires_at: None };
    t.inherit(&previous);
    assert_eq!(t.refresh_token, Some(Copyable("r1")));
    assert_eq!(t.scope, Copyable("read"));
    assert_eq!(t.refresh_expires_at(), Some(at(5_000)));
    assert_eq!(t.access_token(), "new");
}

#[test]
fn the_refresh_expiry_is_not_copied_when_the_refresh_token_cannot_be() {
    // The refresh token's type has no `copied`: the new token keeps no refresh token, so the
    // previous refresh token's expiry is not its either.
    let previous = Own {
        access_token: "old",
        refresh_token: Some(Sealed("r1")),
        scope: Copyable("read"),
        refresh_expires_at: Some(Copyable("5000")),
    };
    let mut t = Own { access_token: "new", refresh_token: None, scope: Copyable("write"), refresh_expires_at: None };
    t.inherit(&previous);
    assert_eq!(t.refresh_token(), None);
    assert_eq!(t.refresh_expires_at(), None);
}

/// A type that is not `Clone`, beside role fields: the derive adds no `Clone` bound, on a plain
/// struct or a generic one.
struct NotClone;

#[derive(TokenResponse)]
struct WithNotClone {
    access_token: String,
    refresh_token: Option<String>,
    scope: Option<String>,
    extra: NotClone,
}

#[derive(TokenResponse)]
struct Generic<R, X> {
    access_token: String,
    refresh_token: R,
    #[allow(dead_code)]
    extra: X,
}

#[test]
fn no_clone_bound_is_added() {
    let previous =
        WithNotClone { access_token: "old".into(), refresh_token: Some("r1".into()), scope: None, extra: NotClone };
    let mut t = WithNotClone { access_token: "new".into(), refresh_token: None, scope: None, extra: NotClone };
    t.inherit(&previous);
    assert_eq!(t.refresh_token(), Some("r1"));
    let NotClone = t.extra;

    // `Sealed` is not `Clone` either, and neither is `NotClone`.
    let previous = Generic { access_token: "old".into(), refresh_token: Some(Sealed("r1")), extra: NotClone };
    let mut t = Generic { access_token: "new".into(), refresh_token: None::<Sealed>, extra: NotClone };
    t.inherit(&previous);
    assert_eq!(t.refresh_token(), None);
    let mut t = Generic { access_token: "new".into(), refresh_token: String::new(), extra: NotClone };
    t.inherit(&Generic { access_token: "old".into(), refresh_token: "r1".into(), extra: NotClone });
    assert_eq!(t.refresh_token(), Some("r1"));
}

/// A hand-written impl has no fields for `inherit` to copy: it does nothing unless overridden.
struct Manual {
    token: &'static str,
    refresh: Option<&'static str>,
}

impl TokenResponse for Manual {
    fn access_token(&self) -> &str {
        self.token
    }

    fn refresh_token(&self) -> Option<&str> {
        self.refresh
    }
}

struct ManualWithInherit(Manual);

impl TokenResponse for ManualWithInherit {
    fn access_token(&self) -> &str {
        self.0.token
    }

    fn refresh_token(&self) -> Option<&str> {
        self.0.refresh
    }

    fn inherit(&mut self, previous: &Self) {
        self.0.refresh = self.0.refresh.or(previous.0.refresh);
    }
}

#[test]
fn a_hand_written_impl_inherits_nothing_unless_it_says_how() {
    let mut t = Manual { token: "new", refresh: None };
    t.inherit(&Manual { token: "old", refresh: Some("r1") });
    assert_eq!((t.access_token(), t.refresh_token()), ("new", None));

    let mut t = ManualWithInherit(Manual { token: "new", refresh: None });
    t.inherit(&ManualWithInherit(Manual { token: "old", refresh: Some("r1") }));
    assert_eq!((t.access_token(), t.refresh_token()), ("new", Some("r1")));
}

// ---------------------------------------------------------------------------------------------
// The refresh token's expiry, kept with the refresh token and never made later (contract v3).

/// For one refresh token lifetime type: Kakao sends `refresh_token_expires_in` only with a new
/// refresh token, so a refresh that keeps the old one writes the time left, counted from the new
/// issue time (the receipt time here): T0 + 100 stays T0 + 100, never T0 + 50 + 100.
macro_rules! kakao {
    ($module:ident, $t:ty, $make:expr) => {
        mod $module {
            use super::*;

            fn value(secs: u64) -> $t {
                $make(secs)
            }

            #[derive(TokenResponse)]
            struct Kakao {
                access_token: &'static str,
                refresh_token: Option<String>,
                refresh_token_expires_in: Option<$t>,
                received_at: u64,
            }

            #[derive(TokenResponse)]
            struct Bare {
                access_token: &'static str,
                refresh_token: Option<String>,
                refresh_token_expires_in: $t,
                received_at: u64,
            }

            const T0: u64 = 1_700_000_000;

            fn first() -> Kakao {
                Kakao {
                    access_token: "a1",
                    refresh_token: Some("r1".into()),
                    refresh_token_expires_in: Some(value(100)),
                    received_at: T0,
                }
            }

            #[test]
            fn the_time_left_is_written_from_the_new_issue_time() {
                let mut second = Kakao {
                    access_token: "a2",
                    refresh_token: None,
                    refresh_token_expires_in: None,
                    received_at: T0 + 50,
                };
                second.inherit(&first());
                assert_eq!(second.refresh_token(), Some("r1"));
                assert_eq!(second.refresh_expires_in(), Some(Duration::from_secs(50)));
                assert_eq!(second.refresh_expires_at(), Some(at(T0 + 100)), "T0 + 100, not T0 + 150");
                // A third refresh keeps it still.
                let mut third = Kakao {
                    access_token: "a3",
                    refresh_token: None,
                    refresh_token_expires_in: None,
                    received_at: T0 + 80,
                };
                third.inherit(&second);
                assert_eq!(third.refresh_expires_at(), Some(at(T0 + 100)));
            }

            #[test]
            fn no_time_left_is_zero() {
                let mut late = Kakao {
                    access_token: "a2",
                    refresh_token: None,
                    refresh_token_expires_in: None,
                    received_at: T0 + 120,
                };
                late.inherit(&first());
                assert_eq!(late.refresh_expires_in(), Some(Duration::ZERO));
                assert!(late.is_refresh_expired_at(at(T0 + 120)));
            }

            #[test]
            fn a_later_lifetime_sent_with_no_refresh_token_is_cut_to_the_kept_one() {
                let previous = Bare {
                    access_token: "a1",
                    refresh_token: Some("r1".into()),
                    refresh_token_expires_in: value(100),
                    received_at: T0,
                };
                let mut t = Bare {
                    access_token: "a2",
                    refresh_token: None,
                    refresh_token_expires_in: value(120),
                    received_at: T0 + 50,
                };
                t.inherit(&previous);
                assert_eq!(t.refresh_expires_at(), Some(at(T0 + 100)));
                // An earlier one stays.
                let mut t = Bare {
                    access_token: "a2",
                    refresh_token: None,
                    refresh_token_expires_in: value(10),
                    received_at: T0 + 50,
                };
                t.inherit(&previous);
                assert_eq!(t.refresh_expires_at(), Some(at(T0 + 60)));
            }
        }
    };
}

kakao!(lifetime_u8, u8, |s: u64| u8::try_from(s).unwrap());
kakao!(lifetime_u16, u16, |s: u64| u16::try_from(s).unwrap());
kakao!(lifetime_u32, u32, |s: u64| u32::try_from(s).unwrap());
kakao!(lifetime_u64, u64, |s: u64| s);
kakao!(lifetime_u128, u128, u128::from);
kakao!(lifetime_usize, usize, |s: u64| usize::try_from(s).unwrap());
kakao!(lifetime_i8, i8, |s: u64| i8::try_from(s).unwrap());
kakao!(lifetime_i16, i16, |s: u64| i16::try_from(s).unwrap());
kakao!(lifetime_i32, i32, |s: u64| i32::try_from(s).unwrap());
kakao!(lifetime_i64, i64, |s: u64| i64::try_from(s).unwrap());
kakao!(lifetime_i128, i128, i128::from);
kakao!(lifetime_isize, isize, |s: u64| isize::try_from(s).unwrap());
kakao!(lifetime_f32, f32, as_f32);
kakao!(lifetime_f64, f64, as_f64);
kakao!(lifetime_duration, Duration, Duration::from_secs);
kakao!(lifetime_string, String, |s: u64| s.to_string());
kakao!(lifetime_cow, Cow<'static, str>, |s: u64| Cow::Owned(s.to_string()));
kakao!(lifetime_boxed, Box<str>, |s: u64| s.to_string().into_boxed_str());
kakao!(lifetime_arc, Arc<str>, |s: u64| Arc::from(s.to_string()));
kakao!(lifetime_rc, Rc<str>, |s: u64| Rc::from(s.to_string()));

/// In milliseconds, the time left is written in milliseconds, rounded down.
#[test]
fn a_lifetime_in_milliseconds_is_written_in_milliseconds() {
    #[derive(TokenResponse)]
    struct Millis {
        access_token: &'static str,
        refresh_token: Option<String>,
        #[token(refresh_expires_in, unit = "ms")]
        refresh_ttl: Option<String>,
        issued_at: SystemTime,
    }
    let t0 = at(1_700_000_000);
    let previous = Millis {
        access_token: "a",
        refresh_token: Some("r".into()),
        refresh_ttl: Some("100500".into()),
        issued_at: t0,
    };
    let mut t = Millis {
        access_token: "b",
        refresh_token: None,
        refresh_ttl: None,
        issued_at: t0 + Duration::from_millis(250_750),
    };
    t.inherit(&previous);
    assert_eq!(t.refresh_ttl.as_deref(), Some("0"), "past its expiry: zero");
    let mut t = Millis {
        access_token: "b",
        refresh_token: None,
        refresh_ttl: None,
        issued_at: t0 + Duration::from_nanos(50_250_000_001),
    };
    t.inherit(&previous);
    assert_eq!(t.refresh_ttl.as_deref(), Some("50249"), "rounded down, never later");
    assert!(t.refresh_expires_at().unwrap() <= previous.refresh_expires_at().unwrap());
}

/// A `&str` cannot hold a number written anew: a struct whose only such field is one keeps no
/// expiry it had not, and so does a struct with no issue time to count a lifetime from.
#[test]
fn a_struct_that_cannot_hold_the_expiry_keeps_none() {
    #[derive(TokenResponse)]
    struct Borrowed {
        access_token: &'static str,
        refresh_token: Option<&'static str>,
        refresh_expires_in: Option<&'static str>,
        issued_at: u64,
    }
    let previous =
        Borrowed { access_token: "a", refresh_token: Some("r"), refresh_expires_in: Some("100"), issued_at: 1_000 };
    let mut t = Borrowed { access_token: "b", refresh_token: None, refresh_expires_in: None, issued_at: 1_050 };
    t.inherit(&previous);
    assert_eq!((t.refresh_token(), t.refresh_expires_in), (Some("r"), None));
    assert_eq!(t.refresh_expires_at(), None);

    #[derive(TokenResponse)]
    struct NoIssueTime {
        access_token: &'static str,
        refresh_token: Option<String>,
        refresh_expires_in: Option<u64>,
        issued_at: Option<u64>,
    }
    let previous = NoIssueTime {
        access_token: "a",
        refresh_token: Some("r".into()),
        refresh_expires_in: Some(100),
        issued_at: Some(1_000),
    };
    let mut t = NoIssueTime { access_token: "b", refresh_token: None, refresh_expires_in: None, issued_at: None };
    t.inherit(&previous);
    assert_eq!((t.refresh_expires_in, t.refresh_expires_at()), (None, None));

    #[derive(TokenResponse)]
    struct NoField {
        access_token: &'static str,
        refresh_token: Option<String>,
    }
    let mut t = NoField { access_token: "b", refresh_token: None };
    t.inherit(&NoField { access_token: "a", refresh_token: Some("r".into()) });
    assert_eq!((t.refresh_token(), t.refresh_expires_at()), (Some("r"), None));
}

/// For one absolute expiry type: when the previous token's expiry came from its lifetime, it is
/// written anew into the absolute expiry field (not into the lifetime field, which would count
/// from another issue time).
macro_rules! absolute_written {
    ($module:ident, $t:ty, $read:expr) => {
        mod $module {
            use super::*;

            #[derive(TokenResponse)]
            struct Tok {
                access_token: &'static str,
                refresh_token: Option<String>,
                refresh_expires_in: Option<u64>,
                refresh_expires_at: Option<$t>,
                issued_at: u64,
            }

            #[test]
            fn the_kept_expiry_is_written_as_an_absolute_expiry() {
                let previous = Tok {
                    access_token: "a",
                    refresh_token: Some("r".into()),
                    refresh_expires_in: Some(100),
                    refresh_expires_at: None,
                    issued_at: 10,
                };
                let mut t = Tok {
                    access_token: "b",
                    refresh_token: None,
                    refresh_expires_in: None,
                    refresh_expires_at: None,
                    issued_at: 20,
                };
                t.inherit(&previous);
                assert_eq!(t.refresh_expires_at(), Some(at(110)));
                assert_eq!(t.refresh_expires_at.as_ref().map($read), Some(110), "written in the field's unit");
                assert_eq!(t.refresh_expires_in, None, "the lifetime field is left as it is");
            }
        }
    };
}

absolute_written!(absolute_u8, u8, |v: &u8| u64::from(*v));
absolute_written!(absolute_u16, u16, |v: &u16| u64::from(*v));
absolute_written!(absolute_u32, u32, |v: &u32| u64::from(*v));
absolute_written!(absolute_u64, u64, |v: &u64| *v);
absolute_written!(absolute_u128, u128, |v: &u128| u64::try_from(*v).unwrap());
absolute_written!(absolute_usize, usize, |v: &usize| u64::try_from(*v).unwrap());
absolute_written!(absolute_i8, i8, |v: &i8| u64::try_from(*v).unwrap());
absolute_written!(absolute_i16, i16, |v: &i16| u64::try_from(*v).unwrap());
absolute_written!(absolute_i32, i32, |v: &i32| u64::try_from(*v).unwrap());
absolute_written!(absolute_i64, i64, |v: &i64| u64::try_from(*v).unwrap());
absolute_written!(absolute_i128, i128, |v: &i128| u64::try_from(*v).unwrap());
absolute_written!(absolute_isize, isize, |v: &isize| u64::try_from(*v).unwrap());
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn whole_f32(v: &f32) -> u64 {
    *v as u64
}
absolute_written!(absolute_f32, f32, whole_f32);
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn whole_f64(v: &f64) -> u64 {
    *v as u64
}
absolute_written!(absolute_f64, f64, whole_f64);
absolute_written!(absolute_system_time, SystemTime, |v: &SystemTime| v.duration_since(UNIX_EPOCH).unwrap().as_secs());
absolute_written!(absolute_string, String, |v: &String| v.parse().unwrap());
absolute_written!(absolute_cow, Cow<'static, str>, |v: &Cow<'static, str>| v.parse().unwrap());
#[allow(clippy::borrowed_box)] // the field's type, as the macro reads it
fn parse_boxed(v: &Box<str>) -> u64 {
    v.parse().unwrap()
}
absolute_written!(absolute_boxed, Box<str>, parse_boxed);
absolute_written!(absolute_arc, Arc<str>, |v: &Arc<str>| v.parse().unwrap());
absolute_written!(absolute_rc, Rc<str>, |v: &Rc<str>| v.parse().unwrap());
#[cfg(feature = "time")]
absolute_written!(absolute_offset_date_time, time::OffsetDateTime, |v: &time::OffsetDateTime| {
    u64::try_from(v.unix_timestamp()).unwrap()
});

/// A type that cannot be written (a `&str`, a `chrono::DateTime`) leaves it to the lifetime field.
#[test]
fn a_field_that_cannot_be_written_leaves_it_to_the_lifetime_field() {
    #[derive(TokenResponse)]
    struct Tok {
        access_token: &'static str,
        refresh_token: Option<String>,
        refresh_expires_in: Option<u64>,
        refresh_expires_at: Option<&'static str>,
        issued_at: u64,
    }
    let previous = Tok {
        access_token: "a",
        refresh_token: Some("r".into()),
        refresh_expires_in: Some(100),
        refresh_expires_at: None,
        issued_at: 10,
    };
    let mut t = Tok {
        access_token: "b",
        refresh_token: None,
        refresh_expires_in: None,
        refresh_expires_at: None,
        issued_at: 20,
    };
    t.inherit(&previous);
    assert_eq!((t.refresh_expires_at, t.refresh_expires_in), (None, Some(90)));
    assert_eq!(t.refresh_expires_at(), Some(at(110)));
}

/// In `auto`, an instant past 100,000,000,000 seconds is written in milliseconds, which `auto`
/// reads back as such.
#[test]
fn an_absolute_expiry_in_auto_is_written_in_the_unit_auto_reads() {
    #[derive(TokenResponse)]
    struct Tok {
        access_token: &'static str,
        refresh_token: Option<String>,
        refresh_expires_in: Option<u64>,
        refresh_expires_at: Option<u64>,
        issued_at: SystemTime,
    }
    let far = 150_000_000_000;
    let previous = Tok {
        access_token: "a",
        refresh_token: Some("r".into()),
        refresh_expires_in: Some(100),
        refresh_expires_at: None,
        issued_at: at(far),
    };
    let mut t = Tok {
        access_token: "b",
        refresh_token: None,
        refresh_expires_in: None,
        refresh_expires_at: None,
        issued_at: at(far + 1),
    };
    t.inherit(&previous);
    assert_eq!(t.refresh_expires_at, Some((far + 100) * 1000));
    assert_eq!(t.refresh_expires_at(), Some(at(far + 100)));
}

/// A previous refresh token that expired as unreadable (fail closed) passes that on.
#[test]
fn an_unreadable_previous_expiry_stays_expired() {
    #[derive(TokenResponse)]
    struct Tok {
        access_token: &'static str,
        refresh_token: Option<String>,
        refresh_expires_at: Option<String>,
    }
    let previous = Tok { access_token: "a", refresh_token: Some("r".into()), refresh_expires_at: Some("never".into()) };
    let mut t = Tok { access_token: "b", refresh_token: None, refresh_expires_at: None };
    t.inherit(&previous);
    assert_eq!(t.refresh_expires_at(), Some(UNIX_EPOCH));
    assert!(t.is_refresh_expired());
}
