//! The trait's methods on derived structs: expiry and its boundaries, units, the refresh
//! leeway, the refresh token's lifetime, token types, and extreme values in every time field.

use std::collections::HashSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use token_response::{TokenResponse, TokenType};

const MS: Duration = Duration::from_millis(1);

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

fn secs(secs: u64) -> Duration {
    Duration::from_secs(secs)
}

/// The common shape: issue time and lifetime, both optional.
#[derive(TokenResponse)]
struct Relative {
    access_token: String,
    issued_at: Option<u64>,
    expires_in: Option<u64>,
}

fn relative(issued_at: Option<u64>, expires_in: Option<u64>) -> Relative {
    Relative { access_token: "a".into(), issued_at, expires_in }
}

/// Strava's shape: an absolute expiry.
#[derive(TokenResponse)]
struct Absolute {
    access_token: String,
    expires_at: u64,
}

#[test]
fn expires_at_is_issue_time_plus_lifetime() {
    let t = relative(Some(1_700_000_000), Some(3600));
    assert_eq!(t.issued_at(), Some(at(1_700_000_000)));
    assert_eq!(t.expires_in(), Some(secs(3600)));
    assert_eq!(t.expires_at(), Some(at(1_700_003_600)));
}

#[test]
fn expired_exactly_at_expires_at_and_not_a_millisecond_before() {
    for t in [
        &relative(Some(1_000), Some(500)) as &dyn TokenResponse,
        &Absolute { access_token: "a".into(), expires_at: 1_500 },
    ] {
        let expiry = at(1_500);
        assert_eq!(t.expires_at(), Some(expiry));
        assert!(!t.is_expired_at(expiry - MS));
        assert!(t.is_expired_at(expiry));
        assert!(t.is_expired_at(expiry + MS));
        assert_eq!(t.remaining_at(expiry - MS), Some(MS));
        assert_eq!(t.remaining_at(expiry), Some(Duration::ZERO));
        assert_eq!(t.remaining_at(expiry + secs(1_000_000)), Some(Duration::ZERO));
        assert_eq!(t.remaining_at(at(1_000)), Some(secs(500)));
    }
}

#[test]
fn a_zero_lifetime_expires_when_issued() {
    let t = relative(Some(1_000), Some(0));
    assert_eq!(t.expires_at(), Some(at(1_000)));
    assert!(t.is_expired_at(at(1_000)));
    assert!(!t.is_expired_at(at(1_000) - MS));
    assert!(t.needs_refresh_at(at(1_000)));
    assert_eq!(t.remaining_at(at(1_000)), Some(Duration::ZERO));
}

#[derive(TokenResponse)]
struct FloatLifetime {
    access_token: String,
    issued_at: u64,
    expires_in: f64,
}

#[derive(TokenResponse)]
struct StringLifetime {
    access_token: String,
    issued_at: u64,
    expires_in: &'static str,
}

#[derive(TokenResponse)]
struct SignedLifetime {
    access_token: String,
    issued_at: u64,
    expires_in: i64,
}

#[test]
fn negative_nan_infinite_and_non_numeric_lifetimes_fail_closed() {
    let mut tokens: Vec<Box<dyn TokenResponse>> = Vec::new();
    for bad in [-1.0, -0.001, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MIN] {
        tokens.push(Box::new(FloatLifetime { access_token: "a".into(), issued_at: 100, expires_in: bad }));
    }
    for bad in ["-1", "abc", "", " ", "NaN", "inf", "1e3", "3600 seconds"] {
        tokens.push(Box::new(StringLifetime { access_token: "a".into(), issued_at: 100, expires_in: bad }));
    }
    for bad in [-1, i64::MIN] {
        tokens.push(Box::new(SignedLifetime { access_token: "a".into(), issued_at: 100, expires_in: bad }));
    }
    for t in &tokens {
        assert_eq!(t.expires_in(), Some(Duration::ZERO));
        assert_eq!(t.expires_at(), Some(at(100)));
        assert!(t.is_expired_at(at(100)));
        assert!(t.needs_refresh_at(at(100)));
        assert!(t.is_expired());
    }
}

#[test]
fn huge_lifetimes_saturate_and_an_unrepresentable_expiry_is_unknown() {
    let t = FloatLifetime { access_token: "a".into(), issued_at: 100, expires_in: f64::MAX };
    assert_eq!(t.expires_in(), Some(Duration::MAX));
    assert_eq!(t.expires_at(), None);
    assert!(!t.is_expired());
    let t = relative(Some(100), Some(u64::MAX));
    assert_eq!(t.expires_in(), Some(secs(u64::MAX)));
    assert_eq!(t.expires_at(), None);
    assert_eq!(t.remaining(), None);
    assert!(!t.needs_refresh());
}

#[test]
fn unknown_expiry_is_not_expired_and_needs_no_refresh() {
    for t in [relative(None, None), relative(Some(1), None), relative(None, Some(1))] {
        assert_eq!(t.expires_at(), None);
        assert!(!t.is_expired());
        assert!(!t.is_expired_at(at(u32::MAX.into())));
        assert_eq!(t.remaining(), None);
        assert_eq!(t.remaining_at(UNIX_EPOCH), None);
        assert!(!t.needs_refresh());
        assert!(!t.needs_refresh_at(at(u32::MAX.into())));
    }
}

#[test]
fn methods_without_at_read_the_system_clock() {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    let fresh = relative(Some(now), Some(3600));
    assert!(!fresh.is_expired());
    assert!(!fresh.needs_refresh());
    let left = fresh.remaining().unwrap();
    assert!(left <= secs(3600) && left > secs(3500), "{left:?}");

    let stale = relative(Some(now - 7200), Some(3600));
    assert!(stale.is_expired());
    assert!(stale.needs_refresh());
    assert_eq!(stale.remaining(), Some(Duration::ZERO));

    // Inside the default 60 s leeway, not yet expired.
    let soon = relative(Some(now - 3570), Some(3600));
    assert!(!soon.is_expired());
    assert!(soon.needs_refresh());
}

#[derive(TokenResponse)]
struct AbsoluteAndRelative {
    access_token: String,
    issued_at: Option<u64>,
    expires_in: Option<u64>,
    expires_at: Option<&'static str>,
}

#[test]
fn the_expiry_is_the_earlier_of_absolute_and_issue_time_plus_lifetime() {
    let t = AbsoluteAndRelative {
        access_token: "a".into(),
        issued_at: Some(1_000),
        expires_in: Some(100),
        expires_at: Some("5000"),
    };
    assert_eq!(t.absolute_expiry(), Some(at(5_000)));
    assert_eq!(t.expires_at(), Some(at(1_100)));
    assert!(t.is_expired_at(at(1_100)));
    // An absolute expiry earlier than issue time + lifetime comes first.
    let t = AbsoluteAndRelative { expires_at: Some("1050"), ..t };
    assert_eq!(t.expires_at(), Some(at(1_050)));
    // An RFC 3339 date-time is an absolute expiry too: 1970-01-01T00:17:30Z is 1050 s.
    let t = AbsoluteAndRelative { expires_at: Some("1970-01-01T00:17:30Z"), ..t };
    assert_eq!(t.expires_at(), Some(at(1_050)));
    // Without a lifetime, the absolute expiry alone.
    let t = AbsoluteAndRelative { expires_in: None, expires_at: Some("9999999999"), ..t };
    assert_eq!(t.expires_at(), Some(at(9_999_999_999)));
}

#[test]
fn an_absent_absolute_expiry_falls_back_and_an_unreadable_one_fails_closed() {
    let t = AbsoluteAndRelative {
        access_token: "a".into(),
        issued_at: Some(1_000),
        expires_in: Some(100),
        expires_at: None,
    };
    assert_eq!(t.absolute_expiry(), None);
    assert_eq!(t.expires_at(), Some(at(1_100)));
    for expires_at in ["", " ", "tomorrow", "NaN", "2023-08-30T18:29:11", "2023-08-30T18:29:11+0200"] {
        let t = AbsoluteAndRelative { access_token: "a".into(), expires_at: Some(expires_at), ..t };
        assert_eq!(t.absolute_expiry(), None, "{expires_at:?}");
        assert_eq!(t.expires_at(), Some(UNIX_EPOCH), "{expires_at:?}");
        assert!(t.is_expired_at(at(0)) && t.needs_refresh_at(at(0)), "{expires_at:?}");
    }
}

#[derive(TokenResponse)]
struct AutoUnits {
    access_token: String,
    issued_at: i64,
    expires_at: Option<f64>,
    expires_in: u64,
}

#[test]
fn unit_auto_detects_milliseconds() {
    let auto = |issued_at| AutoUnits { access_token: "a".into(), issued_at, expires_at: None, expires_in: 0 };
    assert_eq!(auto(1_700_000_000_000).issued_at(), Some(at(1_700_000_000)));
    assert_eq!(auto(1_700_000_000_123).issued_at(), Some(UNIX_EPOCH + Duration::from_millis(1_700_000_000_123)));
    assert_eq!(auto(1_700_000_000).issued_at(), Some(at(1_700_000_000)));
    // The threshold: 100,000,000,000 and above is milliseconds.
    assert_eq!(auto(99_999_999_999).issued_at(), Some(at(99_999_999_999)));
    assert_eq!(auto(100_000_000_000).issued_at(), Some(at(100_000_000)));
    // By absolute value: before 1970 too.
    assert_eq!(auto(-100_000_000_000).issued_at(), UNIX_EPOCH.checked_sub(secs(100_000_000)));
    assert_eq!(auto(-99_999_999_999).issued_at(), UNIX_EPOCH.checked_sub(secs(99_999_999_999)));

    let t = AutoUnits { access_token: "a".into(), issued_at: 0, expires_at: Some(1_700_000_000_500.0), expires_in: 0 };
    assert_eq!(t.absolute_expiry(), Some(UNIX_EPOCH + Duration::from_millis(1_700_000_000_500)));
    let t = AutoUnits { expires_at: Some(1_700_000_000.5), ..t };
    assert_eq!(t.absolute_expiry(), Some(UNIX_EPOCH + Duration::from_millis(1_700_000_000_500)));
}

#[derive(TokenResponse)]
struct Salesforce {
    access_token: String,
    issued_at: String,
}

#[test]
fn unit_auto_reads_salesforce_milliseconds_in_a_string() {
    let t = Salesforce { access_token: "00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog.39AsX.LVpxezPwuX5VAIrrbbHMuol7GQxnMeYMN7cj8EoWr78nt1u44zU31IbYNNJguseu".into(), issued_at: "1278448384422".into() };
    assert_eq!(t.issued_at(), Some(UNIX_EPOCH + Duration::from_millis(1_278_448_384_422)));
}

#[derive(TokenResponse)]
struct ForcedUnits {
    access_token: String,
    #[token(unit = "s")]
    issued_at: u64,
    #[token(unit = "ms")]
    expires_at: u64,
}

#[test]
fn unit_s_and_ms_force_the_unit() {
    // 200,000,000,000 would be milliseconds under `auto`; in seconds it is the year 8307.
    let t = ForcedUnits { access_token: "a".into(), issued_at: 200_000_000_000, expires_at: 1_700_000_000 };
    assert_eq!(t.issued_at(), Some(at(200_000_000_000)));
    assert_eq!(t.expires_at(), Some(at(1_700_000)));
}

#[test]
fn a_lifetime_is_seconds_by_default_whatever_its_size() {
    let t = AutoUnits { access_token: "a".into(), issued_at: 0, expires_at: None, expires_in: 1_700_000_000_000 };
    assert_eq!(t.expires_in(), Some(secs(1_700_000_000_000)));
}

#[test]
fn needs_refresh_has_a_60_second_leeway() {
    let t = relative(Some(1_000), Some(3600));
    let expiry = at(4_600);
    assert!(!t.needs_refresh_at(at(1_000)));
    assert!(!t.needs_refresh_at(expiry - secs(60) - MS));
    assert!(t.needs_refresh_at(expiry - secs(60)));
    assert!(t.needs_refresh_at(expiry));
    assert!(t.needs_refresh_at(expiry + secs(3600)));
}

#[test]
fn the_leeway_is_capped_at_half_the_lifetime() {
    // A 30 s token: refreshed after 15 s, not at once.
    let t = relative(Some(1_000), Some(30));
    assert!(!t.needs_refresh_at(at(1_000)));
    assert!(!t.needs_refresh_at(at(1_015) - MS));
    assert!(t.needs_refresh_at(at(1_015)));
    // 120 s is exactly where the cap meets the default: 60 s either way.
    let t = relative(Some(1_000), Some(120));
    assert!(!t.needs_refresh_at(at(1_060) - MS));
    assert!(t.needs_refresh_at(at(1_060)));
}

#[derive(TokenResponse)]
struct AbsoluteWithLifetime {
    access_token: String,
    expires_at: u64,
    expires_in: Option<u64>,
    issued_at: Option<u64>,
}

#[test]
fn the_lifetime_for_the_cap_is_expiry_minus_issue_time_else_expires_in() {
    // Both times known: 40 s lifetime (the sent `expires_in` of 1000 is not used), so 20 s leeway.
    let t = AbsoluteWithLifetime {
        access_token: "a".into(),
        expires_at: 1_040,
        expires_in: Some(1_000),
        issued_at: Some(1_000),
    };
    assert!(!t.needs_refresh_at(at(1_020) - MS));
    assert!(t.needs_refresh_at(at(1_020)));
    // No issue time: `expires_in` of 20 s gives a 10 s leeway.
    let t = AbsoluteWithLifetime { access_token: "a".into(), expires_at: 1_040, expires_in: Some(20), issued_at: None };
    assert!(!t.needs_refresh_at(at(1_030) - MS));
    assert!(t.needs_refresh_at(at(1_030)));
    // Lifetime unknown: the full 60 s.
    let t = AbsoluteWithLifetime { access_token: "a".into(), expires_at: 1_040, expires_in: None, issued_at: None };
    assert!(!t.needs_refresh_at(at(980) - MS));
    assert!(t.needs_refresh_at(at(980)));
}

#[derive(TokenResponse)]
#[token(refresh_leeway = 300)]
struct LongLeeway {
    access_token: String,
    issued_at: u64,
    expires_in: u64,
}

#[derive(TokenResponse)]
#[token(refresh_leeway = 0)]
struct NoLeeway {
    access_token: String,
    issued_at: u64,
    expires_in: u64,
}

#[test]
fn refresh_leeway_changes_the_leeway() {
    let t = LongLeeway { access_token: "a".into(), issued_at: 0, expires_in: 3600 };
    assert_eq!(t.refresh_leeway(), secs(300));
    assert!(!t.needs_refresh_at(at(3300) - MS));
    assert!(t.needs_refresh_at(at(3300)));
    // Still capped at half the lifetime.
    let t = LongLeeway { access_token: "a".into(), issued_at: 0, expires_in: 100 };
    assert!(!t.needs_refresh_at(at(50) - MS));
    assert!(t.needs_refresh_at(at(50)));

    let t = NoLeeway { access_token: "a".into(), issued_at: 0, expires_in: 100 };
    assert!(!t.needs_refresh_at(at(100) - MS));
    assert!(t.needs_refresh_at(at(100)));
}

#[derive(TokenResponse)]
struct Refreshable {
    access_token: String,
    refresh_token: Option<String>,
    issued_at: Option<u64>,
    expires_at: Option<u64>,
    refresh_expires_in: Option<u64>,
}

fn refreshable(issued_at: Option<u64>, refresh_expires_in: Option<u64>) -> Refreshable {
    Refreshable {
        access_token: "a".into(),
        refresh_token: Some("r".into()),
        issued_at,
        expires_at: None,
        refresh_expires_in,
    }
}

#[test]
fn the_refresh_token_expires_at_issue_time_plus_its_lifetime() {
    let t = refreshable(Some(1_000), Some(1_800));
    assert_eq!(t.refresh_expires_in(), Some(secs(1_800)));
    assert_eq!(t.refresh_expires_at(), Some(at(2_800)));
    assert!(!t.is_refresh_expired_at(at(2_800) - MS));
    assert!(t.is_refresh_expired_at(at(2_800)));
    assert!(t.is_refresh_expired());
    // The access token's expiry plays no part.
    assert_eq!(t.expires_at(), None);
}

#[test]
fn the_refresh_token_expiry_is_unknown_without_issue_time_or_lifetime() {
    for t in [refreshable(None, Some(1_800)), refreshable(Some(1_000), None), refreshable(None, None)] {
        assert_eq!(t.refresh_expires_at(), None);
        assert!(!t.is_refresh_expired_at(at(u32::MAX.into())));
        assert!(!t.is_refresh_expired());
    }
    // An absolute expiry of the access token does not stand in for the issue time.
    let t = Refreshable { expires_at: Some(5_000), ..refreshable(None, Some(10)) };
    assert_eq!(t.refresh_expires_at(), None);
}

#[test]
fn a_refresh_token_lifetime_of_zero_or_less_expires_at_issue() {
    let t = refreshable(Some(1_000), Some(0));
    assert_eq!(t.refresh_expires_at(), Some(at(1_000)));
    assert!(t.is_refresh_expired_at(at(1_000)));
    let t = SignedRefresh { access_token: "a".into(), issued_at: 1_000, refresh_expires_in: -5 };
    assert_eq!(t.refresh_expires_in(), Some(Duration::ZERO));
    assert!(t.is_refresh_expired_at(at(1_000)));
}

#[derive(TokenResponse)]
struct SignedRefresh {
    access_token: String,
    issued_at: u64,
    refresh_expires_in: i32,
}

#[test]
fn is_refresh_expired_reads_the_system_clock() {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    assert!(!refreshable(Some(now), Some(3600)).is_refresh_expired());
    assert!(refreshable(Some(now - 3601), Some(3600)).is_refresh_expired());
}

#[test]
fn an_empty_refresh_token_is_none() {
    let t = Refreshable { refresh_token: Some(String::new()), ..refreshable(None, None) };
    assert_eq!(t.refresh_token(), None);
    let t = Refreshable { refresh_token: None, ..refreshable(None, None) };
    assert_eq!(t.refresh_token(), None);
    let t = Refreshable { refresh_token: Some("tGzv3JOkF0XG5Qx2TlKWIA".into()), ..refreshable(None, None) };
    assert_eq!(t.refresh_token(), Some("tGzv3JOkF0XG5Qx2TlKWIA"));
}

#[derive(TokenResponse)]
struct MaybeToken {
    access_token: Option<String>,
}

#[test]
fn an_absent_access_token_is_empty() {
    assert_eq!(MaybeToken { access_token: None }.access_token(), "");
    assert_eq!(MaybeToken { access_token: Some("x".into()) }.access_token(), "x");
}

#[derive(TokenResponse)]
struct Typed {
    access_token: String,
    token_type: Option<String>,
}

fn token_type(text: Option<&str>) -> Typed {
    Typed { access_token: "a".into(), token_type: text.map(String::from) }
}

#[test]
fn token_type_is_parsed_case_insensitively() {
    for bearer in [None, Some(""), Some("bearer"), Some("Bearer"), Some("BEARER"), Some("bEaReR")] {
        let t = token_type(bearer);
        assert_eq!(t.token_type(), TokenType::Bearer, "{bearer:?}");
        assert_eq!(t.token_type().scheme(), "Bearer");
        assert_eq!(t.token_type().to_string(), "Bearer");
    }
    for dpop in ["dpop", "DPoP", "DPOP", "Dpop"] {
        let t = token_type(Some(dpop));
        assert_eq!(t.token_type(), TokenType::DPoP, "{dpop:?}");
        assert_eq!(t.token_type().scheme(), "DPoP");
        assert_eq!(t.token_type().to_string(), "DPoP");
    }
    for other in ["mac", "MAC", "N_A", "bot", "bearer2", " Bearer"] {
        let t = token_type(Some(other));
        assert_eq!(t.token_type(), TokenType::Other(other), "{other:?}");
        // The text as sent, not normalised.
        assert_eq!(t.token_type().scheme(), other);
        assert_eq!(t.token_type().to_string(), other);
    }
}

#[test]
fn token_type_is_copy_eq_and_hash() {
    let t = token_type(Some("mac"));
    let kind = t.token_type();
    let copy = kind;
    assert_eq!(kind, copy);
    let set: HashSet<TokenType<'_>> = [TokenType::Bearer, TokenType::DPoP, kind, copy, TokenType::Other("MAC")].into();
    assert_eq!(set.len(), 4);
    assert_eq!(format!("{kind:?}"), "Other(\"mac\")");
}

/// Every method on one value, so a panic anywhere fails the test.
fn call_everything(t: &dyn TokenResponse) {
    let now = SystemTime::now();
    let far = UNIX_EPOCH.checked_add(secs(i64::MAX as u64 / 2)).unwrap_or(now);
    let before = UNIX_EPOCH.checked_sub(secs(i64::MAX as u64 / 2)).unwrap_or(UNIX_EPOCH);
    let _ = (t.access_token(), t.refresh_token(), t.token_type(), t.refresh_leeway());
    let _ = (t.expires_in(), t.issued_at(), t.absolute_expiry(), t.expires_at(), t.refresh_expires_in());
    let _ = (t.is_expired(), t.remaining(), t.needs_refresh(), t.refresh_expires_at(), t.is_refresh_expired());
    for when in [now, UNIX_EPOCH, far, before] {
        let _ = (t.is_expired_at(when), t.remaining_at(when), t.needs_refresh_at(when), t.is_refresh_expired_at(when));
    }
    let _ = (t.scopes().count(), t.has_scope("a"), t.has_scopes(&["a", "b"]));
    let _ = (t.bearer_header(), t.authorization_header());
}

#[derive(TokenResponse)]
struct Floats {
    access_token: String,
    expires_in: f64,
    issued_at: f64,
    expires_at: Option<f64>,
    refresh_expires_in: f64,
}

#[derive(TokenResponse)]
struct Unsigned {
    access_token: String,
    expires_in: u128,
    issued_at: u128,
    expires_at: Option<u128>,
    refresh_expires_in: u64,
}

#[derive(TokenResponse)]
struct Signed {
    access_token: String,
    expires_in: i128,
    issued_at: i128,
    expires_at: Option<i128>,
    refresh_expires_in: i128,
}

#[derive(TokenResponse)]
#[token(refresh_leeway = 18446744073709551615)]
struct MaxLeeway {
    access_token: String,
    #[token(unit = "ms")]
    expires_in: u64,
    #[token(unit = "ms")]
    issued_at: u64,
    #[token(unit = "ms")]
    refresh_expires_in: u64,
}

#[test]
fn extreme_values_in_every_time_field_do_not_panic() {
    let floats =
        [0.0, -0.0, 1.0, -1.0, f64::MAX, f64::MIN, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::EPSILON, 1e-300];
    for a in floats {
        for b in floats {
            let t = Floats {
                access_token: "a".into(),
                expires_in: a,
                issued_at: b,
                expires_at: None,
                refresh_expires_in: a,
            };
            call_everything(&t);
            call_everything(&Floats { expires_at: Some(a), ..t });
        }
    }
    let unsigned = [0, 1, 99_999_999_999, 100_000_000_000, u64::MAX.into(), u128::from(u64::MAX) + 1, u128::MAX];
    for a in unsigned {
        for b in unsigned {
            let t = Unsigned {
                access_token: "a".into(),
                expires_in: a,
                issued_at: b,
                expires_at: None,
                refresh_expires_in: u64::MAX,
            };
            call_everything(&t);
            call_everything(&Unsigned { expires_at: Some(a), ..t });
        }
    }
    let signed = [0, 1, -1, i64::MIN.into(), i64::MAX.into(), i128::MIN, i128::MAX];
    for a in signed {
        for b in signed {
            let t = Signed {
                access_token: "a".into(),
                expires_in: a,
                issued_at: b,
                expires_at: None,
                refresh_expires_in: a,
            };
            call_everything(&t);
            call_everything(&Signed { expires_at: Some(b), ..t });
        }
    }
    for a in [0, 1, u64::MAX] {
        call_everything(&MaxLeeway { access_token: "a".into(), expires_in: a, issued_at: a, refresh_expires_in: a });
    }
}

#[test]
fn extreme_values_give_the_documented_answers() {
    let t = Unsigned {
        access_token: "a".into(),
        expires_in: u128::MAX,
        issued_at: u128::MAX,
        expires_at: None,
        refresh_expires_in: u64::MAX,
    };
    assert_eq!(t.expires_in(), Some(Duration::MAX));
    // An issue time past 9999-12-31T23:59:59Z is unreadable: beside a lifetime, expired.
    assert_eq!(t.issued_at(), None);
    assert_eq!(t.expires_at(), Some(UNIX_EPOCH));
    assert_eq!(t.refresh_expires_at(), Some(UNIX_EPOCH));
    // A readable issue time and a lifetime too large to add to it: unknown, never a panic.
    let t = Unsigned { issued_at: 1_700_000_000, ..t };
    assert_eq!(t.expires_at(), None);

    let t = Signed {
        access_token: "a".into(),
        expires_in: i128::MIN,
        issued_at: i128::MIN,
        expires_at: None,
        refresh_expires_in: 0,
    };
    assert_eq!(t.expires_in(), Some(Duration::ZERO));
    // Before anything `SystemTime` holds: no issue time, and an expiry computed from it fails
    // closed.
    assert_eq!(t.issued_at(), None);
    assert_eq!(t.expires_at(), Some(UNIX_EPOCH));
    assert!(t.is_expired());

    let t = Floats {
        access_token: "a".into(),
        expires_in: 10.0,
        issued_at: f64::NAN,
        expires_at: Some(f64::NAN),
        refresh_expires_in: 1.0,
    };
    // NaN is no time: unreadable, so the expiry fails closed.
    assert_eq!(t.issued_at(), None);
    assert_eq!(t.absolute_expiry(), None);
    assert_eq!(t.expires_at(), Some(UNIX_EPOCH));
    let t = Floats { issued_at: f64::INFINITY, expires_at: Some(f64::MAX), ..t };
    assert_eq!(t.issued_at(), None);
    assert_eq!(t.absolute_expiry(), None);
    // `f64::MAX` seconds is past 9999-12-31T23:59:59Z, and the infinite issue time is no time:
    // both unreadable, so expired.
    assert_eq!(t.expires_at(), Some(UNIX_EPOCH));
    let t = Floats { issued_at: 0.0, ..t };
    assert_eq!(t.expires_at(), Some(UNIX_EPOCH), "the far absolute expiry fails closed");
    let t = Floats { expires_at: None, ..t };
    assert_eq!(t.expires_at(), Some(at(10)));

    // `u64::MAX` milliseconds is within `SystemTime` and `Duration`.
    let t = MaxLeeway { access_token: "a".into(), expires_in: u64::MAX, issued_at: 0, refresh_expires_in: 1 };
    assert_eq!(t.expires_in(), Some(Duration::from_millis(u64::MAX)));
    assert_eq!(t.refresh_leeway(), secs(u64::MAX));
    assert!(!t.needs_refresh_at(UNIX_EPOCH));
}

/// A hand-written impl needs only `access_token`; everything else answers "absent".
struct Manual;

impl TokenResponse for Manual {
    fn access_token(&self) -> &str {
        "manual"
    }
}

#[test]
fn the_trait_is_dyn_compatible() {
    let tokens: Vec<Box<dyn TokenResponse>> = vec![
        Box::new(relative(Some(1_000), Some(100))),
        Box::new(Absolute { access_token: "b".into(), expires_at: 1_100 }),
        Box::new(Manual),
    ];
    let expiries: Vec<Option<SystemTime>> = tokens.iter().map(|t| t.expires_at()).collect();
    assert_eq!(expiries, [Some(at(1_100)), Some(at(1_100)), None]);
    let by_ref: &dyn TokenResponse = &*tokens[2];
    assert_eq!(by_ref.bearer_header().as_deref(), Ok("Bearer manual"));
    assert_eq!(by_ref.token_type(), TokenType::Bearer);
    assert_eq!(by_ref.refresh_leeway(), secs(60));
    assert!(!by_ref.is_expired());
    for t in &tokens {
        call_everything(t.as_ref());
    }
}

#[test]
fn the_trait_works_through_references_in_generic_code() {
    fn header<T: TokenResponse + ?Sized>(t: &T) -> String {
        t.authorization_header().unwrap_or_default()
    }
    assert_eq!(header(&Manual), "Bearer manual");
    assert_eq!(header(&Manual as &dyn TokenResponse), "Bearer manual");
}
