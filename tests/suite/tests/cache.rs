//! The token cache through the facade, with derived tokens, on the executors the crate names
//! (tokio's current-thread and multi-thread runtimes, a plain `block_on`), and its `tracing`
//! events. The contract row by row is tested without an executor beside the cache, in
//! `token-core/src/cache/tests/` (which Miri runs: `scripts/miri.sh`); the loopback HTTP
//! scenarios are in `cache_http.rs`, the seeded stress test in `cache_stress.rs`.

#[path = "support/clock.rs"]
mod clock;

mod cache {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use serde::Deserialize;
    use token_response::TokenResponse;
    use token_response::cache::{Error, TokenCache};

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

    /// What a `tracing` subscriber saw: each event's message, and its level, target and
    /// every field as text.
    #[derive(Default)]
    struct Seen(Mutex<Vec<(String, String)>>);

    #[derive(Default)]
    struct Text {
        message: String,
        all: String,
    }

    impl tracing::field::Visit for Text {
        fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
            if field.name() == "message" {
                self.message = format!("{value:?}");
            }
            self.all.push_str(&format!("{}={:?} ", field.name(), value));
        }
    }

    impl tracing::Subscriber for Seen {
        fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
            tracing::span::Id::from_u64(1)
        }
        fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
        fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
        fn event(&self, event: &tracing::Event<'_>) {
            let mut text =
                Text { all: format!("{} {} ", event.metadata().level(), event.metadata().target()), ..Text::default() };
            event.record(&mut text);
            self.0.lock().unwrap().push((text.message, text.all));
        }
        fn enter(&self, _: &tracing::span::Id) {}
        fn exit(&self, _: &tracing::span::Id) {}
    }

    #[test]
    fn tracing_one_event_per_start_success_failure_backoff_and_sign_out_never_a_token() {
        let clock = Clock::new(START);
        let replies = Arc::new(Mutex::new(vec![Err("invalid_grant"), Err("503"), Ok(())]));
        let reply = replies.clone();
        let cache = TokenCache::new(move |_current: Option<Arc<Google>>| {
            let next = reply.lock().unwrap().pop().unwrap();
            async move {
                next?;
                let body = r#"{"access_token":"s3cr3t-access","expires_in":100,"refresh_token":"s3cr3t-refresh"}"#;
                serde_json::from_str::<Google>(body).map_err(|_| "unreadable")
            }
        })
        .with_clock(clock.reader())
        .with_terminal(|error: &&str| *error == "invalid_grant");
        let seen = Arc::new(Seen::default());
        tracing::subscriber::with_default(seen.clone(), || {
            pollster::block_on(async {
                cache.get().await.unwrap(); // start, success
                clock.advance(100);
                assert!(matches!(cache.get().await, Err(Error::Refresh(_)))); // start, failure, backoff
                clock.advance(1);
                assert!(matches!(cache.get().await, Err(Error::SignedOut(_)))); // start, failure, sign-out
            });
        });
        let seen = seen.0.lock().unwrap();
        let kinds: Vec<&str> = seen.iter().map(|(message, _)| message.as_str()).collect();
        let events: Vec<&str> = seen.iter().map(|(_, all)| all.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "token refresh started",
                "token refresh succeeded",
                "token refresh started",
                "token refresh failed",
                "token refresh backing off",
                "token refresh started",
                "token refresh failed",
                "signed out: no token refresh until set or clear",
            ],
            "{events:#?}"
        );
        assert!(events.iter().all(|event| event.contains("token_response::cache")));
        assert!(events.iter().all(|event| !event.contains("s3cr3t")), "{events:#?}");
        assert!(events[4].contains("backoff_ms=1000"), "{events:#?}");
    }
}
