//! When a token, or its refresh token, expires: the earliest-expiry rule, fail-closed times and
//! the refresh leeway. The trait's methods in `response/mod.rs` are these rules applied to a struct's
//! fields.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::{Timestamp, TokenResponse};

/// The times an expiry is computed from: an absolute expiry, an issue time and a lifetime.
#[derive(Clone, Copy)]
pub(crate) struct Times {
    absolute: Timestamp,
    issued: Timestamp,
    lifetime: Option<Duration>,
}

impl Times {
    /// The access token's: `expires_at`, the issue time and `expires_in`.
    #[inline(always)]
    pub(crate) fn access<T: TokenResponse + ?Sized>(token: &T) -> Self {
        let fields = token.__fields();
        Times {
            absolute: state(fields.expires_at.timestamp(fields.expires_at_unit), || token.absolute_expiry()),
            issued: state(fields.issued_at.timestamp(fields.issued_at_unit), || token.issued_at()),
            lifetime: token.expires_in(),
        }
    }

    /// The refresh token's: `refresh_expires_at`, the issue time and `refresh_expires_in`.
    #[inline(always)]
    pub(crate) fn refresh<T: TokenResponse + ?Sized>(token: &T) -> Self {
        let fields = token.__fields();
        let absolute = fields.refresh_expires_at.timestamp(fields.refresh_expires_at_unit);
        Times {
            absolute: state(absolute, || token.refresh_token_absolute_expiry()),
            issued: state(fields.issued_at.timestamp(fields.issued_at_unit), || token.issued_at()),
            lifetime: token.refresh_expires_in(),
        }
    }

    /// The earlier of the absolute expiry and issue time + lifetime, of those that are known;
    /// `UNIX_EPOCH` when one it depends on is unreadable; `None` when neither is known (an instant
    /// past what `SystemTime` holds is unknown).
    #[inline(always)]
    pub(crate) fn expires_at(self) -> Option<SystemTime> {
        let relative = match (self.lifetime, self.issued) {
            (Some(lifetime), Timestamp::At(issued)) => issued.checked_add(lifetime),
            (Some(_), Timestamp::Unreadable) => Some(UNIX_EPOCH),
            _ => None,
        };
        let absolute = match self.absolute {
            Timestamp::At(expires) => Some(expires),
            Timestamp::Unreadable => Some(UNIX_EPOCH),
            Timestamp::Absent | Timestamp::TooLate => None,
        };
        match (absolute, relative) {
            (Some(absolute), Some(relative)) => Some(absolute.min(relative)),
            (absolute, relative) => absolute.or(relative),
        }
    }

    /// `now + leeway >= expires_at`, the leeway capped at half the lifetime when the lifetime is
    /// known (`expires_at - issued_at` when both are known, else the lifetime as sent); `false`
    /// when the expiry is unknown.
    #[inline(always)]
    pub(crate) fn needs_refresh_at(self, now: SystemTime, leeway: Duration) -> bool {
        let Some(expires) = self.expires_at() else {
            return false;
        };
        let lifetime = match (self.absolute, self.issued) {
            // No absolute expiry: the expiry is issue time + lifetime, so `expires - issued` is the
            // lifetime as sent, without subtracting it back.
            (Timestamp::Absent | Timestamp::TooLate, _) => self.lifetime,
            (_, Timestamp::At(issued)) => Some(expires.duration_since(issued).unwrap_or(Duration::ZERO)),
            _ => self.lifetime,
        };
        let leeway = lifetime.map_or(leeway, |lifetime| leeway.min(lifetime / 2));
        // `now + leeway` past what `SystemTime` holds is later than any expiry.
        now.checked_add(leeway).is_none_or(|soon| soon >= expires)
    }
}

/// A time as the struct's field holds it; when the struct has no such field (a hand-written
/// impl, which has no fields to read), as its accessor gives it.
#[inline(always)]
fn state(field: Timestamp, accessor: impl FnOnce() -> Option<SystemTime>) -> Timestamp {
    match field {
        Timestamp::Absent => Timestamp::from(accessor()),
        state => state,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64) -> Timestamp {
        Timestamp::At(UNIX_EPOCH + Duration::from_secs(seconds))
    }

    fn times(absolute: Timestamp, issued: Timestamp, lifetime: Option<u64>) -> Times {
        Times { absolute, issued, lifetime: lifetime.map(Duration::from_secs) }
    }

    fn secs(seconds: u64) -> Option<SystemTime> {
        Some(UNIX_EPOCH + Duration::from_secs(seconds))
    }

    #[test]
    fn the_earlier_of_absolute_and_relative_expiry() {
        assert_eq!(times(at(500), at(100), Some(60)).expires_at(), secs(160));
        assert_eq!(times(at(150), at(100), Some(60)).expires_at(), secs(150));
        assert_eq!(times(at(150), Timestamp::Absent, Some(60)).expires_at(), secs(150));
        assert_eq!(times(Timestamp::Absent, at(100), Some(60)).expires_at(), secs(160));
        assert_eq!(times(Timestamp::Absent, at(100), None).expires_at(), None);
        assert_eq!(times(Timestamp::TooLate, Timestamp::TooLate, Some(60)).expires_at(), None);
    }

    #[test]
    fn unreadable_times_fail_closed_where_the_expiry_depends_on_them() {
        assert_eq!(times(Timestamp::Unreadable, at(100), Some(60)).expires_at(), Some(UNIX_EPOCH));
        assert_eq!(times(Timestamp::Unreadable, Timestamp::Absent, None).expires_at(), Some(UNIX_EPOCH));
        assert_eq!(times(at(500), Timestamp::Unreadable, Some(60)).expires_at(), Some(UNIX_EPOCH));
        // No lifetime: the expiry does not depend on the issue time.
        assert_eq!(times(at(500), Timestamp::Unreadable, None).expires_at(), secs(500));
        assert_eq!(times(Timestamp::Absent, Timestamp::Unreadable, None).expires_at(), None);
    }

    #[test]
    fn the_leeway_is_capped_at_half_the_lifetime() {
        let leeway = Duration::from_secs(60);
        let t = times(Timestamp::Absent, at(1_000), Some(30));
        assert!(!t.needs_refresh_at(UNIX_EPOCH + Duration::from_millis(1_014_999), leeway));
        assert!(t.needs_refresh_at(UNIX_EPOCH + Duration::from_secs(1_015), leeway));
        // An earlier absolute expiry shortens the lifetime the cap is taken from.
        let t = times(at(1_020), at(1_000), Some(3600));
        assert!(!t.needs_refresh_at(UNIX_EPOCH + Duration::from_millis(1_009_999), leeway));
        assert!(t.needs_refresh_at(UNIX_EPOCH + Duration::from_secs(1_010), leeway));
        assert!(!times(Timestamp::Absent, Timestamp::Absent, Some(30)).needs_refresh_at(UNIX_EPOCH, leeway));
    }
}
