//! `ReceivedAt`: the moment a response was received, as its receipt time.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_core::de::{self, Deserialize, Deserializer, Visitor};
use serde_core::ser::{Serialize, Serializer};

use crate::time::number::{AsNumber, Number};
use crate::{IssueTimeField, ReceiptTimeField, Timestamp, Unit};

/// The moment a response was received: the receipt time of responses that carry no issue time,
/// and a cap on the issue time of those that do.
///
/// A field named `received_at` (or marked `#[token(received_at)]`) is the receipt time: the
/// expiry counts from it when there is no issue time, and from the earlier of the two when there
/// is, so a server clock ahead of ours never makes a token live longer. `Default` is the current
/// time, so `#[serde(default)]` stamps the moment of parsing; the derive requires it (on the field
/// or the struct), since no response sends the field. It serializes to Unix seconds as a number
/// (fractional) and deserializes from an integer or a float, round-tripping within a millisecond,
/// so a cached token still knows when it expires after a reload. Instants before 1970 are
/// negative numbers; a number past 9999-12-31T23:59:59Z or before what `SystemTime` holds (or
/// NaN) is a deserialization error.
///
/// ```
/// use serde::Deserialize;
/// use token_response::{ReceivedAt, TokenResponse};
///
/// #[derive(Deserialize, TokenResponse)]
/// struct Google {
///     access_token: String,
///     expires_in: u64,
///     #[serde(default)]
///     received_at: ReceivedAt,
/// }
///
/// let t: Google = serde_json::from_str(r#"{"access_token": "ya29.a0", "expires_in": 3599}"#)?;
/// assert!(!t.is_expired());
///
/// // Cache it and reload it later: the expiry is kept.
/// let cached = serde_json::to_string(&t.received_at)?;
/// let reloaded: ReceivedAt = serde_json::from_str(&cached)?;
/// let drift = t.received_at.time().duration_since(reloaded.time()).unwrap_or_default();
/// assert!(drift.as_millis() < 1);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReceivedAt(SystemTime);

impl ReceivedAt {
    /// The current time.
    ///
    /// ```
    /// let before = std::time::SystemTime::now();
    /// assert!(token_response::ReceivedAt::now().time() >= before);
    /// ```
    #[must_use]
    pub fn now() -> Self {
        ReceivedAt(SystemTime::now())
    }

    /// The instant it holds.
    ///
    /// ```
    /// use std::time::UNIX_EPOCH;
    /// assert_eq!(token_response::ReceivedAt::from(UNIX_EPOCH).time(), UNIX_EPOCH);
    /// ```
    #[must_use]
    pub fn time(self) -> SystemTime {
        self.0
    }
}

impl Default for ReceivedAt {
    /// The current time: with `#[serde(default)]`, the moment of parsing.
    fn default() -> Self {
        ReceivedAt::now()
    }
}

impl From<SystemTime> for ReceivedAt {
    fn from(time: SystemTime) -> Self {
        ReceivedAt(time)
    }
}

impl From<ReceivedAt> for SystemTime {
    fn from(received: ReceivedAt) -> Self {
        received.0
    }
}

/// The instant as it is; `unit` does not apply. `ReceivedAt` is an issue or receipt time only:
/// a moment of receipt is no expiry.
#[diagnostic::do_not_recommend]
impl IssueTimeField for ReceivedAt {
    #[inline]
    fn timestamp(&self, _: Unit) -> Timestamp {
        Timestamp::at(self.0)
    }
}

/// The instant as it is; `unit` does not apply.
#[diagnostic::do_not_recommend]
impl ReceiptTimeField for ReceivedAt {
    #[inline]
    fn timestamp(&self, _: Unit) -> Timestamp {
        Timestamp::at(self.0)
    }
}

impl Serialize for ReceivedAt {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let seconds = match self.0.duration_since(UNIX_EPOCH) {
            Ok(after) => after.as_secs_f64(),
            Err(before) => -before.duration().as_secs_f64(),
        };
        serializer.serialize_f64(seconds)
    }
}

impl<'de> Deserialize<'de> for ReceivedAt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_f64(UnixSeconds)
    }
}

/// Reads Unix seconds from any number.
struct UnixSeconds;

impl UnixSeconds {
    fn instant<E: de::Error>(number: Option<Number>) -> Result<ReceivedAt, E> {
        number
            .and_then(|n| n.instant(Unit::Seconds).instant())
            .map(ReceivedAt)
            .ok_or_else(|| E::custom("Unix time out of range"))
    }
}

impl Visitor<'_> for UnixSeconds {
    type Value = ReceivedAt;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Unix time in seconds, as a number")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<ReceivedAt, E> {
        Self::instant(v.as_number())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<ReceivedAt, E> {
        Self::instant(v.as_number())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<ReceivedAt, E> {
        Self::instant(v.as_number())
    }
}
