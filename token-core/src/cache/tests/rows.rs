//! One test (or a few) per row and sentence of the contract's "The token cache".

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::Duration;

use super::*;

/// The seconds since [`START`] at which the endpoint was called, and every answer, as the clock
/// moves one second at a time from `from` to `to` with `callers` callers each second; every
/// call is answered with `reply(second)`.
fn walk(
    endpoint: &Endpoint,
    clock: &Clock,
    cache: &Cache,
    (from, to): (u64, u64),
    callers: usize,
    reply: impl Fn(u64) -> Reply,
) -> (Vec<u64>, Vec<(u64, String)>) {
    let (mut calls, mut answers) = (Vec::new(), Vec::new());
    for second in from..=to {
        clock.0.store((START + second) * 1000, Ordering::SeqCst);
        for _ in 0..super::callers(callers) {
            let mut caller = Caller::new(cache.get());
            let answer = match caller.poll() {
                Poll::Ready(answer) => answer,
                Poll::Pending => {
                    calls.push(second);
                    endpoint.answer(reply(second));
                    caller.ready()
                }
            };
            answers.push((second, access(&answer)));
        }
    }
    (calls, answers)
}

/// The distinct answers of `walk`, each with the first second it was given.
fn changes(answers: &[(u64, String)]) -> Vec<(u64, String)> {
    let mut changes: Vec<(u64, String)> = Vec::new();
    for (second, answer) in answers {
        if changes.last().is_none_or(|(_, last)| last != answer) {
            changes.push((*second, answer.clone()));
        }
    }
    changes
}

// `TokenCache::new(refresh)`: an empty cache; `refresh(None)` for a first token.
#[test]
fn new_cache_is_empty_and_its_first_get_refreshes_from_none_once() {
    let (endpoint, _, cache) = setup();
    assert!(cache.current().is_none());
    assert_eq!(endpoint.count(), 0, "new calls nothing");
    assert_eq!(get_answered(&cache, &endpoint, Reply::Token(tok("at-1", START, Some("rt-1")))), "at-1");
    assert_eq!(access(&at_once(cache.get())), "at-1");
    assert_eq!(endpoint.presented(), [None]);
}

// `.with_token(token)`: seeds the cache; its refresh token is the first refresh's. Success:
// the new token inherits from the one it replaces.
#[test]
fn seeded_token_is_handed_out_while_fresh_and_its_refresh_token_is_presented_and_inherited() {
    let (endpoint, clock, cache) = setup();
    let cache = cache.with_token(tok("seed", START, Some("rt-0")));
    assert_eq!(access(&at_once(cache.get())), "seed");
    clock.advance(secs(50));
    assert_eq!(get_answered(&cache, &endpoint, Reply::Token(tok("at-1", START + 50, None))), "at-1");
    assert_eq!(endpoint.presented(), [Some("rt-0".into())]);
    assert_eq!(cache.current().unwrap().refresh.as_deref(), Some("rt-0"), "inherited");
}

// Fresh: `now + leeway <` the expiry, the leeway capped at half the lifetime; always when the
// expiry is unknown. `.with_clock`: every time is read from it.
#[test]
fn fresh_until_the_capped_leeway_before_the_expiry_by_the_injected_clock() {
    let (endpoint, clock, cache) = setup();
    let cache = cache.with_token(tok("seed", START, Some("rt-0")));
    clock.advance(Duration::from_millis(49_999));
    assert_eq!(access(&at_once(cache.get())), "seed");
    clock.advance(Duration::from_millis(1));
    Caller::new(cache.get()).pending();
    assert_eq!(endpoint.count(), 1);

    let (endpoint, clock, cache) = setup();
    let forever = Tok { issued_at: None, expires_in: None, ..tok("forever", START, None) };
    let cache = cache.with_token(forever);
    clock.advance(Duration::from_secs(10 * 365 * 86_400));
    assert_eq!(access(&at_once(cache.get())), "forever");
    assert_eq!(endpoint.count(), 0);
}

// The cache's expiry of a token a refresh returned: the earlier of `expires_at()` and the
// refresh's start + `expires_in()`.
#[test]
fn a_refreshed_token_is_dated_by_the_refresh_start_not_by_its_issue_or_receipt_time() {
    let (endpoint, clock, cache) = setup();
    let mut caller = Caller::new(cache.get());
    caller.pending();
    // The answer takes 5 s, and the token was stamped on receipt: issued 5 s after the start.
    clock.advance(secs(5));
    endpoint.answer(Reply::Token(tok("late", START + 5, Some("rt-1"))));
    assert_eq!(access(&caller.ready()), "late");
    clock.0.store((START + 50) * 1000 - 1, Ordering::SeqCst);
    assert_eq!(access(&at_once(cache.get())), "late");
    clock.advance(Duration::from_millis(1)); // 50 s after the start: no longer fresh
    Caller::new(cache.get()).pending();
    assert_eq!(endpoint.count(), 2);
}

#[test]
fn a_refreshed_token_with_a_lifetime_but_no_issue_time_still_expires() {
    let (endpoint, clock, cache) = setup();
    let no_issue = Tok { issued_at: None, ..tok("at-1", START, None) };
    assert_eq!(get_answered(&cache, &endpoint, Reply::Token(no_issue)), "at-1");
    clock.advance(secs(49));
    assert_eq!(access(&at_once(cache.get())), "at-1");
    clock.advance(SECOND);
    Caller::new(cache.get()).pending();
    assert_eq!(endpoint.count(), 2, "due 50 s after the refresh started");
}

// Live: `now + margin <` the expiry, margin 10 s capped at a quarter of the lifetime: past
// that the cache never hands the token out.
#[test]
fn a_failure_hands_out_the_live_token_until_its_margin_and_never_after() {
    let (endpoint, clock, cache) = setup();
    let cache = cache.with_token(tok("seed", START, Some("rt-0")));
    let (_, answers) = walk(&endpoint, &clock, &cache, (50, 95), 1, |_| Reply::Error("503"));
    assert_eq!(changes(&answers), [(50, "seed".into()), (90, "refresh error: 503".into())]);

    // A 20 s token: fresh for 10 s, live for 15 s (a margin of a quarter).
    let (endpoint, clock, cache) = setup();
    let short = Tok { expires_in: Some(secs(20)), ..tok("short", START, Some("rt-0")) };
    let cache = cache.with_token(short);
    let (_, answers) = walk(&endpoint, &clock, &cache, (0, 20), 1, |_| Reply::Error("503"));
    assert_eq!(changes(&answers), [(0, "short".into()), (15, "refresh error: 503".into())]);
}

// `.get()`: the outcome of the one refresh in flight, started if none is; every waiter gets
// the same `Arc<T>`.
#[test]
fn one_refresh_for_every_waiting_caller_and_the_same_token_for_all() {
    let (endpoint, _, cache) = setup();
    let mut callers: Vec<_> = (0..10).map(|_| Caller::new(cache.get())).collect();
    callers.iter_mut().for_each(Caller::pending);
    assert_eq!(endpoint.count(), 1);
    endpoint.answer(Reply::Token(tok("at-1", START, Some("rt-1"))));
    assert!(callers.iter().all(Caller::woken), "the answer wakes every waiter");
    let tokens: Vec<_> = callers.iter_mut().map(|caller| caller.ready().unwrap()).collect();
    assert!(tokens.iter().all(|token| Arc::ptr_eq(token, &tokens[0])));
    assert!(Arc::ptr_eq(&tokens[0], &cache.current().unwrap()));
}

// Failure, not terminal: every waiter gets `Error::Refresh` with the same `Arc<E>`, and so
// does every caller during the backoff.
#[test]
fn a_failure_goes_to_every_waiter_and_every_caller_of_the_backoff_as_the_same_error() {
    let (endpoint, clock, cache) = setup();
    let mut callers: Vec<_> = (0..3).map(|_| Caller::new(cache.get())).collect();
    callers.iter_mut().for_each(Caller::pending);
    endpoint.answer(Reply::Error("503"));
    let mut errors: Vec<_> = callers.iter_mut().map(|caller| caller.ready().unwrap_err()).collect();
    clock.advance(Duration::from_millis(999));
    errors.push(at_once(cache.get()).unwrap_err());
    let Error::Refresh(first) = &errors[0] else { panic!("a refresh error") };
    for error in &errors {
        assert!(matches!(error, Error::Refresh(e) if Arc::ptr_eq(e, first)));
    }
    assert_eq!(endpoint.count(), 1);
}

// Backoff, in every state: 1 s doubling to 60 s; the cached token ceasing to be live ends it
// once. No number of callers makes more than one call per step.
#[test]
fn backoff_doubles_to_sixty_seconds_and_the_end_of_liveness_ends_it_once() {
    let (endpoint, clock, cache) = setup();
    let cache = cache.with_token(tok("seed", START, Some("rt-0")));
    let (calls, answers) = walk(&endpoint, &clock, &cache, (50, 220), 5, |_| Reply::Error("503"));
    assert_eq!(calls, [50, 51, 53, 57, 65, 81, 90, 150, 210]);
    assert_eq!(changes(&answers), [(50, "seed".into()), (90, "refresh error: 503".into())]);
}

#[test]
fn with_no_token_a_thousand_callers_over_a_minute_make_at_most_seven_calls() {
    let (endpoint, clock, cache) = setup();
    let (calls, answers) = walk(&endpoint, &clock, &cache, (0, 60), 1000 / 61 + 1, |_| Reply::Error("503"));
    assert_eq!(calls, [0, 1, 3, 7, 15, 31]);
    assert!(answers.iter().all(|(_, answer)| answer == "refresh error: 503"));
}

#[test]
fn a_success_resets_the_backoff() {
    let (endpoint, clock, cache) = setup();
    let (calls, _) = walk(&endpoint, &clock, &cache, (0, 3), 1, |_| Reply::Error("503"));
    assert_eq!(calls, [0, 1, 3]);
    clock.advance(secs(4));
    assert_eq!(get_answered(&cache, &endpoint, Reply::Token(tok("at-1", START + 7, None))), "at-1");
    // Expired: the next failure backs off 1 s again, not 8 s.
    let (calls, _) = walk(&endpoint, &clock, &cache, (200, 202), 1, |_| Reply::Error("503"));
    assert_eq!(calls, [200, 201]);
}

#[test]
fn a_clock_jumping_back_never_stretches_a_backoff_past_one_step() {
    let (endpoint, clock, cache) = setup();
    assert_eq!(get_answered(&cache, &endpoint, Reply::Error("503")), "refresh error: 503");
    clock.back(Duration::from_secs(3600));
    assert_eq!(access(&at_once(cache.get())), "refresh error: 503", "still backing off");
    clock.advance(SECOND);
    Caller::new(cache.get()).pending();
    assert_eq!(endpoint.count(), 2);
}

// A new token that is not fresh when it arrives: not stored; `Error::Stale` for every waiter;
// a failure for the backoff.
#[test]
fn a_stale_token_is_an_error_for_every_waiter_and_is_backed_off() {
    let (endpoint, clock, cache) = setup();
    let cache = cache.with_token(tok("seed", START - 95, Some("rt-0"))); // no longer live
    let mut callers: Vec<_> = (0..3).map(|_| Caller::new(cache.get())).collect();
    callers.iter_mut().for_each(Caller::pending);
    // The endpoint's clock is 2 h behind: its token expired before it was sent.
    endpoint.answer(Reply::Token(tok("old", START - 7200, Some("rt-1"))));
    assert!(callers.iter_mut().all(|caller| matches!(caller.ready(), Err(Error::Stale))));
    assert_eq!(cache.current().unwrap().access, "seed", "not stored");
    let (calls, _) =
        walk(&endpoint, &clock, &cache, (0, 8), 10, |second| Reply::Token(tok("old", START + second - 7200, None)));
    assert_eq!(calls, [1, 3, 7], "one call per backoff step");
    // The stale token's refresh token is the newest (a rotating endpoint spent rt-0): the next
    // refreshes present it.
    assert_eq!(endpoint.presented()[..2], [Some("rt-0".into()), Some("rt-1".into())]);

    // A token whose lifetime is inside the leeway's reach at once is stale too.
    let (endpoint, _, cache) = setup();
    let instant = Tok { expires_in: Some(Duration::ZERO), ..tok("zero", START, None) };
    assert_eq!(get_answered(&cache, &endpoint, Reply::Token(instant)), "stale");
}

// Failure, terminal: signed out; the live token while live, then `SignedOut` at once; no more
// calls until `set` or `clear`.
#[test]
fn a_terminal_error_signs_out_after_one_call() {
    let (endpoint, clock, cache) = setup();
    let cache = cache.with_token(tok("seed", START, Some("rt-dead")));
    let (calls, answers) = walk(&endpoint, &clock, &cache, (50, 650), 3, |_| Reply::Error("invalid_grant"));
    assert_eq!(calls, [50]);
    assert_eq!(changes(&answers), [(50, "seed".into()), (90, "signed out: invalid_grant".into())]);
    let seed = cache.current().unwrap();
    let mut waiter = Caller::new(cache.get_after_rejection(&seed));
    assert!(matches!(waiter.ready(), Err(Error::SignedOut(_))));
    assert_eq!(endpoint.count(), 1);

    // `set` ends it.
    cache.set(tok("signed-in", START + 650, Some("rt-2")));
    assert_eq!(access(&at_once(cache.get())), "signed-in");
    clock.advance(secs(50));
    assert_eq!(get_answered(&cache, &endpoint, Reply::Token(tok("at-3", START + 700, None))), "at-3");
    assert_eq!(endpoint.presented().last().unwrap().as_deref(), Some("rt-2"));

    // `clear` ends it too, and the next refresh is from nothing.
    clock.advance(secs(50));
    // Signed out again, while the token is live: it is still handed out.
    assert_eq!(get_answered(&cache, &endpoint, Reply::Error("invalid_grant")), "at-3");
    assert!(format!("{cache:?}").contains("signed_out: true"));
    cache.clear();
    assert_eq!(get_answered(&cache, &endpoint, Reply::Token(tok("at-4", START + 750, None))), "at-4");
    assert_eq!(endpoint.presented().last().unwrap(), &None);
}

// Panic: it reaches the caller polling at that moment; every other waiter gets `Panicked`; the
// cache stays usable; a failure for the backoff.
#[test]
fn a_panicking_refresh_reaches_its_poller_only_and_is_backed_off() {
    let (endpoint, clock, cache) = setup();
    let mut first = Caller::new(cache.get());
    let mut second = Caller::new(cache.get());
    first.pending();
    second.pending();
    endpoint.answer(Reply::Panic);
    assert!(catch_unwind(AssertUnwindSafe(|| second.poll())).is_err(), "the poller gets the panic");
    assert!(matches!(first.ready(), Err(Error::Panicked)));
    assert!(matches!(at_once(cache.get()), Err(Error::Panicked)), "backing off");
    assert_eq!(endpoint.alive(), 0, "the panicked future was dropped");
    clock.advance(SECOND);
    assert_eq!(get_answered(&cache, &endpoint, Reply::Token(tok("at-1", START + 1, None))), "at-1");
    assert_eq!(endpoint.count(), 2);
}

#[test]
fn a_refresh_function_that_panics_when_called_is_a_panicked_refresh() {
    let clock = Clock::new();
    let calls = Arc::new(AtomicUsize::new(0));
    let (counter, reader) = (calls.clone(), clock.clone());
    let cache = TokenCache::new(move |_: Option<Arc<Tok>>| {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        assert!(n > 0, "the first call panics");
        std::future::ready(Ok::<_, &str>(tok("at", START + 1, None)))
    })
    .with_clock(move || reader.now());
    assert!(catch_unwind(AssertUnwindSafe(|| at_once(cache.get()))).is_err());
    assert!(matches!(at_once(cache.get()), Err(Error::Panicked)));
    clock.advance(SECOND);
    assert_eq!(at_once(cache.get()).unwrap().access, "at");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

// The refresh belongs to the cache: dropped callers leave it in flight; the next caller
// resumes it; it is never dropped and started again.
#[test]
fn a_refresh_whose_callers_all_left_is_resumed_by_the_next_caller() {
    let (endpoint, _, cache) = setup();
    let cache = cache.with_token(tok("seed", START - 60, Some("rt-0")));
    let mut impatient: Vec<_> = (0..5).map(|_| Caller::new(cache.get())).collect();
    impatient.iter_mut().for_each(Caller::pending);
    drop(impatient);
    assert_eq!(endpoint.alive(), 1, "the refresh is still in flight");
    // Its answer comes while nobody waits.
    endpoint.answer(Reply::Token(tok("at-1", START, Some("rt-1"))));
    let token = at_once(cache.get()).unwrap();
    assert_eq!(token.access, "at-1");
    assert_eq!(endpoint.presented(), [Some("rt-0".into())], "one call");
    assert_eq!(endpoint.alive(), 0);
}

#[test]
fn a_caller_that_is_never_polled_again_blocks_nobody() {
    let (endpoint, _, cache) = setup();
    let mut parked = Caller::new(cache.get());
    parked.pending(); // it started the refresh, and is never polled again
    let mut other = Caller::new(cache.get());
    other.pending();
    endpoint.answer(Reply::Token(tok("at-1", START, Some("rt-1"))));
    assert!(other.woken());
    assert_eq!(other.ready().unwrap().access, "at-1");
    assert_eq!(endpoint.count(), 1);
    assert_eq!(parked.ready().unwrap().access, "at-1", "and it gets the outcome when polled");
}

// `.with_refresh_timeout(d)`: a refresh in flight longer is given up by the next caller, who
// starts a new one; its outcome goes to its waiters; its token is not stored.
#[test]
fn a_stuck_refresh_is_given_up_after_the_timeout_and_its_late_outcome_goes_to_its_waiters() {
    let (endpoint, clock, cache) = setup();
    let cache = cache.with_refresh_timeout(Duration::from_secs(30));
    let long =
        |access: &str, issued: u64| Tok { expires_in: Some(Duration::from_secs(1000)), ..tok(access, issued, None) };
    let mut first = Caller::new(cache.get());
    first.pending();
    clock.advance(secs(29));
    let mut second = Caller::new(cache.get());
    second.pending();
    assert_eq!(endpoint.count(), 1, "not overdue yet");
    clock.advance(SECOND);
    let mut third = Caller::new(cache.get());
    third.pending();
    assert_eq!(endpoint.count(), 2, "overdue: given up, a new refresh");
    // The given-up refresh answers after all: its waiters take it, the cache does not.
    endpoint.answer(Reply::Token(long("given-up", START)));
    assert_eq!(first.ready().unwrap().access, "given-up");
    assert_eq!(second.ready().unwrap().access, "given-up");
    assert!(cache.current().is_none());
    third.pending();
    endpoint.answer(Reply::Token(long("new", START + 30)));
    assert_eq!(third.ready().unwrap().access, "new");
    assert_eq!(cache.current().unwrap().access, "new");
}

#[test]
fn a_refresh_that_never_resolves_is_replaced_once_per_timeout() {
    let (endpoint, clock, cache) = setup();
    let (calls, answers) = walk(&endpoint, &clock, &cache, (0, 0), 1, |_| Reply::Error("503"));
    assert_eq!((calls.len(), answers.len()), (1, 1));
    // From here on, calls never end.
    clock.advance(SECOND);
    let mut waiters = Vec::new();
    for _ in 0..300 {
        let mut caller = Caller::new(cache.get());
        caller.pending();
        waiters.push(caller);
        clock.advance(SECOND);
    }
    assert_eq!(endpoint.count(), 1 + 5, "one call per 60 s timeout over 300 s");
}

#[test]
fn a_clock_jumping_back_never_stretches_the_refresh_timeout() {
    let (endpoint, clock, cache) = setup();
    Caller::new(cache.get()).pending();
    clock.back(Duration::from_secs(3600));
    Caller::new(cache.get()).pending();
    clock.advance(Duration::from_secs(60));
    Caller::new(cache.get()).pending();
    assert_eq!(endpoint.count(), 2);
}

// `.set(token)`: a refresh in flight still completes for its waiters, but its token is not
// stored; `set` ends any backoff.
#[test]
fn set_during_a_refresh_keeps_the_set_token_and_the_waiters_get_the_refresh() {
    let (endpoint, clock, cache) = setup();
    let mut waiter = Caller::new(cache.get());
    waiter.pending();
    cache.set(tok("set", START, Some("rt-set")));
    assert_eq!(access(&at_once(cache.get())), "set");
    endpoint.answer(Reply::Token(tok("refreshed", START, Some("rt-1"))));
    assert_eq!(waiter.ready().unwrap().access, "refreshed");
    assert_eq!(cache.current().unwrap().access, "set");

    // A set token that is not fresh: a caller waits for the refresh in flight (no second
    // refresh beside it), then refreshes the set token.
    clock.advance(secs(50));
    let mut before = Caller::new(cache.get());
    before.pending();
    cache.set(tok("stale-set", START, Some("rt-stale-set")));
    let mut after = Caller::new(cache.get());
    after.pending();
    assert_eq!(endpoint.count(), 2);
    endpoint.answer(Reply::Token(tok("in-flight", START + 50, None)));
    assert_eq!(before.ready().unwrap().access, "in-flight");
    after.pending();
    assert_eq!(endpoint.presented().last().unwrap().as_deref(), Some("rt-stale-set"));
    endpoint.answer(Reply::Token(tok("from-set", START + 50, None)));
    assert_eq!(after.ready().unwrap().access, "from-set");
    assert_eq!(cache.current().unwrap().refresh.as_deref(), Some("rt-stale-set"));
}

#[test]
fn set_ends_a_backoff() {
    let (endpoint, clock, cache) = setup();
    assert_eq!(get_answered(&cache, &endpoint, Reply::Error("503")), "refresh error: 503");
    cache.set(tok("expired", START - 200, Some("rt-0")));
    clock.advance(Duration::from_millis(10));
    Caller::new(cache.get()).pending();
    assert_eq!(endpoint.count(), 2, "no backoff after set");
}

// `.clear()`: empties the cache; the next `get()` calls `refresh(None)`; ends any backoff.
#[test]
fn clear_empties_the_cache_and_ends_a_backoff() {
    let (endpoint, _, cache) = setup();
    let cache = cache.with_token(tok("seed", START - 95, Some("rt-0")));
    assert_eq!(get_answered(&cache, &endpoint, Reply::Error("503")), "refresh error: 503");
    cache.clear();
    assert!(cache.current().is_none());
    assert_eq!(get_answered(&cache, &endpoint, Reply::Token(tok("at-1", START, None))), "at-1");
    assert_eq!(endpoint.presented(), [Some("rt-0".into()), None]);
}

// `.get_after_rejection(&rejected)`.
#[test]
fn a_rejected_cached_token_is_refreshed_once_for_every_caller_that_reports_it() {
    let (endpoint, _, cache) = setup();
    let cache = cache.with_token(tok("seed", START, Some("rt-0")));
    let seed = cache.current().unwrap();
    let mut reporters: Vec<_> = (0..4).map(|_| Caller::new(cache.get_after_rejection(&seed))).collect();
    reporters.iter_mut().for_each(Caller::pending);
    assert!(matches!(Caller::new(cache.get()).poll(), Poll::Pending), "get() no longer hands it out");
    endpoint.answer(Reply::Token(tok("at-1", START, None)));
    let tokens: Vec<_> = reporters.iter_mut().map(|reporter| reporter.ready().unwrap()).collect();
    assert!(tokens.iter().all(|token| Arc::ptr_eq(token, &tokens[0]) && token.access == "at-1"));
    // A late reporter of the same token gets the new one, without a refresh.
    assert!(Arc::ptr_eq(&at_once(cache.get_after_rejection(&seed)).unwrap(), &tokens[0]));
    assert_eq!(endpoint.count(), 1);
}

#[test]
fn a_failed_refresh_after_a_rejection_is_an_error_and_the_rejected_token_is_not_handed_out() {
    let (endpoint, _, cache) = setup();
    let cache = cache.with_token(tok("seed", START, Some("rt-0")));
    let seed = cache.current().unwrap();
    let mut reporter = Caller::new(cache.get_after_rejection(&seed));
    reporter.pending();
    endpoint.answer(Reply::Error("503"));
    assert!(matches!(reporter.ready(), Err(Error::Refresh(_))));
    // Backing off: no call, the error, for both kinds of callers.
    assert!(matches!(at_once(cache.get_after_rejection(&seed)), Err(Error::Refresh(_))));
    assert!(matches!(at_once(cache.get()), Err(Error::Refresh(_))));
    assert_eq!(endpoint.count(), 1);
    assert!(Arc::ptr_eq(&cache.current().unwrap(), &seed), "current() still shows it");
}

#[test]
fn a_rejection_of_a_token_no_longer_cached_returns_the_cached_one() {
    let (endpoint, _, cache) = setup();
    let old = Arc::new(tok("old", START, None));
    let cache = cache.with_token(tok("newer", START, None));
    assert_eq!(at_once(cache.get_after_rejection(&old)).unwrap().access, "newer");
    assert_eq!(endpoint.count(), 0);
}

// `.current()`: the cached token as it is, without refreshing.
#[test]
fn current_never_refreshes() {
    let (endpoint, _, cache) = setup();
    let cache = cache.with_token(tok("expired", START - 1000, None));
    assert_eq!(cache.current().unwrap().access, "expired");
    assert_eq!(endpoint.count(), 0);
}

// `cache::Error<E>`.
#[test]
fn the_error_is_clone_and_says_what_happened_without_a_token() {
    let refused = Error::Refresh(Arc::new(std::io::Error::other("503")));
    let clone = refused.clone();
    assert!(matches!((&refused, &clone), (Error::Refresh(a), Error::Refresh(b)) if Arc::ptr_eq(a, b)));
    assert_eq!(refused.refresh_error().map(ToString::to_string).as_deref(), Some("503"));
    assert_eq!(std::error::Error::source(&refused).map(ToString::to_string).as_deref(), Some("503"));
    assert_eq!(refused.to_string(), "token refresh failed: 503");
    assert!(format!("{refused:?}").starts_with("Refresh("));
    let stale = Error::<std::io::Error>::Stale;
    assert!(stale.refresh_error().is_none() && std::error::Error::source(&stale).is_none());
    assert_eq!(format!("{:?}", Error::<&str>::Panicked), "Panicked");
}

#[test]
fn debug_shows_the_state_but_never_the_token() {
    let (endpoint, _, cache) = setup();
    let cache = cache.with_token(tok("s3cr3t-access", START - 95, Some("s3cr3t-refresh")));
    assert_eq!(get_answered(&cache, &endpoint, Reply::Error("invalid_grant")), "signed out: invalid_grant");
    let shown = format!("{cache:?}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
    assert!(shown.contains("signed_out: true") && shown.contains("failures: 1"), "{shown}");
}
