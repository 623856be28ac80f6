//! A token kept fresh for any number of concurrent callers (cargo feature `cache`).
//!
//! [`TokenCache`] holds one token of any type that implements [`TokenResponse`] and hands it
//! out while it is fresh. When it is not, the cache calls your refresh function **once**,
//! however many callers are asking, and gives them all its outcome. You write the refresh
//! function (an HTTP request to your provider's token endpoint, with the current token's
//! refresh token); the cache decides when to call it, and what to do when it fails.
//!
//! ```
//! use std::sync::Arc;
//! use serde::Deserialize;
//! use token_response::{ErrorResponse, TokenOrError, TokenResponse};
//! use token_response::cache::TokenCache;
//!
//! #[derive(Deserialize, TokenResponse)]
//! struct MyToken {
//!     access_token: String,
//!     expires_in: u64,
//!     refresh_token: Option<String>,
//! }
//!
//! // Your HTTP client posting to the token endpoint: `grant_type=refresh_token` with
//! // `current`'s refresh token, or a first grant when `current` is `None`.
//! async fn post_token_request(current: Option<&MyToken>) -> String {
//!     # let _ = current;
//!     r#"{"access_token": "at-1", "expires_in": 3600, "refresh_token": "rt-1"}"#.into()
//! }
//!
//! let cache = TokenCache::new(|current: Option<Arc<MyToken>>| async move {
//!     let body = post_token_request(current.as_deref()).await;
//!     let reply: TokenOrError<MyToken> = serde_json::from_str(&body).map_err(|_| "unreadable reply")?;
//!     reply.into_result().map_err(|_: ErrorResponse| "refused")
//! });
//!
//! # pollster::block_on(async {
//! let token: Arc<MyToken> = cache.get().await?; // refreshes once, for every caller
//! assert_eq!(token.bearer_header().as_deref(), Ok("Bearer at-1"));
//! assert!(Arc::ptr_eq(&token, &cache.get().await?)); // fresh: no refresh
//! # Ok::<(), token_response::cache::Error<&str>>(())
//! # }).unwrap();
//! ```
//!
//! # When a token is fresh
//!
//! The cache dates every token it gets from a refresh by the moment that refresh **started**:
//! such a token expires at the earlier of its own [`expires_at`](TokenResponse::expires_at) and
//! that start + its [`expires_in`](TokenResponse::expires_in). So a token with a lifetime but no
//! issue time still expires, and neither network delay nor a server clock ahead of ours (nor a
//! receipt time stamped after the answer arrived) lengthens its life. A token you give the cache
//! ([`with_token`](TokenCache::with_token), [`set`](TokenCache::set)) expires at its own
//! `expires_at()`; one whose expiry is unknown is always fresh.
//!
//! A token is **fresh** until its refresh leeway before that expiry
//! (`#[token(refresh_leeway = ..)]`, 60 s by default, at most half its lifetime), and **live**
//! until a margin before it (10 s, at most a quarter of its lifetime). [`get`](TokenCache::get)
//! hands out a fresh token without refreshing, and the cache never hands out a token that is
//! not live, whatever happens.
//!
//! # What it does
//!
//! - **One refresh at a time.** Callers that find no fresh token wait for the one refresh in
//!   flight and all get its outcome: the same `Arc<T>`, or the same [`Error`]. With refresh
//!   tokens that rotate on every use, two refreshes at once would spend the same refresh token
//!   twice, and the provider would answer one with `invalid_grant`.
//! - **The refresh belongs to the cache, not to a caller.** The refresh future is kept by the
//!   cache, and every caller waiting for it drives it: it makes progress while any of them is
//!   polled. A caller that is cancelled (a timeout, a `select!`, an HTTP server dropping the
//!   handler of a client that hung up) leaves it running for the others; when every caller has
//!   gone, it stays where it was, and the next caller resumes it. So a refresh whose answer may
//!   still come is never dropped and started again, and a rotated refresh token is never lost.
//!   A caller that is never polled again blocks nobody.
//! - **A stuck refresh is replaced.** A refresh in flight longer than the refresh timeout
//!   ([`with_refresh_timeout`](TokenCache::with_refresh_timeout), 60 s by default) is given up
//!   by the next caller to arrive, who starts a new one. Its waiters still wait on it and take
//!   its outcome should it end; its token is not cached. A refresh parked because all its
//!   callers left may hold a connection: resumed late, it goes on where it stopped, and the
//!   HTTP client's own timeouts decide whether its answer still comes; the refresh timeout
//!   bounds how long the cache waits for it. Its token is dated by the refresh's start, so one
//!   resumed after that token would already need a refresh arrives stale ([`Error::Stale`]):
//!   it is not cached, but the next refresh starts from it, with its (rotated) refresh token.
//! - **The refresh token is kept.** Each new token [`inherit`](TokenResponse::inherit)s from
//!   the one passed to the refresh function, so a refresh response without a `refresh_token`
//!   (Google's) keeps the previous one, and one without a scope keeps the previous scopes.
//! - **A failure never takes a live token away, and nothing storms the endpoint.** After a
//!   failed refresh (an error, a token that arrived stale, a panic), callers get the cached
//!   token while it is live, else the error, and the refresh function is not called again
//!   before a backoff has passed: 1 s after the first failure in a row, doubling to at most
//!   60 s. The moment the cached token stops being live ends a backoff once, for one attempt.
//!   So however many callers ask, there is at most one call per backoff step.
//! - **A dead refresh token stops the refreshing.** With
//!   [`with_terminal`](TokenCache::with_terminal) you say which errors mean the refresh token is
//!   dead (`invalid_grant`). After one, the cache is signed out: callers get the cached token
//!   while it is live, then [`Error::SignedOut`] at once, and the refresh function is not
//!   called again until [`set`](TokenCache::set) (a token from a new sign-in) or
//!   [`clear`](TokenCache::clear).
//! - **A stale answer is an error, not a storm.** A refresh that returns a token that is not
//!   fresh when it arrives (a server clock hours behind, a lifetime in the wrong unit) is not
//!   cached; its callers get [`Error::Stale`], and it counts as a failure for the backoff. The
//!   next refresh is called with that token, whose refresh token is the newest.
//! - **A panicking refresh.** The panic reaches the caller that was polling the refresh; every
//!   other waiter gets [`Error::Panicked`]; the cache stays usable and backs off.
//! - **A rejected token is replaced once.** When a server answers 401,
//!   [`get_after_rejection`](TokenCache::get_after_rejection) refreshes if the rejected token is
//!   still the cached one, once for every caller that reports it.
//! - **Refreshing ahead.** [`refresh_ahead`](TokenCache::refresh_ahead) is a future to spawn on
//!   your runtime that refreshes the token before any caller needs it, at a random point
//!   (jitter) so that processes sharing a credential do not refresh together.
//! - **Any runtime, nothing spawned.** The refresh runs inside the futures of the callers that
//!   wait for it, on any executor (tested under tokio's current-thread and multi-thread
//!   runtimes and a plain `block_on`). No task, no timer: time is read from a clock you can
//!   replace ([`with_clock`](TokenCache::with_clock)).
//! - **The fast path takes no lock.** A fresh token is read from an atomically swapped `Arc`:
//!   concurrent callers do not queue behind each other.
//! - **Observable.** With the cargo feature `tracing`, one event per refresh start, success,
//!   failure, backoff and sign-out (target `token_response::cache`), never with a token in it.
//!
//! # What it does not do
//!
//! - **No persistence.** The new token lives in memory. To save it, do it in the refresh
//!   function, after calling `inherit` yourself so that the saved token keeps the refresh token
//!   (the cache's own `inherit` then copies nothing):
//!
//!   ```
//!   # use std::sync::{Arc, Mutex};
//!   # use serde::{Deserialize, Serialize};
//!   # use token_response::TokenResponse;
//!   # use token_response::cache::TokenCache;
//!   # #[derive(Deserialize, Serialize, TokenResponse)]
//!   # struct MyToken { access_token: String, refresh_token: Option<String> }
//!   # async fn fetch(_: Option<&MyToken>) -> Result<MyToken, String> { Ok(MyToken { access_token: "at-2".into(), refresh_token: None }) }
//!   let saved = Arc::new(Mutex::new(String::new())); // a file, a keyring, a database row
//!   let store = saved.clone();
//!   let cache = TokenCache::new(move |current: Option<Arc<MyToken>>| {
//!       let store = store.clone();
//!       async move {
//!           let mut new = fetch(current.as_deref()).await?;
//!           if let Some(current) = &current {
//!               new.inherit(current);
//!           }
//!           let json = serde_json::to_string(&new).map_err(|e| e.to_string())?;
//!           *store.lock().unwrap() = json;
//!           Ok::<_, String>(new)
//!       }
//!   })
//!   .with_token(MyToken { access_token: "at-1".into(), refresh_token: Some("rt-1".into()) });
//!   # pollster::block_on(async {
//!   # let first = cache.current().unwrap();
//!   # let new = cache.get_after_rejection(&first).await.unwrap();
//!   # assert_eq!(new.refresh_token(), Some("rt-1"));
//!   # });
//!   assert_eq!(*saved.lock().unwrap(), r#"{"access_token":"at-2","refresh_token":"rt-1"}"#);
//!   ```
//!
//! - **No retries inside a refresh**: a refresh is one call of your function; the backoff
//!   spaces the calls.
//! - **No refresh token expiry check.** A refresh token past its own expiry
//!   ([`refresh_expires_at`](TokenResponse::refresh_expires_at)) is still passed to your
//!   function, which can check `current.is_refresh_expired_at(now)` and sign in instead.
//! - **One process.** The single flight is per cache; processes sharing a refresh token must
//!   coordinate themselves (the jitter of `refresh_ahead` only spreads them).
//!
//! # How a call goes
//!
//! [`get`](TokenCache::get) reads the token without a lock and returns it while it is fresh.
//! Otherwise it takes the cache's lock and checks again, and then does one of: return the token
//! another caller has just cached; wait for the refresh in flight; return the live token or the
//! last error while the backoff runs or the cache is signed out; or start a refresh and wait for
//! it. Waiting means driving: each waiter polls the refresh when it is polled itself.

mod ahead;
mod entry;
mod error;
mod flight;
mod ledger;
#[cfg(test)]
pub(crate) mod tests;
mod trace;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::TokenResponse;
use entry::Entry;
#[cfg(feature = "store")]
pub(crate) use entry::fresh_on_arrival;
pub use error::Error;
use flight::{Outcome, Wait};
use ledger::{Ask, Cached, Step};
use trace::Note;

/// The refresh function's future, boxed: the cache's type names neither.
type RefreshFuture<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

/// The refresh function, boxed.
type RefreshFn<T, E> = Box<dyn Fn(Option<Arc<T>>) -> RefreshFuture<T, E> + Send + Sync>;

/// How long a refresh may stay in flight before a caller may replace it, by default.
const DEFAULT_REFRESH_TIMEOUT: Duration = Duration::from_secs(60);

/// One token, refreshed once for any number of concurrent callers. See the [module](self) for
/// what it does and does not do.
///
/// `T` is the token, `E` the refresh function's error: the cache's type names no function, so
/// it fits in a struct field. `TokenCache` is `Send + Sync`: share it by reference or in an `Arc`.
///
/// ```
/// use std::sync::Arc;
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use std::time::SystemTime;
/// use token_response::TokenResponse;
/// use token_response::cache::TokenCache;
///
/// #[derive(TokenResponse)]
/// struct MyToken { access_token: String, expires_in: u64, issued_at: SystemTime }
///
/// struct Client {
///     tokens: TokenCache<MyToken, String>,
/// }
///
/// static CALLS: AtomicUsize = AtomicUsize::new(0);
/// let client = Arc::new(Client {
///     tokens: TokenCache::new(|_current: Option<Arc<MyToken>>| async {
///         CALLS.fetch_add(1, Ordering::SeqCst);
///         Ok::<_, String>(MyToken { access_token: "at".into(), expires_in: 3600, issued_at: SystemTime::now() })
///     }),
/// });
///
/// // Eight threads, each with its own `block_on`, ask at once.
/// let callers: Vec<_> = (0..8)
///     .map(|_| {
///         let client = client.clone();
///         std::thread::spawn(move || pollster::block_on(client.tokens.get()))
///     })
///     .collect();
/// for caller in callers {
///     let token = caller.join().unwrap()?;
///     assert!(Arc::ptr_eq(&token, &client.tokens.current().unwrap()));
/// }
/// assert_eq!(CALLS.load(Ordering::SeqCst), 1);
/// # Ok::<(), token_response::cache::Error<String>>(())
/// ```
pub struct TokenCache<T, E> {
    cached: Cached<T, E>,
    refresh: RefreshFn<T, E>,
    clock: Box<dyn Fn() -> SystemTime + Send + Sync>,
    is_terminal: Box<dyn Fn(&E) -> bool + Send + Sync>,
    refresh_timeout: Duration,
}

impl<T, E> TokenCache<T, E>
where
    T: TokenResponse + Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    /// An empty cache that gets its tokens from `refresh`, reading the system clock.
    ///
    /// `refresh` is called with the cached token (`None` when there is none) when a caller
    /// needs a new one; it returns the new token or an error. After a refresh that returned a
    /// token already stale, it is called with that token instead, whose refresh token is the
    /// newest. It is not called here.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use token_response::TokenResponse;
    /// use token_response::cache::TokenCache;
    ///
    /// #[derive(TokenResponse)]
    /// struct MyToken { access_token: String }
    ///
    /// let cache = TokenCache::new(|current: Option<Arc<MyToken>>| async move {
    ///     match current {
    ///         None => Ok(MyToken { access_token: "first".into() }),
    ///         Some(_) => Err("no refresh token"),
    ///     }
    /// });
    /// assert!(cache.current().is_none());
    /// assert_eq!(pollster::block_on(cache.get()).unwrap().access_token(), "first");
    /// ```
    pub fn new<F, Fut>(refresh: F) -> Self
    where
        F: Fn(Option<Arc<T>>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<T, E>> + Send + 'static,
    {
        TokenCache {
            cached: Cached::new(),
            refresh: Box::new(move |current| Box::pin(refresh(current))),
            clock: Box::new(SystemTime::now),
            is_terminal: Box::new(|_| false),
            refresh_timeout: DEFAULT_REFRESH_TIMEOUT,
        }
    }

    /// Seeds the cache with `token`: one from a sign-in, or read back from a file. It is handed
    /// out while it is fresh by its own expiry, and its refresh token is the one the first
    /// refresh uses.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use token_response::TokenResponse;
    /// # use token_response::cache::TokenCache;
    /// #[derive(TokenResponse)]
    /// struct MyToken { access_token: String, refresh_token: Option<String> }
    ///
    /// let cache = TokenCache::new(|current: Option<Arc<MyToken>>| async move {
    ///     let refresh_token = current.as_ref().and_then(|t| t.refresh_token()).ok_or("sign in first")?;
    ///     assert_eq!(refresh_token, "rt-saved");
    ///     Ok::<_, &str>(MyToken { access_token: "at-2".into(), refresh_token: None })
    /// })
    /// .with_token(MyToken { access_token: "at-1".into(), refresh_token: Some("rt-saved".into()) });
    ///
    /// let token = pollster::block_on(cache.get()).unwrap(); // no expiry: always fresh
    /// assert_eq!(token.access_token(), "at-1");
    /// ```
    #[must_use]
    pub fn with_token(self, token: T) -> Self {
        self.set(token);
        self
    }

    /// Replaces the clock that every time the cache uses is read from (by default
    /// [`SystemTime::now`]): for tests, or a clock corrected for a server's skew.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use std::sync::atomic::{AtomicU64, Ordering};
    /// use std::time::{Duration, SystemTime, UNIX_EPOCH};
    /// use token_response::TokenResponse;
    /// use token_response::cache::TokenCache;
    ///
    /// #[derive(TokenResponse)]
    /// struct MyToken { access_token: String, expires_in: u64 }
    ///
    /// let seconds = Arc::new(AtomicU64::new(1_000_000));
    /// let (clock, endpoint) = (seconds.clone(), seconds.clone());
    /// let cache = TokenCache::new(move |_current: Option<Arc<MyToken>>| {
    ///     let n = endpoint.load(Ordering::SeqCst);
    ///     async move { Ok::<_, String>(MyToken { access_token: format!("at-{n}"), expires_in: 600 }) }
    /// })
    /// .with_clock(move || UNIX_EPOCH + Duration::from_secs(clock.load(Ordering::SeqCst)));
    ///
    /// pollster::block_on(async {
    ///     // No issue time: the cache dates the token by the refresh's start.
    ///     assert_eq!(cache.get().await.unwrap().access_token(), "at-1000000");
    ///     seconds.fetch_add(539, Ordering::SeqCst); // 61 s left: fresh
    ///     assert_eq!(cache.get().await.unwrap().access_token(), "at-1000000");
    ///     seconds.fetch_add(1, Ordering::SeqCst); // 60 s left: refresh
    ///     assert_eq!(cache.get().await.unwrap().access_token(), "at-1000540");
    /// });
    /// ```
    #[must_use]
    pub fn with_clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Box::new(clock);
        self
    }

    /// Says which refresh errors are terminal: the refresh token is dead (`invalid_grant`), and
    /// no refresh can succeed until the user signs in again. After one, the cache calls the
    /// refresh function no more until [`set`](Self::set) or [`clear`](Self::clear); callers get
    /// the cached token while it is live, then [`Error::SignedOut`] at once. By default no error
    /// is terminal.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use token_response::{ErrorCode, ErrorResponse, TokenResponse};
    /// use token_response::cache::{Error, TokenCache};
    ///
    /// #[derive(TokenResponse)]
    /// struct MyToken { access_token: String }
    ///
    /// let calls = Arc::new(AtomicUsize::new(0));
    /// let counter = calls.clone();
    /// let cache = TokenCache::new(move |_current: Option<Arc<MyToken>>| {
    ///     counter.fetch_add(1, Ordering::SeqCst);
    ///     async {
    ///         let refused = ErrorResponse { error: ErrorCode::InvalidGrant, error_description: None, error_uri: None };
    ///         Err::<MyToken, _>(refused)
    ///     }
    /// })
    /// .with_terminal(|error: &ErrorResponse| error.error == ErrorCode::InvalidGrant);
    ///
    /// pollster::block_on(async {
    ///     assert!(matches!(cache.get().await, Err(Error::SignedOut(_))));
    ///     assert!(matches!(cache.get().await, Err(Error::SignedOut(_)))); // at once
    /// });
    /// assert_eq!(calls.load(Ordering::SeqCst), 1);
    /// ```
    #[must_use]
    pub fn with_terminal(mut self, is_terminal: impl Fn(&E) -> bool + Send + Sync + 'static) -> Self {
        self.is_terminal = Box::new(is_terminal);
        self
    }

    /// How long a refresh may stay in flight, by the cache's clock, before the next caller gives
    /// it up and starts another (default 60 s). The given-up refresh's waiters still take its
    /// outcome, should it come; its token is not cached.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use std::time::Duration;
    /// # use token_response::TokenResponse;
    /// # use token_response::cache::TokenCache;
    /// # #[derive(TokenResponse)]
    /// # struct MyToken { access_token: String }
    /// let cache = TokenCache::new(|_: Option<Arc<MyToken>>| async { Err::<MyToken, _>("offline") })
    ///     .with_refresh_timeout(Duration::from_secs(30));
    /// # drop(cache);
    /// ```
    #[must_use]
    pub fn with_refresh_timeout(mut self, timeout: Duration) -> Self {
        self.refresh_timeout = timeout;
        self
    }

    /// The cached token while it is fresh, without calling the refresh function. Otherwise the
    /// outcome of the one refresh in flight, started if none is: the same new `Arc<T>` for every
    /// caller (it [`inherit`](TokenResponse::inherit)ed from the token it replaced).
    ///
    /// When that refresh fails, or a backoff runs, or the cache is signed out, the cached token
    /// while it is live.
    ///
    /// # Errors
    /// When there is no live token to return: the failed refresh's [`Error`], or during a
    /// backoff the last failure's, or [`Error::SignedOut`].
    ///
    /// # Cancellation
    /// Dropping the future is safe at any point, and changes nothing but this caller's place
    /// among the waiters: the refresh stays in flight, driven by the other waiters, or resumed
    /// by the next caller.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::time::{Duration, SystemTime};
    /// use token_response::TokenResponse;
    /// use token_response::cache::TokenCache;
    ///
    /// #[derive(TokenResponse)]
    /// struct MyToken { access_token: String, expires_in: u64, issued_at: SystemTime }
    ///
    /// let calls = Arc::new(AtomicUsize::new(0));
    /// let counter = calls.clone();
    /// let cache = TokenCache::new(move |_current: Option<Arc<MyToken>>| {
    ///     counter.fetch_add(1, Ordering::SeqCst);
    ///     async { Ok::<_, String>(MyToken { access_token: "at".into(), expires_in: 3600, issued_at: SystemTime::now() }) }
    /// });
    ///
    /// pollster::block_on(async {
    ///     let first = cache.get().await.unwrap();
    ///     let second = cache.get().await.unwrap();
    ///     assert!(Arc::ptr_eq(&first, &second));
    /// });
    /// assert_eq!(calls.load(Ordering::SeqCst), 1);
    /// ```
    pub async fn get(&self) -> Result<Arc<T>, Error<E>> {
        if let Some(token) = self.cached.fresh(self.now()) {
            return Ok(token);
        }
        self.resolve(Ask::Get).await
    }

    /// After a server refused `rejected` (HTTP 401): a token to retry with.
    ///
    /// When `rejected` is still the cached token, it counts as expired from now on, and one
    /// refresh, shared by every caller that reports it, replaces it (within the backoff and
    /// sign-out rules of [`get`](Self::get)). When the cache already holds another live token,
    /// that one, without a refresh.
    ///
    /// # Errors
    /// The refresh's [`Error`] when it fails (the rejected token is known bad, so it is not
    /// returned instead); during a backoff the last failure's; [`Error::SignedOut`].
    ///
    /// ```
    /// use std::sync::Arc;
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use token_response::TokenResponse;
    /// use token_response::cache::TokenCache;
    ///
    /// #[derive(TokenResponse)]
    /// struct MyToken { access_token: String }
    ///
    /// let issued = Arc::new(AtomicUsize::new(0));
    /// let counter = issued.clone();
    /// let cache = TokenCache::new(move |_current: Option<Arc<MyToken>>| {
    ///     let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
    ///     async move { Ok::<_, String>(MyToken { access_token: format!("at-{n}") }) }
    /// });
    ///
    /// pollster::block_on(async {
    ///     let token = cache.get().await.unwrap();
    ///     // The API answered 401 to two requests sent with `token`:
    ///     let retry = cache.get_after_rejection(&token).await.unwrap();
    ///     let again = cache.get_after_rejection(&token).await.unwrap();
    ///     assert_eq!(retry.access_token(), "at-2");
    ///     assert!(Arc::ptr_eq(&retry, &again)); // one refresh
    /// });
    /// ```
    pub async fn get_after_rejection(&self, rejected: &Arc<T>) -> Result<Arc<T>, Error<E>> {
        self.resolve(Ask::Rejected(rejected)).await
    }

    /// The cached token as it is, without refreshing: `None` before the first token and after
    /// [`clear`](Self::clear).
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use token_response::TokenResponse;
    /// # use token_response::cache::TokenCache;
    /// # #[derive(TokenResponse)]
    /// # struct MyToken { access_token: String }
    /// let cache = TokenCache::new(|_: Option<Arc<MyToken>>| async { Err::<MyToken, _>("offline") });
    /// assert!(cache.current().is_none());
    /// cache.set(MyToken { access_token: "at".into() });
    /// assert_eq!(cache.current().unwrap().access_token(), "at");
    /// ```
    pub fn current(&self) -> Option<Arc<T>> {
        self.cached.entry().map(|entry| entry.token.clone())
    }

    /// Replaces the cached token (after a new sign-in, say); ends a signed-out state and any
    /// backoff. A refresh in flight goes on for the callers waiting on it, who get its outcome,
    /// but its token is not cached: `token` stays. (A caller arriving meanwhile that finds
    /// `token` not fresh waits for that refresh to end, then refreshes `token`.)
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use token_response::TokenResponse;
    /// # use token_response::cache::TokenCache;
    /// # #[derive(TokenResponse)]
    /// # struct MyToken { access_token: String }
    /// let cache = TokenCache::new(|_: Option<Arc<MyToken>>| async { Err::<MyToken, _>("offline") });
    /// cache.set(MyToken { access_token: "signed-in".into() });
    /// assert_eq!(pollster::block_on(cache.get()).unwrap().access_token(), "signed-in");
    /// ```
    pub fn set(&self, token: T) {
        let replaced = self.cached.replace(Some(Arc::new(Entry::given(Arc::new(token)))));
        drop(replaced); // with the lock released: the token's `Drop` is the caller's code
    }

    /// Empties the cache; ends a signed-out state and any backoff. The next [`get`](Self::get)
    /// calls `refresh(None)` (after a refresh in flight ends: its token is not cached).
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use token_response::TokenResponse;
    /// # use token_response::cache::TokenCache;
    /// # #[derive(TokenResponse)]
    /// # struct MyToken { access_token: String }
    /// let cache = TokenCache::new(|current: Option<Arc<MyToken>>| async move {
    ///     assert!(current.is_none(), "a first sign-in");
    ///     Ok::<_, String>(MyToken { access_token: "new".into() })
    /// })
    /// .with_token(MyToken { access_token: "old".into() });
    /// cache.clear();
    /// assert!(cache.current().is_none());
    /// assert_eq!(pollster::block_on(cache.get()).unwrap().access_token(), "new");
    /// ```
    pub fn clear(&self) {
        let replaced = self.cached.replace(None);
        drop(replaced);
    }

    /// The cache's clock.
    fn now(&self) -> SystemTime {
        (self.clock)()
    }

    /// The slow path: decide under the lock, then answer, or wait for a flight (driving it) and
    /// answer from its outcome, or decide again.
    async fn resolve(&self, ask: Ask<'_, T>) -> Result<Arc<T>, Error<E>> {
        loop {
            let (step, notes) = self.cached.decide(ask, self.now(), self.refresh_timeout);
            Note::emit_all(notes);
            match step {
                Step::Answer(answer) => return answer,
                Step::Join { flight, takes_outcome } => {
                    let outcome = Wait::new(self, flight).await;
                    if takes_outcome {
                        if let Some(answer) = self.cached.answer(ask, &outcome, self.now()) {
                            return answer;
                        }
                    }
                }
            }
        }
    }

    /// A refresh started at `started` returned `result`, at `now`: the new token, inheriting
    /// from `current` and dated by `started`, unless it is not fresh (then `Stale`, and the
    /// token beside); or the error, terminal or not. Runs the caller's code (`inherit`,
    /// `is_terminal`), so it is called where a panic is caught.
    fn outcome(
        &self,
        result: Result<T, E>,
        current: Option<&Arc<T>>,
        started: SystemTime,
        now: SystemTime,
    ) -> (Outcome<T, E>, Option<Arc<T>>) {
        match result {
            Ok(mut token) => {
                if let Some(current) = current {
                    token.inherit(current);
                }
                let entry = Entry::refreshed(Arc::new(token), started);
                if entry.is_fresh(now) { (Ok(Arc::new(entry)), None) } else { (Err(Error::Stale), Some(entry.token)) }
            }
            Err(error) if (self.is_terminal)(&error) => (Err(Error::SignedOut(Arc::new(error))), None),
            Err(error) => (Err(Error::Refresh(Arc::new(error))), None),
        }
    }

    /// Records how `flight` ended; returns the entry it replaced, to be dropped last.
    fn settle(
        &self,
        flight: &Arc<flight::Flight<T, E>>,
        outcome: &Outcome<T, E>,
        stale: Option<Arc<T>>,
        now: SystemTime,
    ) -> Option<Arc<Entry<T>>> {
        let (replaced, notes) = self.cached.settle(flight, outcome, stale, now);
        Note::emit_all(notes);
        replaced
    }
}

/// Shows whether a token is cached and until when the cache trusts it, whether a refresh is in
/// flight, the failures in a row, the backoff and a sign-out; never the token.
///
/// ```
/// # use std::sync::Arc;
/// # use token_response::TokenResponse;
/// # use token_response::cache::TokenCache;
/// # #[derive(TokenResponse)]
/// # struct MyToken { access_token: String }
/// let cache = TokenCache::new(|_: Option<Arc<MyToken>>| async { Err::<MyToken, _>("offline") })
///     .with_token(MyToken { access_token: "secret".into() });
/// let shown = format!("{cache:?}");
/// assert!(!shown.contains("secret"));
/// assert_eq!(
///     shown,
///     "TokenCache { token: Some(\"<redacted>\"), expires_at: None, refreshing: false, failures: 0, retry_at: None, signed_out: false }"
/// );
/// ```
impl<T, E> fmt::Debug for TokenCache<T, E>
where
    T: TokenResponse + Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let entry = self.cached.entry();
        let status = self.cached.status();
        f.debug_struct("TokenCache")
            .field("token", &entry.as_ref().map(|_| "<redacted>"))
            .field("expires_at", &entry.as_ref().and_then(|entry| entry.expiry()))
            .field("refreshing", &status.refreshing)
            .field("failures", &status.failures)
            .field("retry_at", &status.retry_at)
            .field("signed_out", &status.signed_out)
            .finish()
    }
}
