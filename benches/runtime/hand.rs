//! The Google struct written by hand two ways: the same behaviour with no help from this crate,
//! as a careful person would write it (the same rules: header-injection guard, bearer check,
//! leeway capped at half the lifetime, checked arithmetic, a receipt time past
//! 9999-12-31T23:59:59Z failing closed, specialised to the field types at hand); and
//! `TokenResponse` implemented by hand instead of derived.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use token_response::{Delimiter, ReceivedAt, Scopes, TokenResponse, TokenType};

/// The leeway before expiry at which a token is refreshed.
const LEEWAY: Duration = Duration::from_secs(60);

/// 9999-12-31T23:59:59Z as Unix seconds: a later time is no time a server means, and a token
/// counted from it is expired (fail closed), as the derived struct's is.
const LATEST: Duration = Duration::from_secs(253_402_300_799);

/// Why a header could not be built.
#[derive(Debug)]
pub enum HeaderError {
    Empty,
    InvalidChar,
    NotBearer,
}

/// The same behaviour with no help from this crate. The receipt time is read from the body when
/// it is there (a cached token stored with it), as `ReceivedAt` reads it, else it is the moment
/// of parsing.
#[derive(Deserialize)]
pub struct GoogleByHand {
    pub access_token: String,
    pub expires_in: u64,
    pub token_type: String,
    pub scope: String,
    #[expect(dead_code, reason = "kept as a client keeps it; the pipeline does not read it")]
    pub refresh_token: Option<String>,
    #[serde(default = "SystemTime::now", deserialize_with = "unix_seconds")]
    pub received_at: SystemTime,
}

/// Unix seconds, read as `ReceivedAt` reads them: any JSON number; refused when past
/// [`LATEST`] or before what `SystemTime` holds.
fn unix_seconds<'de, D: Deserializer<'de>>(deserializer: D) -> Result<SystemTime, D::Error> {
    let number = serde_json::Number::deserialize(deserializer)?;
    let (negative, since) = match (number.as_u64(), number.as_i64(), number.as_f64()) {
        (Some(seconds), _, _) => (false, Some(Duration::from_secs(seconds))),
        (None, Some(seconds), _) => (true, Some(Duration::from_secs(seconds.unsigned_abs()))),
        (None, None, Some(seconds)) => (seconds < 0.0, Duration::try_from_secs_f64(seconds.abs()).ok()),
        (None, None, None) => (false, None),
    };
    let time = since.and_then(|since| {
        if negative { UNIX_EPOCH.checked_sub(since) } else { UNIX_EPOCH.checked_add(since).filter(|_| since <= LATEST) }
    });
    time.ok_or_else(|| D::Error::custom("Unix time out of range"))
}

impl GoogleByHand {
    pub fn scopes(&self) -> impl Iterator<Item = &str> {
        self.scope.split_ascii_whitespace()
    }

    pub fn bearer_header(&self) -> Result<String, HeaderError> {
        let token = &self.access_token;
        if token.is_empty() {
            return Err(HeaderError::Empty);
        }
        if !token.bytes().all(|b| matches!(b, 0x21..=0x7E)) {
            return Err(HeaderError::InvalidChar);
        }
        if !(self.token_type.is_empty() || self.token_type.eq_ignore_ascii_case("bearer")) {
            return Err(HeaderError::NotBearer);
        }
        let mut header = String::with_capacity(token.len() + 7);
        header.push_str("Bearer ");
        header.push_str(token);
        Ok(header)
    }

    pub fn expires_at(&self) -> Option<SystemTime> {
        // The struct's fields are public: a receipt time past 9999 may be set without parsing.
        if UNIX_EPOCH.checked_add(LATEST).is_some_and(|latest| self.received_at > latest) {
            return Some(UNIX_EPOCH);
        }
        self.received_at.checked_add(Duration::from_secs(self.expires_in))
    }

    pub fn remaining_at(&self, now: SystemTime) -> Option<Duration> {
        Some(self.expires_at()?.duration_since(now).unwrap_or(Duration::ZERO))
    }

    pub fn needs_refresh_at(&self, now: SystemTime) -> bool {
        let Some(expires) = self.expires_at() else {
            return false;
        };
        let leeway = LEEWAY.min(Duration::from_secs(self.expires_in) / 2);
        now.checked_add(leeway).is_none_or(|soon| soon >= expires)
    }
}

/// The same struct with `TokenResponse` implemented by hand: the accessors written out, every
/// other method the trait's. The derive promises to cost nothing over this.
///
/// Its answers are the derived struct's for every body: `ReceivedAt` refuses a time past
/// 9999-12-31T23:59:59Z when it is read. A hand impl's accessors cannot say "unreadable", so a
/// `ReceivedAt` past 9999 built in code (`ReceivedAt::from`) counts from year 10000 here, where
/// the derived struct, which checks every receipt time it reads, counts it expired.
#[derive(Deserialize)]
pub struct GoogleTraitByHand {
    pub access_token: String,
    pub expires_in: u64,
    pub token_type: String,
    pub scope: String,
    pub refresh_token: Option<String>,
    #[serde(default)]
    pub received_at: ReceivedAt,
}

impl TokenResponse for GoogleTraitByHand {
    fn access_token(&self) -> &str {
        &self.access_token
    }

    fn refresh_token(&self) -> Option<&str> {
        self.refresh_token.as_deref().filter(|token| !token.is_empty())
    }

    fn token_type(&self) -> TokenType<'_> {
        TokenType::parse(&self.token_type)
    }

    fn expires_in(&self) -> Option<Duration> {
        Some(Duration::from_secs(self.expires_in))
    }

    fn issued_at(&self) -> Option<SystemTime> {
        Some(self.received_at.time())
    }

    fn scopes(&self) -> Scopes<'_> {
        Scopes::from_text(&self.scope, Delimiter::Whitespace)
    }
}
