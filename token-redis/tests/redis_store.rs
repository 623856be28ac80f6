//! `RedisStore` on its own, against a real `redis-server` (`support/server.rs`): the seal, the
//! compare-and-set, unreadable records, one key per credential, and waiters woken by pub/sub.

#[path = "support/server.rs"]
mod server;

mod redis_store {
    use std::error::Error;
    use std::time::{Duration, Instant};

    use serde::{Deserialize, Serialize};
    use token_response::store::{Commit, StoreErrorKind, TokenStore};
    use token_response_redis::{Credential, RedisStore, Seal};

    use super::server::RedisServer;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Tok {
        access_token: String,
        refresh_token: String,
    }

    fn tok(n: u32) -> Tok {
        Tok { access_token: format!("at-{n}"), refresh_token: format!("rt-secret-{n}") }
    }

    /// Not encryption: a test of the hook's place, XOR with a key byte.
    struct Xor(u8);

    impl Seal for Xor {
        fn seal(&self, plain: &[u8]) -> Result<Vec<u8>, Box<dyn Error + Send + Sync>> {
            Ok(plain.iter().map(|b| b ^ self.0).collect())
        }
        fn unseal(&self, sealed: &[u8]) -> Result<Vec<u8>, Box<dyn Error + Send + Sync>> {
            Ok(sealed.iter().map(|b| b ^ self.0).collect())
        }
    }

    fn credential() -> Credential {
        Credential::new("https://issuer", "client").subject("user")
    }

    fn with_redis(name: &str, test: impl AsyncFnOnce(&RedisServer)) {
        let dir = std::env::temp_dir().join(format!("token-redis-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let server = RedisServer::start(dir.clone());
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(test(&server));
        drop(server);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn store(server: &RedisServer, credential: &Credential) -> RedisStore {
        RedisStore::new(redis::Client::open(server.url()).unwrap(), credential).unwrap()
    }

    async fn commit(store: &RedisStore, expected: Option<u64>, token: &Tok) -> Commit {
        let lease = TokenStore::<Tok>::lease(store).await.unwrap();
        let commit = store.commit(&lease, expected, token).await.unwrap();
        TokenStore::<Tok>::release(store, lease).await;
        commit
    }

    #[test]
    fn sealed_tokens_are_not_stored_in_clear() {
        with_redis("seal", async |server| {
            let sealed = store(server, &credential()).with_seal(Xor(0x5a));
            assert_eq!(commit(&sealed, None, &tok(1)).await, Commit::Stored(1));
            let raw: Vec<u8> = redis::cmd("HGET")
                .arg("token-response:{https://issuer|client|user|}:token")
                .arg("token")
                .query(&mut server.connection())
                .unwrap();
            assert!(!raw.windows(9).any(|w| w == b"rt-secret"), "the refresh token is in Redis in clear");
            let stored = TokenStore::<Tok>::load(&sealed).await.unwrap().unwrap();
            assert_eq!((stored.version, stored.token), (1, tok(1)));
            // Read without the key: an error, never "no token".
            let plain = store(server, &credential());
            let e = TokenStore::<Tok>::load(&plain).await.unwrap_err();
            assert_eq!(e.kind(), StoreErrorKind::Unreadable);
            assert!(!e.to_string().contains("secret"));
        });
    }

    #[test]
    fn a_commit_after_another_holder_stored_is_refused() {
        with_redis("cas", async |server| {
            let (a, b) = (store(server, &credential()), store(server, &credential()));
            let lease_a = TokenStore::<Tok>::lease(&a).await.unwrap();
            // A's lease lapses (as a stopped holder's would): B takes one and stores.
            let _: i64 = redis::cmd("DEL")
                .arg("token-response:{https://issuer|client|user|}:lease")
                .query(&mut server.connection())
                .unwrap();
            let lease_b = TokenStore::<Tok>::lease(&b).await.unwrap();
            assert_eq!(b.commit(&lease_b, None, &tok(2)).await.unwrap(), Commit::Stored(1));
            // A, still thinking it holds the lease: refused while B holds it, and after.
            assert_eq!(a.commit(&lease_a, None, &tok(1)).await.unwrap(), Commit::Refused);
            assert!(!TokenStore::<Tok>::renew(&a, &lease_a).await.unwrap());
            TokenStore::<Tok>::release(&b, lease_b).await;
            assert_eq!(a.commit(&lease_a, None, &tok(1)).await.unwrap(), Commit::Refused);
            let stored = TokenStore::<Tok>::load(&a).await.unwrap().unwrap();
            assert_eq!((stored.version, stored.token), (1, tok(2)), "the winner's token stays");
            assert_eq!(commit(&a, Some(1), &tok(3)).await, Commit::Stored(2));
        });
    }

    #[test]
    fn an_unreadable_record_is_an_error() {
        with_redis("unreadable", async |server| {
            let s = store(server, &credential());
            let key = "token-response:{https://issuer|client|user|}:token";
            let _: i64 = redis::cmd("HSET")
                .arg(key)
                .arg("version")
                .arg("1")
                .arg("token")
                .arg(r#"{"access_token": 7, "refresh_token": "rt-secret-9"}"#)
                .query(&mut server.connection())
                .unwrap();
            let e = TokenStore::<Tok>::load(&s).await.unwrap_err();
            assert_eq!(e.kind(), StoreErrorKind::Unreadable);
            assert!(!e.to_string().contains("secret"), "{e}");
            let _: i64 = redis::cmd("HDEL").arg(key).arg("version").query(&mut server.connection()).unwrap();
            assert_eq!(TokenStore::<Tok>::load(&s).await.unwrap_err().kind(), StoreErrorKind::Unreadable);
        });
    }

    #[test]
    fn each_credential_has_its_own_token() {
        with_redis("credentials", async |server| {
            let user = store(server, &credential());
            let other = store(server, &credential().subject("other"));
            let scoped = store(server, &credential().scopes(["read"]));
            assert_eq!(commit(&user, None, &tok(1)).await, Commit::Stored(1));
            assert!(TokenStore::<Tok>::load(&other).await.unwrap().is_none());
            assert!(TokenStore::<Tok>::load(&scoped).await.unwrap().is_none());
            assert_eq!(commit(&scoped, None, &tok(2)).await, Commit::Stored(1));
            assert_eq!(TokenStore::<Tok>::load(&user).await.unwrap().unwrap().token, tok(1));
        });
    }

    /// A waiter is woken by pub/sub when the holder lets go, long before the holder's 10 s
    /// lease would lapse; and the holder's watchdog keeps a lease alive past its lease time.
    #[test]
    fn waiters_are_woken_when_the_lease_is_let_go() {
        with_redis("wake", async |server| {
            let holder = store(server, &credential()).with_lease_time(Duration::from_millis(300)).unwrap();
            let waiter = store(server, &credential()).with_lease_time(Duration::from_secs(10)).unwrap();
            let lease = TokenStore::<Tok>::lease(&holder).await.unwrap();
            let started = Instant::now();
            let waiting = tokio::spawn(async move { TokenStore::<Tok>::lease(&waiter).await.map(drop) });
            tokio::time::sleep(Duration::from_millis(900)).await; // three lease times: extended
            assert!(!waiting.is_finished());
            assert!(TokenStore::<Tok>::renew(&holder, &lease).await.unwrap());
            TokenStore::<Tok>::release(&holder, lease).await;
            waiting.await.unwrap().unwrap();
            assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
        });
    }
}
