//! `FileStore` and the `Coordinator` in one process, on real files in a temporary directory,
//! under a plain `block_on` executor (no runtime): the file's format and mode, the
//! compare-and-set, unreadable files, waiters woken by the kernel, the fast path, and the
//! coordinator's choices (adopt a fresh stored token, refresh from the stored one, never adopt
//! a token whose expiry is unknown).

#[path = "support/clock.rs"]
mod clock;

mod file_store {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Barrier, Mutex};
    use std::time::{Duration, Instant};

    use pollster::block_on;
    use serde::{Deserialize, Serialize};
    use token_response::TokenResponse;
    use token_response::cache::TokenCache;
    use token_response::store::{Commit, Coordinator, FileStore, StoreError, StoreErrorKind, Stored, TokenStore};

    use super::clock::Clock;

    const START: u64 = 1_800_000_000;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TokenResponse)]
    struct Tok {
        access_token: String,
        refresh_token: Option<String>,
        expires_in: u64,
        issued_at: u64,
    }

    /// Generation `n`, issued at `issued_at`, for an hour.
    fn tok(n: u32, issued_at: u64) -> Tok {
        Tok {
            access_token: format!("at-{n}"),
            refresh_token: Some(format!("rt-secret-{n}")),
            expires_in: 3600,
            issued_at,
        }
    }

    fn dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("token-file-store-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn commit<T: Send + Sync + 'static>(store: &impl TokenStore<T>, expected: Option<u64>, token: &T) -> Commit {
        block_on(async {
            let lease = store.lease().await.unwrap();
            let commit = store.commit(&lease, expected, token).await.unwrap();
            store.release(lease).await;
            commit
        })
    }

    /// A refresh function that counts its calls, remembers the refresh token it was given,
    /// and answers generation `next`.
    #[derive(Clone, Default)]
    struct Endpoint {
        calls: Arc<AtomicUsize>,
        presented: Arc<Mutex<Vec<Option<String>>>>,
    }

    impl Endpoint {
        fn refresh(
            &self,
            clock: &Clock,
            next: u32,
        ) -> impl Fn(Option<Arc<Tok>>) -> std::future::Ready<Result<Tok, String>> + Send + Sync + 'static {
            let (endpoint, clock) = (self.clone(), clock.clone());
            move |current| {
                endpoint.calls.fetch_add(1, Ordering::SeqCst);
                endpoint.presented.lock().unwrap().push(current.and_then(|c| c.refresh_token.clone()));
                std::future::ready(Ok(tok(next, clock.secs())))
            }
        }

        fn calls(&self) -> usize {
            self.calls.load(Ordering::SeqCst)
        }
    }

    /// The store, counting the calls that reach it.
    struct Counting {
        store: FileStore,
        calls: AtomicUsize,
    }

    impl TokenStore<Tok> for Counting {
        type Lease = <FileStore as TokenStore<Tok>>::Lease;

        async fn load(&self) -> Result<Option<Stored<Tok>>, StoreError> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            self.store.load().await
        }
        async fn lease(&self) -> Result<Self::Lease, StoreError> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            TokenStore::<Tok>::lease(&self.store).await
        }
        async fn renew(&self, lease: &Self::Lease) -> Result<bool, StoreError> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            TokenStore::<Tok>::renew(&self.store, lease).await
        }
        async fn commit(&self, lease: &Self::Lease, expected: Option<u64>, token: &Tok) -> Result<Commit, StoreError> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            self.store.commit(lease, expected, token).await
        }
        async fn release(&self, lease: Self::Lease) {
            self.calls.fetch_add(1, Ordering::SeqCst);
            TokenStore::<Tok>::release(&self.store, lease).await
        }
    }

    #[test]
    fn the_file_is_versioned_json_written_whole_and_private() {
        let dir = dir("format");
        let store = FileStore::new(dir.join("token.json"));
        assert_eq!(commit(&store, None, &tok(1, START)), Commit::Stored(1));
        assert_eq!(commit(&store, Some(1), &tok(2, START)), Commit::Stored(2));
        let json: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("token.json")).unwrap()).unwrap();
        assert_eq!(json["version"], 2);
        assert!(json["updated_at"].as_u64().unwrap() > 1_700_000_000);
        assert_eq!(json["token"]["access_token"], "at-2");
        assert!(!dir.join(".token.json.tmp").exists(), "the temporary file was renamed");
        #[cfg(unix)]
        for name in ["token.json", "token.json.lock", "token.json.lease"] {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join(name)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{name}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_commit_from_a_stale_version_is_refused() {
        let dir = dir("cas");
        let store = FileStore::new(dir.join("token.json"));
        assert_eq!(commit(&store, None, &tok(1, START)), Commit::Stored(1));
        assert_eq!(commit(&store, None, &tok(9, START)), Commit::Refused);
        assert_eq!(commit(&store, Some(2), &tok(9, START)), Commit::Refused);
        let stored: Stored<Tok> = block_on(store.load()).unwrap().unwrap();
        assert_eq!((stored.version, stored.token), (1, tok(1, START)), "the winner's token stays");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_unreadable_file_is_an_error_never_no_token() {
        let dir = dir("unreadable");
        let path = dir.join("token.json");
        let store = FileStore::new(&path);
        let clock = Clock::new(START);
        let endpoint = Endpoint::default();
        let coordinator =
            Arc::new(Coordinator::new(store.clone(), endpoint.refresh(&clock, 1)).with_clock(clock.reader()));
        let cache = TokenCache::new(coordinator.refresh()).with_clock(clock.reader());
        for garbage in [
            &b"{\"version\": 1, \"token\": {\"access_token\": 7, \"refresh_token\": \"rt-secret-0\"}}"[..],
            b"{\"token\": {\"access_token\": \"at\", \"refresh_token\": \"rt-secret-0\"}}",
            b"rt-secret-0",
            b"",
        ] {
            std::fs::write(&path, garbage).unwrap();
            let e = block_on(TokenStore::<Tok>::load(&store)).unwrap_err();
            assert_eq!(e.kind(), StoreErrorKind::Unreadable);
            assert!(!e.to_string().contains("secret"), "{e}");
            let e = block_on(cache.get()).unwrap_err();
            assert!(!e.to_string().contains("secret"), "{e}");
            cache.clear();
        }
        assert_eq!(endpoint.calls(), 0, "no refresh over an unreadable file");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_fresh_token_is_served_without_touching_the_store() {
        let dir = dir("fast-path");
        let clock = Clock::new(START);
        let endpoint = Endpoint::default();
        let store = Counting { store: FileStore::new(dir.join("token.json")), calls: AtomicUsize::new(0) };
        let coordinator = Arc::new(Coordinator::new(store, endpoint.refresh(&clock, 1)).with_clock(clock.reader()));
        let cache = TokenCache::new(coordinator.refresh()).with_clock(clock.reader());
        assert_eq!(block_on(cache.get()).unwrap().access_token, "at-1");
        let calls = coordinator.store().calls.load(Ordering::SeqCst);
        assert!(calls > 0);
        for _ in 0..1000 {
            block_on(cache.get()).unwrap();
        }
        assert_eq!(coordinator.store().calls.load(Ordering::SeqCst), calls);
        assert_eq!(endpoint.calls(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Another process stored a fresh token: it is taken as it is, without a refresh.
    #[test]
    fn a_fresh_stored_token_is_adopted() {
        let dir = dir("adopt");
        let store = FileStore::new(dir.join("token.json"));
        let clock = Clock::new(START);
        assert_eq!(commit(&store, None, &tok(1, START)), Commit::Stored(1));
        let endpoint = Endpoint::default();
        let coordinator =
            Arc::new(Coordinator::new(store.clone(), endpoint.refresh(&clock, 9)).with_clock(clock.reader()));
        // At start: the stored token.
        let cache = TokenCache::new(coordinator.refresh()).with_clock(clock.reader());
        assert_eq!(block_on(cache.get()).unwrap().access_token, "at-1");
        // Due for a refresh; meanwhile another process refreshed.
        clock.advance(3600);
        assert_eq!(commit(&store, Some(1), &tok(2, clock.secs())), Commit::Stored(2));
        assert_eq!(block_on(cache.get()).unwrap().access_token, "at-2");
        assert_eq!(endpoint.calls(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The refresh presents the stored refresh token, never the one the cache kept (a process
    /// that refreshed with what it had read before it took the lock spent a dead one).
    #[test]
    fn a_refresh_starts_from_the_stored_token() {
        let dir = dir("from-stored");
        let store = FileStore::new(dir.join("token.json"));
        let clock = Clock::new(START);
        assert_eq!(commit(&store, None, &tok(2, START)), Commit::Stored(1));
        let endpoint = Endpoint::default();
        let coordinator =
            Arc::new(Coordinator::new(store.clone(), endpoint.refresh(&clock, 3)).with_clock(clock.reader()));
        let cache = TokenCache::new(coordinator.refresh()).with_clock(clock.reader()).with_token(tok(1, START));
        clock.advance(3600); // both expired
        assert_eq!(block_on(cache.get()).unwrap().access_token, "at-3");
        assert_eq!(*endpoint.presented.lock().unwrap(), [Some("rt-secret-2".to_owned())]);
        let stored: Stored<Tok> = block_on(store.load()).unwrap().unwrap();
        assert_eq!((stored.version, stored.token.access_token.as_str()), (2, "at-3"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A stored token with a lifetime and no issue time: another process cannot know when it
    /// expires, so it refreshes instead of trusting it.
    #[test]
    fn a_token_without_an_issue_time_is_never_adopted() {
        #[derive(Serialize, Deserialize, TokenResponse)]
        struct Undated {
            access_token: String,
            expires_in: u64,
        }
        let dir = dir("undated");
        let store = FileStore::new(dir.join("token.json"));
        let undated = |n: u32| Undated { access_token: format!("at-{n}"), expires_in: 3600 };
        assert_eq!(commit(&store, None, &undated(1)), Commit::Stored(1));
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        let refresh = move |_: Option<Arc<Undated>>| {
            counter.fetch_add(1, Ordering::SeqCst);
            std::future::ready(Ok::<_, String>(undated(2)))
        };
        let cache = TokenCache::new(Arc::new(Coordinator::new(store, refresh)).refresh());
        assert_eq!(block_on(cache.get()).unwrap().access_token, "at-2");
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A waiter for the lease is woken by the kernel when the holder lets go, long before the
    /// holder's 10 s lease would lapse; the holder keeps it past its lease time meanwhile.
    #[test]
    fn waiters_are_woken_when_the_lease_is_let_go() {
        let dir = dir("wake");
        let path = dir.join("token.json");
        let holder = FileStore::new(&path).with_lease_time(Duration::from_millis(300));
        let waiter = FileStore::new(&path).with_lease_time(Duration::from_secs(10));
        let lease = block_on(TokenStore::<Tok>::lease(&holder)).unwrap();
        let started = Instant::now();
        let waiting = std::thread::spawn(move || block_on(TokenStore::<Tok>::lease(&waiter)).map(drop));
        std::thread::sleep(Duration::from_millis(900)); // three lease times: extended
        assert!(!waiting.is_finished());
        assert!(block_on(TokenStore::<Tok>::renew(&holder, &lease)).unwrap());
        block_on(TokenStore::<Tok>::release(&holder, lease));
        waiting.join().unwrap().unwrap();
        assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Eight holders, each with a store of its own (so kernel locks of its own, as a process
    /// has), taking the lease `rounds` times and letting it go; each round when `start` lets
    /// all of them go (twice: to start, then once all are done), or at once. The longest any
    /// waited for the lease; an error if two held it at once or one could not take it (which
    /// never stops a holder from keeping to the rounds, so that no other waits forever).
    fn take_turns(
        path: &Path,
        lease_time: Duration,
        rounds: usize,
        start: Option<Arc<Barrier>>,
    ) -> Result<Duration, String> {
        let holders = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let store = FileStore::new(path).with_lease_time(lease_time);
                let (holders, start) = (holders.clone(), start.clone());
                std::thread::spawn(move || {
                    let wait = || {
                        if let Some(start) = &start {
                            start.wait();
                        }
                    };
                    let mut outcome = Ok(Duration::ZERO);
                    for _ in 0..rounds {
                        wait();
                        let asked = Instant::now();
                        match block_on(TokenStore::<Tok>::lease(&store)) {
                            Ok(lease) => {
                                outcome = outcome.map(|longest| longest.max(asked.elapsed()));
                                if holders.fetch_add(1, Ordering::SeqCst) != 0 {
                                    outcome = Err("two holders at once".to_owned());
                                }
                                std::thread::yield_now();
                                holders.fetch_sub(1, Ordering::SeqCst);
                                block_on(TokenStore::<Tok>::release(&store, lease));
                            }
                            Err(e) => outcome = Err(e.to_string()),
                        }
                        wait();
                    }
                    outcome
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).try_fold(Duration::ZERO, |a, b| Ok(a.max(b?)))
    }

    /// Every waiter gets the lease as soon as the holder before it lets go, never by waiting
    /// for the 5 s deadline of a lease that was let go long before (a process that took the
    /// lease without the kernel lock, while another had just been woken with it, made that
    /// one wait for its deadline, and all the others behind it).
    #[test]
    fn the_lease_goes_from_hand_to_hand() {
        let dir = dir("hand-to-hand");
        let lease_time = Duration::from_secs(5);
        let longest = take_turns(&dir.join("token.json"), lease_time, 40, None).unwrap();
        assert!(longest < lease_time / 2, "a waiter waited {longest:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The same, in rounds where all start at once after a lease let go so long before that
    /// its record lapsed: the first takes the lease with the kernel lock, and the others are
    /// woken when it lets go.
    #[test]
    fn a_lapsed_lease_goes_from_hand_to_hand() {
        let dir = dir("lapsed");
        let path = dir.join("token.json");
        let (lease_time, rounds) = (Duration::from_secs(5), 40);
        let brief = FileStore::new(&path).with_lease_time(Duration::from_millis(30));
        let start = Arc::new(Barrier::new(9));
        let turns = std::thread::scope(|scope| {
            let turns = scope.spawn(|| take_turns(&path, lease_time, rounds, Some(start.clone())));
            for _ in 0..rounds {
                let lease = block_on(TokenStore::<Tok>::lease(&brief)).unwrap();
                block_on(TokenStore::<Tok>::release(&brief, lease));
                std::thread::sleep(Duration::from_millis(40)); // its record lapses
                start.wait();
                start.wait();
            }
            turns.join().unwrap().unwrap()
        });
        assert!(turns < lease_time / 2, "a waiter waited {turns:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Whatever the file's directory, its companions sit beside it.
    #[test]
    fn a_relative_path_works() {
        assert_eq!(FileStore::new("token.json").path(), Path::new("token.json"));
    }
}
