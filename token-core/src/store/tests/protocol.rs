//! The protocol of the module documentation step by step, with two or three processes and every
//! interleaving decided by the test: the endpoint answers when told, futures are polled by hand.

use super::*;
use crate::cache::tests::{Caller, Reply, START, at_once, secs, tok};

fn setup() -> (Memory, Arc<Endpoint>, Clock) {
    let clock = Clock::new();
    (Memory::new(&clock), Arc::new(Endpoint::default()), clock)
}

fn token(access: &str, issued: u64, refresh: &str) -> Reply {
    Reply::Token(tok(access, issued, Some(refresh)))
}

/// The in-memory store keeps the promises the coordinator relies on, as `FileStore` does.
#[test]
fn the_store_in_memory_versions_compares_and_sets_and_wakes_waiters() {
    let (memory, _, clock) = setup();
    let first = at_once(memory.lease()).unwrap();
    let mut second = Caller::new(memory.lease());
    second.pending();
    let t = tok("at-1", START, None);
    assert_eq!(at_once(memory.commit(&first, Some(1), &t)).unwrap(), Commit::Refused, "no such version");
    assert_eq!(at_once(memory.commit(&first, None, &t)).unwrap(), Commit::Stored(1));
    assert_eq!(at_once(memory.commit(&first, None, &t)).unwrap(), Commit::Refused, "version 1 is stored");
    clock.advance(LEASE * 2);
    assert!(at_once(memory.renew(&first)).unwrap(), "lapsed, but nobody took it over: still its own");
    assert!(!second.woken());
    at_once(memory.release(first));
    assert!(second.woken(), "the waiter is woken when the holder lets go");
    let second = second.ready().unwrap();
    let late = Owner(1);
    assert!(!at_once(memory.renew(&late)).unwrap(), "the lease is another's");
    assert_eq!(at_once(memory.commit(&late, Some(1), &t)).unwrap(), Commit::Refused, "another holds the lease");
    clock.advance(LEASE + secs(1));
    assert_eq!(at_once(memory.commit(&late, Some(1), &t)).unwrap(), Commit::Stored(2), "its lease lapsed");
    at_once(memory.release(late));
    assert!(memory.leased(), "a stale release leaves the holder's record");
    at_once(memory.release(second));
    assert!(!memory.leased());
    memory.fail(Fails::Commits);
    let lease = at_once(memory.lease()).unwrap();
    assert_eq!(at_once(memory.commit(&lease, Some(2), &t)).unwrap_err().kind(), StoreErrorKind::Unavailable);
    memory.fail(Fails::Everything);
    assert!(at_once(memory.load()).is_err());
    assert_eq!(memory.history(), ["at-1", "at-1"]);
}

/// Step 1 and 2: a process that finds no fresh stored token takes the lease and refreshes;
/// another that arrives meanwhile waits for the lease, is woken when it is let go, and adopts
/// the stored token without calling the endpoint; a third that arrives after reads it at once.
#[test]
fn a_waiter_in_another_process_adopts_the_stored_token_without_refreshing() {
    let (memory, endpoint, _) = setup();
    let [a, b, c] = [(); 3].map(|()| process(&memory, &endpoint, Outage::FailClosed));
    let mut refreshing = Caller::new(a.get());
    refreshing.pending();
    let mut waiting = Caller::new(b.get());
    waiting.pending();
    assert_eq!(endpoint.count(), 1, "the second process waits for the lease, not for the endpoint");
    assert!(!waiting.woken());
    endpoint.answer(token("at-1", START, "rt-1"));
    assert_eq!(access(&refreshing.ready()), "at-1");
    assert!(waiting.woken(), "woken when the first process let go of the lease");
    assert!(!memory.leased());
    assert_eq!(access(&waiting.ready()), "at-1");
    assert_eq!(access(&at_once(c.get())), "at-1");
    assert_eq!((endpoint.count(), endpoint.presented()), (1, vec![None]));
    assert_eq!(memory.stored(), Some((1, "at-1".into())));
    assert_eq!(memory.shelf().leases, 2, "the third read the fresh token without the lease");
}

/// Step 3: the refresh presents the stored token (the newest), not the process's own, and the
/// new token inherits from it.
#[test]
fn a_refresh_presents_the_stored_refresh_token_and_inherits_from_it() {
    let (memory, endpoint, clock) = setup();
    memory.seed(tok("at-1", START, Some("rt-1")));
    let a = process(&memory, &endpoint, Outage::FailClosed).with_token(tok("at-0", START, Some("rt-0")));
    clock.advance(secs(60)); // neither token is fresh
    let mut refreshing = Caller::new(a.get());
    refreshing.pending();
    endpoint.answer(Reply::Token(tok("at-2", START + 60, None)));
    assert_eq!(access(&refreshing.ready()), "at-2");
    assert_eq!(endpoint.presented(), [Some("rt-1".into())]);
    assert_eq!(memory.stored(), Some((2, "at-2".into())));
    assert_eq!(memory.shelf().stored.as_ref().unwrap().token.refresh.as_deref(), Some("rt-1"), "inherited");
}

/// A stored token in its last seconds, fresh by its own leeway (none here) but inside the
/// cache's live margin (10 s), would reach the cache stale: it is refreshed, not adopted.
#[test]
fn a_stored_token_the_cache_would_find_stale_is_refreshed_not_adopted() {
    let (memory, endpoint, clock) = setup();
    let no_leeway =
        |access: &str, issued: u64, refresh: &str| Tok { leeway: secs(0), ..tok(access, issued, Some(refresh)) };
    memory.seed(no_leeway("at-1", START, "rt-1"));
    let b = process(&memory, &endpoint, Outage::FailClosed);
    clock.advance(secs(95)); // 5 s left
    let mut refreshing = Caller::new(b.get());
    refreshing.pending();
    endpoint.answer(Reply::Token(no_leeway("at-2", START + 95, "rt-2")));
    assert_eq!(access(&refreshing.ready()), "at-2");
    assert_eq!(endpoint.presented(), [Some("rt-1".into())]);
    assert_eq!(memory.stored(), Some((2, "at-2".into())));
}

/// With `at-0` stored and no longer fresh, A takes the lease and calls the endpoint, then is
/// stopped past its lease; B takes the lease over and calls the endpoint too. Both calls are
/// answered (A's with `at-a`, B's with `at-b`); neither caller has been polled since.
fn lapsed<'c>(
    clock: &Clock,
    endpoint: &Endpoint,
    [a, b]: [&'c Cache; 2],
) -> [Caller<impl Future<Output = Answer> + use<'c>>; 2] {
    clock.advance(secs(60));
    let mut stopped = Caller::new(a.get());
    stopped.pending(); // A holds the lease and waits for the endpoint
    clock.advance(LEASE + secs(1)); // A's lease lapses
    let mut winner = Caller::new(b.get());
    winner.pending(); // B took the lease over
    // B's request came after A's was sent: both present rt-0 (the module documentation's
    // first limit: no store can fence the authorization server).
    assert_eq!(endpoint.presented(), [Some("rt-0".into()), Some("rt-0".into())]);
    endpoint.answer(token("at-a", START + 60, "rt-a"));
    endpoint.answer(token("at-b", START + 91, "rt-b"));
    [stopped, winner]
}

/// The lease lapsed before A's commit: B took it over, refreshed and committed first. A's commit
/// is refused by the version, and A adopts B's token; A's own is never stored.
#[test]
fn a_holder_whose_lease_lapsed_is_refused_after_the_winner_commits_and_adopts_its_token() {
    let (memory, endpoint, clock) = setup();
    memory.seed(tok("at-0", START, Some("rt-0")));
    let [a, b] = [(); 2].map(|()| process(&memory, &endpoint, Outage::FailClosed));
    let [mut stopped, mut winner] = lapsed(&clock, &endpoint, [&a, &b]);
    assert_eq!(access(&winner.ready()), "at-b");
    assert_eq!(access(&stopped.ready()), "at-b", "A adopts the winner's token");
    assert_eq!(memory.stored(), Some((2, "at-b".into())));
    assert_eq!(memory.history(), ["at-0", "at-b"], "A's token is never stored");
    assert_eq!(a.current().unwrap().refresh.as_deref(), Some("rt-b"));
}

/// The same, but A's commit comes while B still holds the lease: refused by the lease, and the
/// stored token (the old one, not fresh) cannot be adopted, so A's refresh fails without
/// writing; once B has committed, A's next refresh adopts B's token without the endpoint.
#[test]
fn a_holder_whose_lease_lapsed_is_refused_while_the_new_holder_runs_and_never_overwrites() {
    let (memory, endpoint, clock) = setup();
    memory.seed(tok("at-0", START, Some("rt-0")));
    let [a, b] = [(); 2].map(|()| process(&memory, &endpoint, Outage::FailClosed));
    let [mut stopped, mut winner] = lapsed(&clock, &endpoint, [&a, &b]);
    assert_eq!(access(&stopped.ready()), "store: Refused");
    assert_eq!(memory.stored(), Some((1, "at-0".into())), "nothing written");
    assert_eq!(access(&winner.ready()), "at-b");
    clock.advance(secs(1)); // A's cache backs off for a second after the failure
    assert_eq!(access(&at_once(a.get())), "at-b");
    assert_eq!(endpoint.count(), 2);
    assert_eq!(memory.history(), ["at-0", "at-b"]);
}

/// `Outage::FailClosed`: a token the store could not take is kept with the lease, so another
/// process waits instead of spending the refresh token it replaced, and the next refresh commits
/// it before anything else, without calling the endpoint.
#[test]
fn fail_closed_keeps_a_token_the_store_could_not_take_and_commits_it_first() {
    let (memory, endpoint, clock) = setup();
    let [a, b] = [(); 2].map(|()| process(&memory, &endpoint, Outage::FailClosed));
    memory.fail(Fails::Commits);
    let mut refreshing = Caller::new(a.get());
    refreshing.pending();
    endpoint.answer(token("at-1", START, "rt-1"));
    assert_eq!(access(&refreshing.ready()), "store: Unavailable");
    assert!(memory.leased(), "the lease is kept with the token");
    let mut waiting = Caller::new(b.get());
    waiting.pending();
    memory.fail(Fails::Nothing);
    clock.advance(secs(1)); // past A's backoff
    assert_eq!(access(&at_once(a.get())), "at-1", "committed without the endpoint");
    assert!(waiting.woken());
    assert_eq!(access(&waiting.ready()), "at-1");
    assert_eq!((endpoint.count(), memory.stored()), (1, Some((1, "at-1".into()))));
}

/// `Outage::FailClosed` with a store that cannot be read: no refresh at all; the cache hands out
/// its live token, then the store's error.
#[test]
fn fail_closed_never_refreshes_while_the_store_cannot_be_read() {
    let (memory, endpoint, clock) = setup();
    let a = process(&memory, &endpoint, Outage::FailClosed).with_token(tok("at-0", START, Some("rt-0")));
    memory.fail(Fails::Everything);
    clock.advance(secs(60)); // not fresh, still live
    assert_eq!(access(&at_once(a.get())), "at-0");
    clock.advance(secs(31)); // no longer live
    assert_eq!(access(&at_once(a.get())), "store: Unavailable");
    assert_eq!(endpoint.count(), 0);
}

/// `Outage::RefreshLocally`: with the store down, the process refreshes from its own token and
/// keeps the result to itself; with commits failing, it refreshes under the lease, lets go of
/// the lease and keeps the result to itself.
#[test]
fn refresh_locally_refreshes_from_the_cache_token_and_stores_nothing() {
    let (memory, endpoint, clock) = setup();
    let a = process(&memory, &endpoint, Outage::RefreshLocally).with_token(tok("at-0", START, Some("rt-0")));
    memory.fail(Fails::Everything);
    clock.advance(secs(60));
    let mut local = Caller::new(a.get());
    local.pending();
    endpoint.answer(token("at-1", START + 60, "rt-1"));
    assert_eq!(access(&local.ready()), "at-1");
    assert_eq!(endpoint.presented(), [Some("rt-0".into())]);
    memory.fail(Fails::Commits);
    clock.advance(secs(60));
    let mut local = Caller::new(a.get());
    local.pending();
    endpoint.answer(token("at-2", START + 120, "rt-2"));
    assert_eq!(access(&local.ready()), "at-2");
    assert_eq!(endpoint.presented(), [Some("rt-0".into()), Some("rt-1".into())]);
    assert!(!memory.leased(), "the lease is let go");
    assert_eq!(memory.stored(), None);
    assert!(memory.history().is_empty());
}
