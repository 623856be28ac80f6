//! The multi-process scenarios every store must pass, run by `tests/file_store_processes.rs`
//! on a `FileStore` and by `token-redis/tests/redis_processes.rs` on Redis. Each takes the
//! test's children (none started yet), the shared clock, the endpoint, and a reader of what
//! the store holds: `(version, generation of the stored token)`.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use crate::family::{ClockFile, Endpoint};
use crate::processes::{Children, Summary, TASKS, is_stopped, wait_for};

/// Tokens of 600 s: a refresh is due 60 s before expiry.
pub const LIFETIME: u64 = 600;
pub const START: u64 = 1_800_000_000;

/// No child saw an error, every child worked, and the endpoint refused nothing.
pub fn assert_clean(summaries: &[Summary], endpoint: &Endpoint) {
    for s in summaries {
        assert_eq!(s.errors, 0, "{s:?}");
        assert!(s.gets > 0, "{s:?}");
    }
    let counts = endpoint.counts();
    assert_eq!((counts.invalid_grants, counts.revocations, counts.rejected), (0, 0, 0), "{counts:?}");
}

/// 8 processes of 50 tasks, a first grant and 5 expiry cycles: one endpoint call each.
pub async fn eight_processes(
    mut children: Children,
    clock: &ClockFile,
    endpoint: &Endpoint,
    stored: impl Fn() -> (u64, u64),
) {
    let started = Instant::now();
    for i in 0..8 {
        children.spawn(&format!("p{i}"), &[]);
    }
    wait_for("every task to use the first token", || endpoint.seen_at_least("p", 1) == 8 * TASKS).await;
    assert_eq!(endpoint.counts().calls, 1, "one first grant for 8 processes");
    for cycle in 1..=5 {
        clock.advance(endpoint, LIFETIME).unwrap();
        wait_for("every task to use the new token", || endpoint.seen_at_least("p", cycle + 1) == 8 * TASKS).await;
        assert_eq!(endpoint.counts().calls, cycle as usize + 1, "one refresh in cycle {cycle}");
    }
    clock.stop().unwrap();
    let summaries = children.finish();
    assert_eq!(summaries.len(), 8);
    assert_clean(&summaries, endpoint);
    assert_eq!(endpoint.counts().calls, 6);
    assert_eq!(stored(), (6, 6));
    eprintln!("8 processes x {TASKS} tasks, 5 expiry cycles: {:?}", started.elapsed());
}

/// Four processes, then one whose clock runs ahead, so it alone refreshes first and stops
/// (SIGSTOP) at `point` (`renew`: before its request; `commit`: after the answer); the
/// others' refresh comes after its `lease` has lapsed; then it is woken (SIGCONT) and must take
/// the stored token, storing nothing; then one more cycle for all.
pub async fn stopped_holder(
    mut children: Children,
    clock: &ClockFile,
    endpoint: &Endpoint,
    point: &str,
    lease: Duration,
    stored: impl Fn() -> (u64, u64),
) {
    for i in 0..4 {
        children.spawn(&format!("p{i}"), &[]);
    }
    wait_for("every task to use the first token", || endpoint.seen_at_least("p", 1) == 4 * TASKS).await;
    // Started after the first grant, so that the refresh it pauses in is a later one.
    let pause = format!("{point}:stop");
    let stopper = children.spawn("s", &[("TOKEN_STORE_AHEAD", "300"), ("TOKEN_STORE_PAUSE", &pause)]);
    wait_for("the stopper's tasks to use the first token", || endpoint.seen_at_least("s/", 1) == TASKS).await;
    clock.advance(endpoint, 250).unwrap(); // due for the stopper only
    let event = format!("paused-at-{point}");
    wait_for("the holder to stop", || !endpoint.events(&event).is_empty() && is_stopped(stopper)).await;
    tokio::time::sleep(lease + Duration::from_millis(200)).await; // its lease lapses (real time)
    let before = endpoint.generation();
    clock.advance(endpoint, 300).unwrap(); // due for the others
    wait_for("the others to use a newer token", || endpoint.seen_at_least("p", before + 1) == 4 * TASKS).await;
    assert!(is_stopped(stopper));
    let (version, generation) = stored();
    assert_eq!((version, generation), (2, before + 1), "the others' token is stored");
    Children::signal(stopper, "-CONT");
    wait_for("the woken holder to take the stored token", || endpoint.seen_at_least("s/", generation) == TASKS).await;
    assert_eq!(stored(), (2, generation), "the woken holder stored nothing");
    // Everyone goes on: one more cycle, one refresh.
    let calls = endpoint.counts().calls;
    clock.advance(endpoint, LIFETIME).unwrap();
    wait_for("every task to use the next token", || endpoint.seen_at_least("", generation + 1) == 5 * TASKS).await;
    assert_eq!(endpoint.counts().calls, calls + 1);
    clock.stop().unwrap();
    let summaries = children.finish();
    assert_clean(&summaries, endpoint);
}
