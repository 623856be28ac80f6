//! Unit tests of the cache, executor-free.

use std::future::Future;
use std::sync::Arc;

use super::TokenCache;
use crate::TokenResponse;

struct Tok;

impl TokenResponse for Tok {
    fn access_token(&self) -> &str {
        "at"
    }
}

fn send_sync<X: Send + Sync>(_: &X) {}
fn send<X: Send>(_: &X) {}

#[test]
fn the_cache_and_its_futures_are_send() {
    let cache = Arc::new(TokenCache::new(|_: Option<Arc<Tok>>| async { Err::<Tok, String>("offline".into()) }));
    send_sync(&*cache);
    send(&cache.get());
    let token = Arc::new(Tok);
    send(&cache.get_after_rejection(&token));
    let ahead = cache.refresh_ahead(|_| std::future::ready(()));
    send(&ahead);
    fn is_static<F: Future + 'static>(_: &F) {}
    is_static(&ahead);
}
