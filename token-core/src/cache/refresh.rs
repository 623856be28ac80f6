//! `Refresh`: the refresh function of a [`TokenCache`](super::TokenCache), with its error and
//! future types named, so that `TokenCache<T, F>` needs no type parameters for them.

use std::future::Future;
use std::sync::Arc;

/// The refresh function of a [`TokenCache`](super::TokenCache): every
/// `F: Fn(Option<Arc<T>>) -> Fut + Send + Sync` whose `Fut: Future<Output = Result<T, E>> + Send`,
/// with `E: Send + Sync`. ([`TokenCache::new`](super::TokenCache::new) requires `'static` of all
/// three as well.)
///
/// The trait names `E` ([`Error`](Self::Error)) and `Fut` ([`Future`](Self::Future)) for the
/// cache's methods, which return `Result<Arc<T>, Arc<F::Error>>`. It is implemented for every
/// such `F` and sealed: it cannot be implemented otherwise. To keep a cache in a struct field,
/// whose type must be named, box the closure:
///
/// ```
/// use std::future::Future;
/// use std::pin::Pin;
/// use std::sync::Arc;
/// use token_response::TokenResponse;
/// use token_response::cache::{Refresh, TokenCache};
///
/// #[derive(TokenResponse)]
/// struct MyToken { access_token: String }
///
/// type Fetch = Pin<Box<dyn Future<Output = Result<MyToken, String>> + Send>>;
/// type BoxedRefresh = Box<dyn Fn(Option<Arc<MyToken>>) -> Fetch + Send + Sync>;
///
/// struct Client {
///     tokens: TokenCache<MyToken, BoxedRefresh>,
/// }
///
/// let refresh: BoxedRefresh = Box::new(|_current| Box::pin(async { Ok(MyToken { access_token: "a".into() }) }));
/// let client = Client { tokens: TokenCache::new(refresh) };
///
/// fn error_type<T, F: Refresh<T, Error = String>>(_: &TokenCache<T, F>) {}
/// error_type(&client.tokens);
/// # let token = pollster::block_on(client.tokens.get()).unwrap();
/// # assert_eq!(token.access_token(), "a");
/// ```
pub trait Refresh<T>: sealed::Sealed<T> + Send + Sync {
    /// `E`: the error of a failed refresh. The cache hands it out as `Arc<E>`, the same `Arc`
    /// to every caller that waited for that refresh.
    type Error: Send + Sync;

    /// `Fut`: the refresh in progress.
    type Future: Future<Output = Result<T, Self::Error>> + Send;

    /// Calls the function with the cached token, or `None` when the cache holds none.
    ///
    /// ```
    /// use std::sync::Arc;
    /// # use token_response::TokenResponse;
    /// use token_response::cache::Refresh;
    ///
    /// # #[derive(TokenResponse)] struct MyToken { access_token: String }
    /// let refresh = |_current: Option<Arc<MyToken>>| async { Ok::<_, String>(MyToken { access_token: "a".into() }) };
    /// let token = pollster::block_on(Refresh::refresh(&refresh, None)).unwrap();
    /// assert_eq!(token.access_token(), "a");
    /// ```
    fn refresh(&self, current: Option<Arc<T>>) -> Self::Future;
}

// No `'static` here: `TokenCache::new` requires it. With `'static` in this bound (which the
// struct `TokenCache` carries), a cache whose `F` holds a trait object (`Box<dyn Fn ..>`) would
// be `Send` for one lifetime only, and an async block holding one of its futures could not prove
// itself `Send` ("implementation of `Send` is not general enough").
impl<T, F, Fut, E> Refresh<T> for F
where
    F: Fn(Option<Arc<T>>) -> Fut + Send + Sync,
    Fut: Future<Output = Result<T, E>> + Send,
    E: Send + Sync,
{
    type Error = E;
    type Future = Fut;

    fn refresh(&self, current: Option<Arc<T>>) -> Fut {
        self(current)
    }
}

mod sealed {
    use std::future::Future;
    use std::sync::Arc;

    /// Keeps [`Refresh`](super::Refresh) to the functions it is implemented for.
    pub trait Sealed<T> {}

    impl<T, F, Fut, E> Sealed<T> for F
    where
        F: Fn(Option<Arc<T>>) -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
    }
}
