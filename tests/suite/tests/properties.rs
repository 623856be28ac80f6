//! Property tests: arbitrary field values of every accepted field type, through the derive and
//! every method of the trait and `inherit`; every unreadable expiry input failing closed; the
//! expiry never later than one it knows; `inherit` never lengthening the refresh token's life.
//! Bounded (256 cases a property) so the file runs in seconds.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm};
use token_response::{
    AbsoluteExpiryField, Delimiter, IssueTimeField, LifetimeField, ReceiptTimeField, ReceivedAt,
    RefreshTokenAbsoluteExpiryField, RefreshTokenLifetimeField, ScopeField, Scopes, Timestamp, TokenResponse, Unit,
};

mod contract;

use contract::{Inputs, ScopeSource, check_fail_closed, check_inherit, check_response, check_scopes};

fn config() -> Config {
    // Failures are kept as named regression tests, not as files proptest writes beside this one.
    Config { cases: 256, failure_persistence: None, rng_algorithm: RngAlgorithm::XorShift, ..Config::default() }
}

/// Raw material for one field: every accepted field type is made from it.
#[derive(Debug, Clone)]
struct Raw {
    present: bool,
    text: String,
    list: Vec<String>,
    int: i128,
    float: f64,
    nanos: u32,
}

/// Texts a server may send: anything, visible ASCII, numeric strings, token types, scope lists.
fn text() -> impl Strategy<Value = String> {
    // Compiled here once: a `&str` pattern used as a strategy is parsed again for every value.
    let pattern = |regex: &str| proptest::string::string_regex(regex).expect("a valid pattern");
    prop_oneof![
        any::<String>(),
        pattern("[ -~]{0,24}"),
        pattern("[ \t\n]{0,2}[-+]?[0-9]{0,22}(\\.[0-9]{0,12})?[ \t\n]{0,2}"),
        pattern("(?i)(bearer|dpop|mac|n_a|)"),
        pattern("[a-z:,. \t\r\n\u{0}\u{7f}\u{e9}]{0,24}"),
    ]
}

/// Integers of every size, with the sizes token responses use most often.
fn int() -> impl Strategy<Value = i128> {
    prop_oneof![any::<i128>(), any::<i64>().prop_map(i128::from), -10_000_000_000_000_i128..10_000_000_000_000]
}

/// Floats of every class (NaN, infinities, subnormals) and of usual sizes.
fn float() -> impl Strategy<Value = f64> {
    prop_oneof![any::<f64>(), -1e13..1e13_f64]
}

fn raw() -> impl Strategy<Value = Raw> {
    (
        proptest::bool::weighted(0.9),
        text(),
        proptest::collection::vec(text(), 0..4),
        int(),
        float(),
        0..1_000_000_000_u32,
    )
        .prop_map(|(present, text, list, int, float, nanos)| Raw { present, text, list, int, float, nanos })
}

/// Seconds and nanoseconds since 1970 as an instant, the epoch when `SystemTime` cannot hold it.
fn unix(secs: i64, nanos: u32) -> SystemTime {
    let length = Duration::new(secs.unsigned_abs(), nanos);
    let instant = if secs < 0 { UNIX_EPOCH.checked_sub(length) } else { UNIX_EPOCH.checked_add(length) };
    instant.unwrap_or(UNIX_EPOCH)
}

/// A field value made from raw material, borrowing from it where the type borrows.
trait Make<'a> {
    /// Whether the type is a scope string (split by the delimiter) rather than a list.
    const TEXT: bool = false;
    /// Whether the type is an `Option`, absent when the raw material says so.
    const OPTION: bool = false;
    fn make(raw: &'a Raw) -> Self;
}

impl<'a, T: Make<'a>> Make<'a> for Option<T> {
    const TEXT: bool = T::TEXT;
    const OPTION: bool = true;
    fn make(raw: &'a Raw) -> Self {
        raw.present.then(|| T::make(raw))
    }
}

macro_rules! make_text {
    ($($t:ty => $make:expr),* $(,)?) => {$(
        impl<'a> Make<'a> for $t {
            const TEXT: bool = true;
            fn make(raw: &'a Raw) -> Self {
                $make(raw.text.as_str())
            }
        }
    )*};
}
make_text!(
    String => String::from,
    &'a str => |text| text,
    Cow<'a, str> => Cow::Borrowed,
    Box<str> => Box::from,
    Arc<str> => Arc::from,
    Rc<str> => Rc::from,
);

macro_rules! make_list {
    ($($t:ty => $make:expr),* $(,)?) => {$(
        impl<'a> Make<'a> for $t {
            fn make(raw: &'a Raw) -> Self {
                raw.list.iter().map($make).collect()
            }
        }
    )*};
}
make_list!(
    Vec<String> => String::clone,
    Vec<&'a str> => String::as_str,
    Vec<Cow<'a, str>> => |s: &'a String| Cow::Borrowed(s.as_str()),
    Box<[String]> => String::clone,
);

macro_rules! make_int {
    ($($t:ty)*) => {$(
        impl Make<'_> for $t {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // any bit pattern will do
            fn make(raw: &Raw) -> Self {
                raw.int as $t
            }
        }
    )*};
}
make_int!(u8 u16 u32 u64 u128 usize i8 i16 i32 i64 i128 isize);

impl Make<'_> for f64 {
    fn make(raw: &Raw) -> Self {
        raw.float
    }
}

impl Make<'_> for f32 {
    #[allow(clippy::cast_possible_truncation)] // out of range becomes infinite: wanted
    fn make(raw: &Raw) -> Self {
        raw.float as f32
    }
}

impl Make<'_> for Duration {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    fn make(raw: &Raw) -> Self {
        Duration::new(raw.int as u64, raw.nanos)
    }
}

impl Make<'_> for SystemTime {
    #[allow(clippy::cast_possible_truncation)]
    fn make(raw: &Raw) -> Self {
        unix(raw.int as i64, raw.nanos)
    }
}

impl Make<'_> for ReceivedAt {
    fn make(raw: &Raw) -> Self {
        SystemTime::make(raw).into()
    }
}

/// Every role, each of its own type; the issue and receipt times share one, and so do the two
/// absolute expiries.
#[derive(TokenResponse)]
struct Tok<A, R, T, E, RE, I, X, S> {
    access_token: A,
    refresh_token: R,
    token_type: T,
    expires_in: E,
    refresh_expires_in: RE,
    issued_at: I,
    #[serde(default)]
    received_at: I,
    expires_at: X,
    refresh_expires_at: X,
    scope: S,
}

impl<A, R, T, E, RE, I, X, S> Tok<A, R, T, E, RE, I, X, S>
where
    E: LifetimeField,
    RE: RefreshTokenLifetimeField,
    I: IssueTimeField + ReceiptTimeField,
    X: AbsoluteExpiryField + RefreshTokenAbsoluteExpiryField,
{
    /// The access token's expiry inputs and the refresh token's, as the derive reads them.
    fn inputs(&self) -> [Inputs; 2] {
        let issued = IssueTimeField::timestamp(&self.issued_at, Unit::Auto);
        let received = ReceiptTimeField::timestamp(&self.received_at, Unit::Auto);
        [
            Inputs {
                absolute: AbsoluteExpiryField::timestamp(&self.expires_at, Unit::Auto),
                issued,
                received,
                lifetime: LifetimeField::lifetime(&self.expires_in, Unit::Seconds),
            },
            Inputs {
                absolute: RefreshTokenAbsoluteExpiryField::timestamp(&self.refresh_expires_at, Unit::Auto),
                issued,
                received,
                lifetime: RefreshTokenLifetimeField::lifetime(&self.refresh_expires_in, Unit::Seconds),
            },
        ]
    }

    /// Whether `inherit` can make this token's fields hold `previous`'s refresh token expiry: a
    /// copy of `previous`'s absolute expiry field when that reads it, a value of the absolute
    /// expiry field's type built anew, or the time left in the lifetime field's type when the
    /// issue time is known.
    fn can_hold(&self, previous: &Self) -> bool
    where
        Self: TokenResponse,
    {
        let Some(kept) = previous.refresh_expires_at() else { return false };
        let read = RefreshTokenAbsoluteExpiryField::timestamp(&previous.refresh_expires_at, Unit::Auto);
        let copy = read == Timestamp::At(kept) && previous.refresh_expires_at.copied().is_some();
        let built = X::__built(kept, Unit::Auto).is_some();
        let left = self.issued_at().map(|issued| kept.duration_since(issued).unwrap_or_default());
        copy || built || left.is_some_and(|left| RE::__built(left, Unit::Seconds).is_some())
    }
}

macro_rules! every_field_type {
    ($($name:ident: $a:ty, $r:ty, $t:ty, $e:ty, $re:ty, $i:ty, $x:ty, $s:ty;)*) => {
        proptest! {
            #![proptest_config(config())]
            $(
                #[test]
                fn $name(raws in proptest::array::uniform10(raw())) {
                    #[allow(mismatched_lifetime_syntaxes)] // the rows spell `&str` and `Cow<str>`
                    fn make(raws: &[Raw; 10]) -> Tok<$a, $r, $t, $e, $re, $i, $x, $s> {
                        Tok {
                            access_token: Make::make(&raws[0]),
                            refresh_token: Make::make(&raws[1]),
                            token_type: Make::make(&raws[2]),
                            expires_in: Make::make(&raws[3]),
                            refresh_expires_in: Make::make(&raws[4]),
                            issued_at: Make::make(&raws[5]),
                            received_at: Make::make(&raws[9]),
                            expires_at: Make::make(&raws[6]),
                            refresh_expires_at: Make::make(&raws[8]),
                            scope: Make::make(&raws[7]),
                        }
                    }
                    let t = make(&raws);
                    let scope = &raws[7];
                    let absent = <$s as Make>::OPTION && !scope.present;
                    let source = match (<$s as Make>::TEXT, absent) {
                        (true, false) => ScopeSource::Text(&scope.text, Delimiter::Whitespace),
                        (true, true) => ScopeSource::Text("", Delimiter::Whitespace),
                        (false, false) => ScopeSource::List(scope.list.iter().map(String::as_str).collect()),
                        (false, true) => ScopeSource::List(Vec::new()),
                    };
                    check_response(&t, &source);
                    let [access, refresh] = t.inputs();
                    check_fail_closed(access, t.expires_at());
                    check_fail_closed(refresh, t.refresh_expires_at());

                    // The previous token from the same material, each field from another's.
                    let others: [Raw; 10] = std::array::from_fn(|i| raws[(i + 4) % 10].clone());
                    let previous = make(&others);
                    let mut merged = make(&raws);
                    merged.inherit(&previous);
                    check_inherit(&t, &previous, &merged, t.can_hold(&previous));
                }
            )*
        }
    };
}

// Each accepted type in each role it fits, and `Option`s among them.
every_field_type! {
    row_00: Option<String>, &str, Cow<str>, Option<u8>, i16, u8, Option<usize>, String;
    row_01: &str, Cow<str>, Option<Box<str>>, u16, i32, Option<u16>, i8, &str;
    row_02: Cow<str>, Option<Box<str>>, Arc<str>, u32, Option<i64>, u32, i16, Option<Cow<str>>;
    row_03: Option<Box<str>>, Arc<str>, Rc<str>, Option<u64>, i128, u64, Option<i32>, Box<str>;
    row_04: Arc<str>, Rc<str>, Option<String>, u128, isize, Option<u128>, i64, Arc<str>;
    row_05: Rc<str>, Option<String>, &str, usize, Option<f32>, usize, i128, Option<Rc<str>>;
    row_06: Option<String>, &str, Cow<str>, Option<i8>, f64, i8, Option<isize>, Vec<String>;
    row_07: &str, Cow<str>, Option<Box<str>>, i16, Duration, Option<i16>, f32, Vec<&str>;
    row_08: Cow<str>, Option<Box<str>>, Arc<str>, i32, Option<String>, i32, f64, Option<Vec<Cow<str>>>;
    row_09: Option<Box<str>>, Arc<str>, Rc<str>, Option<i64>, &str, i64, Option<SystemTime>, Box<[String]>;
    row_10: Arc<str>, Rc<str>, Option<String>, i128, Cow<str>, Option<i128>, String, String;
    row_11: Rc<str>, Option<String>, &str, isize, Option<Box<str>>, isize, &str, Option<&str>;
    row_12: Option<String>, &str, Cow<str>, Option<f32>, Arc<str>, f32, Option<Cow<str>>, Cow<str>;
    row_13: &str, Cow<str>, Option<Box<str>>, f64, Rc<str>, Option<f64>, Box<str>, Box<str>;
    row_14: Cow<str>, Option<Box<str>>, Arc<str>, Duration, Option<u8>, SystemTime, Arc<str>, Option<Arc<str>>;
    row_15: Option<Box<str>>, Arc<str>, Rc<str>, Option<String>, u16, String, Option<Rc<str>>, Rc<str>;
    row_16: Arc<str>, Rc<str>, Option<String>, &str, u32, Option<&str>, u8, Vec<String>;
    row_17: Rc<str>, Option<String>, &str, Cow<str>, Option<u64>, Cow<str>, u16, Option<Vec<&str>>;
    row_18: Option<String>, &str, Cow<str>, Option<Box<str>>, u128, Box<str>, Option<u32>, Vec<Cow<str>>;
    row_19: &str, Cow<str>, Option<Box<str>>, Arc<str>, usize, Option<Arc<str>>, u64, Box<[String]>;
    row_20: Cow<str>, Option<Box<str>>, Arc<str>, Rc<str>, Option<i8>, Rc<str>, u128, Option<String>;
    row_21: Option<Box<str>>, Arc<str>, Rc<str>, Option<u8>, i16, ReceivedAt, Option<usize>, &str;
}

/// Issue time and lifetime only, so `expires_at` is their sum.
#[derive(TokenResponse)]
struct Lifetime<E> {
    access_token: &'static str,
    issued_at: SystemTime,
    expires_in: E,
}

/// Two tokens issued together, `shorter` lifetime and `longer`: whenever the longer one's expiry
/// is known, the shorter one's is too and is no later, and it has no more time left.
fn check_monotonic<E: token_response::LifetimeField>(
    issued_at: SystemTime,
    shorter: E,
    longer: E,
) -> Result<(), TestCaseError> {
    let (a, b) = (
        Lifetime { access_token: "a", issued_at, expires_in: shorter },
        Lifetime { access_token: "a", issued_at, expires_in: longer },
    );
    prop_assert!(a.expires_in() <= b.expires_in());
    if let Some(later) = b.expires_at() {
        let earlier = a.expires_at();
        prop_assert!(earlier.is_some_and(|earlier| earlier <= later), "{earlier:?} > {later:?}");
        for now in [issued_at, later, SystemTime::now()] {
            prop_assert!(a.remaining_at(now) <= b.remaining_at(now));
            prop_assert!(!b.is_expired_at(now) || a.is_expired_at(now));
        }
    }
    Ok(())
}

fn issue_time() -> impl Strategy<Value = SystemTime> {
    prop_oneof![
        (-10_000_000_000_000_i64..10_000_000_000_000, 0..1_000_000_000_u32).prop_map(|(s, n)| unix(s, n)),
        (any::<i64>(), 0..1_000_000_000_u32).prop_map(|(s, n)| unix(s, n)),
    ]
}

/// Two values of `values`, the smaller first.
fn ordered<T: PartialOrd + std::fmt::Debug, S: Strategy<Value = T>>(
    values: fn() -> S,
) -> impl Strategy<Value = (T, T)> {
    (values(), values()).prop_map(|(x, y)| if x <= y { (x, y) } else { (y, x) })
}

/// Finite floats, NaN and infinities being no length.
fn finite() -> impl Strategy<Value = f64> {
    prop_oneof![proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO, -1e12..1e12_f64]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn expires_at_is_monotonic_in_an_integer_lifetime(at in issue_time(), (a, b) in ordered(any::<i128>), (c, d) in ordered(|| -10_i64..100_000_000)) {
        check_monotonic(at, a, b)?;
        check_monotonic(at, c, d)?;
    }

    #[test]
    fn expires_at_is_monotonic_in_a_float_lifetime(at in issue_time(), (a, b) in ordered(finite)) {
        check_monotonic(at, a, b)?;
    }

    #[test]
    fn expires_at_is_monotonic_in_a_duration(at in issue_time(), (a, b) in ordered(any::<u64>), n in 0..1_000_000_000_u32) {
        check_monotonic(at, Duration::new(a, n), Duration::new(b, n))?;
    }

    #[test]
    fn expires_at_is_monotonic_in_a_numeric_string(at in issue_time(), (a, b) in ordered(finite), (i, j) in ordered(any::<i128>)) {
        check_monotonic(at, a.to_string(), b.to_string())?;
        check_monotonic(at, i.to_string(), j.to_string())?;
    }

    #[test]
    fn scope_strings_split_by_any_delimiter(text in text(), c in any::<char>()) {
        for delimiter in [Delimiter::Whitespace, Delimiter::Char(c), Delimiter::Char(',')] {
            check_scopes(Scopes::from_text(&text, delimiter), &ScopeSource::Text(&text, delimiter));
            // Every string type splits alike, through its `ScopeField`.
            let expected: Vec<&str> = Scopes::from_text(&text, delimiter).collect();
            let owned = (text.clone(), Cow::Borrowed(text.as_str()), Box::<str>::from(text.as_str()));
            let shared = (Arc::<str>::from(text.as_str()), Rc::<str>::from(text.as_str()), Some(text.as_str()));
            for scopes in [
                owned.0.scopes(delimiter), owned.1.scopes(delimiter), owned.2.scopes(delimiter),
                shared.0.scopes(delimiter), shared.1.scopes(delimiter), shared.2.scopes(delimiter),
            ] {
                prop_assert_eq!(&scopes.collect::<Vec<_>>(), &expected);
            }
        }
    }

    #[test]
    fn scope_lists_ignore_the_delimiter(list in proptest::collection::vec(text(), 0..6), c in any::<char>()) {
        let strs: Vec<&str> = list.iter().map(String::as_str).collect();
        let cows: Vec<Cow<str>> = strs.iter().map(|s| Cow::Borrowed(*s)).collect();
        let boxed: Box<[String]> = list.clone().into_boxed_slice();
        let source = ScopeSource::List(strs.clone());
        for delimiter in [Delimiter::Char(c), Delimiter::Whitespace] {
            for scopes in [list.scopes(delimiter), strs.scopes(delimiter), cows.scopes(delimiter), boxed.scopes(delimiter)] {
                check_scopes(scopes, &source);
            }
        }
    }

    #[test]
    fn received_at_round_trips_through_json_within_a_millisecond(secs in -1_000_000_000_000_i64..253_402_300_799, nanos in 0..1_000_000_000_u32) {
        let sent = ReceivedAt::from(unix(secs, nanos));
        let json = serde_json::to_string(&sent).expect("a number");
        let back: ReceivedAt = serde_json::from_str(&json).expect("in range");
        let drift = match sent.time().duration_since(back.time()) {
            Ok(ahead) => ahead,
            Err(behind) => behind.duration(),
        };
        prop_assert!(drift < Duration::from_millis(1), "{json} drifted {drift:?}");
    }

    #[test]
    fn received_at_never_panics_on_a_json_number(secs in any::<i64>(), float in any::<f64>(), nanos in 0..1_000_000_000_u32) {
        let sent = ReceivedAt::from(unix(secs, nanos));
        let json = serde_json::to_string(&sent).expect("a number");
        let _ = serde_json::from_str::<ReceivedAt>(&json);
        let _ = serde_json::from_str::<ReceivedAt>(&float.to_string());
    }
}

// ---------------------------------------------------------------------------------------------
// Timestamp strings: unreadable ones fail closed, and the expiry is the earliest known.

/// The time fields as strings, the lifetimes as integers.
#[derive(TokenResponse, Clone, Debug)]
struct Times {
    access_token: &'static str,
    issued_at: Option<String>,
    expires_in: Option<i64>,
    expires_at: Option<String>,
    refresh_expires_in: Option<i64>,
    refresh_expires_at: Option<String>,
}

/// An RFC 3339 date-time (any offset, any fraction) or a numeric string: a time the crate reads,
/// or one past what `SystemTime` holds.
fn time_text() -> impl Strategy<Value = String> {
    let date = (0..=9999_u32, 1..=12_u32, 1..=28_u32, 0..24_u32, 0..60_u32, 0..=60_u32);
    let fraction = proptest::option::of("[0-9]{1,9}");
    let offset = prop_oneof![
        Just("Z".to_owned()),
        ("[+-]", 0..24_u32, 0..60_u32).prop_map(|(s, h, m)| format!("{s}{h:02}:{m:02}"))
    ];
    prop_oneof![
        (date, fraction, offset).prop_map(|((y, mo, d, h, mi, s), fraction, offset)| {
            let fraction = fraction.map_or(String::new(), |digits| format!(".{digits}"));
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{fraction}{offset}")
        }),
        any::<i64>().prop_map(|n| n.to_string()),
        (-5_000_000_000_000_i64..5_000_000_000_000).prop_map(|n| n.to_string()),
        (any::<i32>(), 0..1000_u32).prop_map(|(n, f)| format!("{n}.{f:03}")),
        "[0-9]{20,60}",
    ]
}

/// A string that holds no time: anything at all, or a near miss of a date-time.
fn unreadable_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,30}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,12})?([+-][0-9]{2,4}|UTC| ?)",
    ]
    .prop_filter("a time the crate reads", |text| {
        IssueTimeField::timestamp(&text.as_str(), Unit::Auto) == Timestamp::Unreadable
    })
}

fn lifetime() -> impl Strategy<Value = i64> {
    prop_oneof![any::<i64>(), -10..100_000_000_i64]
}

fn times() -> impl Strategy<Value = Times> {
    let time = || proptest::option::of(time_text());
    (time(), proptest::option::of(lifetime()), time(), proptest::option::of(lifetime()), time()).prop_map(
        |(issued_at, expires_in, expires_at, refresh_expires_in, refresh_expires_at)| Times {
            access_token: "a",
            issued_at,
            expires_in,
            expires_at,
            refresh_expires_in,
            refresh_expires_at,
        },
    )
}

/// Instants around those a token's answers name, and far off.
fn instants(tokens: &[&Times]) -> Vec<SystemTime> {
    let mut at = vec![UNIX_EPOCH, SystemTime::now()];
    at.extend(UNIX_EPOCH.checked_sub(Duration::from_secs(i64::MAX.unsigned_abs())));
    at.extend(UNIX_EPOCH.checked_add(Duration::from_secs(i64::MAX.unsigned_abs())));
    for t in tokens {
        for known in [t.issued_at(), t.expires_at(), t.refresh_expires_at(), t.absolute_expiry()].into_iter().flatten()
        {
            let nanosecond = Duration::from_nanos(1);
            at.extend(
                [known.checked_sub(nanosecond), Some(known), known.checked_add(nanosecond)].into_iter().flatten(),
            );
            at.extend(known.checked_sub(Duration::from_secs(60)));
        }
    }
    at
}

proptest! {
    #![proptest_config(config())]

    /// An unreadable time in place of an absent one never makes a token, or its refresh token,
    /// live longer: wherever the token with the field absent (and a known lifetime) is expired, so
    /// is the token with it unreadable.
    #[test]
    fn an_unreadable_time_never_makes_a_token_live_longer(
        base in times(),
        lifetimes in (lifetime(), lifetime()),
        which in 0..3_usize,
        unreadable in unreadable_text(),
    ) {
        let absent = Times { expires_in: Some(lifetimes.0), refresh_expires_in: Some(lifetimes.1), ..base };
        let mut unreadable_one = absent.clone();
        let (absent, field) = match which {
            0 => (Times { issued_at: None, ..absent }, &mut unreadable_one.issued_at),
            1 => (Times { expires_at: None, ..absent }, &mut unreadable_one.expires_at),
            _ => (Times { refresh_expires_at: None, ..absent }, &mut unreadable_one.refresh_expires_at),
        };
        *field = Some(unreadable);
        let with = &unreadable_one;
        prop_assert_eq!(with.issued_at(), if which == 0 { None } else { absent.issued_at() });
        // From 1970 on: an unreadable time fails closed to `UNIX_EPOCH`, which a time read before
        // 1970 precedes.
        for now in instants(&[&absent, with]).into_iter().filter(|now| *now >= UNIX_EPOCH) {
            prop_assert!(!absent.is_expired_at(now) || with.is_expired_at(now), "{:?} at {:?}", with, now);
            prop_assert!(!absent.is_refresh_expired_at(now) || with.is_refresh_expired_at(now), "{:?} at {:?}", with, now);
            prop_assert!(!absent.needs_refresh_at(now) || with.needs_refresh_at(now), "{:?} at {:?}", with, now);
        }
        // The expiry that depends on it is known, and no later than `UNIX_EPOCH`.
        let depends = match which {
            0 => [with.expires_at(), with.refresh_expires_at()].to_vec(),
            1 => vec![with.expires_at()],
            _ => vec![with.refresh_expires_at()],
        };
        for expiry in depends {
            prop_assert!(expiry.is_some_and(|expiry| expiry <= UNIX_EPOCH), "{:?}: {:?}", with, expiry);
        }
    }

    /// `expires_at()` and `refresh_expires_at()` are never later than either expiry they know:
    /// the absolute one, or issue time + lifetime (but for `UNIX_EPOCH`, where an unreadable input
    /// fails closed, beside a known time before 1970).
    #[test]
    fn the_expiry_is_never_later_than_either_known_expiry(
        t in times(),
        unreadable in proptest::option::of((0..3_usize, unreadable_text())),
    ) {
        let mut t = t;
        if let Some((which, text)) = unreadable {
            *[&mut t.issued_at, &mut t.expires_at, &mut t.refresh_expires_at][which] = Some(text);
        }
        let sum = |lifetime: Option<Duration>| t.issued_at()?.checked_add(lifetime?);
        for (expiry, absolute, relative) in [
            (t.expires_at(), t.absolute_expiry(), sum(t.expires_in())),
            (t.refresh_expires_at(), t.refresh_token_absolute_expiry(), sum(t.refresh_expires_in())),
        ] {
            for known in [absolute, relative].into_iter().flatten() {
                prop_assert!(
                    expiry.is_some_and(|expiry| expiry <= known || expiry == UNIX_EPOCH),
                    "{:?}: {:?} > {:?}", t, expiry, known
                );
            }
            if absolute.is_none() && relative.is_none() {
                prop_assert!(expiry.is_none() || expiry == Some(UNIX_EPOCH), "{:?}: {:?}", t, expiry);
            }
        }
    }
}
