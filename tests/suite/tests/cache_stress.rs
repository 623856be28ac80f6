//! A seeded stress test of the token cache: callers with random delays, cancellations and 401
//! reports; refreshes that panic, fail, or bring a stale token; a clock that jumps forward and
//! back; `set` and `clear` racing the refreshes; and a rotating token endpoint in memory that
//! spends every refresh token it takes. All of it decided by the seed.
//!
//! Each scenario runs 2,000 times (seeds 0..2000) on four executors: a deterministic one here,
//! which picks the next task to poll from the seed (so a failing seed replays exactly), a plain
//! `block_on` per thread (`pollster`), and tokio's current-thread and multi-thread runtimes.
//! What must hold, every time:
//!
//! - at most one refresh is in flight, ever (a counter in the endpoint);
//! - no spent refresh token is ever presented again: the endpoint never answers
//!   `invalid_grant`, across rotations, cancellations, stale answers, panics, `set` and `clear`;
//! - no `Ok` of `get()` is past its live margin at the clock when it is returned, and no `Err`
//!   comes while a live token is cached; `get_after_rejection` never returns the rejected token;
//! - every task finishes within a bound (no caller waits with nothing to wake it), and a
//!   refresh still running when they have all gone is the cache's, for the next caller.
//!
//! The checks of what `get()` returns run on the two executors that poll one task at a time,
//! where the clock cannot move between the cache's answer and the check. The refresh timeout is
//! set beyond any clock jump here: a refresh given up after it (tested in `cache_http.rs`) may
//! rightly be followed by a second one presenting the same refresh token.

#[path = "support/clock.rs"]
mod clock;
#[path = "support/rng.rs"]
mod rng;

mod cache_stress {
    use std::collections::HashSet;
    use std::future::Future;
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::pin::Pin;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex, MutexGuard, PoisonError, mpsc};
    use std::task::{Context, Poll, Wake, Waker};
    use std::time::Duration;

    use token_response::TokenResponse;
    use token_response::cache::{Error, TokenCache};

    use super::clock::Clock;
    use super::rng::Rng;

    const ITERATIONS: u64 = 2000;
    const CALLERS: u64 = 6;
    const CALLS_PER_CALLER: usize = 6;
    const TICKS: usize = 8;
    const START: u64 = 1_000_000;
    /// How long a run may take before a task counts as stuck.
    const PATIENCE: Duration = Duration::from_secs(10);

    #[derive(TokenResponse)]
    #[token(debug)]
    struct Tok {
        access_token: String,
        expires_in: u64,
        issued_at: u64,
        refresh_token: Option<String>,
    }

    impl Tok {
        /// Live by its own fields at `now` (seconds): 10 s before its expiry, a quarter of its
        /// lifetime for a short one. The cache's own expiry is never later.
        fn live_at(&self, now: u64) -> bool {
            let margin = 10.min(self.expires_in / 4);
            now + margin < self.issued_at + self.expires_in
        }
    }

    /// The token endpoint in memory, rotating: each refresh token it takes is spent. Its choices
    /// come from its own seeded generator, made when a call completes.
    struct Endpoint {
        clock: Clock,
        state: Mutex<EndpointState>,
        in_flight: AtomicUsize,
        max_in_flight: AtomicUsize,
    }

    struct EndpointState {
        rng: Rng,
        issued: u64,
        /// The refresh tokens it takes: one per session.
        valid: HashSet<String>,
        invalid_grants: usize,
    }

    impl Endpoint {
        fn state(&self) -> MutexGuard<'_, EndpointState> {
            self.state.lock().unwrap_or_else(PoisonError::into_inner)
        }

        fn call(self: &Arc<Self>, current: Option<Arc<Tok>>) -> Call {
            let in_flight = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            self.max_in_flight.fetch_max(in_flight, Ordering::SeqCst);
            let (delay, panics) = {
                let mut state = self.state();
                (state.rng.below(4), state.rng.percent(5))
            };
            let presented = current.and_then(|t| t.refresh_token().map(String::from));
            Call { endpoint: self.clone(), presented, started: self.clock.secs(), delay, panics }
        }

        /// A token of a new session (a first grant, or a sign-in for `set`).
        fn issue(&self, state: &mut EndpointState, issued_at: u64) -> Tok {
            state.issued += 1;
            let n = state.issued;
            state.valid.insert(format!("rt-{n}"));
            Tok {
                access_token: format!("at-{n}"),
                expires_in: 20 + state.rng.below(100),
                issued_at,
                refresh_token: Some(format!("rt-{n}")),
            }
        }

        fn sign_in(&self) -> Tok {
            let mut state = self.state();
            self.issue(&mut state, self.clock.secs())
        }

        /// The endpoint's answer to a refresh with `presented`, at the end of the call: 503
        /// (nothing spent), `invalid_grant` for a spent or unknown refresh token, else a new
        /// token issued at `started` (the cache dates it so too), one in ten by a clock 2 h
        /// behind (stale on arrival).
        fn answer(&self, presented: Option<&str>, started: u64) -> Result<Tok, String> {
            let mut state = self.state();
            if state.rng.percent(20) {
                return Err("503".into());
            }
            if let Some(presented) = presented {
                if !state.valid.remove(presented) {
                    state.invalid_grants += 1;
                    return Err("invalid_grant".into());
                }
            }
            let behind = if state.rng.percent(10) { 7200 } else { 0 };
            Ok(self.issue(&mut state, started.saturating_sub(behind)))
        }
    }

    /// One refresh: pending for `delay` polls (waking itself), then it panics (before the
    /// endpoint saw it) or gives the endpoint's answer.
    struct Call {
        endpoint: Arc<Endpoint>,
        presented: Option<String>,
        /// The clock when the refresh started.
        started: u64,
        delay: u64,
        panics: bool,
    }

    impl Future for Call {
        type Output = Result<Tok, String>;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            if self.delay > 0 {
                self.delay -= 1;
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            assert!(!self.panics, "a refresh that panics");
            Poll::Ready(self.endpoint.answer(self.presented.as_deref(), self.started))
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

    type Cache = TokenCache<Tok, String>;
    type Task = Pin<Box<dyn Future<Output = ()> + Send>>;

    /// One run: the cache, its endpoint, and what the callers saw that they should not have.
    struct World {
        clock: Clock,
        endpoint: Arc<Endpoint>,
        cache: Arc<Cache>,
        /// Every token a caller reported rejected: the cache no longer hands it out.
        rejected: Arc<Mutex<Vec<Arc<Tok>>>>,
        violations: Arc<Mutex<Vec<String>>>,
    }

    /// Builds run `seed`: the world and its tasks (the callers, the clock, and a user who signs
    /// in again or signs out). `exact`: the executor polls one task at a time.
    fn world(seed: u64, exact: bool) -> (World, Vec<Task>) {
        let mut rng = Rng::new(seed);
        let clock = Clock::new(START);
        let endpoint = Arc::new(Endpoint {
            clock: clock.clone(),
            state: Mutex::new(EndpointState {
                rng: Rng::new(rng.next()),
                issued: 0,
                valid: HashSet::new(),
                invalid_grants: 0,
            }),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
        });
        let refresh = {
            let endpoint = endpoint.clone();
            move |current| endpoint.call(current)
        };
        let mut cache =
            TokenCache::new(refresh).with_clock(clock.reader()).with_refresh_timeout(Duration::from_secs(1_000_000));
        if rng.percent(50) {
            cache = cache.with_token(endpoint.sign_in());
        }
        let world =
            World { clock, endpoint, cache: Arc::new(cache), rejected: Arc::default(), violations: Arc::default() };

        let mut tasks: Vec<Task> =
            (0..CALLERS).map(|_| Box::pin(caller(&world, Rng::new(rng.next()), exact)) as Task).collect();
        let (clock, mut ticks) = (world.clock.clone(), Rng::new(rng.next()));
        tasks.push(Box::pin(async move {
            for _ in 0..TICKS {
                YieldFor(ticks.below(6)).await;
                match ticks.below(10) {
                    0..=6 => clock.advance(ticks.below(40)),
                    7 => clock.advance(60 + ticks.below(200)),
                    _ => clock.back(ticks.below(30)),
                }
            }
        }));
        let (cache, endpoint, mut user) = (world.cache.clone(), world.endpoint.clone(), Rng::new(rng.next()));
        tasks.push(Box::pin(async move {
            for _ in 0..2 {
                YieldFor(user.below(20)).await;
                match user.below(3) {
                    0 => cache.set(endpoint.sign_in()),
                    1 => cache.clear(),
                    _ => {}
                }
            }
        }));
        (world, tasks)
    }

    /// A caller: `get()` or, after a token, sometimes `get_after_rejection`, each perhaps given
    /// up after a few polls, with delays in between; it notes every answer it should not get.
    fn caller(world: &World, mut rng: Rng, exact: bool) -> impl Future<Output = ()> + Send + 'static {
        let (clock, cache) = (world.clock.clone(), world.cache.clone());
        let (reported, violations) = (world.rejected.clone(), world.violations.clone());
        async move {
            let mut last: Option<Arc<Tok>> = None;
            for _ in 0..CALLS_PER_CALLER {
                YieldFor(rng.below(3)).await;
                let patience = if rng.percent(25) { rng.below(4) } else { u64::MAX };
                let rejected = last.clone().filter(|_| rng.percent(15));
                if let Some(rejected) = &rejected {
                    reported.lock().unwrap_or_else(PoisonError::into_inner).push(rejected.clone());
                }
                let outcome = match &rejected {
                    None => give_up(cache.get(), patience).await,
                    Some(rejected) => give_up(cache.get_after_rejection(rejected), patience).await,
                };
                let Some(answer) = outcome else { continue };
                let now = clock.secs();
                let cached_live = || {
                    let reported = reported.lock().unwrap_or_else(PoisonError::into_inner);
                    cache.current().is_some_and(|current| {
                        current.live_at(now) && !reported.iter().any(|rejected| Arc::ptr_eq(rejected, &current))
                    })
                };
                let violation = match (&rejected, &answer) {
                    (_, Ok(token)) if exact && !token.live_at(now) => Some("a token past its live margin"),
                    (None, Err(Error::Refresh(_) | Error::Stale | Error::Panicked)) if exact && cached_live() => {
                        Some("get() failed while a live token was cached")
                    }
                    (Some(rejected), Ok(token)) if Arc::ptr_eq(rejected, token) => {
                        Some("get_after_rejection returned the rejected token")
                    }
                    (_, Err(Error::SignedOut(_))) => Some("signed out, with no terminal error"),
                    _ => None,
                };
                if let Some(violation) = violation {
                    violations.lock().unwrap_or_else(PoisonError::into_inner).push(violation.to_owned());
                }
                if let Ok(token) = answer {
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
        // A refresh whose callers all gave up is still the cache's, for the next caller.
        let left = world.endpoint.in_flight.load(Ordering::SeqCst);
        let refreshing = format!("{:?}", world.cache).contains("refreshing: true");
        assert!(left == 0 || refreshing, "{context}: a refresh left hanging outside the cache");
        assert_eq!(world.endpoint.state().invalid_grants, 0, "{context}: a spent refresh token was presented again");
    }

    /// Whether a task's panic is the refresh's own.
    fn is_refresh_panic(panic: &(dyn std::any::Any + Send)) -> bool {
        let message =
            panic.downcast_ref::<String>().map(String::as_str).or_else(|| panic.downcast_ref::<&str>().copied());
        message.is_some_and(|message| message.contains("a refresh that panics"))
    }

    /// Wakes by raising its flag.
    struct Flag(AtomicBool);

    impl Wake for Flag {
        fn wake(self: Arc<Self>) {
            self.0.store(true, Ordering::SeqCst);
        }
    }

    /// Polls the tasks one at a time, in an order drawn from `rng`, until all are done (a task
    /// that panicked with the refresh's panic is done); fails when tasks remain and none has
    /// been woken (one is stuck).
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
                match catch_unwind(AssertUnwindSafe(|| task.as_mut().poll(&mut Context::from_waker(&waker)))) {
                    Ok(Poll::Pending) => {}
                    Ok(Poll::Ready(())) => tasks[i] = None,
                    Err(panic) if is_refresh_panic(&*panic) => tasks[i] = None,
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
        }
        Err("a million polls without finishing".into())
    }

    /// Quiets the refresh's own panics (thousands of them) and reports any other.
    fn quiet_refresh_panics() {
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !is_refresh_panic(info.payload()) {
                report(info);
            }
        }));
    }

    #[test]
    fn cache_stress_deterministic_executor() {
        quiet_refresh_panics();
        for seed in 0..ITERATIONS {
            let (world, tasks) = world(seed, true);
            let outcome = run_deterministic(tasks, &mut Rng::new(seed ^ 0xA5A5));
            assert_eq!(outcome, Ok(()), "seed {seed}");
            check(&world, seed, "the deterministic executor");
        }
    }

    #[test]
    fn cache_stress_block_on_per_thread() {
        quiet_refresh_panics();
        for seed in 0..ITERATIONS {
            let (world, tasks) = world(seed, false);
            let (done, finished) = mpsc::channel();
            let threads: Vec<_> = tasks
                .into_iter()
                .map(|task| {
                    let done = done.clone();
                    std::thread::spawn(move || {
                        let outcome = catch_unwind(AssertUnwindSafe(|| pollster::block_on(task)));
                        let _ = done.send(outcome.map_err(|panic| is_refresh_panic(&*panic)));
                    })
                })
                .collect();
            for _ in 0..threads.len() {
                let outcome =
                    finished.recv_timeout(PATIENCE).unwrap_or_else(|_| panic!("seed {seed}: a thread is stuck"));
                assert!(outcome.is_ok() || outcome == Err(true), "seed {seed}: a task panicked");
            }
            threads.into_iter().for_each(|thread| thread.join().unwrap());
            check(&world, seed, "pollster::block_on per thread");
        }
    }

    fn run_tokio(runtime: &tokio::runtime::Runtime, exact: bool, executor: &str) {
        quiet_refresh_panics();
        for seed in 0..ITERATIONS {
            let (world, tasks) = world(seed, exact);
            runtime.block_on(async {
                let mut set = tokio::task::JoinSet::new();
                tasks.into_iter().for_each(|task| drop(set.spawn(task)));
                let all = tokio::time::timeout(PATIENCE, async {
                    while let Some(joined) = set.join_next().await {
                        if let Err(error) = joined {
                            assert!(is_refresh_panic(&*error.into_panic()), "seed {seed}: a task panicked");
                        }
                    }
                });
                assert!(all.await.is_ok(), "seed {seed} on {executor}: a task is stuck");
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
