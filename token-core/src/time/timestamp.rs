//! `Timestamp`: what a timestamp field holds, and the rule for timestamp strings.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::Unit;
use crate::time::number::Number;
use crate::time::rfc3339;

/// The last instant a field may name: 9999-12-31T23:59:59Z, the last second an RFC 3339
/// date-time writes. No server means a later one.
pub(crate) const LATEST: Duration = Duration::from_secs(253_402_300_799);

/// What an issue time, receipt time or absolute expiry field holds: the answer of
/// [`IssueTimeField::timestamp`](crate::IssueTimeField::timestamp) and the other timestamp roles.
///
/// A field can hold no value, a value that is no time, a time too late to mean anything, or an
/// instant. Absent is unknown; unreadable and too late fail closed: a token whose expiry depends
/// on such a value counts as expired.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use token_response::{IssueTimeField, Timestamp, Unit};
///
/// assert_eq!(None::<u64>.timestamp(Unit::Auto), Timestamp::Absent);
/// assert_eq!("soon".timestamp(Unit::Auto), Timestamp::Unreadable);
/// assert_eq!(f64::MAX.timestamp(Unit::Seconds), Timestamp::TooLate);
/// assert_eq!("10000-01-01T00:00:00Z".timestamp(Unit::Auto), Timestamp::Unreadable);
/// assert_eq!("253402300800".timestamp(Unit::Seconds), Timestamp::TooLate); // 10000-01-01T00:00:00Z
/// assert_eq!(
///     "2023-08-30T18:29:11.892Z".timestamp(Unit::Auto),
///     Timestamp::At(UNIX_EPOCH + Duration::from_millis(1_693_420_151_892)),
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timestamp {
    /// No value: an absent `Option`. The time is unknown.
    Absent,
    /// A value that is no readable time (a string that is neither a number nor an RFC 3339
    /// date-time, the empty string, NaN, an infinite float), or one before anything `SystemTime`
    /// holds. It never makes a token live longer: an expiry computed from it is `UNIX_EPOCH`.
    Unreadable,
    /// A time after 9999-12-31T23:59:59Z, or after anything `SystemTime` holds (`f64::MAX`, a
    /// 40-digit number): no expiry a server means, so unreadable too, and an expiry computed from
    /// it is `UNIX_EPOCH`.
    TooLate,
    /// An instant, at the latest 9999-12-31T23:59:59Z.
    At(SystemTime),
}

impl Timestamp {
    /// The instant, or `None` for every other state.
    ///
    /// ```
    /// use std::time::UNIX_EPOCH;
    /// use token_response::Timestamp;
    ///
    /// assert_eq!(Timestamp::At(UNIX_EPOCH).instant(), Some(UNIX_EPOCH));
    /// assert_eq!(Timestamp::Unreadable.instant(), None);
    /// ```
    #[must_use]
    #[inline]
    pub fn instant(self) -> Option<SystemTime> {
        match self {
            Timestamp::At(time) => Some(time),
            Timestamp::Absent | Timestamp::Unreadable | Timestamp::TooLate => None,
        }
    }

    /// Whether the field holds a value that is no instant: [`Unreadable`](Timestamp::Unreadable)
    /// or [`TooLate`](Timestamp::TooLate).
    ///
    /// ```
    /// use token_response::Timestamp;
    ///
    /// assert!(Timestamp::TooLate.is_unreadable());
    /// assert!(!Timestamp::Absent.is_unreadable());
    /// ```
    #[must_use]
    #[inline]
    pub fn is_unreadable(self) -> bool {
        matches!(self, Timestamp::Unreadable | Timestamp::TooLate)
    }

    /// `time` as read from a field: too late past [`LATEST`].
    #[inline]
    pub(crate) fn at(time: SystemTime) -> Timestamp {
        // Compared as instants: `duration_since(UNIX_EPOCH)` is a call into std of about 55
        // instructions, `checked_add` one of 14, on every expiry computed from a `SystemTime` or
        // `ReceivedAt` field. A `SystemTime` that cannot hold `LATEST` holds no later time.
        match UNIX_EPOCH.checked_add(LATEST) {
            Some(latest) if time > latest => Timestamp::TooLate,
            _ => Timestamp::At(time),
        }
    }

    /// The Unix time `seconds` (negative before 1970) plus `nanos` nanoseconds.
    pub(crate) fn from_unix(seconds: i64, nanos: u32) -> Timestamp {
        match rfc3339::system_time(seconds, nanos) {
            Some(time) => Timestamp::at(time),
            None if seconds < 0 => Timestamp::Unreadable,
            None => Timestamp::TooLate,
        }
    }

    /// A timestamp string: a numeric string (Unix time in `unit`) or an RFC 3339 date-time;
    /// anything else, the empty string included, is unreadable.
    pub(crate) fn from_text(text: &str, unit: Unit) -> Timestamp {
        if let Some(number) = Number::parse(text) {
            return number.instant(unit);
        }
        match rfc3339::unix_time(text) {
            Some((seconds, nanos)) => Timestamp::from_unix(seconds, nanos),
            None => Timestamp::Unreadable,
        }
    }
}

impl From<Option<SystemTime>> for Timestamp {
    /// `Some` is [`Timestamp::At`], `None` is [`Timestamp::Absent`].
    ///
    /// ```
    /// use token_response::Timestamp;
    ///
    /// assert_eq!(Timestamp::from(None), Timestamp::Absent);
    /// ```
    #[inline]
    fn from(time: Option<SystemTime>) -> Self {
        time.map_or(Timestamp::Absent, Timestamp::At)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamp_strings_are_numbers_or_rfc_3339() {
        let at = |ms: u64| Timestamp::At(UNIX_EPOCH + Duration::from_millis(ms));
        assert_eq!(Timestamp::from_text("1693420151", Unit::Auto), at(1_693_420_151_000));
        assert_eq!(Timestamp::from_text("1693420151892", Unit::Auto), at(1_693_420_151_892));
        assert_eq!(Timestamp::from_text(" 2023-08-30T20:29:11.892+02:00 ", Unit::Auto), at(1_693_420_151_892));
        // `unit` applies to numbers only.
        assert_eq!(Timestamp::from_text("2023-08-30T18:29:11.892Z", Unit::Millis), at(1_693_420_151_892));
        for unreadable in ["", " ", "soon", "2023-08-30T18:29:11", "2023-08-30T18:29:11+0200", "1e3", "NaN"] {
            assert_eq!(Timestamp::from_text(unreadable, Unit::Auto), Timestamp::Unreadable, "{unreadable:?}");
        }
        assert_eq!(Timestamp::from_text(&"9".repeat(400), Unit::Seconds), Timestamp::TooLate);
        assert_eq!(Timestamp::from_text(&format!("{}.5", "9".repeat(400)), Unit::Seconds), Timestamp::TooLate);
        assert_eq!(Timestamp::from_text(&format!("-{}", "9".repeat(400)), Unit::Seconds), Timestamp::Unreadable);
    }

    #[test]
    fn the_last_readable_instant_is_the_last_second_of_9999() {
        let last = UNIX_EPOCH + LATEST;
        assert_eq!(Timestamp::from_text("9999-12-31T23:59:59Z", Unit::Auto), Timestamp::At(last));
        assert_eq!(Timestamp::from_text("253402300799", Unit::Seconds), Timestamp::At(last));
        assert_eq!(Timestamp::from_text("253402300799000", Unit::Auto), Timestamp::At(last));
        for later in ["9999-12-31T23:59:59.000000001Z", "9999-12-31T23:59:60Z", "9999-12-31T23:59:59-00:01"] {
            assert_eq!(Timestamp::from_text(later, Unit::Auto), Timestamp::TooLate, "{later}");
        }
        assert_eq!(Timestamp::from_text("253402300800", Unit::Seconds), Timestamp::TooLate);
        assert_eq!(Timestamp::from_text("253402300799.5", Unit::Seconds), Timestamp::TooLate);
        assert_eq!(Timestamp::at(last + Duration::from_nanos(1)), Timestamp::TooLate);
        assert_eq!(Timestamp::from_unix(253_402_300_799, 0), Timestamp::At(last));
    }

    #[test]
    fn unix_times_past_system_time_are_too_late_before_it_unreadable() {
        if cfg!(unix) {
            assert_eq!(Timestamp::from_unix(i64::MAX, 1_000_000_000), Timestamp::TooLate);
        }
        assert_eq!(Timestamp::from_unix(0, 0), Timestamp::At(UNIX_EPOCH));
    }
}
