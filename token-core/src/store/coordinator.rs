//! The refresh function that a cache gets from a store: re-read, lease, refresh from the stored
//! token, compare and set (the protocol of the module documentation).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use super::{Commit, Error, StoreError, StoreErrorKind, Stored, TokenStore};
use crate::TokenResponse;
use crate::cache::fresh_on_arrival;

/// What a refresh does when the store cannot be read or written.
///
/// ```
/// use token_response::store::Outage;
///
/// assert_eq!(Outage::default(), Outage::FailClosed);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outage {
    /// The refresh fails with the store's error: the cache hands out its token while it is
    /// live, then fails closed, and tries again after its backoff. The only safe choice for
    /// refresh tokens that rotate, which must not be spent by two processes. A token the
    /// endpoint issued that the store could not take is kept, with the lease (extended while
    /// the store answers), and committed first by this process's next refresh; meanwhile the
    /// other processes wait for the lease, or fail and keep their live tokens, rather than
    /// spend the refresh token it replaced.
    #[default]
    FailClosed,
    /// The process refreshes on its own (with the cache's token) and keeps the result to
    /// itself. For grants that every process may make without the others: client credentials.
    RefreshLocally,
}

/// A token from the endpoint that the store could not take, the version it was meant to
/// follow, and the lease kept for it.
struct Pending<T, L> {
    lease: Option<L>,
    expected: Option<u64>,
    token: T,
}

/// Turns a [`TokenStore`] and your refresh function into the refresh function of a
/// [`TokenCache`](crate::cache::TokenCache), so that processes sharing the store refresh once
/// for all of them (the protocol is in the module documentation).
///
/// ```
/// use std::sync::Arc;
/// use std::time::SystemTime;
/// use serde::{Deserialize, Serialize};
/// use token_response::{ReceivedAt, TokenResponse};
/// use token_response::cache::TokenCache;
/// use token_response::store::{Coordinator, FileStore, Outage};
///
/// #[derive(Serialize, Deserialize, TokenResponse)]
/// struct MyToken {
///     access_token: String,
///     expires_in: u64,
///     #[serde(default)]
///     received_at: ReceivedAt,
/// }
///
/// // Client credentials: any process may fetch a token of its own when the store is down.
/// async fn client_credentials(_: Option<Arc<MyToken>>) -> Result<MyToken, std::io::Error> {
///     Ok(MyToken { access_token: "at".into(), expires_in: 3600, received_at: ReceivedAt::default() })
/// }
///
/// let coordinator = Arc::new(
///     Coordinator::new(FileStore::new("/run/my-app/token.json"), client_credentials)
///         .with_clock(SystemTime::now)
///         .on_outage(Outage::RefreshLocally),
/// );
/// let cache = TokenCache::new(coordinator.refresh());
/// # drop(cache);
/// ```
pub struct Coordinator<T, S: TokenStore<T>, F> {
    store: S,
    refresh: F,
    clock: Box<dyn Fn() -> SystemTime + Send + Sync>,
    outage: Outage,
    pending: Mutex<Option<Pending<T, S::Lease>>>,
}

impl<T, S: TokenStore<T> + fmt::Debug, F> fmt::Debug for Coordinator<T, S, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Coordinator").field("store", &self.store).field("outage", &self.outage).finish_non_exhaustive()
    }
}

impl<T, S, F> Coordinator<T, S, F>
where
    T: TokenResponse + Send + Sync + 'static,
    S: TokenStore<T>,
{
    /// A coordinator of refreshes through `store`, calling `refresh` (with the stored token)
    /// when no process has stored a fresh token. Give it to the cache with
    /// [`refresh`](Self::refresh).
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # #[derive(serde::Serialize, serde::Deserialize, token_response::TokenResponse)]
    /// # struct MyToken { access_token: String }
    /// use token_response::store::{Coordinator, FileStore};
    ///
    /// let coordinator = Coordinator::new(FileStore::new("token.json"), |current: Option<Arc<MyToken>>| async move {
    ///     # let _ = current;
    ///     Ok::<_, std::io::Error>(MyToken { access_token: "at".into() })
    /// });
    /// # drop(coordinator);
    /// ```
    pub fn new<Fut, E>(store: S, refresh: F) -> Self
    where
        F: Fn(Option<Arc<T>>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<T, E>> + Send + 'static,
    {
        Self { store, refresh, clock: Box::new(SystemTime::now), outage: Outage::default(), pending: Mutex::new(None) }
    }

    /// Reads the time from `clock` (default: the system clock) to tell whether a stored token
    /// is fresh. Give the cache the same clock.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # #[derive(serde::Serialize, serde::Deserialize, token_response::TokenResponse)]
    /// # struct MyToken { access_token: String }
    /// use std::time::SystemTime;
    /// use token_response::store::{Coordinator, FileStore};
    ///
    /// let refresh = |_: Option<Arc<MyToken>>| async { Err::<MyToken, _>("offline") };
    /// let coordinator = Coordinator::new(FileStore::new("token.json"), refresh).with_clock(SystemTime::now);
    /// # drop(coordinator);
    /// ```
    #[must_use]
    pub fn with_clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Box::new(clock);
        self
    }

    /// What a refresh does when the store is down (default: [`Outage::FailClosed`]).
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # #[derive(serde::Serialize, serde::Deserialize, token_response::TokenResponse)]
    /// # struct MyToken { access_token: String }
    /// use token_response::store::{Coordinator, FileStore, Outage};
    ///
    /// let refresh = |_: Option<Arc<MyToken>>| async { Err::<MyToken, _>("offline") };
    /// let coordinator = Coordinator::new(FileStore::new("token.json"), refresh).on_outage(Outage::RefreshLocally);
    /// # drop(coordinator);
    /// ```
    #[must_use]
    pub fn on_outage(mut self, outage: Outage) -> Self {
        self.outage = outage;
        self
    }

    /// The store.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # #[derive(serde::Serialize, serde::Deserialize, token_response::TokenResponse)]
    /// # struct MyToken { access_token: String }
    /// use token_response::store::{Coordinator, FileStore};
    ///
    /// let refresh = |_: Option<Arc<MyToken>>| async { Err::<MyToken, _>("offline") };
    /// let coordinator = Coordinator::new(FileStore::new("token.json"), refresh);
    /// assert!(coordinator.store().path().ends_with("token.json"));
    /// ```
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Stores `token` as the newest, under the lease, whatever the store held: for a token from
    /// a sign-in. Returns its version.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # #[derive(serde::Serialize, serde::Deserialize, token_response::TokenResponse)]
    /// # struct MyToken { access_token: String }
    /// use token_response::store::{Coordinator, FileStore, Stored, TokenStore};
    ///
    /// # let dir = std::env::temp_dir().join(format!("token-response-save-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// let refresh = |_: Option<Arc<MyToken>>| async { Err::<MyToken, _>("offline") };
    /// let coordinator = Coordinator::new(FileStore::new(dir.join("token.json")), refresh);
    /// # pollster::block_on(async {
    /// assert_eq!(coordinator.save(MyToken { access_token: "signed-in".into() }).await?, 1);
    /// let stored: Stored<MyToken> = coordinator.store().load().await?.unwrap();
    /// assert_eq!((stored.version, stored.token.access_token.as_str()), (1, "signed-in"));
    /// # Ok::<(), token_response::store::StoreError>(())
    /// # }).unwrap();
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub async fn save(&self, token: T) -> Result<u64, StoreError> {
        // A token left pending is superseded by this one.
        let pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner).take();
        if let Some(lease) = pending.and_then(|p| p.lease) {
            self.store.release(lease).await;
        }
        let lease = self.store.lease().await?;
        let outcome = match self.store.load().await {
            Ok(stored) => self.store.commit(&lease, stored.map(|s| s.version), &token).await,
            Err(e) => Err(e),
        };
        self.store.release(lease).await;
        match outcome? {
            Commit::Stored(version) => Ok(version),
            Commit::Refused => {
                Err(StoreError::new(StoreErrorKind::Refused, "another process stored a token meanwhile"))
            }
        }
    }

    /// The refresh function for [`TokenCache::new`](crate::cache::TokenCache::new): each call
    /// runs the protocol of the module documentation.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # #[derive(serde::Serialize, serde::Deserialize, token_response::TokenResponse)]
    /// # struct MyToken { access_token: String }
    /// use token_response::cache::TokenCache;
    /// use token_response::store::{Coordinator, FileStore};
    ///
    /// let refresh = |_: Option<Arc<MyToken>>| async { Err::<MyToken, _>("offline") };
    /// let coordinator = Arc::new(Coordinator::new(FileStore::new("token.json"), refresh));
    /// let cache = TokenCache::new(coordinator.refresh());
    /// # drop(cache);
    /// ```
    #[allow(clippy::type_complexity)]
    pub fn refresh<Fut, E>(
        self: &Arc<Self>,
    ) -> impl Fn(Option<Arc<T>>) -> Pin<Box<dyn Future<Output = Result<T, Error<E>>> + Send>> + Send + Sync + 'static
    where
        F: Fn(Option<Arc<T>>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<T, E>> + Send + 'static,
        E: Send + 'static,
    {
        let this = Arc::clone(self);
        move |current| {
            let this = Arc::clone(&this);
            Box::pin(async move { this.run(current).await })
        }
    }

    /// One refresh: a token left pending goes first, with the lease kept for it; else re-read,
    /// lease, and the rest under the lease.
    async fn run<Fut, E>(&self, current: Option<Arc<T>>) -> Result<T, Error<E>>
    where
        F: Fn(Option<Arc<T>>) -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        // As the cache dates what this returns: from the refresh's start.
        let started = (self.clock)();
        let pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner).take();
        let (lease, pending) = match pending {
            Some(Pending { lease, expected, token }) => {
                let kept = match lease {
                    Some(lease) => match self.store.renew(&lease).await {
                        Ok(true) => Some(lease),
                        Ok(false) => {
                            self.store.release(lease).await;
                            None
                        }
                        Err(e) => return self.keep(Some(lease), expected, token, e, current).await,
                    },
                    None => None,
                };
                let lease = match kept {
                    Some(lease) => lease,
                    None => match self.store.lease().await {
                        Ok(lease) => lease,
                        Err(e) => return self.keep(None, expected, token, e, current).await,
                    },
                };
                (lease, Some((expected, token)))
            }
            None => {
                match self.store.load().await {
                    Ok(Some(stored)) if self.adoptable(&stored.token, current.as_deref(), started) => {
                        return Ok(stored.token);
                    }
                    Ok(_) => {}
                    Err(e) => return self.outage(e, current).await,
                }
                match self.store.lease().await {
                    Ok(lease) => (lease, None),
                    Err(e) => return self.outage(e, current).await,
                }
            }
        };
        self.under_lease(lease, current, started, pending).await
    }

    /// Under the lease (given back here, or kept with a token the store could not take): commit
    /// a pending token, re-read, adopt, or refresh from the stored token and compare-and-set.
    async fn under_lease<Fut, E>(
        &self,
        lease: S::Lease,
        current: Option<Arc<T>>,
        started: SystemTime,
        pending: Option<(Option<u64>, T)>,
    ) -> Result<T, Error<E>>
    where
        F: Fn(Option<Arc<T>>) -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let mut stored = match self.store.load().await {
            Ok(stored) => stored,
            Err(e) => match pending {
                Some((expected, token)) => return self.keep(Some(lease), expected, token, e, current).await,
                None => return self.released(lease, self.outage(e, current).await).await,
            },
        };
        if let Some((expected, token)) = pending {
            // Only onto the version it was meant to follow: otherwise the store moved on, and
            // the pending token is lost (another process spent the refresh token it replaced).
            if expected == stored.as_ref().map(|s| s.version) {
                match self.store.commit(&lease, expected, &token).await {
                    Ok(Commit::Stored(version)) => stored = Some(Stored { version, token }),
                    Ok(Commit::Refused) => {}
                    Err(e) => return self.keep(Some(lease), expected, token, e, current).await,
                }
            }
        }
        match stored {
            Some(s) if self.adoptable(&s.token, current.as_deref(), started) => {
                return self.released(lease, Ok(s.token)).await;
            }
            _ => {}
        }
        let expected = stored.as_ref().map(|s| s.version);
        // The stored token is the newest; the cache's own only when nothing is stored.
        let base = match stored {
            Some(s) => Some(Arc::new(s.token)),
            None => current.clone(),
        };
        match self.store.renew(&lease).await {
            Ok(true) => {}
            Ok(false) => {
                let outcome =
                    self.adopt_winner(current.as_deref(), started, "the lease lapsed before the refresh").await;
                return self.released(lease, outcome).await;
            }
            Err(e) => return self.released(lease, self.outage(e, current).await).await,
        }
        let mut token = match (self.refresh)(base.clone()).await {
            Ok(token) => token,
            Err(e) => return self.released(lease, Err(Error::Refresh(e))).await,
        };
        if let Some(base) = &base {
            token.inherit(base);
        }
        match self.store.commit(&lease, expected, &token).await {
            Ok(Commit::Stored(_)) => self.released(lease, Ok(token)).await,
            Ok(Commit::Refused) => {
                let outcome =
                    self.adopt_winner(current.as_deref(), started, "another process stored a token first").await;
                self.released(lease, outcome).await
            }
            Err(e) => match self.outage {
                Outage::FailClosed => self.keep(Some(lease), expected, token, e, current).await,
                Outage::RefreshLocally => self.released(lease, Ok(token)).await,
            },
        }
    }

    /// Gives the lease back, then returns `outcome`.
    async fn released<R>(&self, lease: S::Lease, outcome: R) -> R {
        self.store.release(lease).await;
        outcome
    }

    /// The store could not take `token`: keep it, and the lease (its holder extends it while it
    /// can, so the others wait instead of spending the refresh token it replaced), for the next
    /// refresh to commit first; fail as [`Outage`] says.
    async fn keep<Fut, E>(
        &self,
        lease: Option<S::Lease>,
        expected: Option<u64>,
        token: T,
        e: StoreError,
        current: Option<Arc<T>>,
    ) -> Result<T, Error<E>>
    where
        F: Fn(Option<Arc<T>>) -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        if self.outage == Outage::RefreshLocally {
            if let Some(lease) = lease {
                self.store.release(lease).await;
            }
            return self.outage(e, current).await;
        }
        *self.pending.lock().unwrap_or_else(PoisonError::into_inner) = Some(Pending { lease, expected, token });
        Err(Error::Store(e))
    }

    /// After a refused commit or a lost lease: the stored token when it can be used, else an
    /// error (never an overwrite).
    async fn adopt_winner<E>(
        &self,
        current: Option<&T>,
        started: SystemTime,
        why: &'static str,
    ) -> Result<T, Error<E>> {
        match self.store.load().await {
            Ok(Some(stored)) if self.adoptable(&stored.token, current, started) => Ok(stored.token),
            Ok(_) => Err(Error::Store(StoreError::new(StoreErrorKind::Refused, why))),
            Err(e) => Err(Error::Store(e)),
        }
    }

    /// The store failed: fail, or refresh on our own, as [`Outage`] says.
    async fn outage<Fut, E>(&self, e: StoreError, current: Option<Arc<T>>) -> Result<T, Error<E>>
    where
        F: Fn(Option<Arc<T>>) -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        match self.outage {
            Outage::FailClosed => Err(Error::Store(e)),
            Outage::RefreshLocally => (self.refresh)(current).await.map_err(Error::Refresh),
        }
    }

    /// A stored token is used as it is when it is fresh by our clock as the cache judges a
    /// refresh's outcome (started at `started`: the token's own leeway rule, but never inside the
    /// cache's live margin, else the cache would call it stale), its expiry is known (a lifetime
    /// needs an issue time to count from), and it is not the token being replaced (a token a
    /// server refused is replaced even when it looks fresh).
    fn adoptable(&self, stored: &T, current: Option<&T>, started: SystemTime) -> bool {
        let dated = stored.expires_in().is_none() || stored.expires_at().is_some();
        let other = current.is_none_or(|c| c.access_token() != stored.access_token());
        dated && other && fresh_on_arrival(stored, started, (self.clock)())
    }
}
