//! A seeded stress test of the token cache: callers with random delays, random cancellations
//! and random 401 reports, a clock that jumps, and a token endpoint in memory that fails,
//! rotates refresh tokens and leaves them out of some responses, all decided by the seed.
//!
//! Each scenario runs 2,000 times (seeds 0..2000) on four executors: a deterministic one here,
//! which picks the next task to poll from the seed (so a failing seed replays exactly), a plain
//! `block_on` per thread (`pollster`), and tokio's current-thread and multi-thread runtimes.
//! What must hold, every time:
//!
//! - at most one refresh is in flight, ever (a counter in the endpoint);
//! - the endpoint never answers `invalid_grant`: no refresh token is lost across rotations,
//!   omissions and cancellations, and the cache ends with the one the endpoint takes;
//! - every `Ok` of `get()` was valid at the clock when it was returned (not expired, and fresh
//!   unless the last refresh failed while it was live, then it is the live, cached one); every
//!   `Err` came with no live token cached; `get_after_rejection` never returns the rejected token;
//! - no task is left waiting with nothing to wake it.
//!
//! The checks of what `get()` returns run on the two executors that poll one task at a time,
//! where the clock cannot move between the endpoint's answer, the cache's answer and the check.
//! On the parallel ones, a thread preempted between the endpoint's answer and the cache's can
//! see the clock jump past the new token's expiry: the token arrives expired, and every caller
//! that waited for it rightly gets it, so there only the other properties are checked.

#[path = "support/clock.rs"]
mod clock;

mod cache_stress {
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex, MutexGuard, PoisonError, mpsc};
    use std::task::{Context, Poll, Wake, Waker};
    use std::time::Duration;

    use token_response::TokenResponse;
    use token_response::cache::TokenCache;

    use super::clock::Clock;

    const ITERATIONS: u64 = 2000;
    const CALLERS: u64 = 6;
    const CALLS_PER_CALLER: usize = 6;
    const TICKS: usize = 8;
    const START: u64 = 1_000_000;
    /// How long a run may take before a task counts as stuck.
    const PATIENCE: Duration = Duration::from_secs(10);

    /// splitmix64: small, seedable, good enough to pick interleavings.
    struct Rng(u64);

    impl Rng {
        fn new(seed: u64) -> Self {
            Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
        }

        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }

        fn percent(&mut self, p: u64) -> bool {
            self.below(100) < p
        }
    }

    #[derive(TokenResponse)]
    #[token(debug)]
    struct Tok {
        access_token: String,
        expires_in: u64,
        issued_at: u64,
        refresh_token: Option<String>,
    }

    /// The token endpoint in memory. Its choices come from its own seeded generator, made when
    /// a call completes.
    struct Endpoint {
        clock: Clock,
        state: Mutex<EndpointState>,
        in_flight: AtomicUsize,
        max_in_flight: AtomicUsize,
    }

    struct EndpointState {
        rng: Rng,
        issued: u64,
        /// The refresh token the endpoint takes.
        valid: Option<String>,
        invalid_grants: usize,
        last_failed: bool,
    }

    impl Endpoint {
        fn state(&self) -> MutexGuard<'_, EndpointState> {
            self.state.lock().unwrap_or_else(PoisonError::into_inner)
        }

        fn call(self: &Arc<Self>, current: Option<Arc<Tok>>) -> Call {
            let in_flight = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            self.max_in_flight.fetch_max(in_flight, Ordering::SeqCst);
            let delay = self.state().rng.below(4);
            Call { endpoint: self.clone(), presented: current.and_then(|t| t.refresh_token().map(String::from)), delay }
        }

        /// The endpoint's answer to a refresh with `presented`, at the end of the call.
        fn answer(&self, presented: Option<&str>) -> Result<Tok, String> {
            let mut state = self.state();
            if state.rng.percent(20) {
                state.last_failed = true;
                return Err("503".into());
            }
            if presented != state.valid.as_deref() {
                state.invalid_grants += 1;
                state.last_failed = true;
                return Err("invalid_grant".into());
            }
            state.issued += 1;
            let n = state.issued;
            let omit = state.valid.is_some() && state.rng.percent(30);
            if !omit {
                state.valid = Some(format!("rt-{n}"));
            }
            state.last_failed = false;
            let lifetime = 20 + state.rng.below(100);
            Ok(Tok {
                access_token: format!("at-{n}"),
                expires_in: lifetime,
                issued_at: self.clock.secs(),
                refresh_token: if omit { None } else { state.valid.clone() },
            })
        }
    }

    /// One refresh: pending for `delay` polls (waking itself), then the endpoint's answer.
    struct Call {
        endpoint: Arc<Endpoint>,
        presented: Option<String>,
        delay: u64,
    }

    impl Future for Call {
        type Output = Result<Tok, String>;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            if self.delay > 0 {
                self.delay -= 1;
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            Poll::Ready(self.endpoint.answer(self.presented.as_deref()))
        }
    }

    impl Drop for Call {
        fn drop(&mut self) {
            self.endpoint.in_flight.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// Pending `polls` times, waking itself: a delay that any executor runs.
    struct YieldFor(u64);

    impl Future for YieldFor {
        type Output = ();

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 == 0 {
                return Poll::Ready(());
            }
            self.0 -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    /// `inner`, given up (dropped) if it is still pending after `polls` polls: a caller
    /// cancelled by a timeout.
    struct GiveUp<F> {
        inner: Option<Pin<Box<F>>>,
        polls: u64,
    }

    impl<F: Future> Future for GiveUp<F> {
        type Output = Option<F::Output>;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let Some(inner) = self.inner.as_mut() else { return Poll::Ready(None) };
            if let Poll::Ready(output) = inner.as_mut().poll(cx) {
                return Poll::Ready(Some(output));
            }
            if self.polls == 0 {
                self.inner = None;
                return Poll::Ready(None);
            }
            self.polls -= 1;
            Poll::Pending
        }
    }

    fn give_up<F: Future>(inner: F, polls: u64) -> GiveUp<F> {
        GiveUp { inner: Some(Box::pin(inner)), polls }
    }

    type Cache = TokenCache<Tok, Box<dyn Fn(Option<Arc<Tok>>) -> Call + Send + Sync>>;
    type Task = Pin<Box<dyn Future<Output = ()> + Send>>;

    /// One run: the cache, its endpoint, and what the callers saw that they should not have.
    struct World {
        clock: Clock,
        endpoint: Arc<Endpoint>,
        cache: Arc<Cache>,
        violations: Arc<Mutex<Vec<String>>>,
    }

    /// Builds run `seed`: the world and its tasks (the callers and the clock). `exact`: the
    /// executor polls one task at a time (see the file's docs).
    fn world(seed: u64, exact: bool) -> (World, Vec<Task>) {
        let mut rng = Rng::new(seed);
        let clock = Clock::new(START);
        let seeded = rng.percent(50);
        let endpoint = Arc::new(Endpoint {
            clock: clock.clone(),
            state: Mutex::new(EndpointState {
                rng: Rng::new(rng.next()),
                issued: 0,
                valid: seeded.then(|| "rt-0".into()),
                invalid_grants: 0,
                last_failed: false,
            }),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
        });
        let refresh: Box<dyn Fn(Option<Arc<Tok>>) -> Call + Send + Sync> = {
            let endpoint = endpoint.clone();
            Box::new(move |current| endpoint.call(current))
        };
        let mut cache = TokenCache::new(refresh).with_clock(clock.reader());
        if seeded {
            let token = Tok {
                access_token: "at-0".into(),
                expires_in: 60,
                issued_at: START,
                refresh_token: Some("rt-0".into()),
            };
            cache = cache.with_token(token);
        }
        let world = World { clock, endpoint, cache: Arc::new(cache), violations: Arc::new(Mutex::new(Vec::new())) };

        let mut tasks: Vec<Task> =
            (0..CALLERS).map(|_| Box::pin(caller(&world, Rng::new(rng.next()), exact)) as Task).collect();
        let (clock, mut ticks) = (world.clock.clone(), Rng::new(rng.next()));
        tasks.push(Box::pin(async move {
            for _ in 0..TICKS {
                YieldFor(ticks.below(6)).await;
                clock.advance(ticks.below(40));
            }
        }));
        (world, tasks)
    }

    /// A caller: `get()` or, after a token, sometimes `get_after_rejection`, each perhaps given
    /// up after a few polls, with delays in between; it notes every answer it should not get.
    fn caller(world: &World, mut rng: Rng, exact: bool) -> impl Future<Output = ()> + Send + 'static {
        let (clock, endpoint, cache, violations) =
            (world.clock.clone(), world.endpoint.clone(), world.cache.clone(), world.violations.clone());
        async move {
            let mut last: Option<Arc<Tok>> = None;
            for _ in 0..CALLS_PER_CALLER {
                YieldFor(rng.below(3)).await;
                let patience = if rng.percent(25) { rng.below(4) } else { u64::MAX };
                let rejected = last.clone().filter(|_| rng.percent(15));
                let outcome = match &rejected {
                    None => give_up(cache.get(), patience).await,
                    Some(rejected) => give_up(cache.get_after_rejection(rejected), patience).await,
                };
                let Some(result) = outcome else { continue };
                let now = clock.now();
                let violation = match (&rejected, &result) {
                    (None, Ok(token)) if exact && token.is_expired_at(now) => Some("get() handed out an expired token"),
                    (None, Ok(token)) if exact && token.needs_refresh_at(now) => {
                        let live_after_failure = endpoint.state().last_failed
                            && cache.current().is_some_and(|current| Arc::ptr_eq(&current, token));
                        (!live_after_failure).then_some("get() handed out a stale token with no failed refresh")
                    }
                    (None, Err(_)) if exact && cache.current().is_some_and(|current| !current.is_expired_at(now)) => {
                        Some("get() failed while a live token was cached")
                    }
                    (Some(rejected), Ok(token)) if Arc::ptr_eq(rejected, token) => {
                        Some("get_after_rejection returned the rejected token")
                    }
                    _ => None,
                };
                if let Some(violation) = violation {
                    violations.lock().unwrap_or_else(PoisonError::into_inner).push(violation.to_owned());
                }
                if let Ok(token) = result {
                    last = Some(token);
                }
            }
        }
    }

    /// What must hold after run `seed` on `executor`.
    fn check(world: &World, seed: u64, executor: &str) {
        let context = format!("seed {seed} on {executor}");
        let violations = world.violations.lock().unwrap_or_else(PoisonError::into_inner);
        assert!(violations.is_empty(), "{context}: {violations:?}");
        assert!(world.endpoint.max_in_flight.load(Ordering::SeqCst) <= 1, "{context}: two refreshes in flight");
        assert_eq!(world.endpoint.in_flight.load(Ordering::SeqCst), 0, "{context}: a refresh outlived its callers");
        let endpoint = world.endpoint.state();
        assert_eq!(endpoint.invalid_grants, 0, "{context}: a refresh token was lost");
        if let Some(current) = world.cache.current() {
            assert_eq!(
                current.refresh_token(),
                endpoint.valid.as_deref(),
                "{context}: the cache lost the refresh token"
            );
        }
    }

    /// Wakes by raising its flag.
    struct Flag(AtomicBool);

    impl Wake for Flag {
        fn wake(self: Arc<Self>) {
            self.0.store(true, Ordering::SeqCst);
        }
    }

    /// Polls the tasks one at a time, in an order drawn from `rng`, until all are done; fails
    /// when tasks remain and none has been woken (one is stuck).
    fn run_deterministic(tasks: Vec<Task>, rng: &mut Rng) -> Result<(), String> {
        let flags: Vec<Arc<Flag>> = tasks.iter().map(|_| Arc::new(Flag(AtomicBool::new(true)))).collect();
        let mut tasks: Vec<Option<Task>> = tasks.into_iter().map(Some).collect();
        for _ in 0..1_000_000 {
            let woken: Vec<usize> =
                (0..tasks.len()).filter(|&i| tasks[i].is_some() && flags[i].0.load(Ordering::SeqCst)).collect();
            if woken.is_empty() {
                let left = tasks.iter().filter(|task| task.is_some()).count();
                return if left == 0 { Ok(()) } else { Err(format!("{left} tasks wait and nothing will wake them")) };
            }
            let i = woken[rng.below(woken.len() as u64) as usize];
            flags[i].0.store(false, Ordering::SeqCst);
            let waker = Waker::from(flags[i].clone());
            if let Some(task) = tasks[i].as_mut() {
                if task.as_mut().poll(&mut Context::from_waker(&waker)).is_ready() {
                    tasks[i] = None;
                }
            }
        }
        Err("a million polls without finishing".into())
    }

    #[test]
    fn cache_stress_deterministic_executor() {
        for seed in 0..ITERATIONS {
            let (world, tasks) = world(seed, true);
            let outcome = run_deterministic(tasks, &mut Rng::new(seed ^ 0xA5A5));
            assert_eq!(outcome, Ok(()), "seed {seed}");
            check(&world, seed, "the deterministic executor");
        }
    }

    #[test]
    fn cache_stress_block_on_per_thread() {
        for seed in 0..ITERATIONS {
            let (world, tasks) = world(seed, false);
            let (done, finished) = mpsc::channel();
            let threads: Vec<_> = tasks
                .into_iter()
                .map(|task| {
                    let done = done.clone();
                    std::thread::spawn(move || {
                        pollster::block_on(task);
                        let _ = done.send(());
                    })
                })
                .collect();
            for _ in 0..threads.len() {
                finished.recv_timeout(PATIENCE).unwrap_or_else(|_| panic!("seed {seed}: a thread is stuck"));
            }
            threads.into_iter().for_each(|thread| thread.join().unwrap());
            check(&world, seed, "pollster::block_on per thread");
        }
    }

    fn run_tokio(runtime: &tokio::runtime::Runtime, exact: bool, executor: &str) {
        for seed in 0..ITERATIONS {
            let (world, tasks) = world(seed, exact);
            runtime.block_on(async {
                let mut set = tokio::task::JoinSet::new();
                tasks.into_iter().for_each(|task| drop(set.spawn(task)));
                let all = tokio::time::timeout(PATIENCE, set.join_all()).await;
                assert!(all.is_ok(), "seed {seed} on {executor}: a task is stuck");
            });
            check(&world, seed, executor);
        }
    }

    #[test]
    fn cache_stress_tokio_current_thread() {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
        run_tokio(&runtime, true, "tokio current-thread");
    }

    #[test]
    fn cache_stress_tokio_multi_thread() {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_time().build().unwrap();
        run_tokio(&runtime, false, "tokio multi-thread");
    }
}
