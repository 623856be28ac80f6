//! The cache's contract, row by row, without an executor: a clock the test moves, a token
//! endpoint in memory whose calls the test answers, and futures the test polls by hand decide
//! every interleaving. Nothing sleeps and nothing depends on a runtime, so these run under Miri
//! (`scripts/miri.sh`). The store's tests (`store::tests`) use the same clock, endpoint and
//! callers.

mod ahead;
mod rows;

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::{Error, TokenCache};
use crate::TokenResponse;

/// The clock's start, in seconds.
pub(crate) const START: u64 = 1_000_000;
/// Tokens live 100 s: fresh for 50 s (the 600 s leeway is capped at half the lifetime), live
/// for 90 s (a margin of 10 s).
const LIFETIME: u64 = 100;
const SECOND: Duration = Duration::from_secs(1);

/// A token with the fields the cache reads, implemented by hand (the derive lives in another
/// crate, whose `TokenResponse` is not this crate's under test).
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub(crate) access: String,
    pub(crate) refresh: Option<String>,
    pub(crate) issued_at: Option<SystemTime>,
    pub(crate) expires_in: Option<Duration>,
    pub(crate) leeway: Duration,
}

impl TokenResponse for Tok {
    fn access_token(&self) -> &str {
        &self.access
    }

    fn refresh_token(&self) -> Option<&str> {
        self.refresh.as_deref()
    }

    fn expires_in(&self) -> Option<Duration> {
        self.expires_in
    }

    fn issued_at(&self) -> Option<SystemTime> {
        self.issued_at
    }

    fn refresh_leeway(&self) -> Duration {
        self.leeway
    }

    fn inherit(&mut self, previous: &Self) {
        if self.refresh.is_none() {
            self.refresh = previous.refresh.clone();
        }
    }
}

/// A token issued at `issued` seconds, living [`LIFETIME`].
pub(crate) fn tok(access: &str, issued: u64, refresh: Option<&str>) -> Tok {
    Tok {
        access: access.into(),
        refresh: refresh.map(Into::into),
        issued_at: Some(at(issued)),
        expires_in: Some(secs(LIFETIME)),
        leeway: secs(600),
    }
}

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + secs(seconds)
}

pub(crate) fn secs(seconds: u64) -> Duration {
    Duration::from_secs(seconds)
}

/// A clock in milliseconds, moved by the test.
#[derive(Clone)]
pub(crate) struct Clock(Arc<AtomicU64>);

impl Clock {
    pub(crate) fn new() -> Self {
        Clock(Arc::new(AtomicU64::new(START * 1000)))
    }

    pub(crate) fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(self.0.load(Ordering::SeqCst))
    }

    fn secs(&self) -> u64 {
        self.0.load(Ordering::SeqCst) / 1000
    }

    /// Moves the clock on by `by`, rounded up to the millisecond (as runtimes' sleeps are).
    pub(crate) fn advance(&self, by: Duration) {
        self.0.fetch_add(u64::try_from(by.as_nanos().div_ceil(1_000_000)).unwrap(), Ordering::SeqCst);
    }

    fn back(&self, by: Duration) {
        self.0.fetch_sub(u64::try_from(by.as_millis()).unwrap(), Ordering::SeqCst);
    }
}

/// What a call of the endpoint answers.
pub(crate) enum Reply {
    Token(Tok),
    Error(&'static str),
    Panic,
}

/// A token endpoint in memory. Each call records the refresh token presented and waits for
/// [`Endpoint::answer`], unless an automatic reply is set.
#[derive(Default)]
pub(crate) struct Endpoint(Mutex<Calls>);

#[derive(Default)]
struct Calls {
    /// The refresh token each call presented (`None`: no current token).
    presented: Vec<Option<String>>,
    /// The clock's seconds at each call.
    times: Vec<u64>,
    /// Calls not answered yet, oldest first.
    waiting: VecDeque<Arc<Call>>,
    /// Answers every call at once, with the call's number (from 1) and the clock's seconds.
    auto: Option<Box<dyn Fn(usize, u64) -> Reply + Send>>,
    /// Call futures not dropped yet.
    alive: Arc<AtomicUsize>,
}

#[derive(Default)]
struct Call {
    reply: Mutex<Option<Reply>>,
    waker: Mutex<Option<Waker>>,
}

impl Endpoint {
    fn calls(&self) -> MutexGuard<'_, Calls> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The refresh function's body: one call.
    pub(crate) fn call(self: &Arc<Self>, current: Option<Arc<Tok>>, clock: &Clock) -> CallFuture {
        let mut calls = self.calls();
        calls.presented.push(current.and_then(|current| current.refresh.clone()));
        calls.times.push(clock.secs());
        let call = Arc::new(Call::default());
        match &calls.auto {
            Some(auto) => *call.reply.lock().unwrap() = Some(auto(calls.presented.len(), clock.secs())),
            None => calls.waiting.push_back(call.clone()),
        }
        calls.alive.fetch_add(1, Ordering::SeqCst);
        CallFuture { call, alive: calls.alive.clone() }
    }

    /// Answers the oldest waiting call.
    pub(crate) fn answer(&self, reply: Reply) {
        let call = self.calls().waiting.pop_front().expect("a call waits");
        *call.reply.lock().unwrap() = Some(reply);
        if let Some(waker) = call.waker.lock().unwrap().take() {
            waker.wake();
        }
    }

    pub(crate) fn auto(&self, reply: impl Fn(usize, u64) -> Reply + Send + 'static) {
        self.calls().auto = Some(Box::new(reply));
    }

    pub(crate) fn count(&self) -> usize {
        self.calls().presented.len()
    }

    pub(crate) fn presented(&self) -> Vec<Option<String>> {
        self.calls().presented.clone()
    }

    fn times(&self) -> Vec<u64> {
        self.calls().times.clone()
    }

    fn alive(&self) -> usize {
        self.calls().alive.load(Ordering::SeqCst)
    }
}

pub(crate) struct CallFuture {
    call: Arc<Call>,
    alive: Arc<AtomicUsize>,
}

impl Future for CallFuture {
    type Output = Result<Tok, &'static str>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.call.reply.lock().unwrap().take() {
            Some(Reply::Token(token)) => Poll::Ready(Ok(token)),
            Some(Reply::Error(error)) => Poll::Ready(Err(error)),
            Some(Reply::Panic) => panic!("the refresh panicked"),
            None => {
                *self.call.waker.lock().unwrap() = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

impl Drop for CallFuture {
    fn drop(&mut self) {
        self.alive.fetch_sub(1, Ordering::SeqCst);
    }
}

type Cache = TokenCache<Tok, &'static str>;

/// A cache of `endpoint`'s tokens reading `clock`, with `invalid_grant` terminal.
fn cache(endpoint: &Arc<Endpoint>, clock: &Clock) -> Cache {
    let (endpoint, calls_clock, clock) = (endpoint.clone(), clock.clone(), clock.clone());
    TokenCache::new(move |current| endpoint.call(current, &calls_clock))
        .with_clock(move || clock.now())
        .with_terminal(|error: &&str| *error == "invalid_grant")
}

fn setup() -> (Arc<Endpoint>, Clock, Cache) {
    let endpoint = Arc::new(Endpoint::default());
    let clock = Clock::new();
    let cache = cache(&endpoint, &clock);
    (endpoint, clock, cache)
}

/// A waker that counts its wakes.
#[derive(Default)]
struct Wakes(AtomicUsize);

impl Wake for Wakes {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// A future polled by hand.
pub(crate) struct Caller<F: Future> {
    future: Pin<Box<F>>,
    wakes: Arc<Wakes>,
}

impl<F: Future> Caller<F> {
    pub(crate) fn new(future: F) -> Self {
        Caller { future: Box::pin(future), wakes: Arc::default() }
    }

    fn poll(&mut self) -> Poll<F::Output> {
        self.wakes.0.store(0, Ordering::SeqCst);
        let waker = Waker::from(self.wakes.clone());
        self.future.as_mut().poll(&mut Context::from_waker(&waker))
    }

    pub(crate) fn woken(&self) -> bool {
        self.wakes.0.load(Ordering::SeqCst) > 0
    }

    pub(crate) fn ready(&mut self) -> F::Output {
        match self.poll() {
            Poll::Ready(output) => output,
            Poll::Pending => panic!("the call is still pending"),
        }
    }

    pub(crate) fn pending(&mut self) {
        assert!(self.poll().is_pending(), "the call answered");
    }
}

/// Polls `future` once: every call that needs no endpoint answer ends at once.
pub(crate) fn at_once<F: Future>(future: F) -> F::Output {
    Caller::new(future).ready()
}

/// The access token of an answer, or the error's kind.
fn access(answer: &Result<Arc<Tok>, Error<&'static str>>) -> String {
    match answer {
        Ok(token) => token.access.clone(),
        Err(Error::Refresh(error)) => format!("refresh error: {error}"),
        Err(Error::SignedOut(error)) => format!("signed out: {error}"),
        Err(Error::Stale) => "stale".into(),
        Err(Error::Panicked) => "panicked".into(),
    }
}

/// `get()` polled until it needs the endpoint, the endpoint answered `reply`, and `get()` again.
fn get_answered(cache: &Cache, endpoint: &Endpoint, reply: Reply) -> String {
    let mut caller = Caller::new(cache.get());
    caller.pending();
    endpoint.answer(reply);
    access(&caller.ready())
}

/// `n` callers, or two under Miri, which runs a thousand times slower: the schedules the
/// tests check are the same with two callers as with a thousand.
pub(crate) fn callers(n: usize) -> usize {
    if cfg!(miri) { n.min(2) } else { n }
}

fn send_sync<X: Send + Sync>(_: &X) {}
fn send<X: Send>(_: &X) {}
fn is_static<X: 'static>(_: &X) {}

#[test]
fn the_cache_is_send_and_sync_and_its_futures_are_send() {
    let (_, _, cache) = setup();
    let cache = Arc::new(cache);
    send_sync(&*cache);
    send(&cache.get());
    let token = Arc::new(tok("at", START, None));
    send(&cache.get_after_rejection(&token));
    let ahead = cache.refresh_ahead(|_| std::future::ready(()));
    send(&ahead);
    is_static(&ahead);
}

#[test]
fn the_harness_wakes_a_caller_when_the_endpoint_answers() {
    let (endpoint, _, cache) = setup();
    let mut caller = Caller::new(cache.get());
    caller.pending();
    assert!(!caller.woken());
    endpoint.answer(Reply::Error("503"));
    assert!(caller.woken());
    assert_eq!(access(&caller.ready()), "refresh error: 503");
}
