//! Real processes sharing one `FileStore`: the test binary runs itself again as each child
//! (`support/processes.rs`), against a token endpoint on loopback whose refresh tokens rotate
//! and whose family is revoked on reuse (`support/family.rs`). Expiry is driven by a shared
//! clock in a file, never waited for; only the lease (real time, as a stopped process's is)
//! is waited out, in the test that stops a holder.

#[path = "support/family.rs"]
mod family;
#[path = "support/processes.rs"]
mod processes;

mod file_store_processes {
    use std::future::Future;
    use std::path::PathBuf;
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use token_response::store::{FileStore, TokenStore};

    use super::family::{self, ClockFile, Endpoint, Tok};
    use super::processes::{self, ChildEnv, Children, TASKS, child_env, is_stopped, run_child, wait_for};

    const START: u64 = 1_800_000_000;
    /// Tokens of 600 s: a refresh is due 60 s before expiry.
    const LIFETIME: u64 = 600;
    const LEASE: Duration = Duration::from_millis(800);

    fn store(env: &ChildEnv, lease: Duration) -> FileStore {
        FileStore::new(env.dir.join("token.json")).with_lease_time(lease)
    }

    /// In a child: runs the child's part and exits. In the parent: runs `test` with a temporary
    /// directory, the shared clock and the endpoint.
    fn run<F: Future<Output = ()>>(
        name: &str,
        lease: Duration,
        grace: bool,
        test: impl FnOnce(PathBuf, Arc<ClockFile>, Endpoint) -> F,
    ) {
        if let Some(env) = child_env() {
            let store = store(&env, lease);
            run_child(&env, store);
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
    fn stored(dir: &std::path::Path) -> (u64, u64) {
        let store = FileStore::new(dir.join("token.json"));
        let stored = pollster::block_on(TokenStore::<Tok>::load(&store)).unwrap().unwrap();
        (stored.version, family::generation(&stored.token))
    }

    fn assert_clean(summaries: &[processes::Summary], endpoint: &Endpoint) {
        for s in summaries {
            assert_eq!(s.errors, 0, "{s:?}");
            assert!(s.gets > 0, "{s:?}");
        }
        let counts = endpoint.counts();
        assert_eq!((counts.invalid_grants, counts.revocations, counts.rejected), (0, 0, 0), "{counts:?}");
    }

    #[test]
    fn eight_processes_refresh_once_per_expiry() {
        const TEST: &str = "file_store_processes::eight_processes_refresh_once_per_expiry";
        run("eight", LEASE, false, |dir, clock, endpoint| async move {
            let started = Instant::now();
            let mut children = Children::new(TEST, endpoint.addr(), &dir, &[]);
            for i in 0..8 {
                children.spawn(&format!("p{i}"), &[]);
            }
            wait_for("every task to use the first token", || endpoint.seen_at_least("p", 1) == 8 * TASKS).await;
            assert_eq!(endpoint.counts().calls, 1, "one first grant for 8 processes");
            for cycle in 1..=5 {
                clock.advance(&endpoint, LIFETIME).unwrap();
                wait_for("every task to use the new token", || endpoint.seen_at_least("p", cycle + 1) == 8 * TASKS)
                    .await;
                assert_eq!(endpoint.counts().calls, cycle as usize + 1, "one refresh in cycle {cycle}");
            }
            clock.stop().unwrap();
            let summaries = children.finish();
            assert_eq!(summaries.len(), 8);
            assert_clean(&summaries, &endpoint);
            assert_eq!(endpoint.counts().calls, 6);
            assert_eq!(stored(&dir), (6, 6));
            eprintln!("8 processes x {TASKS} tasks, 5 expiry cycles: {:?}", started.elapsed());
        });
    }

    /// A holder stopped after it read the stored token and before its request: when it wakes,
    /// its lease has gone to another process, which refreshed; it makes no request of its own
    /// (the refresh token it read is spent) and takes the stored token.
    #[test]
    fn holder_stopped_before_its_request_makes_none() {
        const TEST: &str = "file_store_processes::holder_stopped_before_its_request_makes_none";
        run("stopped-renew", LEASE, false, |dir, clock, endpoint| async move {
            stopped_holder(TEST, &dir, &clock, &endpoint, "renew").await;
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
            stopped_holder(TEST, &dir, &clock, &endpoint, "commit").await;
            let counts = endpoint.counts();
            // First grant, the stopped holder's refresh (never stored), the refresh of the
            // process that took over (one reuse), one more cycle.
            assert_eq!((counts.calls, counts.grace_reuses), (4, 1), "{counts:?}");
        });
    }

    /// Four processes and one whose clock runs ahead, so it alone refreshes first and stops at
    /// `point`; the others' refresh comes after its lease has lapsed.
    async fn stopped_holder(
        test: &'static str,
        dir: &std::path::Path,
        clock: &ClockFile,
        endpoint: &Endpoint,
        point: &str,
    ) {
        let mut children = Children::new(test, endpoint.addr(), dir, &[]);
        for i in 0..4 {
            children.spawn(&format!("p{i}"), &[]);
        }
        let pause = format!("{point}:stop");
        let stopper = children.spawn("s", &[("TOKEN_STORE_AHEAD", "300"), ("TOKEN_STORE_PAUSE", &pause)]);
        wait_for("every task to use the first token", || endpoint.seen_at_least("", 1) == 5 * TASKS).await;
        clock.advance(endpoint, 250).unwrap(); // due for the stopper only
        let event = format!("paused-at-{point}");
        wait_for("the holder to stop", || !endpoint.events(&event).is_empty() && is_stopped(stopper)).await;
        tokio::time::sleep(LEASE + Duration::from_millis(200)).await; // its lease lapses (real time)
        let before = endpoint.generation();
        clock.advance(endpoint, 300).unwrap(); // due for the others
        wait_for("the others to use a newer token", || endpoint.seen_at_least("p", before + 1) == 4 * TASKS).await;
        assert!(is_stopped(stopper));
        let (version, generation) = stored(dir);
        assert_eq!((version, generation), (2, before + 1), "the others' token is stored");
        Children::signal(stopper, "-CONT");
        wait_for("the woken holder to take the stored token", || endpoint.seen_at_least("s/", generation) == TASKS)
            .await;
        assert_eq!(stored(dir), (2, generation), "the woken holder stored nothing");
        // Everyone goes on: one more cycle, one refresh.
        let calls = endpoint.counts().calls;
        clock.advance(endpoint, LIFETIME).unwrap();
        wait_for("every task to use the next token", || endpoint.seen_at_least("", generation + 1) == 5 * TASKS).await;
        assert_eq!(endpoint.counts().calls, calls + 1);
        clock.stop().unwrap();
        let summaries = children.finish();
        assert_clean(&summaries, endpoint);
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
            let doomed = children.spawn("k", &[("TOKEN_STORE_AHEAD", "300"), ("TOKEN_STORE_PAUSE", "commit:wait")]);
            wait_for("every task to use the first token", || endpoint.seen_at_least("", 1) == 4 * TASKS).await;
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
