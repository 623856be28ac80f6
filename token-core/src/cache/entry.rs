//! [`Entry`]: the cached token with the instants the cache judges it by, computed once when it
//! is cached, so that the fast path compares one instant.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::TokenResponse;

/// The live margin's ceiling: a token is not handed out in the last 10 s of its life (in the
/// last quarter, for a token that lives less than 40 s).
const MARGIN: Duration = Duration::from_secs(10);

/// A token and its dating.
pub(super) struct Entry<T> {
    pub(super) token: Arc<T>,
    dating: Dating,
}

/// The instants the cache judges a token by.
#[derive(Clone, Copy)]
struct Dating {
    /// The cache's expiry: the earlier of the token's own `expires_at()` and, for a token a
    /// refresh returned, that refresh's start + `expires_in()`. `None`: neither is known.
    expiry: Option<SystemTime>,
    /// The lifetime the expiry counts: what the leeway and margin are capped by.
    lifetime: Option<Duration>,
    /// Fresh: handed out without a refresh.
    fresh: Until,
    /// Live: handed out at all.
    live: Until,
}

/// While a condition holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Until {
    Always,
    /// While the clock is before this instant.
    Before(SystemTime),
    Never,
}

impl Until {
    #[inline]
    pub(super) fn holds(self, now: SystemTime) -> bool {
        match self {
            Until::Always => true,
            Until::Before(end) => now < end,
            Until::Never => false,
        }
    }

    /// Until `lead` before `expiry`; an instant before what `SystemTime` holds fails closed.
    fn ahead_of(expiry: Option<SystemTime>, lead: Duration) -> Until {
        match expiry {
            None => Until::Always,
            Some(expiry) => expiry.checked_sub(lead).map_or(Until::Never, Until::Before),
        }
    }
}

impl<T: TokenResponse> Entry<T> {
    /// A token given to the cache (`with_token`, `set`): dated by its own fields alone.
    pub(super) fn given(token: Arc<T>) -> Self {
        Entry::new(token, None)
    }

    /// A token that a refresh started at `started` returned: it never lives past `started` +
    /// its lifetime, whatever its issue or receipt time says.
    pub(super) fn refreshed(token: Arc<T>, started: SystemTime) -> Self {
        Entry::new(token, Some(started))
    }

    fn new(token: Arc<T>, started: Option<SystemTime>) -> Self {
        let dating = Dating::of(&*token, started);
        Entry { token, dating }
    }
}

/// Whether the cache takes `token`, returned by a refresh started at `started`, as fresh at
/// `now`; a token it does not is [`Error::Stale`](super::Error::Stale). A token from elsewhere
/// (a store) must pass this to be handed to the cache as a refresh's outcome.
#[cfg(feature = "store")]
pub(crate) fn fresh_on_arrival<T: TokenResponse>(token: &T, started: SystemTime, now: SystemTime) -> bool {
    Dating::of(token, Some(started)).fresh.holds(now)
}

impl Dating {
    fn of<T: TokenResponse>(token: &T, started: Option<SystemTime>) -> Self {
        let own = token.expires_at();
        let expires_in = token.expires_in();
        // A lifetime too long for `SystemTime` leaves the dated expiry unknown, as `expires_at()` does.
        let dated = started.zip(expires_in).and_then(|(started, lifetime)| started.checked_add(lifetime));
        // The token's own lifetime, as `needs_refresh_at` counts it.
        let own_lifetime = match (own, token.issued_at()) {
            (Some(expiry), Some(issued)) => Some(expiry.duration_since(issued).unwrap_or(Duration::ZERO)),
            _ => expires_in,
        };
        let (expiry, lifetime) = match (own, dated) {
            (Some(own), Some(dated)) if own <= dated => (Some(own), own_lifetime),
            (_, Some(dated)) => (Some(dated), expires_in),
            (own, None) => (own, own_lifetime),
        };
        let leeway = token.refresh_leeway();
        let leeway = lifetime.map_or(leeway, |lifetime| leeway.min(lifetime / 2));
        let margin = lifetime.map_or(MARGIN, |lifetime| MARGIN.min(lifetime / 4));
        Dating {
            expiry,
            lifetime,
            // Fresh implies live, whatever the leeway.
            fresh: Until::ahead_of(expiry, leeway.max(margin)),
            live: Until::ahead_of(expiry, margin),
        }
    }
}

impl<T> Entry<T> {
    /// The same token, known bad (a server refused it): neither fresh nor live.
    pub(super) fn rejected(&self) -> Self {
        Entry { token: self.token.clone(), dating: Dating { fresh: Until::Never, live: Until::Never, ..self.dating } }
    }

    /// Handed out without a refresh at `now`.
    #[inline]
    pub(super) fn is_fresh(&self, now: SystemTime) -> bool {
        self.dating.fresh.holds(now)
    }

    /// Handed out at all at `now`.
    pub(super) fn is_live(&self, now: SystemTime) -> bool {
        self.dating.live.holds(now)
    }

    /// When it stops being fresh.
    pub(super) fn fresh_until(&self) -> Until {
        self.dating.fresh
    }

    /// Its lifetime, when known.
    pub(super) fn lifetime(&self) -> Option<Duration> {
        self.dating.lifetime
    }

    /// The cache's expiry of it, when known.
    pub(super) fn expiry(&self) -> Option<SystemTime> {
        self.dating.expiry
    }
}
