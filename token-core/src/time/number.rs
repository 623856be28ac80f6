//! Numbers as token responses send them, and their conversion to durations and instants.
//!
//! Every numeric field (integers of every width, floats, numeric strings) becomes a [`Number`]
//! first, so each rule (what a numeric string is, how a unit applies, what overflows) lives here
//! once; and the way back, a lifetime or an instant as a whole number in a unit ([`Whole`]), for
//! what `inherit` writes.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::time::timestamp::LATEST;
use crate::{Lifetime, Timestamp, Unit};

/// A number as a field carries it: an integer as sign and magnitude (so `u128::MAX` and
/// `i128::MIN` both fit), or a float.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    Int { negative: bool, magnitude: u128 },
    Float(f64),
}

/// A number read as a span of time in some unit.
enum Span {
    /// A finite value: its sign and its size.
    Finite { negative: bool, length: Duration },
    /// Larger than `Duration` holds.
    Overflow { negative: bool },
    /// NaN or infinite.
    NotFinite,
}

impl Number {
    /// Parses a numeric string: a decimal integer or decimal fraction with an optional sign,
    /// surrounded by optional ASCII whitespace (`"3599"`, `" 3600 "`, `"86400.5"`, `"-1"`).
    /// Anything else (`""`, `"1e3"`, `"0x10"`, `"NaN"`, `".5"`, `"5."`) is `None`.
    pub(crate) fn parse(text: &str) -> Option<Number> {
        let text = text.trim_ascii();
        let (negative, unsigned) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        match unsigned.split_once('.') {
            None if digits(unsigned) => {
                // All digits, so the only failure is overflow: saturate.
                let magnitude = unsigned.parse().unwrap_or(u128::MAX);
                // `-0` is zero, not negative.
                Some(Number::Int { negative: negative && magnitude != 0, magnitude })
            }
            Some((int, frac)) if digits(int) && digits(frac) => match text.parse::<f64>() {
                Ok(value) if value.is_finite() => Some(Number::Float(value)),
                // Too many digits for a float: saturate, as the integer part alone does.
                _ => Some(Number::Int { negative, magnitude: u128::MAX }),
            },
            _ => None,
        }
    }

    /// This number as a lifetime: negative, NaN and infinite values are unreadable, and a value
    /// too large for `Duration` saturates to `Duration::MAX`.
    #[inline]
    pub(crate) fn lifetime(self, unit: Unit) -> Lifetime {
        match self.span(unit) {
            Span::Finite { negative: false, length } => Lifetime::Of(length),
            Span::Overflow { negative: false } => Lifetime::Of(Duration::MAX),
            Span::Finite { negative: true, .. } | Span::Overflow { negative: true } | Span::NotFinite => {
                Lifetime::Unreadable
            }
        }
    }

    /// This number as Unix time; negative values are before 1970. NaN, infinite values and
    /// instants before what `SystemTime` holds are [`Timestamp::Unreadable`], instants after
    /// 9999-12-31T23:59:59Z [`Timestamp::TooLate`]: both fail closed.
    #[inline]
    pub(crate) fn instant(self, unit: Unit) -> Timestamp {
        match self.span(unit) {
            // The distance from 1970 compared, rather than the instant (`Timestamp::at`).
            Span::Finite { negative: false, length } if length > LATEST => Timestamp::TooLate,
            Span::Finite { negative: false, length } => {
                UNIX_EPOCH.checked_add(length).map_or(Timestamp::TooLate, Timestamp::At)
            }
            Span::Finite { negative: true, length } => {
                UNIX_EPOCH.checked_sub(length).map_or(Timestamp::Unreadable, Timestamp::At)
            }
            Span::Overflow { negative: false } => Timestamp::TooLate,
            Span::Overflow { negative: true } | Span::NotFinite => Timestamp::Unreadable,
        }
    }

    #[inline]
    fn span(self, unit: Unit) -> Span {
        match self {
            Number::Int { negative, magnitude } => {
                let length = if unit.is_millis_int(magnitude) {
                    u64::try_from(magnitude / 1000).ok().map(|secs| {
                        // `magnitude % 1000 < 1000`, so the nanoseconds stay below one second.
                        let nanos = u32::try_from(magnitude % 1000).unwrap_or(0) * 1_000_000;
                        Duration::new(secs, nanos)
                    })
                } else {
                    u64::try_from(magnitude).ok().map(Duration::from_secs)
                };
                match length {
                    Some(length) => Span::Finite { negative, length },
                    None => Span::Overflow { negative },
                }
            }
            Number::Float(value) => float_span(value, unit),
        }
    }
}

/// [`Number::span`] of a float: apart, so that inlining the integer case stays cheap.
fn float_span(value: f64, unit: Unit) -> Span {
    if !value.is_finite() {
        return Span::NotFinite;
    }
    let negative = value.is_sign_negative() && value != 0.0;
    let magnitude = value.abs();
    let seconds = if unit.is_millis(magnitude) { magnitude / 1000.0 } else { magnitude };
    // Finite and non-negative, so the only failure left is overflow.
    match Duration::try_from_secs_f64(seconds) {
        Ok(length) => Span::Finite { negative, length },
        Err(_) => Span::Overflow { negative },
    }
}

/// A lifetime or an instant as a whole number in a unit, rounded down (toward the past): what
/// `inherit` writes into a numeric field, which reads it back in that unit no later than it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Whole(pub(crate) i128);

impl Whole {
    /// `lifetime` in seconds, or in milliseconds for [`Unit::Millis`].
    pub(crate) fn lifetime(lifetime: Duration, unit: Unit) -> Whole {
        let whole = if unit == Unit::Millis { lifetime.as_millis() } else { u128::from(lifetime.as_secs()) };
        // At most `u64::MAX` seconds in milliseconds: far below `i128::MAX`.
        Whole(i128::try_from(whole).unwrap_or(i128::MAX))
    }

    /// `at` as Unix time in `unit`, in the unit [`Unit::Auto`] reads it back in (seconds, or
    /// milliseconds from 100,000,000,000 seconds on); `None` when no field reads it back
    /// (past 9999-12-31T23:59:59Z).
    pub(crate) fn unix(at: SystemTime, unit: Unit) -> Option<Whole> {
        if Timestamp::at(at) == Timestamp::TooLate {
            return None;
        }
        let (before, distance) = match at.duration_since(UNIX_EPOCH) {
            Ok(after) => (false, after),
            Err(before) => (true, before.duration()),
        };
        let signed = |whole: u128, exact: bool| {
            let whole = i128::try_from(whole).unwrap_or(i128::MAX);
            if before { -whole - i128::from(!exact) } else { whole }
        };
        let seconds = signed(u128::from(distance.as_secs()), distance.subsec_nanos() == 0);
        Some(Whole(if unit.is_millis_int(seconds.unsigned_abs()) {
            signed(distance.as_millis(), distance.subsec_nanos() % 1_000_000 == 0)
        } else {
            seconds
        }))
    }
}

/// A numeric type made from a whole number, when it holds it exactly.
pub(crate) trait FromWhole: Sized {
    fn from_whole(whole: Whole) -> Option<Self>;
}

macro_rules! from_whole_int {
    ($($t:ty)*) => {$(
        impl FromWhole for $t {
            #[inline]
            fn from_whole(whole: Whole) -> Option<Self> {
                <$t>::try_from(whole.0).ok()
            }
        }
    )*};
}
from_whole_int!(u8 u16 u32 u64 u128 usize i8 i16 i32 i64 i128 isize);

macro_rules! from_whole_float {
    ($($t:ty)*) => {$(
        impl FromWhole for $t {
            #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)] // checked: exact or `None`
            #[inline]
            fn from_whole(whole: Whole) -> Option<Self> {
                let value = whole.0 as $t;
                (value as i128 == whole.0).then_some(value)
            }
        }
    )*};
}
from_whole_float!(f32 f64);

/// Conversion of a number or numeric string into a [`Number`].
pub(crate) trait AsNumber {
    /// The value as a number, `None` when it is not one (a non-numeric string).
    fn as_number(&self) -> Option<Number>;
}

macro_rules! unsigned {
    ($($t:ty)*) => {$(
        impl AsNumber for $t {
            #[inline]
            fn as_number(&self) -> Option<Number> {
                Some(Number::Int { negative: false, magnitude: *self as u128 })
            }
        }
    )*};
}
unsigned!(u8 u16 u32 u64 u128 usize);

macro_rules! signed {
    ($($t:ty)*) => {$(
        impl AsNumber for $t {
            #[inline]
            fn as_number(&self) -> Option<Number> {
                Some(Number::Int { negative: *self < 0, magnitude: (*self as i128).unsigned_abs() })
            }
        }
    )*};
}
signed!(i8 i16 i32 i64 i128 isize);

impl AsNumber for f64 {
    #[inline]
    fn as_number(&self) -> Option<Number> {
        Some(Number::Float(*self))
    }
}

impl AsNumber for f32 {
    #[inline]
    fn as_number(&self) -> Option<Number> {
        Some(Number::Float(f64::from(*self)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(negative: bool, magnitude: u128) -> Option<Number> {
        Some(Number::Int { negative, magnitude })
    }

    #[test]
    fn numeric_strings_follow_the_grammar() {
        assert_eq!(Number::parse("3599"), int(false, 3599));
        assert_eq!(Number::parse(" \t3600\n "), int(false, 3600));
        assert_eq!(Number::parse("-12"), int(true, 12));
        assert_eq!(Number::parse("+7"), int(false, 7));
        assert_eq!(Number::parse("86400.5"), Some(Number::Float(86400.5)));
        assert_eq!(Number::parse("1".repeat(400).as_str()), int(false, u128::MAX));
        assert_eq!(Number::parse(&format!("{}.5", "1".repeat(400))), int(false, u128::MAX));
        assert_eq!(Number::parse(&format!("-{}.5", "9".repeat(400))), int(true, u128::MAX));
        for bad in ["", " ", "-", "+", "1e3", "0x10", "NaN", "inf", ".5", "5.", "1.2.3", "1 2", "١٢", "--1"] {
            assert_eq!(Number::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn lifetimes_fail_closed_and_saturate() {
        assert_eq!(Number::Float(f64::NAN).lifetime(Unit::Seconds), Lifetime::Unreadable);
        assert_eq!(Number::Float(f64::INFINITY).lifetime(Unit::Seconds), Lifetime::Unreadable);
        assert_eq!(Number::Float(-1.0).lifetime(Unit::Seconds), Lifetime::Unreadable);
        assert_eq!(int(true, 1).unwrap().lifetime(Unit::Millis), Lifetime::Unreadable);
        assert_eq!(int(true, u128::MAX).unwrap().lifetime(Unit::Seconds), Lifetime::Unreadable);
        assert_eq!(Number::parse("-0").unwrap().lifetime(Unit::Seconds), Lifetime::Of(Duration::ZERO));
        assert_eq!(Number::parse("-0.0").unwrap().lifetime(Unit::Seconds), Lifetime::Of(Duration::ZERO));
        assert_eq!(Number::Float(-1e-300).lifetime(Unit::Seconds), Lifetime::Unreadable, "negative, however small");
        assert_eq!(Number::Float(-0.0).lifetime(Unit::Seconds), Lifetime::Of(Duration::ZERO));
        assert_eq!(Number::Float(f64::MAX).lifetime(Unit::Seconds), Lifetime::Of(Duration::MAX));
        assert_eq!(int(false, u128::MAX).unwrap().lifetime(Unit::Seconds), Lifetime::Of(Duration::MAX));
        assert_eq!(int(false, 1500).unwrap().lifetime(Unit::Millis), Lifetime::Of(Duration::from_millis(1500)));
    }

    #[test]
    fn whole_numbers_read_back_no_later_in_their_unit() {
        let lifetime = Duration::from_millis(1_500);
        assert_eq!(Whole::lifetime(lifetime, Unit::Seconds), Whole(1));
        assert_eq!(Whole::lifetime(lifetime, Unit::Millis), Whole(1_500));
        let at = UNIX_EPOCH + Duration::from_millis(1_700_000_000_500);
        assert_eq!(Whole::unix(at, Unit::Seconds), Some(Whole(1_700_000_000)));
        assert_eq!(Whole::unix(at, Unit::Auto), Some(Whole(1_700_000_000)));
        assert_eq!(Whole::unix(at, Unit::Millis), Some(Whole(1_700_000_000_500)));
        // Before 1970, rounded toward the past.
        let before = UNIX_EPOCH - Duration::from_millis(1_500);
        assert_eq!(Whole::unix(before, Unit::Seconds), Some(Whole(-2)));
        assert_eq!(Whole::unix(before, Unit::Millis), Some(Whole(-1_500)));
        // `auto` past 100,000,000,000 seconds writes milliseconds, which it reads back.
        let late = UNIX_EPOCH + Duration::from_secs(100_000_000_000);
        assert_eq!(Whole::unix(late, Unit::Auto), Some(Whole(100_000_000_000_000)));
        assert_eq!(
            Whole::unix(UNIX_EPOCH + crate::time::timestamp::LATEST + Duration::from_nanos(1), Unit::Auto),
            None
        );
        assert_eq!(u8::from_whole(Whole(256)), None);
        assert_eq!(i8::from_whole(Whole(-2)), Some(-2));
        assert_eq!(f32::from_whole(Whole(16_777_217)), None, "2^24 + 1 is no f32");
        assert_eq!(f64::from_whole(Whole(1_700_000_000_500)), Some(1_700_000_000_500.0));
    }

    #[test]
    fn instants_before_1970_and_out_of_range() {
        let at = |time: Option<std::time::SystemTime>| time.map_or(Timestamp::Unreadable, Timestamp::At);
        assert_eq!(int(true, 10).unwrap().instant(Unit::Seconds), at(UNIX_EPOCH.checked_sub(Duration::from_secs(10))));
        assert_eq!(int(false, u128::MAX).unwrap().instant(Unit::Auto), Timestamp::TooLate);
        assert_eq!(int(true, u128::MAX).unwrap().instant(Unit::Auto), Timestamp::Unreadable);
        assert_eq!(Number::Float(f64::MAX).instant(Unit::Seconds), Timestamp::TooLate);
        assert_eq!(Number::Float(-f64::MAX).instant(Unit::Seconds), Timestamp::Unreadable);
        assert_eq!(Number::Float(f64::NAN).instant(Unit::Seconds), Timestamp::Unreadable);
        assert_eq!(Number::Float(f64::INFINITY).instant(Unit::Seconds), Timestamp::Unreadable);
        assert_eq!(
            int(false, 1_700_000_000_123).unwrap().instant(Unit::Auto),
            at(UNIX_EPOCH.checked_add(Duration::from_millis(1_700_000_000_123)))
        );
    }
}
