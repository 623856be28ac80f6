//! How the tower layer copies a request to send it once more after a refresh. Whether a body can
//! be copied is a property of its type, and without specialization no code can ask at run time
//! whether a type is `Clone`; so the layer carries the answer as a type parameter, [`CloneBody`]
//! or [`NoReplay`] (the middleware's module documentation says why, to users). The decision to
//! replay stays in `flow`: this only says whether a copy can be had.

use http::Request;

/// How a [`TokenService`](super::TokenService) copies a request body to send the request once
/// more after a refresh: [`CloneBody`] or [`NoReplay`]. Sealed: the layer's constructors pick
/// it.
///
/// ```
/// use token_response::middleware::{CloneBody, NoReplay, Replay};
///
/// fn replays<R: Replay<String>>() -> bool {
///     R::try_clone(&"body".to_owned()).is_some()
/// }
/// assert!(replays::<CloneBody>());
/// assert!(!replays::<NoReplay>());
/// ```
pub trait Replay<B>: sealed::Sealed {
    /// A copy of `body` to send again, or `None` when the request cannot be replayed.
    fn try_clone(body: &B) -> Option<B>;
}

/// Replays a request by cloning its body: the default of [`TokenLayer::new`](super::TokenLayer::new),
/// for bodies that are `Clone`.
///
/// ```
/// use token_response::middleware::{CloneBody, Replay};
///
/// assert_eq!(CloneBody::try_clone(&b"payload".to_vec()), Some(b"payload".to_vec()));
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct CloneBody;

/// Never replays a request: the 401 comes back marked `TokenRefreshed { retried: false }` after
/// the refresh. Made by [`TokenLayer::without_replay`](super::TokenLayer::without_replay), for
/// bodies that are not `Clone`.
///
/// ```
/// use token_response::middleware::{NoReplay, Replay};
///
/// assert_eq!(NoReplay::try_clone(&"payload".to_owned()), None);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct NoReplay;

impl<B: Clone> Replay<B> for CloneBody {
    fn try_clone(body: &B) -> Option<B> {
        Some(body.clone())
    }
}

impl<B> Replay<B> for NoReplay {
    fn try_clone(_: &B) -> Option<B> {
        None
    }
}

/// A copy of `request` (method, URI, version, headers, extensions) with the body `R` gives,
/// `None` when it gives none.
pub(crate) fn try_clone<B, R: Replay<B>>(request: &Request<B>) -> Option<Request<B>> {
    let mut copy = Request::new(R::try_clone(request.body())?);
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    *copy.extensions_mut() = request.extensions().clone();
    Some(copy)
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::CloneBody {}
    impl Sealed for super::NoReplay {}
}
