//! The two things a caller holds across an `.await`: [`Flight`], the ticket of the refresh it
//! drives, and [`Wait`], its wait for someone else's. Dropping either is a transition of
//! [`Shared`]: that is what makes cancellation safe.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::SystemTime;

use super::state::{Ask, Shared};
use crate::TokenResponse;

/// The refresh a caller drives. Dropped before [`Flight::complete`] (the caller's future was
/// dropped mid-refresh, or the refresh panicked), it abandons the refresh: the waiters wake and
/// one of them starts another.
pub(super) struct Flight<'a, T: TokenResponse, E> {
    shared: &'a Shared<T, E>,
    ticket: u64,
    ended: bool,
}

impl<'a, T: TokenResponse, E> Flight<'a, T, E> {
    /// Holds ticket `ticket`, just issued by [`Shared::decide`].
    pub(super) fn new(shared: &'a Shared<T, E>, ticket: u64) -> Self {
        Flight { shared, ticket, ended: false }
    }

    /// The refresh ended with `result` at `now`: records it and answers the caller.
    pub(super) fn complete(
        mut self,
        result: Result<Arc<T>, Arc<E>>,
        now: SystemTime,
        ask: Ask<'_, T>,
    ) -> Result<Arc<T>, Arc<E>> {
        let answer = self.shared.complete(self.ticket, result, now, ask);
        self.ended = true;
        answer
    }
}

impl<T: TokenResponse, E> Drop for Flight<'_, T, E> {
    fn drop(&mut self) {
        if !self.ended {
            self.shared.abandon(self.ticket);
        }
    }
}

/// Waits until refresh `ticket` is no longer in flight, ended or abandoned. Dropped while
/// waiting, it takes its waker back (once ready it has none).
pub(super) struct Wait<'a, T: TokenResponse, E> {
    shared: &'a Shared<T, E>,
    ticket: u64,
    id: Option<u64>,
}

impl<'a, T: TokenResponse, E> Wait<'a, T, E> {
    pub(super) fn new(shared: &'a Shared<T, E>, ticket: u64) -> Self {
        Wait { shared, ticket, id: None }
    }
}

impl<T: TokenResponse, E> Future for Wait<'_, T, E> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        this.shared.poll_wait(this.ticket, &mut this.id, cx.waker())
    }
}

impl<T: TokenResponse, E> Drop for Wait<'_, T, E> {
    fn drop(&mut self) {
        if let Some(id) = self.id {
            self.shared.forget_waiter(id);
        }
    }
}
