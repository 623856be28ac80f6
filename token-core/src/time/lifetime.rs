//! `Lifetime`: what a lifetime field holds.

use std::time::Duration;

/// What a lifetime field (`expires_in`, `refresh_expires_in`) holds: the answer of
/// [`LifetimeField::lifetime`](crate::LifetimeField::lifetime) and
/// [`RefreshTokenLifetimeField::lifetime`](crate::RefreshTokenLifetimeField::lifetime).
///
/// Absent is unknown; unreadable fails closed: a token whose expiry depends on it counts as
/// expired (at its issue time when that is known, else at once).
///
/// ```
/// use std::time::Duration;
/// use token_response::{Lifetime, LifetimeField, Unit};
///
/// assert_eq!(None::<u64>.lifetime(Unit::Seconds), Lifetime::Absent);
/// assert_eq!("n/a".lifetime(Unit::Seconds), Lifetime::Unreadable);
/// assert_eq!((-1_i64).lifetime(Unit::Seconds), Lifetime::Unreadable);
/// assert_eq!("3599".lifetime(Unit::Seconds), Lifetime::Of(Duration::from_secs(3599)));
/// assert_eq!(u128::MAX.lifetime(Unit::Seconds), Lifetime::Of(Duration::MAX));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lifetime {
    /// No value: an absent `Option`. The lifetime is unknown.
    Absent,
    /// A value that is no readable lifetime: negative, NaN, infinite, or a string that is not a
    /// numeric string (the empty string included).
    Unreadable,
    /// A lifetime; `Duration::MAX` when the value is larger than `Duration` holds.
    Of(Duration),
}

impl Lifetime {
    /// The lifetime as [`TokenResponse::expires_in`](crate::TokenResponse::expires_in) answers it:
    /// `None` when absent, `Some(Duration::ZERO)` when unreadable (fail closed).
    ///
    /// ```
    /// use std::time::Duration;
    /// use token_response::Lifetime;
    ///
    /// assert_eq!(Lifetime::Unreadable.duration(), Some(Duration::ZERO));
    /// assert_eq!(Lifetime::Absent.duration(), None);
    /// ```
    #[must_use]
    #[inline]
    pub fn duration(self) -> Option<Duration> {
        match self {
            Lifetime::Absent => None,
            Lifetime::Unreadable => Some(Duration::ZERO),
            Lifetime::Of(lifetime) => Some(lifetime),
        }
    }
}

impl From<Option<Duration>> for Lifetime {
    /// `Some` is [`Lifetime::Of`], `None` is [`Lifetime::Absent`].
    ///
    /// ```
    /// use token_response::Lifetime;
    ///
    /// assert_eq!(Lifetime::from(None), Lifetime::Absent);
    /// ```
    #[inline]
    fn from(lifetime: Option<Duration>) -> Self {
        lifetime.map_or(Lifetime::Absent, Lifetime::Of)
    }
}
