//! What a [`TokenCache`](super::TokenCache) holds, and every transition of it.
//!
//! The token sits in an [`ArcSwapOption`], so that [`Shared::fresh`] reads it without a lock;
//! everything else is one [`State`] behind one [`Mutex`]. Each transition below is one function
//! that takes the lock, reads the token again under it ("check, lock, re-check"), changes the
//! state, and wakes the callers it must after letting the lock go. No transition awaits, and no
//! lock is held across an `.await`.
//!
//! Invariants kept by every transition (each function says which it touches):
//!
//! - **Token**: the token is written only with the lock held, so a transition sees it as the
//!   previous transition left it.
//! - **Single flight**: `flight` is `Some(k)` exactly while the future that was handed ticket
//!   `k` is refreshing: from [`Shared::decide`] issuing it to [`Shared::complete`] or
//!   [`Shared::abandon`]. A ticket is issued only when `flight` is `None`, so at most one
//!   refresh runs.
//! - **Waiters**: a waker is registered only while the refresh it waits for is in flight, and
//!   whatever ends that flight takes every registered waker and wakes it. So no caller waits on
//!   a refresh that nobody drives.
//! - **Outcome**: `last` is the latest refresh that ran to its end, with its error; a caller
//!   that waited for ticket `k` takes the outcome of a refresh with a ticket of at least `k`.
//! - **Backoff**: `retry_at` is set only by a refresh that failed while the cached token was
//!   live, and is no later than that token's expiry; a success and [`Shared::set`] clear it, as
//!   they reset `failures`.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::mem;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Poll, Waker};
use std::time::{Duration, SystemTime};

use arc_swap::ArcSwapOption;

use crate::TokenResponse;

/// The pause after the first failed refresh while the token is live.
const FIRST_BACKOFF: Duration = Duration::from_secs(1);

/// The longest pause, reached after seven failures in a row.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// A cache's token and state; the methods are its transitions.
pub(super) struct Shared<T, E> {
    token: ArcSwapOption<T>,
    state: Mutex<State<E>>,
}

/// Everything but the token, behind the one lock.
struct State<E> {
    /// The ticket of the refresh in flight.
    flight: Option<u64>,
    /// The last ticket issued; tickets count from 1.
    tickets: u64,
    /// The latest refresh that ran to its end.
    last: Option<Completed<E>>,
    /// Failed refreshes since the last success or [`Shared::set`].
    failures: u32,
    /// No refresh for [`Ask::Get`] before this instant.
    retry_at: Option<SystemTime>,
    /// The callers waiting for the refresh in flight, by waiter id.
    waiters: BTreeMap<u64, Waker>,
    /// The last waiter id handed out.
    waiter_ids: u64,
}

/// A refresh that ran to its end.
struct Completed<E> {
    ticket: u64,
    /// The clock when it ended.
    at: SystemTime,
    /// Its error; `None` when it succeeded.
    error: Option<Arc<E>>,
}

/// What a caller asks for.
pub(super) enum Ask<'a, T> {
    /// `get()`: a token that does not need a refresh.
    Get,
    /// `get_after_rejection(rejected)`: any token but `rejected`.
    Rejected(&'a Arc<T>),
}

impl<T> Clone for Ask<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Ask<'_, T> {}

/// What a caller does next.
pub(super) enum Step<T, E> {
    /// Return this.
    Done(Result<Arc<T>, Arc<E>>),
    /// Wait until refresh `ticket` is no longer in flight, then decide again.
    Wait(u64),
    /// Refresh, with `current`, holding ticket `ticket`.
    Refresh { ticket: u64, current: Option<Arc<T>> },
}

impl<T: TokenResponse, E> Shared<T, E> {
    /// An idle cache holding `token`.
    pub(super) fn new(token: Option<Arc<T>>) -> Self {
        let state = State {
            flight: None,
            tickets: 0,
            last: None,
            failures: 0,
            retry_at: None,
            waiters: BTreeMap::new(),
            waiter_ids: 0,
        };
        Shared { token: ArcSwapOption::new(token), state: Mutex::new(state) }
    }

    /// The lock. A panic in a caller's code while it was held (a `TokenResponse` method of a
    /// hand-written impl, a waker) leaves the state as the transition had it: every transition
    /// calls such code before it changes anything, or after it changed everything.
    fn lock(&self) -> MutexGuard<'_, State<E>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The fast path, without the lock: the cached token when it does not need a refresh at `now`.
    /// The `Arc` is cloned before the token is read: with callers on several cores, the clone
    /// takes the cache line that holds both the count and (for small tokens) the fields, and the
    /// read that follows hits it.
    #[inline]
    pub(super) fn fresh(&self, now: SystemTime) -> Option<Arc<T>> {
        self.token.load_full().filter(|token| !token.needs_refresh_at(now))
    }

    /// The cached token, without the lock.
    pub(super) fn current(&self) -> Option<Arc<T>> {
        self.token.load_full()
    }

    /// Decides what a caller does: answer, wait for the refresh in flight, or refresh. A caller
    /// that waited for refresh `waited` first takes the outcome of it or of a later one.
    ///
    /// Keeps *single flight*: a ticket is issued, and `flight` set, only when no refresh is in
    /// flight. [`Ask::Get`] answers the cached token while it does not need a refresh, or, during
    /// a backoff, while it is live; [`Ask::Rejected`] answers any cached token but the rejected
    /// one and ignores the backoff. Changes nothing else.
    pub(super) fn decide(&self, ask: Ask<'_, T>, waited: Option<u64>, now: SystemTime) -> Step<T, E> {
        let mut state = self.lock();
        let cached = self.token.load_full();
        let last = state.last.as_ref().filter(|last| waited.is_some_and(|ticket| last.ticket >= ticket));
        if let Some(last) = last {
            let answer = match &last.error {
                Some(error) => Some(after_failure(cached.as_ref(), ask, now, error)),
                None => after_success(cached.as_ref(), ask, now, last.at),
            };
            if let Some(answer) = answer {
                return Step::Done(answer);
            }
        }
        let usable = match ask {
            Ask::Get => cached.as_ref().filter(|token| !token.needs_refresh_at(now)),
            Ask::Rejected(rejected) => cached.as_ref().filter(|token| !Arc::ptr_eq(token, rejected)),
        };
        if let Some(token) = usable {
            return Step::Done(Ok(token.clone()));
        }
        if let Some(ticket) = state.flight {
            return Step::Wait(ticket);
        }
        let backing_off = state.retry_at.is_some_and(|retry_at| now < retry_at);
        if let (Ask::Get, Some(token), true) = (ask, &cached, backing_off) {
            return Step::Done(Ok(token.clone()));
        }
        let ticket = state.tickets.saturating_add(1); // 2^64 refreshes: never reached
        state.tickets = ticket;
        state.flight = Some(ticket);
        Step::Refresh { ticket, current: cached }
    }

    /// Records how refresh `ticket` ended, at `now`, and answers the caller that drove it: its
    /// new token, or, when it failed, what [`after_failure`] says.
    ///
    /// Keeps *single flight* and *waiters*: `flight` becomes `None` and every waiter is woken.
    /// Keeps *outcome*: `last` is this refresh. Keeps *backoff*: a success caches the new token
    /// and clears the backoff; a failure while the cached token is live sets `retry_at` to `now`
    /// plus 1 s doubling per failure up to 60 s, but no later than the token's expiry; a failure
    /// with no token or an expired one sets none, so the next caller refreshes.
    pub(super) fn complete(
        &self,
        ticket: u64,
        result: Result<Arc<T>, Arc<E>>,
        now: SystemTime,
        ask: Ask<'_, T>,
    ) -> Result<Arc<T>, Arc<E>> {
        let mut replaced = None;
        let (answer, waiters) = {
            let mut state = self.lock();
            let error = match &result {
                Ok(token) => {
                    replaced = self.token.swap(Some(token.clone()));
                    state.failures = 0;
                    state.retry_at = None;
                    None
                }
                Err(error) => {
                    let cached = self.token.load_full();
                    let answer = after_failure(cached.as_ref(), ask, now, error);
                    let live = cached.as_ref().filter(|token| !token.is_expired_at(now));
                    let expiry = live.and_then(|token| token.expires_at());
                    state.failures = state.failures.saturating_add(1);
                    state.retry_at = live.and_then(|_| retry_at(now, state.failures, expiry));
                    Some((error.clone(), answer))
                }
            };
            let answer = match error {
                Some((error, answer)) => {
                    state.last = Some(Completed { ticket, at: now, error: Some(error) });
                    answer
                }
                None => {
                    state.last = Some(Completed { ticket, at: now, error: None });
                    result
                }
            };
            if state.flight == Some(ticket) {
                state.flight = None;
            }
            (answer, mem::take(&mut state.waiters))
        };
        wake(waiters);
        drop(replaced);
        answer
    }

    /// The future driving refresh `ticket` was dropped before the refresh ended (cancelled, or
    /// unwinding from a panic).
    ///
    /// Keeps *single flight* and *waiters*: `flight` becomes `None` and every waiter is woken,
    /// so one of them, or the next caller, starts a new refresh. The token, `last` and the
    /// backoff are left as they were: a refresh that did not end is no failure.
    pub(super) fn abandon(&self, ticket: u64) {
        let waiters = {
            let mut state = self.lock();
            if state.flight == Some(ticket) {
                state.flight = None;
            }
            match state.flight {
                Some(_) => return,
                None => mem::take(&mut state.waiters),
            }
        };
        wake(waiters);
    }

    /// Replaces the cached token.
    ///
    /// Keeps *backoff*: a new token has had no failure, so `failures` and `retry_at` are reset.
    /// A refresh in flight goes on, and when it succeeds its token replaces this one.
    pub(super) fn set(&self, token: Arc<T>) {
        let replaced = {
            let mut state = self.lock();
            state.failures = 0;
            state.retry_at = None;
            self.token.swap(Some(token))
        };
        drop(replaced);
    }

    /// A caller waits for refresh `ticket`: ready once it is no longer in flight, else the
    /// waker is registered under the caller's waiter id (given on its first wait).
    ///
    /// Keeps *waiters*: the waker is registered only while `ticket` is in flight, under the
    /// same lock as the transitions that end it, so its end cannot pass unseen.
    pub(super) fn poll_wait(&self, ticket: u64, id: &mut Option<u64>, waker: &Waker) -> Poll<()> {
        let mut state = self.lock();
        if state.flight != Some(ticket) {
            if let Some(id) = id.take() {
                state.waiters.remove(&id);
            }
            return Poll::Ready(());
        }
        let id = match *id {
            Some(id) => id,
            None => {
                state.waiter_ids = state.waiter_ids.saturating_add(1); // 2^64 waits: never reached
                *id = Some(state.waiter_ids);
                state.waiter_ids
            }
        };
        match state.waiters.entry(id) {
            Entry::Occupied(mut entry) => {
                if !entry.get().will_wake(waker) {
                    entry.insert(waker.clone());
                }
            }
            Entry::Vacant(entry) => {
                entry.insert(waker.clone());
            }
        }
        Poll::Pending
    }

    /// A waiting caller went away: its waker, if still registered, is dropped.
    ///
    /// Keeps *waiters*: only the waker registered under `id` is removed.
    pub(super) fn forget_waiter(&self, id: u64) {
        let waker = self.lock().waiters.remove(&id);
        drop(waker);
    }

    /// Whether a refresh is in flight, the failures in a row, and the end of the backoff: what
    /// `Debug` shows.
    pub(super) fn status(&self) -> (bool, u32, Option<SystemTime>) {
        let state = self.lock();
        (state.flight.is_some(), state.failures, state.retry_at)
    }
}

/// What a caller gets after the refresh it drove or waited for failed with `error`: [`Ask::Get`]
/// the cached token while it is live (stale-while-revalidate), [`Ask::Rejected`] a cached token
/// other than the rejected one; otherwise the error.
fn after_failure<T: TokenResponse, E>(
    cached: Option<&Arc<T>>,
    ask: Ask<'_, T>,
    now: SystemTime,
    error: &Arc<E>,
) -> Result<Arc<T>, Arc<E>> {
    match (ask, cached) {
        (Ask::Get, Some(token)) if !token.is_expired_at(now) => Ok(token.clone()),
        (Ask::Rejected(rejected), Some(token)) if !Arc::ptr_eq(token, rejected) => Ok(token.clone()),
        _ => Err(error.clone()),
    }
}

/// What a caller gets after the refresh it waited for succeeded at `at`: the cached token,
/// unless it has aged since (gone stale or expired while the caller slept; a token that arrived
/// stale or expired is still the refresh's outcome, and refreshing again would bring the same),
/// or it is the rejected one. `None`: decide again.
fn after_success<T: TokenResponse, E>(
    cached: Option<&Arc<T>>,
    ask: Ask<'_, T>,
    now: SystemTime,
    at: SystemTime,
) -> Option<Result<Arc<T>, Arc<E>>> {
    match (ask, cached) {
        (Ask::Get, Some(token)) if Age::of(&**token, now) <= Age::of(&**token, at) => Some(Ok(token.clone())),
        (Ask::Rejected(rejected), Some(token)) if !Arc::ptr_eq(token, rejected) => Some(Ok(token.clone())),
        _ => None,
    }
}

/// How far a token is in its life at some instant.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Age {
    Fresh,
    /// It needs a refresh.
    Stale,
    Expired,
}

impl Age {
    fn of(token: &impl TokenResponse, now: SystemTime) -> Age {
        if token.is_expired_at(now) {
            Age::Expired
        } else if token.needs_refresh_at(now) {
            Age::Stale
        } else {
            Age::Fresh
        }
    }
}

/// The end of the backoff after `failures` failed refreshes in a row, at `now`, for a token
/// expiring at `expiry`: `now` + [`backoff`], but no later than `expiry`.
fn retry_at(now: SystemTime, failures: u32, expiry: Option<SystemTime>) -> Option<SystemTime> {
    match (now.checked_add(backoff(failures)), expiry) {
        (Some(end), Some(expiry)) => Some(end.min(expiry)),
        (end, None) => end,
        (None, expiry) => expiry,
    }
}

/// The pause after `failures` failed refreshes in a row: 1 s after the first, doubling after
/// each further one, at most 60 s.
fn backoff(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(6);
    FIRST_BACKOFF.saturating_mul(1 << doublings).min(MAX_BACKOFF)
}

/// Wakes `waiters`; called with the lock released, as a waker may run a caller's code.
fn wake(waiters: BTreeMap<u64, Waker>) {
    for waker in waiters.into_values() {
        waker.wake();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn cache_backoff_doubles_from_one_second_to_sixty() {
        let pauses: Vec<u64> = (1..=9).map(|failures| backoff(failures).as_secs()).collect();
        assert_eq!(pauses, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(backoff(u32::MAX), MAX_BACKOFF);
    }

    #[test]
    fn cache_backoff_ends_no_later_than_the_expiry() {
        let now = SystemTime::UNIX_EPOCH + 1000 * SECOND;
        assert_eq!(retry_at(now, 3, Some(now + 10 * SECOND)), Some(now + 4 * SECOND));
        assert_eq!(retry_at(now, 4, Some(now + 5 * SECOND)), Some(now + 5 * SECOND));
        assert_eq!(retry_at(now, 1, None), Some(now + SECOND));
    }
}
