//! The token cache against a real token endpoint over HTTP on loopback (`support/endpoint.rs`),
//! with the real client: rotating refresh tokens, callers that give up, a server that drops the
//! handler of a client that hung up, revoked refresh tokens, outages, a server clock 2 h behind,
//! a panicking refresh and one that never resolves. The token clock is moved by the test, never
//! waited for; only the endpoint's latency and the callers' deadlines are real time.
//!
//! Run with `--nocapture` to see the counts of the seeded rotation runs.

#[path = "support/clock.rs"]
mod clock;
#[path = "support/endpoint.rs"]
mod endpoint;
#[path = "support/rng.rs"]
mod rng;

mod cache_http {
    use std::convert::Infallible;
    use std::future::Future;
    use std::net::SocketAddr;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use http_body_util::Full;
    use hyper::body::Bytes;
    use hyper::{Response, StatusCode};
    use hyper_util::rt::TokioIo;
    use token_response::TokenResponse;
    use token_response::cache::{Error, TokenCache};
    use tokio::net::{TcpListener, TcpStream};
    use tokio::task::JoinSet;
    use tokio::time::timeout;

    use super::clock::Clock;
    use super::endpoint::{self, Counts, Endpoint, FetchError, Tok};
    use super::rng::Rng;

    const START: u64 = 1_800_000_000;
    /// Tokens of 60 s: a refresh is due 30 s after issue (the leeway is capped at half the
    /// lifetime); live for 50 s (a margin of 10 s).
    const LIFETIME: u64 = 60;
    /// How long a test waits for something that should happen at once, before it fails.
    const PATIENCE: Duration = Duration::from_secs(10);

    type Cache = TokenCache<Tok, FetchError>;
    type Answer = Result<Arc<Tok>, Error<FetchError>>;

    fn runtime(multi_thread: bool) -> tokio::runtime::Runtime {
        let mut builder = if multi_thread {
            let mut builder = tokio::runtime::Builder::new_multi_thread();
            builder.worker_threads(2);
            builder
        } else {
            tokio::runtime::Builder::new_current_thread()
        };
        builder.enable_all().build().unwrap()
    }

    /// Runs `test` with a clock and a fresh endpoint, on tokio's multi-thread runtime.
    fn run<R, F: Future<Output = R>>(test: impl FnOnce(Clock, Endpoint) -> F) -> R {
        run_on(true, test)
    }

    fn run_on<R, F: Future<Output = R>>(multi_thread: bool, test: impl FnOnce(Clock, Endpoint) -> F) -> R {
        runtime(multi_thread).block_on(async {
            let clock = Clock::new(START);
            // Every second refresh response leaves out the refresh token, as Google's do.
            let endpoint = Endpoint::start(&clock, LIFETIME, 2).unwrap();
            test(clock, endpoint).await
        })
    }

    /// `callers` tasks at once, each calling `get()` once; with a deadline (real time) where
    /// `deadline` gives one. `None` for a caller that gave up.
    async fn round(cache: &Arc<Cache>, deadlines: Vec<Option<Duration>>) -> Vec<Option<Answer>> {
        let mut tasks = JoinSet::new();
        for (index, deadline) in deadlines.into_iter().enumerate() {
            let cache = cache.clone();
            tasks.spawn(async move {
                let answer = match deadline {
                    Some(deadline) => timeout(deadline, cache.get()).await.ok(),
                    None => Some(cache.get().await),
                };
                (index, answer)
            });
        }
        let mut answers = timeout(PATIENCE, tasks.join_all()).await.expect("no caller is stuck");
        answers.sort_by_key(|(index, _)| *index);
        answers.into_iter().map(|(_, answer)| answer).collect()
    }

    /// `callers` patient callers.
    async fn all(cache: &Arc<Cache>, callers: usize) -> Vec<Answer> {
        round(cache, vec![None; callers]).await.into_iter().map(|answer| answer.unwrap()).collect()
    }

    async fn wait_until(what: impl Fn() -> bool) {
        let waited = timeout(PATIENCE, async {
            while !what() {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        });
        waited.await.expect("it happened");
    }

    fn is_unavailable(answer: &Answer) -> bool {
        matches!(answer, Err(Error::Refresh(error)) if matches!(**error, FetchError::Unavailable))
    }

    /// What one seeded rotation run saw.
    #[derive(Debug, Default)]
    struct Rotation {
        cycles: usize,
        give_up_cycles: usize,
        calls: usize,
        invalid_grants: usize,
        patient_ok: usize,
        impatient_ok: usize,
        gave_up: usize,
    }

    /// 1,000 callers a cycle over 8 expiry cycles, half of them with a deadline (1 to 20 ms)
    /// shorter than the endpoint's answer (30 ms); in two cycles picked by the seed, every
    /// caller gives up, and 1,000 more callers come 5 s later.
    async fn rotation(seed: u64, clock: Clock, endpoint: Endpoint) -> Rotation {
        const CALLERS: usize = 1000;
        let mut rng = Rng::new(seed);
        let cache = Arc::new(endpoint::cache(&endpoint, &clock));
        let mut seen = Rotation::default();
        let first = all(&cache, CALLERS).await;
        assert!(first.iter().all(Result::is_ok));
        endpoint.set_latency(Duration::from_millis(30));
        let give_up = [1 + rng.below(4), 5 + rng.below(4)];
        let mut previous = cache.current().unwrap();
        for cycle in 1..=8 {
            // Due (40 s on, still live) or expired (70 s on), alternately.
            clock.advance(if cycle % 2 == 1 { 40 } else { 70 });
            let before = endpoint.counts();
            let mut answers = Vec::new();
            let mut deadlines: Vec<Option<Duration>> = Vec::new();
            if give_up.contains(&cycle) {
                // The endpoint answers 250 ms after the request: every caller, however late it
                // starts, has given up by then.
                seen.give_up_cycles += 1;
                endpoint.set_latency(Duration::from_millis(250));
                let impatient = (0..CALLERS).map(|_| Some(Duration::from_millis(1 + rng.below(20)))).collect();
                let gave_up = round(&cache, impatient).await;
                assert!(gave_up.iter().all(Option::is_none), "cycle {cycle}: every caller gave up");
                seen.gave_up += CALLERS;
                endpoint.set_latency(Duration::from_millis(30));
                clock.advance(5);
            }
            for _ in 0..CALLERS {
                deadlines.push(rng.percent(50).then(|| Duration::from_millis(1 + rng.below(20))));
            }
            answers.extend(round(&cache, deadlines.clone()).await);
            let now = clock.now();
            let token = cache.current().unwrap();
            for (deadline, answer) in deadlines.iter().zip(&answers) {
                match (deadline, answer) {
                    (None, Some(Ok(got))) => {
                        assert!(Arc::ptr_eq(got, &token), "cycle {cycle}: every patient caller gets the new token");
                        seen.patient_ok += 1;
                    }
                    (None, other) => panic!("cycle {cycle}: a patient caller got {other:?}"),
                    (Some(_), Some(Ok(got))) => {
                        assert!(Arc::ptr_eq(got, &token));
                        seen.impatient_ok += 1;
                    }
                    (Some(_), None) => seen.gave_up += 1,
                    (Some(_), Some(Err(error))) => panic!("cycle {cycle}: {error}"),
                }
            }
            assert!(!token.needs_refresh_at(now), "cycle {cycle}: fresh");
            assert!(!Arc::ptr_eq(&token, &previous), "cycle {cycle}: refreshed");
            let counts = endpoint.counts();
            assert_eq!(counts.calls - before.calls, 1, "cycle {cycle}: one endpoint call");
            assert_eq!(counts.invalid_grants, 0, "cycle {cycle}: no refresh token spent twice");
            // The cache holds the refresh token the endpoint takes, sent or inherited.
            assert_eq!(token.refresh_token(), endpoint.valid_refresh_token().as_deref(), "cycle {cycle}");
            previous = token;
            seen.cycles += 1;
        }
        let counts = endpoint.counts();
        seen.calls = counts.calls;
        seen.invalid_grants = counts.invalid_grants;
        seen
    }

    #[test]
    fn cache_rotation_under_impatient_callers_one_call_per_cycle_over_twenty_seeds() {
        println!("seed  cycles  all-gave-up cycles  endpoint calls  invalid_grant  patient Ok  impatient Ok  gave up");
        for seed in 0..20 {
            let seen = run(|clock, endpoint| rotation(seed, clock, endpoint));
            println!(
                "{seed:>4}  {:>6}  {:>18}  {:>14}  {:>13}  {:>10}  {:>12}  {:>7}",
                seen.cycles,
                seen.give_up_cycles,
                seen.calls,
                seen.invalid_grants,
                seen.patient_ok,
                seen.impatient_ok,
                seen.gave_up
            );
            assert_eq!((seen.cycles, seen.calls, seen.invalid_grants), (8, 9, 0));
        }
    }

    /// Counts the handlers of an API server dropped before they answered.
    struct Unfinished(Arc<AtomicUsize>, bool);

    impl Drop for Unfinished {
        fn drop(&mut self) {
            if !self.1 {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
    }

    /// An API server (hyper) whose handler answers with the access token the cache gives it.
    async fn api_server(cache: Arc<Cache>, dropped: Arc<AtomicUsize>) -> SocketAddr {
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (cache, dropped) = (cache.clone(), dropped.clone());
                let service = hyper::service::service_fn(move |_request| {
                    let (cache, unfinished) = (cache.clone(), Unfinished(dropped.clone(), false));
                    async move {
                        let mut unfinished = unfinished; // the whole guard, not its field
                        let answer = cache.get().await;
                        unfinished.1 = true;
                        let response = match answer {
                            Ok(token) => Response::new(Full::new(Bytes::from(token.access_token().to_owned()))),
                            Err(_) => {
                                let mut response = Response::new(Full::new(Bytes::new()));
                                *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
                                response
                            }
                        };
                        Ok::<_, Infallible>(response)
                    }
                });
                tokio::spawn(
                    hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service),
                );
            }
        });
        addr
    }

    #[test]
    fn cache_a_handler_dropped_because_its_client_hung_up_does_not_lose_the_session() {
        run(|clock, endpoint| async move {
            let cache = Arc::new(endpoint::cache(&endpoint, &clock));
            let first = cache.get().await.unwrap();
            clock.advance(LIFETIME + 10);
            endpoint.set_latency(Duration::from_millis(300));
            let dropped = Arc::new(AtomicUsize::new(0));
            let api = api_server(cache.clone(), dropped.clone()).await;

            // A client asks, and hangs up while the handler's refresh is in flight: the endpoint
            // has rotated the refresh token, and answers 300 ms later.
            let client = TcpStream::connect(api).await.unwrap();
            client.writable().await.unwrap();
            client.try_write(b"GET / HTTP/1.1\r\nhost: api\r\n\r\n").unwrap();
            wait_until(|| endpoint.counts().calls == 2).await;
            assert_ne!(endpoint.valid_refresh_token().as_deref(), first.refresh_token(), "rotated");
            drop(client);
            wait_until(|| dropped.load(Ordering::SeqCst) == 1).await;

            // The next client's handler resumes the same refresh and gets its token.
            let (status, body) = endpoint::get(api, "/").await.unwrap();
            assert_eq!(status, StatusCode::OK);
            let token = cache.current().unwrap();
            assert_eq!(body, token.access_token().as_bytes());
            assert_ne!(token.access_token(), first.access_token());
            let counts = endpoint.counts();
            assert_eq!((counts.calls, counts.invalid_grants), (2, 0), "one refresh, no refresh token spent twice");
            assert_eq!(token.refresh_token(), endpoint.valid_refresh_token().as_deref());
        });
    }

    /// The seconds (since the start) at which the endpoint was called, and every answer, over
    /// `seconds` simulated seconds with `callers` concurrent callers each second.
    async fn over(
        clock: &Clock,
        endpoint: &Endpoint,
        cache: &Arc<Cache>,
        seconds: u64,
        callers: usize,
    ) -> (Vec<u64>, Vec<Answer>) {
        let start = clock.secs();
        let (mut calls, mut answers) = (Vec::new(), Vec::new());
        for _ in 0..seconds {
            let before = endpoint.counts().calls;
            answers.extend(all(cache, callers).await);
            calls.extend((before..endpoint.counts().calls).map(|_| clock.secs() - start));
            clock.advance(1);
        }
        (calls, answers)
    }

    #[test]
    fn cache_a_revoked_refresh_token_with_terminal_one_call_then_signed_out_at_once() {
        // On tokio's current-thread runtime.
        run_on(false, |clock, endpoint| async move {
            let cache = Arc::new(endpoint::cache(&endpoint, &clock).with_terminal(FetchError::is_invalid_grant));
            cache.get().await.unwrap();
            endpoint.revoke_refresh_token();
            clock.advance(LIFETIME + 10);
            let answers = all(&cache, 200).await;
            let Err(Error::SignedOut(error)) = &answers[0] else { panic!("signed out: {:?}", answers[0]) };
            assert!(error.is_invalid_grant());
            assert!(answers.iter().all(|answer| matches!(answer, Err(Error::SignedOut(e)) if Arc::ptr_eq(e, error))));
            let (calls, answers) = over(&clock, &endpoint, &cache, 600, 10).await;
            assert!(calls.is_empty(), "no call over 10 minutes: {calls:?}");
            assert!(answers.iter().all(|answer| matches!(answer, Err(Error::SignedOut(_)))));
            assert_eq!(endpoint.counts().calls, 2, "the first grant and one refresh");
        });
    }

    #[test]
    fn cache_a_revoked_refresh_token_without_terminal_one_call_per_backoff_step() {
        run(|clock, endpoint| async move {
            let cache = Arc::new(endpoint::cache(&endpoint, &clock));
            cache.get().await.unwrap();
            endpoint.revoke_refresh_token();
            clock.advance(LIFETIME + 10);
            let (calls, answers) = over(&clock, &endpoint, &cache, 600, 10).await;
            assert_eq!(calls, [0, 1, 3, 7, 15, 31, 63, 123, 183, 243, 303, 363, 423, 483, 543]);
            assert!(answers.iter().all(|answer| matches!(answer, Err(Error::Refresh(e)) if e.is_invalid_grant())));
        });
    }

    #[test]
    fn cache_an_outage_with_no_live_token_a_thousand_callers_over_a_minute_at_most_seven_calls() {
        run(|clock, endpoint| async move {
            let cache = Arc::new(endpoint::cache(&endpoint, &clock));
            cache.get().await.unwrap();
            endpoint.set_down(true);
            clock.advance(LIFETIME + 10);
            let (calls, answers) = over(&clock, &endpoint, &cache, 60, 17).await;
            assert!(answers.len() >= 1000);
            assert!(answers.iter().all(is_unavailable));
            assert!(calls.len() <= 7, "{calls:?}");
            assert_eq!(calls, [0, 1, 3, 7, 15, 31]);
        });
    }

    #[test]
    fn cache_outage_while_live_keeps_the_token_then_fails_after_its_margin() {
        run(|clock, endpoint| async move {
            let cache = Arc::new(endpoint::cache(&endpoint, &clock));
            let live = cache.get().await.unwrap();
            endpoint.set_down(true);
            clock.advance(30); // due
            let (calls, answers) = over(&clock, &endpoint, &cache, 30, 20).await;
            // 1 s after the first failure, doubling; the token stops being live 50 s after
            // issue (20 s from here), which ends the backoff once.
            assert_eq!(calls, [0, 1, 3, 7, 15, 20]);
            let (live_answers, after) = answers.split_at(20 * 20);
            assert!(live_answers.iter().all(|answer| Arc::ptr_eq(answer.as_ref().unwrap(), &live)));
            assert!(after.iter().all(is_unavailable));
            endpoint.set_down(false);
            clock.advance(60);
            assert!(!cache.get().await.unwrap().needs_refresh_at(clock.now()));
            assert_eq!(endpoint.counts().invalid_grants, 0);
        });
    }

    #[test]
    fn cache_a_stale_answer_from_an_endpoint_two_hours_behind_is_backed_off() {
        run(|clock, endpoint| async move {
            let cache = Arc::new(endpoint::cache(&endpoint, &clock));
            endpoint.set_clock_offset(-7200);
            let (calls, answers) = over(&clock, &endpoint, &cache, 120, 10).await;
            assert!(answers.iter().all(|answer| matches!(answer, Err(Error::Stale))));
            assert_eq!(calls, [0, 1, 3, 7, 15, 31, 63], "one call per backoff step");
            assert!(cache.current().is_none(), "never cached");
        });
    }

    #[test]
    fn cache_a_panicking_refresh_reaches_one_caller_and_the_cache_recovers() {
        run(|clock, endpoint| async move {
            let invocations = Arc::new(AtomicUsize::new(0));
            let (counter, addr) = (invocations.clone(), endpoint.addr());
            let cache = Arc::new(
                TokenCache::new(move |current: Option<Arc<Tok>>| {
                    let n = counter.fetch_add(1, Ordering::SeqCst);
                    async move {
                        assert_ne!(n, 1, "the second refresh panics");
                        endpoint::fetch(addr, current).await
                    }
                })
                .with_clock(clock.reader()),
            );
            cache.get().await.unwrap();
            clock.advance(LIFETIME + 10);
            let mut tasks = JoinSet::new();
            for _ in 0..100 {
                let cache = cache.clone();
                tasks.spawn(async move { cache.get().await });
            }
            let outcomes = timeout(PATIENCE, async {
                let mut outcomes = Vec::new();
                while let Some(outcome) = tasks.join_next().await {
                    outcomes.push(outcome);
                }
                outcomes
            })
            .await
            .unwrap();
            let panicked = outcomes.iter().filter(|outcome| outcome.as_ref().is_err_and(|e| e.is_panic())).count();
            assert_eq!(panicked, 1, "the panic reaches the caller that polled");
            assert!(outcomes.iter().flatten().all(|answer| matches!(answer, Err(Error::Panicked))));
            assert!(matches!(cache.get().await, Err(Error::Panicked)), "backing off");
            assert_eq!(invocations.load(Ordering::SeqCst), 2);
            clock.advance(1);
            assert!(cache.get().await.is_ok());
            assert_eq!(invocations.load(Ordering::SeqCst), 3);
            let counts = endpoint.counts();
            assert_eq!((counts.calls, counts.invalid_grants), (2, 0));
        });
    }

    #[test]
    fn cache_a_refresh_that_never_resolves_is_replaced_after_the_refresh_timeout() {
        run(|clock, endpoint| async move {
            let cache = Arc::new(endpoint::cache(&endpoint, &clock).with_refresh_timeout(Duration::from_secs(30)));
            let first = cache.get().await.unwrap();
            clock.advance(LIFETIME + 10);
            endpoint.hold(1); // the next request never gets an answer until released
            let gave_up = round(&cache, vec![Some(Duration::from_millis(500)); 50]).await;
            assert!(gave_up.iter().all(Option::is_none));
            assert_eq!(endpoint.counts().calls, 2);
            clock.advance(29);
            assert!(round(&cache, vec![Some(Duration::from_millis(50)); 10]).await.iter().all(Option::is_none));
            assert_eq!(endpoint.counts().calls, 2, "not overdue yet: waiting on the same refresh");
            clock.advance(1);
            let answers = all(&cache, 50).await;
            let token = answers[0].as_ref().unwrap();
            assert!(answers.iter().all(|answer| Arc::ptr_eq(answer.as_ref().unwrap(), token)));
            assert_ne!(token.access_token(), first.access_token());
            endpoint.release(); // the held request is answered 503: nobody waits on it
            let counts = endpoint.counts();
            assert_eq!((counts.calls, counts.invalid_grants), (3, 0));
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
            let counts: Counts = endpoint.counts();
            assert_eq!(counts.calls, 2, "the first grant and one refresh");
            assert_eq!(retries[0].refresh_token(), endpoint.valid_refresh_token().as_deref());
        });
    }
}
