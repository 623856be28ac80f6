//! `ReceivedAt`: stamps the moment of parsing, is Unix seconds as a JSON number, round-trips
//! within a millisecond, and lets a cached token keep its expiry.

use std::thread::sleep;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use token_response::{ReceivedAt, TokenResponse};

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

/// The distance between two instants, in either order.
fn gap(a: SystemTime, b: SystemTime) -> Duration {
    a.duration_since(b).unwrap_or_else(|e| e.duration())
}

#[derive(Serialize, Deserialize, TokenResponse)]
struct Google {
    access_token: String,
    expires_in: u64,
    scope: String,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
}

const GOOGLE: &str = r#"{"access_token": "ya29.a0AfH6SMB", "expires_in": 3599, "scope": "openid email"}"#;

#[test]
fn default_is_the_current_time() {
    let before = SystemTime::now();
    let stamped = ReceivedAt::default().time();
    let after = SystemTime::now();
    assert!(before <= stamped && stamped <= after, "{before:?} <= {stamped:?} <= {after:?}");

    let before = SystemTime::now();
    let stamped = ReceivedAt::now().time();
    assert!(before <= stamped && stamped <= SystemTime::now());
}

#[test]
fn serde_default_stamps_the_moment_of_parsing() {
    let before = SystemTime::now();
    let t: Google = serde_json::from_str(GOOGLE).unwrap();
    let after = SystemTime::now();
    let issued = t.issued_at().unwrap();
    assert!(before <= issued && issued <= after);
    assert_eq!(t.expires_at(), Some(issued + Duration::from_secs(3599)));
    assert!(!t.is_expired());
    assert!(!t.needs_refresh());
}

#[test]
fn it_deserializes_from_an_integer_or_a_float() {
    let read = |json: &str| serde_json::from_str::<ReceivedAt>(json).map(ReceivedAt::time);
    assert_eq!(read("1700000000").unwrap(), at(1_700_000_000));
    assert_eq!(read("0").unwrap(), UNIX_EPOCH);
    assert_eq!(read("1700000000.25").unwrap(), at(1_700_000_000) + Duration::from_millis(250));
    assert_eq!(read("1.5").unwrap(), UNIX_EPOCH + Duration::from_millis(1_500));
    assert_eq!(read("-86400").unwrap(), UNIX_EPOCH - Duration::from_secs(86_400));
    assert_eq!(read("-0.5").unwrap(), UNIX_EPOCH - Duration::from_millis(500));
    // Seconds always, never milliseconds: it is our own format.
    assert_eq!(read("200000000000").unwrap(), at(200_000_000_000));
    // Up to the last second of 9999.
    assert_eq!(read("253402300799").unwrap(), at(253_402_300_799));
    assert!(read("253402300800").is_err());
}

#[test]
fn it_refuses_what_is_not_a_representable_number() {
    for bad in [r#""1700000000""#, "null", "true", "[]", "{}", "1e300", "-1e300", "18446744073709551615"] {
        assert!(serde_json::from_str::<ReceivedAt>(bad).is_err(), "{bad}");
    }
}

#[test]
fn it_serializes_to_unix_seconds_as_a_number() {
    let at_quarter = ReceivedAt::from(at(1_700_000_000) + Duration::from_millis(250));
    let json = serde_json::to_value(at_quarter).unwrap();
    assert!(json.is_number(), "{json}");
    assert_eq!(json.as_f64(), Some(1_700_000_000.25));
    assert_eq!(serde_json::to_string(&ReceivedAt::from(at(10))).unwrap(), "10.0");
    let before = serde_json::to_value(ReceivedAt::from(UNIX_EPOCH - Duration::from_secs(5))).unwrap();
    assert_eq!(before.as_f64(), Some(-5.0));
}

#[test]
fn it_round_trips_within_a_millisecond() {
    let instants = [
        SystemTime::now(),
        UNIX_EPOCH,
        at(1_700_000_000) + Duration::from_nanos(123_456_789),
        at(4_102_444_800) + Duration::from_nanos(999_999_999),
        UNIX_EPOCH - Duration::from_nanos(1_234_567_891),
    ];
    for instant in instants {
        let json = serde_json::to_string(&ReceivedAt::from(instant)).unwrap();
        let back: ReceivedAt = serde_json::from_str(&json).unwrap();
        assert!(gap(back.time(), instant) < Duration::from_millis(1), "{instant:?} -> {json} -> {back:?}");
    }
}

#[test]
fn a_cached_token_keeps_its_expiry() {
    let fresh: Google = serde_json::from_str(GOOGLE).unwrap();
    let cached = serde_json::to_string(&fresh).unwrap();
    // Long enough that a token stamped anew on reload would be caught.
    sleep(Duration::from_millis(20));
    let reloaded: Google = serde_json::from_str(&cached).unwrap();
    let (before, after) = (fresh.expires_at().unwrap(), reloaded.expires_at().unwrap());
    assert!(gap(before, after) < Duration::from_millis(1), "{before:?} vs {after:?}");
    assert_eq!(reloaded.access_token(), "ya29.a0AfH6SMB");
    assert!(reloaded.has_scopes(&["openid", "email"]));
}

#[test]
fn an_old_cached_token_reloads_as_expired() {
    let mut t: Google = serde_json::from_str(GOOGLE).unwrap();
    t.received_at = ReceivedAt::from(at(1_600_000_000));
    let cached = serde_json::to_string(&t).unwrap();
    let reloaded: Google = serde_json::from_str(&cached).unwrap();
    assert_eq!(reloaded.issued_at(), Some(at(1_600_000_000)));
    assert_eq!(reloaded.expires_at(), Some(at(1_600_003_599)));
    assert!(reloaded.is_expired());
}

#[test]
fn it_converts_to_and_from_system_time_and_orders() {
    let earlier = ReceivedAt::from(at(1));
    let later = ReceivedAt::from(at(2));
    assert!(earlier < later);
    assert_eq!(SystemTime::from(later), at(2));
    assert_eq!(later.time(), at(2));
    assert_eq!(earlier, ReceivedAt::from(at(1)));
}

// ---------------------------------------------------------------------------------------------
// The receipt time role (contract v3): by name or attribute, capping the issue time.

/// GitLab sends `created_at` from its own clock; a server clock ahead of ours must not make the
/// token live longer.
#[derive(Deserialize, TokenResponse)]
struct GitLab {
    access_token: String,
    expires_in: u64,
    created_at: u64,
    #[serde(default)]
    received_at: ReceivedAt,
}

#[test]
fn a_server_clock_ahead_never_lengthens_the_token() {
    let now = SystemTime::now();
    let ahead = now.duration_since(UNIX_EPOCH).unwrap().as_secs() + 600;
    let body = format!(r#"{{"access_token": "glpat", "expires_in": 7200, "created_at": {ahead}}}"#);
    let t: GitLab = serde_json::from_str(&body).unwrap();
    let received = t.received_at.time();
    assert!(received >= now);
    assert_eq!(t.issued_at(), Some(received), "the receipt time, earlier than the skewed issue time");
    assert_eq!(t.expires_at(), Some(received + Duration::from_secs(7200)));
    // A server clock behind ours: its issue time counts.
    let behind = now.duration_since(UNIX_EPOCH).unwrap().as_secs() - 600;
    let body = format!(r#"{{"access_token": "glpat", "expires_in": 7200, "created_at": {behind}}}"#);
    let t: GitLab = serde_json::from_str(&body).unwrap();
    assert_eq!(t.issued_at(), Some(at(behind)));
    assert_eq!(t.expires_at(), Some(at(behind + 7200)));
}

#[derive(TokenResponse)]
struct Both {
    access_token: &'static str,
    expires_in: Option<i64>,
    issued_at: Option<&'static str>,
    #[token(received_at, unit = "ms")]
    got: Option<u64>,
}

fn both(expires_in: Option<i64>, issued_at: Option<&'static str>, got: Option<u64>) -> Both {
    Both { access_token: "a", expires_in, issued_at, got }
}

#[test]
fn the_issue_time_is_the_earlier_of_the_two_or_the_one_known() {
    assert_eq!(both(Some(60), Some("1000"), Some(900_000)).issued_at(), Some(at(900)));
    assert_eq!(both(Some(60), Some("1000"), Some(900_000)).expires_at(), Some(at(960)));
    assert_eq!(both(Some(60), Some("800"), Some(900_000)).expires_at(), Some(at(860)));
    // Either alone: the receipt time stands in for an absent issue time.
    assert_eq!(both(Some(60), None, Some(900_000)).expires_at(), Some(at(960)));
    assert_eq!(both(Some(60), Some("1000"), None).expires_at(), Some(at(1_060)));
    assert_eq!(both(Some(60), None, None).expires_at(), None);
    // `unit` applies to the receipt time as to an issue time.
    assert_eq!(both(None, None, Some(1_500)).issued_at(), Some(UNIX_EPOCH + Duration::from_millis(1_500)));
}

#[test]
fn an_unreadable_issue_or_receipt_time_fails_closed_beside_a_lifetime() {
    let t = both(Some(60), Some("yesterday"), Some(900_000));
    assert_eq!((t.issued_at(), t.expires_at()), (None, Some(UNIX_EPOCH)));
    let t = both(Some(60), Some("1000"), Some(u64::MAX));
    assert_eq!((t.issued_at(), t.expires_at()), (None, Some(UNIX_EPOCH)), "past 9999: unreadable");
    // Without a lifetime, no expiry depends on them.
    assert_eq!(both(None, Some("yesterday"), Some(900_000)).expires_at(), None);
}

/// The receipt time alone, when the struct has no issue time field: a `ReceivedAt` by name.
#[derive(Deserialize, TokenResponse)]
struct ByName {
    access_token: String,
    expires_in: u64,
    #[serde(default)]
    received_at: ReceivedAt,
}

#[test]
fn a_received_at_field_is_the_receipt_time_by_name() {
    let before = SystemTime::now();
    let t: ByName = serde_json::from_str(GOOGLE).unwrap();
    let received = t.issued_at().unwrap();
    assert!(before <= received && received <= SystemTime::now());
    assert_eq!(t.expires_at(), Some(received + Duration::from_secs(3599)));
    // A body that sends it (a cached token read back) keeps it.
    let t: ByName = serde_json::from_str(r#"{"access_token": "a", "expires_in": 60, "received_at": 1000.5}"#).unwrap();
    assert_eq!(t.expires_at(), Some(at(1_060) + Duration::from_millis(500)));
}

/// The shapes that fill a `ReceivedAt` when the body lacks it compile: `#[serde(default)]` on
/// the field or the struct, `skip_deserializing`, `skip`; an `Option<ReceivedAt>` needs none (it
/// is `None` when absent). And the receipt time is matched under every spelling of its name.
#[test]
fn every_shape_serde_fills_in_is_accepted() {
    #[derive(Deserialize, TokenResponse, Default)]
    #[serde(default)]
    struct ContainerDefault {
        access_token: String,
        #[serde(rename = "receivedAt")]
        stamp: ReceivedAt,
    }
    #[derive(Deserialize, TokenResponse)]
    struct Skipped {
        access_token: String,
        #[serde(skip_deserializing)]
        #[token(received_at)]
        stamp: token_response::ReceivedAt,
        #[serde(skip)]
        #[token(skip)]
        again: ReceivedAt,
    }
    #[derive(Deserialize, TokenResponse)]
    struct Optional {
        access_token: String,
        #[serde(alias = "received-at")]
        arrival: Option<ReceivedAt>,
    }
    let before = SystemTime::now();
    let t: ContainerDefault = serde_json::from_str(r#"{"access_token": "a"}"#).unwrap();
    assert!(t.issued_at().is_some_and(|received| received >= before));
    let t: Skipped = serde_json::from_str(r#"{"access_token": "a", "stamp": 5}"#).unwrap();
    assert!(t.issued_at().is_some_and(|received| received >= before), "skipped: stamped, not read");
    assert!(t.again.time() >= before);
    let t: Optional = serde_json::from_str(r#"{"access_token": "a"}"#).unwrap();
    assert_eq!(t.issued_at(), None);
    let t: Optional = serde_json::from_str(r#"{"access_token": "a", "received-at": 1000}"#).unwrap();
    assert_eq!(t.issued_at(), Some(at(1_000)));
}
