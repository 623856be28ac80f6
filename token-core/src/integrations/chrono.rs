//! Feature `chrono`: `chrono::DateTime` as an issue time, absolute
//! expiry or refresh token absolute expiry, to the nanosecond.
//!
//! `unit` does not apply: the value carries its own. An instant that `SystemTime` cannot hold,
//! or past 9999-12-31T23:59:59Z, is too late and fails closed, never a panic. As the refresh
//! token's absolute expiry, [`inherit`](crate::TokenResponse::inherit) copies the previous
//! token's value but writes no new one (that would need a time zone).
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use chrono::{DateTime, Utc};
//! use token_response::TokenResponse;
//!
//! #[derive(TokenResponse)]
//! struct Cached {
//!     access_token: String,
//!     issued_at: DateTime<Utc>,
//!     expires_in: u32,
//! }
//!
//! let issued_at = DateTime::from_timestamp(1_700_000_000, 500_000_000).unwrap();
//! let t = Cached { access_token: "abc".into(), issued_at, expires_in: 3600 };
//! assert_eq!(t.issued_at(), Some(UNIX_EPOCH + Duration::from_millis(1_700_000_000_500)));
//! assert_eq!(t.expires_at(), Some(UNIX_EPOCH + Duration::from_millis(1_700_003_600_500)));
//! ```

use chrono::{DateTime, TimeZone};

use crate::Timestamp;

// `inherit` keeps a copy of the previous token's value, but writes none anew: that would need
// a time zone, which a generic `Tz` cannot make.
crate::field::timestamp!([Tz: TimeZone] DateTime<Tz> =>
    |value: &DateTime<Tz>, _| Timestamp::from_unix(DateTime::timestamp(value), value.timestamp_subsec_nanos()),
    |_, _| None
);
