//! Timestamp strings in every timestamp role: RFC 3339 date-times in every string type (offsets,
//! fractions, separators, leap seconds), unreadable times failing closed, absent times unknown,
//! numeric strings of any length saturating, and the earlier of absolute and relative expiry.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Deserialize;
use token_response::{ReceivedAt, TokenResponse};

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

fn ms(ms: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(ms)
}

/// Date-times with their Unix time in seconds and nanoseconds, each worked out apart from the
/// crate: `datetime.fromisoformat(s).timestamp()` in Python on the date, time and offset, the
/// fraction digits taken as written, a `:60` second read as `:59` plus one.
const READABLE: &[(&str, u64, u32)] = &[
    ("2023-08-30T18:29:11.892Z", 1_693_420_151, 892_000_000),
    ("2023-08-30T18:29:11Z", 1_693_420_151, 0),
    ("2023-08-30T20:29:11.892+02:00", 1_693_420_151, 892_000_000),
    ("2023-08-30T13:59:11.892-04:30", 1_693_420_151, 892_000_000),
    ("2023-08-30T18:29:11.892-00:00", 1_693_420_151, 892_000_000),
    ("2023-08-30t18:29:11.892z", 1_693_420_151, 892_000_000),
    ("2023-08-30 18:29:11.892+00:00", 1_693_420_151, 892_000_000),
    ("  2023-08-30T18:29:11.892Z\t\n", 1_693_420_151, 892_000_000),
    ("2023-08-30T18:29:11.1Z", 1_693_420_151, 100_000_000),
    ("2023-08-30T18:29:11.123456789Z", 1_693_420_151, 123_456_789),
    ("2023-08-30T18:29:11.000000001+00:00", 1_693_420_151, 1),
    // A leap second is the next second.
    ("2016-12-31T23:59:60Z", 1_483_228_800, 0),
    ("2016-12-31T23:59:60.5Z", 1_483_228_800, 500_000_000),
    // Leap day; the epoch itself; the far end of four-digit years.
    ("2024-02-29T00:00:00Z", 1_709_164_800, 0),
    ("1970-01-01T00:00:00Z", 0, 0),
    ("1970-01-01T01:00:00+01:00", 0, 0),
    ("9999-12-31T23:59:59Z", 253_402_300_799, 0),
];

/// Strings that are no time: no offset, an offset in another form, too many fraction digits,
/// impossible dates and times, a date or a time alone, other formats; numeric strings in any
/// notation but decimal.
const UNREADABLE: &[&str] = &[
    "",
    " ",
    "soon",
    "2023-08-30T18:29:11",
    "2023-08-30T18:29:11.892",
    "2023-08-30T20:29:11+0200",
    "2023-08-30T20:29:11+02",
    "2023-08-30T20:29:11 UTC",
    "2023-08-30T18:29:11.1234567890Z",
    "2023-08-30T18:29:11.Z",
    "2023-02-29T00:00:00Z",
    "2023-13-01T00:00:00Z",
    "2023-08-30T24:00:00Z",
    "2023-08-30T18:60:00Z",
    "2023-08-30T18:29:61Z",
    "2023-08-30T18:29:11+24:00",
    "2023-08-30",
    "18:29:11Z",
    "2023-08-30T18:29:11Zjunk",
    "2023-08-30  18:29:11Z",
    "Wed, 30 Aug 2023 18:29:11 GMT",
    "+2023-08-30T18:29:11Z",
    "1e9",
    "0x10",
    "NaN",
    "inf",
];

fn unix(secs: u64, nanos: u32) -> SystemTime {
    UNIX_EPOCH + Duration::new(secs, nanos)
}

/// For one string type: RFC 3339 in each timestamp role, unreadable strings failing closed in
/// each, and `Option` of it.
macro_rules! rfc3339_in {
    ($module:ident, $t:ty) => {
        mod $module {
            use super::*;

            fn s(text: &'static str) -> $t {
                <$t>::from(text)
            }

            #[derive(TokenResponse)]
            struct Times {
                access_token: &'static str,
                issued_at: $t,
                expires_at: $t,
                refresh_expires_at: $t,
            }

            #[derive(TokenResponse)]
            struct Optional {
                access_token: &'static str,
                issued_at: Option<$t>,
                expires_in: Option<u64>,
                expires_at: Option<$t>,
                refresh_expires_in: Option<u64>,
                refresh_expires_at: Option<$t>,
            }

            #[test]
            fn rfc_3339_in_every_timestamp_role() {
                for &(text, secs, nanos) in READABLE {
                    let t = Times {
                        access_token: "a",
                        issued_at: s(text),
                        expires_at: s(text),
                        refresh_expires_at: s(text),
                    };
                    let expected = Some(unix(secs, nanos));
                    assert_eq!(t.issued_at(), expected, "{text:?}");
                    assert_eq!(t.absolute_expiry(), expected, "{text:?}");
                    assert_eq!(t.expires_at(), expected, "{text:?}");
                    assert_eq!(t.refresh_token_absolute_expiry(), expected, "{text:?}");
                    assert_eq!(t.refresh_expires_at(), expected, "{text:?}");
                }
            }

            #[test]
            fn unreadable_strings_fail_closed_in_every_timestamp_role() {
                for &text in UNREADABLE {
                    let t = Times {
                        access_token: "a",
                        issued_at: s(text),
                        expires_at: s(text),
                        refresh_expires_at: s(text),
                    };
                    assert_eq!(t.issued_at(), None, "{text:?}");
                    assert_eq!(t.absolute_expiry(), None, "{text:?}");
                    assert_eq!(t.refresh_token_absolute_expiry(), None, "{text:?}");
                    assert_eq!(t.expires_at(), Some(UNIX_EPOCH), "{text:?}");
                    assert_eq!(t.refresh_expires_at(), Some(UNIX_EPOCH), "{text:?}");
                    assert!(t.is_expired_at(UNIX_EPOCH) && t.needs_refresh_at(UNIX_EPOCH), "{text:?}");
                    assert_eq!(t.remaining_at(UNIX_EPOCH), Some(Duration::ZERO), "{text:?}");
                    assert!(t.is_refresh_expired_at(UNIX_EPOCH), "{text:?}");
                }
            }

            #[test]
            fn an_unreadable_issue_time_fails_closed_only_where_the_expiry_depends_on_it() {
                let far = s("2100-01-01T00:00:00Z");
                for &text in UNREADABLE {
                    // With lifetimes, the expiries are computed from it: already past.
                    let t = Optional {
                        access_token: "a",
                        issued_at: Some(s(text)),
                        expires_in: Some(3600),
                        expires_at: Some(far.clone()),
                        refresh_expires_in: Some(86_400),
                        refresh_expires_at: Some(far.clone()),
                    };
                    assert_eq!(t.issued_at(), None, "{text:?}");
                    assert_eq!(
                        (t.expires_at(), t.refresh_expires_at()),
                        (Some(UNIX_EPOCH), Some(UNIX_EPOCH)),
                        "{text:?}"
                    );
                    // Without lifetimes they are not: the absolute expiries count.
                    let t = Optional { expires_in: None, refresh_expires_in: None, ..t };
                    assert_eq!(t.expires_at(), Some(at(4_102_444_800)), "{text:?}");
                    assert_eq!(t.refresh_expires_at(), Some(at(4_102_444_800)), "{text:?}");
                    // Nor with nothing else known: unknown.
                    let t = Optional { expires_at: None, refresh_expires_at: None, ..t };
                    assert_eq!((t.expires_at(), t.refresh_expires_at()), (None, None), "{text:?}");
                }
            }

            #[test]
            fn absent_is_unknown_not_unreadable() {
                let t = Optional {
                    access_token: "a",
                    issued_at: None,
                    expires_in: Some(3600),
                    expires_at: None,
                    refresh_expires_in: Some(3600),
                    refresh_expires_at: None,
                };
                assert_eq!((t.issued_at(), t.absolute_expiry(), t.refresh_token_absolute_expiry()), (None, None, None));
                assert_eq!((t.expires_at(), t.refresh_expires_at()), (None, None));
                assert!(!t.is_expired_at(at(u32::MAX.into())) && !t.needs_refresh_at(at(u32::MAX.into())));
                assert!(!t.is_refresh_expired_at(at(u32::MAX.into())));
            }

            #[test]
            fn the_earlier_of_absolute_and_relative_expiry_in_either_order() {
                // Issued 2023-08-30T18:29:11Z (1693420151), one hour of life.
                let t = Optional {
                    access_token: "a",
                    issued_at: Some(s("2023-08-30T18:29:11Z")),
                    expires_in: Some(3600),
                    expires_at: Some(s("2023-08-30T19:00:00Z")),
                    refresh_expires_in: Some(60),
                    refresh_expires_at: Some(s("2023-08-30T21:29:11+02:00")),
                };
                // The absolute expiry comes first for the access token (1693422000 < 1693423751),
                // the relative one for the refresh token (1693420211 < 1693423751).
                assert_eq!(t.expires_at(), Some(at(1_693_422_000)));
                assert_eq!(t.refresh_expires_at(), Some(at(1_693_420_211)));
                let t = Optional {
                    expires_at: Some(s("2023-08-30T22:00:00+02:00")),
                    refresh_expires_at: Some(s("2023-08-30T18:29:41Z")),
                    ..t
                };
                // Now the other way round: 1693423751 < 1693425600, and 1693420181 < 1693420211.
                assert_eq!(t.expires_at(), Some(at(1_693_423_751)));
                assert_eq!(t.refresh_expires_at(), Some(at(1_693_420_181)));
            }
        }
    };
}

rfc3339_in!(string, String);
rfc3339_in!(str_ref, &'static str);
rfc3339_in!(cow, Cow<'static, str>);
rfc3339_in!(boxed, Box<str>);
rfc3339_in!(arc, Arc<str>);
rfc3339_in!(rc, Rc<str>);

/// A date-time before 1970 counts back from the epoch.
#[derive(TokenResponse)]
struct Old {
    access_token: &'static str,
    issued_at: &'static str,
    expires_in: u64,
}

#[test]
fn date_times_before_1970_count_back() {
    let t = Old { access_token: "a", issued_at: "1969-12-31T23:59:59.5Z", expires_in: 1 };
    assert_eq!(t.issued_at(), UNIX_EPOCH.checked_sub(Duration::from_millis(500)));
    assert_eq!(t.expires_at(), Some(ms(500)));
    let t = Old { issued_at: "0000-01-01T00:00:00Z", expires_in: 0, ..t };
    // 62167219200 s before 1970: python3 -c 'print((date(1970,1,1) - date(1,1,1)).days * 86400 + 366 * 86400)'
    assert_eq!(t.issued_at(), UNIX_EPOCH.checked_sub(Duration::from_secs(62_167_219_200)));
}

/// Numeric strings of any length, in each time role.
#[derive(TokenResponse)]
struct Numeric {
    access_token: &'static str,
    issued_at: Option<String>,
    expires_in: Option<String>,
    expires_at: Option<String>,
    refresh_expires_in: Option<String>,
    refresh_expires_at: Option<String>,
}

fn numeric(
    issued_at: Option<&str>,
    expires_in: Option<&str>,
    expires_at: Option<&str>,
    refresh_expires_in: Option<&str>,
    refresh_expires_at: Option<&str>,
) -> Numeric {
    let own = |text: Option<&str>| text.map(str::to_owned);
    Numeric {
        access_token: "a",
        issued_at: own(issued_at),
        expires_in: own(expires_in),
        expires_at: own(expires_at),
        refresh_expires_in: own(refresh_expires_in),
        refresh_expires_at: own(refresh_expires_at),
    }
}

#[test]
fn numeric_strings_of_any_length_saturate() {
    for digits in ["9".repeat(400), "1".repeat(40), format!("{}.5", "9".repeat(400)), format!("{}.5", "1".repeat(400))]
    {
        let padded = format!(" {digits}\t");
        for text in [digits.as_str(), padded.as_str()] {
            let t = numeric(Some("1000"), Some(text), None, Some(text), None);
            assert_eq!(t.expires_in(), Some(Duration::MAX), "{text}");
            assert_eq!(t.refresh_expires_in(), Some(Duration::MAX), "{text}");
            // Past what `SystemTime` holds: unknown, never expired, never zero.
            assert_eq!((t.expires_at(), t.refresh_expires_at()), (None, None), "{text}");
            assert!(!t.is_expired_at(at(u32::MAX.into())), "{text}");
            // As an instant: past 9999-12-31T23:59:59Z, so unreadable: the expiry fails closed,
            // whatever a readable expiry beside it says.
            let t = numeric(Some(text), None, Some(text), None, Some(text));
            assert_eq!((t.issued_at(), t.absolute_expiry()), (None, None), "{text}");
            assert_eq!((t.expires_at(), t.refresh_expires_at()), (Some(UNIX_EPOCH), Some(UNIX_EPOCH)), "{text}");
            let t = numeric(Some("1000"), Some("60"), Some(text), None, None);
            assert_eq!(t.expires_at(), Some(UNIX_EPOCH), "{text}");
        }
        // Negative: before anything `SystemTime` holds, an unreadable instant, and a zero lifetime.
        let negative = format!("-{digits}");
        let t = numeric(Some("1000"), Some(&negative), Some(&negative), Some(&negative), Some(&negative));
        assert_eq!(t.expires_in(), Some(Duration::ZERO), "{negative}");
        assert_eq!(t.refresh_expires_in(), Some(Duration::ZERO), "{negative}");
        assert_eq!((t.expires_at(), t.refresh_expires_at()), (Some(UNIX_EPOCH), Some(UNIX_EPOCH)), "{negative}");
    }
}

#[test]
fn a_long_numeric_string_reads_as_the_integer_it_spells() {
    // Leading zeros make it long, not large.
    let zeros = format!("{}3600", "0".repeat(400));
    let t = numeric(Some(&format!("{}1000", "0".repeat(400))), Some(&zeros), None, Some(&format!("{zeros}.5")), None);
    assert_eq!(t.expires_in(), Some(Duration::from_secs(3600)));
    assert_eq!(t.refresh_expires_in(), Some(Duration::from_millis(3_600_500)));
    assert_eq!(t.issued_at(), Some(at(1_000)));
    assert_eq!(t.expires_at(), Some(at(4_600)));
}

/// SECURITY.md's case: a negative lifetime beside an absolute expiry far ahead, stamped on receipt.
#[derive(Deserialize, TokenResponse)]
struct NegativeLifetime {
    access_token: String,
    expires_in: i64,
    expires_at: String,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
}

#[test]
fn a_negative_lifetime_beside_a_far_absolute_expiry_counts_as_expired() {
    let before = SystemTime::now();
    let t: NegativeLifetime =
        serde_json::from_str(r#"{"access_token": "a", "expires_in": -1, "expires_at": "2100-01-01T00:00:00Z"}"#)
            .unwrap();
    let after = SystemTime::now();
    assert_eq!(t.expires_in(), Some(Duration::ZERO));
    assert_eq!(t.absolute_expiry(), Some(at(4_102_444_800)));
    let expires = t.expires_at().unwrap();
    assert!(before <= expires && expires <= after, "expires on receipt");
    assert!(t.is_expired());
    assert!(t.needs_refresh());
    assert_eq!(t.remaining(), Some(Duration::ZERO));
}

/// A float that is no time fails closed as an unreadable string does.
#[derive(TokenResponse)]
struct Floats {
    access_token: &'static str,
    issued_at: f64,
    expires_in: u64,
    expires_at: Option<f32>,
    refresh_expires_at: f64,
}

#[test]
fn nan_and_infinite_times_fail_closed() {
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        #[allow(clippy::cast_possible_truncation)]
        let t = Floats {
            access_token: "a",
            issued_at: bad,
            expires_in: 60,
            expires_at: Some(bad as f32),
            refresh_expires_at: bad,
        };
        assert_eq!(t.issued_at(), None, "{bad}");
        assert_eq!(t.expires_at(), Some(UNIX_EPOCH), "{bad}");
        assert_eq!(t.refresh_expires_at(), Some(UNIX_EPOCH), "{bad}");
        let t = Floats { issued_at: 1_000.0, expires_at: None, ..t };
        assert_eq!(t.expires_at(), Some(at(1_060)), "{bad}: only the refresh expiry is unreadable");
    }
}
