//! A clock the test moves by hand, shared by the cache, the token endpoint and the test.
#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Whole seconds since the Unix epoch, moved only by [`Clock::advance`] and [`Clock::back`].
#[derive(Clone)]
pub struct Clock(Arc<AtomicU64>);

impl Clock {
    pub fn new(start: u64) -> Self {
        Clock(Arc::new(AtomicU64::new(start)))
    }

    pub fn secs(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }

    pub fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.secs())
    }

    pub fn advance(&self, secs: u64) {
        self.0.fetch_add(secs, Ordering::SeqCst);
    }

    /// A clock jumping back (a corrected system clock).
    pub fn back(&self, secs: u64) {
        self.0.fetch_sub(secs, Ordering::SeqCst);
    }

    /// The clock for `TokenCache::with_clock`.
    pub fn reader(&self) -> impl Fn() -> SystemTime + Send + Sync + 'static {
        let clock = self.clone();
        move || clock.now()
    }
}
