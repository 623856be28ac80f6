//! The token cache against a real token endpoint over HTTP on loopback (`support/endpoint.rs`):
//! rotating refresh tokens, responses without one, outages, cancelled callers, on tokio's
//! multi-thread runtime. The clock is moved by the test, never waited for.

#[path = "support/clock.rs"]
mod clock;
#[path = "support/endpoint.rs"]
mod endpoint;

mod cache_http {
    use std::future::Future;
    use std::sync::Arc;
    use std::time::Duration;

    use hyper::StatusCode;
    use token_response::TokenResponse;
    use token_response::cache::{Refresh, TokenCache};
    use tokio::task::JoinSet;
    use tokio::time::timeout;

    use super::clock::Clock;
    use super::endpoint::{self, Counts, Endpoint, FetchError, Tok};

    const START: u64 = 1_800_000_000;
    /// Tokens of 60 s: a refresh is due 30 s after issue (the leeway is capped at half the
    /// lifetime), and they expire after 60 s.
    const LIFETIME: u64 = 60;
    const STALE: u64 = 30;
    /// How long a test waits for something that should happen at once, before it fails.
    const PATIENCE: Duration = Duration::from_secs(5);

    fn run<F: Future<Output = ()>>(test: impl FnOnce(Clock, Endpoint) -> F) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async {
            let clock = Clock::new(START);
            // Every second refresh response leaves out the refresh token, as Google's do.
            let endpoint = Endpoint::start(&clock, LIFETIME, 2).unwrap();
            test(clock, endpoint).await;
        });
    }

    /// Runs `callers` tasks at once, each calling `get()` once, and returns their results.
    async fn get_all<F>(cache: &Arc<TokenCache<Tok, F>>, callers: usize) -> Vec<Result<Arc<Tok>, Arc<FetchError>>>
    where
        F: Refresh<Tok, Error = FetchError> + 'static,
    {
        let mut tasks = JoinSet::new();
        for _ in 0..callers {
            let cache = cache.clone();
            tasks.spawn(async move { cache.get().await });
        }
        timeout(PATIENCE, tasks.join_all()).await.expect("no caller is stuck")
    }

    async fn wait_until(endpoint: &Endpoint, what: impl Fn(Counts) -> bool) {
        let waited = timeout(PATIENCE, async {
            while !what(endpoint.counts()) {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        });
        waited.await.expect("the endpoint got there");
    }

    #[test]
    fn cache_thousand_callers_per_cycle_one_endpoint_call_per_cycle() {
        run(|clock, endpoint| async move {
            let cache = Arc::new(endpoint::cache(&endpoint, &clock));
            endpoint.set_latency(Duration::from_millis(20)); // the callers overlap the refresh
            let mut previous: Option<Arc<Tok>> = None;
            // A first grant, then six refreshes: due (40 s on) or already expired (70 s on).
            for (cycle, advance) in [0, 40, 70, 40, 70, 40, 70].into_iter().enumerate() {
                clock.advance(advance);
                let results = get_all(&cache, 1000).await;
                let now = clock.now();
                let first = results[0].as_ref().unwrap().clone();
                for result in &results {
                    let token = result.as_ref().unwrap();
                    assert!(Arc::ptr_eq(token, &first), "cycle {cycle}: every caller gets the one new token");
                    assert!(
                        !token.is_expired_at(now) && !token.needs_refresh_at(now),
                        "cycle {cycle}: fresh when handed out"
                    );
                }
                let counts = endpoint.counts();
                assert_eq!(counts.calls, cycle + 1, "cycle {cycle}: one endpoint call");
                assert_eq!(counts.invalid_grants, 0);
                if let Some(previous) = &previous {
                    assert_ne!(first.access_token(), previous.access_token());
                }
                // The cache holds the refresh token the endpoint takes, sent or inherited.
                assert_eq!(first.refresh_token(), endpoint.valid_refresh_token().as_deref());
                previous = Some(first);
            }
            assert_eq!(endpoint.counts().omitted, 3, "three responses without a refresh token were inherited over");
        });
    }

    #[test]
    fn cache_two_hundred_rejections_of_one_token_one_refresh() {
        run(|clock, endpoint| async move {
            let cache = Arc::new(endpoint::cache(&endpoint, &clock));
            let token = cache.get().await.unwrap();
            assert_eq!(endpoint::call_resource(endpoint.addr(), &token).await.unwrap(), StatusCode::OK);
            endpoint.revoke();
            endpoint.set_latency(Duration::from_millis(20));

            let mut tasks = JoinSet::new();
            for _ in 0..200 {
                let (cache, token, addr) = (cache.clone(), token.clone(), endpoint.addr());
                tasks.spawn(async move {
                    assert_eq!(endpoint::call_resource(addr, &token).await.unwrap(), StatusCode::UNAUTHORIZED);
                    let retry = cache.get_after_rejection(&token).await.unwrap();
                    assert_eq!(endpoint::call_resource(addr, &retry).await.unwrap(), StatusCode::OK);
                    retry
                });
            }
            let retries = timeout(PATIENCE, tasks.join_all()).await.expect("no caller is stuck");
            assert!(retries.iter().all(|retry| Arc::ptr_eq(retry, &retries[0])));
            assert_eq!(endpoint.counts().calls, 2, "the first grant and one refresh");
            assert_eq!(retries[0].refresh_token(), endpoint.valid_refresh_token().as_deref());
        });
    }

    #[test]
    fn cache_outage_while_live_keeps_the_token_and_backs_off_then_fails_after_expiry() {
        run(|clock, endpoint| async move {
            let cache = Arc::new(endpoint::cache(&endpoint, &clock));
            let live = cache.get().await.unwrap();
            endpoint.set_down(true);
            clock.advance(STALE);

            let mut attempts = Vec::new();
            for second in STALE..LIFETIME {
                let before = endpoint.counts().unavailable;
                let results = get_all(&cache, 100).await;
                assert!(results.iter().all(|result| Arc::ptr_eq(result.as_ref().unwrap(), &live)), "at {second} s");
                if endpoint.counts().unavailable > before {
                    attempts.push((second, endpoint.counts().unavailable - before));
                }
                clock.advance(1);
            }
            // 1 s after the first failure, doubling: 2, 4, 8 s; the next (16 s) would pass the expiry.
            assert_eq!(attempts, [(30, 1), (31, 1), (33, 1), (37, 1), (45, 1)]);

            // Expired: every caller gets the error.
            let results = get_all(&cache, 100).await;
            assert!(
                results.iter().all(|result| matches!(result.as_ref().map_err(|e| &**e), Err(FetchError::Unavailable)))
            );

            // Back up: the first call succeeds.
            endpoint.set_down(false);
            let before = endpoint.counts().calls;
            let new = cache.get().await.unwrap();
            assert_eq!(endpoint.counts().calls, before + 1);
            assert!(!new.is_expired_at(clock.now()));
            assert_eq!(endpoint.counts().invalid_grants, 0);
        });
    }

    #[test]
    fn cache_cancelled_driver_leaves_no_waiter_stuck() {
        run(|clock, endpoint| async move {
            let cache = Arc::new(endpoint::cache(&endpoint, &clock));
            let first = cache.get().await.unwrap();
            clock.advance(LIFETIME);
            endpoint.hold(1);

            // The driver's request hangs; it gives up after 200 ms, dropping its refresh.
            let driver = {
                let cache = cache.clone();
                tokio::spawn(async move { timeout(Duration::from_millis(200), cache.get()).await })
            };
            wait_until(&endpoint, |counts| counts.calls == 2).await;
            let waiters = get_all(&cache, 100).await;
            assert!(driver.await.unwrap().is_err(), "the driver timed out");

            // One waiter took over: one more request, and every waiter got its token.
            let token = waiters[0].as_ref().unwrap();
            assert!(waiters.iter().all(|waiter| Arc::ptr_eq(waiter.as_ref().unwrap(), token)));
            assert_ne!(token.access_token(), first.access_token());
            assert_eq!(endpoint.counts().calls, 3);
            assert_eq!(endpoint.counts().invalid_grants, 0);
            endpoint.release();
        });
    }

    #[test]
    fn cache_every_caller_cancelled_then_the_next_call_refreshes() {
        run(|clock, endpoint| async move {
            let cache = Arc::new(endpoint::cache(&endpoint, &clock));
            cache.get().await.unwrap();
            clock.advance(LIFETIME);
            endpoint.hold(usize::MAX);

            let mut tasks = JoinSet::new();
            for _ in 0..50 {
                let cache = cache.clone();
                tasks.spawn(async move { timeout(Duration::from_millis(100), cache.get()).await });
            }
            let outcomes = timeout(PATIENCE, tasks.join_all()).await.expect("no caller is stuck");
            assert!(outcomes.iter().all(Result::is_err), "every caller timed out");
            let held = endpoint.counts().calls - 1;
            assert!(held >= 1);

            endpoint.release(); // the held requests are answered 503, changing nothing
            let token = cache.get().await.unwrap();
            assert!(!token.needs_refresh_at(clock.now()));
            assert_eq!(endpoint.counts().calls, held + 2);
            assert_eq!(endpoint.counts().invalid_grants, 0);
        });
    }
}
