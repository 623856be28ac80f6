//! A Redis [`TokenStore`](token_response::store::TokenStore) for
//! [`token-response`](https://docs.rs/token-response): one token, refreshed once, shared by the
//! processes of many machines.
//!
//! Put a [`RedisStore`] in a [`Coordinator`](token_response::store::Coordinator) and give the
//! coordinator's refresh function to a [`TokenCache`](token_response::cache::TokenCache): every
//! process that needs a refresh first reads Redis, and takes the token another process stored
//! if it is fresh; otherwise one of them, holding the lease, refreshes with the stored refresh
//! token and stores the result with a compare-and-set; the others are woken by pub/sub and take
//! it. The `token_response::store` module documentation states the protocol, its guarantees and
//! their limits.
//!
//! # When Redis is down
//!
//! The coordinator's [`Outage`](token_response::store::Outage) policy decides:
//! - **Rotating refresh tokens** ([`Outage::FailClosed`](token_response::store::Outage::FailClosed),
//!   the default): a refresh fails while Redis is down, so no process spends a refresh token
//!   the others cannot learn of. Callers keep the live token they have; once it is no longer
//!   live they get the store's error (fail closed). A token the endpoint issued while the
//!   commit could not reach Redis is kept and committed first when Redis is back.
//! - **Client credentials**
//!   ([`Outage::RefreshLocally`](token_response::store::Outage::RefreshLocally)): each process
//!   fetches a token of its own while Redis is down, and keeps it to itself.
//!
//! Redis should keep what it is told (`appendonly yes`): a Redis that restarts empty has
//! forgotten the newest refresh token, and the processes then refresh with the ones they hold.
//!
//! ```no_run
//! use std::sync::Arc;
//! use token_response::cache::TokenCache;
//! use token_response::store::{Coordinator, Outage};
//! use token_response_redis::{Credential, RedisStore};
//! # #[derive(serde::Serialize, serde::Deserialize, token_response::TokenResponse)]
//! # struct MyToken { access_token: String, expires_in: u64, #[serde(default)] received_at: token_response::ReceivedAt }
//! # async fn client_credentials(_: Option<Arc<MyToken>>) -> Result<MyToken, std::io::Error> { unimplemented!() }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = redis::Client::open("redis://127.0.0.1:6379")?;
//! let store = RedisStore::new(client, &Credential::new("https://login.example.com", "my-service"))?;
//! let coordinator = Coordinator::new(store, client_credentials).on_outage(Outage::RefreshLocally);
//! let cache = TokenCache::new(Arc::new(coordinator).refresh());
//! let token = cache.get().await?;
//! # drop(token);
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod credential;
mod scripts;
mod seal;
mod store;

pub use credential::Credential;
pub use seal::Seal;
pub use store::{RedisLease, RedisStore};
