//! Feature `time`: `time::OffsetDateTime` as an issue time, absolute
//! expiry or refresh token absolute expiry, to the nanosecond.
//!
//! `unit` does not apply: the value carries its own. An instant that `SystemTime` cannot hold,
//! or past 9999-12-31T23:59:59Z, is too late and fails closed, never a panic.
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use time::OffsetDateTime;
//! use token_response::TokenResponse;
//!
//! #[derive(TokenResponse)]
//! struct Cached {
//!     access_token: String,
//!     expires_at: OffsetDateTime,
//! }
//!
//! let expires_at = OffsetDateTime::from_unix_timestamp(1_700_003_600).unwrap();
//! let t = Cached { access_token: "abc".into(), expires_at };
//! assert_eq!(t.expires_at(), Some(UNIX_EPOCH + Duration::from_secs(1_700_003_600)));
//! assert!(t.is_expired_at(UNIX_EPOCH + Duration::from_secs(1_700_003_600)));
//! ```

use std::time::{SystemTime, UNIX_EPOCH};

use time::OffsetDateTime;

use crate::Timestamp;

crate::field::timestamp!([] OffsetDateTime =>
    |value: &OffsetDateTime, _| Timestamp::from_unix(value.unix_timestamp(), value.nanosecond()),
    |at: SystemTime, _| {
        let nanos = match at.duration_since(UNIX_EPOCH) {
            Ok(after) => i128::try_from(after.as_nanos()).ok()?,
            Err(before) => -i128::try_from(before.duration().as_nanos()).ok()?,
        };
        OffsetDateTime::from_unix_timestamp_nanos(nanos).ok()
    }
);
