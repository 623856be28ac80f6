//! The token cache through the facade, with derived tokens, on the executors the crate names
//! (tokio's current-thread and multi-thread runtimes, a plain `block_on`); its `tracing` events
//! are tested in `cache_tracing.rs`. The contract row by row is tested without an executor beside the cache, in
//! `token-core/src/cache/tests/` (which Miri runs: `scripts/miri.sh`); the loopback HTTP
//! scenarios are in `cache_http.rs`, the seeded stress test in `cache_stress.rs`.

#[path = "support/clock.rs"]
mod clock;

mod cache {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use serde::Deserialize;
    use token_response::TokenResponse;
    use token_response::cache::TokenCache;

    use super::clock::Clock;

    const START: u64 = 1_800_000_000;

    /// A token as Google sends it (a lifetime, no issue time), stamped by the client when the
    /// answer arrives.
    #[derive(Deserialize, TokenResponse)]
    #[token(debug)]
    struct Google {
        access_token: String,
        expires_in: u64,
        refresh_token: Option<String>,
        #[serde(default)]
        issued_at: Option<u64>,
    }

    /// A cache whose refresh takes `delay` of the test's clock and answers a Google-shaped body,
    /// stamped on arrival.
    fn google_cache(clock: &Clock, delay: u64, calls: &Arc<AtomicUsize>) -> TokenCache<Google, String> {
        let (endpoint_clock, calls) = (clock.clone(), calls.clone());
        TokenCache::new(move |_current: Option<Arc<Google>>| {
            let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
            let clock = endpoint_clock.clone();
            async move {
                clock.advance(delay); // the answer takes this long
                let body = format!(r#"{{"access_token":"at-{n}","expires_in":3600}}"#);
                let mut token = serde_json::from_str::<Google>(&body).map_err(|e| e.to_string())?;
                token.issued_at = Some(clock.secs());
                Ok(token)
            }
        })
        .with_clock(clock.reader())
    }

    #[test]
    fn a_derived_token_without_issue_time_is_dated_by_the_refresh_start() {
        let clock = Clock::new(START);
        let calls = Arc::new(AtomicUsize::new(0));
        let cache = google_cache(&clock, 30, &calls);
        let token = pollster::block_on(cache.get()).unwrap();
        assert_eq!(token.access_token(), "at-1");
        // Stamped 30 s after the refresh started, it would be fresh until START + 30 + 3540;
        // dated by the refresh's start, it is fresh until START + 3540.
        clock.advance(3600 - 60 - 30 - 1);
        assert!(Arc::ptr_eq(&pollster::block_on(cache.get()).unwrap(), &token));
        clock.advance(1);
        assert_eq!(pollster::block_on(cache.get()).unwrap().access_token(), "at-2");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    /// 200 callers at once on `runtime`: one refresh, the same token for all.
    fn one_refresh_for_all(runtime: tokio::runtime::Runtime) {
        let clock = Clock::new(START);
        let calls = Arc::new(AtomicUsize::new(0));
        let cache = Arc::new(google_cache(&clock, 0, &calls));
        runtime.block_on(async {
            let mut tasks = tokio::task::JoinSet::new();
            for _ in 0..200 {
                let cache = cache.clone();
                tasks.spawn(async move {
                    tokio::task::yield_now().await;
                    cache.get().await
                });
            }
            let tokens: Vec<_> = tasks.join_all().await.into_iter().map(Result::unwrap).collect();
            assert!(tokens.iter().all(|token| Arc::ptr_eq(token, &tokens[0])));
        });
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn tokio_current_thread_one_refresh_for_two_hundred_callers() {
        one_refresh_for_all(tokio::runtime::Builder::new_current_thread().build().unwrap());
    }

    #[test]
    fn tokio_multi_thread_one_refresh_for_two_hundred_callers() {
        one_refresh_for_all(tokio::runtime::Builder::new_multi_thread().worker_threads(2).build().unwrap());
    }

    #[test]
    fn block_on_per_thread_one_refresh_for_sixteen_threads() {
        let clock = Clock::new(START);
        let calls = Arc::new(AtomicUsize::new(0));
        let cache = Arc::new(google_cache(&clock, 0, &calls));
        let threads: Vec<_> = (0..16)
            .map(|_| {
                let cache = cache.clone();
                std::thread::spawn(move || pollster::block_on(cache.get()).unwrap())
            })
            .collect();
        let tokens: Vec<_> = threads.into_iter().map(|thread| thread.join().unwrap()).collect();
        assert!(tokens.iter().all(|token| Arc::ptr_eq(token, &tokens[0])));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn refresh_ahead_spawned_on_tokio_refreshes_ahead_and_ends_when_the_cache_is_dropped() {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
        let clock = Clock::new(START);
        let calls = Arc::new(AtomicUsize::new(0));
        let cache = Arc::new(google_cache(&clock, 0, &calls));
        runtime.block_on(async {
            cache.get().await.unwrap();
            let ticking = clock.clone();
            // A sleep that moves the test's clock and yields to the runtime.
            let ahead = tokio::spawn(cache.refresh_ahead(move |pause: Duration| {
                ticking.advance(pause.as_secs() + u64::from(pause.subsec_nanos() > 0));
                tokio::task::yield_now()
            }));
            while calls.load(Ordering::SeqCst) < 3 {
                tokio::task::yield_now().await;
            }
            // Every refresh came before the token stopped being fresh: get() never waited.
            assert!(!cache.current().unwrap().needs_refresh_at(clock.now()));
            drop(cache);
            tokio::time::timeout(Duration::from_secs(5), ahead).await.unwrap().unwrap();
        });
    }
}
