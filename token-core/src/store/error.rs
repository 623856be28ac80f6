//! What a coordinated refresh fails with: the refresh function's error or the store's.

use std::{error, fmt};

/// The error of a refresh through a [`Coordinator`](super::Coordinator): the `E` of the cache
/// built on it.
///
/// ```
/// use token_response::store::{Error, StoreError, StoreErrorKind};
///
/// let e: Error<&str> = Error::Refresh("invalid_grant");
/// assert_eq!(e.refresh_error(), Some(&"invalid_grant"));
/// assert_eq!(e.to_string(), "the refresh failed: invalid_grant");
///
/// let e: Error<&str> = Error::Store(StoreError::new(StoreErrorKind::Unavailable, "connection refused"));
/// assert_eq!(e.refresh_error(), None);
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// Your refresh function failed.
    Refresh(E),
    /// The store failed.
    Store(StoreError),
}

impl<E> Error<E> {
    /// The refresh function's error, `None` for a store error.
    ///
    /// ```
    /// use token_response::store::Error;
    ///
    /// assert_eq!(Error::Refresh(7).refresh_error(), Some(&7));
    /// ```
    pub fn refresh_error(&self) -> Option<&E> {
        match self {
            Self::Refresh(e) => Some(e),
            Self::Store(_) => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Refresh(e) => write!(f, "the refresh failed: {e}"),
            Self::Store(e) => write!(f, "the token store failed: {e}"),
        }
    }
}

impl<E: error::Error + 'static> error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn error::Error + 'static)> {
        match self {
            Self::Refresh(e) => Some(e),
            Self::Store(e) => Some(e),
        }
    }
}

/// What went wrong in a store.
///
/// ```
/// use token_response::store::StoreErrorKind;
///
/// assert_ne!(StoreErrorKind::Unavailable, StoreErrorKind::Unreadable);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreErrorKind {
    /// The store could not be reached, read or written (I/O, network, a server down).
    Unavailable,
    /// The store holds something that is not a stored token (corrupt, or of another type).
    Unreadable,
    /// The lease was not had in time, or was lost: another process holds it.
    Lease,
    /// A commit was refused and the token that won could not be used.
    Refused,
}

/// A store's error: its kind and, where there is one, its cause. It never contains any part of a
/// token.
///
/// ```
/// use token_response::store::{StoreError, StoreErrorKind};
///
/// let e = StoreError::new(StoreErrorKind::Unreadable, "line 1, column 4");
/// assert_eq!(e.kind(), StoreErrorKind::Unreadable);
/// assert_eq!(e.to_string(), "the stored token could not be read: line 1, column 4");
/// ```
#[derive(Debug)]
pub struct StoreError {
    kind: StoreErrorKind,
    cause: Box<dyn error::Error + Send + Sync>,
}

impl StoreError {
    /// An error of `kind`, caused by `cause` (which must not contain a token).
    ///
    /// ```
    /// use token_response::store::{StoreError, StoreErrorKind};
    ///
    /// let io = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
    /// assert_eq!(StoreError::new(StoreErrorKind::Unavailable, io).kind(), StoreErrorKind::Unavailable);
    /// ```
    pub fn new(kind: StoreErrorKind, cause: impl Into<Box<dyn error::Error + Send + Sync>>) -> Self {
        Self { kind, cause: cause.into() }
    }

    /// What went wrong.
    ///
    /// ```
    /// use token_response::store::{StoreError, StoreErrorKind};
    ///
    /// assert_eq!(StoreError::new(StoreErrorKind::Lease, "busy").kind(), StoreErrorKind::Lease);
    /// ```
    pub fn kind(&self) -> StoreErrorKind {
        self.kind
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            StoreErrorKind::Unavailable => "the token store is unavailable",
            StoreErrorKind::Unreadable => "the stored token could not be read",
            StoreErrorKind::Lease => "the token store's lease is held by another process",
            StoreErrorKind::Refused => "the token store refused the new token",
        };
        write!(f, "{what}: {}", self.cause)
    }
}

impl error::Error for StoreError {
    fn source(&self) -> Option<&(dyn error::Error + 'static)> {
        Some(&*self.cause)
    }
}
