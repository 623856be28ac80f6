//! Feature `time`: `time::OffsetDateTime` as an issue time or absolute expiry.

use std::time::SystemTime;

use time::OffsetDateTime;

use crate::{TimestampField, Unit};

/// A `time::OffsetDateTime` as an issue time or absolute expiry, to the nanosecond, whatever
/// its offset. Feature `time`.
///
/// `unit` does not apply: the value carries its own. An instant that `SystemTime` cannot hold is
/// `None`, never a panic.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use time::OffsetDateTime;
/// use token_response::TokenResponse;
///
/// #[derive(TokenResponse)]
/// struct Cached {
///     access_token: String,
///     expires_at: OffsetDateTime,
/// }
///
/// let expires_at = OffsetDateTime::from_unix_timestamp(1_700_003_600).unwrap();
/// let t = Cached { access_token: "abc".into(), expires_at };
/// assert_eq!(t.expires_at(), Some(UNIX_EPOCH + Duration::from_secs(1_700_003_600)));
/// assert!(t.is_expired_at(UNIX_EPOCH + Duration::from_secs(1_700_003_600)));
/// ```
#[diagnostic::do_not_recommend]
impl<R> TimestampField<R> for OffsetDateTime {
    fn timestamp(&self, _: Unit) -> Option<SystemTime> {
        crate::rfc3339::system_time(self.unix_timestamp(), self.nanosecond())
    }
}
