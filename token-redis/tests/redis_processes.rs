//! Real processes sharing a real `redis-server` (`support/server.rs`), against the suite's
//! rotating token endpoint (`tests/suite/tests/support/family.rs`): the test binary runs itself
//! again as each child (`support/processes.rs`, also the suite's). Expiry is driven by a
//! shared clock in a file, never waited for.

#[path = "../../tests/suite/tests/support/family.rs"]
mod family;
#[path = "../../tests/suite/tests/support/processes.rs"]
mod processes;
#[path = "../../tests/suite/tests/support/scenarios.rs"]
mod scenarios;
#[path = "support/server.rs"]
mod server;

mod redis_processes {
    use std::future::Future;
    use std::path::PathBuf;
    use std::sync::Arc;
    use std::time::Duration;

    use token_response_redis::{Credential, RedisStore};

    use super::family::{self, ClockFile, Endpoint, Tok};
    use super::processes::{self, Children, TASKS, child_env, run_child, wait_for};
    use super::scenarios::{self, LIFETIME, START, assert_clean};
    use super::server::RedisServer;

    const LEASE: Duration = Duration::from_millis(800);

    fn credential() -> Credential {
        Credential::new("http://127.0.0.1/", "test-client").subject("user-1").scopes(["read"])
    }

    /// In a child: runs the child's part on Redis and exits. In the parent: starts Redis and
    /// runs `test` with it, a temporary directory, the shared clock and the endpoint.
    fn run<F: Future<Output = ()>>(
        name: &str,
        grace: bool,
        test: impl FnOnce(PathBuf, RedisServer, Arc<ClockFile>, Endpoint) -> F,
    ) {
        if let Some(env) = child_env() {
            let url = env.redis.clone().unwrap();
            let lease =
                std::env::var("TOKEN_STORE_LEASE_MS").map_or(LEASE, |ms| Duration::from_millis(ms.parse().unwrap()));
            run_child(&env, move || {
                let client = redis::Client::open(url).unwrap();
                RedisStore::new(client, &credential()).unwrap().with_lease_time(lease).unwrap()
            });
        }
        let dir = processes::temp_dir(name);
        let server = RedisServer::start(dir.clone());
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async {
            let clock = Arc::new(ClockFile::create(dir.join("clock"), START).unwrap());
            let endpoint = Endpoint::start(&clock, LIFETIME, grace).unwrap();
            test(dir.clone(), server, clock, endpoint).await;
        });
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// What Redis holds: the version and the generation of the stored token.
    fn stored(server: &RedisServer) -> (u64, u64) {
        let key = "token-response:{http://127.0.0.1/|test-client|user-1|read}:token";
        let (version, token): (u64, Vec<u8>) =
            redis::cmd("HMGET").arg(key).arg("version").arg("token").query(&mut server.connection()).unwrap();
        let token: Tok = serde_json::from_slice(&token).unwrap();
        (version, family::generation(&token))
    }

    fn children(test: &'static str, dir: &std::path::Path, endpoint: &Endpoint, server: &RedisServer) -> Children {
        Children::new(test, endpoint.addr(), dir, &[("TOKEN_STORE_REDIS", &server.url())])
    }

    /// Children whose lease lasts longer than Redis takes to restart.
    fn patient_children(
        test: &'static str,
        dir: &std::path::Path,
        endpoint: &Endpoint,
        server: &RedisServer,
    ) -> Children {
        let url = server.url();
        Children::new(test, endpoint.addr(), dir, &[("TOKEN_STORE_REDIS", &url), ("TOKEN_STORE_LEASE_MS", "5000")])
    }

    #[test]
    fn eight_processes_refresh_once_per_expiry() {
        const TEST: &str = "redis_processes::eight_processes_refresh_once_per_expiry";
        run("redis-eight", false, |dir, server, clock, endpoint| async move {
            let children = children(TEST, &dir, &endpoint, &server);
            scenarios::eight_processes(children, &clock, &endpoint, || stored(&server)).await;
        });
    }

    /// A holder stopped (SIGSTOP) after it read the stored token and before its request: its
    /// key expires, another process takes the lease and refreshes; woken, the holder finds its
    /// lease gone, makes no request and takes the stored token.
    #[test]
    fn holder_stopped_before_its_request_makes_none() {
        const TEST: &str = "redis_processes::holder_stopped_before_its_request_makes_none";
        run("redis-stopped-renew", false, |dir, server, clock, endpoint| async move {
            let children = children(TEST, &dir, &endpoint, &server);
            scenarios::stopped_holder(children, &clock, &endpoint, "renew", LEASE, || stored(&server)).await;
            let counts = endpoint.counts();
            assert_eq!((counts.calls, counts.grace_reuses), (3, 0), "{counts:?}");
        });
    }

    /// A holder stopped between the endpoint's answer and its commit: the Lua compare-and-set
    /// refuses its commit (the version moved, the lease is another's), it takes the stored
    /// token. The endpoint allows one reuse, as the others spent the refresh token it had
    /// spent (a strict one would revoke the family: the limit no store can lift).
    #[test]
    fn holder_stopped_before_its_commit_is_refused() {
        const TEST: &str = "redis_processes::holder_stopped_before_its_commit_is_refused";
        run("redis-stopped-commit", true, |dir, server, clock, endpoint| async move {
            let children = children(TEST, &dir, &endpoint, &server);
            scenarios::stopped_holder(children, &clock, &endpoint, "commit", LEASE, || stored(&server)).await;
            let counts = endpoint.counts();
            assert_eq!((counts.calls, counts.grace_reuses), (4, 1), "{counts:?}");
        });
    }

    /// Redis stopped while a refresh is at the endpoint, and started again (with what it had
    /// written to its append-only file): callers keep the live token all along, the refresh's
    /// token is kept and committed when Redis is back, everyone takes it, and nobody calls the
    /// endpoint again.
    #[test]
    fn redis_restarted_mid_refresh() {
        const TEST: &str = "redis_processes::redis_restarted_mid_refresh";
        run("redis-restart", false, |dir, mut server, clock, endpoint| async move {
            let mut children = patient_children(TEST, &dir, &endpoint, &server);
            for i in 0..4 {
                children.spawn(&format!("p{i}"), &[]);
            }
            wait_for("every task to use the first token", || endpoint.seen_at_least("p", 1) == 4 * TASKS).await;
            endpoint.hold_next();
            // Due for a refresh (60 s before expiry), still live (10 s before).
            clock.advance(&endpoint, LIFETIME - 50).unwrap();
            wait_for("the refresh to reach the endpoint", || endpoint.held() == 1).await;
            server.stop();
            endpoint.release();
            // The refresh's commit fails; the callers get the live token (the children count
            // any error), until the backoff has passed and Redis is back.
            tokio::time::sleep(Duration::from_millis(300)).await;
            assert_eq!(endpoint.seen_at_least("p", 2), 0);
            server.restart();
            assert_eq!(stored(&server), (1, 1), "Redis kept the first token");
            // Time passes (2 s steps, the token still live): the backoffs end, the connection
            // managers reconnect.
            for _ in 0..15 {
                if endpoint.seen_at_least("p", 2) == 4 * TASKS {
                    break;
                }
                clock.advance(&endpoint, 2).unwrap();
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            wait_for("every task to use the refreshed token", || endpoint.seen_at_least("p", 2) == 4 * TASKS).await;
            assert_eq!(stored(&server), (2, 2), "the pending token was committed");
            clock.stop().unwrap();
            let summaries = children.finish();
            assert_clean(&summaries, &endpoint);
            assert_eq!(endpoint.counts().calls, 2, "{:?}", endpoint.counts());
        });
    }
}
