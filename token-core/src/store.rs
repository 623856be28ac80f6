//! One token shared by many processes and machines (cargo feature `store`).
//!
//! A [`TokenCache`](crate::cache::TokenCache) refreshes once for all the callers of its own
//! process. Processes that share a credential (two runs of a CLI, ten replicas of a service)
//! also share its refresh token, and with refresh tokens that rotate on every use the second
//! process to refresh presents a token the first already spent: the provider answers
//! `invalid_grant`, or revokes the whole token family. A [`Coordinator`] makes the cache's
//! refreshes go through a [`TokenStore`] that every process reads:
//!
//! ```
//! use std::sync::Arc;
//! use serde::{Deserialize, Serialize};
//! use token_response::{ReceivedAt, TokenResponse};
//! use token_response::cache::TokenCache;
//! use token_response::store::{Coordinator, FileStore};
//!
//! #[derive(Serialize, Deserialize, TokenResponse)]
//! struct MyToken {
//!     access_token: String,
//!     refresh_token: Option<String>,
//!     expires_in: u64,
//!     // Stored with the token, so another process knows when it expires.
//!     #[serde(default)]
//!     received_at: ReceivedAt,
//! }
//!
//! // Your request to the token endpoint, with the stored token's refresh token.
//! async fn refresh(current: Option<Arc<MyToken>>) -> Result<MyToken, &'static str> {
//!     # let _ = current;
//!     Ok(MyToken {
//!         access_token: "at-2".into(),
//!         refresh_token: Some("rt-2".into()),
//!         expires_in: 3600,
//!         received_at: ReceivedAt::default(),
//!     })
//! }
//!
//! # let dir = std::env::temp_dir().join(format!("token-response-doc-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir).unwrap();
//! let store = FileStore::new(dir.join("token.json"));
//! let coordinator = Arc::new(Coordinator::new(store, refresh));
//! let cache = TokenCache::new(coordinator.refresh());
//!
//! # pollster::block_on(async {
//! // The first `get` reads the file: a fresh token stored by another process is used as it is;
//! // otherwise this process refreshes under the store's lease and stores the result.
//! let token = cache.get().await.unwrap();
//! assert_eq!(token.access_token(), "at-2");
//! # });
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```
//!
//! # The protocol
//!
//! The cache's fast path is untouched: [`get`](crate::cache::TokenCache::get) on a fresh token
//! never reads the store. When the cache refreshes, the function [`Coordinator::refresh`] gave it
//! does this:
//!
//! 1. **Re-read.** It reads the store. A token there that is fresh (by the coordinator's clock,
//!    as the cache counts a refreshed token fresh: the token's own leeway rule, and never in the
//!    last seconds the cache keeps it from callers) and is not the one the cache is replacing
//!    was stored by another process after its own refresh: it is adopted, and the endpoint is
//!    not called.
//! 2. **Lease.** Otherwise it takes the store's lease, waiting while another process holds it.
//!    Waiters are woken when the holder lets go ([`FileStore`]: the kernel's `flock`; Redis:
//!    pub/sub), not by polling; a holder that stopped answering loses its lease after the
//!    store's lease time. Under the lease it reads the store again and adopts a fresh token it
//!    finds there.
//! 3. **Refresh from the stored token.** Otherwise it calls your refresh function with the
//!    *stored* token (the newest refresh token, never the one this process happened to keep in
//!    memory; with no stored token, the cache's own), and the new token
//!    [`inherit`](crate::TokenResponse::inherit)s from it. Just before, it checks that the lease
//!    is still its own; if not, it gives up this refresh without calling the endpoint.
//! 4. **Compare and set.** It stores the new token only if the stored version is still the one
//!    it read and no other process holds the lease. A refused commit adopts the token that won
//!    and never overwrites it; its own token is dropped.
//!
//! The lease only saves work: a process paused past its lease (a stopped VM, a long GC pause)
//! can still be holding it in its own mind; the version check is what keeps the store right,
//! since it refuses that process's commit once another has stored a newer token.
//!
//! # What it cannot promise
//!
//! - **The authorization server cannot check a fencing token.** A process that is paused past
//!   its lease *between* its lease check and its request to the endpoint still sends the
//!   refresh token it read, after another process spent it. A provider that rotates strictly
//!   answers `invalid_grant` and may revoke the family. Keep the lease time well above the
//!   endpoint's worst latency; the stores extend it while the holder runs.
//! - **A crash between the endpoint's answer and the commit loses that answer.** The store
//!   still holds the token before it (never half a token); with rotating refresh tokens the
//!   next refresh then presents a spent one. No store can close that window: the token exists
//!   only in the memory of the process that died.
//! - **A stored token must say when it was issued.** The cache dates a token it refreshed by
//!   the refresh's start; a token read from the store was fetched earlier, by someone else. Give
//!   the token an issue or receipt time that is stored with it (a
//!   `#[serde(default)] received_at: ReceivedAt` field), so that its expiry is known wherever it
//!   is read. A stored token with a lifetime but no issue time is never adopted: its expiry
//!   cannot be known, so the coordinator refreshes instead.
//!
//! # When the store is down
//!
//! [`Outage`] says what a refresh does when the store cannot be read or written. By default
//! ([`Outage::FailClosed`]) the refresh fails: the cache keeps handing out its token while it is
//! live and fails closed after, and the next refresh (after the cache's backoff) tries the store
//! again. A token the endpoint issued but the store could not take is kept and committed by the
//! next refresh, before anything else. With [`Outage::RefreshLocally`] (for client credentials,
//! where every process may fetch a token of its own), the process refreshes on its own and does
//! not store the result.

mod coordinator;
mod error;
#[cfg(feature = "file-store")]
mod file;
#[cfg(test)]
mod tests;
#[cfg(feature = "file-store")]
mod thread;

use std::future::Future;

pub use coordinator::{Coordinator, Outage};
pub use error::{Error, StoreError, StoreErrorKind};
#[cfg(feature = "file-store")]
pub use file::FileStore;

/// A token as a store holds it, with its version.
///
/// ```
/// use token_response::store::Stored;
///
/// let stored = Stored { version: 3, token: "a token" };
/// assert_eq!(stored.version, 3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored<T> {
    /// How many commits the store has taken, this one included: 1 for the first token stored.
    pub version: u64,
    /// The token.
    pub token: T,
}

/// The answer of [`TokenStore::commit`].
///
/// ```
/// use token_response::store::Commit;
///
/// assert_ne!(Commit::Stored(2), Commit::Refused);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Commit {
    /// The token was stored as this version.
    Stored(u64),
    /// The stored version was no longer the one expected, or another holder had the lease:
    /// nothing was written.
    Refused,
}

/// A place where processes keep one token and coordinate its refresh: [`FileStore`] for the
/// processes of one machine, `token-response-redis` across machines, or your own.
///
/// [`Coordinator`] is what calls these methods; the documentation of this module describes the
/// protocol they serve. A store's errors must never contain any part of a token.
///
/// An implementation must keep two promises, whatever the timing:
/// - [`commit`](Self::commit) writes only when the stored version is still the one expected and
///   no *other* holder has a live lease, atomically: a reader sees the old token or the new one,
///   never a mix;
/// - [`load`](Self::load) reports a record it cannot read as an error, never as "no token".
///
/// ```
/// use token_response::store::{FileStore, TokenStore};
///
/// fn shares_tokens<T, S: TokenStore<T>>(_: &S) {}
/// # #[derive(serde::Serialize, serde::Deserialize)] struct MyToken { access_token: String }
/// shares_tokens::<MyToken, _>(&FileStore::new("token.json"));
/// ```
pub trait TokenStore<T>: Send + Sync + 'static {
    /// Proof of holding the lease, given back to [`release`](Self::release).
    type Lease: Send + Sync + 'static;

    /// The stored token and its version; `Ok(None)` when nothing was ever stored.
    fn load(&self) -> impl Future<Output = Result<Option<Stored<T>>, StoreError>> + Send;

    /// Takes the lease, waiting (woken, not polling) while another holder has it, for as long
    /// as the store's lease time bounds that wait.
    fn lease(&self) -> impl Future<Output = Result<Self::Lease, StoreError>> + Send;

    /// Whether `lease` is still held, extending it when it is.
    fn renew(&self, lease: &Self::Lease) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Stores `token` as the version after `expected` (`None`: the store holds nothing), if the
    /// stored version is still `expected` and no other holder has the lease.
    fn commit(
        &self,
        lease: &Self::Lease,
        expected: Option<u64>,
        token: &T,
    ) -> impl Future<Output = Result<Commit, StoreError>> + Send;

    /// Lets go of the lease and wakes the processes waiting for it.
    fn release(&self, lease: Self::Lease) -> impl Future<Output = ()> + Send;
}
