//! The token cache's fast path: `TokenCache::get()` on a fresh token, against the two caches
//! people write today, a `Mutex<Arc<T>>` (Go's `ReuseTokenSource` takes a mutex per call) and
//! an `RwLock<Arc<T>>`, each checking `needs_refresh_at(SystemTime::now())` and cloning the
//! `Arc` as `get()` does. On one thread, and on two threads at once (total throughput: each
//! iteration is one call on each thread).
//!
//! `cargo bench -p token-response-suite --bench cache` runs criterion. Two more modes of the built
//! binary, for a shared machine (BENCHMARKS.md):
//!
//! - `cache --interleaved <rounds>`: each round times every cache in turn, on one thread and on
//!   two, so that load on the machine falls on all of them alike; prints the best and the
//!   median round of each.
//! - `cache --instructions <token_cache|mutex|rwlock> <calls>`: that many calls on one thread
//!   and nothing else, to count instructions under callgrind (run it at two counts and divide
//!   the difference).

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::sync::{Arc, Barrier, Mutex, RwLock};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant, SystemTime};

use criterion::{BenchmarkGroup, Criterion, measurement::WallTime};
use token_response::TokenResponse;
use token_response::cache::TokenCache;

#[derive(TokenResponse)]
struct Tok {
    access_token: String,
    expires_in: u64,
    issued_at: SystemTime,
    refresh_token: Option<String>,
}

fn token() -> Tok {
    Tok {
        access_token: "ya29.a0AfB_byC-fresh-token".into(),
        expires_in: 3600,
        issued_at: SystemTime::now(),
        refresh_token: Some("1//0refresh".into()),
    }
}

/// The answer of a future that completes on its first poll, as `get()` on a fresh token does.
fn at_once<F: Future>(future: F) -> F::Output {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the token is fresh: get() answers at once"),
    }
}

/// The cached token while it is fresh: the fast path each cache below takes.
fn fresh(token: &Arc<Tok>) -> Option<Arc<Tok>> {
    (!token.needs_refresh_at(SystemTime::now())).then(|| token.clone())
}

trait Cache: Sync {
    fn get(&self) -> Option<Arc<Tok>>;
}

struct Cached(TokenCache<Tok, &'static str>);

impl Cache for Cached {
    fn get(&self) -> Option<Arc<Tok>> {
        at_once(self.0.get()).ok()
    }
}

struct MutexCache(Mutex<Arc<Tok>>);

impl Cache for MutexCache {
    fn get(&self) -> Option<Arc<Tok>> {
        let token = self.0.lock().ok()?;
        fresh(&token)
    }
}

struct RwLockCache(RwLock<Arc<Tok>>);

impl Cache for RwLockCache {
    fn get(&self) -> Option<Arc<Tok>> {
        let token = self.0.read().ok()?;
        fresh(&token)
    }
}

fn one_thread(group: &mut BenchmarkGroup<'_, WallTime>, name: &str, cache: &dyn Cache) {
    assert!(cache.get().is_some());
    group.bench_function(name, |b| b.iter(|| black_box(cache.get())));
}

/// Two threads calling `get()` at once: criterion's iteration is one call on each.
fn two_threads(group: &mut BenchmarkGroup<'_, WallTime>, name: &str, cache: &dyn Cache) {
    group.bench_function(name, |b| b.iter_custom(|iters| timed(cache, 2, iters)));
}

/// `iters` calls on each of `threads` threads, started together: the time until all are done.
fn timed(cache: &dyn Cache, threads: usize, iters: u64) -> Duration {
    let start = Barrier::new(threads + 1);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                start.wait();
                for _ in 0..iters {
                    black_box(cache.get());
                }
            });
        }
        start.wait();
        Instant::now()
    })
    .elapsed()
}

/// CPU time this process has used (user + system), from `/proc/self/stat` (Linux only).
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10)) // USER_HZ is 100 on Linux
}

fn interleaved(caches: &[(&str, &dyn Cache)], rounds: usize) {
    const ITERS: u64 = 200_000;
    for threads in [1, 2] {
        let (wall, cpu) = (Instant::now(), cpu_time());
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); caches.len()];
        for _ in 0..rounds {
            for ((_, cache), times) in caches.iter().zip(&mut times) {
                times.push(timed(*cache, threads, ITERS).as_nanos() as f64 / ITERS as f64);
            }
        }
        let parallel =
            cpu.zip(cpu_time()).map(|(before, after)| (after - before).as_secs_f64() / wall.elapsed().as_secs_f64());
        println!("{threads} thread(s), ns per iteration (one call on each thread), {rounds} rounds of {ITERS}:");
        for ((name, _), times) in caches.iter().zip(&mut times) {
            times.sort_by(f64::total_cmp);
            let (best, median) = (times[0], times[times.len() / 2]);
            let calls = threads as f64 * 1e3 / median;
            println!("  {name:12} best {best:6.1}  median {median:6.1}  ({calls:.1} M calls/s at the median)");
        }
        if let Some(parallel) = parallel {
            println!("  CPU time / wall time: {parallel:.2} (at most {threads}; less: other processes had the cores)");
        }
    }
}

fn main() {
    let cached = Cached(
        TokenCache::new(|_current: Option<Arc<Tok>>| async { Err::<Tok, &str>("the bench never refreshes") })
            .with_token(token()),
    );
    let mutex = MutexCache(Mutex::new(Arc::new(token())));
    let rwlock = RwLockCache(RwLock::new(Arc::new(token())));
    let caches: [(&str, &dyn Cache); 3] = [("token_cache", &cached), ("mutex", &mutex), ("rwlock", &rwlock)];

    let args: Vec<String> = std::env::args().collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[1..] {
        ["--interleaved", rounds] => return interleaved(&caches, rounds.parse().expect("a number of rounds")),
        ["--instructions", name, calls] => {
            let (_, cache) =
                caches.into_iter().find(|(known, _)| *known == name).expect("token_cache, mutex or rwlock");
            for _ in 0..calls.parse::<u64>().expect("a number of calls") {
                black_box(cache.get());
            }
            return;
        }
        _ => {}
    }

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();
    let mut group = c.benchmark_group("cache_get/1_thread");
    for (name, cache) in caches {
        one_thread(&mut group, name, cache);
    }
    group.finish();
    let mut group = c.benchmark_group("cache_get/2_threads");
    for (name, cache) in caches {
        two_threads(&mut group, name, cache);
    }
    group.finish();
    c.final_summary();
}
