//! Numeric and timestamp conversions through the public field traits: every integer width,
//! floats, numeric strings of any length and RFC 3339 date-times in every string type,
//! `Duration`, `SystemTime`, `ReceivedAt`, and the `chrono` and `time` types, in every unit.
//! Nothing panics; the types and the roles agree with each other; a numeric string reads as the
//! integer it spells, saturating however long it is; a date-time reads as chrono reads it; an
//! instant past 9999-12-31T23:59:59Z is too late, and what is no lifetime unreadable.
#![no_main]

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use token_response::{
    AbsoluteExpiryField, IssueTimeField, Lifetime, LifetimeField, ReceiptTimeField, ReceivedAt,
    RefreshTokenAbsoluteExpiryField, RefreshTokenLifetimeField, Timestamp, Unit,
};
use token_response_fuzz::rfc3339_oracle::{beyond_our_grammar, chrono_unix_time};

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    text: &'a str,
    int: i128,
    other: i128,
    float: f64,
    nanos: u32,
    long: Long<'a>,
    date: Date,
}

/// A numeric string of any length: its digits, a fraction's, a sign, whitespace around.
#[derive(Arbitrary, Debug)]
struct Long<'a> {
    digits: &'a [u8],
    fraction: Option<&'a [u8]>,
    negative: bool,
    padded: bool,
}

/// An RFC 3339 date-time's fields, mostly in range.
#[derive(Arbitrary, Debug)]
struct Date {
    year: u16,
    month: u8,
    day: u8,
    separator: u8,
    hour: u8,
    minute: u8,
    second: u8,
    fraction: Option<(u64, u8)>,
    offset: Option<(bool, u8, u8)>,
}

impl Date {
    fn text(&self) -> String {
        let (year, month, day) = (self.year % 10_000, self.month % 12 + 1, self.day % 28 + 1);
        let (hour, minute, second) = (self.hour % 24, self.minute % 60, self.second % 61);
        let separator = b"Tt "[usize::from(self.separator % 3)] as char;
        let fraction = match self.fraction {
            Some((digits, count)) => format!(".{digits:020}").chars().take(usize::from(count % 9) + 2).collect(),
            None => String::new(),
        };
        let offset = match self.offset {
            Some((west, hours, minutes)) => {
                format!("{}{:02}:{:02}", if west { '-' } else { '+' }, hours % 24, minutes % 60)
            }
            None => "Z".to_owned(),
        };
        format!("{year:04}-{month:02}-{day:02}{separator}{hour:02}:{minute:02}:{second:02}{fraction}{offset}")
    }
}

/// Both lifetime roles read a value alike.
fn lifetime<T: LifetimeField + RefreshTokenLifetimeField>(value: T, unit: Unit) -> Lifetime {
    let read = LifetimeField::lifetime(&value, unit);
    assert_eq!(read, RefreshTokenLifetimeField::lifetime(&value, unit), "both lifetime roles read alike");
    read
}

/// The four timestamp roles read a value alike.
fn timestamp<T: IssueTimeField + ReceiptTimeField + AbsoluteExpiryField + RefreshTokenAbsoluteExpiryField>(
    value: T,
    unit: Unit,
) -> Timestamp {
    let issued = IssueTimeField::timestamp(&value, unit);
    assert_eq!(issued, ReceiptTimeField::timestamp(&value, unit), "the timestamp roles read alike");
    assert_eq!(issued, AbsoluteExpiryField::timestamp(&value, unit), "the timestamp roles read alike");
    assert_eq!(issued, RefreshTokenAbsoluteExpiryField::timestamp(&value, unit), "the timestamp roles read alike");
    issued
}

/// The last instant a field may name: 9999-12-31T23:59:59Z.
const LAST: Duration = Duration::from_secs(253_402_300_799);

/// An instant as a field reads it: too late past [`LAST`] (or past `SystemTime`, `None`), and
/// `before` when `None` before 1970.
fn read_as(at: Option<SystemTime>, negative: bool) -> Timestamp {
    match at {
        Some(at) if at.duration_since(UNIX_EPOCH).is_ok_and(|after| after > LAST) => Timestamp::TooLate,
        Some(at) => Timestamp::At(at),
        None if negative => Timestamp::Unreadable,
        None => Timestamp::TooLate,
    }
}

/// The instant `length` after 1970, or before it when `negative`.
fn from_epoch(negative: bool, length: Option<Duration>) -> Option<SystemTime> {
    if negative { UNIX_EPOCH.checked_sub(length?) } else { UNIX_EPOCH.checked_add(length?) }
}

/// Unix time as whole seconds (rounded down) plus nanoseconds, computed on `Duration`s.
fn unix(seconds: i128, nanos: u32) -> Option<SystemTime> {
    let whole = u64::try_from(seconds.unsigned_abs()).ok().map(Duration::from_secs);
    from_epoch(seconds < 0, whole)?.checked_add(Duration::from_nanos(u64::from(nanos)))
}

/// A string reads as the same value in every string type; a numeric string as the integer it
/// spells; an RFC 3339 date-time as chrono reads it, whatever the unit; anything else is a zero
/// lifetime and an unreadable time.
fn strings(text: &str, unit: Unit) {
    let duration = lifetime(text, unit);
    let time = timestamp(text, unit);
    assert_ne!(duration, Lifetime::Absent, "a present lifetime is never unknown");
    assert_ne!(time, Timestamp::Absent, "a present timestamp is never absent");
    for (d, t) in [
        (lifetime(text.to_owned(), unit), timestamp(text.to_owned(), unit)),
        (lifetime(Cow::Borrowed(text), unit), timestamp(Cow::Borrowed(text), unit)),
        (lifetime(Box::<str>::from(text), unit), timestamp(Box::<str>::from(text), unit)),
        (lifetime(Arc::<str>::from(text), unit), timestamp(Arc::<str>::from(text), unit)),
        (lifetime(Rc::<str>::from(text), unit), timestamp(Rc::<str>::from(text), unit)),
        (lifetime(Some(text), unit), timestamp(Some(text), unit)),
    ] {
        assert_eq!((d, t), (duration, time), "every string type reads {text:?} alike");
    }
    if let Ok(n) = text.trim_ascii().parse::<i128>() {
        assert_eq!((duration, time), (lifetime(n, unit), timestamp(n, unit)), "{text:?} is {n}");
    } else if let Some((seconds, nanos)) = chrono_unix_time(text).filter(|_| !beyond_our_grammar(text)) {
        let expected = read_as(unix(i128::from(seconds), nanos), seconds < 0);
        assert_eq!(time, expected, "{text:?} is a date-time");
        assert_eq!(duration, Lifetime::Unreadable, "a date-time is no lifetime");
    } else if !text.bytes().any(|b| b.is_ascii_digit()) {
        assert_eq!((duration, time), (Lifetime::Unreadable, Timestamp::Unreadable), "{text:?} is no number");
    }
}

/// A numeric string of any length reads as the integer it spells, saturating: a lifetime past
/// `Duration` is `Duration::MAX`, never zero; an instant past 9999 too late, or before what
/// `SystemTime` holds unreadable. A fraction never makes a saturated value small.
fn long_numbers(long: &Long<'_>, unit: Unit) {
    let digits: String = long.digits.iter().map(|b| char::from(b'0' + b % 10)).collect();
    let digits = if digits.is_empty() { "0".to_owned() } else { digits };
    let sign = if long.negative { "-" } else { "" };
    let pad = |text: String| if long.padded { format!(" \t{text}\n ") } else { text };
    let integer = pad(format!("{sign}{digits}"));
    strings(&integer, unit);
    let (duration, time) = (lifetime(integer.as_str(), unit), timestamp(integer.as_str(), unit));
    let significant = digits.trim_start_matches('0');
    let value = if significant.is_empty() { "0" } else { significant };
    match (value.parse::<u128>(), long.negative) {
        (Ok(v), false) => assert_eq!((duration, time), (lifetime(v, unit), timestamp(v, unit)), "{integer}"),
        (Ok(v), true) => match i128::try_from(v) {
            Ok(v) => assert_eq!((duration, time), (lifetime(-v, unit), timestamp(-v, unit)), "{integer}"),
            Err(_) => assert_eq!((duration, time), (Lifetime::Unreadable, Timestamp::Unreadable), "{integer}"),
        },
        (Err(_), false) => {
            assert_eq!((duration, time), (Lifetime::Of(Duration::MAX), Timestamp::TooLate), "{integer} saturates");
        }
        (Err(_), true) => assert_eq!((duration, time), (Lifetime::Unreadable, Timestamp::Unreadable), "{integer}"),
    }
    let Some(fraction) = long.fraction.filter(|f| !f.is_empty()) else { return };
    let fraction: String = fraction.iter().map(|b| char::from(b'0' + b % 10)).collect();
    let decimal = pad(format!("{sign}{digits}.{fraction}"));
    strings(&decimal, unit);
    let (d, t) = (lifetime(decimal.as_str(), unit), timestamp(decimal.as_str(), unit));
    if long.negative {
        let zero = value == "0" && fraction.bytes().all(|b| b == b'0');
        let expected = if zero { Lifetime::Of(Duration::ZERO) } else { Lifetime::Unreadable };
        assert_eq!(d, expected, "{decimal}: a negative lifetime fails closed");
        if time == Timestamp::Unreadable {
            assert_eq!(t, Timestamp::Unreadable, "{decimal} is earlier still");
        }
    } else {
        if duration == Lifetime::Of(Duration::MAX) {
            assert_eq!(d, Lifetime::Of(Duration::MAX), "{decimal} saturates as {integer} does");
        }
        if time == Timestamp::TooLate {
            assert_eq!(t, Timestamp::TooLate, "{decimal} is later still");
        }
        if value != "0" {
            assert!(d.duration().is_some_and(|d| d >= Duration::from_millis(1)), "{decimal}: at least 1 is never zero");
        }
    }
}

/// Every integer width reads its value as `i128` (or `u128`) does.
fn integers(int: i128, unit: Unit) {
    macro_rules! widths {
        ($($t:ty)*) => {$(
            let v = int as $t;
            let wide = i128::try_from(v).map_or_else(|_| (lifetime(v as u128, unit), timestamp(v as u128, unit)), |w| (lifetime(w, unit), timestamp(w, unit)));
            assert_eq!((lifetime(v, unit), timestamp(v, unit)), wide, "{} {v}", stringify!($t));
        )*};
    }
    widths!(u8 u16 u32 u64 u128 usize i8 i16 i32 i64 isize);

    // Seconds, or milliseconds to the nanosecond; negative counts back from 1970; past 9999 is
    // too late, and before what `SystemTime` holds unreadable.
    let magnitude = int.unsigned_abs();
    let millis = match unit {
        Unit::Seconds => false,
        Unit::Millis => true,
        _ => magnitude >= 100_000_000_000,
    };
    let length = if millis {
        u64::try_from(magnitude / 1000).ok().map(|s| Duration::new(s, (magnitude % 1000) as u32 * 1_000_000))
    } else {
        u64::try_from(magnitude).ok().map(Duration::from_secs)
    };
    let expected = read_as(from_epoch(int < 0, length), int < 0);
    assert_eq!(timestamp(int, unit), expected, "{int} in {unit:?}");
    if int < 0 {
        assert_eq!(lifetime(int, unit), Lifetime::Unreadable, "a negative lifetime fails closed");
    }
}

/// Floats: never unknown as a lifetime, negative, NaN and infinite unreadable; NaN and infinite
/// are unreadable instants.
fn floats(float: f64, unit: Unit) {
    for x in [float, f64::from(float as f32)] {
        let read = lifetime(x, unit);
        if !x.is_finite() || x < 0.0 {
            assert_eq!(read, Lifetime::Unreadable, "{x} fails closed");
        }
        if !x.is_finite() {
            assert_eq!(timestamp(x, unit), Timestamp::Unreadable, "{x} is no instant");
        }
        if x.is_finite() && x >= 0.0 && unit == Unit::Seconds {
            assert_eq!(read, Lifetime::Of(Duration::try_from_secs_f64(x).unwrap_or(Duration::MAX)), "{x} s");
        }
    }
    let narrow = float as f32;
    assert_eq!(lifetime(narrow, unit), lifetime(f64::from(narrow), unit));
    assert_eq!(timestamp(narrow, unit), timestamp(f64::from(narrow), unit));
}

/// Typed times carry their own unit, and `chrono`'s and `time`'s convert to the nanosecond.
fn typed(int: i128, nanos: u32, unit: Unit) {
    let duration = Duration::new(int as u64, nanos % 1_000_000_000);
    assert_eq!(lifetime(duration, unit), Lifetime::Of(duration));
    if let Some(at) = unix(i128::from(int as i64), nanos % 1_000_000_000) {
        assert_eq!(timestamp(at, unit), read_as(Some(at), false));
        let received = ReceivedAt::from(at);
        assert_eq!(IssueTimeField::timestamp(&received, unit), read_as(Some(at), false));
        assert_eq!(ReceiptTimeField::timestamp(&received, unit), read_as(Some(at), false));
    }
    if let Some(date) = chrono::DateTime::from_timestamp(int as i64, nanos) {
        assert_eq!(timestamp(date, unit), read_as(unix(i128::from(int as i64), nanos), int < 0));
    }
    // Not `from_unix_timestamp_nanos`: time 0.3.45 wraps an out-of-range value into its range
    // (found by this target; later versions refuse it).
    let date = time::OffsetDateTime::from_unix_timestamp(int as i64).and_then(|d| d.replace_nanosecond(nanos));
    if let Ok(date) = date {
        assert_eq!(timestamp(date, unit), read_as(unix(i128::from(int as i64), nanos), int < 0));
    }
}

fuzz_target!(|input: Input<'_>| {
    let date = input.date.text();
    for unit in [Unit::Seconds, Unit::Millis, Unit::Auto] {
        strings(input.text, unit);
        strings(&date, unit);
        long_numbers(&input.long, unit);
        integers(input.int, unit);
        floats(input.float, unit);
        typed(input.int, input.nanos, unit);
        // A longer lifetime never reads shorter, in the units a lifetime may have (`auto` is
        // for timestamps only: 1e11 s and 1e11 ms are far apart).
        let (a, b) = (input.int.min(input.other), input.int.max(input.other));
        if unit != Unit::Auto {
            assert!(lifetime(a, unit).duration() <= lifetime(b, unit).duration(), "{a} {b}");
        }
    }
    // `unit` does not apply to a date-time.
    let read = timestamp(date.as_str(), Unit::Seconds);
    assert_eq!((read, read), (timestamp(date.as_str(), Unit::Millis), timestamp(date.as_str(), Unit::Auto)), "{date}");
    assert!(matches!(read, Timestamp::At(_) | Timestamp::TooLate), "{date} is a date-time in range");
    if let Ok(received) = serde_json::from_str::<ReceivedAt>(input.text) {
        let json = serde_json::to_string(&received).expect("a number");
        let back: ReceivedAt = serde_json::from_str(&json).expect("what was read can be read back");
        let drift = back.time().duration_since(received.time()).unwrap_or_else(|e| e.duration());
        let near = received.time().duration_since(UNIX_EPOCH).unwrap_or_else(|e| e.duration());
        if near < Duration::from_secs(1_000_000_000_000) {
            assert!(drift < Duration::from_millis(1), "{} drifted {drift:?}", input.text);
        }
    }
});
