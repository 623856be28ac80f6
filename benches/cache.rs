//! The token cache's fast path: `TokenCache::get()` on a fresh token, against the two caches
//! people write today, a `Mutex<Arc<T>>` (Go's `ReuseTokenSource` takes a mutex per call) and
//! an `RwLock<Arc<T>>`, each checking `needs_refresh_at(SystemTime::now())` and cloning the
//! `Arc` as `get()` does. On one thread, and on two threads at once (total throughput: each
//! iteration is one call on each thread).
//!
//! `cargo bench --bench cache --features cache`; the numbers are in BENCHMARKS.md.

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

struct Cached<F: token_response::cache::Refresh<Tok>>(TokenCache<Tok, F>);

impl<F: token_response::cache::Refresh<Tok>> Cache for Cached<F> {
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

/// Two threads calling `get()` `iters` times each, started together: the time until both are
/// done.
fn two_threads(group: &mut BenchmarkGroup<'_, WallTime>, name: &str, cache: &dyn Cache) {
    group.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let start = Barrier::new(3);
            std::thread::scope(|scope| {
                for _ in 0..2 {
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
        });
    });
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();
    let cached = Cached(
        TokenCache::new(|_current: Option<Arc<Tok>>| async { Err::<Tok, &str>("the bench never refreshes") })
            .with_token(token()),
    );
    let mutex = MutexCache(Mutex::new(Arc::new(token())));
    let rwlock = RwLockCache(RwLock::new(Arc::new(token())));
    let caches: [(&str, &dyn Cache); 3] = [("token_cache", &cached), ("mutex", &mutex), ("rwlock", &rwlock)];

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
