//! Real processes sharing one `FileStore`: the test binary runs itself again as each child
//! (`support/processes.rs`), against a token endpoint on loopback whose refresh tokens rotate
//! and whose family is revoked on reuse (`support/family.rs`). Expiry is driven by a shared
//! clock in a file, never waited for; only a lease (real time, as a stopped process's is) is
//! waited out, in the tests that stop a holder.

#[path = "support/family.rs"]
mod family;
#[path = "support/processes.rs"]
mod processes;
#[path = "support/scenarios.rs"]
mod scenarios;

mod file_store_processes {
    use std::future::Future;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use token_response::store::{FileStore, TokenStore};

    use super::family::{self, ClockFile, Endpoint, Tok};
    use super::processes::{self, Children, TASKS, child_env, run_child, wait_for};
    use super::scenarios::{self, LIFETIME, START, assert_clean};

    const LEASE: Duration = Duration::from_millis(800);

    /// In a child: runs the child's part on the store and exits. In the parent: runs `test`
    /// with a temporary directory, the shared clock and the endpoint.
    fn run<F: Future<Output = ()>>(
        name: &str,
        lease: Duration,
        grace: bool,
        test: impl FnOnce(PathBuf, Arc<ClockFile>, Endpoint) -> F,
    ) {
        if let Some(env) = child_env() {
            let path = env.dir.join("token.json");
            run_child(&env, move || FileStore::new(path).with_lease_time(lease));
        }
        let dir = processes::temp_dir(name);
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async {
            let clock = Arc::new(ClockFile::create(dir.join("clock"), START).unwrap());
            let endpoint = Endpoint::start(&clock, LIFETIME, grace).unwrap();
            test(dir.clone(), clock, endpoint).await;
        });
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The token file as it is: its version and the generation of its token.
    fn stored(dir: &Path) -> (u64, u64) {
        let store = FileStore::new(dir.join("token.json"));
        let stored = pollster::block_on(TokenStore::<Tok>::load(&store)).unwrap().unwrap();
        (stored.version, family::generation(&stored.token))
    }

    #[test]
    fn eight_processes_refresh_once_per_expiry() {
        const TEST: &str = "file_store_processes::eight_processes_refresh_once_per_expiry";
        run("eight", LEASE, false, |dir, clock, endpoint| async move {
            let children = Children::new(TEST, endpoint.addr(), &dir, &[]);
            scenarios::eight_processes(children, &clock, &endpoint, || stored(&dir)).await;
        });
    }

    /// A holder stopped after it read the stored token and before its request: when it wakes,
    /// its lease has gone to another process, which refreshed; it makes no request of its own
    /// (the refresh token it read is spent) and takes the stored token.
    #[test]
    fn holder_stopped_before_its_request_makes_none() {
        const TEST: &str = "file_store_processes::holder_stopped_before_its_request_makes_none";
        run("stopped-renew", LEASE, false, |dir, clock, endpoint| async move {
            let children = Children::new(TEST, endpoint.addr(), &dir, &[]);
            scenarios::stopped_holder(children, &clock, &endpoint, "renew", LEASE, || stored(&dir)).await;
            let counts = endpoint.counts();
            // First grant, the refresh of the process that took over, one more cycle.
            assert_eq!((counts.calls, counts.grace_reuses), (3, 0), "{counts:?}");
        });
    }

    /// A holder stopped between the endpoint's answer and its commit: when it wakes, another
    /// process has stored a newer token; its commit is refused, it takes the stored token, and
    /// the file never holds its token. (The others spent the refresh token the stopped holder
    /// had spent too: this endpoint allows one reuse, as Auth0's reuse interval does; a strict
    /// one would revoke the family, which no store can prevent.)
    #[test]
    fn holder_stopped_before_its_commit_is_refused() {
        const TEST: &str = "file_store_processes::holder_stopped_before_its_commit_is_refused";
        run("stopped-commit", LEASE, true, |dir, clock, endpoint| async move {
            let children = Children::new(TEST, endpoint.addr(), &dir, &[]);
            scenarios::stopped_holder(children, &clock, &endpoint, "commit", LEASE, || stored(&dir)).await;
            let counts = endpoint.counts();
            // First grant, the stopped holder's refresh (never stored), the refresh of the
            // process that took over (one reuse), one more cycle.
            assert_eq!((counts.calls, counts.grace_reuses), (4, 1), "{counts:?}");
        });
    }

    /// A process killed (SIGKILL) between the endpoint's answer and its commit: the file holds
    /// the token before it, whole; the kernel frees the dead holder's lease at once (no wait for
    /// its 30 s deadline); the others and a new process go on. The token the endpoint issued to
    /// the dead process is the one loss: the next refresh presents the refresh token it had
    /// spent, which this endpoint takes once more (a strict one would refuse it).
    #[test]
    fn killed_before_its_commit_loses_only_its_answer() {
        const TEST: &str = "file_store_processes::killed_before_its_commit_loses_only_its_answer";
        let lease = Duration::from_secs(30);
        run("killed", lease, true, |dir, clock, endpoint| async move {
            let mut children = Children::new(TEST, endpoint.addr(), &dir, &[]);
            for i in 0..3 {
                children.spawn(&format!("p{i}"), &[]);
            }
            wait_for("every task to use the first token", || endpoint.seen_at_least("p", 1) == 3 * TASKS).await;
            let doomed = children.spawn("k", &[("TOKEN_STORE_AHEAD", "300"), ("TOKEN_STORE_PAUSE", "commit:wait")]);
            wait_for("the doomed one's tasks to use the first token", || endpoint.seen_at_least("k/", 1) == TASKS)
                .await;
            clock.advance(&endpoint, 250).unwrap();
            wait_for("the holder to reach its commit", || !endpoint.events("paused-at-commit").is_empty()).await;
            Children::signal(doomed, "-9");
            children.reap(doomed);
            assert_eq!(stored(&dir), (1, 1), "the file holds the old token, whole");
            assert_eq!(endpoint.generation(), 2, "the endpoint issued the lost token");
            let since = Instant::now();
            clock.advance(&endpoint, 300).unwrap();
            wait_for("the others to use a newer token", || endpoint.seen_at_least("p", 3) == 3 * TASKS).await;
            assert!(since.elapsed() < lease, "the dead holder's lease was freed by the kernel");
            children.spawn("n", &[]);
            wait_for("a new process to use the stored token", || endpoint.seen_at_least("n/", 3) == TASKS).await;
            clock.stop().unwrap();
            let summaries = children.finish();
            assert_clean(&summaries, &endpoint);
            let counts = endpoint.counts();
            assert_eq!((counts.calls, counts.grace_reuses), (3, 1), "{counts:?}");
            assert_eq!(stored(&dir), (2, 3));
        });
    }
}
