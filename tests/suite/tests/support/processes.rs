//! Real processes sharing a token store: the test binary runs itself again (the same test, with
//! `TOKEN_STORE_CHILD` set), and each child runs [`run_child`]: 50 tasks getting the token from a
//! `TokenCache` coordinated through the store, until the shared clock says `stop`. A task that
//! gets a newer token uses it once on the endpoint's resource, which records it. Each child
//! prints one `summary` line; the parent reads it.
//!
//! A child can be made to stop itself (SIGSTOP) or to wait to be killed, at a chosen call of
//! its store (`Pause`), so a test can freeze a lease holder at the worst places.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use token_response::cache::TokenCache;
use token_response::store::{self, Commit, Coordinator, StoreError, Stored, TokenStore};

use crate::family::{self, ClockReader, FetchError, Tok};

pub const TASKS: usize = 50;
/// How long the parent waits for something that should happen at once, before it fails.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// What a child is told through its environment.
pub struct ChildEnv {
    /// The child's name, used in the resource's records: `<name>/<task>`.
    pub name: String,
    pub addr: SocketAddr,
    /// The test's temporary directory (the clock file, the token file).
    pub dir: PathBuf,
    /// Seconds this child's clock runs ahead of the shared one.
    pub ahead: u64,
    /// Where to pause: `renew` or `commit` (the first call), and how: `stop` or `wait`.
    pub pause: Option<(String, String)>,
    /// The Redis server's URL, for the Redis tests.
    pub redis: Option<String>,
}

/// This process's role: `Some` in a child.
pub fn child_env() -> Option<ChildEnv> {
    let name = std::env::var("TOKEN_STORE_CHILD").ok()?;
    let var = |key: &str| std::env::var(key).ok();
    Some(ChildEnv {
        name,
        addr: var("TOKEN_STORE_ADDR")?.parse().ok()?,
        dir: var("TOKEN_STORE_DIR")?.into(),
        ahead: var("TOKEN_STORE_AHEAD").and_then(|a| a.parse().ok()).unwrap_or(0),
        pause: var("TOKEN_STORE_PAUSE").and_then(|p| p.split_once(':').map(|(a, b)| (a.to_owned(), b.to_owned()))),
        redis: var("TOKEN_STORE_REDIS"),
    })
}

/// A child: 50 tasks on a coordinated cache until the clock says stop; prints its summary and
/// exits.
pub fn run_child<S: TokenStore<Tok>>(env: &ChildEnv, store: impl FnOnce() -> S) -> ! {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let errors = Arc::new(AtomicUsize::new(0));
    let gets = Arc::new(AtomicUsize::new(0));
    runtime.block_on(async {
        let store = store();
        let clock = ClockReader::start(env.dir.join("clock"), env.ahead);
        let addr = env.addr;
        let store = Pause { store, env_pause: env.pause.clone(), addr, calls: AtomicUsize::new(0) };
        let coordinator = Arc::new(
            Coordinator::new(store, move |current: Option<Arc<Tok>>| family::fetch(addr, current))
                .with_clock(clock.reader()),
        );
        let cache =
            Arc::new(TokenCache::new(coordinator.refresh()).with_clock(clock.reader()).with_terminal(
                |e: &store::Error<FetchError>| e.refresh_error().is_some_and(FetchError::is_invalid_grant),
            ));
        let mut tasks = Vec::new();
        for task in 0..TASKS {
            let (cache, clock, errors, gets) = (cache.clone(), clock.clone(), errors.clone(), gets.clone());
            let who = format!("{}/{task}", env.name);
            tasks.push(tokio::spawn(async move {
                let mut last = 0;
                while !clock.stopped() {
                    gets.fetch_add(1, Ordering::Relaxed);
                    match cache.get().await {
                        Ok(token) if family::generation(&token) > last => {
                            last = family::generation(&token);
                            if !family::use_token(addr, &token, &who).await.unwrap_or(false) {
                                errors.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                        Ok(_) => {}
                        Err(e) => {
                            eprintln!("{who}: {e}");
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    tokio::time::sleep(Duration::from_millis(3)).await;
                }
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
    });
    println!("summary gets={} errors={}", gets.load(Ordering::Relaxed), errors.load(Ordering::Relaxed));
    std::process::exit(0)
}

/// The store, passing every call through, except that at the first call of the chosen kind it
/// tells the test and stops this process (`stop`: SIGSTOP, until the test sends SIGCONT) or
/// sleeps until the test kills it (`wait`).
struct Pause<S> {
    store: S,
    env_pause: Option<(String, String)>,
    addr: SocketAddr,
    calls: AtomicUsize,
}

impl<S> Pause<S> {
    async fn maybe(&self, at: &str) {
        let Some((point, how)) = &self.env_pause else { return };
        if point != at || self.calls.fetch_add(1, Ordering::SeqCst) != 0 {
            return;
        }
        family::report(self.addr, &format!("paused-at-{at}")).await.unwrap();
        if how == "stop" {
            // The stop lands a moment after `kill` exits: this thread sleeps meanwhile, so
            // that nothing runs past this point before the test sends SIGCONT.
            Command::new("kill").args(["-STOP", &std::process::id().to_string()]).status().unwrap();
            std::thread::sleep(Duration::from_millis(200));
        } else {
            std::thread::sleep(PATIENCE);
        }
    }
}

impl<S: TokenStore<Tok>> TokenStore<Tok> for Pause<S> {
    type Lease = S::Lease;

    async fn load(&self) -> Result<Option<Stored<Tok>>, StoreError> {
        self.store.load().await
    }

    async fn lease(&self) -> Result<S::Lease, StoreError> {
        self.store.lease().await
    }

    async fn renew(&self, lease: &S::Lease) -> Result<bool, StoreError> {
        self.maybe("renew").await;
        self.store.renew(lease).await
    }

    async fn commit(&self, lease: &S::Lease, expected: Option<u64>, token: &Tok) -> Result<Commit, StoreError> {
        self.maybe("commit").await;
        self.store.commit(lease, expected, token).await
    }

    async fn release(&self, lease: S::Lease) {
        self.store.release(lease).await
    }
}

/// The children of one test; dropping them kills those still running.
pub struct Children {
    test: &'static str,
    common: Vec<(String, String)>,
    running: Vec<(String, Child)>,
}

/// What a child printed at its end.
#[derive(Debug)]
pub struct Summary {
    pub name: String,
    pub gets: usize,
    pub errors: usize,
}

impl Children {
    /// Children of the test named `test` (its full path, as libtest filters it), told `addr`,
    /// `dir` and `extra` variables.
    pub fn new(test: &'static str, addr: SocketAddr, dir: &std::path::Path, extra: &[(&str, &str)]) -> Self {
        let mut common = vec![
            ("TOKEN_STORE_ADDR".to_owned(), addr.to_string()),
            ("TOKEN_STORE_DIR".to_owned(), dir.display().to_string()),
        ];
        common.extend(extra.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        Children { test, common, running: Vec::new() }
    }

    /// Starts a child named `name` with these variables besides the common ones; its pid.
    pub fn spawn(&mut self, name: &str, vars: &[(&str, &str)]) -> u32 {
        let child = Command::new(std::env::current_exe().unwrap())
            .args([self.test, "--exact", "--nocapture", "--test-threads=1"])
            .env("TOKEN_STORE_CHILD", name)
            .envs(self.common.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .envs(vars.iter().copied())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let pid = child.id();
        self.running.push((name.to_owned(), child));
        pid
    }

    /// Sends `signal` (`-STOP`, `-CONT`, `-9`) to `pid`.
    pub fn signal(pid: u32, signal: &str) {
        assert!(Command::new("kill").args([signal, &pid.to_string()]).status().unwrap().success());
    }

    /// Waits for the child `pid` to end (after a `kill -9`), without reading its summary.
    pub fn reap(&mut self, pid: u32) {
        if let Some(i) = self.running.iter().position(|(_, c)| c.id() == pid) {
            let (_, mut child) = self.running.remove(i);
            child.wait().unwrap();
        }
    }

    /// Waits for every child to end (the clock must say stop) and reads their summaries.
    pub fn finish(mut self) -> Vec<Summary> {
        let mut summaries = Vec::new();
        for (name, child) in std::mem::take(&mut self.running) {
            let output = child.wait_with_output().unwrap();
            assert!(output.status.success(), "{name} failed: {:?}", output.status);
            let text = String::from_utf8_lossy(&output.stdout);
            let line = text
                .lines()
                .find_map(|l| l.split_once("summary ").map(|(_, rest)| rest))
                .unwrap_or_else(|| panic!("{name}: {text}"));
            let field = |key: &str| {
                line.split_whitespace().find_map(|w| w.strip_prefix(key)).and_then(|v| v.parse().ok()).unwrap()
            };
            summaries.push(Summary { name, gets: field("gets="), errors: field("errors=") });
        }
        summaries
    }
}

impl Drop for Children {
    fn drop(&mut self) {
        for (_, child) in &mut self.running {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Waits (polling every 5 ms, at most [`PATIENCE`]) for `done`; panics naming `what`.
pub async fn wait_for(what: &str, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < PATIENCE, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Whether `pid` is stopped (state `T` in `/proc/<pid>/stat`).
pub fn is_stopped(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| stat.rsplit(')').next().map(|rest| rest.trim_start().starts_with('T')))
        .unwrap_or(false)
}

/// A fresh temporary directory for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("token-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
