//! The allocation promise: every method but the header builders and `inherit` allocates nothing,
//! each header builder allocates once, and `inherit` only for the values it copies.
//!
//! A counting global allocator counts the allocations made on the current thread only, so the
//! test harness's other threads do not disturb the counts.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use token_response::{ReceivedAt, TokenResponse};

struct Counting;

thread_local! {
    /// Whether this thread is counting.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    /// Allocations (and reallocations) on this thread while counting.
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

fn count_one() {
    // `try_with`: the thread's locals may already be gone while it exits.
    let _ = COUNTING.try_with(|counting| {
        if counting.get() {
            let _ = COUNT.try_with(|count| count.set(count.get() + 1));
        }
    });
}

// SAFETY: every call is forwarded unchanged to the system allocator; the counting touches only
// `const`-initialised thread-locals of `Copy` types, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: the caller's contract for `alloc` is passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f`, returning its result and the allocations it made on this thread.
fn allocations<T>(f: impl FnOnce() -> T) -> (T, usize) {
    COUNT.with(|count| count.set(0));
    COUNTING.with(|counting| counting.set(true));
    let result = black_box(f());
    COUNTING.with(|counting| counting.set(false));
    (result, COUNT.with(Cell::get))
}

/// Asserts that `f` allocates nothing.
#[track_caller]
fn assert_no_allocation<T>(what: &str, f: impl FnOnce() -> T) {
    let (_, count) = allocations(f);
    assert_eq!(count, 0, "{what} allocated {count} times");
}

#[test]
fn the_counter_counts() {
    let (_, count) = allocations(|| String::from("x"));
    assert_eq!(count, 1);
    let (_, count) = allocations(|| (0..3).map(|n| n.to_string()).collect::<Vec<_>>());
    assert_eq!(count, 4);
    let (_, count) = allocations(|| 1 + 1);
    assert_eq!(count, 0);
}

#[derive(TokenResponse)]
struct Numbers {
    access_token: String,
    refresh_token: Option<String>,
    token_type: Option<String>,
    expires_in: u64,
    issued_at: i128,
    refresh_expires_in: f64,
    scope: String,
}

#[derive(TokenResponse)]
#[token(refresh_leeway = 120)]
struct Strings {
    access_token: Box<str>,
    refresh_token: String,
    token_type: String,
    expires_in: String,
    issued_at: String,
    expires_at: Option<String>,
    refresh_token_expires_in: String,
    #[token(delimiter = ",")]
    scope: String,
}

#[derive(TokenResponse)]
struct Lists {
    access_token: String,
    expires_in: std::time::Duration,
    #[serde(default)]
    #[token(issued_at)]
    received_at: ReceivedAt,
    scopes: Vec<String>,
}

fn tokens() -> Vec<Box<dyn TokenResponse>> {
    vec![
        Box::new(Numbers {
            access_token: "2YotnFZFEjr1zCsicMWpAA".into(),
            refresh_token: Some("tGzv3JOkF0XG5Qx2TlKWIA".into()),
            token_type: Some("bearer".into()),
            expires_in: 3600,
            issued_at: 1_700_000_000_000,
            refresh_expires_in: 86_400.5,
            scope: "  openid\temail  profile ".into(),
        }),
        Box::new(Strings {
            access_token: "00D!AQ4".into(),
            refresh_token: "r".into(),
            token_type: "DPoP".into(),
            expires_in: " 3599 ".into(),
            issued_at: "1278448384422".into(),
            expires_at: Some("1700000000.5".into()),
            refresh_token_expires_in: "15724800".into(),
            scope: "repo, gist,,user".into(),
        }),
        Box::new(Lists {
            access_token: "t".into(),
            expires_in: Duration::from_secs(60),
            received_at: ReceivedAt::now(),
            scopes: vec!["chat:read".into(), " ".into(), "chat:edit".into()],
        }),
    ]
}

#[test]
fn every_method_but_the_header_builders_allocates_nothing() {
    let now = SystemTime::now();
    let early = UNIX_EPOCH + Duration::from_secs(1);
    for t in tokens() {
        let t = t.as_ref();
        assert_no_allocation("access_token", || t.access_token().len());
        assert_no_allocation("refresh_token", || t.refresh_token().map(str::len));
        assert_no_allocation("token_type", || t.token_type().scheme().len());
        assert_no_allocation("expires_in", || t.expires_in());
        assert_no_allocation("issued_at", || t.issued_at());
        assert_no_allocation("absolute_expiry", || t.absolute_expiry());
        assert_no_allocation("expires_at", || t.expires_at());
        assert_no_allocation("refresh_expires_in", || t.refresh_expires_in());
        assert_no_allocation("refresh_expires_at", || t.refresh_expires_at());
        assert_no_allocation("refresh_leeway", || t.refresh_leeway());
        for when in [now, early] {
            assert_no_allocation("is_expired_at", || t.is_expired_at(when));
            assert_no_allocation("remaining_at", || t.remaining_at(when));
            assert_no_allocation("needs_refresh_at", || t.needs_refresh_at(when));
            assert_no_allocation("is_refresh_expired_at", || t.is_refresh_expired_at(when));
        }
        assert_no_allocation("is_expired", || t.is_expired());
        assert_no_allocation("remaining", || t.remaining());
        assert_no_allocation("needs_refresh", || t.needs_refresh());
        assert_no_allocation("is_refresh_expired", || t.is_refresh_expired());
        assert_no_allocation("scopes", || t.scopes().map(str::len).sum::<usize>());
        assert_no_allocation("scopes clone", || t.scopes().clone().count());
        assert_no_allocation("has_scope", || (t.has_scope("email"), t.has_scope("missing")));
        assert_no_allocation("has_scopes", || (t.has_scopes(&["repo", "user"]), t.has_scopes(&[])));
    }
}

#[test]
fn the_scope_iteration_really_ran() {
    // Guards the test above against counting a lazy iterator that was never driven.
    let tokens = tokens();
    let counts: Vec<usize> = tokens.iter().map(|t| t.scopes().count()).collect();
    assert_eq!(counts, [3, 3, 2]);
}

#[test]
fn each_header_builder_allocates_once() {
    for t in tokens() {
        let (header, count) = allocations(|| t.authorization_header());
        assert!(header.is_ok());
        assert_eq!(count, 1, "authorization_header");
        if t.token_type() == token_response::TokenType::Bearer {
            let (header, count) = allocations(|| t.bearer_header());
            assert!(header.is_ok());
            assert_eq!(count, 1, "bearer_header");
        }
    }
}

#[test]
fn a_refused_header_allocates_nothing() {
    let refused = Strings {
        access_token: "a b".into(),
        refresh_token: String::new(),
        token_type: "DPoP".into(),
        expires_in: String::new(),
        issued_at: String::new(),
        expires_at: None,
        refresh_token_expires_in: String::new(),
        scope: String::new(),
    };
    assert_no_allocation("bearer_header", || refused.bearer_header().unwrap_err());
    assert_no_allocation("authorization_header", || refused.authorization_header().unwrap_err());
    let not_bearer = Strings { access_token: "ab".into(), ..refused };
    assert_no_allocation("bearer_header", || not_bearer.bearer_header().unwrap_err());
}

/// With feature `http`, the `HeaderValue` takes over the header's one allocation.
#[cfg(feature = "http")]
#[test]
fn the_http_header_value_allocates_once() {
    for t in tokens() {
        let (value, count) = allocations(|| t.authorization_header_value());
        assert!(value.is_ok());
        assert_eq!(count, 1, "authorization_header_value");
    }
}

/// The copied roles in owned types (one allocation a copy) and shared ones (none).
#[derive(TokenResponse)]
struct Refreshed {
    access_token: String,
    refresh_token: Option<String>,
    refresh_expires_at: Option<String>,
    scope: Vec<String>,
    expires_in: u64,
}

fn refreshed(refresh_token: Option<&str>, refresh_expires_at: Option<&str>, scope: &[&str]) -> Refreshed {
    Refreshed {
        access_token: "new".into(),
        refresh_token: refresh_token.map(str::to_owned),
        refresh_expires_at: refresh_expires_at.map(str::to_owned),
        scope: scope.iter().map(|s| (*s).to_owned()).collect(),
        expires_in: 3600,
    }
}

#[derive(TokenResponse)]
struct Shared {
    access_token: std::sync::Arc<str>,
    refresh_token: Option<std::sync::Arc<str>>,
    refresh_expires_at: Option<u64>,
    scope: Option<std::rc::Rc<str>>,
}

#[test]
fn inherit_allocates_only_for_the_values_it_copies() {
    let previous = refreshed(Some("r1"), Some("2100-01-01T00:00:00Z"), &["read", "write"]);

    // Nothing to copy: nothing allocated.
    let mut t = refreshed(Some("r2"), None, &["read"]);
    assert_no_allocation("inherit copying nothing", || t.inherit(&previous));
    assert_eq!((t.refresh_token(), t.refresh_expires_at()), (Some("r2"), None));
    // The previous token has no refresh token, and the new scopes are not empty.
    let (mut t, bare) = (refreshed(None, None, &["read"]), refreshed(None, None, &[]));
    assert_no_allocation("inherit with nothing to keep", || t.inherit(&bare));

    // The refresh token and its expiry: one `String` each.
    let mut t = refreshed(None, None, &["read"]);
    let ((), count) = allocations(|| t.inherit(&previous));
    assert_eq!((count, t.refresh_token()), (2, Some("r1")));
    // The refresh token alone (the new token sent its expiry).
    let mut t = refreshed(None, Some("2099-01-01T00:00:00Z"), &["read"]);
    let ((), count) = allocations(|| t.inherit(&previous));
    assert_eq!(count, 1);
    // The scopes alone: the `Vec` and its two `String`s.
    let mut t = refreshed(Some("r2"), None, &[]);
    let ((), count) = allocations(|| t.inherit(&previous));
    assert_eq!((count, t.scopes().count()), (3, 2));
    // Everything.
    let mut t = refreshed(None, None, &[]);
    let ((), count) = allocations(|| t.inherit(&previous));
    assert_eq!(count, 5);

    // Shared strings are copied by their reference count.
    let shared = Shared {
        access_token: "old".into(),
        refresh_token: Some("r1".into()),
        refresh_expires_at: Some(4_102_444_800),
        scope: Some("read".into()),
    };
    let mut t = Shared { access_token: "new".into(), refresh_token: None, refresh_expires_at: None, scope: None };
    assert_no_allocation("inherit of shared strings", || t.inherit(&shared));
    assert_eq!((t.refresh_token(), t.scopes().count()), (Some("r1"), 1));
}
