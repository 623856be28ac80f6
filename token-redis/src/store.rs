//! `RedisStore`: the token in a Redis hash, the lease a key with an owner and an expiry.

use std::collections::hash_map::RandomState;
use std::future::Future;
use std::hash::BuildHasher;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures_util::StreamExt;
use redis::aio::{ConnectionManager, ConnectionManagerConfig, PubSub};
use redis::{Client, Script};
use serde_core::Serialize;
use serde_core::de::DeserializeOwned;
use token_response::store::{Commit, StoreError, StoreErrorKind, Stored, TokenStore};

use crate::credential::{Credential, Keys};
use crate::scripts;
use crate::seal::Seal;

/// A [`TokenStore`] in Redis, for processes on many machines.
///
/// - **The token** is a hash `<prefix>{<credential>}:token` with `version` and `token` (the
///   token's JSON, sealed by your [`Seal`] when you give one).
/// - **The lease** is `<prefix>{<credential>}:lease`, taken with `SET NX PX` and the holder's
///   random id, extended every third of the lease time by a task while the holder runs, and
///   deleted by its holder only (a Lua script compares the id).
/// - **The commit** is a Lua compare-and-set: the token is stored only if the stored version is
///   still the one read and no other holder has the lease.
/// - **Waiters** subscribe to `<prefix>{<credential>}:changed`, then try the lease again, then
///   wait for a message, at most until the holder's lease would lapse: woken at once when the
///   holder lets go or stores a token, never polling.
/// - **Outage**: commands time out after the lease time; the connection manager reconnects when
///   Redis is back. What a refresh does meanwhile is the coordinator's
///   [`Outage`](token_response::store::Outage) policy.
///
/// Needs a tokio runtime (the connection manager and the lease's watchdog run on it).
///
/// ```no_run
/// use std::sync::Arc;
/// use token_response::cache::TokenCache;
/// use token_response::store::Coordinator;
/// use token_response_redis::{Credential, RedisStore};
/// # #[derive(serde::Serialize, serde::Deserialize, token_response::TokenResponse)]
/// # struct MyToken { access_token: String, refresh_token: Option<String> }
/// # async fn fetch(_: Option<Arc<MyToken>>) -> Result<MyToken, std::io::Error> { unimplemented!() }
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let client = redis::Client::open("redis://127.0.0.1:6379")?;
/// let credential = Credential::new("https://login.example.com", "my-client").subject("user-42");
/// let store = RedisStore::new(client, &credential)?;
/// let cache = TokenCache::new(Arc::new(Coordinator::new(store, fetch)).refresh());
/// let token = cache.get().await?;
/// # drop(token);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct RedisStore {
    client: Client,
    commands: ConnectionManager,
    keys: Arc<Keys>,
    lease_time: Duration,
    seal: Option<Arc<dyn Seal>>,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("keys", &self.keys)
            .field("lease_time", &self.lease_time)
            .finish_non_exhaustive()
    }
}

/// The lease, while held: dropping it stops the task that extends it (the key then lapses at
/// its expiry unless [`TokenStore::release`] deleted it).
#[derive(Debug)]
pub struct RedisLease {
    owner: String,
    watchdog: tokio::task::JoinHandle<()>,
}

impl Drop for RedisLease {
    fn drop(&mut self) {
        self.watchdog.abort();
    }
}

fn unavailable(e: redis::RedisError) -> StoreError {
    StoreError::new(StoreErrorKind::Unavailable, e)
}

fn unreadable(what: &'static str) -> StoreError {
    StoreError::new(StoreErrorKind::Unreadable, what)
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// An id no other lease of any process on any machine will have: pid, time, a counter and
/// random bits.
fn new_owner() -> String {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let count = COUNT.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_nanos();
    let random = RandomState::new().hash_one((count, nanos));
    format!("{}-{nanos}-{count}-{random:016x}", std::process::id())
}

impl RedisStore {
    /// A store of `credential`'s token in the Redis server of `client`, with keys prefixed
    /// `token-response:` and a lease time of 30 s. Connects on first use; call it inside a
    /// tokio runtime.
    ///
    /// ```no_run
    /// use token_response_redis::{Credential, RedisStore};
    ///
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = redis::Client::open("redis://127.0.0.1:6379")?;
    /// let store = RedisStore::new(client, &Credential::new("https://login.example.com", "my-client"))?;
    /// # drop(store);
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(client: Client, credential: &Credential) -> Result<Self, StoreError> {
        let lease_time = Duration::from_secs(30);
        Ok(Self {
            commands: Self::manager(&client, lease_time)?,
            client,
            keys: Arc::new(Keys::new("token-response:", credential)),
            lease_time,
            seal: None,
        })
    }

    fn manager(client: &Client, lease_time: Duration) -> Result<ConnectionManager, StoreError> {
        let config = ConnectionManagerConfig::new()
            .set_response_timeout(Some(lease_time))
            .set_connection_timeout(Some(lease_time))
            .set_number_of_retries(1);
        ConnectionManager::new_lazy_with_config(client.clone(), config).map_err(unavailable)
    }

    /// Prefixes every key with `prefix` instead of `token-response:`.
    ///
    /// ```no_run
    /// # use token_response_redis::{Credential, RedisStore};
    /// # fn run(store: RedisStore) {
    /// let store = store.with_prefix("my-app:tokens:", &Credential::new("https://login.example.com", "my-client"));
    /// # drop(store);
    /// # }
    /// ```
    #[must_use]
    pub fn with_prefix(mut self, prefix: &str, credential: &Credential) -> Self {
        self.keys = Arc::new(Keys::new(prefix, credential));
        self
    }

    /// How long a holder keeps the lease without extending it (default 30 s, at least 30 ms),
    /// and how long a command may take.
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # use token_response_redis::RedisStore;
    /// # fn run(store: RedisStore) -> Result<(), token_response::store::StoreError> {
    /// let store = store.with_lease_time(Duration::from_secs(10))?;
    /// # drop(store);
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_lease_time(mut self, lease_time: Duration) -> Result<Self, StoreError> {
        self.lease_time = lease_time.max(Duration::from_millis(30));
        self.commands = Self::manager(&self.client, self.lease_time)?;
        Ok(self)
    }

    /// Seals the token before it is stored, unseals it when read.
    ///
    /// ```no_run
    /// # use token_response_redis::{RedisStore, Seal};
    /// # fn run(store: RedisStore, my_aead: impl Seal) {
    /// let store = store.with_seal(my_aead);
    /// # drop(store);
    /// # }
    /// ```
    #[must_use]
    pub fn with_seal(mut self, seal: impl Seal) -> Self {
        self.seal = Some(Arc::new(seal));
        self
    }

    /// Sends what `attempt` sends; once more, on a new connection, when the first try found
    /// the connection dropped or timed out (after a Redis restart, or this process being
    /// stopped for a while). A commit sent twice is harmless: the second finds the version
    /// moved and is refused, and the coordinator then reads what the first one stored.
    async fn retry<T, F, Fut>(&self, attempt: F) -> Result<T, StoreError>
    where
        F: Fn(ConnectionManager) -> Fut,
        Fut: Future<Output = redis::RedisResult<T>>,
    {
        match attempt(self.commands.clone()).await {
            Err(e) if e.is_io_error() || e.is_connection_dropped() || e.is_timeout() => {
                attempt(self.commands.clone()).await.map_err(unavailable)
            }
            other => other.map_err(unavailable),
        }
    }

    async fn run<T: redis::FromRedisValue>(
        &self,
        script: &Script,
        keys: &[&str],
        args: &[&[u8]],
    ) -> Result<T, StoreError> {
        self.retry(|mut connection| {
            let mut invocation = script.prepare_invoke();
            for key in keys {
                invocation.key(*key);
            }
            for arg in args {
                invocation.arg(*arg);
            }
            async move { invocation.invoke_async(&mut connection).await }
        })
        .await
    }

    async fn query<T: redis::FromRedisValue>(&self, command: &redis::Cmd) -> Result<T, StoreError> {
        self.retry(|mut connection| async move { command.query_async(&mut connection).await }).await
    }

    /// Tries `SET lease owner NX PX lease_time`: whether we have it.
    async fn try_lease(&self, owner: &str) -> Result<bool, StoreError> {
        let mut set = redis::cmd("SET");
        set.arg(&self.keys.lease).arg(owner).arg("NX").arg("PX").arg(ms(self.lease_time));
        Ok(self.query::<Option<String>>(&set).await?.is_some())
    }

    /// How long the lease has left, in ms (0 when none).
    async fn lease_left(&self) -> Result<u64, StoreError> {
        let left: i64 = self.query(redis::cmd("PTTL").arg(&self.keys.lease)).await?;
        Ok(u64::try_from(left).unwrap_or(0))
    }

    async fn subscribe(&self) -> Result<PubSub, StoreError> {
        let mut pubsub = self.client.get_async_pubsub().await.map_err(unavailable)?;
        pubsub.subscribe(&self.keys.channel).await.map_err(unavailable)?;
        Ok(pubsub)
    }

    /// The task extending the lease every third of the lease time, until it is lost or dropped.
    fn watchdog(&self, owner: String) -> tokio::task::JoinHandle<()> {
        let store = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(store.lease_time / 3).await;
                let held: Result<i64, _> = store
                    .run(
                        &scripts::renew(),
                        &[&store.keys.lease],
                        &[owner.as_bytes(), ms(store.lease_time).to_string().as_bytes()],
                    )
                    .await;
                if matches!(held, Ok(0)) {
                    return;
                }
            }
        })
    }
}

impl<T> TokenStore<T> for RedisStore
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
{
    type Lease = RedisLease;

    async fn load(&self) -> Result<Option<Stored<T>>, StoreError> {
        let (version, token): (Option<String>, Option<Vec<u8>>) =
            self.query(redis::cmd("HMGET").arg(&self.keys.token).arg("version").arg("token")).await?;
        let (version, token) = match (version, token) {
            (None, None) => return Ok(None),
            (Some(version), Some(token)) => (version, token),
            _ => return Err(unreadable("a stored token without its version, or a version without its token")),
        };
        let version = version.parse().map_err(|_| unreadable("the stored version is not a number"))?;
        let json = match &self.seal {
            Some(seal) => seal.unseal(&token).map_err(|_| unreadable("the stored token could not be unsealed"))?,
            None => token,
        };
        let token =
            serde_json::from_slice(&json).map_err(|_| unreadable("the stored token is not a token of this type"))?;
        Ok(Some(Stored { version, token }))
    }

    async fn lease(&self) -> Result<RedisLease, StoreError> {
        let owner = new_owner();
        let give_up = Instant::now() + self.lease_time.saturating_mul(4);
        let mut pubsub: Option<PubSub> = None;
        loop {
            if self.try_lease(&owner).await? {
                let watchdog = self.watchdog(owner.clone());
                return Ok(RedisLease { owner, watchdog });
            }
            let left = give_up.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(StoreError::new(StoreErrorKind::Lease, "waited four lease times for the lease"));
            }
            // Subscribe, then try again (a release between the two is not missed), then wait.
            let Some(subscribed) = &mut pubsub else {
                pubsub = Some(self.subscribe().await?);
                continue;
            };
            let wait = Duration::from_millis(self.lease_left().await?.saturating_add(2)).min(left);
            match tokio::time::timeout(wait, subscribed.on_message().next()).await {
                Ok(Some(_)) | Err(_) => {}
                Ok(None) => return Err(StoreError::new(StoreErrorKind::Unavailable, "the pub/sub connection closed")),
            }
        }
    }

    async fn renew(&self, lease: &RedisLease) -> Result<bool, StoreError> {
        let held: i64 = self
            .run(
                &scripts::renew(),
                &[&self.keys.lease],
                &[lease.owner.as_bytes(), ms(self.lease_time).to_string().as_bytes()],
            )
            .await?;
        Ok(held == 1)
    }

    async fn commit(&self, lease: &RedisLease, expected: Option<u64>, token: &T) -> Result<Commit, StoreError> {
        let json = serde_json::to_vec(token).map_err(|_| unreadable("the token does not serialize as JSON"))?;
        let data = match &self.seal {
            Some(seal) => seal
                .seal(&json)
                .map_err(|_| StoreError::new(StoreErrorKind::Unavailable, "the token could not be sealed"))?,
            None => json,
        };
        let expected = expected.unwrap_or(0).to_string();
        let keys = [self.keys.token.as_str(), &self.keys.lease, &self.keys.channel];
        let version: i64 =
            self.run(&scripts::commit(), &keys, &[lease.owner.as_bytes(), expected.as_bytes(), &data]).await?;
        Ok(u64::try_from(version).map_or(Commit::Refused, Commit::Stored))
    }

    async fn release(&self, lease: RedisLease) {
        lease.watchdog.abort();
        // Should Redis be down, the lease lapses at its expiry.
        let _: Result<i64, _> =
            self.run(&scripts::release(), &[&self.keys.lease, &self.keys.channel], &[lease.owner.as_bytes()]).await;
    }
}
