//! Many callers on many threads, in several processes sharing one store, across several
//! expiries: one call of the endpoint per expiry in all, counted.

use std::sync::Barrier;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::cache::tests::{Reply, callers, secs, tok};

/// Each expiry (the clock moved 60 s: the 100 s tokens are fresh for 50 s), every thread of
/// every process calls `get()` a few times at once. Whoever refreshes, the endpoint is called
/// once per expiry with the newest refresh token, every caller gets the new token, the store
/// takes each token once, and every cache ends on the newest.
#[test]
fn processes_sharing_a_store_refresh_once_per_expiry_in_all() {
    let (processes, threads, gets) = (callers(4), callers(3), callers(5));
    let expiries = if cfg!(miri) { 3 } else { 20 };
    let clock = Clock::new();
    let memory = Memory::new(&clock);
    let endpoint = Arc::new(Endpoint::default());
    endpoint.auto(|n, now| Reply::Token(tok(&format!("at-{n}"), now, Some(&format!("rt-{n}")))));
    let caches: Vec<_> = (0..processes).map(|_| Arc::new(process(&memory, &endpoint, Outage::FailClosed))).collect();
    let start = Arc::new(Barrier::new(processes * threads + 1));
    let (answers, wrong) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let workers: Vec<_> = caches
        .iter()
        .flat_map(|cache| (0..threads).map(move |_| Arc::clone(cache)))
        .map(|cache| {
            let (start, answers, wrong) = (start.clone(), answers.clone(), wrong.clone());
            thread::spawn(move || {
                for expiry in 1..=expiries {
                    start.wait();
                    for _ in 0..gets {
                        let answer = block_on(cache.get());
                        answers.fetch_add(1, Ordering::SeqCst);
                        if access(&answer) != format!("at-{expiry}") {
                            wrong.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                    start.wait();
                }
            })
        })
        .collect();
    for _ in 0..expiries {
        start.wait();
        start.wait();
        clock.advance(secs(60));
    }
    for worker in workers {
        worker.join().unwrap();
    }
    assert_eq!(answers.load(Ordering::SeqCst), processes * threads * gets * expiries);
    assert_eq!(wrong.load(Ordering::SeqCst), 0, "a caller got something else than that expiry's token");
    assert_eq!(endpoint.count(), expiries, "one call per expiry in all");
    let newest: Vec<_> = (0..expiries).map(|n| (n > 0).then(|| format!("rt-{n}"))).collect();
    assert_eq!(endpoint.presented(), newest, "each refresh token presented once, the newest each time");
    let stored: Vec<_> = (1..=expiries).map(|n| format!("at-{n}")).collect();
    assert_eq!(memory.history(), stored, "each token stored once, in order");
    assert_eq!(memory.stored(), Some((expiries as u64, format!("at-{expiries}"))));
    for cache in &caches {
        assert_eq!(cache.current().unwrap().access, format!("at-{expiries}"));
    }
}
