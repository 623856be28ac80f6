//! What the cache reports (cargo feature `tracing`): one event per refresh start, success,
//! failure, backoff, sign-out, and per refresh given up or left unrecorded. The fields are
//! numbers and fixed words: never a token, never the refresh function's error (whose text is
//! the caller's and may quote one).
//!
//! Without the feature, [`Note::emit`] does nothing.

use std::time::Duration;

use super::Error;

/// Something to report, emitted with the cache's lock released (a subscriber is a caller's code).
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
pub(super) enum Note {
    /// A refresh started: with the cached token, or with none (`refresh(None)`).
    Started { generation: u64, with_token: bool },
    /// A refresh brought a fresh token, now cached.
    Succeeded { generation: u64, lifetime: Option<Duration> },
    /// A refresh failed.
    Failed { generation: u64, cause: Cause, failures: u32 },
    /// No refresh before this pause has passed.
    Backoff { generation: u64, step: Duration },
    /// A terminal error: no refresh until `set` or `clear`.
    SignedOut { generation: u64 },
    /// A refresh overdue by the refresh timeout was given up; the next starts.
    GivenUp { generation: u64 },
    /// A refresh ended after it was given up or after `set`/`clear`: its waiters have its
    /// outcome, the cache does not record it.
    Unrecorded { generation: u64 },
}

/// Why a refresh failed, in one word.
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
#[derive(Clone, Copy)]
pub(super) enum Cause {
    Error,
    Terminal,
    Stale,
    Panicked,
}

impl<E> From<&Error<E>> for Cause {
    fn from(error: &Error<E>) -> Cause {
        match error {
            Error::Refresh(_) => Cause::Error,
            Error::SignedOut(_) => Cause::Terminal,
            Error::Stale => Cause::Stale,
            Error::Panicked => Cause::Panicked,
        }
    }
}

impl Note {
    /// Reports every note, in order.
    pub(super) fn emit_all(notes: Vec<Note>) {
        notes.into_iter().for_each(Note::emit);
    }

    #[cfg(not(feature = "tracing"))]
    #[inline(always)]
    pub(super) fn emit(self) {}

    #[cfg(feature = "tracing")]
    pub(super) fn emit(self) {
        const TARGET: &str = "token_response::cache";
        match self {
            Note::Started { generation, with_token } => {
                tracing::debug!(target: TARGET, generation, with_token, "token refresh started");
            }
            Note::Succeeded { generation, lifetime } => {
                let lifetime_s = lifetime.map(|lifetime| lifetime.as_secs());
                tracing::debug!(target: TARGET, generation, lifetime_s, "token refresh succeeded");
            }
            Note::Failed { generation, cause, failures } => {
                let cause = match cause {
                    Cause::Error => "error",
                    Cause::Terminal => "terminal error",
                    Cause::Stale => "stale token",
                    Cause::Panicked => "panic",
                };
                tracing::warn!(target: TARGET, generation, cause, failures, "token refresh failed");
            }
            Note::Backoff { generation, step } => {
                let backoff_ms = u64::try_from(step.as_millis()).unwrap_or(u64::MAX);
                tracing::info!(target: TARGET, generation, backoff_ms, "token refresh backing off");
            }
            Note::SignedOut { generation } => {
                tracing::warn!(target: TARGET, generation, "signed out: no token refresh until set or clear");
            }
            Note::GivenUp { generation } => {
                tracing::warn!(target: TARGET, generation, "token refresh overdue: given up");
            }
            Note::Unrecorded { generation } => {
                tracing::debug!(target: TARGET, generation, "token refresh ended after it was given up or replaced");
            }
        }
    }
}
