//! The token cache's contract (CONTRACT.md, "The token cache"), row by row. A clock the test
//! moves and futures the test polls by hand decide every interleaving: nothing sleeps, and
//! nothing depends on a runtime.

#[path = "support/clock.rs"]
mod clock;

mod cache_contract {
    use std::collections::VecDeque;
    use std::future::Future;
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::pin::{Pin, pin};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
    use std::task::{Context, Poll, Wake, Waker};

    use token_response::TokenResponse;
    use token_response::cache::TokenCache;

    use super::clock::Clock;

    const START: u64 = 1_000_000;
    /// A token of this lifetime needs a refresh 50 s after it was issued (the leeway is capped at
    /// half the lifetime) and expires after 100 s.
    const LIFETIME: u64 = 100;
    const STALE: u64 = 50;

    #[derive(TokenResponse)]
    #[token(debug, refresh_leeway = 600)]
    struct Tok {
        access_token: String,
        expires_in: u64,
        issued_at: u64,
        refresh_token: Option<String>,
        scope: Option<String>,
    }

    fn tok(access: &str, issued_at: u64, refresh: Option<&str>) -> Tok {
        Tok {
            access_token: access.into(),
            expires_in: LIFETIME,
            issued_at,
            refresh_token: refresh.map(Into::into),
            scope: Some("read".into()),
        }
    }

    /// A token endpoint in memory: it answers with scripted replies, in order, and can hold
    /// every call until released.
    #[derive(Default)]
    struct Endpoint(Mutex<Script>);

    #[derive(Default)]
    struct Script {
        /// The refresh token each call was made with (`None`: no current token, or none in it).
        presented: Vec<Option<String>>,
        replies: VecDeque<Result<Tok, String>>,
        hold: bool,
        held: Vec<Waker>,
        /// Calls whose future has not been dropped yet.
        alive: usize,
        panic: bool,
    }

    impl Endpoint {
        fn script(&self) -> MutexGuard<'_, Script> {
            self.0.lock().unwrap_or_else(PoisonError::into_inner)
        }

        fn call(self: &Arc<Self>, current: Option<Arc<Tok>>) -> Call {
            let mut script = self.script();
            script.presented.push(current.and_then(|t| t.refresh_token().map(String::from)));
            script.alive += 1;
            Call(self.clone())
        }

        fn reply(&self, reply: Result<Tok, &str>) {
            self.script().replies.push_back(reply.map_err(String::from));
        }

        fn hold(&self) {
            self.script().hold = true;
        }

        fn release(&self) {
            let held = {
                let mut script = self.script();
                script.hold = false;
                std::mem::take(&mut script.held)
            };
            held.into_iter().for_each(Waker::wake);
        }

        fn calls(&self) -> usize {
            self.script().presented.len()
        }

        fn presented(&self) -> Vec<Option<String>> {
            self.script().presented.clone()
        }

        fn alive(&self) -> usize {
            self.script().alive
        }
    }

    /// One call of the endpoint, pending while the endpoint holds.
    struct Call(Arc<Endpoint>);

    impl Future for Call {
        type Output = Result<Tok, String>;

        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let mut script = self.0.script();
            assert!(!script.panic, "the refresh function panics");
            if script.hold {
                script.held.push(cx.waker().clone());
                return Poll::Pending;
            }
            Poll::Ready(script.replies.pop_front().unwrap_or_else(|| Err("no reply scripted".into())))
        }
    }

    impl Drop for Call {
        fn drop(&mut self) {
            self.0.script().alive -= 1;
        }
    }

    type Cache = TokenCache<Tok, Box<dyn Fn(Option<Arc<Tok>>) -> Call + Send + Sync>>;

    fn cache(endpoint: &Arc<Endpoint>, clock: &Clock) -> Cache {
        let endpoint = endpoint.clone();
        let refresh: Box<dyn Fn(Option<Arc<Tok>>) -> Call + Send + Sync> =
            Box::new(move |current| endpoint.call(current));
        TokenCache::new(refresh).with_clock(clock.reader())
    }

    fn setup() -> (Arc<Endpoint>, Clock, Cache) {
        let endpoint = Arc::new(Endpoint::default());
        let clock = Clock::new(START);
        let cache = cache(&endpoint, &clock);
        (endpoint, clock, cache)
    }

    /// A waker that records whether it was woken.
    struct Flag(AtomicBool);

    impl Wake for Flag {
        fn wake(self: Arc<Self>) {
            self.0.store(true, Ordering::SeqCst);
        }
    }

    struct Caller<F: Future> {
        future: Pin<Box<F>>,
        flag: Arc<Flag>,
    }

    impl<F: Future> Caller<F> {
        fn new(future: F) -> Self {
            Caller { future: Box::pin(future), flag: Arc::new(Flag(AtomicBool::new(false))) }
        }

        fn poll(&mut self) -> Poll<F::Output> {
            self.flag.0.store(false, Ordering::SeqCst);
            let waker = Waker::from(self.flag.clone());
            self.future.as_mut().poll(&mut Context::from_waker(&waker))
        }

        fn woken(&self) -> bool {
            self.flag.0.load(Ordering::SeqCst)
        }

        fn ready(&mut self) -> F::Output {
            match self.poll() {
                Poll::Ready(output) => output,
                Poll::Pending => panic!("the call is still pending"),
            }
        }
    }

    /// Runs `future` to its end in one poll: every call here that does not wait for a held
    /// endpoint completes at once.
    fn now<F: Future>(future: F) -> F::Output {
        match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(output) => output,
            Poll::Pending => panic!("the call is pending"),
        }
    }

    fn access(result: &Result<Arc<Tok>, Arc<String>>) -> &str {
        match result {
            Ok(token) => token.access_token(),
            Err(_) => "<error>",
        }
    }

    // `TokenCache::new(refresh)`: an empty cache.

    #[test]
    fn new_cache_is_empty_and_refreshes_from_none() {
        let (endpoint, _clock, cache) = setup();
        assert!(cache.current().is_none());
        assert_eq!(endpoint.calls(), 0);

        endpoint.reply(Ok(tok("at-1", START, Some("rt-1"))));
        let token = now(cache.get()).unwrap();
        assert_eq!(token.access_token(), "at-1");
        assert_eq!(endpoint.presented(), [None]);
        assert!(Arc::ptr_eq(&token, &cache.current().unwrap()));
    }

    #[test]
    fn new_accepts_a_closure_as_the_contract_writes_it() {
        let cache = TokenCache::new(|current: Option<Arc<Tok>>| async move {
            match current {
                None => Ok(tok("first", START, None)),
                Some(_) => Err(std::io::Error::other("offline")),
            }
        })
        .with_clock(Clock::new(START).reader());
        let token: Arc<Tok> = now(cache.get()).unwrap();
        assert_eq!(token.access_token(), "first");
    }

    // `.with_token(token)` and `.with_clock(clock)`.

    #[test]
    fn seeded_token_is_handed_out_until_it_needs_a_refresh_by_the_clock() {
        let (endpoint, clock, cache) = setup();
        let cache = cache.with_token(tok("at-0", START, Some("rt-0")));
        let seeded = cache.current().unwrap();

        clock.advance(STALE - 1);
        assert!(Arc::ptr_eq(&now(cache.get()).unwrap(), &seeded));
        assert_eq!(endpoint.calls(), 0);

        clock.advance(1);
        endpoint.reply(Ok(tok("at-1", clock.secs(), Some("rt-1"))));
        assert_eq!(access(&now(cache.get())), "at-1");
        assert_eq!(endpoint.presented(), [Some("rt-0".into())]);
    }

    // `.get().await`: one refresh, however many callers wait; all get its outcome.

    #[test]
    fn one_refresh_for_every_waiting_caller_and_the_same_token_for_all() {
        let (endpoint, clock, cache) = setup();
        let cache = cache.with_token(tok("at-0", START, Some("rt-0")));
        clock.advance(STALE);
        endpoint.hold();

        let mut callers: Vec<_> = (0..100).map(|_| Caller::new(cache.get())).collect();
        for caller in &mut callers {
            assert!(caller.poll().is_pending());
        }
        assert_eq!(endpoint.calls(), 1);

        endpoint.reply(Ok(tok("at-1", clock.secs(), Some("rt-1"))));
        endpoint.release();
        let first = callers[0].ready().unwrap();
        assert!(callers[1..].iter().all(Caller::woken), "the driver's end wakes every waiter");
        for caller in &mut callers[1..] {
            assert!(Arc::ptr_eq(&caller.ready().unwrap(), &first));
        }
        assert_eq!(endpoint.calls(), 1);
        assert_eq!(first.access_token(), "at-1");
    }

    #[test]
    fn a_waiter_polled_after_its_token_went_stale_asks_again() {
        let (endpoint, clock, cache) = setup();
        endpoint.hold();
        let mut driver = Caller::new(cache.get());
        let mut waiter = Caller::new(cache.get());
        assert!(driver.poll().is_pending() && waiter.poll().is_pending());

        endpoint.reply(Ok(tok("at-1", clock.secs(), Some("rt-1"))));
        endpoint.release();
        assert_eq!(access(&driver.ready()), "at-1");
        clock.advance(STALE); // the waiter was slow to run: the new token needs a refresh by now
        endpoint.reply(Ok(tok("at-2", clock.secs(), Some("rt-2"))));
        assert_eq!(access(&waiter.ready()), "at-2");
        assert_eq!(endpoint.presented(), [None, Some("rt-1".into())]);
    }

    #[test]
    fn a_waiter_polled_after_a_stale_arrival_expired_asks_again() {
        let (endpoint, clock, cache) = setup();
        endpoint.hold();
        let mut driver = Caller::new(cache.get());
        let mut waiter = Caller::new(cache.get());
        assert!(driver.poll().is_pending() && waiter.poll().is_pending());

        endpoint.reply(Ok(tok("at-1", clock.secs() - STALE, Some("rt-1")))); // stale on arrival, live 50 s more
        endpoint.release();
        assert_eq!(access(&driver.ready()), "at-1");
        clock.advance(STALE); // expired before the waiter ran
        endpoint.reply(Ok(tok("at-2", clock.secs(), Some("rt-2"))));
        assert_eq!(access(&waiter.ready()), "at-2");
        assert_eq!(endpoint.calls(), 2);
    }

    #[test]
    fn a_token_that_needs_a_refresh_on_arrival_still_goes_to_every_waiter() {
        let (endpoint, clock, cache) = setup();
        endpoint.hold();
        let mut callers: Vec<_> = (0..10).map(|_| Caller::new(cache.get())).collect();
        callers.iter_mut().for_each(|caller| assert!(caller.poll().is_pending()));

        // The endpoint's clock is behind: the token is stale (not expired) when it arrives.
        endpoint.reply(Ok(tok("at-1", clock.secs() - STALE, Some("rt-1"))));
        endpoint.release();
        let results: Vec<_> = callers.iter_mut().map(Caller::ready).collect();
        assert!(results.iter().all(|result| access(result) == "at-1"));
        assert_eq!(endpoint.calls(), 1, "no refresh storm");
    }

    // After a refresh: `inherit` from the token it replaces.

    #[test]
    fn refreshed_token_inherits_the_refresh_token_and_scope_it_lacks() {
        let (endpoint, clock, cache) = setup();
        let cache = cache.with_token(tok("at-0", START, Some("rt-0")));
        clock.advance(STALE);
        endpoint.reply(Ok(Tok { scope: None, ..tok("at-1", clock.secs(), None) }));
        let first = now(cache.get()).unwrap();
        assert_eq!(first.refresh_token(), Some("rt-0"));
        assert!(first.has_scope("read"));

        clock.advance(STALE);
        endpoint.reply(Ok(tok("at-2", clock.secs(), Some("rt-2"))));
        let second = now(cache.get()).unwrap();
        assert_eq!(second.refresh_token(), Some("rt-2"));
        assert_eq!(endpoint.presented(), [Some("rt-0".into()), Some("rt-0".into())]);
    }

    // A refresh that fails while the cached token is not yet expired.

    #[test]
    fn failure_while_live_returns_the_cached_token_and_backs_off_until_expiry() {
        let (endpoint, clock, cache) = setup();
        let cache = cache.with_token(tok("at-0", START, Some("rt-0")));
        let seeded = cache.current().unwrap();
        clock.advance(STALE);

        let mut attempts = Vec::new();
        for second in STALE..LIFETIME {
            let before = endpoint.calls();
            endpoint.reply(Err("503"));
            for _ in 0..3 {
                assert!(Arc::ptr_eq(&now(cache.get()).unwrap(), &seeded));
            }
            if endpoint.calls() > before {
                attempts.push(second);
            }
            endpoint.script().replies.clear();
            clock.advance(1);
        }
        // 1 s after the first failure, then 2, 4, 8, 16; the next (32 s) would pass the expiry.
        assert_eq!(attempts, [50, 51, 53, 57, 65, 81]);

        // At the expiry the backoff is over: the refresh is tried, and its error returned.
        endpoint.reply(Err("503"));
        assert_eq!(access(&now(cache.get())), "<error>");
        assert_eq!(endpoint.calls(), 7);
    }

    #[test]
    fn backoff_doubles_to_sixty_seconds() {
        let (endpoint, clock, cache) = setup();
        // 2000 s lifetime, 600 s leeway: stale for 600 s before it expires.
        let cache = cache.with_token(Tok { expires_in: 2000, ..tok("at-0", START, Some("rt-0")) });
        clock.advance(1400);
        let mut attempts = Vec::new();
        for second in 0..600 {
            let before = endpoint.calls();
            endpoint.reply(Err("503"));
            assert_eq!(access(&now(cache.get())), "at-0");
            if endpoint.calls() > before {
                attempts.push(second);
            }
            endpoint.script().replies.clear();
            clock.advance(1);
        }
        let gaps: Vec<u64> = attempts.windows(2).map(|pair| pair[1] - pair[0]).collect();
        assert_eq!(gaps, [1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60, 60, 60, 60]);
    }

    #[test]
    fn a_success_resets_the_backoff() {
        let (endpoint, clock, cache) = setup();
        let cache = cache.with_token(tok("at-0", START, Some("rt-0")));
        clock.advance(STALE);
        for _ in 0..3 {
            endpoint.reply(Err("503"));
            assert_eq!(access(&now(cache.get())), "at-0");
            clock.advance(4);
        }
        assert_eq!(endpoint.calls(), 3); // at +0, +4, +8 (backoffs 1, 2 and 4 s)

        endpoint.reply(Ok(tok("at-1", clock.secs(), Some("rt-1"))));
        assert_eq!(access(&now(cache.get())), "at-1");
        clock.advance(STALE);
        endpoint.reply(Err("503"));
        assert_eq!(access(&now(cache.get())), "at-1");
        clock.advance(1);
        endpoint.reply(Err("503"));
        assert_eq!(access(&now(cache.get())), "at-1");
        assert_eq!(endpoint.calls(), 6, "1 s after the first failure since the success");
    }

    #[test]
    fn waiters_of_a_refresh_that_fails_while_live_get_the_live_token() {
        let (endpoint, clock, cache) = setup();
        let cache = cache.with_token(tok("at-0", START, Some("rt-0")));
        clock.advance(STALE);
        endpoint.hold();
        let mut callers: Vec<_> = (0..10).map(|_| Caller::new(cache.get())).collect();
        callers.iter_mut().for_each(|caller| assert!(caller.poll().is_pending()));
        endpoint.reply(Err("503"));
        endpoint.release();
        assert!(callers.iter_mut().all(|caller| access(&caller.ready()) == "at-0"));
        assert_eq!(endpoint.calls(), 1);
    }

    // A refresh that fails with no token, or an expired one.

    fn every_waiter_gets_the_same_error(endpoint: &Endpoint, cache: &Cache) {
        endpoint.hold();
        let mut callers: Vec<_> = (0..10).map(|_| Caller::new(cache.get())).collect();
        callers.iter_mut().for_each(|caller| assert!(caller.poll().is_pending()));
        endpoint.reply(Err("invalid_grant"));
        endpoint.release();
        let errors: Vec<Arc<String>> = callers.iter_mut().map(|caller| caller.ready().unwrap_err()).collect();
        assert_eq!(*errors[0], "invalid_grant");
        assert!(errors.iter().all(|error| Arc::ptr_eq(error, &errors[0])));
        assert_eq!(endpoint.calls(), 1);

        // The next call tries again, at once.
        endpoint.reply(Ok(tok("at-1", START + 1000, Some("rt-1"))));
        assert_eq!(access(&now(cache.get())), "at-1");
        assert_eq!(endpoint.calls(), 2);
    }

    #[test]
    fn failure_with_no_token_goes_to_every_waiter_and_the_next_get_retries() {
        let (endpoint, _clock, cache) = setup();
        every_waiter_gets_the_same_error(&endpoint, &cache);
    }

    #[test]
    fn failure_with_an_expired_token_goes_to_every_waiter_and_the_next_get_retries() {
        let (endpoint, clock, cache) = setup();
        let cache = cache.with_token(tok("at-0", START, Some("rt-0")));
        clock.advance(LIFETIME);
        every_waiter_gets_the_same_error(&endpoint, &cache);
    }

    // `.get_after_rejection(&rejected)`.

    #[test]
    fn rejected_cached_token_is_refreshed_once_for_every_caller_that_reports_it() {
        let (endpoint, clock, cache) = setup();
        let cache = cache.with_token(tok("at-0", START, Some("rt-0")));
        let rejected = cache.current().unwrap();
        endpoint.hold();
        let mut callers: Vec<_> = (0..50).map(|_| Caller::new(cache.get_after_rejection(&rejected))).collect();
        callers.iter_mut().for_each(|caller| assert!(caller.poll().is_pending()));
        assert_eq!(endpoint.calls(), 1);

        endpoint.reply(Ok(tok("at-1", clock.secs(), None)));
        endpoint.release();
        let new = callers[0].ready().unwrap();
        assert!(callers[1..].iter_mut().all(|caller| Arc::ptr_eq(&caller.ready().unwrap(), &new)));
        assert_eq!((new.access_token(), new.refresh_token()), ("at-1", Some("rt-0")));
        assert_eq!(endpoint.calls(), 1);

        // Reported again, late: the cache holds another token, which is returned as it is.
        assert!(Arc::ptr_eq(&now(cache.get_after_rejection(&rejected)).unwrap(), &new));
        assert_eq!(endpoint.calls(), 1);
    }

    #[test]
    fn rejection_ignores_the_backoff_and_its_failed_refresh_is_an_error() {
        let (endpoint, clock, cache) = setup();
        let cache = cache.with_token(tok("at-0", START, Some("rt-0")));
        let rejected = cache.current().unwrap();
        clock.advance(STALE);
        endpoint.reply(Err("503"));
        assert_eq!(access(&now(cache.get())), "at-0"); // backing off now

        endpoint.reply(Err("invalid_grant"));
        let error = now(cache.get_after_rejection(&rejected)).unwrap_err();
        assert_eq!(*error, "invalid_grant");
        assert_eq!(endpoint.calls(), 2);

        endpoint.reply(Ok(tok("at-1", clock.secs(), None)));
        assert_eq!(access(&now(cache.get_after_rejection(&rejected))), "at-1");
        assert_eq!(endpoint.calls(), 3);
    }

    #[test]
    fn rejection_of_a_token_no_longer_cached_returns_the_cached_one() {
        let (endpoint, _clock, cache) = setup();
        let cache = cache.with_token(tok("at-0", START, Some("rt-0")));
        let rejected = cache.current().unwrap();
        cache.set(tok("at-login", START, Some("rt-login")));
        assert_eq!(access(&now(cache.get_after_rejection(&rejected))), "at-login");
        assert_eq!(endpoint.calls(), 0);
    }

    // `.current()` and `.set(token)`.

    #[test]
    fn current_never_refreshes() {
        let (endpoint, clock, cache) = setup();
        assert!(cache.current().is_none());
        let cache = cache.with_token(tok("at-0", START, Some("rt-0")));
        clock.advance(10 * LIFETIME);
        assert_eq!(cache.current().unwrap().access_token(), "at-0");
        assert_eq!(endpoint.calls(), 0);
    }

    #[test]
    fn set_replaces_the_token_and_resets_the_backoff() {
        let (endpoint, clock, cache) = setup();
        let cache = cache.with_token(tok("at-0", START, Some("rt-0")));
        clock.advance(STALE);
        endpoint.reply(Err("503"));
        assert_eq!(access(&now(cache.get())), "at-0");

        cache.set(tok("at-set", START, Some("rt-set"))); // as stale as the last one
        endpoint.reply(Ok(tok("at-1", clock.secs(), None)));
        assert_eq!(access(&now(cache.get())), "at-1", "no backoff for the new token");
        assert_eq!(endpoint.presented(), [Some("rt-0".into()), Some("rt-set".into())]);
    }

    // Cancellation.

    #[test]
    fn dropping_the_driver_drops_its_refresh_and_a_waiter_starts_another() {
        let (endpoint, _clock, cache) = setup();
        endpoint.hold();
        let mut driver = Caller::new(cache.get());
        let mut waiter = Caller::new(cache.get());
        assert!(driver.poll().is_pending() && waiter.poll().is_pending());
        assert_eq!((endpoint.calls(), endpoint.alive()), (1, 1));

        drop(driver);
        assert_eq!(endpoint.alive(), 0, "the refresh is dropped with its driver");
        assert!(waiter.woken(), "the waiter is woken, not left waiting");
        assert!(waiter.poll().is_pending());
        assert_eq!((endpoint.calls(), endpoint.alive()), (2, 1), "the waiter drives a new refresh");

        endpoint.reply(Ok(tok("at-1", START, Some("rt-1"))));
        endpoint.release();
        assert_eq!(access(&waiter.ready()), "at-1");
    }

    #[test]
    fn after_every_caller_is_dropped_the_next_get_refreshes() {
        let (endpoint, _clock, cache) = setup();
        endpoint.hold();
        let mut callers: Vec<_> = (0..5).map(|_| Caller::new(cache.get())).collect();
        callers.iter_mut().for_each(|caller| assert!(caller.poll().is_pending()));
        drop(callers);
        assert_eq!((endpoint.calls(), endpoint.alive()), (1, 0));

        endpoint.release();
        endpoint.reply(Ok(tok("at-1", START, Some("rt-1"))));
        assert_eq!(access(&now(cache.get())), "at-1");
        assert_eq!(endpoint.calls(), 2);
    }

    #[test]
    fn dropping_a_waiter_leaves_the_refresh_alone() {
        let (endpoint, _clock, cache) = setup();
        endpoint.hold();
        let mut driver = Caller::new(cache.get());
        let mut waiter = Caller::new(cache.get());
        assert!(driver.poll().is_pending() && waiter.poll().is_pending());
        drop(waiter);
        assert_eq!(endpoint.alive(), 1);
        endpoint.reply(Ok(tok("at-1", START, Some("rt-1"))));
        endpoint.release();
        assert_eq!(access(&driver.ready()), "at-1");
        assert_eq!(endpoint.calls(), 1);
    }

    #[test]
    fn a_refresh_that_panics_is_abandoned_like_a_dropped_one() {
        let (endpoint, _clock, cache) = setup();
        endpoint.hold();
        let mut driver = Caller::new(cache.get());
        let mut waiter = Caller::new(cache.get());
        assert!(driver.poll().is_pending() && waiter.poll().is_pending());

        endpoint.script().panic = true;
        endpoint.release();
        assert!(catch_unwind(AssertUnwindSafe(|| driver.poll())).is_err());
        drop(driver);
        endpoint.script().panic = false;
        assert!(waiter.woken());
        endpoint.reply(Ok(tok("at-1", START, Some("rt-1"))));
        assert_eq!(access(&waiter.ready()), "at-1");
        assert_eq!(endpoint.calls(), 2);
    }

    // `TokenCache` is `Send + Sync`, and so are its futures.

    #[test]
    fn cache_and_its_futures_are_send_and_sync() {
        fn send_sync<T: Send + Sync>(_: &T) {}
        fn send<T: Send>(_: &T) {}
        let (_endpoint, _clock, cache) = setup();
        send_sync(&cache);
        send(&cache.get());
        let token = Arc::new(tok("at-0", START, None));
        send(&cache.get_after_rejection(&token));
    }

    #[test]
    fn cache_debug_shows_the_state_but_not_the_token() {
        let (endpoint, clock, cache) = setup();
        let cache = cache.with_token(tok("secret-access", START, Some("secret-refresh")));
        clock.advance(STALE);
        endpoint.reply(Err("503"));
        assert!(now(cache.get()).is_ok());
        let shown = format!("{cache:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("failures: 1"), "{shown}");
    }
}
