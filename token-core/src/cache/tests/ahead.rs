//! `refresh_ahead`, with a fake sleep that moves the test's clock.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use super::*;

/// Tokens of an hour: fresh until 600 s before their expiry (the leeway), so refreshed ahead
/// between 3000 s and 2700 s after issue (the jitter: 10 % of 3600 s, capped at 300 s).
const HOUR: u64 = 3600;

fn hour_token(n: usize, issued: u64) -> Reply {
    Reply::Token(Tok { expires_in: Some(secs(HOUR)), ..tok(&format!("at-{n}"), issued, Some(&format!("rt-{n}"))) })
}

/// A sleep that moves the clock by what it is asked (plus `extra` on the sleep numbered
/// `extra.0`), and once the clock reaches `stop` seconds (or after 100,000 sleeps: a loop),
/// pends until released.
struct Sleeper {
    clock: Clock,
    stop: u64,
    extra: (usize, Duration),
    slept: Mutex<Vec<Duration>>,
    released: Arc<AtomicBool>,
}

/// Ready at once, or once released.
struct FakeSleep(Option<Arc<AtomicBool>>);

impl Future for FakeSleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        match &self.0 {
            Some(released) if !released.load(Ordering::SeqCst) => Poll::Pending,
            _ => Poll::Ready(()),
        }
    }
}

impl Sleeper {
    fn new(clock: &Clock, stop: u64) -> Arc<Sleeper> {
        Arc::new(Sleeper {
            clock: clock.clone(),
            stop,
            extra: (usize::MAX, Duration::ZERO),
            slept: Mutex::default(),
            released: Arc::default(),
        })
    }

    fn sleep(&self, pause: Duration) -> FakeSleep {
        let mut slept = self.slept.lock().unwrap();
        if self.clock.secs() >= self.stop || slept.len() >= 100_000 {
            return FakeSleep(Some(self.released.clone()));
        }
        slept.push(pause);
        self.clock.advance(pause);
        if slept.len() == self.extra.0 {
            self.clock.advance(self.extra.1);
        }
        FakeSleep(None)
    }

    fn slept(&self) -> Vec<Duration> {
        self.slept.lock().unwrap().clone()
    }
}

/// Runs `cache.refresh_ahead` until the sleeper stops it; returns the future, still pending.
fn run(cache: &Arc<Cache>, sleeper: &Arc<Sleeper>) -> Caller<impl Future<Output = ()> + use<>> {
    let sleeper = sleeper.clone();
    let mut ahead = Caller::new(cache.refresh_ahead(move |pause| sleeper.sleep(pause)));
    ahead.pending();
    ahead
}

#[test]
fn refreshes_happen_before_any_caller_needs_one_with_jitter_drawn_anew_for_each_token() {
    let (endpoint, clock, cache) = setup();
    endpoint.auto(hour_token);
    let cache = Arc::new(cache.with_token(Tok { expires_in: Some(secs(HOUR)), ..tok("seed", START, Some("rt-0")) }));
    let sleeper = Sleeper::new(&clock, START + 12 * HOUR);
    let _ahead = run(&cache, &sleeper);

    let times = endpoint.times();
    assert!(times.len() >= 9, "{times:?}");
    let mut issued = START;
    let mut offsets = Vec::new();
    for time in &times {
        let offset = time - issued;
        assert!((2700..=3000).contains(&offset), "refreshed {offset} s after issue: {times:?}");
        offsets.push(offset);
        issued = *time;
    }
    offsets.sort_unstable();
    offsets.dedup();
    assert!(offsets.len() > 1, "a new draw for each token: {offsets:?}");
    assert!(sleeper.slept().iter().all(|pause| *pause <= secs(60)), "it sleeps at most 60 s at a time");
    // Every refresh presented the refresh token of the one before: one flight at a time.
    let presented = endpoint.presented();
    assert_eq!(presented[0].as_deref(), Some("rt-0"));
    for (n, token) in presented.iter().enumerate().skip(1) {
        assert_eq!(token.as_deref(), Some(format!("rt-{n}").as_str()));
    }
    // A caller never waited: the cached token was always fresh.
    assert_eq!(cache.current().unwrap().access, format!("at-{}", times.len()));
}

#[test]
fn it_reads_the_clock_after_every_sleep() {
    let (endpoint, clock, cache) = setup();
    endpoint.auto(hour_token);
    let cache = Arc::new(cache.with_token(Tok { expires_in: Some(secs(HOUR)), ..tok("seed", START, Some("rt-0")) }));
    // The machine is suspended during the first sleep, for 2690 s: the next look at the clock
    // finds the point near, and the refresh comes inside the stretch.
    let mut sleeper = Sleeper::new(&clock, START + 3000);
    Arc::get_mut(&mut sleeper).unwrap().extra = (1, Duration::from_secs(2690));
    let _ahead = run(&cache, &sleeper);
    // Had it slept on by its first reading, the refresh would come 2690 s late: expired.
    let times = endpoint.times();
    assert_eq!(times.len(), 1);
    assert!((START + 2700..START + 3000).contains(&times[0]), "{times:?}");
}

#[test]
fn it_ends_soon_after_the_cache_is_dropped() {
    let (_, clock, cache) = setup();
    let cache = Arc::new(cache.with_token(tok("seed", START, None)));
    let sleeper = Sleeper::new(&clock, START); // every sleep pends
    let mut ahead = run(&cache, &sleeper);
    drop(cache);
    ahead.pending(); // still asleep
    sleeper.released.store(true, Ordering::SeqCst);
    ahead.ready(); // its next wake finds the cache gone
}

#[test]
fn it_never_loops_on_a_short_or_stale_token() {
    // Stale: an expired token and an endpoint that is down. It calls nothing: `get` refreshes
    // such a token on demand.
    let (endpoint, clock, cache) = setup();
    endpoint.auto(|_, _| Reply::Error("503"));
    let cache = Arc::new(cache.with_token(tok("expired", START - 1000, Some("rt-0"))));
    let sleeper = Sleeper::new(&clock, START + HOUR);
    let _ahead = run(&cache, &sleeper);
    assert_eq!(endpoint.count(), 0);
    assert_eq!(sleeper.slept().len(), 60, "one turn a minute");

    // Short: every token the endpoint sends is already inside its refresh stretch (its clock is
    // 49 min 59 s behind): refreshed ahead once, then left to `get`.
    let (endpoint, clock, cache) = setup();
    endpoint.auto(|n, secs| hour_token(n, secs - 2999));
    let cache = Arc::new(cache.with_token(Tok { expires_in: Some(secs(HOUR)), ..tok("seed", START, Some("rt-0")) }));
    let sleeper = Sleeper::new(&clock, START + 2 * HOUR);
    let _ahead = run(&cache, &sleeper);
    assert!((1..=3).contains(&endpoint.count()), "{:?}", endpoint.times());
    assert!(sleeper.slept().len() <= 2 * 60 + 10, "{} turns", sleeper.slept().len());
}

#[test]
fn a_failing_refresh_ahead_is_retried_through_the_backoff_while_the_token_is_fresh() {
    let (endpoint, clock, cache) = setup();
    endpoint.auto(|_, _| Reply::Error("503"));
    let cache = Arc::new(cache.with_token(Tok { expires_in: Some(secs(HOUR)), ..tok("seed", START, Some("rt-0")) }));
    let sleeper = Sleeper::new(&clock, START + HOUR);
    let _ahead = run(&cache, &sleeper);
    let times = endpoint.times();
    let first = times[0] - START;
    assert!((2700..=3000).contains(&first));
    let gaps: Vec<u64> = times.windows(2).map(|pair| pair[1] - pair[0]).collect();
    assert!(gaps.iter().zip([1, 2, 4, 8, 16, 32, 60, 60, 60]).all(|(gap, step)| *gap == step), "{gaps:?}");
    assert!(times.iter().all(|time| *time < START + 3000), "only while the token is fresh: {times:?}");
}

#[test]
fn with_no_token_it_waits_for_one() {
    let (endpoint, clock, cache) = setup();
    endpoint.auto(hour_token);
    let cache = Arc::new(cache);
    let sleeper = Sleeper::new(&clock, START + 600);
    let _ahead = run(&cache, &sleeper);
    assert_eq!(endpoint.count(), 0);
}
