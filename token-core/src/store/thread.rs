//! Blocking file work on a thread of its own, awaited without any runtime: the calling task is
//! woken when the thread is done, so no executor thread ever waits on the disk or on a lock.
//!
//! A thread per operation costs tens of microseconds; operations happen only around a refresh,
//! never on the cache's fast path. `spawn_blocking` would tie the crate to one runtime.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};

/// What the thread leaves for the task: its result once done, and who to wake.
struct Slot<R> {
    result: Option<R>,
    /// The thread ended (with or without a result: a panic leaves none).
    done: bool,
    waker: Option<Waker>,
}

/// Marks the slot done and wakes the task when the thread ends, however it ends.
struct Finish<R>(Arc<Mutex<Slot<R>>>);

impl<R> Drop for Finish<R> {
    fn drop(&mut self) {
        let mut slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        slot.done = true;
        if let Some(waker) = slot.waker.take() {
            waker.wake();
        }
    }
}

/// The future of [`run`]: the thread's result.
pub(crate) struct Outcome<R>(Result<Arc<Mutex<Slot<R>>>, Option<io::Error>>);

/// Runs `work` on a new thread; the future resolves to its result, or to an error when the
/// thread could not be started or panicked.
pub(crate) fn run<R: Send + 'static>(work: impl FnOnce() -> io::Result<R> + Send + 'static) -> Outcome<io::Result<R>> {
    let slot = Arc::new(Mutex::new(Slot { result: None, done: false, waker: None }));
    let finish = Finish(Arc::clone(&slot));
    let spawned = std::thread::Builder::new().name("token-store".into()).spawn(move || {
        let result = work();
        finish.0.lock().unwrap_or_else(PoisonError::into_inner).result = Some(result);
        drop(finish);
    });
    match spawned {
        Ok(_) => Outcome(Ok(slot)),
        Err(e) => Outcome(Err(Some(e))),
    }
}

impl<R> Future for Outcome<io::Result<R>> {
    type Output = io::Result<R>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let slot = match &mut self.0 {
            Ok(slot) => slot,
            Err(e) => return Poll::Ready(Err(e.take().unwrap_or_else(|| io::Error::other("polled after completion")))),
        };
        let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(result) = slot.result.take() {
            return Poll::Ready(result);
        }
        if slot.done {
            return Poll::Ready(Err(io::Error::other("the token store's thread panicked")));
        }
        slot.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}
