//! RFC 3339 date-times as timestamp strings send them (`2023-08-30T18:29:11.892Z`), read as Unix
//! time, and Unix time as a `SystemTime`.
//!
//! The grammar is the contract's, a strict reading of RFC 3339 section 5.6:
//! `YYYY-MM-DDTHH:MM:SS[.frac]OFFSET`, surrounded by optional ASCII whitespace, where
//! - the year is four ASCII digits (0000 to 9999), the month 01 to 12, the day one that the month
//!   has in that year of the proleptic Gregorian calendar;
//! - `T` may be `t` or one space;
//! - the hour is 00 to 23, the minute 00 to 59, the second 00 to 60;
//! - the fraction, when present, is a `.` and 1 to 9 digits;
//! - the offset is `Z`, `z`, `+HH:MM` or `-HH:MM` (hours 00 to 23, minutes 00 to 59; `-00:00`
//!   is UTC).
//!
//! Anything else is not a date-time: no offset, an offset written `+0200`, `+02` or `UTC`, a date
//! or a time alone, signs or non-ASCII digits in a field, a tenth fraction digit, any character
//! more.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Unix time of an RFC 3339 date-time with an offset, as whole seconds (rounded down, so
/// negative before 1970) and the nanoseconds past them; `None` when `text` is not one.
///
/// A leap second `:60` is read as the next second (`2016-12-31T23:59:60Z` is
/// `2017-01-01T00:00:00Z`), at any hour and minute of any date: which dates had a leap second
/// is a table that changes, so none is kept, and Unix time has no other place for that second.
pub(crate) fn unix_time(text: &str) -> Option<(i64, u32)> {
    let (fixed, rest) = text.trim_ascii().as_bytes().split_at_checked(19)?;
    let &[y0, y1, y2, y3, b'-', mo0, mo1, b'-', d0, d1, b'T' | b't' | b' ', h0, h1, b':', mi0, mi1, b':', s0, s1] =
        fixed
    else {
        return None;
    };
    let year = digits(&[y0, y1, y2, y3])?;
    let month = digits(&[mo0, mo1])?;
    let day = digits(&[d0, d1])?;
    let (hour, minute, second) = (digits(&[h0, h1])?, digits(&[mi0, mi1])?, digits(&[s0, s1])?);
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let (nanos, offset) = fraction(rest)?;
    let offset = offset_east(offset)?;
    // At most 86,400 (checked above), so it cannot overflow; a second of 60 lands on the next
    // minute's first second: the leap second rule.
    let time_of_day = i64::from(hour * 3600 + minute * 60 + second);
    let seconds =
        days_from_civil(year, month, day)?.checked_mul(86_400)?.checked_add(time_of_day)?.checked_sub(offset)?;
    Some((seconds, nanos))
}

/// The instant `seconds` + `nanos` after the Unix epoch (seconds negative before 1970), or
/// `None` when `SystemTime` cannot hold it.
///
/// The seconds count as numeric timestamps in seconds do, so a date-time, a `chrono::DateTime`
/// and a number of seconds name one instant alike; `nanos` may exceed a second (chrono writes a
/// leap second so).
pub(crate) fn system_time(seconds: i64, nanos: u32) -> Option<SystemTime> {
    let whole = match u64::try_from(seconds) {
        Ok(after) => UNIX_EPOCH.checked_add(Duration::from_secs(after)),
        Err(_) => UNIX_EPOCH.checked_sub(Duration::from_secs(seconds.unsigned_abs())),
    };
    whole?.checked_add(Duration::from_nanos(u64::from(nanos)))
}

/// The number that `bytes` spell when they are one or more ASCII digits, else `None` (a sign, a
/// non-ASCII digit, no digit at all, or a number past `u32`).
fn digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() {
        return None;
    }
    bytes.iter().try_fold(0_u32, |value, &byte| {
        let digit = byte.checked_sub(b'0').filter(|digit| *digit < 10)?;
        value.checked_mul(10)?.checked_add(u32::from(digit))
    })
}

/// Splits what follows the seconds into the nanoseconds of the optional fraction (`.` and 1 to 9
/// digits) and the rest.
fn fraction(rest: &[u8]) -> Option<(u32, &[u8])> {
    let Some(after_dot) = rest.strip_prefix(b".") else {
        return Some((0, rest));
    };
    let count = after_dot.iter().take_while(|byte| byte.is_ascii_digit()).count();
    let (fraction, rest) = after_dot.split_at_checked(count)?;
    // `digits` refuses no digit at all; a tenth digit leaves `checked_sub` nothing to scale by.
    let scale = 10_u32.checked_pow(9_u32.checked_sub(u32::try_from(count).ok()?)?)?;
    Some((digits(fraction)?.checked_mul(scale)?, rest))
}

/// The offset east of UTC in seconds, from exactly `Z`, `z`, `+HH:MM` or `-HH:MM`.
fn offset_east(offset: &[u8]) -> Option<i64> {
    match *offset {
        [b'Z' | b'z'] => Some(0),
        [sign @ (b'+' | b'-'), h0, h1, b':', m0, m1] => {
            let (hours, minutes) = (digits(&[h0, h1])?, digits(&[m0, m1])?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            // At most 86,340 (checked above): neither this nor its negation can overflow.
            let east = i64::from(hours * 3600 + minutes * 60);
            Some(if sign == b'-' { -east } else { east })
        }
        _ => None,
    }
}

/// Whether `year` has a 29 February in the proleptic Gregorian calendar.
fn is_leap(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days of `month` (1 to 12) in `year`; 0 for another month.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days from 1970-01-01 to the date `year-month-day` of the proleptic Gregorian calendar,
/// negative before (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: u32, month: u32, day: u32) -> Option<i64> {
    // Years counted from 1 March, so that a leap day ends its year, and moved on by one 400-year
    // cycle (146,097 days) so that the year 0000's January and February stay non-negative.
    let year = i64::from(year).checked_add(400)?.checked_sub(i64::from(month <= 2))?;
    let (cycle, year_of_cycle) = (year.checked_div(400)?, year.checked_rem(400)?);
    // March is month 0 and February month 11; the months from March to any month have
    // `(153 * months + 2) / 5` days.
    let months_since_march = i64::from(month).checked_add(9)?.checked_rem(12)?;
    let day_of_year = months_since_march.checked_mul(153)?.checked_add(2)?.checked_div(5)?;
    let day_of_year = day_of_year.checked_add(i64::from(day))?.checked_sub(1)?;
    let leap_days = (year_of_cycle / 4).checked_sub(year_of_cycle / 100)?;
    let day_of_cycle = year_of_cycle.checked_mul(365)?.checked_add(leap_days)?.checked_add(day_of_year)?;
    // From 0000-03-01 to 1970-01-01 are 719,468 days; take away the cycle added above too.
    cycle.checked_mul(146_097)?.checked_add(day_of_cycle)?.checked_sub(719_468 + 146_097)
}

#[cfg(test)]
mod oracle;

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use proptest::prelude::*;

    use super::oracle::{RANGE, beyond_our_grammar, chrono_unix_time};
    use super::*;

    /// Refused, each with the reason in the message on failure.
    fn refused(text: &str) {
        assert_eq!(unix_time(text), None, "{text:?} is not an RFC 3339 date-time");
    }

    // Expected Unix times below were computed with Python's datetime, independently of this
    // code: `d = datetime.fromisoformat(s) - datetime(1970, 1, 1, tzinfo=timezone.utc)`, then
    // `(d.days * 86400 + d.seconds, d.microseconds * 1000)`.

    #[test]
    fn the_contract_examples() {
        assert_eq!(unix_time("2023-08-30T18:29:11.892Z"), Some((1_693_420_151, 892_000_000)));
        assert_eq!(unix_time("2023-08-30T20:29:11+02:00"), Some((1_693_420_151, 0)));
    }

    #[test]
    fn separators_and_zulu_in_either_case_and_surrounding_whitespace() {
        for text in [
            "2023-08-30T18:29:11Z",
            "2023-08-30t18:29:11Z",
            "2023-08-30 18:29:11Z",
            "2023-08-30T18:29:11z",
            "2023-08-30t18:29:11z",
            " \t\n2023-08-30T18:29:11Z\r\n\x0c ",
            "2023-08-30T18:29:11+00:00",
            "2023-08-30T18:29:11-00:00",
        ] {
            assert_eq!(unix_time(text), Some((1_693_420_151, 0)), "{text:?}");
        }
        refused("2023-08-30  18:29:11Z");
        refused("2023-08-30_18:29:11Z");
        refused("2023-08-30X18:29:11Z");
        refused("2023-08-30\t18:29:11Z");
        // Not ASCII whitespace: a no-break space around the text or as the separator.
        refused("\u{a0}2023-08-30T18:29:11Z");
        refused("2023-08-30T18:29:11Z\u{a0}");
        refused("2023-08-30\u{a0}18:29:11Z");
    }

    #[test]
    fn fractions_of_one_to_nine_digits() {
        assert_eq!(unix_time("2023-08-30T18:29:11.8Z"), Some((1_693_420_151, 800_000_000)));
        assert_eq!(unix_time("2023-08-30T18:29:11.000000001Z"), Some((1_693_420_151, 1)));
        assert_eq!(unix_time("2023-08-30T18:29:11.123456789Z"), Some((1_693_420_151, 123_456_789)));
        assert_eq!(unix_time("2023-08-30T18:29:11.999999999+00:00"), Some((1_693_420_151, 999_999_999)));
        assert_eq!(unix_time("2023-08-30T18:29:11.0Z"), Some((1_693_420_151, 0)));
        assert_eq!(unix_time("2023-08-30T18:29:11.000000000Z"), Some((1_693_420_151, 0)));
        refused("2023-08-30T18:29:11.Z");
        refused("2023-08-30T18:29:11.1234567890Z");
        refused("2023-08-30T18:29:11.0000000000Z");
        refused("2023-08-30T18:29:11,5Z");
        refused("2023-08-30T18:29:11..5Z");
        refused("2023-08-30T18:29:11.5.5Z");
        refused("2023-08-30T18:29:11.+5Z");
        refused("2023-08-30T18:29:11.-5Z");
        refused("2023-08-30T18:29:11.٥Z");
        refused("2023-08-30T18:29:11.5");
    }

    #[test]
    fn offsets_only_as_zulu_or_plus_minus_hh_colon_mm() {
        assert_eq!(unix_time("2023-08-30T20:29:11+02:00"), Some((1_693_420_151, 0)));
        assert_eq!(unix_time("2023-08-30T16:29:11-02:00"), Some((1_693_420_151, 0)));
        assert_eq!(unix_time("2023-08-30T23:59:11+05:30"), Some((1_693_420_151, 0)));
        for text in [
            "2023-08-30T18:29:11",
            "2023-08-30T18:29:11.892",
            "2023-08-30T20:29:11+0200",
            "2023-08-30T20:29:11+02",
            "2023-08-30T20:29:11+2:00",
            "2023-08-30T20:29:11+02:0",
            "2023-08-30T20:29:11+02:000",
            "2023-08-30T20:29:11 +02:00",
            "2023-08-30T18:29:11UTC",
            "2023-08-30T18:29:11 UTC",
            "2023-08-30T18:29:11GMT",
            "2023-08-30T18:29:11ZZ",
            "2023-08-30T18:29:11Z+00:00",
            "2023-08-30T20:29:11\u{2212}02:00",
            "2023-08-30T20:29:11+24:00",
            "2023-08-30T20:29:11-24:00",
            "2023-08-30T20:29:11+99:00",
            "2023-08-30T20:29:11+02:60",
            "2023-08-30T20:29:11+02:99",
            "2023-08-30T20:29:11+0a:00",
            "2023-08-30T20:29:11+02-00",
            "2023-08-30T20:29:11++2:00",
        ] {
            refused(text);
        }
        // The largest offsets both ways: 23:59 from UTC.
        assert_eq!(unix_time("2000-01-01T05:59:00+23:59"), Some((946_620_000, 0)));
        assert_eq!(unix_time("1999-12-31T18:01:00-23:59"), Some((946_749_600, 0)));
    }

    #[test]
    fn offsets_crossing_days_and_years() {
        // 2017-01-01T00:00:00Z is 1483228800.
        assert_eq!(unix_time("2016-12-31T23:00:00-01:00"), Some((1_483_228_800, 0)));
        assert_eq!(unix_time("2017-01-01T01:00:00+01:00"), Some((1_483_228_800, 0)));
        assert_eq!(unix_time("2016-12-31T19:00:00-05:00"), Some((1_483_228_800, 0)));
        assert_eq!(unix_time("2017-01-01T00:30:00+01:00"), Some((1_483_227_000, 0)));
        // Across the epoch: 1970-01-01T00:00:00Z is 0.
        assert_eq!(unix_time("1969-12-31T23:00:00-01:00"), Some((0, 0)));
        assert_eq!(unix_time("1970-01-01T01:00:00+01:00"), Some((0, 0)));
        assert_eq!(unix_time("1970-01-01T00:00:00+00:01"), Some((-60, 0)));
        // Across a leap day: 2024-03-01T00:00:00Z is 1709251200.
        assert_eq!(unix_time("2024-02-29T23:00:00-01:00"), Some((1_709_251_200, 0)));
        // Offsets that carry a date past the year 9999 or before 0000 are still instants.
        assert_eq!(unix_time("9999-12-31T23:59:59-23:59"), Some((253_402_300_799 + 86_340, 0)));
        assert_eq!(unix_time("0000-01-01T00:00:00+23:59"), Some((-62_167_219_200 - 86_340, 0)));
    }

    #[test]
    fn leap_days_in_the_proleptic_gregorian_calendar() {
        assert_eq!(unix_time("2000-02-29T00:00:00Z"), Some((951_782_400, 0)));
        assert_eq!(unix_time("2024-02-29T12:00:00Z"), Some((1_709_208_000, 0)));
        assert_eq!(unix_time("1600-02-29T00:00:00Z"), Some((-11_670_998_400, 0)));
        assert!(unix_time("0000-02-29T00:00:00Z").is_some());
        assert!(unix_time("0004-02-29T00:00:00Z").is_some());
        assert!(unix_time("0400-02-29T00:00:00Z").is_some());
        refused("1900-02-29T00:00:00Z");
        refused("2023-02-29T00:00:00Z");
        refused("2100-02-29T00:00:00Z");
        refused("0100-02-29T00:00:00Z");
        refused("2024-02-30T00:00:00Z");
    }

    #[test]
    fn centuries() {
        assert_eq!(unix_time("1900-03-01T00:00:00Z"), Some((-2_203_891_200, 0)));
        assert_eq!(unix_time("2000-01-01T00:00:00Z"), Some((946_684_800, 0)));
        assert_eq!(unix_time("2100-03-01T00:00:00Z"), Some((4_107_542_400, 0)));
        assert_eq!(unix_time("1000-01-01T00:00:00Z"), Some((-30_610_224_000, 0)));
        assert_eq!(unix_time("0001-01-01T00:00:00Z"), Some((-62_135_596_800, 0)));
    }

    #[test]
    fn the_ends_of_the_range() {
        // Python has no year 0: 0001-01-01 (-62135596800) less the 366 days of the leap year 0000.
        assert_eq!(unix_time("0000-01-01T00:00:00Z"), Some((-62_167_219_200, 0)));
        // 9999-12-31T23:59:59Z is 253402300799.
        assert_eq!(unix_time("9999-12-31T23:59:59.999999999Z"), Some((253_402_300_799, 999_999_999)));
        refused("10000-01-01T00:00:00Z");
        refused("-0001-01-01T00:00:00Z");
        refused("+2023-08-30T18:29:11Z");
        refused("999-12-31T23:59:59Z");
    }

    #[test]
    fn the_epoch_and_negative_times_round_down() {
        assert_eq!(unix_time("1970-01-01T00:00:00Z"), Some((0, 0)));
        assert_eq!(unix_time("1970-01-01T00:00:00.000000001Z"), Some((0, 1)));
        assert_eq!(unix_time("1969-12-31T23:59:59Z"), Some((-1, 0)));
        assert_eq!(unix_time("1969-12-31T23:59:59.5Z"), Some((-1, 500_000_000)));
        assert_eq!(unix_time("1969-12-31T23:59:59.999999999Z"), Some((-1, 999_999_999)));
    }

    #[test]
    fn a_leap_second_is_the_next_second() {
        assert_eq!(unix_time("2016-12-31T23:59:60Z"), Some((1_483_228_800, 0)));
        assert_eq!(unix_time("2016-12-31T23:59:60.5Z"), Some((1_483_228_800, 500_000_000)));
        assert_eq!(unix_time("2017-01-01T00:59:60+01:00"), Some((1_483_228_800, 0)));
        // At any hour and minute, and into the next day and year.
        assert_eq!(unix_time("2023-08-30T18:29:60Z"), Some((1_693_420_200, 0)));
        assert_eq!(unix_time("9999-12-31T23:59:60Z"), Some((253_402_300_800, 0)));
        refused("2016-12-31T23:59:61Z");
        refused("2016-12-31T23:59:99Z");
    }

    #[test]
    fn fields_out_of_range() {
        for text in [
            "2023-00-30T18:29:11Z",
            "2023-13-30T18:29:11Z",
            "2023-08-00T18:29:11Z",
            "2023-08-32T18:29:11Z",
            "2023-04-31T18:29:11Z",
            "2023-06-31T18:29:11Z",
            "2023-09-31T18:29:11Z",
            "2023-11-31T18:29:11Z",
            "2023-08-30T24:00:00Z",
            "2023-08-30T18:60:11Z",
            "2023-08-30T99:99:99Z",
        ] {
            refused(text);
        }
        for month in 1..=12 {
            let last = days_in_month(2023, month);
            assert!(unix_time(&format!("2023-{month:02}-{last:02}T00:00:00Z")).is_some(), "{month}");
            refused(&format!("2023-{month:02}-{:02}T00:00:00Z", last + 1));
        }
    }

    #[test]
    fn not_date_times() {
        for text in [
            "",
            " ",
            "Z",
            "2023-08-30",
            "2023-08-30Z",
            "2023-08-30T",
            "18:29:11Z",
            "T18:29:11Z",
            "2023-08-30T18:29Z",
            "2023-08-30T18:29:11Zx",
            "2023-08-30T18:29:11Z 1",
            "x2023-08-30T18:29:11Z",
            "1693420151",
            "20230830T182911Z",
            "2023/08/30T18:29:11Z",
            "2023-8-30T18:29:11Z",
            "2023-08-3T18:29:11Z",
            "2023-08-30T8:29:11Z",
            "2023-08-30T18:29:1Z",
            "2023-08-30T18.29.11Z",
            "2023-+8-30T18:29:11Z",
            "2023-08--1T18:29:11Z",
            "2023-08-30T+8:29:11Z",
            "2023-08-30T18:29:-1Z",
            "２０２３-08-30T18:29:11Z",
            "2023-08-30T18:29:١١Z",
            "2023-08-30T18:29:11\0",
            "2023-08-30\u{2009}18:29:11Z",
        ] {
            refused(text);
        }
    }

    #[test]
    fn system_time_counts_from_the_epoch_both_ways() {
        assert_eq!(system_time(0, 0), Some(UNIX_EPOCH));
        assert_eq!(
            system_time(1_693_420_151, 892_000_000),
            UNIX_EPOCH.checked_add(Duration::new(1_693_420_151, 892_000_000))
        );
        // Half a second before 1970: whole seconds round down, nanoseconds count forward.
        assert_eq!(system_time(-1, 500_000_000), UNIX_EPOCH.checked_sub(Duration::from_millis(500)));
        // chrono's leap second: nanoseconds past one second carry into the next.
        assert_eq!(system_time(59, 1_500_000_000), UNIX_EPOCH.checked_add(Duration::from_millis(60_500)));
        // Both ends of every date-time this parser reads are instants on this platform.
        let first = unix_time("0000-01-01T00:00:00+23:59").and_then(|(s, n)| system_time(s, n));
        let last = unix_time("9999-12-31T23:59:60.999999999-23:59").and_then(|(s, n)| system_time(s, n));
        assert_eq!(first, UNIX_EPOCH.checked_sub(Duration::from_secs(RANGE.start().unsigned_abs())));
        assert_eq!(last, UNIX_EPOCH.checked_add(Duration::new(RANGE.end().unsigned_abs(), 999_999_999)));
    }

    #[test]
    fn system_time_at_the_ends_of_i64_never_panics() {
        for seconds in [i64::MIN, -1, i64::MAX] {
            for nanos in [0, 999_999_999, u32::MAX] {
                let whole = system_time(seconds, 0);
                let at = system_time(seconds, nanos);
                // Nanoseconds only ever move an instant forward, by exactly their count.
                if let (Some(whole), Some(at)) = (whole, at) {
                    assert_eq!(at.duration_since(whole).ok(), Some(Duration::from_nanos(u64::from(nanos))));
                }
            }
        }
        if cfg!(unix) {
            // On Unix, `SystemTime` holds an `i64` of seconds: exactly the range of `seconds`.
            assert!(system_time(i64::MIN, 0).is_some());
            assert!(system_time(i64::MAX, 999_999_999).is_some());
            assert_eq!(system_time(i64::MAX, 1_000_000_000), None);
        }
    }

    /// A valid date-time, from random components.
    fn date_time() -> impl Strategy<Value = String> {
        let date = (0_u32..=9999, 1_u32..=12, 1_u32..=31)
            .prop_filter("a day the month has", |&(year, month, day)| day <= days_in_month(year, month));
        let time = (0_u32..24, 0_u32..60, 0_u32..=60);
        let fraction = prop_oneof![Just(String::new()), "\\.[0-9]{1,9}"];
        let offset = prop_oneof![
            prop_oneof![Just("Z"), Just("z")].prop_map(str::to_owned),
            (prop_oneof![Just('+'), Just('-')], 0_u32..24, 0_u32..60)
                .prop_map(|(sign, hours, minutes)| format!("{sign}{hours:02}:{minutes:02}")),
        ];
        let separator = prop_oneof![Just('T'), Just('t'), Just(' ')];
        (date, separator, time, fraction, offset).prop_map(
            |((year, month, day), separator, (hour, minute, second), fraction, offset)| {
                format!("{year:04}-{month:02}-{day:02}{separator}{hour:02}:{minute:02}:{second:02}{fraction}{offset}")
            },
        )
    }

    /// A valid date-time with one character replaced, inserted or removed, or arbitrary text.
    fn any_text() -> impl Strategy<Value = String> {
        let edited =
            (date_time(), any::<prop::sample::Index>(), any::<char>(), 0_u8..3).prop_map(|(text, at, new, edit)| {
                // `date_time` is ASCII, so every byte index is a char boundary.
                let at = at.index(text.len() + 1);
                let (before, after) = text.split_at(at);
                match edit {
                    0 => format!("{before}{new}{}", after.get(1..).unwrap_or("")),
                    1 => format!("{before}{new}{after}"),
                    _ => format!("{before}{}", after.get(1..).unwrap_or("")),
                }
            });
        prop_oneof![edited, ".{0,40}", "[ \t]{0,2}[0-9:.tTzZ +-]{19,32}[ \t]{0,2}"]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn reads_every_valid_date_time_as_chrono_does(text in date_time()) {
            prop_assert_eq!(unix_time(&text), chrono_unix_time(&text));
            prop_assert!(unix_time(&text).is_some());
        }

        #[test]
        fn reads_any_text_as_chrono_does_within_the_grammar(text in any_text()) {
            if let Some((seconds, nanos)) = unix_time(&text) {
                prop_assert!(RANGE.contains(&seconds) && nanos < 1_000_000_000);
            }
            if beyond_our_grammar(&text) {
                prop_assert_eq!(unix_time(&text), None);
            } else {
                prop_assert_eq!(unix_time(&text), chrono_unix_time(&text));
            }
        }
    }
}
