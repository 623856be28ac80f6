//! Feature `chrono`: `chrono::DateTime` as an issue time or absolute expiry.

use std::time::SystemTime;

use chrono::{DateTime, TimeZone};

use crate::{TimestampField, Unit};

/// A `chrono::DateTime` (`DateTime<Utc>`, or in any time zone) as an issue time or absolute
/// expiry, to the nanosecond. Feature `chrono`.
///
/// `unit` does not apply: the value carries its own. An instant that `SystemTime` cannot hold is
/// `None`, never a panic.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use chrono::{DateTime, Utc};
/// use token_response::TokenResponse;
///
/// #[derive(TokenResponse)]
/// struct Cached {
///     access_token: String,
///     issued_at: DateTime<Utc>,
///     expires_in: u32,
/// }
///
/// let issued_at = DateTime::from_timestamp(1_700_000_000, 500_000_000).unwrap();
/// let t = Cached { access_token: "abc".into(), issued_at, expires_in: 3600 };
/// assert_eq!(t.issued_at(), Some(UNIX_EPOCH + Duration::from_millis(1_700_000_000_500)));
/// assert_eq!(t.expires_at(), Some(UNIX_EPOCH + Duration::from_millis(1_700_003_600_500)));
/// ```
#[diagnostic::do_not_recommend]
impl<R, Tz: TimeZone> TimestampField<R> for DateTime<Tz> {
    fn timestamp(&self, _: Unit) -> Option<SystemTime> {
        crate::rfc3339::system_time(DateTime::timestamp(self), self.timestamp_subsec_nanos())
    }
}
