//! A refresh in flight, owned by the cache rather than by any caller: [`Flight`] holds the
//! refresh future in a slot, and [`Wait`] is a caller's wait for it.
//!
//! Whoever is polled drives the refresh: a [`Wait`] takes the future out of its slot, polls it
//! with no lock held and with a waker that wakes every registered waiter ([`Waiters`]), and puts
//! it back. So the refresh makes progress while any waiter is polled, and when every waiter is
//! dropped it stays in its slot for the next caller to resume. A panic of the refresh is caught
//! at that boundary, recorded as the flight's outcome for every other waiter, and resumed in the
//! caller that polled.
//!
//! What each transition leaves behind:
//!
//! - **A waiter dropped** (its caller timed out, a `select!` took another branch): its waker is
//!   removed. Nothing else changes: the refresh stays in its slot.
//! - **A waiter never polled again** (parked, not dropped): it holds nothing. The refresh's wake
//!   reaches every registered waiter, and a wake that arrives while another waiter polls is
//!   passed on to every waiter when that poll ends.
//! - **The refresh ends** (a value, an error or a panic): the cache records it first, then the
//!   slot holds the outcome, and every waiter is woken to take it.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry as Slot_;
use std::future::Future;
use std::mem;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Wake, Waker};
use std::time::SystemTime;

use super::entry::Entry;
use super::{Error, RefreshFuture, TokenCache};
use crate::TokenResponse;

/// How a refresh ended, as every waiter of it sees it: the new token with its dating, or why
/// there is none.
pub(super) type Outcome<T, E> = Result<Arc<Entry<T>>, Error<E>>;

/// One refresh.
pub(super) struct Flight<T, E> {
    /// Its number: the cache's flights count from 1.
    pub(super) generation: u64,
    /// The clock when it started: the token it brings never lives past this + its lifetime.
    pub(super) started: SystemTime,
    /// The cache's epoch when it started: a `set` or `clear` since keeps its token out.
    pub(super) epoch: u64,
    /// The token passed to the refresh function, which the new token inherits from.
    current: Option<Arc<T>>,
    slot: Mutex<Slot<T, E>>,
    waiters: Arc<Waiters>,
}

/// Where the refresh future is.
enum Slot<T, E> {
    /// The refresh function has not been called yet: the first waiter polled calls it.
    Unstarted,
    /// In its slot, for the next waiter polled.
    Idle(RefreshFuture<T, E>),
    /// Out of its slot: a waiter is polling it.
    Polling,
    /// It ended.
    Done(Outcome<T, E>),
}

impl<T, E> Flight<T, E> {
    pub(super) fn new(generation: u64, started: SystemTime, epoch: u64, current: Option<Arc<T>>) -> Self {
        Flight {
            generation,
            started,
            epoch,
            current,
            slot: Mutex::new(Slot::Unstarted),
            waiters: Arc::new(Waiters::default()),
        }
    }

    /// The slot. No code of a caller's runs while it is held, so it is never poisoned; if it
    /// were, the slot is as the last transition left it.
    fn slot(&self) -> MutexGuard<'_, Slot<T, E>> {
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The refresh ended with `outcome`: every waiter gets it, now and later.
    fn end(&self, outcome: Outcome<T, E>) {
        *self.slot() = Slot::Done(outcome);
        self.waiters.close();
    }
}

/// A caller's wait for a [`Flight`], driving it when polled. Its output is the flight's outcome.
pub(super) struct Wait<'a, T, E> {
    cache: &'a TokenCache<T, E>,
    flight: Arc<Flight<T, E>>,
    /// The waker's key in the flight's [`Waiters`], from the first poll on.
    key: Option<u64>,
}

impl<'a, T, E> Wait<'a, T, E> {
    pub(super) fn new(cache: &'a TokenCache<T, E>, flight: Arc<Flight<T, E>>) -> Self {
        Wait { cache, flight, key: None }
    }
}

impl<T, E> Future for Wait<'_, T, E>
where
    T: TokenResponse + Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    type Output = Outcome<T, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Outcome<T, E>> {
        let this = self.get_mut();
        let flight = &*this.flight;
        // Registered before the slot is read: a wake or an end after that reaches this waiter.
        flight.waiters.register(&mut this.key, cx.waker());
        let future = {
            let mut slot = flight.slot();
            match mem::replace(&mut *slot, Slot::Polling) {
                Slot::Done(outcome) => {
                    *slot = Slot::Done(outcome.clone());
                    return Poll::Ready(outcome);
                }
                Slot::Polling => return Poll::Pending,
                Slot::Unstarted => None,
                Slot::Idle(future) => Some(future),
            }
        };
        // The future is ours until it goes back: read the clock once, for the outcome's dating.
        let now = this.cache.now();
        flight.waiters.polling();
        let waker = Waker::from(flight.waiters.clone());
        let polled = catch_unwind(AssertUnwindSafe(|| {
            let mut future = future.unwrap_or_else(|| (this.cache.refresh)(flight.current.clone()));
            match future.as_mut().poll(&mut Context::from_waker(&waker)) {
                Poll::Pending => Err(future),
                Poll::Ready(result) => Ok(this.cache.outcome(result, flight.current.as_ref(), flight.started, now)),
            }
        }));
        match polled {
            Err(panic) => {
                this.settle(&Err(Error::Panicked), None, now);
                resume_unwind(panic)
            }
            Ok(Err(future)) => {
                *flight.slot() = Slot::Idle(future);
                // A wake that came while the future was out of its slot did not reach the waiters
                // that registered meanwhile: pass it on, so no parked waiter holds it.
                if flight.waiters.woken() {
                    flight.waiters.wake_all();
                }
                Poll::Pending
            }
            Ok(Ok((outcome, stale))) => {
                this.settle(&outcome, stale, now);
                Poll::Ready(outcome)
            }
        }
    }
}

impl<T, E> Wait<'_, T, E>
where
    T: TokenResponse + Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    /// The refresh ended at `now` with `outcome` (and a token that arrived `stale`): the cache
    /// records it, then the slot, then
    /// every waiter is woken. A token it replaced is dropped last (its `Drop` is the caller's code).
    fn settle(&self, outcome: &Outcome<T, E>, stale: Option<Arc<T>>, now: SystemTime) {
        let replaced = self.cache.settle(&self.flight, outcome, stale, now);
        self.flight.end(outcome.clone());
        drop(replaced);
    }
}

impl<T, E> Drop for Wait<'_, T, E> {
    fn drop(&mut self) {
        if let Some(key) = self.key {
            self.flight.waiters.remove(key);
        }
    }
}

/// The wakers of a flight's waiters; as a [`Waker`], it wakes them all.
#[derive(Default)]
struct Waiters(Mutex<Registry>);

#[derive(Default)]
struct Registry {
    wakers: BTreeMap<u64, Waker>,
    /// The last key handed out.
    keys: u64,
    /// The refresh was woken since its last poll began.
    woken: bool,
    /// The refresh ended: nothing more to wait for.
    closed: bool,
}

impl Waiters {
    fn lock(&self) -> MutexGuard<'_, Registry> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers `waker` under `key` (given on the first call), unless the flight ended.
    fn register(&self, key: &mut Option<u64>, waker: &Waker) {
        let mut registry = self.lock();
        if registry.closed {
            return;
        }
        let key = *key.get_or_insert_with(|| {
            registry.keys = registry.keys.saturating_add(1); // 2^64 waits: never reached
            registry.keys
        });
        match registry.wakers.entry(key) {
            Slot_::Occupied(entry) if entry.get().will_wake(waker) => {}
            Slot_::Occupied(mut entry) => {
                entry.insert(waker.clone());
            }
            Slot_::Vacant(entry) => {
                entry.insert(waker.clone());
            }
        }
    }

    /// A waiter went away.
    fn remove(&self, key: u64) {
        let waker = self.lock().wakers.remove(&key);
        drop(waker); // with the lock released: a waker's drop is the executor's code
    }

    /// A poll of the refresh begins: wakes from now on ask for another.
    fn polling(&self) {
        self.lock().woken = false;
    }

    fn woken(&self) -> bool {
        self.lock().woken
    }

    fn wake_all(&self) {
        let wakers = mem::take(&mut self.lock().wakers);
        wakers.into_values().for_each(Waker::wake);
    }

    /// The refresh ended: every waiter is woken, and none registers again.
    fn close(&self) {
        let wakers = {
            let mut registry = self.lock();
            registry.closed = true;
            mem::take(&mut registry.wakers)
        };
        wakers.into_values().for_each(Waker::wake);
    }
}

impl Wake for Waiters {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        let wakers = {
            let mut registry = self.lock();
            registry.woken = true;
            mem::take(&mut registry.wakers)
        };
        wakers.into_values().for_each(Waker::wake);
    }
}
