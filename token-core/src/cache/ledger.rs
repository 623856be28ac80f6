//! What a [`TokenCache`](super::TokenCache) holds, and every transition of it.
//!
//! The token ([`Entry`]) sits in an [`ArcSwapOption`], so that the fast path reads it without a
//! lock; everything else is one [`Ledger`] behind one [`Mutex`], and the token is written only
//! with that lock held. Each transition below is one function that takes the lock, reads the
//! token again under it ("check, lock, re-check"), and changes what it must. No transition
//! awaits or runs a caller's code; what it has to report ([`Note`]) or drop is handed back, to
//! be done with the lock released.
//!
//! Invariants, kept by every transition:
//!
//! - **Single flight**: `flight` is the one refresh whose outcome the cache will record. A new
//!   one is started only when there is none, or when the one there is overdue (the refresh
//!   timeout has passed since it started): it is then given up, and its outcome goes only to
//!   the callers that wait on it.
//! - **Epoch**: `set` and `clear` start a new epoch. A flight started in an earlier one is still
//!   waited on (no second refresh runs beside it) but its outcome is not recorded, and only the
//!   callers that joined it before the new epoch take its outcome; the others decide again when
//!   it ends.
//! - **Stale**: a token that arrived stale is not cached, but the next refresh starts from it
//!   (its refresh token is the newest) until a success, `set` or `clear`.
//! - **Gate**: after a failed refresh, `gate` says when the next may start: a backoff (1 s after
//!   the first failure in a row, doubling, at most 60 s, ended once by the cached token ceasing
//!   to be live), or never until `set` or `clear` (signed out). A success opens it.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use arc_swap::ArcSwapOption;

use super::Error;
use super::entry::Entry;
use super::flight::{Flight, Outcome};
use super::trace::Note;
use crate::TokenResponse;

/// The pause after the first failure in a row.
const FIRST_BACKOFF: Duration = Duration::from_secs(1);

/// The longest pause, reached after the seventh failure in a row.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// A cache's token, and its ledger behind the lock.
pub(super) struct Cached<T, E> {
    token: ArcSwapOption<Entry<T>>,
    ledger: Mutex<Ledger<T, E>>,
}

/// Everything but the token.
struct Ledger<T, E> {
    /// The refresh in flight, and when it is overdue.
    flight: Option<(Arc<Flight<T, E>>, SystemTime)>,
    /// Flights started: the last one's generation.
    flights: u64,
    /// `set` and `clear` calls.
    epoch: u64,
    /// Failed refreshes since the last success, `set` or `clear`.
    failures: u32,
    gate: Gate<E>,
    /// The token of the last refresh, when it arrived stale: never handed out, but the next
    /// refresh starts from it, for its refresh token is the newest (a rotating provider has
    /// spent the cached token's).
    stale: Option<Arc<T>>,
}

/// Whether a refresh may start.
enum Gate<E> {
    Open,
    /// Not before `until` (no later than `step` after the clock, however it jumps); while
    /// `ends_with_token`, the cached token ceasing to be live ends it.
    Backoff {
        until: SystemTime,
        step: Duration,
        ends_with_token: bool,
        error: Error<E>,
    },
    /// Not until `set` or `clear`.
    SignedOut(Arc<E>),
}

/// What a caller asks for.
pub(super) enum Ask<'a, T> {
    /// `get()`: a fresh token.
    Get,
    /// `get_after_rejection(rejected)`: a live token other than `rejected`.
    Rejected(&'a Arc<T>),
    /// `refresh_ahead`: a refresh of this entry while it is the cached one; once it is not, as
    /// [`Ask::Get`].
    Ahead(&'a Arc<Entry<T>>),
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
    Answer(Result<Arc<T>, Error<E>>),
    /// Wait for this flight (driving it); take its outcome when `takes_outcome`, else decide again.
    Join { flight: Arc<Flight<T, E>>, takes_outcome: bool },
}

/// What `Debug` shows of the ledger.
pub(super) struct Status {
    pub(super) refreshing: bool,
    pub(super) failures: u32,
    pub(super) retry_at: Option<SystemTime>,
    pub(super) signed_out: bool,
}

impl<T: TokenResponse, E> Cached<T, E> {
    pub(super) fn new() -> Self {
        let ledger = Ledger { flight: None, flights: 0, epoch: 0, failures: 0, gate: Gate::Open, stale: None };
        Cached { token: ArcSwapOption::const_empty(), ledger: Mutex::new(ledger) }
    }

    /// The lock. No caller's code runs while it is held, so it is never poisoned; if it were,
    /// the ledger is as the last transition left it.
    fn lock(&self) -> MutexGuard<'_, Ledger<T, E>> {
        self.ledger.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The fast path, without the lock: the cached token while it is fresh at `now`.
    #[inline]
    pub(super) fn fresh(&self, now: SystemTime) -> Option<Arc<T>> {
        let entry = self.token.load();
        match &*entry {
            Some(entry) if entry.is_fresh(now) => Some(entry.token.clone()),
            _ => None,
        }
    }

    /// The cached entry, without the lock.
    pub(super) fn entry(&self) -> Option<Arc<Entry<T>>> {
        self.token.load_full()
    }

    /// Decides what a caller asking `ask` at `now` does: take a token, wait for the flight, or
    /// start one (and wait for it), or get the gate's answer.
    ///
    /// Keeps *single flight*: a flight is started only when none is in flight or the one in
    /// flight is overdue by `timeout`, which is then given up. Keeps *gate*: no flight starts
    /// while the gate is closed at `now`. A token is handed out only while live; for
    /// [`Ask::Get`], only while fresh unless the gate is closed.
    pub(super) fn decide(&self, ask: Ask<'_, T>, now: SystemTime, timeout: Duration) -> (Step<T, E>, Vec<Note>) {
        let mut ledger = self.lock();
        let mut notes = Vec::new();
        let mut cached = self.token.load_full();
        let mut marked = None;
        match (ask, &cached) {
            (Ask::Get, Some(entry)) if entry.is_fresh(now) => return (Step::Answer(Ok(entry.token.clone())), notes),
            (Ask::Rejected(rejected), Some(entry)) if !Arc::ptr_eq(&entry.token, rejected) && entry.is_live(now) => {
                return (Step::Answer(Ok(entry.token.clone())), notes);
            }
            // The rejected token is the cached one: it counts as expired from now on.
            (Ask::Rejected(rejected), Some(entry)) if Arc::ptr_eq(&entry.token, rejected) && entry.is_live(now) => {
                marked = Some(Arc::new(entry.rejected()));
            }
            // Not the planned entry any more: as `get()`.
            (Ask::Ahead(planned), Some(entry)) if !Arc::ptr_eq(entry, planned) && entry.is_fresh(now) => {
                return (Step::Answer(Ok(entry.token.clone())), notes);
            }
            _ => {}
        }
        if let Some(rejected) = marked {
            self.token.store(Some(rejected.clone()));
            cached = Some(rejected);
        }
        let epoch = ledger.epoch;
        if let Some((flight, overdue_at)) = &mut ledger.flight {
            // However the clock jumps back, a flight is overdue no later than `timeout` from now.
            *overdue_at = (*overdue_at).min(now.checked_add(timeout).unwrap_or(*overdue_at));
            if now < *overdue_at {
                let takes_outcome = flight.epoch == epoch;
                return (Step::Join { flight: flight.clone(), takes_outcome }, notes);
            }
            notes.push(Note::GivenUp { generation: flight.generation });
            ledger.flight = None;
        }
        let live = cached.as_ref().is_some_and(|entry| entry.is_live(now));
        let held = match &mut ledger.gate {
            Gate::Open => None,
            Gate::SignedOut(error) => Some(Error::SignedOut(error.clone())),
            Gate::Backoff { until, step, ends_with_token, error } => {
                *until = (*until).min(now.checked_add(*step).unwrap_or(*until));
                let ended = now >= *until || (*ends_with_token && !live);
                (!ended).then(|| error.clone())
            }
        };
        if let Some(error) = held {
            let answer = match &cached {
                Some(entry) if live => Ok(entry.token.clone()),
                _ => Err(error),
            };
            return (Step::Answer(answer), notes);
        }
        ledger.flights = ledger.flights.saturating_add(1); // 2^64 refreshes: never reached
        let current = ledger.stale.clone().or_else(|| cached.map(|entry| entry.token.clone()));
        notes.push(Note::Started { generation: ledger.flights, with_token: current.is_some() });
        let flight = Arc::new(Flight::new(ledger.flights, now, ledger.epoch, current));
        let overdue_at = now.checked_add(timeout).unwrap_or(now);
        ledger.flight = Some((flight.clone(), overdue_at));
        (Step::Join { flight, takes_outcome: true }, notes)
    }

    /// What a caller that asked `ask` gets from a refresh's `outcome` at `now`: its token while
    /// live; for a failure, the cached token while live (never a rejected one), else the error.
    /// `None`: the new token aged past its live margin before this caller took it; decide again.
    pub(super) fn answer(
        &self,
        ask: Ask<'_, T>,
        outcome: &Outcome<T, E>,
        now: SystemTime,
    ) -> Option<Result<Arc<T>, Error<E>>> {
        match outcome {
            Ok(entry) => entry.is_live(now).then(|| Ok(entry.token.clone())),
            Err(error) => Some(match self.token.load_full() {
                Some(entry) if entry.is_live(now) && !is_rejected(ask, &entry) => Ok(entry.token.clone()),
                _ => Err(error.clone()),
            }),
        }
    }

    /// Records how `flight` ended at `now` (with the token that arrived `stale`, if one did),
    /// when it is the flight in flight and of this epoch; returns the entry it replaced (for the
    /// caller to drop with the lock released) and what to report.
    ///
    /// Keeps *single flight*: `flight` is no longer in flight. Keeps *gate*: a success opens it
    /// and resets the failures; a terminal error closes it for good; any other failure (an
    /// error, a stale token, a panic) closes it for the next backoff step, to be ended once by
    /// the cached token ceasing to be live when it is live now.
    pub(super) fn settle(
        &self,
        flight: &Arc<Flight<T, E>>,
        outcome: &Outcome<T, E>,
        stale: Option<Arc<T>>,
        now: SystemTime,
    ) -> (Option<Arc<Entry<T>>>, Vec<Note>) {
        let generation = flight.generation;
        let mut ledger = self.lock();
        let in_flight = ledger.flight.as_ref().is_some_and(|(current, _)| Arc::ptr_eq(current, flight));
        if !in_flight || flight.epoch != ledger.epoch {
            if in_flight {
                ledger.flight = None;
            }
            return (None, vec![Note::Unrecorded { generation }]);
        }
        ledger.flight = None;
        match outcome {
            Ok(entry) => {
                ledger.failures = 0;
                ledger.gate = Gate::Open;
                ledger.stale = None;
                let lifetime = entry.lifetime();
                (self.token.swap(Some(entry.clone())), vec![Note::Succeeded { generation, lifetime }])
            }
            Err(error) => {
                if stale.is_some() {
                    ledger.stale = stale;
                }
                ledger.failures = ledger.failures.saturating_add(1);
                let failed = Note::Failed { generation, cause: error.into(), failures: ledger.failures };
                if let Error::SignedOut(error) = error {
                    ledger.gate = Gate::SignedOut(error.clone());
                    return (None, vec![failed, Note::SignedOut { generation }]);
                }
                let step = backoff(ledger.failures);
                let ends_with_token = self.token.load().as_ref().is_some_and(|entry| entry.is_live(now));
                let until = now.checked_add(step).unwrap_or(now);
                ledger.gate = Gate::Backoff { until, step, ends_with_token, error: error.clone() };
                (None, vec![failed, Note::Backoff { generation, step }])
            }
        }
    }

    /// Replaces the cached entry (`with_token`, `set`, `clear`), starts a new epoch and opens the
    /// gate; returns the entry replaced.
    ///
    /// Keeps *epoch*: a flight in flight stays in flight (its waiters take its outcome), but its
    /// token is not recorded. Keeps *gate*: open, with no failures.
    pub(super) fn replace(&self, entry: Option<Arc<Entry<T>>>) -> Option<Arc<Entry<T>>> {
        let mut ledger = self.lock();
        ledger.epoch = ledger.epoch.wrapping_add(1);
        ledger.failures = 0;
        ledger.gate = Gate::Open;
        ledger.stale = None;
        self.token.swap(entry)
    }

    /// When the gate opens again, if it is closed at `now` (`None`: open; `Some(None)`: signed out).
    pub(super) fn closed_until(&self, now: SystemTime) -> Option<Option<SystemTime>> {
        match &self.lock().gate {
            Gate::Open => None,
            Gate::SignedOut(_) => Some(None),
            Gate::Backoff { until, .. } => (now < *until).then_some(Some(*until)),
        }
    }

    pub(super) fn status(&self) -> Status {
        let ledger = self.lock();
        Status {
            refreshing: ledger.flight.is_some(),
            failures: ledger.failures,
            retry_at: match &ledger.gate {
                Gate::Backoff { until, .. } => Some(*until),
                _ => None,
            },
            signed_out: matches!(ledger.gate, Gate::SignedOut(_)),
        }
    }
}

/// Whether `entry` holds the token `ask` reports rejected.
fn is_rejected<T>(ask: Ask<'_, T>, entry: &Entry<T>) -> bool {
    matches!(ask, Ask::Rejected(rejected) if Arc::ptr_eq(rejected, &entry.token))
}

/// The pause after `failures` failed refreshes in a row: 1 s after the first, doubling after
/// each further one, at most 60 s.
pub(super) fn backoff(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(6);
    FIRST_BACKOFF.saturating_mul(1 << doublings).min(MAX_BACKOFF)
}
