//! [`TokenCache::refresh_ahead`]: a refresh before any caller needs one, at a random point in
//! the last stretch of the token's freshness.

use std::collections::hash_map::RandomState;
use std::future::Future;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Arc, Weak};
use std::time::{Duration, SystemTime};

use super::TokenCache;
use super::entry::{Entry, Until};
use super::ledger::Ask;
use crate::TokenResponse;

/// The longest sleep: the clock is read again at least this often (a suspended machine, a
/// token replaced by `set`).
const MAX_SLEEP: Duration = Duration::from_secs(60);

/// The jitter's ceiling, beside 10 % of the lifetime.
const MAX_JITTER: Duration = Duration::from_secs(5 * 60);

impl<T, E> TokenCache<T, E>
where
    T: TokenResponse + Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    /// A future to spawn on your runtime that refreshes the token before any caller needs it.
    /// `sleep` is your runtime's sleep (`tokio::time::sleep`).
    ///
    /// For each token it draws a point at random in the last stretch before the token stops
    /// being fresh, at most `min(10 % of its lifetime, 5 min)` early, and refreshes it then,
    /// through the same single flight and backoff as [`get`](Self::get): many processes sharing
    /// a credential do not refresh together, and callers keep finding a fresh token. It sleeps
    /// at most 60 s at a time and reads the clock after every sleep (a machine that was
    /// suspended). It leaves alone a token that is no longer fresh (its refresh failed through
    /// the stretch, or it was given with `set`), one whose expiry is unknown, and one that a
    /// refresh of its own brought already inside the stretch: `get` refreshes those on demand,
    /// so it never calls `refresh` in a loop. While the cache is empty it waits for a token.
    ///
    /// It holds the cache weakly and ends soon after the last other `Arc` of the cache is
    /// dropped (at its next wake, or when the refresh it drives ends).
    ///
    /// Under tokio: `tokio::spawn(cache.refresh_ahead(tokio::time::sleep))`. Here with a sleep
    /// of its own that moves a test clock:
    ///
    /// ```
    /// use std::sync::Arc;
    /// use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use token_response::TokenResponse;
    /// use token_response::cache::TokenCache;
    ///
    /// #[derive(TokenResponse)]
    /// struct MyToken { access_token: String, expires_in: u64 }
    ///
    /// let seconds = Arc::new(AtomicU64::new(0));
    /// let refreshes = Arc::new(AtomicUsize::new(0));
    /// let counter = refreshes.clone();
    /// let clock = seconds.clone();
    /// let cache = Arc::new(
    ///     TokenCache::new(move |_current: Option<Arc<MyToken>>| {
    ///         counter.fetch_add(1, Ordering::SeqCst);
    ///         async { Ok::<_, String>(MyToken { access_token: "at".into(), expires_in: 3600 }) }
    ///     })
    ///     .with_clock(move || UNIX_EPOCH + Duration::from_secs(clock.load(Ordering::SeqCst))),
    /// );
    /// pollster::block_on(cache.get()).unwrap(); // a first token, fresh for 3540 s
    ///
    /// let slept = seconds.clone();
    /// let ahead = cache.refresh_ahead(move |pause: Duration| {
    ///     slept.fetch_add(pause.as_secs().max(1), Ordering::SeqCst); // time flies
    ///     std::future::ready(())
    /// });
    /// let stop = Arc::downgrade(&cache);
    /// std::thread::spawn(move || pollster::block_on(ahead));
    /// while refreshes.load(Ordering::SeqCst) < 3 {
    ///     std::thread::yield_now();
    /// }
    /// drop(cache); // the loop ends
    /// # while stop.strong_count() > 0 { std::thread::yield_now(); }
    /// ```
    pub fn refresh_ahead<Sleep, S>(
        self: &Arc<Self>,
        sleep: Sleep,
    ) -> impl Future<Output = ()> + Send + 'static + use<T, E, Sleep, S>
    where
        Sleep: Fn(Duration) -> S + Send + Sync + 'static,
        S: Future<Output = ()> + Send + 'static,
    {
        let cache = Arc::downgrade(self);
        let mut ahead = Ahead { plan: None, refreshed: false, random: Random::new(self, self.now()) };
        async move {
            while let Some(pause) = ahead.step(&cache).await {
                sleep(pause.min(MAX_SLEEP)).await;
            }
        }
    }
}

/// The loop's memory between turns.
struct Ahead<T> {
    /// The refresh point drawn for the cached token.
    plan: Option<Plan<T>>,
    /// The last turn's refresh brought the cached token.
    refreshed: bool,
    random: Random,
}

/// The refresh point drawn for one token.
struct Plan<T> {
    /// The token (weakly: the plan keeps no token alive).
    entry: Weak<Entry<T>>,
    /// When to refresh it; `None`: leave it to `get`.
    at: Option<SystemTime>,
}

impl<T: TokenResponse + Send + Sync + 'static> Ahead<T> {
    /// One turn: refresh if the point has come, then say how long to sleep. `None`: the cache
    /// is gone.
    async fn step<E: Send + Sync + 'static>(&mut self, cache: &Weak<TokenCache<T, E>>) -> Option<Duration> {
        let cache = cache.upgrade()?;
        let now = cache.now();
        let Some(entry) = cache.cached.entry() else {
            return Some(MAX_SLEEP); // nothing to refresh ahead yet
        };
        let at = match &self.plan {
            Some(plan) if Weak::ptr_eq(&plan.entry, &Arc::downgrade(&entry)) => plan.at,
            _ => {
                // A token that a refresh of this loop brought inside its own stretch is not
                // refreshed ahead again: that would be a loop.
                let at = draw(&entry, now, &mut self.random).filter(|at| !(self.refreshed && *at <= now));
                self.plan = Some(Plan { entry: Arc::downgrade(&entry), at });
                at
            }
        };
        self.refreshed = false;
        let Some(at) = at.filter(|_| entry.is_fresh(now)) else {
            return Some(MAX_SLEEP); // not ours to refresh: wait for another token
        };
        if now < at {
            return Some(at.duration_since(now).unwrap_or(MAX_SLEEP));
        }
        // The point has come: one refresh, through the single flight and the backoff. Its
        // outcome is the cache's business; this loop looks at what is cached afterwards.
        let _ = cache.resolve(Ask::Ahead(&entry)).await;
        let after = cache.now();
        if !cache.cached.entry().is_some_and(|cached| Arc::ptr_eq(&cached, &entry)) {
            self.refreshed = true;
            return Some(Duration::ZERO);
        }
        // The refresh failed: try again when the backoff ends (signed out: at the longest sleep,
        // for `set` or `clear`), while the token is fresh.
        let reopens = cache.cached.closed_until(after).flatten();
        Some(reopens.and_then(|at| at.duration_since(after).ok()).unwrap_or(MAX_SLEEP))
    }
}

/// The refresh point of a token first seen at `now`: uniform in the last `min(10 % of its
/// lifetime, 5 min)` before it stops being fresh. `None` when it never does (an unknown
/// expiry) or already has.
fn draw<T>(entry: &Entry<T>, now: SystemTime, random: &mut Random) -> Option<SystemTime> {
    let Until::Before(fresh_until) = entry.fresh_until() else {
        return None;
    };
    // Without a known lifetime, the time left to the expiry stands in for it (it is no longer).
    let lifetime = entry.lifetime().or_else(|| entry.expiry()?.duration_since(now).ok())?;
    let stretch = (lifetime / 10).min(MAX_JITTER);
    let early = Duration::from_nanos(random.below(u64::try_from(stretch.as_nanos()).unwrap_or(u64::MAX)));
    Some(fresh_until.checked_sub(early).unwrap_or(fresh_until))
}

/// xorshift64*: a small random source for the jitter, seeded from std's randomly keyed hasher
/// (`RandomState`), the cache's address and the clock; no dependency.
struct Random(u64);

impl Random {
    fn new<T>(cache: &Arc<T>, now: SystemTime) -> Random {
        let mut hasher = RandomState::new().build_hasher();
        Arc::as_ptr(cache).hash(&mut hasher);
        now.hash(&mut hasher);
        Random(hasher.finish() | 1) // xorshift's state is never zero
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..=max` (but for a bias below 2^-20 for the lifetimes tokens have).
    fn below(&mut self, max: u64) -> u64 {
        match max.checked_add(1) {
            Some(bound) => self.next() % bound,
            None => self.next(),
        }
    }
}
