//! A token kept fresh for any number of concurrent callers (cargo feature `cache`).
//!
//! [`TokenCache`] holds one token of any type that implements [`TokenResponse`] and hands it
//! out; when the token needs a refresh ([`needs_refresh_at`](TokenResponse::needs_refresh_at)
//! by the cache's clock), it calls your refresh function **once**, however many callers are
//! asking, and gives them all its outcome. You write the refresh function (an HTTP request to
//! your provider's token endpoint, with the current token's refresh token); the cache decides
//! when to call it.
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
//!     #[serde(default)]
//!     #[token(issued_at)]
//!     received_at: token_response::ReceivedAt,
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
//! # Ok::<(), Arc<&str>>(())
//! # }).unwrap();
//! ```
//!
//! # What it does
//!
//! - **One refresh at a time.** Callers that find the token in need of a refresh wait for the
//!   one refresh in flight and all get its outcome: the same `Arc<T>`, or the same `Arc<E>`.
//!   With refresh tokens that rotate on every use, concurrent refreshes would spend the same
//!   refresh token twice, and the provider would answer all but one with `invalid_grant`.
//! - **The refresh token is kept.** Each new token [`inherit`](TokenResponse::inherit)s from
//!   the one passed to the refresh function before it is cached, so a refresh response without
//!   a `refresh_token` (Google's, Apple's) keeps the previous one, and without a scope keeps
//!   the previous scopes (RFC 6749 section 6).
//! - **A failed refresh does not take a live token away.** While the cached token has not
//!   expired, callers keep getting it (`Ok`), and the refresh function is not called again
//!   until a backoff has passed: 1 s after the first failure, doubling to at most 60 s, never
//!   past the token's expiry. Once the token has expired (or when there is none), every caller
//!   that waited for the failed refresh gets its error, and the next call tries again.
//! - **A rejected token is replaced once.** When a server answers 401,
//!   [`get_after_rejection`](TokenCache::get_after_rejection) refreshes if the rejected token is
//!   still the cached one, once for every caller that reports it, and otherwise returns the
//!   newer token.
//! - **Any runtime, nothing spawned.** The refresh runs inside the future of the caller that
//!   started it, on any executor (the tests run it under tokio's current-thread and
//!   multi-thread runtimes, a plain `block_on` per thread, and an executor of their own).
//!   No task, no timer; time is read from a clock you can replace
//!   ([`with_clock`](TokenCache::with_clock)).
//! - **Cancellation is safe.** When the future driving a refresh is dropped (a timeout, a
//!   `select!`), the refresh is dropped with it and one of the waiting callers, or the next one,
//!   starts a new refresh. No caller waits on a refresh that nobody drives.
//! - **The fast path takes no lock.** A fresh token is read from an atomically swapped `Arc`
//!   (`arc-swap`): concurrent callers do not queue behind each other (BENCHMARKS.md).
//!
//! # What it does not do
//!
//! - **No refresh before a caller asks.** The first caller after the refresh point (the
//!   token's refresh leeway before its expiry, `#[token(refresh_leeway = ..)]`, default 60 s,
//!   at most half the lifetime) waits for the refresh. To refresh ahead of every caller, call
//!   [`get`](TokenCache::get) from a task of your own on an interval.
//! - **No jitter.** The refresh point and the backoff are exact. Many processes sharing one
//!   credential refresh at about the same moment; spread them with a `refresh_leeway` or a
//!   clock of your own.
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
//! - **No judgement of errors.** Every error of the refresh function counts the same: an
//!   `invalid_grant` (the refresh token is dead; the user must sign in again) is backed off
//!   while the token is live like a 503. Tell them apart in your error type, and call
//!   [`set`](TokenCache::set) with a token from a new sign-in. No retries inside a refresh
//!   either: a refresh is one call of your function.
//! - **No refresh token expiry check.** A refresh token past its own expiry
//!   ([`refresh_expires_at`](TokenResponse::refresh_expires_at)) is still passed to your
//!   function, which can check `current.is_refresh_expired_at(now)` and sign in instead.
//! - **A cancelled refresh may lose a rotated refresh token.** When the future driving a
//!   refresh is dropped after the server issued a new refresh token but before the answer
//!   arrived, the cache never sees it and still holds the old one, which a rotating provider
//!   then refuses. Do not put timeouts around [`get`](TokenCache::get) shorter than your HTTP
//!   client's own.
//! - **One process.** The single flight is per cache; processes sharing a refresh token must
//!   coordinate themselves.
//!
//! # How a call goes
//!
//! [`get`](TokenCache::get) reads the token without a lock and returns it while it does not
//! need a refresh. Otherwise it takes the cache's lock and checks again: another caller may
//! have refreshed in between. Then it waits for the refresh in flight, or returns the live
//! token during a backoff, or starts a refresh itself, with the lock released while the
//! refresh runs. A caller whose refresh ended, or who waited for one, gets the outcome; a
//! waiter whose refresh was abandoned, or whose new token aged (went stale or expired by the
//! clock) between the refresh's end and the waiter's turn, decides again.

mod flight;
mod refresh;
mod state;

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::SystemTime;

use crate::TokenResponse;
use flight::{Flight, Wait};
pub use refresh::Refresh;
use state::{Ask, Shared, Step};

/// One token, refreshed once for any number of concurrent callers. See the [module](self) for
/// what it does and does not do.
///
/// `T` is the token; `F` the refresh function, any
/// `Fn(Option<Arc<T>>) -> impl Future<Output = Result<T, E>>` (see [`Refresh`]). `TokenCache`
/// is `Send + Sync`: share it by reference or in an `Arc`.
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
/// static CALLS: AtomicUsize = AtomicUsize::new(0);
/// let cache = Arc::new(TokenCache::new(|_current: Option<Arc<MyToken>>| async {
///     CALLS.fetch_add(1, Ordering::SeqCst);
///     Ok::<_, String>(MyToken { access_token: "at".into(), expires_in: 3600, issued_at: SystemTime::now() })
/// }));
///
/// // Eight threads, each with its own `block_on`, ask at once.
/// let callers: Vec<_> = (0..8)
///     .map(|_| {
///         let cache = cache.clone();
///         std::thread::spawn(move || pollster::block_on(cache.get()))
///     })
///     .collect();
/// for caller in callers {
///     let token = caller.join().unwrap()?;
///     assert!(Arc::ptr_eq(&token, &cache.current().unwrap()));
/// }
/// assert_eq!(CALLS.load(Ordering::SeqCst), 1);
/// # Ok::<(), Arc<String>>(())
/// ```
pub struct TokenCache<T, F: Refresh<T>> {
    shared: Shared<T, F::Error>,
    refresh: F,
    clock: Box<dyn Fn() -> SystemTime + Send + Sync>,
}

impl<T, F> TokenCache<T, F>
where
    T: TokenResponse + Send + Sync + 'static,
    F: Refresh<T>,
{
    /// An empty cache that gets its tokens from `refresh`, reading the system clock.
    ///
    /// `refresh` is called with the cached token (`None` when there is none) when a caller
    /// needs a new one; it returns the new token or an error. It is not called here.
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
    pub fn new<Fut, E>(refresh: F) -> Self
    where
        F: Fn(Option<Arc<T>>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<T, E>> + Send + 'static,
        E: Send + Sync + 'static,
    {
        TokenCache { shared: Shared::new(None), refresh, clock: Box::new(SystemTime::now) }
    }

    /// Seeds the cache with `token`: one from a sign-in, or read back from a file. It is
    /// handed out as long as it does not need a refresh, and its refresh token is the one the
    /// first refresh uses.
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
    /// let token = pollster::block_on(cache.get()).unwrap(); // no expiry: never needs a refresh
    /// assert_eq!(token.access_token(), "at-1");
    /// ```
    #[must_use]
    pub fn with_token(self, token: T) -> Self {
        self.shared.set(Arc::new(token));
        self
    }

    /// Replaces the clock that every expiry check reads (by default [`SystemTime::now`]): for
    /// tests, or a clock corrected for a server's skew.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use std::sync::atomic::{AtomicU64, Ordering};
    /// use std::time::{Duration, SystemTime, UNIX_EPOCH};
    /// use token_response::TokenResponse;
    /// use token_response::cache::TokenCache;
    ///
    /// #[derive(TokenResponse)]
    /// struct MyToken { access_token: String, expires_in: u64, issued_at: u64 }
    ///
    /// let seconds = Arc::new(AtomicU64::new(1_000_000));
    /// let (clock, endpoint) = (seconds.clone(), seconds.clone());
    /// let cache = TokenCache::new(move |_current: Option<Arc<MyToken>>| {
    ///     let issued_at = endpoint.load(Ordering::SeqCst);
    ///     async move { Ok::<_, String>(MyToken { access_token: format!("at-{issued_at}"), expires_in: 600, issued_at }) }
    /// })
    /// .with_clock(move || UNIX_EPOCH + Duration::from_secs(clock.load(Ordering::SeqCst)));
    ///
    /// pollster::block_on(async {
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

    /// The cached token while it does not need a refresh at the cache's clock, without calling
    /// the refresh function. Otherwise the outcome of one refresh, shared by every caller that
    /// waits for it: the same new `Arc<T>` (which [`inherit`](TokenResponse::inherit)ed from
    /// the token it replaces), or the same `Arc<E>`.
    ///
    /// When that refresh fails while the cached token is not yet expired, the cached token is
    /// returned, and no refresh is tried again before a backoff has passed (1 s, doubling after
    /// each further failure to at most 60 s, never past the token's expiry; a success resets
    /// it). When it fails with no token or an expired one, the error is returned, and the next
    /// call tries again.
    ///
    /// # Errors
    /// The refresh function's error, when there is no live token to return.
    ///
    /// # Cancellation
    /// Dropping the future is safe at any point. If it was driving the refresh, the refresh is
    /// dropped with it, and a waiting or later caller starts another.
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
    ///     let first = cache.get().await?;
    ///     let second = cache.get().await?;
    ///     assert!(Arc::ptr_eq(&first, &second));
    ///     assert_eq!(calls.load(Ordering::SeqCst), 1);
    ///     Ok::<(), Arc<String>>(())
    /// })?;
    /// # Ok::<(), Arc<String>>(())
    /// ```
    pub async fn get(&self) -> Result<Arc<T>, Arc<F::Error>> {
        let now = (self.clock)();
        if let Some(token) = self.shared.fresh(now) {
            return Ok(token);
        }
        self.resolve(Ask::Get, now).await
    }

    /// After a server refused `rejected` (HTTP 401): a token to retry with.
    ///
    /// When `rejected` is still the cached token (or the cache is empty), one refresh, shared by
    /// every caller that reports it, ignoring any backoff, and a failed refresh is an error (the
    /// token is known bad). When the cache already holds another token, that one, without
    /// calling the refresh function. Otherwise as [`get`](Self::get).
    ///
    /// # Errors
    /// The refresh function's error, when the refresh fails.
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
    ///     let token = cache.get().await?;
    ///     // The API answered 401 to two requests sent with `token`:
    ///     let retry = cache.get_after_rejection(&token).await?;
    ///     let again = cache.get_after_rejection(&token).await?;
    ///     assert_eq!(retry.access_token(), "at-2");
    ///     assert!(Arc::ptr_eq(&retry, &again)); // one refresh
    ///     Ok::<(), Arc<String>>(())
    /// })?;
    /// # Ok::<(), Arc<String>>(())
    /// ```
    pub async fn get_after_rejection(&self, rejected: &Arc<T>) -> Result<Arc<T>, Arc<F::Error>> {
        self.resolve(Ask::Rejected(rejected), (self.clock)()).await
    }

    /// The cached token as it is, without refreshing: `None` before the first token.
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
        self.shared.current()
    }

    /// Replaces the cached token (after a new sign-in, say) and resets the backoff. A refresh
    /// already in flight goes on, and when it succeeds its token replaces this one.
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
        self.shared.set(Arc::new(token));
    }

    /// The slow path: decide under the lock, then answer, wait, or refresh.
    async fn resolve(&self, ask: Ask<'_, T>, mut now: SystemTime) -> Result<Arc<T>, Arc<F::Error>> {
        let mut waited = None;
        loop {
            match self.shared.decide(ask, waited, now) {
                Step::Done(answer) => return answer,
                Step::Wait(ticket) => {
                    Wait::new(&self.shared, ticket).await;
                    waited = Some(ticket);
                }
                Step::Refresh { ticket, current } => {
                    let flight = Flight::new(&self.shared, ticket);
                    let result = match self.refresh.refresh(current.clone()).await {
                        Ok(mut token) => {
                            if let Some(current) = &current {
                                token.inherit(current);
                            }
                            Ok(Arc::new(token))
                        }
                        Err(error) => Err(Arc::new(error)),
                    };
                    return flight.complete(result, (self.clock)(), ask);
                }
            }
            now = (self.clock)();
        }
    }
}

/// Shows whether a token is cached and when it expires, whether a refresh is in flight, and
/// the backoff; never the token.
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
/// assert_eq!(shown, "TokenCache { token: Some(\"<redacted>\"), expires_at: None, refreshing: false, failures: 0, retry_at: None }");
/// ```
impl<T, F> fmt::Debug for TokenCache<T, F>
where
    T: TokenResponse + Send + Sync + 'static,
    F: Refresh<T>,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let token = self.shared.current();
        let (refreshing, failures, retry_at) = self.shared.status();
        f.debug_struct("TokenCache")
            .field("token", &token.as_ref().map(|_| "<redacted>"))
            .field("expires_at", &token.as_ref().and_then(|token| token.expires_at()))
            .field("refreshing", &refreshing)
            .field("failures", &failures)
            .field("retry_at", &retry_at)
            .finish()
    }
}
