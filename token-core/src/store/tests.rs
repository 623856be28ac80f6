//! The coordinator's protocol without an executor, a file or a server: [`Memory`] is a
//! [`TokenStore`] in memory that keeps the trait's promises (a version counter, compare-and-set
//! on the version and the lease's owner, a lease with an owner and a deadline on the test's
//! clock, waiters woken when the holder lets go), shared by several caches that each stand for
//! a process. The cache's harness (`cache::tests`: the clock, the endpoint in memory, callers
//! polled by hand) does the rest, so these run under Miri (`scripts/miri.sh`).

mod protocol;
mod threads;

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::{Duration, SystemTime};

use super::{Commit, Coordinator, Error, Outage, StoreError, StoreErrorKind, Stored, TokenStore};
use crate::cache::TokenCache;
use crate::cache::tests::{Clock, Endpoint, Tok};

/// How long a lease lasts unless its holder renews it.
const LEASE: Duration = Duration::from_secs(30);

/// Which of the store's operations fail, as when it cannot be reached.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Fails {
    #[default]
    Nothing,
    /// Commits only: the store reads, leases and renews, but cannot write.
    Commits,
    /// Every operation.
    Everything,
}

/// The lease's record: its holder and deadline. Like `FileStore`'s, it stays after the deadline
/// until another holder takes the lease over or the holder lets go, and it names its holder.
struct Held {
    owner: u64,
    until: SystemTime,
}

/// What the store holds, behind one lock.
#[derive(Default)]
struct Shelf {
    stored: Option<Stored<Tok>>,
    lease: Option<Held>,
    /// Leases taken so far: the last owner's number.
    leases: u64,
    /// Tasks waiting for the lease, woken (all) when its holder lets go.
    waiters: Vec<Waker>,
    fails: Fails,
    /// The access token of every commit the store took, in order.
    history: Vec<String>,
}

impl Shelf {
    /// An error when `fails` covers the operation `needs` stands for.
    fn check(&self, needs: Fails) -> Result<(), StoreError> {
        if self.fails == Fails::Everything || self.fails == needs {
            return Err(StoreError::new(StoreErrorKind::Unavailable, "the store is down"));
        }
        Ok(())
    }

    /// Whether a holder other than `owner` has a lease whose deadline is still ahead.
    fn other_holder(&self, owner: Option<u64>, now: SystemTime) -> bool {
        self.lease.as_ref().is_some_and(|held| Some(held.owner) != owner && held.until > now)
    }
}

/// A handle on a store in memory, one per process; its clones share the store.
#[derive(Clone)]
struct Memory {
    shelf: Arc<Mutex<Shelf>>,
    clock: Clock,
}

/// The proof of a lease: its owner's number.
#[derive(Debug)]
struct Owner(u64);

impl Memory {
    fn new(clock: &Clock) -> Self {
        Memory { shelf: Arc::default(), clock: clock.clone() }
    }

    fn shelf(&self) -> MutexGuard<'_, Shelf> {
        self.shelf.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stores `token` as the first version, as a sign-in in another process would.
    fn seed(&self, token: Tok) {
        let mut shelf = self.shelf();
        shelf.history.push(token.access.clone());
        shelf.stored = Some(Stored { version: 1, token });
    }

    fn fail(&self, fails: Fails) {
        self.shelf().fails = fails;
    }

    /// The stored version and access token.
    fn stored(&self) -> Option<(u64, String)> {
        self.shelf().stored.as_ref().map(|s| (s.version, s.token.access.clone()))
    }

    fn history(&self) -> Vec<String> {
        self.shelf().history.clone()
    }

    /// Whether anyone holds the lease (its deadline passed or not).
    fn leased(&self) -> bool {
        self.shelf().lease.is_some()
    }
}

impl TokenStore<Tok> for Memory {
    type Lease = Owner;

    async fn load(&self) -> Result<Option<Stored<Tok>>, StoreError> {
        let shelf = self.shelf();
        shelf.check(Fails::Everything)?;
        Ok(shelf.stored.clone())
    }

    /// Free when nobody holds it or its holder's deadline passed. A waiter is woken when the
    /// holder lets go; this store has no timer for a deadline, so a test that lets a lease lapse
    /// has nobody waiting for it at that moment.
    async fn lease(&self) -> Result<Owner, StoreError> {
        poll_fn(|cx| {
            let mut shelf = self.shelf();
            shelf.check(Fails::Everything)?;
            let now = self.clock.now();
            if shelf.other_holder(None, now) {
                shelf.waiters.push(cx.waker().clone());
                return Poll::Pending;
            }
            shelf.leases += 1;
            let owner = shelf.leases;
            shelf.lease = Some(Held { owner, until: now + LEASE });
            Poll::Ready(Ok(Owner(owner)))
        })
        .await
    }

    /// Held while the record names its owner (even past the deadline, as long as nobody took
    /// it over), and then extended.
    async fn renew(&self, lease: &Owner) -> Result<bool, StoreError> {
        let mut shelf = self.shelf();
        shelf.check(Fails::Everything)?;
        let until = self.clock.now() + LEASE;
        match &mut shelf.lease {
            Some(held) if held.owner == lease.0 => {
                held.until = until;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn commit(&self, lease: &Owner, expected: Option<u64>, token: &Tok) -> Result<Commit, StoreError> {
        let mut shelf = self.shelf();
        shelf.check(Fails::Commits)?;
        if shelf.other_holder(Some(lease.0), self.clock.now()) || shelf.stored.as_ref().map(|s| s.version) != expected {
            return Ok(Commit::Refused);
        }
        let version = expected
            .unwrap_or(0)
            .checked_add(1)
            .ok_or_else(|| StoreError::new(StoreErrorKind::Refused, "the version counter is exhausted"))?;
        shelf.history.push(token.access.clone());
        shelf.stored = Some(Stored { version, token: token.clone() });
        Ok(Commit::Stored(version))
    }

    /// Clears the record if it is still the holder's, and wakes every waiter. A store that is
    /// down keeps the record, which lapses at its deadline.
    async fn release(&self, lease: Owner) {
        let mut shelf = self.shelf();
        if shelf.check(Fails::Everything).is_err() {
            return;
        }
        if shelf.lease.as_ref().is_some_and(|held| held.owner == lease.0) {
            shelf.lease = None;
        }
        for waiter in shelf.waiters.drain(..) {
            waiter.wake();
        }
    }
}

/// A cache of a process whose coordinator refreshes through `memory` with `endpoint`.
type Cache = TokenCache<Tok, Error<&'static str>>;

/// A process: a cache whose refreshes go through a coordinator on `memory`, calling
/// `endpoint`, all on `memory`'s clock.
fn process(memory: &Memory, endpoint: &Arc<Endpoint>, outage: Outage) -> Cache {
    let (endpoint, calls_clock) = (endpoint.clone(), memory.clock.clone());
    let refresh = move |current: Option<Arc<Tok>>| endpoint.call(current, &calls_clock);
    let (coordinator_clock, cache_clock) = (memory.clock.clone(), memory.clock.clone());
    let coordinator = Arc::new(
        Coordinator::new(memory.clone(), refresh).with_clock(move || coordinator_clock.now()).on_outage(outage),
    );
    TokenCache::new(coordinator.refresh()).with_clock(move || cache_clock.now())
}

/// What a process's `get()` answers.
type Answer = Result<Arc<Tok>, crate::cache::Error<Error<&'static str>>>;

/// The access token of an answer, or the error: the store's kind, or the refresh's.
fn access(answer: &Answer) -> String {
    match answer {
        Ok(token) => token.access.clone(),
        Err(e) => match e.refresh_error() {
            Some(Error::Store(e)) => format!("store: {:?}", e.kind()),
            Some(Error::Refresh(e)) => format!("refresh: {e}"),
            None => format!("{e:?}"),
        },
    }
}

/// Wakes a thread parked in [`block_on`].
struct Unpark(Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Runs `future` on this thread, parked while it is pending until something wakes it.
fn block_on<F: Future>(future: F) -> F::Output {
    let waker = Waker::from(Arc::new(Unpark(thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        thread::park();
    }
}
