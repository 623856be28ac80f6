//! Numeric and timestamp conversions through the public field traits: every integer width,
//! floats, numeric strings in every string type, `Duration`, `SystemTime`, `ReceivedAt`, and the
//! `chrono` and `time` types, in every unit. Nothing panics, and the types agree with each other.
#![no_main]

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use token_response::role::{ExpiresAt, ExpiresIn, IssuedAt};
use token_response::{DurationField, ReceivedAt, TimestampField, Unit};

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    text: &'a str,
    int: i128,
    other: i128,
    float: f64,
    nanos: u32,
}

fn lifetime<T: DurationField<ExpiresIn>>(value: T, unit: Unit) -> Option<Duration> {
    value.duration(unit)
}

fn instant<T: TimestampField<IssuedAt> + TimestampField<ExpiresAt>>(value: T, unit: Unit) -> Option<SystemTime> {
    let issued = TimestampField::<IssuedAt>::timestamp(&value, unit);
    assert_eq!(issued, TimestampField::<ExpiresAt>::timestamp(&value, unit), "both roles read alike");
    issued
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

/// A numeric string reads as the same number in every string type, and as the integer it spells.
fn strings(text: &str, unit: Unit) {
    let duration = lifetime(text, unit);
    let time = instant(text, unit);
    assert!(duration.is_some(), "a present lifetime is never unknown");
    for (d, t) in [
        (lifetime(text.to_owned(), unit), instant(text.to_owned(), unit)),
        (lifetime(Cow::Borrowed(text), unit), instant(Cow::Borrowed(text), unit)),
        (lifetime(Box::<str>::from(text), unit), instant(Box::<str>::from(text), unit)),
        (lifetime(Arc::<str>::from(text), unit), instant(Arc::<str>::from(text), unit)),
        (lifetime(Rc::<str>::from(text), unit), instant(Rc::<str>::from(text), unit)),
        (lifetime(Some(text), unit), instant(Some(text), unit)),
    ] {
        assert_eq!((d, t), (duration, time), "every string type reads {text:?} alike");
    }
    if let Ok(n) = text.trim_ascii().parse::<i128>() {
        assert_eq!((duration, time), (lifetime(n, unit), instant(n, unit)), "{text:?} is {n}");
    } else if !text.bytes().any(|b| b.is_ascii_digit()) {
        assert_eq!((duration, time), (Some(Duration::ZERO), None), "{text:?} is no number");
    }
}

/// Every integer width reads its value as `i128` (or `u128`) does.
fn integers(int: i128, unit: Unit) {
    macro_rules! widths {
        ($($t:ty)*) => {$(
            let v = int as $t;
            let wide = i128::try_from(v).map_or_else(|_| (lifetime(v as u128, unit), instant(v as u128, unit)), |w| (lifetime(w, unit), instant(w, unit)));
            assert_eq!((lifetime(v, unit), instant(v, unit)), wide, "{} {v}", stringify!($t));
        )*};
    }
    widths!(u8 u16 u32 u64 u128 usize i8 i16 i32 i64 isize);

    // Seconds, or milliseconds to the nanosecond; negative counts back from 1970.
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
    let expected = from_epoch(int < 0, length);
    assert_eq!(instant(int, unit), expected, "{int} in {unit:?}");
    if int < 0 {
        assert_eq!(lifetime(int, unit), Some(Duration::ZERO), "a negative lifetime fails closed");
    }
}

/// Floats: never unknown as a lifetime, negative, NaN and infinite failing closed; NaN and
/// infinite are no instant.
fn floats(float: f64, unit: Unit) {
    for x in [float, f64::from(float as f32)] {
        let duration = lifetime(x, unit).expect("a present lifetime is never unknown");
        if !x.is_finite() || x < 0.0 {
            assert_eq!(duration, Duration::ZERO, "{x} fails closed");
        }
        if !x.is_finite() {
            assert_eq!(instant(x, unit), None, "{x} is no instant");
        }
        if x.is_finite() && x >= 0.0 && unit == Unit::Seconds {
            assert_eq!(duration, Duration::try_from_secs_f64(x).unwrap_or(Duration::MAX), "{x} s");
        }
    }
    let narrow = float as f32;
    assert_eq!(lifetime(narrow, unit), lifetime(f64::from(narrow), unit));
    assert_eq!(instant(narrow, unit), instant(f64::from(narrow), unit));
}

/// Typed times carry their own unit, and `chrono`'s and `time`'s convert to the nanosecond.
fn typed(int: i128, nanos: u32, unit: Unit) {
    let duration = Duration::new(int as u64, nanos % 1_000_000_000);
    assert_eq!(lifetime(duration, unit), Some(duration));
    if let Some(at) = unix(i128::from(int as i64), nanos % 1_000_000_000) {
        assert_eq!(instant(at, unit), Some(at));
        assert_eq!(TimestampField::<IssuedAt>::timestamp(&ReceivedAt::from(at), unit), Some(at));
    }
    if let Some(date) = chrono::DateTime::from_timestamp(int as i64, nanos) {
        assert_eq!(instant(date, unit), unix(i128::from(int as i64), nanos));
    }
    // Not `from_unix_timestamp_nanos`: time 0.3.45 wraps an out-of-range value into its range
    // (found by this target; later versions refuse it).
    let date = time::OffsetDateTime::from_unix_timestamp(int as i64).and_then(|d| d.replace_nanosecond(nanos));
    if let Ok(date) = date {
        assert_eq!(instant(date, unit), unix(i128::from(int as i64), nanos));
    }
}

fuzz_target!(|input: Input<'_>| {
    for unit in [Unit::Seconds, Unit::Millis, Unit::Auto] {
        strings(input.text, unit);
        integers(input.int, unit);
        floats(input.float, unit);
        typed(input.int, input.nanos, unit);
        // A longer lifetime never reads shorter, in the units a lifetime may have (`auto` is
        // for timestamps only: 1e11 s and 1e11 ms are far apart).
        let (a, b) = (input.int.min(input.other), input.int.max(input.other));
        if unit != Unit::Auto {
            assert!(lifetime(a, unit) <= lifetime(b, unit), "{a} {b}");
        }
    }
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
