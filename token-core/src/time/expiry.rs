//! When a token, or its refresh token, expires: the earliest-expiry rule, fail-closed inputs, the
//! issue time as the earlier of issue and receipt time, the refresh leeway, and the refresh
//! token's expiry kept by `inherit`. The trait's methods in `response/mod.rs` are these rules
//! applied to a struct's fields.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::__private::{Fields, Inherit};
use crate::{Lifetime, Timestamp, TokenResponse};

/// The times an expiry is computed from: an absolute expiry, an issue time and a lifetime.
#[derive(Clone, Copy)]
pub(crate) struct Times {
    absolute: Timestamp,
    issued: Timestamp,
    lifetime: Lifetime,
}

impl Times {
    /// The access token's: `expires_at`, the issue time and `expires_in`.
    #[inline(always)]
    pub(crate) fn access<T: TokenResponse + ?Sized>(token: &T) -> Self {
        let fields = token.__fields();
        Times {
            absolute: state(fields.expires_at.timestamp(fields.unit.expires_at), || token.absolute_expiry()),
            issued: state(issue_time(&fields), || token.issued_at()),
            lifetime: lifetime(fields.expires_in.lifetime(fields.unit.expires_in), || token.expires_in()),
        }
    }

    /// The refresh token's: `refresh_expires_at`, the issue time and `refresh_expires_in`.
    #[inline(always)]
    pub(crate) fn refresh<T: TokenResponse + ?Sized>(token: &T) -> Self {
        let fields = token.__fields();
        let absolute = fields.refresh_expires_at.timestamp(fields.unit.refresh_expires_at);
        let refresh_lifetime = fields.refresh_expires_in.lifetime(fields.unit.refresh_expires_in);
        Times {
            absolute: state(absolute, || token.refresh_token_absolute_expiry()),
            issued: state(issue_time(&fields), || token.issued_at()),
            lifetime: lifetime(refresh_lifetime, || token.refresh_expires_in()),
        }
    }

    /// The earlier of the absolute expiry and issue time + lifetime, of those that are known;
    /// `None` when neither is (or issue time + lifetime is past what `SystemTime` holds).
    /// `UNIX_EPOCH` when an input holds a value but no readable one (an issue time only when a
    /// lifetime is given), whatever the others say; except an unreadable lifetime beside a
    /// readable issue time, which is a lifetime of zero.
    #[inline(always)]
    pub(crate) fn expires_at(self) -> Option<SystemTime> {
        let relative = match (self.lifetime, self.issued) {
            (Lifetime::Absent, _) | (Lifetime::Of(_), Timestamp::Absent) => None,
            (Lifetime::Of(lifetime), Timestamp::At(issued)) => issued.checked_add(lifetime),
            (Lifetime::Unreadable, Timestamp::At(issued)) => Some(issued),
            (Lifetime::Unreadable, _) | (_, Timestamp::Unreadable | Timestamp::TooLate) => return Some(UNIX_EPOCH),
        };
        let absolute = match self.absolute {
            Timestamp::At(expires) => Some(expires),
            Timestamp::Unreadable | Timestamp::TooLate => return Some(UNIX_EPOCH),
            Timestamp::Absent => None,
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
            (Timestamp::Absent, _) => self.lifetime.duration(),
            (_, Timestamp::At(issued)) => Some(expires.duration_since(issued).unwrap_or(Duration::ZERO)),
            _ => self.lifetime.duration(),
        };
        let leeway = lifetime.map_or(leeway, |lifetime| leeway.min(lifetime / 2));
        // `now + leeway` past what `SystemTime` holds is later than any expiry.
        now.checked_add(leeway).is_none_or(|soon| soon >= expires)
    }
}

/// The issue time of a struct's fields: the earlier of the issue time and the receipt time when
/// both are known, else the one that is; unreadable when either holds no readable time.
#[inline(always)]
pub(crate) fn issue_time(fields: &Fields<'_>) -> Timestamp {
    let issued = fields.issued_at.timestamp(fields.unit.issued_at);
    let received = fields.received_at.timestamp(fields.unit.received_at);
    match (issued, received) {
        (Timestamp::At(issued), Timestamp::At(received)) => Timestamp::At(issued.min(received)),
        (Timestamp::Absent, other) | (other, Timestamp::Absent) => other,
        (unreadable, _) if unreadable.is_unreadable() => unreadable,
        (_, unreadable) => unreadable,
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

/// A lifetime as the struct's field holds it, or as its accessor gives it (see [`state`]).
#[inline(always)]
fn lifetime(field: Lifetime, accessor: impl FnOnce() -> Option<Duration>) -> Lifetime {
    match field {
        Lifetime::Absent => Lifetime::from(accessor()),
        lifetime => lifetime,
    }
}

/// After `token` took `previous`'s refresh token: the refresh token's expiry comes with it, never
/// later than it was. Unless `token`'s own is earlier, `previous`'s is written into the refresh
/// token absolute expiry field, or else, when the issue time is known, into the refresh token
/// lifetime field as the time left (zero when none is). A struct with neither field, or whose
/// fields' types cannot hold it, keeps none.
pub(crate) fn keep_refresh_expiry<T: TokenResponse>(token: &mut T, previous: &T) {
    let Some(kept) = previous.refresh_expires_at() else { return };
    let kept_by = |token: &T| token.refresh_expires_at().is_some_and(|own| own <= kept);
    if kept_by(token) {
        return;
    }
    let unit = token.__fields().unit.refresh_expires_at;
    token.__inherit(previous, Inherit { refresh_expires_at: Some((kept, unit)), ..Inherit::NOTHING });
    if kept_by(token) {
        return;
    }
    if let Some(issued) = token.issued_at() {
        let left = kept.duration_since(issued).unwrap_or(Duration::ZERO);
        let unit = token.__fields().unit.refresh_expires_in;
        token.__inherit(previous, Inherit { refresh_expires_in: Some((left, unit)), ..Inherit::NOTHING });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64) -> Timestamp {
        Timestamp::At(UNIX_EPOCH + Duration::from_secs(seconds))
    }

    fn times(absolute: Timestamp, issued: Timestamp, lifetime: Option<u64>) -> Times {
        Times { absolute, issued, lifetime: Lifetime::from(lifetime.map(Duration::from_secs)) }
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
    fn every_unreadable_input_fails_closed_whatever_the_others_say() {
        let far = at(4_000_000_000);
        let bad = |absolute, issued| Times { absolute, issued, lifetime: Lifetime::Unreadable };
        // A bad lifetime beside a far absolute expiry: expired at once, or at the issue time.
        assert_eq!(bad(far, Timestamp::Absent).expires_at(), Some(UNIX_EPOCH));
        assert_eq!(bad(far, Timestamp::Unreadable).expires_at(), Some(UNIX_EPOCH));
        assert_eq!(bad(far, at(100)).expires_at(), secs(100));
        assert_eq!(bad(Timestamp::Absent, at(100)).expires_at(), secs(100));
        assert_eq!(bad(at(50), at(100)).expires_at(), secs(50));
        // `UNIX_EPOCH` itself, even beside an earlier absolute expiry (before 1970).
        let before_1970 = Timestamp::At(UNIX_EPOCH - Duration::from_secs(16));
        assert_eq!(bad(before_1970, Timestamp::Absent).expires_at(), Some(UNIX_EPOCH));
        assert_eq!(times(Timestamp::Unreadable, before_1970, Some(60)).expires_at(), Some(UNIX_EPOCH));
        // Too late is unreadable: as an absolute expiry, and as an issue time beside a lifetime.
        assert_eq!(times(Timestamp::TooLate, at(100), Some(60)).expires_at(), Some(UNIX_EPOCH));
        assert_eq!(times(Timestamp::TooLate, Timestamp::Absent, None).expires_at(), Some(UNIX_EPOCH));
        assert_eq!(times(far, Timestamp::TooLate, Some(60)).expires_at(), Some(UNIX_EPOCH));
        assert_eq!(times(far, Timestamp::TooLate, None).expires_at(), secs(4_000_000_000));
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
