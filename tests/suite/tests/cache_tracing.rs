//! The token cache's `tracing` events (feature `tracing`), seen by a subscriber of the test's own.
//!
//! Alone in its test binary: `tracing` caches whether a call site is enabled, and a test on
//! another thread that reaches a call site first, with no subscriber, can have it cached as
//! disabled while this test's subscriber is being registered (a race in `tracing-core`), which
//! would hide that event from this test one run in a few.

#[path = "support/clock.rs"]
mod clock;

mod cache_tracing {
    use std::sync::{Arc, Mutex};

    use serde::Deserialize;
    use token_response::TokenResponse;
    use token_response::cache::{Error, TokenCache};

    use super::clock::Clock;

    const START: u64 = 1_800_000_000;

    /// A token as Google sends it (a lifetime, no issue time).
    #[derive(Deserialize, TokenResponse)]
    #[token(debug)]
    struct Google {
        access_token: String,
        expires_in: u64,
        refresh_token: Option<String>,
        #[serde(default)]
        issued_at: Option<u64>,
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
